/**
 * The schema of a plan as data: one source for load-time validation, TypeScript types and the
 * OpenAPI document. The YAML files under policies/<plan>/ are checked against these shapes; an
 * unknown key is an error (additionalProperties: false), so nothing in a file is dropped silently.
 */
import { Type, type Static } from 'typebox';

const Id = Type.String({ pattern: '^[a-z0-9]+(?:[-_.][a-z0-9]+)*$', minLength: 2, maxLength: 80 });
const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
const NonEmpty = Type.String({ minLength: 1 });

export const Comparator = Type.Union(
  [Type.Literal('gte'), Type.Literal('approx'), Type.Literal('lte'), Type.Literal('eq')],
  { description: '以上/不低于 → gte, 左右 → approx, 不超过/最高 → lte, exact → eq' },
);
export type Comparator = Static<typeof Comparator>;

export const ParameterSource = Type.Union([Type.Literal('plan'), Type.Literal('national'), Type.Literal('henan')], {
  description: "plan: the text's own number; national/henan: an implicit rule from REFERENCE.md",
});
export type ParameterSource = Static<typeof ParameterSource>;

/** Units of measure. Labels for people live in domain/plan/units.ts. */
export const MeasureUnit = Type.Union(
  [
    // counts of people
    Type.Literal('person_time'), // 人次
    Type.Literal('person'), // 人
    Type.Literal('household'), // 户
    // counts of things
    Type.Literal('vehicle'), // 辆
    Type.Literal('appliance_item'), // 台
    Type.Literal('item'), // 件/个
    Type.Literal('bed'), // 张
    Type.Literal('institution'), // 家
    Type.Literal('facility'), // 个 (site, station, point, venue)
    Type.Literal('line'), // 条
    Type.Literal('brand'), // 个 (brand)
    Type.Literal('product'), // 个 (product)
    Type.Literal('category'), // 类
    Type.Literal('project'), // 项/个 (projects, programmes)
    Type.Literal('cluster'), // 个 (industrial cluster)
    Type.Literal('chain'), // 条 (industry chain)
    // lengths, times, ages
    Type.Literal('km'),
    Type.Literal('minute'),
    Type.Literal('hour'),
    Type.Literal('day'),
    Type.Literal('working_day'),
    Type.Literal('year_of_age'),
    Type.Literal('litre'),
    Type.Literal('date_yyyymmdd'), // a date encoded as the number YYYYMMDD, e.g. 20250108
    // money and rates
    Type.Literal('fen'), // 分: all money, whatever the text's unit (元, 万元, 亿元)
    Type.Literal('bp'), // basis points: 20% = 2000
    Type.Literal('percent'), // a target stated in percent: 15 means 15%
    Type.Literal('per_thousand_people'), // e.g. childcare places per 1,000 residents
  ],
  { description: 'unit of value' },
);
export type MeasureUnit = Static<typeof MeasureUnit>;

/** The city-scale figure a target is compared with when the linter judges plausibility. */
export const ScaleBasis = Type.Union(
  [
    Type.Literal('population'),
    Type.Literal('county_units'),
    Type.Literal('townships'),
    Type.Literal('villages'),
    Type.Literal('none'),
  ],
  { description: 'what the target counts against in the city facts table; none: not judged' },
);
export type ScaleBasis = Static<typeof ScaleBasis>;

export const PlanMetadata = Type.Object(
  {
    code: Id,
    title: NonEmpty,
    titleEn: NonEmpty,
    issuer: NonEmpty,
    issuerEn: NonEmpty,
    regionCode: Type.String({ pattern: '^\\d{6}$' }),
    status: Type.Union([Type.Literal('draft'), Type.Literal('final'), Type.Literal('superseded')]),
    statusLabel: NonEmpty,
    year: Type.Integer({ minimum: 2000, maximum: 2100 }),
    effectiveFrom: IsoDate,
    effectiveTo: IsoDate,
    source: Type.Object(
      {
        file: NonEmpty,
        sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
        note: Type.Optional(Type.String()),
      },
      { additionalProperties: false },
    ),
    preamble: NonEmpty,
    closing: NonEmpty,
    /** The text's own rule: every measure's implementing units unless it says otherwise. */
    defaultUnitsQuote: NonEmpty,
  },
  { additionalProperties: false },
);
export type PlanMetadata = Static<typeof PlanMetadata>;

