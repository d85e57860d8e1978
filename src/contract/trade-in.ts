/**
 * The trade-in (以旧换新) API's wire contract (issue 11): merchants joining the programme, a citizen's
 * qualification (补贴资格), the checkout's instant discount (支付立减) at the till, returns, and the
 * programme's figures. Names of the paths, fields and error codes marked "fixed" are relied on by POS
 * systems and outside checks.
 */
import { Type, type Static } from 'typebox';
import { FUNDING_SOURCES } from '../domain/budget/types.js';
import { SubsidyLine } from '../domain/subsidy/schema.js';
import { Paging, Text, Timestamp } from './common.js';

const Id = (description: string) => Type.String({ minLength: 1, maxLength: 80, description });
const Fen = (description: string) => Type.Integer({ minimum: 0, maximum: 900_000_000_000, description });
const Category = Type.String({ minLength: 1, maxLength: 80, description: 'glossary category code' });

/** The lines paid as an instant discount at a till (the others are claims, issue 12). */
export const TRADE_IN_LINES = ['appliance', 'smart_home', 'digital'] as const;
export const TradeInLine = Type.Enum(TRADE_IN_LINES, { description: 'a line paid as an instant discount at checkout' });
export type TradeInLine = Static<typeof TradeInLine>;

// ---------------------------------------------------------------------------------------- merchants

export const MEMBERSHIP_STATES = ['applied', 'approved', 'refused', 'suspended'] as const;
export const MembershipState = Type.Enum(MEMBERSHIP_STATES);
export type MembershipState = Static<typeof MembershipState>;

export const MembershipApplication = Type.Object(
  {
    merchantId: Id('the applying merchant (one of the caller’s own)'),
    lines: Type.Array(TradeInLine, { minItems: 1, maxItems: 3, uniqueItems: true }),
    units: Type.Array(Id('an implementing unit the merchant sells in'), {
      minItems: 1,
      maxItems: 9,
      uniqueItems: true,
    }),
    categories: Type.Array(Category, { minItems: 1, maxItems: 30, uniqueItems: true }),
    stores: Type.Array(Text(200, 'a store: name and address'), { minItems: 1, maxItems: 50 }),
    bankAccountName: Text(100, 'the account holder: must be the merchant itself'),
    bankAccount: Type.String({ minLength: 12, maxLength: 40, description: 'bank account number, digits' }),
    bankName: Text(100, 'the bank and branch'),
  },
  { additionalProperties: false },
);
export type MembershipApplication = Static<typeof MembershipApplication>;

export const MembershipView = Type.Object({
  id: Type.String(),
  merchantId: Type.String(),
  merchantName: Type.String(),
  creditCode: Type.String(),
  lines: Type.Array(TradeInLine),
  units: Type.Array(Type.String()),
  categories: Type.Array(Type.String()),
  stores: Type.Array(Type.String()),
  bankAccountName: Type.String(),
  bankAccount: Type.String({ description: 'masked: ****1234' }),
  bankName: Type.String(),
  state: MembershipState,
  reason: Type.Union([Type.String(), Type.Null()], { description: 'why refused or suspended' }),
  decidedBy: Type.Union([Type.String(), Type.Null()]),
  decidedAt: Type.Union([Timestamp, Type.Null()]),
  createdAt: Timestamp,
});
export type MembershipView = Static<typeof MembershipView>;

export const MembershipList = Type.Object({ items: Type.Array(MembershipView), total: Type.Integer() });
export type MembershipList = Static<typeof MembershipList>;

export const MembershipListQuery = Type.Object(
  { state: Type.Optional(MembershipState), unitId: Type.Optional(Id('unit')), ...Paging },
  { additionalProperties: false },
);
export type MembershipListQuery = Static<typeof MembershipListQuery>;

export const MembershipDecision = Type.Object(
  {
    decision: Type.Union([Type.Literal('approve'), Type.Literal('refuse')]),
    reason: Type.Optional(Text(500, 'required when refusing: the merchant sees it')),
  },
  { additionalProperties: false },
);
export type MembershipDecision = Static<typeof MembershipDecision>;

export const CREDIT_LISTS = ['abnormal_operation', 'dishonest'] as const;
export const CreditList = Type.Enum(CREDIT_LISTS, {
  description: 'abnormal_operation: 经营异常名录; dishonest: 失信被执行人名单',
});
export type CreditList = Static<typeof CreditList>;

export const CreditListing = Type.Object(
  {
    creditCode: Type.String({ minLength: 18, maxLength: 18, description: 'unified social credit code' }),
    list: CreditList,
    source: Text(200, 'where the listing comes from (e.g. 国家企业信用信息公示系统)'),
    listedOn: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
    removedOn: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'set when delisted' })),
  },
  { additionalProperties: false },
);
export type CreditListing = Static<typeof CreditListing>;

