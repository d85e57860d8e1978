/**
 * Consumption vouchers' wire contract (issue 13): campaigns with their funder, packs and limits; rounds
 * released at a moment with a quantity of packs (their whole budget held in the ledger at creation); flash
 * claims by citizens; redemption at the till by the merchant's staff; a round's figures and the campaign's
 * report. Fixed paths (outside checks rely on them): `POST /api/v1/vouchers/campaigns`,
 * `POST /api/v1/vouchers/campaigns/{id}/rounds`, `POST /api/v1/vouchers/rounds/{id}/claims`,
 * `GET /api/v1/vouchers/mine`, `GET /api/v1/vouchers/rounds/{id}`, `POST /api/v1/vouchers/redemptions`,
 * `GET /api/v1/vouchers/campaigns/{id}/report`.
 */
import { Type, type Static } from 'typebox';
import { Text, Timestamp } from './common.js';
import {
  CLAIM_MODES,
  FUNDER_KINDS,
  REFUND_RULES,
  ROUND_STATES,
  VOUCHER_STATES,
} from '../domain/vouchers/vocabulary.js';

export { CLAIM_MODES, FUNDER_KINDS, REFUND_RULES, ROUND_STATES, VOUCHER_STATES };

/** Face values and thresholds: the platform bounds of domain/vouchers/packs.ts. */
const Fen = (maximum: number, description: string) => Type.Integer({ minimum: 0, maximum, description });
const Id = (description?: string) =>
  Type.String({ minLength: 1, maxLength: 120, ...(description === undefined ? {} : { description }) });
const Category = Type.String({ minLength: 1, maxLength: 60, description: 'a goods or service category' });

export const FunderKind = Type.Enum(FUNDER_KINDS, {
  description: 'city: a city budget pool (市级消费券); union: a grassroots union from its own funds (工会消费券)',
});
export const ClaimMode = Type.Enum(CLAIM_MODES, {
  description: 'first_come: first come first served at release; lottery: registration then a draw',
});
export const RoundState = Type.Enum(ROUND_STATES);
export const VoucherState = Type.Enum(VOUCHER_STATES);
export const RefundRule = Type.Enum(REFUND_RULES, {
  description: 'what a full refund of the bill does: restore the voucher, or forfeit it (money back to the pool)',
});

export const Funder = Type.Object(
  {
    kind: FunderKind,
    poolId: Type.String({ minLength: 1, maxLength: 120, description: 'the budget pool the vouchers are paid from' }),
    unionName: Type.Optional(Text(100, 'the grassroots union (union campaigns)')),
    creditCode: Type.Optional(
      Type.String({ pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$', description: "the union's unified social credit code" }),
    ),
  },
  { additionalProperties: false },
);
export type Funder = Static<typeof Funder>;

export const Denomination = Type.Object(
  {
    faceFen: Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'what the voucher takes off a bill, fen' }),
    thresholdFen: Fen(100_000_000, 'the bill it needs (满 threshold 减 face), fen; 0 for none, else ≥ faceFen'),
    count: Type.Integer({ minimum: 1, maximum: 100, description: 'vouchers of this denomination in one pack' }),
  },
  { additionalProperties: false },
);
export type Denomination = Static<typeof Denomination>;

const MaxPacks = Type.Union([Type.Integer({ minimum: 1, maximum: 1_000_000 }), Type.Null()]);
const MaxFace = Type.Union([Type.Integer({ minimum: 1, maximum: 900_000_000_000 }), Type.Null()]);
export const LimitRule = Type.Object(
  { maxPacks: Type.Optional(MaxPacks), maxFaceFen: Type.Optional(MaxFace) },
  { additionalProperties: false },
);
export const VoucherLimits = Type.Object(
  {
    perRound: Type.Optional(LimitRule),
    perCampaign: Type.Optional(LimitRule),
    perFunderYear: Type.Optional(LimitRule),
  },
  {
    additionalProperties: false,
    description:
      'per person: per round (default one pack), per campaign, and across every campaign of the funder kind in a ' +
      'calendar year (union vouchers at most 50,000 fen per member a year: measure 24; a campaign may only tighten)',
  },
);
export type VoucherLimits = Static<typeof VoucherLimits>;

/** `POST /api/v1/vouchers/campaigns`. */
export const CampaignInput = Type.Object(
  {
    name: Text(100),
    funder: Funder,
    categories: Type.Array(Category, { maxItems: 50, description: 'accepted categories; empty: any not excluded' }),
    excludedCategories: Type.Array(Category, { maxItems: 50, description: 'e.g. pharmacy, fuel, appliances' }),
    units: Type.Array(Id('an implementing unit'), { maxItems: 50 }),
    merchants: Type.Optional(
      Type.Array(Id('an accepted merchant'), { maxItems: 10_000, description: 'absent or empty: every merchant' }),
    ),
    packs: Type.Array(Denomination, { minItems: 1, maxItems: 20, description: 'the denominations of one pack' }),
    limits: VoucherLimits,
    stacking: Type.Optional(Type.Boolean({ description: 'may a voucher share a bill with another (default no)' })),
    refundRule: Type.Optional(RefundRule),
    rollover: Type.Optional(
      Type.Boolean({
        description: 'at a round’s expiry, re-release its unspent whole packs into the next round (default no)',
      }),
    ),
  },
  { additionalProperties: false },
);
export type CampaignInput = Static<typeof CampaignInput>;

