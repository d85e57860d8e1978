/**
 * What the vouchers drove (issue 13 §6; sources/reference.md: report issued, claimed, redeemed, expired,
 * re-released, redemption rate and leverage, by round, category, county and merchant), from plain arrays.
 *
 * - Leverage is gross and labelled so: sales on redeemed bills ÷ voucher money redeemed. A 满100减20 voucher has a
 *   gross leverage of at least 5 by construction, and part of those sales would have happened anyway.
 * - Where a lottery ran, the difference in mean spending between winners and registered non-winners: the draw
 *   makes winners a random sample of the registrants, so that difference (not the gross leverage) is the honest
 *   estimate of what winning a pack changed.
 *
 * Arithmetic: integer fen and counts, exact sums (past Number.MAX_SAFE_INTEGER is refused). Rounding, each once
 * and half_up (domain/subsidy/money.ts): the redemption rate to the basis point (redeemed ÷ claimed × 10,000),
 * leverage to the hundredth, a mean to the fen. Differences are taken between the rounded means.
 */
import { exactTotal, mulDivHalfUp } from './arithmetic.js';
import { LEVERAGE_KIND, type VoucherState } from './vocabulary.js';

export interface ReportRound {
  readonly roundId: string;
  /** Vouchers the round put up (packs × vouchers per pack) and their face value. */
  readonly issuedVouchers: number;
  readonly issuedFen: number;
  /** This round's unredeemed value rolled into a later round (an audited re-release). */
  readonly rereleasedFen: number;
}

/** A claimed voucher as it stands. */
export interface ReportVoucher {
  readonly roundId: string;
  /** The claimant's implementing unit. */
  readonly unitId: string;
  readonly faceFen: number;
  readonly state: VoucherState;
}

/** A standing redemption (after partial refunds; fully refunded ones are left out by the caller). */
export interface ReportRedemption {
  readonly billId: string;
  readonly roundId: string;
  readonly category: string;
  readonly merchantId: string;
  /** The merchant's implementing unit. */
  readonly unitId: string;
  /** The bill's value as kept; a bill with several vouchers counts once per group. */
  readonly billFen: number;
  readonly discountFen: number;
}

export interface Figures {
  readonly key: string;
  /** Per round and in total only (null elsewhere). */
  readonly issued: number | null;
  readonly issuedFen: number | null;
  /** Claimed vouchers: by round, by the claimant's unit and in total (null for category and merchant). */
  readonly claimed: number | null;
  readonly claimedFen: number | null;
  readonly expired: number | null;
  readonly expiredFen: number | null;
  /** Per round and in total only. */
  readonly rereleasedFen: number | null;
  /** Claimed vouchers now redeemed ÷ claimed, basis points, half_up; null where claims are not counted or none. */
  readonly redemptionRateBp: number | null;
  /** Redemptions (vouchers used) in the group: by round, category, merchant, the merchant's unit, in total. */
  readonly redeemed: number;
  /** Voucher money redeemed (Σ discounts). */
  readonly voucherFen: number;
  /** Sales on redeemed bills (Σ kept bill value, each bill once). */
  readonly salesFen: number;
  /** salesFen ÷ voucherFen in hundredths, half_up (500 = 5.00); null when no voucher money was redeemed. */
  readonly grossLeverageHundredths: number | null;
  /** The same as text with two decimals: '5.00'. */
  readonly grossLeverage: string | null;
  readonly leverageKind: typeof LEVERAGE_KIND;
}

export interface VoucherReport {
  readonly total: Figures;
  readonly byRound: readonly Figures[];
  readonly byCategory: readonly Figures[];
  /** Claims and expiry by the claimant's unit; redemptions, sales and leverage by the merchant's unit. */
  readonly byUnit: readonly Figures[];
  readonly byMerchant: readonly Figures[];
  readonly rounding: string;
}

export const REPORT_ROUNDING =
  'half_up once: redemption rate to the basis point, gross leverage to the hundredth, means to the fen' as const;

/** Hundredths as text: 512 → '5.12'. */
export function hundredthsText(hundredths: number): string {
  return `${Math.trunc(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}`;
}

