/**
 * The rule book: the plan's dated parameters compiled into what the engine evaluates fast.
 *
 * A parameter takes part when its line (appliesTo.programme, else the first segment of its key) is a
 * subsidy line; its role comes from the last segment of its key (ROLE_BY_KEY_SUFFIX), and what it
 * applies to (category, efficiency grade, new car) from appliesTo. Each line's timeline is cut into
 * periods at every effectiveFrom and every day after an effectiveTo, so that one period has one
 * set of parameter versions in force. A date outside every period, or in a period that lacks a role
 * the line requires, has no rule in force: the engine says so (NO_RULE_IN_FORCE), never zero.
 *
 * Compiling never throws: what is wrong with the parameters is reported in `problems` (a value),
 * and a parameter with an error is left out. A service must refuse to serve a rule book with an
 * error problem; `assertRuleBookUsable` is the programmer-error form of that check.
 */
import type { MeasureUnit, Parameter, ParameterSource } from '../plan/schema.js';
import { formatDateNumber, nextDate, parseIsoDate, previousDate } from './dates.js';
import { LINE_SPECS, SUBSIDY_LINES, isSubsidyLine, type LineSpec } from './lines.js';
import { BASIS_POINTS_PER_WHOLE } from './money.js';
import type { Resolution } from './resolve.js';
import { MAX_MONEY_FEN, type NewCarKind, type SubsidyLine } from './schema.js';

export type ParameterRole =
  | 'categories'
  | 'rate'
  | 'fixed_subsidy'
  | 'item_cap'
  | 'price_ceiling'
  | 'items_per_person_category_year'
  | 'subsidies_per_person_year'
  | 'subsidies_per_new_car'
  | 'dwelling_cumulative_cap'
  | 'entity_year_cap'
  | 'old_car_registered_by'
  | 'max_displacement'
  | 'min_age';

export const PARAMETER_ROLES: readonly ParameterRole[] = [
  'categories',
  'rate',
  'fixed_subsidy',
  'item_cap',
  'price_ceiling',
  'items_per_person_category_year',
  'subsidies_per_person_year',
  'subsidies_per_new_car',
  'dwelling_cumulative_cap',
  'entity_year_cap',
  'old_car_registered_by',
  'max_displacement',
  'min_age',
];

/** The last segment of a parameter key → the role it plays, and the unit its value must have. */
export const ROLE_BY_KEY_SUFFIX: Readonly<Record<string, { role: ParameterRole; unit: MeasureUnit }>> = {
  categories: { role: 'categories', unit: 'category' },
  rate_bp: { role: 'rate', unit: 'bp' },
  max_subsidy_fen: { role: 'fixed_subsidy', unit: 'fen' },
  max_subsidy_per_item_fen: { role: 'item_cap', unit: 'fen' },
  max_final_price_fen: { role: 'price_ceiling', unit: 'fen' },
  max_items_per_person_category_year: { role: 'items_per_person_category_year', unit: 'item' },
  max_items_per_person_category: { role: 'items_per_person_category_year', unit: 'item' },
  max_items_per_person_year: { role: 'items_per_person_category_year', unit: 'item' },
  max_subsidies_per_person_year: { role: 'subsidies_per_person_year', unit: 'item' },
  max_subsidies_per_new_car: { role: 'subsidies_per_new_car', unit: 'item' },
  max_subsidy_per_dwelling_fen: { role: 'dwelling_cumulative_cap', unit: 'fen' },
  max_subsidy_per_entity_year_fen: { role: 'entity_year_cap', unit: 'fen' },
  registered_on_or_before: { role: 'old_car_registered_by', unit: 'date_yyyymmdd' },
  max_displacement_litre: { role: 'max_displacement', unit: 'litre' },
  min_age_years: { role: 'min_age', unit: 'year_of_age' },
};

