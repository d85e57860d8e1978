/**
 * The plan API's wire contract: the plan's own records plus the cross-references a reader needs
 * (which measure a target belongs to, which measures a department answers for), and the queries and
 * path parameters of its routes. One schema per shape drives validation, TypeScript types and the
 * OpenAPI document.
 */
import { Type, type Static } from 'typebox';
import {
  ActionSummary,
  Department,
  ImplementingUnit,
  Parameter,
  ParameterSource,
  PlanDocument,
  PlanMeasure,
  PlanMetadata,
  Target,
} from '../domain/plan/schema.js';

/** The plan's own records, as its folder holds them (domain/plan/schema.ts), are on the wire verbatim. */
export { ParameterSource, PlanDocument, PlanMeasure };

export const LintRule = Type.Union([
  Type.Literal('repeated_sentence'),
  Type.Literal('implausible_target'),
  Type.Literal('conflicting_targets'),
  Type.Literal('measure_without_department'),
  Type.Literal('missing_quote'),
  Type.Literal('quote_not_in_source'),
]);
export type LintRule = Static<typeof LintRule>;

export const LintSeverity = Type.Union([Type.Literal('error'), Type.Literal('warning'), Type.Literal('info')]);
export type LintSeverity = Static<typeof LintSeverity>;

export const LintFinding = Type.Object(
  {
    rule: LintRule,
    severity: LintSeverity,
    /** Measures the finding concerns, by number (two for a sentence repeated across measures). */
    measures: Type.Array(Type.Integer()),
    subject: Type.Object(
      {
        kind: Type.Union([
          Type.Literal('sentence'),
          Type.Literal('target'),
          Type.Literal('parameter'),
          Type.Literal('measure'),
        ]),
        id: Type.Optional(Type.String()),
      },
      { additionalProperties: false },
    ),
    quote: Type.String(),
    message: Type.String({ description: 'zh-CN' }),
    messageEn: Type.String(),
  },
  { additionalProperties: false },
);
export type LintFinding = Static<typeof LintFinding>;

export const LintReport = Type.Object(
  {
    plan: Type.String(),
    contentHash: Type.String(),
    summary: Type.Object({
      errors: Type.Integer(),
      warnings: Type.Integer(),
      infos: Type.Integer(),
    }),
    findings: Type.Array(LintFinding),
  },
  { additionalProperties: false },
);
export type LintReport = Static<typeof LintReport>;

export const PlanCounts = Type.Object({
  actions: Type.Integer(),
  measures: Type.Integer(),
  targets: Type.Integer(),
  parameters: Type.Integer(),
  departments: Type.Integer(),
  units: Type.Integer(),
});
export type PlanCounts = Static<typeof PlanCounts>;
export const PlanVersionView = Type.Object({
  id: Type.String(),
  code: Type.String(),
  contentHash: Type.String(),
  title: Type.String(),
  status: Type.String(),
  importedAt: Type.String({ description: 'ISO 8601' }),
  current: Type.Boolean(),
});
export type PlanVersionView = Static<typeof PlanVersionView>;

export const PlanOverview = Type.Object({
  version: PlanVersionView,
  metadata: PlanMetadata,
  actions: Type.Array(ActionSummary),
  counts: PlanCounts,
  lintSummary: LintReport.properties.summary,
});
export type PlanOverview = Static<typeof PlanOverview>;

export const TargetView = Type.Object({
  ...Target.properties,
  measure: Type.Integer(),
  action: Type.Integer(),
  /** The departments answerable: the target's own, or else its measure's. */
  responsibleDepartments: Type.Array(Type.String()),
});
export type TargetView = Static<typeof TargetView>;

export const ParameterView = Type.Object({
  ...Parameter.properties,
  /** The measure that states it; null for national and Henan rules the plan leaves implicit. */
  measure: Type.Union([Type.Integer(), Type.Null()]),
});
export type ParameterView = Static<typeof ParameterView>;

export const DepartmentView = Type.Object({
  ...Department.properties,
  measureNumbers: Type.Array(Type.Integer()),
  targetIds: Type.Array(Type.String()),
});
export type DepartmentView = Static<typeof DepartmentView>;

