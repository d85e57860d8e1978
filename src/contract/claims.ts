/**
 * Reimbursement claims' wire contract (issue 12): a citizen (cars, elderly home adaptation) or a company
 * (first launch, through its merchant organisation) applies after the purchase or event with the line's
 * facts, uploads evidence, submits; reviewers decide stage by stage within working-day deadlines; the
 * money is held at the first approval and paid through payout batches into the applicant's own account.
 * Fixed paths: `POST /api/v1/claims`, `POST /api/v1/claims/{id}/evidence` (multipart),
 * `POST /api/v1/claims/{id}/submit`, `GET /api/v1/claims/mine`, `GET /api/v1/claims?stage=&overdue=`,
 * `POST /api/v1/claims/{id}/reviews`.
 */
import { Type, type Static } from 'typebox';
import { Paging, Text, Timestamp } from './common.js';
import { ReviewStageView } from './settlement.js';
import { CLAIM_LINES, CLAIM_REASON_CODES, CLAIM_STATES, EVIDENCE_KINDS } from '../domain/claims/vocabulary.js';

export { CLAIM_LINES, CLAIM_REASON_CODES, CLAIM_STATES, EVIDENCE_KINDS };

const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
const Fen = Type.Integer({ minimum: 0, maximum: 900_000_000_000, description: 'integer fen (分)' });
/** A vehicle identification number: 17 characters, no I, O or Q (GB 16735). */
const Vin = Type.String({ pattern: '^[A-HJ-NPR-Z0-9]{17}$', description: 'VIN (车辆识别代号), 17 characters' });

export const ClaimLine = Type.Enum(CLAIM_LINES, { description: 'a subsidy line paid by reimbursement after review' });
export type ClaimLine = Static<typeof ClaimLine>;

export const ClaimState = Type.Enum(CLAIM_STATES, {
  description:
    'draft: priced, evidence being added; reviewing: at a stage; returned: back with the applicant for more ' +
    'evidence; approved: every stage approved, money committed, waiting for a payout batch; in_payout: in a ' +
    'batch sent to the bank; paid; payout_failed: the bank refused, the applicant corrects the account; ' +
    'rejected: money released; withdrawn: taken back by the applicant (money released)',
});
export type ClaimState = Static<typeof ClaimState>;

export const EvidenceKind = Type.Enum(EVIDENCE_KINDS, {
  description:
    'scrap_certificate 报废机动车回收证明; deregistration 机动车注销证明; transfer_record 二手车转移登记; ' +
    'invoice 发票; registration 新车机动车登记证书; photo 照片; resident_id 老年人身份证明; cost_voucher 费用凭证',
});
export type EvidenceKind = Static<typeof EvidenceKind>;

export const ClaimReasonCode = Type.Enum(CLAIM_REASON_CODES);
export type ClaimReasonCode = Static<typeof ClaimReasonCode>;

export const OldCarFacts = Type.Object(
  {
    ownerName: Text(40, "the registered owner's name (must be the applicant's)"),
    vin: Vin,
    registeredOn: IsoDate,
    plate: Type.Optional(Type.String({ maxLength: 12 })),
  },
  { additionalProperties: false },
);
export const NewCarFacts = Type.Object(
  {
    vin: Vin,
    kind: Type.Union([Type.Literal('nev'), Type.Literal('fuel')]),
    displacementMl: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
    invoiceNumber: Text(40, '机动车销售统一发票 number'),
    invoiceDate: IsoDate,
    priceFen: Fen,
    registeredOn: IsoDate,
  },
  { additionalProperties: false },
);
export const DwellingFacts = Type.Object(
  {
    address: Text(200, 'the dwelling (one per person)'),
    residentName: Text(40),
    residentBirthDate: IsoDate,
  },
  { additionalProperties: false },
);
export const AdaptationItem = Type.Object(
  {
    name: Text(100),
    productCostFen: Fen,
    labourCostFen: Type.Integer({ minimum: 0, maximum: 900_000_000_000, description: 'never subsidised' }),
  },
  { additionalProperties: false },
);
export const LaunchEvent = Type.Object(
  {
    name: Text(200, 'the launch, show or exhibition (首发/首秀/首展)'),
    date: IsoDate,
    venue: Text(200),
  },
  { additionalProperties: false },
);
export const CostItem = Type.Object({ item: Text(200), amountFen: Fen }, { additionalProperties: false });
export const PayeeInput = Type.Object(
  {
    name: Text(100, "the account holder: the applicant's own name, or the company's"),
    bankName: Text(100),
    bankAccount: Type.String({ pattern: '^[0-9 ]{12,40}$', description: 'digits' }),
  },
  { additionalProperties: false },
);
export type PayeeInput = Static<typeof PayeeInput>;