/** Parameters of a subsidy line that are not rules of one decision, and why the engine leaves them. */
export const KEY_SUFFIXES_NOT_EVALUATED: Readonly<Record<string, string>> = {
  added_categories: 'a count of the categories added in 2025; the categories themselves come from *.categories',
  review_working_days: 'a deadline for the reviewing office, not a rule of the decision',
  max_dwellings_per_person: 'enforced where a person designates a dwelling, before any quote',
};

/** The roles a line cannot be evaluated without: a period lacking one has no rule in force. */
export const REQUIRED_ROLES: Readonly<Record<SubsidyLine, readonly ParameterRole[]>> = {
  car_scrap: ['fixed_subsidy'],
  car_replace: ['fixed_subsidy'],
  appliance: ['categories', 'rate', 'item_cap'],
  smart_home: ['rate', 'item_cap'],
  digital: ['categories', 'rate', 'item_cap', 'price_ceiling'],
  elderly_adaptation: ['rate', 'dwelling_cumulative_cap'],
  ebike: ['fixed_subsidy'],
  first_launch: ['rate', 'entity_year_cap'],
};

/** A parameter as the engine uses it. */
export interface RuleParameter {
  readonly id: string;
  readonly key: string;
  readonly name: string;
  readonly nameEn: string;
  readonly value: number;
  readonly unit: MeasureUnit;
  readonly per: string | null;
  readonly source: ParameterSource;
  readonly quote: string | null;
  /** The measure that states it; null for national and Henan rules (or when not given). */
  readonly measure: number | null;
  readonly effectiveFrom: string;
  readonly effectiveTo: string;
  /** effectiveFrom and effectiveTo as YYYYMMDD, inclusive. */
  readonly fromDate: number;
  readonly toDate: number;
  readonly line: SubsidyLine;
  readonly role: ParameterRole;
  readonly categories: readonly string[] | null;
  readonly efficiencyGrade: number | null;
  readonly newCar: NewCarKind | null;
  /** How many qualifiers it has: the most specific matching parameter wins. */
  readonly specificity: number;
}

export type RolesInForce = Readonly<Record<ParameterRole, readonly RuleParameter[]>>;

/** Days in which one set of parameter versions is in force for a line. */
export interface RulePeriod {
  readonly fromDate: number;
  readonly toDate: number;
  /** In force in this period, per role, the most specific first. */
  readonly roles: RolesInForce;
  /** Required roles with no parameter in force: the period has no rule in force. */
  readonly missingRoles: readonly ParameterRole[];
  /** Every category a parameter in force names: the purchases worth remembering a resolution for. */
  readonly knownCategories: ReadonlySet<string>;
  /**
   * Memo of resolve.ts: what applies to each kind of purchase, filled on first use. Bounded: only
   * known categories (and none) are remembered, so that no input can make it grow without end.
   */
  readonly resolutions: Map<string, (Resolution | undefined)[]>;
}

export interface LineRules {
  readonly line: SubsidyLine;
  readonly spec: LineSpec;
  /** Sorted by date, not overlapping; days outside every period have no rule in force. */
  readonly periods: readonly RulePeriod[];
}

export type RuleBookProblemCode =
  'MISSING_PARAMETER' | 'INCOMPLETE_PERIOD' | 'AMBIGUOUS_PARAMETERS' | 'INVALID_PARAMETER' | 'UNKNOWN_PARAMETER_KEY';

export interface RuleBookProblem {
  readonly code: RuleBookProblemCode;
  /** error: the book must not be served; info: worth a look, harmless. */
  readonly severity: 'error' | 'info';
  readonly line: SubsidyLine | null;
  readonly parameterIds: readonly string[];
  readonly message: string;
}

export interface RuleBook {
  readonly planVersionId: string;
  readonly lines: Readonly<Record<SubsidyLine, LineRules>>;
  readonly parameters: readonly RuleParameter[];
  readonly problems: readonly RuleBookProblem[];
}

/** A plan parameter, with the measure that states it when known (ParameterView). */
export type PlanParameter = Parameter & { readonly measure?: number | null };

