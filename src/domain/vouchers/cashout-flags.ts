/**
 * Voucher cash-out flags (issue 13 §8; sources/reference.md, Fraud seen in 2024–2025: "voucher cash-out by
 * colluding merchants (bills bunched at thresholds, repeated payer–merchant pairs); location spoofing and bots at
 * flash releases"). Like the trade-in risk flags (domain/trade-in/flags.ts) they are values shown to reviewers
 * beside a merchant or a redemption, never a silent block: a code, the reason in plain zh-CN and English, and the
 * evidence — label/value rows and the ids of the redemptions that raised it.
 *
 * Every threshold below is a platform default (what a reviewer's attention is worth), not a plan number; a city
 * may tune them. Pure: the caller reads the rows of the period under review, this decides.
 */
import { yuan } from '../subsidy/money.js';
import type { VoucherFlagCode } from './vocabulary.js';

/** Platform default: "at the threshold" means a bill at most 1 yuan above the voucher's threshold. */
export const THRESHOLD_BAND_FEN = 100;
/** Platform default: a merchant whose threshold-voucher bills sit in that band this often (60%)… */
export const THRESHOLD_BUNCH_SHARE_BP = 6_000;
/** …out of at least this many such bills (fewer say nothing: customers do top up to a threshold). */
export const THRESHOLD_BUNCH_MIN_BILLS = 10;
/** Platform default: one payer redeeming at one merchant this many times… */
export const REPEATED_PAIR_MIN_REDEMPTIONS = 5;
/** …within this window (30 days). */
export const REPEATED_PAIR_WINDOW_MS = 30 * 24 * 60 * 60 * 1000;
/** Platform default: redeemed this soon after claiming (10 minutes), in a unit other than the claimant's. */
export const QUICK_FAR_WINDOW_MS = 10 * 60 * 1000;
/** Platform default: a merchant with this many refunds after redemption… */
export const REFUNDS_AFTER_REDEMPTION_MIN = 3;
/** …making up at least this share (10%) of its voucher redemptions. */
export const REFUNDS_AFTER_REDEMPTION_SHARE_BP = 1_000;

export interface FlagRedemption {
  readonly id: string;
  readonly merchantId: string;
  /** The merchant's implementing unit. */
  readonly merchantUnitId: string;
  /** The voucher holder (an opaque key, never a mobile or ID number). */
  readonly payerKey: string;
  /** The claimant's implementing unit (where they registered). */
  readonly claimantUnitId: string;
  readonly billFen: number;
  /** The voucher's threshold; 0 for none. */
  readonly thresholdFen: number;
  /** ISO 8601 moments. */
  readonly claimedAt: string;
  readonly redeemedAt: string;
  /** When the bill was refunded (in part or in full) after the redemption, or null. */
  readonly refundedAt: string | null;
}

export interface VoucherFlag {
  readonly code: VoucherFlagCode;
  /** zh-CN, plain words. */
  readonly reason: string;
  readonly reasonEn: string;
  readonly merchantId: string;
  /** The redemptions that raised it, in time order. */
  readonly redemptionIds: readonly string[];
  readonly evidence: readonly { readonly label: string; readonly value: string }[];
}

function at(moment: string): number {
  const time = Date.parse(moment);
  if (Number.isNaN(time)) throw new RangeError(`not an ISO 8601 moment: ${moment}`);
  return time;
}

