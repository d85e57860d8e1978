/** The claims tables (migration 2026-12-03T0900-claims). Money is integer fen; lists are JSON text. */
import type { ClaimLine, ClaimState, EvidenceKind } from '../domain/claims/vocabulary.js';

export interface ClaimsTable {
  id: string;
  reference: string;
  line: ClaimLine;
  unit_id: string;
  applicant_id: string;
  /** Masked already (张**): the reviewers' queue shows it without decrypting. */
  applicant_name: string;
  merchant_id: string | null;
  state: ClaimState;
  stage_index: number | null;
  due_on: string | null;
  /** The application's facts as JSON, encrypted (names, birth dates, addresses). */
  facts_cipher: string;
  /** Holder keys (keyed hashes): one new car, one old car, one dwelling, one entity. */
  new_car_key: string | null;
  old_car_key: string | null;
  dwelling_key: string | null;
  entity_key: string | null;
  subsidy_fen: number | string;
  eligible: number;
  /** The engine's explained decision (JSON: explanation, reasons, parameter version). */
  decision: string;
  rule_date: string;
  pool_id: string | null;
  hold_id: string | null;
  payee_name: string | null;
  payee_bank: string | null;
  payee_account_cipher: string | null;
  payee_account_last4: string | null;
  payout_batch_id: string | null;
  payout_failure: string | null;
  top_up_of: string | null;
  created_at: string;
  submitted_at: string | null;
  decided_at: string | null;
  updated_at: string;
}

export interface ClaimEvidenceTable {
  id: string;
  claim_id: string;
  kind: EvidenceKind;
  sha256: string;
  media_type: string;
  size_bytes: number;
  file_name: string;
  uploaded_by: string;
  uploaded_at: string;
}

export interface ClaimReviewsTable {
  id: string;
  claim_id: string;
  stage: string;
  stage_index: number;
  decision: 'approve' | 'reject' | 'return';
  /** JSON array of reason codes. */
  reason_codes: string;
  comment: string | null;
  reviewer_id: string;
  reviewer_name: string;
  at: string;
  due_on: string | null;
  late: number;
}

export interface ClaimPayoutBatchesTable {
  id: string;
  reference: string;
  state: 'exported' | 'paid' | 'partially_paid' | 'failed';
  claims: number;
  total_fen: number | string;
  paid_fen: number | string;
  failed: number;
  created_by: string;
  created_at: string;
}

export interface ClaimPayoutsTable {
  batch_id: string;
  claim_id: string;
  amount_fen: number | string;
  payee_name: string;
  payee_bank: string;
  payee_account_cipher: string;
  status: 'pending' | 'paid' | 'failed';
  bank_reference: string | null;
  failure_reason: string | null;
  recorded_at: string | null;
}

export interface ClaimTables {
  claims: ClaimsTable;
  claim_evidence: ClaimEvidenceTable;
  claim_reviews: ClaimReviewsTable;
  claim_payout_batches: ClaimPayoutBatchesTable;
  claim_payouts: ClaimPayoutsTable;
}
