/** Claims' vocabulary (docs/glossary.md): the lines, states, evidence kinds and reason codes. Imports nothing. */
export const CLAIM_LINES = ['car_scrap', 'car_replace', 'elderly_adaptation', 'first_launch'] as const;
export type ClaimLine = (typeof CLAIM_LINES)[number];

export const CLAIM_STATES = [
  'draft',
  'reviewing',
  'returned',
  'approved',
  'in_payout',
  'paid',
  'payout_failed',
  'rejected',
  'withdrawn',
] as const;
export type ClaimState = (typeof CLAIM_STATES)[number];

export const EVIDENCE_KINDS = [
  'scrap_certificate',
  'deregistration',
  'transfer_record',
  'invoice',
  'registration',
  'photo',
  'resident_id',
  'cost_voucher',
] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

export const CLAIM_REASON_CODES = [
  'EVIDENCE_UNCLEAR',
  'EVIDENCE_MISSING',
  'FACTS_MISMATCH',
  'NAME_MISMATCH',
  'NOT_ELIGIBLE',
  'ALREADY_SUBSIDISED',
  'LABOUR_INCLUDED',
  'OTHER',
] as const;
export type ClaimReasonCode = (typeof CLAIM_REASON_CODES)[number];

/** States in which the claim's money is held or spent: they count in the applicant's quotas and caps. */
export const STANDING_STATES: readonly ClaimState[] = ['approved', 'in_payout', 'paid', 'payout_failed'];
