/**
 * What a voucher campaign drove (issue 13 §6), its .xlsx, and its cash-out flags (§8).
 *
 * The report reads running sums the database keeps by trigger in the transaction of every write
 * (db/voucher-report-repository.ts, migration 2026-12-03T1800): a few hundred rows whatever the number of
 * redemptions, added up here exactly and turned into figures with the domain's own definitions
 * (domain/vouchers/report.ts: the redemption rate in basis points, gross leverage in hundredths, half_up once), so
 * it equals `voucherReport` over the same rows (test/integration/voucher-report.test.ts compares them on random
 * data). Each group may be asked alone (`part`), so a dashboard loads its charts independently.
 *
 * - Issued: a round's packs × vouchers per pack, and its budget. Claimed, expired and redeemed vouchers by round;
 *   expired is state `expired` or `issued` past validUntil (`isExpired`, the redemption rule's own).
 * - Standing redemptions by round, category, the merchant's unit and merchant, with what each keeps after refunds
 *   (bill less refunds, discount less what came back): every redemption row is its own bill (one voucher per
 *   bill is the only case the till records today), so sales are Σ kept bills.
 * - Re-released: the packs a round's expiry carried into the next round × the pack's face, on the round they came
 *   from.
 * - Claims by the claimant's unit: the claimant's unit is not recorded on a claim yet, so claims sit in one
 *   `unrecorded` unit group until it is.
 */
import type {
  CampaignReport,
  Figures,
  FlagsQuery,
  ReportPart,
  VoucherFlagsView,
} from '../../contract/voucher-report.js';
import {
  wholeOf as wholeFen,
  type RedemptionGroup,
  type RedemptionGroupRow,
  type VoucherReportRepository,
} from '../../db/voucher-report-repository.js';
import { chinaDay, chinaMoment } from '../../domain/trade-in/calendar.js';
import { safeProduct, safeSum } from '../../domain/vouchers/arithmetic.js';
import { cashOutFlags } from '../../domain/vouchers/cashout-flags.js';
import { packVoucherCount } from '../../domain/vouchers/packs.js';
import { isExpired } from '../../domain/vouchers/redemption.js';
import { figuresOf, REPORT_ROUNDING, type Counted } from '../../domain/vouchers/report.js';
import { AppError } from '../../shared/errors.js';
import { requireAccess } from '../access.js';
import type { RequestContext } from '../context.js';
import { reportWorkbook } from './voucher-report-workbook.js';
import { packOf, type VoucherService } from './voucher-service.js';

export const REPORT_NOTE = {
  zh: '撬动比为毛撬动比：满减券按构造至少为门槛÷面额，部分消费本来也会发生',
  en: 'Leverage is gross: a threshold voucher has at least threshold ÷ face by construction, and part of the sales would have happened anyway',
} as const;

/** Where the claimant's unit is not recorded (every claim today) or a redemption's merchant unit was not. */
export const UNRECORDED_UNIT = 'unrecorded';

/** At most this many redemptions are reviewed for flags in one answer: a longer period is asked in parts. */
export const MAX_FLAG_REDEMPTIONS = 200_000;

class Sums {
  issued = 0;
  issuedFen = 0;
  rereleasedFen = 0;
  claimed = 0;
  claimedFen = 0;
  expired = 0;
  expiredFen = 0;
  claimedRedeemed = 0;
  redeemed = 0;
  voucherFen = 0;
  salesFen = 0;
}

const ALL: Counted = { rounds: true, claims: true };
const CLAIMS: Counted = { rounds: false, claims: true };
const REDEMPTIONS_ONLY: Counted = { rounds: false, claims: false };

function plus(a: number, b: number): number {
  const sum = safeSum(a, b);
  if (sum === null) throw new RangeError('a report total passes Number.MAX_SAFE_INTEGER');
  return sum;
}

function sumsIn(map: Map<string, Sums>, key: string): Sums {
  let sums = map.get(key);
  if (sums === undefined) {
    sums = new Sums();
    map.set(key, sums);
  }
  return sums;
}

/** Sorted by key as the domain sorts (code unit order), not by the database's collation. */
function listed(map: Map<string, Sums>, counted: Counted): Figures[] {
  return [...map.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, sums]) => figuresOf(key, sums, counted));
}

function addRedemptions(sums: Sums, row: RedemptionGroupRow): void {
  sums.redeemed = plus(sums.redeemed, row.redeemed);
  sums.voucherFen = plus(sums.voucherFen, row.voucherFen);
  sums.salesFen = plus(sums.salesFen, row.salesFen);
}

