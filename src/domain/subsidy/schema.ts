/**
 * The shapes the subsidy engine reads and writes: one TypeBox source for the TypeScript types, the
 * HTTP validation and the OpenAPI document (POST /api/v1/quote, `huimin quote`). The engine checks
 * the same rules again by hand in validate.ts, because it must answer with field-named reasons
 * (values) for any caller, not only for those that went through a schema.
 */
import { Type, type Static } from 'typebox';
import { SUBSIDY_LINES } from './subsidy-lines.js';

export const SubsidyLine = Type.Enum(SUBSIDY_LINES, { description: 'subsidy line, as in the glossary' });
export type SubsidyLine = Static<typeof SubsidyLine>;

export const NewCarKind = Type.Union([Type.Literal('nev'), Type.Literal('fuel')], {
  description: 'the new car bought: new-energy (nev) or fuel',
});
export type NewCarKind = Static<typeof NewCarKind>;

export const ApplicantKind = Type.Union([Type.Literal('natural_person'), Type.Literal('legal_person')]);
export type ApplicantKind = Static<typeof ApplicantKind>;

/**
 * The largest amount the engine accepts, in fen (about 9 billion yuan): base × rate in basis
 * points must stay an exact (safe) integer. A technical bound, not a policy number.
 */
export const MAX_MONEY_FEN = Math.floor(Number.MAX_SAFE_INTEGER / 10_000);

const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD, a real calendar date' });
const Fen = Type.Integer({ minimum: 0, maximum: MAX_MONEY_FEN, description: 'integer fen (分)' });
const HolderId = Type.String({
  minLength: 1,
  maxLength: 200,
  description: 'an opaque key (e.g. a keyed hash), never a raw ID number',
});

export const QuoteInput = Type.Object(
  {
    line: SubsidyLine,
    category: Type.Optional(Type.String({ minLength: 1, maxLength: 80, description: 'glossary category code' })),
    efficiencyGrade: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 5, description: 'energy or water efficiency grade (能效/水效等级)' }),
    ),
    newCar: Type.Optional(NewCarKind),
    finalPriceFen: Type.Optional(Fen),
    productCostFen: Type.Optional(Fen),
    labourCostFen: Type.Optional(Fen),
    eligibleCostFen: Type.Optional(Fen),
    purchaseDate: Type.Optional(IsoDate),
    eventDate: Type.Optional(IsoDate),
    oldCarRegisteredOn: Type.Optional(IsoDate),
    displacementMl: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, description: 'engine displacement' })),
    applicantAgeYears: Type.Optional(Type.Integer({ minimum: 0, maximum: 150 })),
    applicantKind: Type.Optional(ApplicantKind),
    applicantId: Type.Optional(HolderId),
    dwellingId: Type.Optional(HolderId),
    entityId: Type.Optional(HolderId),
    newCarId: Type.Optional(HolderId),
  },
  { additionalProperties: false, description: 'one purchase or claim to quote' },
);
export type QuoteInput = Static<typeof QuoteInput>;

/**
 * A decision granted earlier, as the quota rules need it. The caller passes the history of the
 * same person, dwelling or entity; where both sides carry an id, entries of another holder are
 * skipped. Returned items stay in the history with `reversed: true`: their qualification stays used
 * (reference.md, Returns [Henan]) but their money no longer counts towards a cumulative cap.
 */
export const GrantedDecision = Type.Object(
  {
    line: SubsidyLine,
    category: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
    subsidyFen: Fen,
    /** The date that selected the rule version: purchaseDate, or eventDate for first_launch. */
    ruleDate: IsoDate,
    applicantId: Type.Optional(HolderId),
    dwellingId: Type.Optional(HolderId),
    entityId: Type.Optional(HolderId),
    newCarId: Type.Optional(HolderId),
    reversed: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type GrantedDecision = Static<typeof GrantedDecision>;

export const ReasonCode = Type.Union([
  Type.Literal('INVALID_INPUT'),
  Type.Literal('NO_RULE_IN_FORCE'),
  Type.Literal('CATEGORY_NOT_ELIGIBLE'),
  Type.Literal('GRADE_NOT_ELIGIBLE'),
  Type.Literal('NEW_CAR_NOT_ELIGIBLE'),
  Type.Literal('PRICE_ABOVE_CEILING'),
  Type.Literal('OLD_CAR_REGISTERED_TOO_LATE'),
  Type.Literal('DISPLACEMENT_ABOVE_LIMIT'),
  Type.Literal('AGE_BELOW_MINIMUM'),
  Type.Literal('APPLICANT_NOT_ELIGIBLE'),
  Type.Literal('QUOTA_USED'),
  Type.Literal('CAP_REACHED'),
]);
export type ReasonCode = Static<typeof ReasonCode>;

const Text = { message: Type.String({ description: 'zh-CN' }), messageEn: Type.String() };

/** What `huimin quote` prints and POST /api/v1/quote answers. */
export const QuoteResult = Type.Object({
  eligible: Type.Boolean(),
  subsidyFen: Type.Integer({ minimum: 0 }),
  line: Type.Union([SubsidyLine, Type.Null()]),
  reasons: Type.Array(Type.Object({ code: ReasonCode, field: Type.Optional(Type.String()), ...Text })),
  explanation: Type.String({ description: 'zh-CN, for the citizen' }),
  explanationEn: Type.String(),
  clause: Type.String({ description: 'the plan (or reference) words of every parameter used' }),
  clauses: Type.Array(
    Type.Object({
      parameterId: Type.String(),
      source: Type.String(),
      measure: Type.Union([Type.Integer(), Type.Null()]),
      quote: Type.String(),
    }),
  ),
  parameterVersion: Type.String({ description: '<plan version id>:<parameter id>,<parameter id>…' }),
  planVersionId: Type.String(),
  parameters: Type.Array(
    Type.Object({ id: Type.String(), key: Type.String(), value: Type.Number(), unit: Type.String() }),
  ),
  ruleDate: Type.Union([IsoDate, Type.Null()]),
  ruleDateField: Type.Union([Type.Literal('purchaseDate'), Type.Literal('eventDate'), Type.Null()]),
  roundingMode: Type.Literal('half_up'),
  uncheckedConditions: Type.Array(Type.Object({ code: Type.String(), ...Text })),
  trace: Type.Array(
    Type.Object({
      step: Type.String(),
      parameterId: Type.Optional(Type.String()),
      amountFen: Type.Optional(Type.Integer()),
      ...Text,
    }),
  ),
});
export type QuoteResult = Static<typeof QuoteResult>;