/** `POST /api/v1/claims`: one application with the facts its line needs (the others absent). */
export const ClaimApplication = Type.Object(
  {
    line: ClaimLine,
    unitId: Type.String({ minLength: 1, maxLength: 80, description: 'where the applicant lives or the company is' }),
    oldCar: Type.Optional(OldCarFacts),
    newCar: Type.Optional(NewCarFacts),
    dwelling: Type.Optional(DwellingFacts),
    purchaseDate: Type.Optional(IsoDate),
    items: Type.Optional(Type.Array(AdaptationItem, { minItems: 1, maxItems: 50 })),
    merchantId: Type.Optional(Type.String({ maxLength: 80, description: 'first launch: the company applying' })),
    event: Type.Optional(LaunchEvent),
    costs: Type.Optional(Type.Array(CostItem, { minItems: 1, maxItems: 100 })),
    payee: Type.Optional(PayeeInput),
  },
  { additionalProperties: false },
);
export type ClaimApplication = Static<typeof ClaimApplication>;

export const EvidenceFileView = Type.Object({
  id: Type.String(),
  kind: EvidenceKind,
  sha256: Type.String(),
  mediaType: Type.String(),
  sizeBytes: Type.Integer(),
  fileName: Type.String(),
  uploadedAt: Timestamp,
});
export type EvidenceFileView = Static<typeof EvidenceFileView>;

export const ClaimStageView = Type.Object({
  ...ReviewStageView.properties,
  department: Type.Optional(Type.String({ description: 'the department whose officers decide a city stage' })),
  deadlineWorkingDays: Type.Integer(),
  deadlineSource: Type.String({ description: 'the clause or rule that sets the deadline' }),
});
export type ClaimStageView = Static<typeof ClaimStageView>;

export const ClaimReviewView = Type.Object({
  stage: Type.String(),
  decision: Type.Union([Type.Literal('approve'), Type.Literal('reject'), Type.Literal('return')]),
  reasonCodes: Type.Array(ClaimReasonCode),
  reasons: Type.Array(Type.Object({ code: ClaimReasonCode, label: Type.String(), labelEn: Type.String() })),
  comment: Type.Union([Type.String(), Type.Null()]),
  reviewerId: Type.String(),
  reviewerName: Type.String(),
  at: Timestamp,
  dueOn: Type.Union([IsoDate, Type.Null()]),
  late: Type.Boolean({ description: 'decided after the stage deadline' }),
});
export type ClaimReviewView = Static<typeof ClaimReviewView>;

