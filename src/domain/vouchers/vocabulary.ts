/**
 * Vouchers' words (issue 13, docs/glossary.md: voucher 消费券, union voucher 工会消费券, redemption 核销, leverage
 * ratio 撬动比), shared by the contract and the domain: imports nothing. The codes here are the names the API,
 * the tables, the audit log and the web use; the rules behind them live in the other files of this folder.
 */

/** How a round gives out its packs: first come first served at release, or registration then a lottery. */
export const CLAIM_MODES = ['first_come', 'lottery'] as const;
export type ClaimMode = (typeof CLAIM_MODES)[number];

/**
 * Who pays: a city budget pool (measures 11, 12–13, 19, 24: 市级消费券), or a grassroots union from its own
 * funds (measure 24: 工会消费券; the union's money, not the government's).
 */
export const FUNDER_KINDS = ['city', 'union'] as const;
export type FunderKind = (typeof FUNDER_KINDS)[number];

/**
 * A round's life. first_come: scheduled → open (at releaseAt) → closed (sold out or claims ended) → expired.
 * lottery: scheduled → registration → drawn (winners issued their packs) → closed → expired.
 * `expired`: the validity has run out; unredeemed value has gone back to the pool or into the next round.
 * `cancelled`: withdrawn before anything was issued; its held money released.
 */
export const ROUND_STATES = ['scheduled', 'registration', 'drawn', 'open', 'closed', 'expired', 'cancelled'] as const;
export type RoundState = (typeof ROUND_STATES)[number];

/**
 * A voucher's life. `issued`: owned by one person, usable until validUntil. `redeemed`: used on a bill.
 * `expired`: not used in time, its value gone back (or re-released). `refunded`: the bill it was used on was
 * refunded in full and the campaign's rule did not restore it (rule `forfeit`): its value went back to the pool.
 * A full refund under rule `restore` while still valid brings the voucher back to `issued`.
 */
export const VOUCHER_STATES = ['issued', 'redeemed', 'expired', 'refunded'] as const;
export type VoucherState = (typeof VOUCHER_STATES)[number];

/** The moves a voucher may make; every other move is refused (a redeemed voucher is never redeemed again). */
export const VOUCHER_TRANSITIONS: Readonly<Record<VoucherState, readonly VoucherState[]>> = {
  issued: ['redeemed', 'expired'],
  redeemed: ['issued', 'expired', 'refunded'],
  expired: [],
  refunded: [],
};

export function canMoveVoucher(from: VoucherState, to: VoucherState): boolean {
  return VOUCHER_TRANSITIONS[from].includes(to);
}

/** What a full refund of a bill does to the voucher used on it (the campaign chooses; redemption.ts). */
export const REFUND_RULES = ['restore', 'forfeit'] as const;
export type RefundRule = (typeof REFUND_RULES)[number];

/** A claim that is not served (HTTP 409 with the code; issue 13's interface names them). */
export const CLAIM_REFUSAL_CODES = ['VOUCHER_SOLD_OUT', 'VOUCHER_LIMIT_REACHED', 'ROUND_NOT_OPEN'] as const;
export type ClaimRefusalCode = (typeof CLAIM_REFUSAL_CODES)[number];

/** Which limit a claim hits (limits.ts): per person per round, per campaign, per funder kind per year. */
export const LIMIT_SCOPES = ['per_round', 'per_campaign', 'per_funder_year'] as const;
export type LimitScope = (typeof LIMIT_SCOPES)[number];

/** What a limit counts: packs claimed, or face value claimed in fen. */
export const LIMIT_MEASURES = ['packs', 'face_fen'] as const;
export type LimitMeasure = (typeof LIMIT_MEASURES)[number];

/** Why a voucher cannot be redeemed on a bill (redemption.ts), in the order they are checked. */
export const REDEMPTION_REFUSAL_CODES = [
  'VOUCHER_ALREADY_REDEEMED',
  'VOUCHER_NOT_REDEEMABLE',
  'VOUCHER_EXPIRED',
  'VOUCHER_MERCHANT_NOT_ACCEPTED',
  'VOUCHER_CATEGORY_EXCLUDED',
  'VOUCHER_CATEGORY_NOT_ACCEPTED',
  'VOUCHER_STACKING_NOT_ALLOWED',
  'VOUCHER_THRESHOLD_NOT_MET',
  'VOUCHER_NOTHING_TO_DISCOUNT',
] as const;
export type RedemptionRefusalCode = (typeof REDEMPTION_REFUSAL_CODES)[number];

/** Why a refund against a redemption cannot be applied (redemption.ts). */
export const REFUND_REFUSAL_CODES = ['VOUCHER_NOT_REDEEMED', 'VOUCHER_REFUND_EXCEEDS_BILL'] as const;
export type RefundRefusalCode = (typeof REFUND_REFUSAL_CODES)[number];

/** What a re-check of a lottery finds wrong (lottery.ts). */
export const DRAW_PROBLEMS = ['seed_mismatch', 'list_changed', 'list_invalid', 'winners_differ'] as const;
export type DrawProblem = (typeof DRAW_PROBLEMS)[number];

/** Cash-out risk flags (cashout-flags.ts): shown to reviewers, never a silent block. */
export const VOUCHER_FLAG_CODES = [
  'VOUCHER_BILLS_AT_THRESHOLD',
  'VOUCHER_REPEATED_PAIR',
  'VOUCHER_QUICK_FAR_REDEMPTION',
  'VOUCHER_REFUNDS_AFTER_REDEMPTION',
] as const;
export type VoucherFlagCode = (typeof VOUCHER_FLAG_CODES)[number];

/** Leverage in reports is always gross: sales on redeemed bills ÷ voucher money, some of which would happen anyway. */
export const LEVERAGE_KIND = 'gross' as const;