/** Which queries each part needs. */
const NEEDS: Record<
  ReportPart,
  { readonly rounds: boolean; readonly vouchers: boolean; readonly groups: readonly RedemptionGroup[] }
> = {
  total: { rounds: true, vouchers: true, groups: ['round'] },
  round: { rounds: true, vouchers: true, groups: ['round'] },
  category: { rounds: false, vouchers: false, groups: ['category'] },
  unit: { rounds: false, vouchers: true, groups: ['unit'] },
  merchant: { rounds: false, vouchers: false, groups: ['merchant'] },
};

const EVERY_PART: readonly ReportPart[] = ['total', 'round', 'category', 'unit', 'merchant'];

function reviewMoment(value: string | undefined, field: 'from' | 'to'): string | null {
  if (value === undefined) return null;
  const moment = value.length === 10 ? chinaMoment(value, 0) : new Date(value);
  if (Number.isNaN(moment.getTime()) || (value.length === 10 && chinaDay(moment) !== value)) {
    throw new AppError('VALIDATION_FAILED', `${field} is not a real date or moment: ${value}`, field);
  }
  return moment.toISOString();
}

export class VoucherReports {
  constructor(
    private readonly vouchers: VoucherService,
    private readonly repository: VoucherReportRepository,
  ) {}

  /** What the campaign drove: every figure group, or the one `part` names. */
  async report(context: RequestContext, campaignId: string, part?: ReportPart): Promise<CampaignReport> {
    requireAccess(context, 'vouchers.read', {}, { message: 'not yours', field: 'id' });
    const campaign = await this.vouchers.requireCampaign(campaignId);
    const parts = part === undefined ? EVERY_PART : [part];
    const rounds = parts.some((name) => NEEDS[name].rounds);
    const vouchers = parts.some((name) => NEEDS[name].vouchers);
    const groups = [...new Set(parts.flatMap((name) => NEEDS[name].groups))];
    const moment = this.vouchers.options.now();
    // Independent reads: on PostgreSQL they run side by side on the pool.
    const [roundRows, voucherRows, ...redemptionRows] = await Promise.all([
      rounds ? this.repository.rounds(campaignId) : Promise.resolve([]),
      vouchers ? this.repository.voucherGroups(campaignId) : Promise.resolve([]),
      ...groups.map((group) => this.repository.redemptionGroups(campaignId, group)),
    ]);
    const redemptions = new Map(groups.map((group, index) => [group, redemptionRows[index] ?? []] as const));

    const total = new Sums();
    const byRound = new Map<string, Sums>();
    const byUnit = new Map<string, Sums>();
    const perPack = packVoucherCount(packOf(campaign));
    const packFen = wholeFen(campaign.pack_face_fen);
    for (const round of roundRows) {
      const issued = safeProduct(round.quantity, perPack);
      const rereleased = safeProduct(round.rereleasedPacks, packFen);
      if (issued === null || rereleased === null) throw new RangeError('a round passes Number.MAX_SAFE_INTEGER');
      for (const sums of [total, sumsIn(byRound, round.id)]) {
        sums.issued = plus(sums.issued, issued);
        sums.issuedFen = plus(sums.issuedFen, round.budgetFen);
      }
      // Re-released value belongs to the round it came from (report.ts: "this round's unredeemed value rolled
      // into a later round"); the column sits on the round it went into.
      for (const sums of [total, sumsIn(byRound, round.rereleasedFrom ?? round.id)]) {
        sums.rereleasedFen = plus(sums.rereleasedFen, rereleased);
      }
    }
    for (const row of voucherRows) {
      const expired = row.state === 'expired' || (row.state === 'issued' && isExpired(row.validUntil, moment));
      for (const sums of [total, sumsIn(byRound, row.roundId), sumsIn(byUnit, UNRECORDED_UNIT)]) {
        sums.claimed = plus(sums.claimed, row.vouchers);
        sums.claimedFen = plus(sums.claimedFen, row.faceFen);
        if (expired) {
          sums.expired = plus(sums.expired, row.vouchers);
          sums.expiredFen = plus(sums.expiredFen, row.faceFen);
        }
        if (row.state === 'redeemed') sums.claimedRedeemed = plus(sums.claimedRedeemed, row.vouchers);
      }
    }
    for (const row of redemptions.get('round') ?? []) {
      addRedemptions(total, row);
      addRedemptions(sumsIn(byRound, row.key ?? ''), row);
    }
    for (const row of redemptions.get('unit') ?? []) addRedemptions(sumsIn(byUnit, row.key ?? UNRECORDED_UNIT), row);
    const keyed = (group: 'category' | 'merchant') => {
      const map = new Map<string, Sums>();
      for (const row of redemptions.get(group) ?? []) addRedemptions(sumsIn(map, row.key ?? ''), row);
      return listed(map, REDEMPTIONS_ONLY);
    };
    const has = (name: ReportPart) => parts.includes(name);
    const byMerchant = has('merchant') ? keyed('merchant') : undefined;
    const merchants =
      byMerchant === undefined ? [] : await this.vouchers.options.accounts.merchants(byMerchant.map((row) => row.key));
    return {
      campaignId,
      campaignName: campaign.name,
      generatedAt: moment.toISOString(),
      parts: [...parts],
      ...(has('total') ? { total: figuresOf('total', total, ALL) } : {}),
      ...(has('round') ? { byRound: listed(byRound, ALL) } : {}),
      ...(has('category') ? { byCategory: keyed('category') } : {}),
      ...(has('unit') ? { byUnit: listed(byUnit, CLAIMS) } : {}),
      ...(byMerchant === undefined
        ? {}
        : { byMerchant, merchantNames: Object.fromEntries(merchants.map((row) => [row.id, row.name])) }),
      rounding: REPORT_ROUNDING,
      note: { ...REPORT_NOTE },
    };
  }