/** Gross leverage in hundredths (sales ÷ voucher money), half_up; null when no voucher money was spent. */
export function grossLeverageHundredths(salesFen: number, voucherFen: number): number | null {
  return voucherFen === 0 ? null : mulDivHalfUp(salesFen, 100, voucherFen);
}

/** part ÷ whole in basis points, half_up; null for an empty whole. */
export function rateBp(part: number, whole: number): number | null {
  return whole === 0 ? null : mulDivHalfUp(part, 10_000, whole);
}

class Tally {
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
  readonly bills = new Set<string>();
}

/** Which figures a grouping has: per round (issued, re-released) and per claim (claimed, expired, rate). */
export type Counted = { readonly rounds: boolean; readonly claims: boolean };

/** A group's running totals, as the figures are derived from them (here and from the database's sums). */
export interface GroupTotals {
  readonly issued: number;
  readonly issuedFen: number;
  readonly rereleasedFen: number;
  readonly claimed: number;
  readonly claimedFen: number;
  readonly expired: number;
  readonly expiredFen: number;
  readonly claimedRedeemed: number;
  readonly redeemed: number;
  readonly voucherFen: number;
  readonly salesFen: number;
}

function add(total: number, value: number): number {
  return exactTotal([total, value]);
}

/** One group's figures from its totals: rate in basis points, gross leverage in hundredths (REPORT_ROUNDING). */
export function figuresOf(key: string, tally: GroupTotals, counted: Counted): Figures {
  const leverage = grossLeverageHundredths(tally.salesFen, tally.voucherFen);
  return {
    key,
    issued: counted.rounds ? tally.issued : null,
    issuedFen: counted.rounds ? tally.issuedFen : null,
    claimed: counted.claims ? tally.claimed : null,
    claimedFen: counted.claims ? tally.claimedFen : null,
    expired: counted.claims ? tally.expired : null,
    expiredFen: counted.claims ? tally.expiredFen : null,
    rereleasedFen: counted.rounds ? tally.rereleasedFen : null,
    redemptionRateBp: counted.claims ? rateBp(tally.claimedRedeemed, tally.claimed) : null,
    redeemed: tally.redeemed,
    voucherFen: tally.voucherFen,
    salesFen: tally.salesFen,
    grossLeverageHundredths: leverage,
    grossLeverage: leverage === null ? null : hundredthsText(leverage),
    leverageKind: LEVERAGE_KIND,
  };
}

function tallyIn(map: Map<string, Tally>, key: string): Tally {
  let tally = map.get(key);
  if (tally === undefined) {
    tally = new Tally();
    map.set(key, tally);
  }
  return tally;
}