const LimitRuleView = Type.Object({
  maxPacks: Type.Union([Type.Integer(), Type.Null()]),
  maxFaceFen: Type.Union([Type.Integer(), Type.Null()]),
});
export const CampaignView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  funder: Type.Object({
    kind: FunderKind,
    poolId: Type.String(),
    unionName: Type.Union([Type.String(), Type.Null()]),
    creditCode: Type.Union([Type.String(), Type.Null()]),
  }),
  categories: Type.Array(Type.String()),
  excludedCategories: Type.Array(Type.String()),
  units: Type.Array(Type.String()),
  merchants: Type.Array(Type.String()),
  packs: Type.Array(Denomination),
  packFaceFen: Type.Integer({ description: 'the face value of one pack' }),
  vouchersPerPack: Type.Integer(),
  limits: Type.Object({ perRound: LimitRuleView, perCampaign: LimitRuleView, perFunderYear: LimitRuleView }),
  stacking: Type.Boolean(),
  refundRule: RefundRule,
  rollover: Type.Boolean(),
  createdAt: Timestamp,
});
export type CampaignView = Static<typeof CampaignView>;

/** `POST /api/v1/vouchers/campaigns/{id}/rounds`. */
export const RoundInput = Type.Object(
  {
    releaseAt: Type.String({
      pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,3})?)?(Z|[+-]\\d{2}:\\d{2})$',
      maxLength: 40,
      description: 'when claims open (ISO 8601 with an offset)',
    }),
    quantity: Type.Integer({ minimum: 1, maximum: 15_000_000, description: 'packs in the round' }),
    validDays: Type.Integer({ minimum: 1, maximum: 366, description: 'days a claimed voucher is valid' }),
    mode: ClaimMode,
    registrationClosesAt: Type.Optional(
      Type.String({
        pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,3})?)?(Z|[+-]\\d{2}:\\d{2})$',
        maxLength: 40,
        description: 'lottery rounds: when registration closes and the draw may run (default: a day after release)',
      }),
    ),
  },
  { additionalProperties: false },
);
export type RoundInput = Static<typeof RoundInput>;

export const RoundView = Type.Object({
  id: Type.String(),
  campaignId: Type.String(),
  campaignName: Type.String(),
  releaseAt: Timestamp,
  quantity: Type.Integer({ description: 'packs put up' }),
  issued: Type.Integer({ description: 'packs claimed' }),
  redeemed: Type.Integer({ description: 'vouchers redeemed' }),
  expired: Type.Integer({ description: 'vouchers past their validity unredeemed' }),
  validDays: Type.Integer(),
  mode: ClaimMode,
  state: RoundState,
  budgetFen: Type.Integer({ description: 'quantity × the pack face: held in the ledger at creation' }),
  heldFen: Type.Integer({ description: 'what the round still holds (budget − voucher money spent)' }),
  spentFen: Type.Integer({ description: 'voucher money redeemed (Σ discounts)' }),
  holdId: Type.Union([Type.String(), Type.Null()]),
  createdAt: Timestamp,
  endsAt: Type.String({ description: 'claims close and the round’s vouchers lapse: release day + validDays' }),
  rereleasedPacks: Type.Integer({ description: 'packs carried in from the previous round’s expiry' }),
  rereleasedFrom: Type.Union([Type.String(), Type.Null()], { description: 'the round they came from' }),
  rereleasedInto: Type.Union([Type.String(), Type.Null()], { description: 'the round this one’s rest went to' }),
  returnedFen: Type.Integer({ description: 'what this round’s expiry gave back to the funder’s pool' }),
  expiredAt: Type.Union([Type.String(), Type.Null()]),
  registrationClosesAt: Type.Union([Type.String(), Type.Null()], { description: 'lottery rounds' }),
  commitment: Type.Union([Type.String(), Type.Null()], { description: 'lottery rounds: sha256(seed), from creation' }),
  drawnAt: Type.Union([Type.String(), Type.Null()]),
});
export type RoundView = Static<typeof RoundView>;

export const VoucherView = Type.Object({
  code: Type.String({ description: 'what the till reads' }),
  faceFen: Type.Integer(),
  thresholdFen: Type.Integer(),
  validUntil: Timestamp,
});
export type VoucherView = Static<typeof VoucherView>;

/** The answer to a claim: the vouchers of one pack. */
export const ClaimedPack = Type.Object({ vouchers: Type.Array(VoucherView) });
export type ClaimedPack = Static<typeof ClaimedPack>;

export const OwnVoucherView = Type.Object({
  ...VoucherView.properties,
  state: VoucherState,
  roundId: Type.String(),
  campaignId: Type.String(),
  campaignName: Type.String(),
  claimedAt: Timestamp,
  usable: Type.Boolean({ description: 'issued and not yet past validUntil' }),
});
export type OwnVoucherView = Static<typeof OwnVoucherView>;
export const OwnVoucherList = Type.Object({ vouchers: Type.Array(OwnVoucherView) });
export type OwnVoucherList = Static<typeof OwnVoucherList>;