export const CreditListingImport = Type.Object(
  { listings: Type.Array(CreditListing, { minItems: 1, maxItems: 10_000 }) },
  { additionalProperties: false },
);
export type CreditListingImport = Static<typeof CreditListingImport>;

export const CreditListingView = Type.Object({
  creditCode: Type.String(),
  list: CreditList,
  source: Type.String(),
  listedOn: Type.String(),
  removedOn: Type.Union([Type.String(), Type.Null()]),
  recordedBy: Type.String(),
  recordedAt: Timestamp,
});
export type CreditListingView = Static<typeof CreditListingView>;

export const CreditListingList = Type.Object({ items: Type.Array(CreditListingView) });
export type CreditListingList = Static<typeof CreditListingList>;

export const CreditImportResult = Type.Object({
  recorded: Type.Integer(),
  suspendedMemberships: Type.Integer({ description: 'members suspended because of a listing now in force' }),
});
export type CreditImportResult = Static<typeof CreditImportResult>;

// ------------------------------------------------------------------------------------ qualification

export const QUALIFICATION_STATES = ['active', 'used', 'expired'] as const;
export const QualificationState = Type.Enum(QUALIFICATION_STATES);
export type QualificationState = Static<typeof QualificationState>;

/** Fixed: `POST /api/v1/trade-in/qualifications`. */
export const QualificationClaim = Type.Object(
  { line: TradeInLine, category: Category },
  { additionalProperties: false },
);
export type QualificationClaim = Static<typeof QualificationClaim>;

/** Fixed fields: id, line, category, state, validUntil, code. */
export const QualificationView = Type.Object({
  id: Type.String(),
  line: TradeInLine,
  category: Type.String(),
  state: QualificationState,
  validUntil: Timestamp,
  code: Type.Union([Type.String(), Type.Null()], {
    description: 'the signed single-use code the till reads (QR content); null once used or expired',
  }),
  shortCode: Type.Union([Type.String(), Type.Null()], { description: '8 characters a cashier can type' }),
  claimedAt: Timestamp,
  usedAt: Type.Union([Timestamp, Type.Null()]),
  redemptionId: Type.Union([Type.String(), Type.Null()]),
});
export type QualificationView = Static<typeof QualificationView>;

export const QualificationList = Type.Object({ items: Type.Array(QualificationView) });
export type QualificationList = Static<typeof QualificationList>;

/** The public count per line and category: what was released today and what is left. */
export const ReleaseView = Type.Object({
  day: Type.String({ description: 'the release day, Asia/Shanghai' }),
  line: TradeInLine,
  releasedAt: Timestamp,
  released: Type.Integer(),
  claimed: Type.Integer(),
  remaining: Type.Integer(),
  open: Type.Boolean({ description: 'false before the release time or when the pools are paused or empty' }),
  why: Type.String({ description: 'zh-CN: how the number was derived, or why claims are closed' }),
  clause: Type.String(),
});
export type ReleaseView = Static<typeof ReleaseView>;
export const ReleaseList = Type.Object({ items: Type.Array(ReleaseView) });
export type ReleaseList = Static<typeof ReleaseList>;

// ------------------------------------------------------------------------------------------ checkout

/** Fixed: `POST /api/v1/trade-in/redemptions` (merchant staff, Idempotency-Key). */
export const RedemptionRequest = Type.Object(
  {
    qualificationCode: Type.String({ minLength: 8, maxLength: 400, description: 'the QR content, or the short code' }),
    merchantId: Type.Optional(Id('the selling merchant; may be left out by staff of one merchant')),
    unitId: Type.Optional(Id('the unit of the store; may be left out when the merchant trades in one unit')),
    product: Type.Object(
      {
        category: Category,
        model: Text(120, 'model as on the invoice'),
        serialNumber: Type.String({ minLength: 4, maxLength: 64, description: 'SN, IMEI or VIN' }),
        efficiencyGrade: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
        finalPriceFen: Fen('the final price after every discount, before the subsidy'),
      },
      { additionalProperties: false },
    ),
    invoice: Type.Object(
      {
        number: Type.String({ minLength: 1, maxLength: 40 }),
        buyerName: Text(100, 'the buyer on the invoice: must be the citizen'),
        amountFen: Fen('the invoice total: what the citizen pays plus the subsidy'),
        buyerTaxId: Type.Optional(
          Type.String({
            minLength: 15,
            maxLength: 20,
            description: 'a buyer tax id marks a company invoice (refused)',
          }),
        ),
      },
      { additionalProperties: false },
    ),
    deviceId: Type.Optional(Type.String({ maxLength: 120, description: 'the till or phone the sale was keyed on' })),
  },
  { additionalProperties: false },
);
export type RedemptionRequest = Static<typeof RedemptionRequest>;

