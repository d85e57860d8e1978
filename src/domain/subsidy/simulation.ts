/**
 * Reform simulation: "what if the appliance rate or a cap were X?". Recomputes every stored decision
 * under a base and a changed rule book and reports the cost difference in total, by line and by
 * implementing unit (county), writing nothing.
 *
 * Built for a million decisions in well under two seconds: the decisions come as columns
 * (decision-columns.ts), each rule book is reduced once per purchase kind and period to numbers
 * (`KernelRule`, through the engine's own resolve.ts), and the loop over decisions reads typed
 * arrays only. Decisions are replayed in the order given (the order they were granted), so that
 * count quotas and cumulative caps see the decisions before them exactly as evaluateQuote sees its
 * history — a property test holds the two to the same fen.
 *
 * Not replayed: the facts the engine checks but a reform of amounts does not change (old-car
 * registration, displacement, age, applicant kind): stored decisions met them when granted.
 */
import {
  INVALID_KIND,
  decisionColumns,
  type DecisionColumns,
  type PurchaseKind,
  type StoredDecisionInput,
} from './decision-columns.js';
import { LINE_SPECS, SUBSIDY_LINES } from './lines.js';
import { ROUNDING_MODE, roundScaledToFen } from './money.js';
import { resolve } from './resolve.js';
import {
  compileRuleBook,
  type ParameterRole,
  type PlanParameter,
  type RuleBook,
  type RuleParameter,
  type RulePeriod,
} from './rule-book.js';
import type { SubsidyLine } from './schema.js';

const NO_LIMIT = Number.POSITIVE_INFINITY;
const LINE_COUNT = SUBSIDY_LINES.length;

/** One purchase kind in one period of one rule book, reduced to numbers. */
interface KernelRule {
  readonly fromDate: number;
  readonly toDate: number;
  readonly covered: boolean;
  readonly isRate: boolean;
  /** Rate in basis points, or the fixed amount in fen. */
  readonly amountValue: number;
  readonly itemCapFen: number;
  readonly ceilingFen: number;
  readonly itemsPerCategoryYear: number;
  readonly subsidiesPerPersonYear: number;
  readonly subsidiesPerNewCar: number;
  readonly dwellingCapFen: number;
  /** Which dwelling-cap window (cap version) the row's sum belongs to; -1 without a cap. */
  readonly dwellingWindow: number;
  readonly entityYearCapFen: number;
  /** Whether any period of the line (of any car line, for new cars) reads the usage: else not recorded. */
  readonly recorded: RecordedUsage;
}

interface RecordedUsage {
  readonly categoryYear: boolean;
  readonly personYear: boolean;
  readonly newCar: boolean;
  readonly dwelling: boolean;
  readonly entityYear: boolean;
}

function lineReads(book: RuleBook, line: SubsidyLine, role: ParameterRole): boolean {
  return book.lines[line].periods.some((period) => period.roles[role].length > 0);
}

function recordedUsage(book: RuleBook, line: SubsidyLine): RecordedUsage {
  const carLines = SUBSIDY_LINES.filter((other) => LINE_SPECS[other].needsNewCar);
  return {
    categoryYear: lineReads(book, line, 'items_per_person_category_year'),
    personYear: lineReads(book, line, 'subsidies_per_person_year'),
    newCar: carLines.some((other) => lineReads(book, other, 'subsidies_per_new_car')),
    dwelling: lineReads(book, line, 'dwelling_cumulative_cap'),
    entityYear: lineReads(book, line, 'entity_year_cap'),
  };
}

function limitOf(parameter: RuleParameter | null): number {
  return parameter === null ? NO_LIMIT : parameter.value;
}

function kernelRule(period: RulePeriod, kind: PurchaseKind, recorded: RecordedUsage, windows: number[]): KernelRule {
  const spec = LINE_SPECS[kind.line];
  const rules = resolve(period, spec, kind);
  const dwellingCap = rules.dwellingCap;
  return {
    fromDate: period.fromDate,
    toDate: period.toDate,
    covered: period.missingRoles.length === 0 && rules.scope.amount !== null,
    isRate: spec.amount === 'rate',
    amountValue: rules.scope.amount?.value ?? 0,
    itemCapFen: limitOf(rules.itemCap),
    ceilingFen: limitOf(rules.priceCeiling),
    itemsPerCategoryYear: limitOf(rules.itemsPerCategoryYear),
    subsidiesPerPersonYear: limitOf(rules.subsidiesPerPersonYear),
    subsidiesPerNewCar: limitOf(rules.subsidiesPerNewCar),
    dwellingCapFen: limitOf(dwellingCap),
    dwellingWindow: dwellingCap === null ? -1 : windowIndex(windows, dwellingCap.fromDate),
    entityYearCapFen: limitOf(rules.entityYearCap),
    recorded,
  };
}

