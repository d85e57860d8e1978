/**
 * The trade-in and settlement tables (migration 2026-12-02T1000-trade-in). Money is integer fen;
 * lists that the platform only ever reads whole (a membership's lines, units, categories, stores; a
 * settlement line's flags) are JSON text.
 */
import type { Generated } from 'kysely';

export interface TradeInMembershipsTable {
  id: string;
  merchant_id: string;
  /** JSON array of trade-in lines. */
  lines: string;
  /** JSON array of unit ids. */
  units: string;
  /** JSON array of category codes. */
  categories: string;
  /** JSON array of store names and addresses. */
  stores: string;
  bank_account_name: string;
  /** Personal data of a business, encrypted like a citizen's (AES-256-GCM). */
  bank_account_cipher: string;
  bank_account_last4: string;
  bank_name: string;
  state: 'applied' | 'approved' | 'refused' | 'suspended';
  reason: string | null;
  applied_by: string;
  decided_by: string | null;
  decided_at: string | null;
  created_at: string;
}

export interface CreditListingsTable {
  credit_code: string;
  list: 'abnormal_operation' | 'dishonest';
  listed_on: string;
  removed_on: string | null;
  source: string;
  recorded_by: string;
  recorded_at: string;
}

export interface TradeInReleasesTable {
  line: string;
  /** YYYY-MM-DD in Asia/Shanghai. */
  day: string;
  released: number;
  claimed: number;
  released_at: string;
  why: string;
}

export interface TradeInQualificationsTable {
  id: string;
  citizen_id: string;
  line: string;
  category: string;
  year: number;
  day: string;
  state: 'active' | 'used' | 'expired';
  short_code: string;
  valid_until: string;
  claimed_at: string;
  used_at: string | null;
  redemption_id: string | null;
}

export interface SubsidisedGoodsTable {
  /** `serial:<normalised serial number, IMEI or VIN>`. */
  goods_key: string;
  /** What subsidised it: `redemption:<id>` (or a claim, issue 12). */
  subject: string;
  created_at: string;
}

export interface TradeInRedemptionsTable {
  id: string;
  qualification_id: string;
  citizen_id: string;
  merchant_id: string;
  unit_id: string;
  line: string;
  category: string;
  model: string;
  serial_number: string;
  goods_key: string;
  efficiency_grade: number | null;
  final_price_fen: number;
  subsidy_fen: number;
  returned_price_fen: number;
  invoice_number: string;
  invoice_buyer_cipher: string;
  explanation: string;
  explanation_en: string;
  clause: string;
  parameter_version: string;
  plan_version_id: string;
  /**
   * As written: redeemed, partially_returned or returned ('settled' only in rows from before
   * 2026-12-06). A redemption reads as settled while its settlement row says committed and it is not
   * returned in full (TradeInRepository works that out as it reads).
   */
  state: 'redeemed' | 'partially_returned' | 'returned' | 'settled';
  cashier_id: string;
  device_id: string | null;
  /** YYYY-MM-DD in Asia/Shanghai. */
  day: string;
  created_at: string;
}

/**
 * A redemption's settlement state, apart from its wide sale row (migration 2026-12-06T2100): a row once a
 * batch has taken the redemption; none means in no batch and not committed.
 */
export interface TradeInRedemptionSettlementTable {
  redemption_id: string;
  /** The batch it is in; null when it was given back to the queue (a rejection, a failed payment, a return). */
  settlement_id: string | null;
  /** 1 once its holds are committed (final approval of a settlement). */
  committed: number;
}

export interface TradeInRedemptionSharesTable {
  redemption_id: string;
  source: string;
  pool_id: string;
  hold_id: string;
  amount_fen: number;
}

export interface TradeInReturnsTable {
  id: string;
  redemption_id: string;
  returned_price_fen: number;
  refund_fen: number;
  subsidy_back_fen: number;
  money: 'released' | 'clawed_back';
  reason: string;
  actor: string;
  created_at: string;
}

export interface TradeInClawbacksTable {
  id: string;
  redemption_id: string;
  merchant_id: string;
  unit_id: string;
  amount_fen: number;
  /** The settlement it was netted in; null while outstanding. */
  settlement_id: string | null;
  created_at: string;
}

export interface SettlementsTable {
  id: string;
  reference: string;
  merchant_id: string;
  unit_id: string;
  period_from: string;
  period_to: string;
  state: 'reviewing' | 'returned' | 'approved' | 'paid' | 'partially_paid' | 'failed';
  stage_index: number;
  gross_fen: number;
  clawback_fen: number;
  paid_fen: number;
  created_by: string;
  created_at: string;
  approved_at: string | null;
  /** What the batch pays: trade-in subsidies, or voucher discounts (from `pool_id`, the funder's pool). */
  programme: 'trade_in' | 'voucher';
  pool_id: string | null;
  /** Redemption and voucher lines not held out (kept with the lines: a view does not count them). */
  redemption_count: Generated<number>;
  /** Lines with a risk flag. */
  flagged_count: Generated<number>;
}

export interface SettlementLinesTable {
  settlement_id: string;
  /** The redemption id, or the clawback id for a clawback line. */
  item_id: string;
  kind: 'redemption' | 'clawback' | 'voucher';
  redemption_id: string;
  amount_fen: number;
  held_out: number;
  held_out_reason: string | null;
  /** JSON array of RiskFlag. */
  flags: string;
}

export interface SettlementReviewsTable {
  settlement_id: string;
  sequence: number;
  stage: string;
  decision: 'approve' | 'reject';
  reason: string | null;
  reviewer_id: string;
  at: string;
}

export interface PaymentResultsTable {
  settlement_id: string;
  sequence: number;
  status: 'paid' | 'failed';
  amount_fen: number;
  bank_reference: string | null;
  failure_reason: string | null;
  imported_by: string;
  imported_at: string;
}

export interface TradeInTables {
  trade_in_memberships: TradeInMembershipsTable;
  credit_listings: CreditListingsTable;
  trade_in_releases: TradeInReleasesTable;
  trade_in_qualifications: TradeInQualificationsTable;
  subsidised_goods: SubsidisedGoodsTable;
  trade_in_redemptions: TradeInRedemptionsTable;
  trade_in_redemption_settlement: TradeInRedemptionSettlementTable;
  trade_in_redemption_shares: TradeInRedemptionSharesTable;
  trade_in_returns: TradeInReturnsTable;
  trade_in_clawbacks: TradeInClawbacksTable;
  settlements: SettlementsTable;
  settlement_lines: SettlementLinesTable;
  settlement_reviews: SettlementReviewsTable;
  payment_results: PaymentResultsTable;
}