export function compileRuleBook(parameters: readonly PlanParameter[], planVersionId: string): RuleBook {
  const problems: RuleBookProblem[] = [];
  const accepted = parameters.flatMap((parameter) => toRuleParameter(parameter, problems));
  const lines = {} as Record<SubsidyLine, LineRules>;
  for (const line of SUBSIDY_LINES) {
    lines[line] = compileLine(
      line,
      accepted.filter((parameter) => parameter.line === line),
      problems,
    );
  }
  return { planVersionId, lines, parameters: accepted, problems };
}

/** Throws a programmer error listing every error problem: for start-up checks and tests. */
export function assertRuleBookUsable(book: RuleBook): RuleBook {
  const errors = book.problems.filter((problem) => problem.severity === 'error');
  if (errors.length > 0) {
    throw new Error(
      `rule book ${book.planVersionId} has ${errors.length} error(s):\n` +
        errors.map((problem) => `  ${problem.code}: ${problem.message}`).join('\n'),
    );
  }
  return book;
}

function lineOf(parameter: PlanParameter): SubsidyLine | null {
  const programme = parameter.appliesTo?.programme ?? parameter.key.split('.')[0];
  return isSubsidyLine(programme) ? programme : null;
}

function toRuleParameter(parameter: PlanParameter, problems: RuleBookProblem[]): RuleParameter[] {
  const line = lineOf(parameter);
  if (line === null) return [];
  const suffix = parameter.key.slice(parameter.key.lastIndexOf('.') + 1);
  const role = ROLE_BY_KEY_SUFFIX[suffix];
  if (role === undefined) {
    if (!Object.hasOwn(KEY_SUFFIXES_NOT_EVALUATED, suffix)) {
      problems.push(problemOf('UNKNOWN_PARAMETER_KEY', 'info', line, [parameter.id], `key ${parameter.key}`));
    }
    return [];
  }
  const invalid = invalidity(parameter, role.role, role.unit);
  if (invalid !== null) {
    problems.push(problemOf('INVALID_PARAMETER', 'error', line, [parameter.id], `${parameter.key}: ${invalid}`));
    return [];
  }
  return [ruleParameterOf(parameter, line, role.role)];
}

function ruleParameterOf(parameter: PlanParameter, line: SubsidyLine, role: ParameterRole): RuleParameter {
  const appliesTo = parameter.appliesTo;
  // For the categories role the list is the line's eligible categories: a purchase matches the
  // parameter when its category is listed, as for any other parameter limited to categories.
  const categories = appliesTo?.categories ?? null;
  const efficiencyGrade = appliesTo?.efficiencyGrade ?? null;
  const newCar = appliesTo?.newCar ?? null;
  const categoryQualifier = categories !== null && role !== 'categories' ? 1 : 0;
  return {
    id: parameter.id,
    key: parameter.key,
    name: parameter.name,
    nameEn: parameter.nameEn,
    value: parameter.value,
    unit: parameter.unit,
    per: parameter.per ?? null,
    source: parameter.source,
    quote: parameter.quote ?? null,
    measure: parameter.measure ?? null,
    effectiveFrom: parameter.effectiveFrom,
    effectiveTo: parameter.effectiveTo,
    fromDate: parseIsoDate(parameter.effectiveFrom),
    toDate: parseIsoDate(parameter.effectiveTo),
    line,
    role,
    categories,
    efficiencyGrade,
    newCar,
    specificity: categoryQualifier + (efficiencyGrade === null ? 0 : 1) + (newCar === null ? 0 : 1),
  };
}

function invalidity(parameter: PlanParameter, role: ParameterRole, unit: MeasureUnit): string | null {
  if (parameter.unit !== unit) return `unit must be ${unit}, got ${parameter.unit}`;
  const from = parseIsoDate(parameter.effectiveFrom);
  const to = parseIsoDate(parameter.effectiveTo);
  if (from < 0 || to < 0 || to < from)
    return `dates ${parameter.effectiveFrom}..${parameter.effectiveTo} are not a period`;
  return invalidValue(parameter, role);
}