/** A dwelling cap counts what was granted within its own dates: one sum per cap version. */
function windowIndex(windows: number[], fromDate: number): number {
  const index = windows.indexOf(fromDate);
  if (index >= 0) return index;
  windows.push(fromDate);
  return windows.length - 1;
}

interface Kernel {
  readonly rulesByKind: readonly (readonly KernelRule[])[];
  readonly dwellingWindows: number;
}

function kernelOf(book: RuleBook, kinds: readonly PurchaseKind[]): Kernel {
  const windows: number[] = [];
  const rulesByKind = kinds.map((kind) => {
    const recorded = recordedUsage(book, kind.line);
    return book.lines[kind.line].periods.map((period) => kernelRule(period, kind, recorded, windows));
  });
  return { rulesByKind, dwellingWindows: Math.max(1, windows.length) };
}

function ruleOn(rules: readonly KernelRule[], date: number): KernelRule | null {
  for (let index = 0; index < rules.length; index += 1) {
    const rule = rules[index] as KernelRule;
    if (date >= rule.fromDate && date <= rule.toDate) return rule;
  }
  return null;
}

/** What has been granted so far in one replay, per quota group. */
interface Usage {
  readonly categoryYear: Int32Array;
  readonly personYear: Int32Array;
  readonly newCar: Int32Array;
  /** dwelling group × cap window. */
  readonly dwelling: Float64Array;
  readonly dwellingWindows: number;
  readonly entityYear: Float64Array;
}

function usageFor(columns: DecisionColumns, kernel: Kernel): Usage {
  const sizes = columns.groups.sizes;
  return {
    categoryYear: new Int32Array(sizes.categoryYear),
    personYear: new Int32Array(sizes.personYear),
    newCar: new Int32Array(sizes.newCar),
    dwelling: new Float64Array(sizes.dwelling * kernel.dwellingWindows),
    dwellingWindows: kernel.dwellingWindows,
    entityYear: new Float64Array(sizes.entityYear),
  };
}

/** Count quotas: has the row's holder used them up? A row without the holder id is not limited. */
function quotaUsed(columns: DecisionColumns, row: number, rule: KernelRule, usage: Usage): boolean {
  const groups = columns.groups;
  const categoryYear = groups.categoryYear[row] as number;
  if (categoryYear >= 0 && (usage.categoryYear[categoryYear] as number) >= rule.itemsPerCategoryYear) return true;
  const personYear = groups.personYear[row] as number;
  if (personYear >= 0 && (usage.personYear[personYear] as number) >= rule.subsidiesPerPersonYear) return true;
  const newCar = groups.newCar[row] as number;
  return newCar >= 0 && (usage.newCar[newCar] as number) >= rule.subsidiesPerNewCar;
}

/** The amount before cumulative caps: rate rounded once (or the fixed amount), item cap, price. */
function itemAmount(rule: KernelRule, baseFen: number): number {
  let amount = rule.isRate ? roundScaledToFen(baseFen * rule.amountValue, ROUNDING_MODE) : rule.amountValue;
  if (amount > rule.itemCapFen) amount = rule.itemCapFen;
  if (!rule.isRate && !Number.isNaN(baseFen) && baseFen < amount) amount = baseFen;
  return amount;
}

function dwellingSlot(columns: DecisionColumns, row: number, rule: KernelRule, usage: Usage): number {
  const dwelling = columns.groups.dwelling[row] as number;
  return dwelling < 0 || rule.dwellingWindow < 0 ? -1 : dwelling * usage.dwellingWindows + rule.dwellingWindow;
}

