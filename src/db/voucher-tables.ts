/** The vouchers tables (migration 2026-12-03T1200-vouchers). Money is integer fen; lists are JSON text. */
import type { Generated } from 'kysely';
import type { ClaimMode, FunderKind, RefundRule, RoundState, VoucherState } from '../domain/vouchers/vocabulary.js';

export interface VoucherCampaignsTable {
  id: string;
  name: string;
  funder_kind: FunderKind;
  pool_id: string;
  union_name: string | null;
  credit_code: string | null;
  /** JSON arrays of strings. */
  categories: string;
  excluded_categories: string;
  units: string;
  /** Accepted merchants; `[]`: every merchant. */
  merchants: string;
  /** JSON: the denominations of one pack. */
  pack: string;
  pack_face_fen: number | string;
  /** JSON: VoucherLimits (domain/vouchers/limits.ts), every rule complete. */
  limits: string;
  stacking: number;
  refund_rule: RefundRule;
  /** 1: at expiry a round's unspent packs are re-released into the campaign's next scheduled round. */
  rollover: Generated<number>;
  created_by: string;
  created_at: string;
}

export interface VoucherRoundsTable {
  id: string;
  campaign_id: string;
  release_at: string;
  quantity: number;
  /** Packs claimed: only ever raised by the conditional UPDATE that issues (CHECK issued <= quantity). */
  issued: number;
  valid_days: number;
  mode: ClaimMode;
  state: RoundState;
  budget_fen: number | string;
  /** What the round's current hold holds. */
  held_fen: number | string;
  spent_fen: number | string;
  redeemed: number;
  /** The round's current hold in the ledger (a new one after each redemption; null once all is spent). */
  hold_id: string | null;
  created_by: string;
  created_at: string;
  /** Claims close and the round's vouchers lapse here: release day + valid_days (Asia/Shanghai midnight). */
  ends_at: string | null;
  /** Packs carried in from the previous round's expiry (part of quantity and of budget_fen). */
  rereleased_packs: Generated<number>;
  rereleased_from: string | null;
  rereleased_into: string | null;
  /** What the expiry gave back to the funder's pool. */
  returned_fen: Generated<number | string>;
  expired_at: string | null;
  /** Lottery: sha256(seed), published from creation. */
  seed_commitment: string | null;
  /** Lottery: the seed sealed with the data key until the draw. */
  seed_sealed: string | null;
  /** Lottery: the seed, revealed at the draw. */
  seed: string | null;
  registration_closes_at: string | null;
  list_digest: string | null;
  drawn_at: string | null;
}

export interface VoucherPacksTable {
  id: string;
  round_id: string;
  campaign_id: string;
  owner_id: string;
  funder_kind: FunderKind;
  /** The calendar year (China time) the claim counts in for the per-year limits. */
  year: number;
  face_fen: number | string;
  claimed_at: string;
}

export interface VouchersTable {
  id: string;
  code: string;
  pack_id: string;
  round_id: string;
  campaign_id: string;
  owner_id: string;
  face_fen: number | string;
  threshold_fen: number | string;
  valid_until: string;
  state: VoucherState;
  claimed_at: string;
  updated_at: string;
}

export interface VoucherRedemptionsTable {
  id: string;
  voucher_id: string;
  round_id: string;
  campaign_id: string;
  merchant_id: string;
  unit_id: string | null;
  cashier_id: string;
  category: string;
  bill_fen: number | string;
  discount_fen: number | string;
  pay_fen: number | string;
  /** The ledger hold this redemption committed (its money spent; a refund reverses it). */
  hold_id: string;
  at: string;
  /** The part of the bill refunded so far, and the discount given back with it. */
  refunded_bill_fen: Generated<number | string>;
  returned_discount_fen: Generated<number | string>;
  refunded_at: string | null;
  /** The settlement batch that pays the merchant the discount (trade-in settlement). */
  settlement_id: string | null;
  /** 1 once the discount's hold is committed (spent) by a settlement's final approval. */
  committed: Generated<number>;
  /** 1 while the redemption stands; NULL once refunded in full (a restored voucher may be redeemed again). */
  standing: Generated<number | null>;
}

export interface VoucherClawbacksTable {
  id: string;
  /** The voucher redemption refunded after its discount was committed by a settlement. */
  redemption_id: string;
  merchant_id: string;
  unit_id: string;
  pool_id: string;
  amount_fen: number | string;
  /** The voucher batch it is netted in. */
  settlement_id: string | null;
  created_at: string;
}

export interface VoucherRegistrationsTable {
  round_id: string;
  person_id: string;
  entry_hash: string;
  registered_at: string;
  outcome: 'won' | 'not_drawn' | 'won_over_limit' | null;
}

export interface VoucherPersonLocksTable {
  person_id: string;
}

/** The report's running sums, kept by triggers (migration 2026-12-03T1800-voucher-report-sums). */
export interface VoucherReportClaimsTable {
  round_id: string;
  valid_until: string;
  campaign_id: string;
  vouchers: number | string;
  face_fen: number | string;
}

export interface VoucherReportStatesTable {
  round_id: string;
  /** expired or refunded (redeemed ones: standing redemptions; issued ones: the claims less the others). */
  state: VoucherState;
  valid_until: string;
  /** PostgreSQL: the transaction that moved them (its own row, never waited on); SQLite: ''. */
  writer: string;
  campaign_id: string;
  vouchers: number | string;
  face_fen: number | string;
}

export interface VoucherReportRedemptionsTable {
  campaign_id: string;
  grouping: 'round' | 'validity' | 'category' | 'unit' | 'merchant';
  /** The round, `<round>|<valid_until>`, category, merchant's unit ('' when not recorded) or merchant. */
  key: string;
  redeemed: number | string;
  voucher_fen: number | string;
  sales_fen: number | string;
  /** The face of the redeemed vouchers. */
  face_fen: number | string;
}

export interface VoucherTables {
  voucher_campaigns: VoucherCampaignsTable;
  voucher_rounds: VoucherRoundsTable;
  voucher_packs: VoucherPacksTable;
  voucher_registrations: VoucherRegistrationsTable;
  voucher_clawbacks: VoucherClawbacksTable;
  vouchers: VouchersTable;
  voucher_redemptions: VoucherRedemptionsTable;
  voucher_person_locks: VoucherPersonLocksTable;
  voucher_report_claims: VoucherReportClaimsTable;
  voucher_report_states: VoucherReportStatesTable;
  voucher_report_redemptions: VoucherReportRedemptionsTable;
}
