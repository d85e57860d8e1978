/**
 * The settlement (清算) API's wire contract (issue 11): batches of a merchant's redemptions in a unit
 * and period, reviewed stage by stage, committed on final approval, paid through a payout file, closed
 * by importing the bank's payment results. Risk flags are shown beside each line. The review stages and
 * the payout file are shared with reimbursement claims (issue 12). Fixed paths: `GET|POST
 * /api/v1/settlements`, `POST /api/v1/settlements/{id}/reviews`, `GET /api/v1/settlements/{id}/payout-file`,
 * `POST /api/v1/settlements/{id}/payment-results`.
 */
import { Type, type Static } from 'typebox';
import { Paging, Text, Timestamp } from './common.js';

const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

export const SETTLEMENT_STATES = ['reviewing', 'returned', 'approved', 'paid', 'partially_paid', 'failed'] as const;
export const SettlementState = Type.Enum(SETTLEMENT_STATES, {
  description:
    'reviewing: at a stage; returned: rejected at a stage, back with the merchant; approved: money committed, ' +
    'payout file ready; paid / partially_paid / failed: after the payment results',
});
export type SettlementState = Static<typeof SettlementState>;

export const RISK_FLAG_CODES = [
  'PRICE_ABOVE_MEDIAN',
  'PRICE_BUNCHED_UNDER_CEILING',
  'PRICE_AT_CAP_SWEET_SPOT',
  'SHARED_CONTACT',
  'BURST_AT_MERCHANT',
  'RETURNS_AFTER_SETTLEMENT',
  'SEVERAL_UNITS_ONE_DAY',
] as const;
export const RiskFlagCode = Type.Enum(RISK_FLAG_CODES);
export type RiskFlagCode = Static<typeof RiskFlagCode>;

export const RiskFlag = Type.Object({
  code: RiskFlagCode,
  reason: Type.String({ description: 'zh-CN, plain words' }),
  reasonEn: Type.String(),
  evidence: Type.Array(Type.Object({ label: Type.String(), value: Type.String() }), {
    description: 'the rows that raised it',
  }),
});
export type RiskFlag = Static<typeof RiskFlag>;

export const SettlementLineView = Type.Object({
  redemptionId: Type.String(),
  kind: Type.Union([Type.Literal('redemption'), Type.Literal('clawback'), Type.Literal('voucher')]),
  line: Type.String(),
  category: Type.String(),
  model: Type.String(),
  finalPriceFen: Type.Integer(),
  amountFen: Type.Integer({ description: 'subsidy to pay (negative for a clawback)' }),
  heldOut: Type.Boolean({ description: 'held out of this batch by a reviewer: goes to the next one' }),
  heldOutReason: Type.Union([Type.String(), Type.Null()]),
  redeemedAt: Timestamp,
  flags: Type.Array(RiskFlag),
});
export type SettlementLineView = Static<typeof SettlementLineView>;

export const ReviewStageView = Type.Object({
  id: Type.String(),
  label: Type.String(),
  labelEn: Type.String(),
  role: Type.String(),
  scope: Type.Union([Type.Literal('unit'), Type.Literal('city')]),
});
export type ReviewStageView = Static<typeof ReviewStageView>;

export const ReviewView = Type.Object({
  stage: Type.String(),
  decision: Type.Union([Type.Literal('approve'), Type.Literal('reject')]),
  reason: Type.Union([Type.String(), Type.Null()]),
  reviewerId: Type.String(),
  reviewerName: Type.String(),
  at: Timestamp,
});
export type ReviewView = Static<typeof ReviewView>;