function requireWhole(value: number, field: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${field} must be a whole number ≥ 0`);
}

/** Every figure by round, category, unit and merchant, and in total; groups sorted by key. */
export function voucherReport(input: {
  readonly rounds: readonly ReportRound[];
  readonly vouchers: readonly ReportVoucher[];
  readonly redemptions: readonly ReportRedemption[];
}): VoucherReport {
  const total = new Tally();
  const byRound = new Map<string, Tally>();
  const byCategory = new Map<string, Tally>();
  const byUnit = new Map<string, Tally>();
  const byMerchant = new Map<string, Tally>();
  for (const round of input.rounds) {
    requireWhole(round.issuedVouchers, 'issuedVouchers');
    requireWhole(round.issuedFen, 'issuedFen');
    requireWhole(round.rereleasedFen, 'rereleasedFen');
    for (const tally of [total, tallyIn(byRound, round.roundId)]) {
      tally.issued = add(tally.issued, round.issuedVouchers);
      tally.issuedFen = add(tally.issuedFen, round.issuedFen);
      tally.rereleasedFen = add(tally.rereleasedFen, round.rereleasedFen);
    }
  }
  for (const voucher of input.vouchers) {
    requireWhole(voucher.faceFen, 'faceFen');
    for (const tally of [total, tallyIn(byRound, voucher.roundId), tallyIn(byUnit, voucher.unitId)]) {
      tally.claimed += 1;
      tally.claimedFen = add(tally.claimedFen, voucher.faceFen);
      if (voucher.state === 'expired') {
        tally.expired += 1;
        tally.expiredFen = add(tally.expiredFen, voucher.faceFen);
      }
      if (voucher.state === 'redeemed') tally.claimedRedeemed += 1;
    }
  }
  for (const row of input.redemptions) {
    requireWhole(row.billFen, 'billFen');
    requireWhole(row.discountFen, 'discountFen');
    const groups = [
      total,
      tallyIn(byRound, row.roundId),
      tallyIn(byCategory, row.category),
      tallyIn(byUnit, row.unitId),
      tallyIn(byMerchant, row.merchantId),
    ];
    for (const tally of groups) {
      tally.redeemed += 1;
      tally.voucherFen = add(tally.voucherFen, row.discountFen);
      if (!tally.bills.has(row.billId)) {
        tally.bills.add(row.billId);
        tally.salesFen = add(tally.salesFen, row.billFen);
      }
    }
  }
  const listed = (map: Map<string, Tally>, counted: Counted): Figures[] =>
    [...map.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, tally]) => figuresOf(key, tally, counted));
  return {
    total: figuresOf('total', total, { rounds: true, claims: true }),
    byRound: listed(byRound, { rounds: true, claims: true }),
    byCategory: listed(byCategory, { rounds: false, claims: false }),
    byUnit: listed(byUnit, { rounds: false, claims: true }),
    byMerchant: listed(byMerchant, { rounds: false, claims: false }),
    rounding: REPORT_ROUNDING,
  };
}

export interface LotteryDifference {
  readonly winners: number;
  readonly nonWinners: number;
  /** Mean spending per person in the window the caller chose (registrants without spending count as 0), half_up. */
  readonly meanWinnersFen: number | null;
  readonly meanNonWinnersFen: number | null;
  /** meanWinnersFen − meanNonWinnersFen (may be negative); null when either group is empty. */
  readonly differenceFen: number | null;
  readonly note: { readonly zh: string; readonly en: string };
}

/**
 * The difference in mean spending between a lottery's winners and its registered non-winners. Spending rows of
 * people who did not register are ignored; several rows of one person are added up. The spending is the whole
 * spending the caller counts (e.g. every bill at the campaign's merchants in the validity window), voucher money
 * included: the winners' mean contains the vouchers themselves.
 */
export function lotteryDifference(input: {
  readonly registrants: readonly { readonly personKey: string; readonly won: boolean }[];
  readonly spending: readonly { readonly personKey: string; readonly spendFen: number }[];
}): LotteryDifference {
  const won = new Map<string, boolean>();
  for (const registrant of input.registrants) {
    if (won.has(registrant.personKey)) throw new RangeError(`registrant listed twice: ${registrant.personKey}`);
    won.set(registrant.personKey, registrant.won);
  }
  let winnersFen = 0;
  let othersFen = 0;
  for (const row of input.spending) {
    requireWhole(row.spendFen, 'spendFen');
    const isWinner = won.get(row.personKey);
    if (isWinner === undefined) continue;
    if (isWinner) winnersFen = add(winnersFen, row.spendFen);
    else othersFen = add(othersFen, row.spendFen);
  }
  const winners = [...won.values()].filter(Boolean).length;
  const nonWinners = won.size - winners;
  const meanWinnersFen = winners === 0 ? null : mulDivHalfUp(winnersFen, 1, winners);
  const meanNonWinnersFen = nonWinners === 0 ? null : mulDivHalfUp(othersFen, 1, nonWinners);
  return {
    winners,
    nonWinners,
    meanWinnersFen,
    meanNonWinnersFen,
    differenceFen: meanWinnersFen === null || meanNonWinnersFen === null ? null : meanWinnersFen - meanNonWinnersFen,
    note: {
      zh: '中签者与未中签登记者的人均消费之差：抽签随机，此差值是对发券效果的估计（含券面金额本身）',
      en: 'Mean spending of winners minus registered non-winners: the draw is random, so this estimates what winning changed (voucher money included)',
    },
  };
}
