/**
 * The subsidy API's wire contract: the quote (the engine's input and result, which domain/subsidy/schema.ts
 * owns: the engine and `huimin quote` read the same shapes), a grant (a purchase judged against the plan
 * and the applicant's earlier grants, the money reserved from a budget pool in the same transaction), its
 * return, the list of grants, and a reform simulation over every grant still standing.
 */
import { Type, type Static } from 'typebox';
import { FUNDING_SOURCES } from '../domain/budget/types.js';
import { QuoteInput, QuoteResult, SubsidyLine } from '../domain/subsidy/schema.js';
import { Paging } from './common.js';

export { QuoteInput, QuoteResult, SubsidyLine };

const Id = (description: string) => Type.String({ minLength: 1, maxLength: 80, description });

export const GrantRequest = Type.Object(
  {
    /** The purchase; its applicantId is set by the server to the applicant (any given one is refused). */
    purchase: QuoteInput,
    applicantId: Id('the applicant’s account id (a citizen; the quota holder)'),
    unitId: Id('the implementing unit (county) whose pool pays'),
    source: Type.Enum(FUNDING_SOURCES, { description: 'which of the unit’s pools pays' }),
    merchantId: Type.Optional(
      Id('the merchant that sold it; merchant staff with one merchant in the unit may leave it out'),
    ),
  },
  { additionalProperties: false },
);
export type GrantRequest = Static<typeof GrantRequest>;

export const GrantView = Type.Object({
  id: Type.String(),
  line: SubsidyLine,
  category: Type.Union([Type.String(), Type.Null()]),
  unitId: Type.String(),
  merchantId: Type.Union([Type.String(), Type.Null()], { description: 'the merchant it was sold by, if any' }),
  poolId: Type.String(),
  holdId: Type.String(),
  applicantId: Type.Union([Type.String(), Type.Null()]),
  ruleDate: Type.String(),
  subsidyFen: Type.Integer(),
  status: Type.Union([Type.Literal('granted'), Type.Literal('reversed')], {
    description: 'granted, or reversed by a return',
  }),
  planVersionId: Type.String(),
  parameterVersion: Type.String(),
  explanation: Type.String(),
  actor: Type.String(),
  createdAt: Type.String(),
  reversedAt: Type.Union([Type.String(), Type.Null()]),
});
export type GrantView = Static<typeof GrantView>;

/** Not eligible is an answer, not an error: `granted: false` with the decision's reasons. */
export const GrantOutcome = Type.Object({
  granted: Type.Boolean(),
  grant: Type.Union([GrantView, Type.Null()]),
  decision: QuoteResult,
});
export type GrantOutcome = Static<typeof GrantOutcome>;

export const GrantReturnInput = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 500, description: 'e.g. 退货, order number' }) },
  { additionalProperties: false },
);
export type GrantReturnInput = Static<typeof GrantReturnInput>;
/** A parameter's new value in its own unit: fen, basis points, a count or a date as YYYYMMDD, always whole. */
const ParameterValue = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });

export const ReformRequest = Type.Object(
  {
    changes: Type.Array(
      Type.Object(
        {
          id: Type.Optional(Type.String({ minLength: 1, maxLength: 120, description: 'one parameter version' })),
          key: Type.Optional(Type.String({ minLength: 1, maxLength: 120, description: 'every version of a key' })),
          value: ParameterValue,
        },
        {
          additionalProperties: false,
          description: 'a new value for one parameter version (id) or a key (key); one of the two',
        },
      ),
      { minItems: 1, maxItems: 50 },
    ),
  },
  { additionalProperties: false },
);
export type ReformRequest = Static<typeof ReformRequest>;

const Totals = {
  decisions: Type.Integer(),
  eligibleBase: Type.Integer(),
  eligibleChanged: Type.Integer(),
  baseFen: Type.Integer(),
  changedFen: Type.Integer(),
  differenceFen: Type.Integer(),
};
export const ReformReportView = Type.Object({
  basePlanVersionId: Type.String(),
  changedPlanVersionId: Type.String(),
  total: Type.Object(Totals),
  invalidDecisions: Type.Integer(),
  byLine: Type.Array(Type.Object({ line: SubsidyLine, ...Totals })),
  byUnit: Type.Array(Type.Object({ unitId: Type.String(), ...Totals })),
  byUnitAndLine: Type.Array(Type.Object({ unitId: Type.String(), line: SubsidyLine, ...Totals })),
});

export type ReformReportView = Static<typeof ReformReportView>;

export const GrantStatus = Type.Union([Type.Literal('granted'), Type.Literal('reversed')]);
export type GrantStatus = Static<typeof GrantStatus>;
export const GrantList = Type.Object({ items: Type.Array(GrantView), total: Type.Integer() });
export type GrantList = Static<typeof GrantList>;

export const GrantListQuery = Type.Object(
  {
    applicantId: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
    line: Type.Optional(SubsidyLine),
    unitId: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
    status: Type.Optional(GrantStatus),
    ...Paging,
  },
  { additionalProperties: false },
);
export type GrantListQuery = Static<typeof GrantListQuery>;