/** Subsidy of one row under one rule book, recording what it uses; NaN when refused. */
function replayRow(columns: DecisionColumns, row: number, rule: KernelRule, usage: Usage): number {
  const price = columns.finalPriceFen[row] as number;
  if (price > rule.ceilingFen) return Number.NaN;
  if (quotaUsed(columns, row, rule, usage)) return Number.NaN;
  let amount = itemAmount(rule, columns.baseFen[row] as number);
  const dwelling = dwellingSlot(columns, row, rule, usage);
  if (rule.dwellingCapFen !== NO_LIMIT) {
    const left = Math.max(0, rule.dwellingCapFen - (dwelling >= 0 ? (usage.dwelling[dwelling] as number) : 0));
    if (left === 0) return Number.NaN;
    amount = Math.min(amount, left);
  }
  const entityYear = columns.groups.entityYear[row] as number;
  if (rule.entityYearCapFen !== NO_LIMIT) {
    const left = Math.max(0, rule.entityYearCapFen - (entityYear >= 0 ? (usage.entityYear[entityYear] as number) : 0));
    if (left === 0) return Number.NaN;
    amount = Math.min(amount, left);
  }
  record(columns, row, rule.recorded, usage, amount, dwelling);
  return amount;
}

function record(
  columns: DecisionColumns,
  row: number,
  recorded: RecordedUsage,
  usage: Usage,
  amount: number,
  dwelling: number,
): void {
  const groups = columns.groups;
  const categoryYear = groups.categoryYear[row] as number;
  if (recorded.categoryYear && categoryYear >= 0)
    usage.categoryYear[categoryYear] = (usage.categoryYear[categoryYear] as number) + 1;
  const personYear = groups.personYear[row] as number;
  if (recorded.personYear && personYear >= 0)
    usage.personYear[personYear] = (usage.personYear[personYear] as number) + 1;
  const newCar = groups.newCar[row] as number;
  if (recorded.newCar && newCar >= 0) usage.newCar[newCar] = (usage.newCar[newCar] as number) + 1;
  if (recorded.dwelling && dwelling >= 0) usage.dwelling[dwelling] = (usage.dwelling[dwelling] as number) + amount;
  const entityYear = groups.entityYear[row] as number;
  if (recorded.entityYear && entityYear >= 0)
    usage.entityYear[entityYear] = (usage.entityYear[entityYear] as number) + amount;
}

/**
 * The subsidy of every stored decision under one rule book, replayed in order; NaN marks a decision
 * that is not eligible under it (so that 0-fen grants and refusals stay apart).
 */
export function recomputeSubsidies(columns: DecisionColumns, book: RuleBook): Float64Array {
  const kernel = kernelOf(book, columns.kinds);
  const usage = usageFor(columns, kernel);
  const result = new Float64Array(columns.count);
  for (let row = 0; row < columns.count; row += 1) {
    const kind = columns.kind[row] as number;
    const rule =
      kind === INVALID_KIND ? null : ruleOn(kernel.rulesByKind[kind] as KernelRule[], columns.ruleDate[row] as number);
    const eligible = rule !== null && rule.covered && !(rule.isRate && Number.isNaN(columns.baseFen[row]));
    result[row] = eligible ? replayRow(columns, row, rule, usage) : Number.NaN;
  }
  return result;
}

export interface ReformTotals {
  readonly decisions: number;
  /** Decisions eligible under the base and under the changed rule book. */
  readonly eligibleBase: number;
  readonly eligibleChanged: number;
  readonly baseFen: number;
  readonly changedFen: number;
  readonly differenceFen: number;
}

export interface ReformReport {
  readonly basePlanVersionId: string;
  readonly changedPlanVersionId: string;
  readonly total: ReformTotals;
  /** Decisions whose input does not validate: counted, never paid under either book. */
  readonly invalidDecisions: number;
  readonly byLine: readonly (ReformTotals & { readonly line: SubsidyLine })[];
  readonly byUnit: readonly (ReformTotals & { readonly unitId: string })[];
  readonly byUnitAndLine: readonly (ReformTotals & { readonly unitId: string; readonly line: SubsidyLine })[];
}

/** Accumulators per cell (unit × line), in typed arrays: no object per decision. */
interface Cells {
  readonly decisions: Float64Array;
  readonly eligibleBase: Float64Array;
  readonly eligibleChanged: Float64Array;
  readonly baseFen: Float64Array;
  readonly changedFen: Float64Array;
}

