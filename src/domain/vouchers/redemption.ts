/**
 * Redemption (核销) and refunds after it (issue 13 §4). A voucher is redeemed on a bill when it is still usable,
 * not expired, the merchant and the category are accepted (pharmacy, fuel, appliances and the like excluded:
 * sources/reference.md, Henan), the bill meets the threshold (billFen ≥ thresholdFen: 满100减20 needs 100 yuan),
 * and it is the bill's only voucher unless the campaign allows stacking (WeChat Pay stocks carry the same flag).
 *
 * Rules chosen here where the issue is silent (platform rules, documented for the service and the dashboard):
 * - Discount = the face, never more than what is left to pay; the part of a no-threshold voucher's face a small
 *   bill cannot use is not given as change (不找零): only the discount is spent, the rest goes back with the round.
 * - Stacking (both vouchers' campaigns must allow it): the bill must meet the sum of the thresholds of every
 *   voucher on it, so two 满100减20 need a bill of 200, never 100.
 * - A refund is counted in bill value returned (goods worth `refundBillFen` of the bill). What the voucher paid
 *   for stays with what is kept while the kept bill still meets the threshold; once it falls below, the discount
 *   is scaled to the kept part (discount × kept ÷ kept before, half_up) — the clawed-back part returns to the
 *   voucher money and the citizen gets back what they paid for the returned goods. So cash back + voucher money
 *   returned = bill value returned, the citizen never owes anything, and returning part of a 满100减20 bill
 *   cannot keep 20 yuan off a 50-yuan purchase.
 * - A full refund: the whole discount returns; rule `restore` gives the voucher back (state `issued`) if it is
 *   still valid, else it is `expired`; rule `forfeit` ends it (`refunded`). Either way its money is not spent.
 */
import { yuan } from '../subsidy/money.js';
import { mulDivHalfUp } from './arithmetic.js';
import type { RedemptionRefusalCode, RefundRefusalCode, RefundRule, VoucherState } from './vocabulary.js';

export interface CampaignTerms {
  readonly acceptedMerchantIds: ReadonlySet<string> | readonly string[];
  /** Categories the vouchers may be used for; empty: every category not excluded. */
  readonly categories: readonly string[];
  readonly excludedCategories: readonly string[];
  /** May a voucher of this campaign share a bill with another voucher? */
  readonly stacking: boolean;
  readonly refundRule: RefundRule;
}

export interface VoucherTerms {
  readonly faceFen: number;
  readonly thresholdFen: number;
  /** ISO 8601: the first moment the voucher is no longer valid (the midnight after its last day). */
  readonly validUntil: string;
  readonly state: VoucherState;
  readonly campaign: CampaignTerms;
}

/** A voucher already redeemed on the same bill (stacking). */
export interface AppliedVoucher {
  readonly thresholdFen: number;
  readonly discountFen: number;
  /** Its campaign allows stacking. */
  readonly stacking: boolean;
}

export interface Bill {
  readonly billFen: number;
  readonly category: string;
  readonly merchantId: string;
  /** Vouchers redeemed on this bill before this one (none for a bill's first voucher). */
  readonly applied?: readonly AppliedVoucher[];
}

export interface RedemptionRefusal {
  readonly code: RedemptionRefusalCode;
  readonly message: string;
  readonly messageEn: string;
}

export type RedemptionDecision =
  | {
      readonly ok: true;
      /** What this voucher takes off the bill. */
      readonly discountFen: number;
      /** What the citizen still pays after every voucher on the bill (billFen − all discounts). */
      readonly payFen: number;
    }
  | { readonly ok: false; readonly refusal: RedemptionRefusal };

function refuse(code: RedemptionRefusalCode, message: string, messageEn: string): RedemptionDecision {
  return { ok: false, refusal: { code, message, messageEn } };
}

function requireFen(value: number, field: string, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) throw new RangeError(`${field} must be whole fen ≥ ${min}`);
}