export const Department = Type.Object(
  {
    id: Id,
    name: NonEmpty,
    shortName: NonEmpty,
    nameEn: NonEmpty,
    kind: Type.Union([
      Type.Literal('government_department'),
      Type.Literal('party_department'),
      Type.Literal('central_branch'),
      Type.Literal('public_institution'),
      Type.Literal('mass_organisation'),
      Type.Literal('state_enterprise'),
    ]),
    /** Spellings the text uses for this body (e.g. 市税务局 and 税务局). */
    aliases: Type.Array(NonEmpty),
  },
  { additionalProperties: false },
);
export type Department = Static<typeof Department>;

export const ImplementingUnit = Type.Object(
  {
    id: Id,
    name: NonEmpty,
    shortName: NonEmpty,
    nameEn: NonEmpty,
    kind: Type.Union([
      Type.Literal('district'),
      Type.Literal('county'),
      Type.Literal('county_city'),
      Type.Literal('management_zone'),
    ]),
    /** GB/T 2260 code; null for the management zones, which have none. */
    regionCode: Type.Union([Type.String({ pattern: '^\\d{6}$' }), Type.Null()]),
    formerRegionCodes: Type.Array(Type.String({ pattern: '^\\d{6}$' })),
  },
  { additionalProperties: false },
);
export type ImplementingUnit = Static<typeof ImplementingUnit>;

export const Ratio = Type.Object(
  {
    numerator: NonEmpty,
    denominator: NonEmpty,
    /** For rates per N (per 1,000 people): the multiplier applied to numerator/denominator. */
    per: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);

export const Target = Type.Object(
  {
    id: Id,
    metric: NonEmpty,
    metricEn: NonEmpty,
    unit: MeasureUnit,
    comparator: Comparator,
    value: Type.Number(),
    deadline: IsoDate,
    /** city: one figure for the whole city; per_unit: each implementing unit must reach value. */
    scope: Type.Union([Type.Literal('city'), Type.Literal('per_unit')]),
    /** Departments answerable for the target; empty means the measure's departments. */
    departments: Type.Array(Id),
    /** The exact words of the source; optional so that `huimin plan lint` can report a missing one. */
    quote: Type.Optional(NonEmpty),
    ratio: Type.Optional(Ratio),
    /** Supervision (docs/supervision.md): for `approx`, the band around value that counts as met, in bp (default 500). */
    toleranceBp: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000 })),
    /** Supervision: the cumulative share of value due at the end of each month from the plan's start, in bp; absent: linear. */
    profile: Type.Optional(Type.Array(Type.Integer({ minimum: 0, maximum: 10000 }), { minItems: 1, maxItems: 60 })),
    scaleBasis: ScaleBasis,
    note: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type Target = Static<typeof Target>;

/**
 * One qualitative task of a measure (supervision, docs/supervision.md): a sentence of the measure's text,
 * quoted exactly, with the department that leads it and those that support it, as the text orders them.
 */
export const PlanTask = Type.Object(
  {
    id: Id,
    /** The exact words of the measure's text this task is. */
    quote: NonEmpty,
    lead: Id,
    supporting: Type.Array(Id),
  },
  { additionalProperties: false },
);
export type PlanTask = Static<typeof PlanTask>;

/** Which purchases or claims a parameter applies to; the rules engine selects parameters by it. */
export const AppliesTo = Type.Object(
  {
    programme: Id,
    categories: Type.Optional(Type.Array(Id)),
    efficiencyGrade: Type.Optional(Type.Union([Type.Literal(1), Type.Literal(2)])),
    newCar: Type.Optional(Type.Union([Type.Literal('nev'), Type.Literal('fuel')])),
  },
  { additionalProperties: false },
);
export type AppliesTo = Static<typeof AppliesTo>;