function accumulate(columns: DecisionColumns, base: Float64Array, changed: Float64Array): Cells {
  const size = columns.units.length * LINE_COUNT;
  const cells: Cells = {
    decisions: new Float64Array(size),
    eligibleBase: new Float64Array(size),
    eligibleChanged: new Float64Array(size),
    baseFen: new Float64Array(size),
    changedFen: new Float64Array(size),
  };
  for (let row = 0; row < columns.count; row += 1) {
    if (columns.kind[row] === INVALID_KIND) continue;
    const cell = (columns.unit[row] as number) * LINE_COUNT + (columns.lineIndex[row] as number);
    const before = base[row] as number;
    const after = changed[row] as number;
    cells.decisions[cell] = (cells.decisions[cell] as number) + 1;
    if (!Number.isNaN(before)) {
      cells.eligibleBase[cell] = (cells.eligibleBase[cell] as number) + 1;
      cells.baseFen[cell] = (cells.baseFen[cell] as number) + before;
    }
    if (!Number.isNaN(after)) {
      cells.eligibleChanged[cell] = (cells.eligibleChanged[cell] as number) + 1;
      cells.changedFen[cell] = (cells.changedFen[cell] as number) + after;
    }
  }
  return cells;
}

function totalsOf(cells: Cells, indexes: readonly number[]): ReformTotals {
  const sum = (array: Float64Array): number => indexes.reduce((total, index) => total + (array[index] as number), 0);
  const baseFen = sum(cells.baseFen);
  const changedFen = sum(cells.changedFen);
  return {
    decisions: sum(cells.decisions),
    eligibleBase: sum(cells.eligibleBase),
    eligibleChanged: sum(cells.eligibleChanged),
    baseFen,
    changedFen,
    differenceFen: changedFen - baseFen,
  };
}

function range(count: number): number[] {
  return Array.from({ length: count }, (_, index) => index);
}

/**
 * The cost of a reform: every stored decision recomputed under both rule books. Pass the columns
 * (decisionColumns) to keep their building out of repeated simulations.
 */
export function simulateReform(
  decisions: readonly StoredDecisionInput[] | DecisionColumns,
  base: RuleBook,
  changed: RuleBook,
): ReformReport {
  const columns = 'kind' in decisions ? decisions : decisionColumns(decisions);
  const cells = accumulate(columns, recomputeSubsidies(columns, base), recomputeSubsidies(columns, changed));
  const units = range(columns.units.length);
  const lines = range(LINE_COUNT);
  const cellsOf = (unit: number | null, line: number | null): number[] =>
    units.flatMap((u) =>
      lines
        .filter((l) => (unit === null || u === unit) && (line === null || l === line))
        .map((l) => u * LINE_COUNT + l),
    );
  return {
    basePlanVersionId: base.planVersionId,
    changedPlanVersionId: changed.planVersionId,
    total: totalsOf(cells, cellsOf(null, null)),
    invalidDecisions: countInvalid(columns),
    byLine: lines.map((line) => ({
      line: SUBSIDY_LINES[line] as SubsidyLine,
      ...totalsOf(cells, cellsOf(null, line)),
    })),
    byUnit: units.map((unit) => ({ unitId: columns.units[unit] as string, ...totalsOf(cells, cellsOf(unit, null)) })),
    byUnitAndLine: units.flatMap((unit) =>
      lines
        .map((line) => ({
          unitId: columns.units[unit] as string,
          line: SUBSIDY_LINES[line] as SubsidyLine,
          ...totalsOf(cells, [unit * LINE_COUNT + line]),
        }))
        .filter((cell) => cell.decisions > 0),
    ),
  };
}

function countInvalid(columns: DecisionColumns): number {
  let invalid = 0;
  for (let row = 0; row < columns.count; row += 1) if (columns.kind[row] === INVALID_KIND) invalid += 1;
  return invalid;
}

/** A change to try: a new value for one parameter version (by id) or for every version of a key. */
export type ParameterChange =
  { readonly id: string; readonly value: number } | { readonly key: string; readonly value: number };

/** The plan's parameters with the changes applied (nothing else touched); unknown ids or keys throw. */
export function reviseParameters(
  parameters: readonly PlanParameter[],
  changes: readonly ParameterChange[],
): PlanParameter[] {
  for (const change of changes) {
    const known = parameters.some((parameter) =>
      'id' in change ? parameter.id === change.id : parameter.key === change.key,
    );
    if (!known) throw new RangeError(`no parameter ${'id' in change ? change.id : change.key} to change`);
  }
  return parameters.map((parameter) => {
    const change = changes.findLast((item) => ('id' in item ? item.id === parameter.id : item.key === parameter.key));
    return change === undefined ? parameter : { ...parameter, value: change.value };
  });
}

/** A changed rule book in one step: the base parameters with the changes, compiled. */
export function reformRuleBook(
  parameters: readonly PlanParameter[],
  changes: readonly ParameterChange[],
  planVersionId: string,
): RuleBook {
  return compileRuleBook(reviseParameters(parameters, changes), planVersionId);
}