export const SettlementView = Type.Object({
  id: Type.String(),
  programme: Type.Union([Type.Literal('trade_in'), Type.Literal('voucher')], {
    description: 'trade-in subsidies, or consumption-voucher discounts',
  }),
  poolId: Type.Union([Type.String(), Type.Null()], { description: 'vouchers: the funder’s pool that pays' }),
  reference: Type.String({ description: 'the batch reference printed on the payout file and the bank transfer' }),
  merchantId: Type.String(),
  merchantName: Type.String(),
  unitId: Type.String(),
  periodFrom: IsoDate,
  periodTo: IsoDate,
  state: SettlementState,
  stage: Type.Union([ReviewStageView, Type.Null()], { description: 'the stage it waits at; null when not reviewing' }),
  stages: Type.Array(ReviewStageView),
  redemptions: Type.Integer(),
  grossFen: Type.Integer({ description: 'subsidy of the lines not held out' }),
  clawbackFen: Type.Integer({ description: 'returns after earlier settlements, netted here' }),
  netFen: Type.Integer({ description: 'what the merchant is paid' }),
  flaggedLines: Type.Integer(),
  reviews: Type.Array(ReviewView),
  paidFen: Type.Integer(),
  createdAt: Timestamp,
  approvedAt: Type.Union([Timestamp, Type.Null()]),
});
export type SettlementView = Static<typeof SettlementView>;

export const SettlementDetail = Type.Object({
  settlement: SettlementView,
  lines: Type.Array(SettlementLineView),
});
export type SettlementDetail = Static<typeof SettlementDetail>;

export const SettlementList = Type.Object({ items: Type.Array(SettlementView), total: Type.Integer() });
export type SettlementList = Static<typeof SettlementList>;

export const SettlementListQuery = Type.Object(
  {
    state: Type.Optional(SettlementState),
    unitId: Type.Optional(Type.String({ maxLength: 80 })),
    merchantId: Type.Optional(Type.String({ maxLength: 80 })),
    awaitingMe: Type.Optional(Type.Boolean({ description: 'only batches waiting at a stage the caller reviews' })),
    ...Paging,
  },
  { additionalProperties: false },
);
export type SettlementListQuery = Static<typeof SettlementListQuery>;

/** `POST /api/v1/settlements`: build the batches of a period (each merchant × unit with something to pay). */
export const SettlementRunRequest = Type.Object(
  {
    periodFrom: IsoDate,
    periodTo: IsoDate,
    unitId: Type.Optional(Type.String({ maxLength: 80, description: 'only this unit' })),
    programme: Type.Optional(
      Type.Union([Type.Literal('trade_in'), Type.Literal('voucher')], {
        description: 'what to settle: trade-in subsidies (default) or voucher discounts (a batch per funder pool)',
      }),
    ),
  },
  { additionalProperties: false },
);
export type SettlementRunRequest = Static<typeof SettlementRunRequest>;

export const SettlementRunResult = Type.Object({
  created: Type.Array(SettlementView),
  skipped: Type.Integer({ description: 'redemptions still inside their return window' }),
});
export type SettlementRunResult = Static<typeof SettlementRunResult>;

export const SettlementReview = Type.Object(
  {
    decision: Type.Union([Type.Literal('approve'), Type.Literal('reject')]),
    reason: Type.Optional(Text(500, 'required when rejecting')),
    holdOut: Type.Optional(
      Type.Array(
        Type.Object(
          { redemptionId: Type.String({ maxLength: 40 }), reason: Text(500) },
          { additionalProperties: false },
        ),
        { maxItems: 10_000, description: 'lines taken out of this batch (they wait for the next one)' },
      ),
    ),
  },
  { additionalProperties: false },
);
export type SettlementReview = Static<typeof SettlementReview>;

export const PayoutFormatQuery = Type.Object(
  { format: Type.Optional(Type.Union([Type.Literal('xlsx'), Type.Literal('csv')])) },
  { additionalProperties: false },
);
export type PayoutFormatQuery = Static<typeof PayoutFormatQuery>;

export const PaymentResult = Type.Object(
  {
    reference: Type.String({ minLength: 1, maxLength: 80, description: 'the batch reference' }),
    status: Type.Union([Type.Literal('paid'), Type.Literal('failed')]),
    amountFen: Type.Integer({ minimum: 0 }),
    bankReference: Type.Optional(Type.String({ maxLength: 80 })),
    failureReason: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type PaymentResult = Static<typeof PaymentResult>;

export const PaymentResultsRequest = Type.Object(
  { results: Type.Array(PaymentResult, { minItems: 1, maxItems: 10_000 }) },
  { additionalProperties: false },
);
export type PaymentResultsRequest = Static<typeof PaymentResultsRequest>;