function accepts(list: ReadonlySet<string> | readonly string[], value: string): boolean {
  return list instanceof Set ? list.has(value) : (list as readonly string[]).includes(value);
}

/** Is the voucher past its validity at `now`? (validUntil is exclusive.) */
export function isExpired(validUntil: string, now: Date): boolean {
  const end = Date.parse(validUntil);
  if (Number.isNaN(end)) throw new RangeError('validUntil must be an ISO 8601 moment');
  return now.getTime() >= end;
}

/** Decides one voucher on one bill at `now`: the discount and what is left to pay, or the first refusal. */
export function decideRedemption(voucher: VoucherTerms, bill: Bill, now: Date): RedemptionDecision {
  requireFen(voucher.faceFen, 'faceFen', 1);
  requireFen(voucher.thresholdFen, 'thresholdFen', 0);
  requireFen(bill.billFen, 'billFen', 1);
  const applied = bill.applied ?? [];
  for (const item of applied) {
    requireFen(item.thresholdFen, 'applied.thresholdFen', 0);
    requireFen(item.discountFen, 'applied.discountFen', 0);
  }
  const { campaign } = voucher;
  switch (voucher.state) {
    case 'issued':
      break;
    case 'redeemed':
      return refuse('VOUCHER_ALREADY_REDEEMED', '此券已核销，不能重复使用', 'This voucher has already been redeemed');
    case 'expired':
    case 'refunded':
      return refuse('VOUCHER_NOT_REDEEMABLE', '此券已失效', 'This voucher is no longer valid');
  }
  if (isExpired(voucher.validUntil, now)) {
    return refuse('VOUCHER_EXPIRED', '此券已过有效期', `This voucher expired at ${voucher.validUntil}`);
  }
  if (!accepts(campaign.acceptedMerchantIds, bill.merchantId)) {
    return refuse(
      'VOUCHER_MERCHANT_NOT_ACCEPTED',
      '本商户不在此券的适用商户范围内',
      'This merchant does not accept the voucher',
    );
  }
  if (campaign.excludedCategories.includes(bill.category)) {
    return refuse(
      'VOUCHER_CATEGORY_EXCLUDED',
      `此券不能用于「${bill.category}」类商品`,
      `The voucher cannot be used for the excluded category ${bill.category}`,
    );
  }
  if (campaign.categories.length > 0 && !campaign.categories.includes(bill.category)) {
    return refuse(
      'VOUCHER_CATEGORY_NOT_ACCEPTED',
      `此券不适用于「${bill.category}」类商品`,
      `The voucher is not for the category ${bill.category}`,
    );
  }
  if (applied.length > 0 && (!campaign.stacking || applied.some((item) => !item.stacking))) {
    return refuse(
      'VOUCHER_STACKING_NOT_ALLOWED',
      '每笔账单只能使用一张消费券',
      'Only one voucher may be used per bill',
    );
  }
  const thresholds = applied.reduce((sum, item) => sum + item.thresholdFen, voucher.thresholdFen);
  if (bill.billFen < thresholds) {
    const single = applied.length === 0;
    return refuse(
      'VOUCHER_THRESHOLD_NOT_MET',
      single
        ? `账单 ${yuan(bill.billFen)} 元未满使用门槛 ${yuan(voucher.thresholdFen)} 元`
        : `账单 ${yuan(bill.billFen)} 元未满叠加使用的门槛合计 ${yuan(thresholds)} 元`,
      single
        ? `The bill of ${yuan(bill.billFen)} yuan is below the threshold of ${yuan(voucher.thresholdFen)} yuan`
        : `The bill of ${yuan(bill.billFen)} yuan is below the stacked thresholds of ${yuan(thresholds)} yuan`,
    );
  }
  const left = bill.billFen - applied.reduce((sum, item) => sum + item.discountFen, 0);
  if (left <= 0) {
    return refuse('VOUCHER_NOTHING_TO_DISCOUNT', '账单已无可抵扣金额', 'Nothing is left to pay on this bill');
  }
  const discountFen = Math.min(voucher.faceFen, left);
  return { ok: true, discountFen, payFen: left - discountFen };
}