function invalidValue(parameter: PlanParameter, role: ParameterRole): string | null {
  const value = parameter.value;
  switch (role) {
    case 'categories':
      return (parameter.appliesTo?.categories ?? []).length === 0 ? 'appliesTo.categories must list them' : null;
    case 'rate':
      return Number.isInteger(value) && value >= 0 && value <= BASIS_POINTS_PER_WHOLE ? null : 'a rate is 0..10000 bp';
    case 'fixed_subsidy':
    case 'item_cap':
    case 'price_ceiling':
    case 'dwelling_cumulative_cap':
    case 'entity_year_cap':
      return Number.isInteger(value) && value >= 0 && value <= MAX_MONEY_FEN ? null : 'money is whole fen ≥ 0';
    case 'items_per_person_category_year':
    case 'subsidies_per_person_year':
    case 'subsidies_per_new_car':
    case 'min_age':
      return Number.isInteger(value) && value >= 0 ? null : 'a count or age is a whole number ≥ 0';
    case 'old_car_registered_by':
      return parseIsoDate(formatDateNumber(value)) === value ? null : 'not a date YYYYMMDD';
    case 'max_displacement':
      return value > 0 ? null : 'a displacement is > 0 litres';
  }
}

function problemOf(
  code: RuleBookProblemCode,
  severity: 'error' | 'info',
  line: SubsidyLine | null,
  parameterIds: readonly string[],
  message: string,
): RuleBookProblem {
  return { code, severity, line, parameterIds, message };
}

function compileLine(line: SubsidyLine, parameters: RuleParameter[], problems: RuleBookProblem[]): LineRules {
  const required = REQUIRED_ROLES[line];
  for (const role of required) {
    if (!parameters.some((parameter) => parameter.role === role)) {
      problems.push(problemOf('MISSING_PARAMETER', 'error', line, [], `${line} has no ${role} parameter`));
    }
  }
  const periods = periodBounds(parameters).map(([from, to]) => periodOf(from, to, parameters, required));
  for (const period of periods) reportPeriod(line, period, problems);
  return { line, spec: LINE_SPECS[line], periods: periods.filter((period) => hasAnyParameter(period)) };
}

/** Cuts the timeline at every effectiveFrom and every day after an effectiveTo. */
function periodBounds(parameters: readonly RuleParameter[]): [number, number][] {
  const starts = new Set<number>();
  for (const parameter of parameters) {
    starts.add(parameter.fromDate);
    starts.add(nextDate(parameter.toDate));
  }
  const sorted = [...starts].sort((a, b) => a - b);
  return sorted.slice(0, -1).map((start, index) => [start, previousDate(sorted[index + 1] ?? start)]);
}

function periodOf(
  from: number,
  to: number,
  parameters: RuleParameter[],
  required: readonly ParameterRole[],
): RulePeriod {
  const inForce = parameters.filter((parameter) => parameter.fromDate <= from && parameter.toDate >= to);
  const roles = {} as Record<ParameterRole, RuleParameter[]>;
  for (const role of PARAMETER_ROLES) {
    roles[role] = inForce
      .filter((parameter) => parameter.role === role)
      .sort((a, b) => b.specificity - a.specificity || a.id.localeCompare(b.id));
  }
  const missingRoles = required.filter((role) => roles[role].length === 0);
  const knownCategories = new Set(inForce.flatMap((parameter) => parameter.categories ?? []));
  return { fromDate: from, toDate: to, roles, missingRoles, knownCategories, resolutions: new Map() };
}

function hasAnyParameter(period: RulePeriod): boolean {
  return PARAMETER_ROLES.some((role) => period.roles[role].length > 0);
}