export const ClaimView = Type.Object({
  id: Type.String(),
  reference: Type.String({ description: 'SQ-<line>-<short id>, on the payout file' }),
  line: ClaimLine,
  lineLabel: Type.String(),
  lineLabelEn: Type.String(),
  unitId: Type.String(),
  applicantId: Type.String(),
  applicantName: Type.String({ description: 'masked' }),
  merchantId: Type.Union([Type.String(), Type.Null()]),
  state: ClaimState,
  topUpOf: Type.Union([Type.String(), Type.Null()], { description: 'a top-up after a raised standard' }),
  subsidyFen: Type.Integer({ description: 'the amount priced (or held, once approved at a stage)' }),
  explanation: Type.String({ description: 'zh-CN, the engine’s words' }),
  explanationEn: Type.String(),
  eligible: Type.Boolean(),
  reasons: Type.Array(Type.Object({ code: Type.String(), message: Type.String(), messageEn: Type.String() })),
  facts: Type.Object(
    {
      summary: Type.Array(Type.Object({ label: Type.String(), labelEn: Type.String(), value: Type.String() })),
    },
    { description: 'the facts as shown (personal data masked)' },
  ),
  payee: Type.Union([
    Type.Object({ name: Type.String(), bankName: Type.String(), bankAccount: Type.String({ description: 'masked' }) }),
    Type.Null(),
  ]),
  stage: Type.Union([ClaimStageView, Type.Null()], { description: 'the stage it waits at' }),
  stages: Type.Array(ClaimStageView),
  dueOn: Type.Union([IsoDate, Type.Null()], { description: 'the current stage’s deadline' }),
  overdue: Type.Boolean(),
  holdId: Type.Union([Type.String(), Type.Null()]),
  requiredEvidence: Type.Array(EvidenceKind),
  evidence: Type.Array(EvidenceFileView),
  reviews: Type.Array(ClaimReviewView),
  payoutBatchId: Type.Union([Type.String(), Type.Null()]),
  payoutFailure: Type.Union([Type.String(), Type.Null()]),
  createdAt: Timestamp,
  submittedAt: Type.Union([Timestamp, Type.Null()]),
  decidedAt: Type.Union([Timestamp, Type.Null()]),
});
export type ClaimView = Static<typeof ClaimView>;

/** What `POST /api/v1/claims` answers (the fixed fields first; the whole view beside them). */
export const ClaimCreated = Type.Object({
  id: Type.String(),
  state: ClaimState,
  subsidyFen: Type.Integer(),
  explanation: Type.String(),
  claim: ClaimView,
});
export type ClaimCreated = Static<typeof ClaimCreated>;

export const ClaimList = Type.Object({ items: Type.Array(ClaimView), total: Type.Integer() });
export type ClaimList = Static<typeof ClaimList>;

export const ClaimListQuery = Type.Object(
  {
    stage: Type.Optional(Type.String({ maxLength: 40, description: 'waiting at this stage id' })),
    overdue: Type.Optional(Type.Boolean()),
    state: Type.Optional(ClaimState),
    line: Type.Optional(ClaimLine),
    unitId: Type.Optional(Type.String({ maxLength: 80 })),
    awaitingMe: Type.Optional(Type.Boolean({ description: 'only claims at a stage the caller reviews' })),
    ...Paging,
  },
  { additionalProperties: false },
);
export type ClaimListQuery = Static<typeof ClaimListQuery>;

export const ClaimReview = Type.Object(
  {
    decision: Type.Union([Type.Literal('approve'), Type.Literal('reject'), Type.Literal('return')]),
    reasonCodes: Type.Optional(Type.Array(ClaimReasonCode, { maxItems: 8, description: 'required unless approving' })),
    comment: Type.Optional(Type.String({ maxLength: 500, description: 'words the applicant reads' })),
  },
  { additionalProperties: false },
);
export type ClaimReview = Static<typeof ClaimReview>;

export const BulkApproval = Type.Object(
  { ids: Type.Array(Type.String({ maxLength: 40 }), { minItems: 1, maxItems: 200 }) },
  { additionalProperties: false },
);
export type BulkApproval = Static<typeof BulkApproval>;

export const BulkApprovalResult = Type.Object({
  approved: Type.Array(Type.String()),
  refused: Type.Array(Type.Object({ id: Type.String(), code: Type.String(), message: Type.String() })),
});
export type BulkApprovalResult = Static<typeof BulkApprovalResult>;

export const EvidenceUploadQuery = Type.Object({ kind: EvidenceKind }, { additionalProperties: false });
export type EvidenceUploadQuery = Static<typeof EvidenceUploadQuery>;

export const EvidenceParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 40 }),
  evidenceId: Type.String({ minLength: 1, maxLength: 40 }),
});
export type EvidenceParams = Static<typeof EvidenceParams>;

export const PayeeCorrection = Type.Object({ payee: PayeeInput }, { additionalProperties: false });
export type PayeeCorrection = Static<typeof PayeeCorrection>;