/** A redemption as it stands, before a refund. */
export interface StandingRedemption {
  readonly state: VoucherState;
  readonly faceFen: number;
  readonly thresholdFen: number;
  readonly validUntil: string;
  readonly refundRule: RefundRule;
  /** The bill's value still kept (the bill, less goods returned before). */
  readonly keptBillFen: number;
  /** What the voucher still pays for on it. */
  readonly discountFen: number;
}

export interface RefundRefusal {
  readonly code: RefundRefusalCode;
  readonly message: string;
  readonly messageEn: string;
}

export type RefundDecision =
  | {
      readonly ok: true;
      readonly kind: 'partial' | 'full';
      readonly keptBillFen: number;
      /** The voucher's discount on what is kept. */
      readonly discountFen: number;
      /** What the citizen has paid for what is kept. */
      readonly payFen: number;
      /** What the merchant gives back to the citizen. */
      readonly cashBackFen: number;
      /** Voucher money no longer spent: reversed in the ledger (clawed back from the merchant's settlement). */
      readonly reversedFen: number;
      /** `redeemed` after a partial refund; after a full one `issued` (restored), `expired` or `refunded`. */
      readonly voucherState: VoucherState;
    }
  | { readonly ok: false; readonly refusal: RefundRefusal };

/** Applies a refund of goods worth `refundBillFen` of the bill at `now` (rules in the header). */
export function decideRefund(standing: StandingRedemption, refundBillFen: number, now: Date): RefundDecision {
  requireFen(refundBillFen, 'refundBillFen', 1);
  requireFen(standing.keptBillFen, 'keptBillFen', 0);
  requireFen(standing.discountFen, 'discountFen', 0);
  if (standing.discountFen > standing.keptBillFen) throw new RangeError('discountFen cannot exceed keptBillFen');
  if (standing.state !== 'redeemed') {
    return {
      ok: false,
      refusal: {
        code: 'VOUCHER_NOT_REDEEMED',
        message: '此券未核销，无可退',
        messageEn: 'The voucher is not redeemed',
      },
    };
  }
  if (refundBillFen > standing.keptBillFen) {
    return {
      ok: false,
      refusal: {
        code: 'VOUCHER_REFUND_EXCEEDS_BILL',
        message: `退款 ${yuan(refundBillFen)} 元超过账单剩余 ${yuan(standing.keptBillFen)} 元`,
        messageEn: `The refund of ${yuan(refundBillFen)} yuan exceeds the ${yuan(standing.keptBillFen)} yuan left on the bill`,
      },
    };
  }
  const payBefore = standing.keptBillFen - standing.discountFen;
  const kept = standing.keptBillFen - refundBillFen;
  if (kept === 0) {
    const voucherState: VoucherState =
      standing.refundRule === 'forfeit' ? 'refunded' : isExpired(standing.validUntil, now) ? 'expired' : 'issued';
    return {
      ok: true,
      kind: 'full',
      keptBillFen: 0,
      discountFen: 0,
      payFen: 0,
      cashBackFen: payBefore,
      reversedFen: standing.discountFen,
      voucherState,
    };
  }
  const discountFen =
    kept >= standing.thresholdFen
      ? Math.min(standing.discountFen, kept)
      : mulDivHalfUp(standing.discountFen, kept, standing.keptBillFen);
  const payFen = kept - discountFen;
  return {
    ok: true,
    kind: 'partial',
    keptBillFen: kept,
    discountFen,
    payFen,
    cashBackFen: payBefore - payFen,
    reversedFen: standing.discountFen - discountFen,
    voucherState: 'redeemed',
  };
}