function reportPeriod(line: SubsidyLine, period: RulePeriod, problems: RuleBookProblem[]): void {
  const span = `${formatDateNumber(period.fromDate)}..${formatDateNumber(period.toDate)}`;
  if (hasAnyParameter(period) && period.missingRoles.length > 0) {
    const ids = PARAMETER_ROLES.flatMap((role) => period.roles[role].map((parameter) => parameter.id));
    const message = `${line} ${span}: parameters in force but no ${period.missingRoles.join(', ')}`;
    problems.push(problemOf('INCOMPLETE_PERIOD', 'error', line, ids, message));
  }
  for (const role of PARAMETER_ROLES) {
    for (const pair of overlappingPairs(period.roles[role])) {
      const message = `${line} ${span}: ${pair[0].id} and ${pair[1].id} both apply (${role})`;
      problems.push(
        problemOf(
          'AMBIGUOUS_PARAMETERS',
          'error',
          line,
          pair.map((item) => item.id),
          message,
        ),
      );
    }
  }
}

function overlappingPairs(parameters: readonly RuleParameter[]): [RuleParameter, RuleParameter][] {
  const pairs: [RuleParameter, RuleParameter][] = [];
  parameters.forEach((first, index) => {
    for (const second of parameters.slice(index + 1)) {
      if (first.specificity === second.specificity && qualifiersOverlap(first, second)) pairs.push([first, second]);
    }
  });
  return pairs;
}

function qualifiersOverlap(a: RuleParameter, b: RuleParameter): boolean {
  if (a.role === 'categories') return false; // several category lists are read as their union
  const categories =
    a.categories === null || b.categories === null || a.categories.some((item) => b.categories?.includes(item));
  return categories && a.efficiencyGrade === b.efficiencyGrade && a.newCar === b.newCar;
}

/** The period in force on a date (YYYYMMDD), or null: no rule in force. */
export function periodOn(rules: LineRules, date: number): RulePeriod | null {
  const periods = rules.periods;
  for (let index = 0; index < periods.length; index += 1) {
    const period = periods[index];
    if (period !== undefined && date >= period.fromDate && date <= period.toDate) return period;
  }
  return null;
}

/** What a purchase is, as far as choosing parameters goes. */
export interface Qualifiers {
  readonly category?: string | undefined;
  readonly efficiencyGrade?: number | undefined;
  readonly newCar?: NewCarKind | undefined;
}

export function qualifiersMatch(parameter: RuleParameter, qualifiers: Qualifiers): boolean {
  if (parameter.efficiencyGrade !== null && parameter.efficiencyGrade !== qualifiers.efficiencyGrade) return false;
  if (parameter.newCar !== null && parameter.newCar !== qualifiers.newCar) return false;
  const categories = parameter.categories;
  return categories === null || (qualifiers.category !== undefined && categories.includes(qualifiers.category));
}

/** The most specific parameter of a role in force that applies to the purchase, or null. */
export function pick(period: RulePeriod, role: ParameterRole, qualifiers: Qualifiers): RuleParameter | null {
  const candidates = period.roles[role];
  for (let index = 0; index < candidates.length; index += 1) {
    const candidate = candidates[index];
    if (candidate !== undefined && qualifiersMatch(candidate, qualifiers)) return candidate;
  }
  return null;
}

/** The categories a period's parameters name for the line: its category lists, else its amounts'. */
export function categoriesInForce(period: RulePeriod): readonly string[] {
  const lists = period.roles.categories;
  const source = lists.length > 0 ? lists : [...period.roles.rate, ...period.roles.fixed_subsidy];
  return [...new Set(source.flatMap((parameter) => parameter.categories ?? []))];
}

/** The efficiency grades that have a rate in force (for the message of GRADE_NOT_ELIGIBLE). */
export function gradesInForce(period: RulePeriod): readonly number[] {
  const grades = period.roles.rate.flatMap((parameter) =>
    parameter.efficiencyGrade === null ? [] : [parameter.efficiencyGrade],
  );
  return [...new Set(grades)].sort((a, b) => a - b);
}