  /** The whole report as an .xlsx workbook: a sheet per grouping, Chinese headers over English ones, yuan. */
  async reportXlsx(context: RequestContext, campaignId: string): Promise<{ filename: string; body: Buffer }> {
    const report = await this.report(context, campaignId);
    const body = await reportWorkbook(report, {
      merchantNames: new Map(Object.entries(report.merchantNames ?? {})),
      roundReleases: new Map(
        (await this.vouchers.options.repository.roundsOf(campaignId)).map((row) => [row.id, row.release_at]),
      ),
    });
    const day = chinaDay(new Date(report.generatedAt)).replaceAll('-', '');
    return { filename: `voucher-report-${campaignId.slice(0, 8)}-${day}.xlsx`, body };
  }

  /**
   * The cash-out flags (domain/vouchers/cashout-flags.ts) over the campaign's redemptions in [from, to) (those
   * refunded in full too): bills bunched at thresholds, one payer at one merchant again and again, and refunds
   * after redemption are checked on what the till records. "Redeemed minutes after claiming far from the
   * claimant's unit" waits for the claimant's unit, not recorded on a claim yet, and the answer says so
   * (`notChecked`) rather than guessing.
   */
  async flags(context: RequestContext, campaignId: string, query: FlagsQuery): Promise<VoucherFlagsView> {
    requireAccess(context, 'vouchers.read', {}, { message: 'not yours', field: 'id' });
    await this.vouchers.requireCampaign(campaignId);
    const from = reviewMoment(query.from, 'from');
    const to = reviewMoment(query.to, 'to');
    if (from !== null && to !== null && to <= from) {
      throw new AppError('VALIDATION_FAILED', 'to must be after from', 'to');
    }
    const count = await this.repository.countRedemptions(campaignId, from, to);
    if (count > MAX_FLAG_REDEMPTIONS) {
      throw new AppError(
        'VALIDATION_FAILED',
        `the period holds ${count} redemptions; at most ${MAX_FLAG_REDEMPTIONS} are reviewed at once: narrow from/to`,
        'from',
      );
    }
    const rows = await this.repository.flagRedemptions(campaignId, from, to);
    const flags = cashOutFlags(
      rows.map((row) => {
        const merchantUnitId = row.unitId ?? UNRECORDED_UNIT;
        return {
          id: row.id,
          merchantId: row.merchantId,
          merchantUnitId,
          payerKey: row.ownerId,
          // Not recorded on a claim yet: the merchant's own, so "far from the claimant's unit" is never guessed.
          claimantUnitId: merchantUnitId,
          billFen: row.billFen,
          thresholdFen: row.thresholdFen,
          claimedAt: row.claimedAt,
          redeemedAt: row.at,
          refundedAt: row.refundedAt,
        };
      }),
    );
    return {
      campaignId,
      from,
      to,
      redemptionsReviewed: rows.length,
      flags: flags.map((flag) => ({ ...flag, redemptionIds: [...flag.redemptionIds], evidence: [...flag.evidence] })),
      notChecked: [
        {
          code: 'VOUCHER_QUICK_FAR_REDEMPTION',
          reason: '领券人所属县区尚未记录，无法判断“领券后数分钟即在外县区核销”',
          reasonEn:
            "A claim does not record the claimant's unit yet, so a redemption soon after claiming far from it cannot be told",
        },
      ],
    };
  }
}