export const ReasonTemplate = Type.Object({ code: ClaimReasonCode, label: Type.String(), labelEn: Type.String() });
export const ClaimSettings = Type.Object({
  lines: Type.Array(
    Type.Object({
      line: ClaimLine,
      label: Type.String(),
      labelEn: Type.String(),
      stages: Type.Array(ClaimStageView),
      requiredEvidence: Type.Array(EvidenceKind),
    }),
  ),
  reasons: Type.Array(ReasonTemplate),
});
export type ClaimSettings = Static<typeof ClaimSettings>;

/** Payout batches of approved claims: the same .xlsx and bank CSV as merchant settlement. */
export const CLAIM_PAYOUT_STATES = ['exported', 'paid', 'partially_paid', 'failed'] as const;
export const ClaimPayoutBatchView = Type.Object({
  id: Type.String(),
  reference: Type.String(),
  state: Type.Enum(CLAIM_PAYOUT_STATES),
  claims: Type.Integer(),
  totalFen: Type.Integer(),
  paidFen: Type.Integer(),
  failed: Type.Integer(),
  createdAt: Timestamp,
  createdBy: Type.String(),
});
export type ClaimPayoutBatchView = Static<typeof ClaimPayoutBatchView>;

export const ClaimPayoutLineView = Type.Object({
  claimId: Type.String(),
  claimReference: Type.String(),
  line: ClaimLine,
  amountFen: Type.Integer(),
  payeeName: Type.String({ description: 'masked' }),
  bankName: Type.String(),
  bankAccount: Type.String({ description: 'masked: last four digits' }),
  status: Type.Union([Type.Literal('pending'), Type.Literal('paid'), Type.Literal('failed')]),
  bankReference: Type.Union([Type.String(), Type.Null()]),
  failureReason: Type.Union([Type.String(), Type.Null()]),
});
export type ClaimPayoutLineView = Static<typeof ClaimPayoutLineView>;

export const ClaimPayoutBatchDetail = Type.Object({
  batch: ClaimPayoutBatchView,
  lines: Type.Array(ClaimPayoutLineView),
});
export type ClaimPayoutBatchDetail = Static<typeof ClaimPayoutBatchDetail>;

export const ClaimPayoutBatchList = Type.Object({ items: Type.Array(ClaimPayoutBatchView) });
export type ClaimPayoutBatchList = Static<typeof ClaimPayoutBatchList>;

export const ClaimPayoutRun = Type.Object(
  { line: Type.Optional(ClaimLine), unitId: Type.Optional(Type.String({ maxLength: 80 })) },
  { additionalProperties: false },
);
export type ClaimPayoutRun = Static<typeof ClaimPayoutRun>;

export const ClaimPaymentResult = Type.Object(
  {
    claimReference: Type.String({ minLength: 1, maxLength: 80, description: 'the claim reference on the file' }),
    status: Type.Union([Type.Literal('paid'), Type.Literal('failed')]),
    amountFen: Type.Integer({ minimum: 0 }),
    bankReference: Type.Optional(Type.String({ maxLength: 80 })),
    failureReason: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type ClaimPaymentResult = Static<typeof ClaimPaymentResult>;

export const ClaimPaymentResults = Type.Object(
  { results: Type.Array(ClaimPaymentResult, { minItems: 1, maxItems: 10_000 }) },
  { additionalProperties: false },
);
export type ClaimPaymentResults = Static<typeof ClaimPaymentResults>;

export const ClaimPaymentOutcome = Type.Object({
  batch: ClaimPayoutBatchView,
  paid: Type.Integer(),
  failed: Type.Integer(),
});
export type ClaimPaymentOutcome = Static<typeof ClaimPaymentOutcome>;

export const RecomputeRequest = Type.Object(
  { from: IsoDate, dryRun: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
export type RecomputeRequest = Static<typeof RecomputeRequest>;

export const RecomputeResult = Type.Object({
  examined: Type.Integer(),
  topUps: Type.Array(Type.Object({ claimId: Type.String(), topUpId: Type.String(), amountFen: Type.Integer() })),
  totalFen: Type.Integer(),
});
export type RecomputeResult = Static<typeof RecomputeResult>;

export const OverdueReminderResult = Type.Object({
  reminded: Type.Integer({ description: 'reviewers told' }),
  claims: Type.Integer({ description: 'overdue claims' }),
});
export type OverdueReminderResult = Static<typeof OverdueReminderResult>;