/** `POST /api/v1/vouchers/redemptions`: one voucher on one bill at the caller's merchant. */
export const VoucherRedemptionInput = Type.Object(
  {
    voucherCode: Type.String({ minLength: 4, maxLength: 40 }),
    billFen: Type.Integer({ minimum: 1, maximum: 900_000_000_000, description: 'the bill before the voucher' }),
    category: Category,
    merchantId: Type.Optional(Type.String({ minLength: 1, maxLength: 80, description: 'staff of several merchants' })),
  },
  { additionalProperties: false },
);
export type VoucherRedemptionInput = Static<typeof VoucherRedemptionInput>;

export const VoucherRedemptionView = Type.Object({
  id: Type.String(),
  discountFen: Type.Integer({ description: 'what the voucher took off' }),
  payFen: Type.Integer({ description: 'what the citizen pays' }),
  state: Type.Literal('redeemed'),
  voucherCode: Type.String(),
  billFen: Type.Integer(),
  category: Type.String(),
  merchantId: Type.String(),
  roundId: Type.String(),
  at: Timestamp,
});
export type VoucherRedemptionView = Static<typeof VoucherRedemptionView>;

// The campaign's report and flags: contract/voucher-report.ts.
export { CampaignReport, Figures } from './voucher-report.js';

/** `POST /api/v1/vouchers/redemptions/{id}/refunds`: goods worth `refundBillFen` of the bill come back. */
export const VoucherRefundInput = Type.Object(
  {
    refundBillFen: Type.Integer({
      minimum: 1,
      maximum: 900_000_000_000,
      description: 'the value of the goods returned, at bill prices (before the voucher)',
    }),
  },
  { additionalProperties: false },
);
export type VoucherRefundInput = Static<typeof VoucherRefundInput>;

export const VoucherRefundView = Type.Object({
  redemptionId: Type.String(),
  kind: Type.Union([Type.Literal('partial'), Type.Literal('full')]),
  refundBillFen: Type.Integer(),
  cashBackFen: Type.Integer({ description: 'what the merchant gives back to the citizen' }),
  keptBillFen: Type.Integer({ description: 'the bill still kept' }),
  discountFen: Type.Integer({ description: 'the voucher’s discount on what is kept (what settlement pays)' }),
  payFen: Type.Integer({ description: 'what the citizen has paid for what is kept' }),
  reversedFen: Type.Integer({ description: 'voucher money no longer spent: back to the round or the pool' }),
  voucherState: VoucherState,
  explanation: Type.String({ description: 'the rule applied, in words (zh-CN)' }),
  at: Timestamp,
});
export type VoucherRefundView = Static<typeof VoucherRefundView>;

/** `POST /api/v1/vouchers/rounds/{id}/registrations`: a citizen's entry in a lottery round. */
export const RegistrationView = Type.Object({
  roundId: Type.String(),
  entryHash: Type.String({ description: 'sha256(roundId:accountId): find yourself in the published list' }),
  registeredAt: Timestamp,
  registrationClosesAt: Type.String(),
  commitment: Type.String({ description: 'sha256 of the seed, published before registration closed' }),
});
export type RegistrationView = Static<typeof RegistrationView>;

/** `GET /api/v1/vouchers/rounds/{id}/draw`: what anyone may check of a lottery round. */
export const DrawView = Type.Object({
  roundId: Type.String(),
  quantity: Type.Integer(),
  commitment: Type.String(),
  registrationClosesAt: Type.String(),
  entries: Type.Array(Type.String(), { description: 'the registrants as entry hashes, sorted' }),
  listDigest: Type.Union([Type.String(), Type.Null()], { description: 'fixed at the draw' }),
  seed: Type.Union([Type.String(), Type.Null()], { description: 'revealed at the draw' }),
  winners: Type.Array(Type.String(), { description: 'the winners’ entry hashes, sorted' }),
  drawnAt: Type.Union([Type.String(), Type.Null()]),
  procedure: Type.String(),
});
export type DrawView = Static<typeof DrawView>;

/** `GET /api/v1/vouchers/rounds/{id}/lottery-difference`: what winning a drawn lottery changed, estimated. */
export const LotteryDifferenceView = Type.Object({
  roundId: Type.String(),
  from: Timestamp,
  until: Timestamp,
  winners: Type.Integer(),
  nonWinners: Type.Integer(),
  meanWinnersFen: Type.Union([Type.Integer(), Type.Null()]),
  meanNonWinnersFen: Type.Union([Type.Integer(), Type.Null()]),
  differenceFen: Type.Union([Type.Integer(), Type.Null()], { description: 'winners − registered non-winners' }),
  spendingCounted: Type.String({ description: 'what spending the platform can see and counts' }),
  note: Type.Object({ zh: Type.String(), en: Type.String() }),
});
export type LotteryDifferenceView = Static<typeof LotteryDifferenceView>;