export const DepartmentDetail = Type.Object({
  department: DepartmentView,
  measures: Type.Array(PlanMeasure),
  targets: Type.Array(TargetView),
});
export type DepartmentDetail = Static<typeof DepartmentDetail>;

export const UnitView = Type.Object({
  ...ImplementingUnit.properties,
  measureNumbers: Type.Array(Type.Integer()),
});
export type UnitView = Static<typeof UnitView>;

export const UnitDetail = Type.Object({
  unit: UnitView,
  measures: Type.Array(PlanMeasure),
  /** Targets that every unit must reach on its own (scope per_unit) and the city-wide ones it shares. */
  targets: Type.Array(TargetView),
});
export type UnitDetail = Static<typeof UnitDetail>;

export const SearchHit = Type.Object({
  kind: Type.Union([
    Type.Literal('measure'),
    Type.Literal('target'),
    Type.Literal('parameter'),
    Type.Literal('department'),
    Type.Literal('unit'),
  ]),
  id: Type.String(),
  measure: Type.Union([Type.Integer(), Type.Null()]),
  title: Type.String(),
  /** The passage around the match; matchStart and matchLength locate the match within it. */
  snippet: Type.String(),
  matchStart: Type.Integer(),
  matchLength: Type.Integer(),
});
export type SearchHit = Static<typeof SearchHit>;

export const SearchResult = Type.Object({
  query: Type.String(),
  total: Type.Integer(),
  hits: Type.Array(SearchHit),
});
export type SearchResult = Static<typeof SearchResult>;

export const MeasureNumber = Type.Integer({
  minimum: 1,
  maximum: 99,
  description: 'measure number, 1–26 in the Sanmenxia plan',
});
export type MeasureNumber = Static<typeof MeasureNumber>;
/** Department and unit ids, parameter programmes: lower case, digits and `-_.`. */
export const Slug = Type.String({ pattern: '^[a-z0-9]+(?:[-_.][a-z0-9]+)*$', maxLength: 80 });
export type Slug = Static<typeof Slug>;
export const MeasureListQuery = Type.Object(
  { action: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })) },
  { additionalProperties: false },
);
export type MeasureListQuery = Static<typeof MeasureListQuery>;
export const MeasureParams = Type.Object({ number: MeasureNumber });
export type MeasureParams = Static<typeof MeasureParams>;
export const TargetListQuery = Type.Object(
  { measure: Type.Optional(MeasureNumber), department: Type.Optional(Slug) },
  { additionalProperties: false },
);
export type TargetListQuery = Static<typeof TargetListQuery>;
export const ParameterListQuery = Type.Object(
  {
    measure: Type.Optional(MeasureNumber),
    source: Type.Optional(ParameterSource),
    programme: Type.Optional(Slug),
    key: Type.Optional(Type.String({ maxLength: 120 })),
    on: Type.Optional(Type.String({ format: 'date', description: 'only parameters in force on this date' })),
  },
  { additionalProperties: false },
);
export type ParameterListQuery = Static<typeof ParameterListQuery>;
export const SlugParams = Type.Object({ id: Slug });
export type SlugParams = Static<typeof SlugParams>;
export const SearchQuery = Type.Object(
  {
    q: Type.String({ minLength: 1, maxLength: 100 }),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);
export type SearchQuery = Static<typeof SearchQuery>;
export const PlanVersionList = Type.Array(PlanVersionView);
export type PlanVersionList = Static<typeof PlanVersionList>;
export const MeasureList = Type.Array(PlanMeasure);
export type MeasureList = Static<typeof MeasureList>;
export const TargetList = Type.Array(TargetView);
export type TargetList = Static<typeof TargetList>;
export const ParameterList = Type.Array(ParameterView);
export type ParameterList = Static<typeof ParameterList>;
export const DepartmentList = Type.Array(DepartmentView);
export type DepartmentList = Static<typeof DepartmentList>;
export const UnitList = Type.Array(UnitView);
export type UnitList = Static<typeof UnitList>;
