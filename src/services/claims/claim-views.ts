/**
 * How a claim is shown: its facts decrypted and masked (names, addresses, the payee's account), its
 * stages with their deadlines, evidence, reviews with the reasons' words. One function, so the
 * applicant, the reviewers and the API see the same shape.
 */
import type { ClaimApplication, ClaimStageView, ClaimView, EvidenceFileView } from '../../contract/claims.js';
import type { ClaimEvidenceRow, ClaimReviewRow, ClaimRow } from '../../db/claims-repository.js';
import { factRows, maskName } from '../../domain/claims/facts.js';
import { reasonsOf } from '../../domain/claims/reasons.js';
import { REQUIRED_EVIDENCE, type ClaimStage } from '../../domain/claims/stages.js';
import { LINE_SPECS } from '../../domain/subsidy/lines.js';
import type { PersonalDataCipher } from '../security/personal-data-cipher.js';

/** What is kept of the engine's decision on the claim row (JSON in `decision`). */
export interface StoredDecision {
  readonly explanation: string;
  readonly explanationEn: string;
  readonly reasons: { code: string; message: string; messageEn: string }[];
  readonly parameterVersion: string;
  readonly planVersionId: string;
}

export function stageView(stage: ClaimStage, days: number): ClaimStageView {
  return {
    id: stage.id,
    label: stage.label,
    labelEn: stage.labelEn,
    role: stage.role,
    scope: stage.scope,
    ...(stage.department === undefined ? {} : { department: stage.department }),
    deadlineWorkingDays: days,
    deadlineSource: stage.deadlineSource,
  };
}

export function evidenceView(row: ClaimEvidenceRow): EvidenceFileView {
  return {
    id: row.id,
    kind: row.kind,
    sha256: row.sha256,
    mediaType: row.media_type,
    sizeBytes: Number(row.size_bytes),
    fileName: row.file_name,
    uploadedAt: row.uploaded_at,
  };
}

export function claimFacts(cipher: PersonalDataCipher, row: ClaimRow): ClaimApplication {
  return JSON.parse(cipher.decrypt(row.facts_cipher)) as ClaimApplication;
}

export function claimView(
  cipher: PersonalDataCipher,
  row: ClaimRow,
  stages: readonly ClaimStageView[],
  evidence: readonly ClaimEvidenceRow[],
  reviews: readonly ClaimReviewRow[],
  today: string,
): ClaimView {
  const decision = JSON.parse(row.decision) as StoredDecision;
  const waiting = row.state === 'reviewing' && row.stage_index !== null ? (stages[row.stage_index] ?? null) : null;
  const spec = LINE_SPECS[row.line];
  return {
    id: row.id,
    reference: row.reference,
    line: row.line,
    lineLabel: spec.label,
    lineLabelEn: spec.labelEn,
    unitId: row.unit_id,
    applicantId: row.applicant_id,
    applicantName: row.applicant_name,
    merchantId: row.merchant_id,
    state: row.state,
    topUpOf: row.top_up_of,
    subsidyFen: Number(row.subsidy_fen),
    explanation: decision.explanation,
    explanationEn: decision.explanationEn,
    eligible: row.eligible === 1,
    reasons: decision.reasons,
    facts: { summary: factRows(claimFacts(cipher, row)) },
    payee:
      row.payee_name === null
        ? null
        : {
            name: maskName(row.payee_name),
            bankName: row.payee_bank ?? '',
            bankAccount: `****${row.payee_account_last4 ?? ''}`,
          },
    stage: waiting,
    stages: [...stages],
    dueOn: waiting === null ? null : row.due_on,
    overdue: waiting !== null && row.due_on !== null && row.due_on < today,
    holdId: row.hold_id,
    requiredEvidence: [...REQUIRED_EVIDENCE[row.line]],
    evidence: evidence.filter((item) => item.claim_id === row.id).map(evidenceView),
    reviews: reviews
      .filter((review) => review.claim_id === row.id)
      .map((review) => {
        const codes = JSON.parse(review.reason_codes) as string[];
        const reasons = reasonsOf(codes);
        return {
          stage: review.stage,
          decision: review.decision,
          reasonCodes: reasons.map((reason) => reason.code),
          reasons,
          comment: review.comment,
          reviewerId: review.reviewer_id,
          reviewerName: review.reviewer_name,
          at: review.at,
          dueOn: review.due_on,
          late: review.late === 1,
        };
      }),
    payoutBatchId: row.payout_batch_id,
    payoutFailure: row.payout_failure,
    createdAt: row.created_at,
    submittedAt: row.submitted_at,
    decidedAt: row.decided_at,
  };
}