export const REDEMPTION_STATES = ['redeemed', 'partially_returned', 'returned', 'settled'] as const;
export const RedemptionState = Type.Enum(REDEMPTION_STATES);
export type RedemptionState = Static<typeof RedemptionState>;

export const FundingShareView = Type.Object({
  source: Type.Enum(FUNDING_SOURCES),
  poolId: Type.String(),
  holdId: Type.String(),
  amountFen: Type.Integer(),
});

/** Fixed fields: id, subsidyFen, payFen, explanation, clause, state. */
export const RedemptionView = Type.Object({
  id: Type.String(),
  line: TradeInLine,
  category: Type.String(),
  merchantId: Type.String(),
  merchantName: Type.String(),
  unitId: Type.String(),
  qualificationId: Type.String(),
  citizenId: Type.String(),
  citizenName: Type.String({ description: 'masked: 张*' }),
  model: Type.String(),
  serialNumber: Type.String({ description: 'masked for merchants of other sales' }),
  efficiencyGrade: Type.Union([Type.Integer(), Type.Null()]),
  finalPriceFen: Type.Integer(),
  subsidyFen: Type.Integer({ description: 'the instant discount, after any return' }),
  payFen: Type.Integer({ description: 'what the citizen pays at the till' }),
  returnedPriceFen: Type.Integer({ description: 'the part of the final price returned' }),
  invoiceNumber: Type.String(),
  explanation: Type.String(),
  explanationEn: Type.String(),
  clause: Type.String(),
  parameterVersion: Type.String(),
  state: RedemptionState,
  shares: Type.Array(FundingShareView),
  settlementId: Type.Union([Type.String(), Type.Null()]),
  cashierId: Type.String(),
  createdAt: Timestamp,
});
export type RedemptionView = Static<typeof RedemptionView>;

export const RedemptionList = Type.Object({ items: Type.Array(RedemptionView), total: Type.Integer() });
export type RedemptionList = Static<typeof RedemptionList>;

export const RedemptionListQuery = Type.Object(
  {
    merchantId: Type.Optional(Id('merchant')),
    unitId: Type.Optional(Id('unit')),
    line: Type.Optional(TradeInLine),
    state: Type.Optional(RedemptionState),
    from: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
    to: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
    ...Paging,
  },
  { additionalProperties: false },
);
export type RedemptionListQuery = Static<typeof RedemptionListQuery>;

/** `POST /api/v1/trade-in/redemptions/{id}/returns`: full (no amount) or partial. */
export const ReturnRequest = Type.Object(
  {
    returnedPriceFen: Type.Optional(
      Fen('the part of the final price taken back (partial return); the whole price when left out'),
    ),
    reason: Text(500, 'why the goods came back'),
  },
  { additionalProperties: false },
);
export type ReturnRequest = Static<typeof ReturnRequest>;

export const ReturnView = Type.Object({
  id: Type.String(),
  redemptionId: Type.String(),
  returnedPriceFen: Type.Integer(),
  refundFen: Type.Integer({ description: 'what the merchant refunds: only what the citizen paid for it' }),
  subsidyBackFen: Type.Integer({ description: 'the subsidy that goes back to the pools' }),
  money: Type.Union([Type.Literal('released'), Type.Literal('clawed_back')], {
    description: 'released: not yet settled; clawed_back: netted from the merchant’s next settlement',
  }),
  qualificationStaysUsed: Type.Boolean(),
  redemption: RedemptionView,
  createdAt: Timestamp,
});
export type ReturnView = Static<typeof ReturnView>;

// ------------------------------------------------------------------------------------------- figures

export const FiguresQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
    to: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
    by: Type.Optional(
      Type.Union([Type.Literal('line'), Type.Literal('category'), Type.Literal('unit'), Type.Literal('day')]),
    ),
  },
  { additionalProperties: false },
);
export type FiguresQuery = Static<typeof FiguresQuery>;

export const FigureRow = Type.Object({
  key: Type.String({ description: 'the line, category, unit or day' }),
  units: Type.Integer({ description: 'items sold and not returned' }),
  subsidyFen: Type.Integer({ description: 'subsidy standing (held or paid)' }),
  paidFen: Type.Integer({ description: 'subsidy paid to merchants' }),
  salesFen: Type.Integer({ description: 'sales driven: final prices' }),
});
export const FiguresView = Type.Object({
  by: Type.String(),
  rows: Type.Array(FigureRow),
  total: FigureRow,
});
export type FiguresView = Static<typeof FiguresView>;

export { SubsidyLine };