function byTime(a: FlagRedemption, b: FlagRedemption): number {
  return at(a.redeemedAt) - at(b.redeemedAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function groupBy(
  rows: readonly FlagRedemption[],
  keyOf: (row: FlagRedemption) => string,
): Map<string, FlagRedemption[]> {
  const groups = new Map<string, FlagRedemption[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [row]);
    else group.push(row);
  }
  return new Map([...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Is this bill at most THRESHOLD_BAND_FEN above its voucher's (non-zero) threshold? */
export function atThreshold(row: Pick<FlagRedemption, 'billFen' | 'thresholdFen'>): boolean {
  return (
    row.thresholdFen > 0 && row.billFen >= row.thresholdFen && row.billFen - row.thresholdFen <= THRESHOLD_BAND_FEN
  );
}

function bunchedAtThreshold(merchantId: string, rows: readonly FlagRedemption[]): VoucherFlag[] {
  const withThreshold = rows.filter((row) => row.thresholdFen > 0);
  if (withThreshold.length < THRESHOLD_BUNCH_MIN_BILLS) return [];
  const bunched = withThreshold.filter(atThreshold);
  if (bunched.length * 10_000 < withThreshold.length * THRESHOLD_BUNCH_SHARE_BP) return [];
  const percent = Math.round((bunched.length * 100) / withThreshold.length);
  return [
    {
      code: 'VOUCHER_BILLS_AT_THRESHOLD',
      reason: `本商户 ${withThreshold.length} 笔满减券账单中有 ${bunched.length} 笔（${percent}%）金额恰在使用门槛之上 1 元以内`,
      reasonEn: `${bunched.length} of the merchant's ${withThreshold.length} threshold-voucher bills (${percent}%) are within 1 yuan above the threshold`,
      merchantId,
      redemptionIds: bunched.map((row) => row.id),
      evidence: [
        { label: '商户 merchant', value: merchantId },
        { label: '门槛之上1元内 bills at threshold', value: `${bunched.length} / ${withThreshold.length}` },
        ...bunched.slice(0, 5).map((row) => ({
          label: `账单 bill ${row.id}`,
          value: `${yuan(row.billFen)} / 门槛 threshold ${yuan(row.thresholdFen)}`,
        })),
      ],
    },
  ];
}

function repeatedPairs(rows: readonly FlagRedemption[]): VoucherFlag[] {
  const flags: VoucherFlag[] = [];
  for (const pair of groupBy(rows, (row) => JSON.stringify([row.merchantId, row.payerKey])).values()) {
    const sorted = [...pair].sort(byTime);
    // The widest run inside any window of REPEATED_PAIR_WINDOW_MS (two pointers over the time order).
    let best: FlagRedemption[] = [];
    let start = 0;
    for (let end = 0; end < sorted.length; end += 1) {
      while (at(sorted[end]!.redeemedAt) - at(sorted[start]!.redeemedAt) > REPEATED_PAIR_WINDOW_MS) start += 1;
      if (end - start + 1 > best.length) best = sorted.slice(start, end + 1);
    }
    if (best.length < REPEATED_PAIR_MIN_REDEMPTIONS) continue;
    const first = best[0]!;
    const last = best[best.length - 1]!;
    flags.push({
      code: 'VOUCHER_REPEATED_PAIR',
      reason: `同一付款人在本商户 30 天内核销消费券 ${best.length} 次`,
      reasonEn: `The same payer redeemed vouchers at this merchant ${best.length} times within 30 days`,
      merchantId: first.merchantId,
      redemptionIds: best.map((row) => row.id),
      evidence: [
        { label: '商户 merchant', value: first.merchantId },
        { label: '付款人 payer', value: first.payerKey },
        { label: '次数 redemptions', value: String(best.length) },
        { label: '首笔 first', value: first.redeemedAt },
        { label: '末笔 last', value: last.redeemedAt },
      ],
    });
  }
  return flags;
}

function quickFar(rows: readonly FlagRedemption[]): VoucherFlag[] {
  return [...rows]
    .sort(byTime)
    .filter((row) => {
      const elapsed = at(row.redeemedAt) - at(row.claimedAt);
      return row.merchantUnitId !== row.claimantUnitId && elapsed >= 0 && elapsed < QUICK_FAR_WINDOW_MS;
    })
    .map((row) => {
      const minutes = Math.floor((at(row.redeemedAt) - at(row.claimedAt)) / 60_000);
      return {
        code: 'VOUCHER_QUICK_FAR_REDEMPTION' as const,
        reason: `领券后 ${minutes} 分钟即在 ${row.merchantUnitId} 核销，而领券人属于 ${row.claimantUnitId}`,
        reasonEn: `Redeemed in ${row.merchantUnitId} ${minutes} minutes after claiming, by a claimant of ${row.claimantUnitId}`,
        merchantId: row.merchantId,
        redemptionIds: [row.id],
        evidence: [
          { label: '领券 claimed', value: row.claimedAt },
          { label: '核销 redeemed', value: row.redeemedAt },
          { label: '领券人县区 claimant unit', value: row.claimantUnitId },
          { label: '商户县区 merchant unit', value: row.merchantUnitId },
        ],
      };
    });
}

function refundsAfterRedemption(merchantId: string, rows: readonly FlagRedemption[]): VoucherFlag[] {
  const refunded = rows.filter((row) => row.refundedAt !== null && at(row.refundedAt) >= at(row.redeemedAt));
  if (refunded.length < REFUNDS_AFTER_REDEMPTION_MIN) return [];
  if (refunded.length * 10_000 < rows.length * REFUNDS_AFTER_REDEMPTION_SHARE_BP) return [];
  return [
    {
      code: 'VOUCHER_REFUNDS_AFTER_REDEMPTION',
      reason: `本商户 ${rows.length} 笔消费券核销中有 ${refunded.length} 笔核销后退款`,
      reasonEn: `${refunded.length} of the merchant's ${rows.length} voucher redemptions were refunded afterwards`,
      merchantId,
      redemptionIds: refunded.map((row) => row.id),
      evidence: [
        { label: '商户 merchant', value: merchantId },
        { label: '核销后退款 refunds after redemption', value: `${refunded.length} / ${rows.length}` },
        ...refunded.slice(0, 5).map((row) => ({
          label: `账单 bill ${row.id}`,
          value: `核销 redeemed ${row.redeemedAt}，退款 refunded ${row.refundedAt ?? ''}`,
        })),
      ],
    },
  ];
}

/**
 * Every cash-out flag over the redemptions of a review period: per merchant (bills at threshold, refunds after
 * redemption), per payer–merchant pair, and per redemption (quick and far). In the order of VOUCHER_FLAG_CODES;
 * within a code by merchant (pairs by merchant, then payer; quick-and-far redemptions by time).
 */
export function cashOutFlags(rows: readonly FlagRedemption[]): VoucherFlag[] {
  for (const row of rows) {
    if (!Number.isSafeInteger(row.billFen) || row.billFen < 0) throw new RangeError('billFen must be whole fen ≥ 0');
    if (!Number.isSafeInteger(row.thresholdFen) || row.thresholdFen < 0) {
      throw new RangeError('thresholdFen must be whole fen ≥ 0');
    }
  }
  const merchants = groupBy(rows, (row) => row.merchantId);
  const ordered = (merchantRows: readonly FlagRedemption[]): FlagRedemption[] => [...merchantRows].sort(byTime);
  return [
    ...[...merchants].flatMap(([merchantId, merchantRows]) => bunchedAtThreshold(merchantId, ordered(merchantRows))),
    ...repeatedPairs(rows),
    ...quickFar(rows),
    ...[...merchants].flatMap(([merchantId, merchantRows]) =>
      refundsAfterRedemption(merchantId, ordered(merchantRows)),
    ),
  ];
}