export const Parameter = Type.Object(
  {
    id: Id,
    /** Stable key the code looks parameters up by, e.g. appliance.rate_bp; several dated versions may share it. */
    key: Type.String({ pattern: '^[a-z0-9_]+(?:\\.[a-z0-9_]+)+$' }),
    name: NonEmpty,
    nameEn: NonEmpty,
    value: Type.Number(),
    unit: MeasureUnit,
    comparator: Comparator,
    /** What the value counts per: item, person_category_year, dwelling_cumulative, entity_year … */
    per: Type.Optional(Id),
    effectiveFrom: IsoDate,
    effectiveTo: IsoDate,
    source: ParameterSource,
    /** Exact words of the plan (source plan) or of sources/reference.md (national, henan). */
    quote: Type.Optional(NonEmpty),
    appliesTo: Type.Optional(AppliesTo),
    note: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type Parameter = Static<typeof Parameter>;

export const Measure = Type.Object(
  {
    number: Type.Integer({ minimum: 1, maximum: 99 }),
    title: NonEmpty,
    titleEn: NonEmpty,
    /** The measure's full text as the plan prints it, without the number and the closing bracket list. */
    text: NonEmpty,
    /** The bracketed list of responsible bodies exactly as printed. */
    departmentsQuote: NonEmpty,
    departments: Type.Array(Id),
    /** Implementing units: ids, or the text's default of every county-level unit and zone. */
    units: Type.Union([Type.Literal('all'), Type.Array(Id)]),
    targets: Type.Array(Target),
    parameters: Type.Array(Parameter),
    /** Its qualitative tasks, for supervision; absent in plan versions made before supervision. */
    tasks: Type.Optional(Type.Array(PlanTask)),
  },
  { additionalProperties: false },
);
export type Measure = Static<typeof Measure>;

export const Action = Type.Object(
  {
    number: Type.Integer({ minimum: 1, maximum: 20 }),
    title: NonEmpty,
    titleEn: NonEmpty,
    measures: Type.Array(Measure, { minItems: 1 }),
  },
  { additionalProperties: false },
);
export type Action = Static<typeof Action>;

/** One file of policies/<plan>/actions/: an action and its measures. */
export const ActionFile = Action;

export const DepartmentsFile = Type.Object(
  { departments: Type.Array(Department, { minItems: 1 }) },
  { additionalProperties: false },
);
export const UnitsFile = Type.Object(
  { units: Type.Array(ImplementingUnit, { minItems: 1 }) },
  { additionalProperties: false },
);
/** Parameters with no measure of their own (national and Henan rules the plan leaves implicit). */
export const ImplicitParametersFile = Type.Object(
  { parameters: Type.Array(Parameter) },
  { additionalProperties: false },
);

export const CityFact = Type.Object(
  {
    key: ScaleBasis,
    name: NonEmpty,
    value: Type.Number({ exclusiveMinimum: 0 }),
    asOf: NonEmpty,
    source: NonEmpty,
  },
  { additionalProperties: false },
);
export type CityFact = Static<typeof CityFact>;
export const CityFactsFile = Type.Object(
  { facts: Type.Array(CityFact, { minItems: 1 }), note: NonEmpty },
  { additionalProperties: false },
);

export const ActionSummary = Type.Object(
  {
    number: Type.Integer({ minimum: 1, maximum: 20 }),
    title: NonEmpty,
    titleEn: NonEmpty,
    measureNumbers: Type.Array(Type.Integer()),
  },
  { additionalProperties: false },
);
export type ActionSummary = Static<typeof ActionSummary>;

/** A measure as the loaded plan holds it: flat, with the number of its action. */
export const PlanMeasure = Type.Object(
  {
    ...Measure.properties,
    action: Type.Integer({ minimum: 1, maximum: 20 }),
  },
  { additionalProperties: false },
);
export type PlanMeasure = Static<typeof PlanMeasure>;

/** The whole plan after loading: what `huimin plan export --json` prints and /api/v1/plan/export serves. */
export const PlanDocument = Type.Object(
  {
    metadata: PlanMetadata,
    /** sha256 over the canonical JSON of the loaded content: the version's identity. */
    contentHash: Type.String({ pattern: '^[0-9a-f]{64}$' }),
    actions: Type.Array(ActionSummary),
    measures: Type.Array(PlanMeasure),
    departments: Type.Array(Department),
    units: Type.Array(ImplementingUnit),
    /** Parameters with no measure of their own (national and Henan rules). */
    implicitParameters: Type.Array(Parameter),
    cityFacts: Type.Array(CityFact),
    cityFactsNote: NonEmpty,
  },
  { additionalProperties: false },
);
export type PlanDocument = Static<typeof PlanDocument>;
