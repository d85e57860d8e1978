/**
 * The subsidy engine: one purchase or claim against the rule book (and, for quotas, the history of
 * earlier grants) → a SubsidyDecision value. Pure: no I/O, no clock; the date that selects the
 * parameter versions comes from the input (LINE_SPECS[line].ruleDate).
 *
 * Order: validate the input; find the rule in force on the rule date; check eligibility (category,
 * efficiency grade, new car, price ceiling, old-car registration, displacement, age, applicant),
 * collecting every reason; then the count quotas; then the amount (rate × base rounded once half up,
 * or the fixed maximum), limited by the per-item cap, the price and the cumulative caps, in that order.
 */
import type {
  Calculation,
  CountQuotaRole,
  CumulativeCapRole,
  LimitStep,
  QuotaCheck,
  Reason,
  SubsidyDecision,
  UncheckedCondition,
} from './decision.js';
import { parseIsoDate, yearOf } from './dates.js';
import { LINE_SPECS, SUBSIDY_LINES, type LineSpec } from './lines.js';
import { ROUNDING_MODE, roundScaledToFen } from './money.js';
import {
  dwellingMoneyBetween,
  entityMoneyInYear,
  itemsInCategoryYear,
  subsidiesInYear,
  subsidiesOnNewCar,
} from './quotas.js';
import { resolve, type Resolution } from './resolve.js';
import { periodOn, type RuleBook, type RuleParameter } from './rule-book.js';
import type { GrantedDecision, QuoteInput, SubsidyLine } from './schema.js';
import { baseOf, checkQuoteInput, ruleDateOf, type CheckedQuote } from './validate.js';

const NONE: readonly never[] = Object.freeze([]);
const CAR_LINES: readonly SubsidyLine[] = SUBSIDY_LINES.filter((line) => LINE_SPECS[line].needsNewCar);
/** Litres in the plan, millilitres in the input: a unit conversion. */
const MILLILITRES_PER_LITRE = 1000;

/** The state of one evaluation; short-lived, never shared. Lists stay null until needed. */
interface Evaluation {
  /** The input as given (kept in the decision) and as checked (read by the rules). */
  readonly input: QuoteInput;
  readonly quote: CheckedQuote;
  readonly spec: LineSpec;
  readonly line: SubsidyLine;
  readonly rules: Resolution;
  readonly date: number;
  readonly history: readonly GrantedDecision[] | undefined;
  readonly used: RuleParameter[];
  reasons: Reason[] | null;
  quotaChecks: QuotaCheck[] | null;
  unchecked: UncheckedCondition[] | null;
}

function refuse(evaluation: Evaluation, reason: Reason): void {
  (evaluation.reasons ??= []).push(reason);
}

function note(evaluation: Evaluation, condition: UncheckedCondition): void {
  (evaluation.unchecked ??= []).push(condition);
}

/**
 * Decides one quote. `history`: the earlier grants of the same person, dwelling or entity; without
 * it the quotas are not checked and the decision lists them as unchecked conditions.
 */
export function evaluateQuote(
  book: RuleBook,
  input: QuoteInput,
  history?: readonly GrantedDecision[],
): SubsidyDecision {
  // Fields TypeScript does not know cannot have been meant for the engine: allowed, ignored.
  const quote = checkQuoteInput(input, true);
  if (Array.isArray(quote)) {
    const reasons = quote.map((error): Reason => ({ code: 'INVALID_INPUT', field: error.field, error }));
    return refusal(book, input, null, reasons);
  }
  const spec = LINE_SPECS[quote.line];
  const ruleDate = ruleDateOf(quote, spec) ?? '';
  const date = parseIsoDate(ruleDate);
  const period = periodOn(book.lines[quote.line], date);
  if (period === null || period.missingRoles.length > 0) {
    const reason: Reason = { code: 'NO_RULE_IN_FORCE', date: ruleDate, missingRoles: period?.missingRoles ?? NONE };
    return refusal(book, input, spec, [reason]);
  }
  return evaluateInPeriod(book, {
    input,
    quote,
    spec,
    line: quote.line,
    rules: resolve(period, spec, quote),
    date,
    history,
    used: [],
    reasons: null,
    quotaChecks: null,
    unchecked: null,
  });
}

function evaluateInPeriod(book: RuleBook, evaluation: Evaluation): SubsidyDecision {
  const amountParameter = checkEligibility(evaluation);
  if (evaluation.reasons === null) checkCountQuotas(evaluation);
  if (evaluation.reasons !== null || amountParameter === null) return decisionOf(book, evaluation, null);
  const calculation = calculate(evaluation, amountParameter);
  return decisionOf(book, evaluation, evaluation.reasons === null ? calculation : null);
}

function refusal(
  book: RuleBook,
  input: QuoteInput,
  spec: LineSpec | null,
  reasons: readonly Reason[],
): SubsidyDecision {
  return {
    planVersionId: book.planVersionId,
    input,
    line: spec === null ? null : input.line,
    ruleDateField: spec?.ruleDate ?? null,
    ruleDate: spec === null ? null : (input[spec.ruleDate] ?? null),
    eligible: false,
    subsidyFen: 0,
    reasons,
    calculation: null,
    quotaChecks: NONE,
    uncheckedConditions: NONE,
    parameters: NONE,
  };
}

function decisionOf(book: RuleBook, evaluation: Evaluation, calculation: Calculation | null): SubsidyDecision {
  const limits = calculation?.limits;
  const last = limits === undefined ? undefined : limits[limits.length - 1];
  const subsidyFen = calculation === null ? 0 : (last?.afterFen ?? calculation.amountFen);
  return {
    planVersionId: book.planVersionId,
    input: evaluation.input,
    line: evaluation.line,
    ruleDateField: evaluation.spec.ruleDate,
    ruleDate: ruleDateOf(evaluation.quote, evaluation.spec) ?? null,
    eligible: calculation !== null,
    subsidyFen,
    reasons: evaluation.reasons ?? NONE,
    calculation,
    quotaChecks: evaluation.quotaChecks ?? NONE,
    uncheckedConditions: evaluation.unchecked ?? NONE,
    parameters: evaluation.used,
  };
}

/** Notes a parameter the decision read; returns it for the caller to use. */
function read(evaluation: Evaluation, parameter: RuleParameter | null): RuleParameter | null {
  if (parameter !== null) evaluation.used.push(parameter);
  return parameter;
}

/** Collects every eligibility reason; returns the parameter that sets the amount, if one applies. */
function checkEligibility(evaluation: Evaluation): RuleParameter | null {
  const amountParameter = checkScope(evaluation);
  checkPriceCeiling(evaluation);
  checkOldCar(evaluation);
  checkDisplacement(evaluation);
  checkAge(evaluation);
  checkApplicant(evaluation);
  return amountParameter;
}

/** Category, efficiency grade and new car: is the purchase one the line's parameters cover? */
function checkScope(evaluation: Evaluation): RuleParameter | null {
  const scope = evaluation.rules.scope;
  read(evaluation, scope.categories);
  read(evaluation, scope.amount);
  if (scope.reason !== null) refuse(evaluation, scope.reason);
  return scope.amount;
}

function checkPriceCeiling(evaluation: Evaluation): void {
  const price = evaluation.quote.finalPriceFen;
  if (price === undefined) return;
  const ceiling = read(evaluation, evaluation.rules.priceCeiling);
  if (ceiling !== null && price > ceiling.value) {
    refuse(evaluation, { code: 'PRICE_ABOVE_CEILING', parameter: ceiling, priceFen: price });
  }
}

function checkOldCar(evaluation: Evaluation): void {
  const parameter = read(evaluation, evaluation.rules.oldCarRegisteredBy);
  if (parameter === null) return;
  const registeredOn = evaluation.quote.oldCarRegisteredOn;
  if (registeredOn === undefined) {
    note(evaluation, { code: 'OLD_CAR_REGISTRATION', parameter });
  } else if (parseIsoDate(registeredOn) > parameter.value) {
    refuse(evaluation, { code: 'OLD_CAR_REGISTERED_TOO_LATE', parameter, registeredOn });
  }
}

function checkDisplacement(evaluation: Evaluation): void {
  const parameter = read(evaluation, evaluation.rules.maxDisplacement);
  if (parameter === null) return;
  const displacementMl = evaluation.quote.displacementMl;
  if (displacementMl === undefined) {
    note(evaluation, { code: 'DISPLACEMENT', parameter });
  } else if (displacementMl > Math.round(parameter.value * MILLILITRES_PER_LITRE)) {
    refuse(evaluation, { code: 'DISPLACEMENT_ABOVE_LIMIT', parameter, displacementMl });
  }
}

function checkAge(evaluation: Evaluation): void {
  const parameter = read(evaluation, evaluation.rules.minAge);
  if (parameter === null) return;
  const ageYears = evaluation.quote.applicantAgeYears;
  if (ageYears === undefined) {
    note(evaluation, { code: 'APPLICANT_AGE', parameter });
  } else if (ageYears < parameter.value) {
    refuse(evaluation, { code: 'AGE_BELOW_MINIMUM', parameter, ageYears });
  }
}

function checkApplicant(evaluation: Evaluation): void {
  const required = evaluation.spec.applicant;
  if (required === null) return;
  const actual = evaluation.quote.applicantKind;
  if (actual === undefined) {
    note(evaluation, { code: 'APPLICANT_KIND', required });
  } else if (actual !== required) {
    refuse(evaluation, { code: 'APPLICANT_NOT_ELIGIBLE', required, actual });
  }
}

function checkCountQuotas(evaluation: Evaluation): void {
  const rules = evaluation.rules;
  checkCountQuota(evaluation, 'items_per_person_category_year', rules.itemsPerCategoryYear);
  checkCountQuota(evaluation, 'subsidies_per_person_year', rules.subsidiesPerPersonYear);
  checkCountQuota(evaluation, 'subsidies_per_new_car', rules.subsidiesPerNewCar);
}

function checkCountQuota(evaluation: Evaluation, role: CountQuotaRole, quota: RuleParameter | null): void {
  const parameter = read(evaluation, quota);
  if (parameter === null) return;
  const history = evaluation.history;
  if (history === undefined) {
    note(evaluation, { code: 'QUOTA_NO_HISTORY', parameter });
    return;
  }
  const used = countUsed(evaluation, role, history);
  if (used === null) {
    note(evaluation, { code: 'NEW_CAR_ID', parameter });
    return;
  }
  const passed = used < parameter.value;
  (evaluation.quotaChecks ??= []).push({ role, parameter, used, passed });
  if (!passed) refuse(evaluation, { code: 'QUOTA_USED', parameter, used });
}

/** Granted before in the quota's scope; null when the input lacks the id the scope needs. */
function countUsed(evaluation: Evaluation, role: CountQuotaRole, history: readonly GrantedDecision[]): number | null {
  const { quote, line } = evaluation;
  const year = yearOf(evaluation.date);
  switch (role) {
    case 'items_per_person_category_year':
      return itemsInCategoryYear(history, line, quote.category, year, quote.applicantId);
    case 'subsidies_per_person_year':
      return subsidiesInYear(history, line, year, quote.applicantId);
    case 'subsidies_per_new_car':
      return quote.newCarId === undefined ? null : subsidiesOnNewCar(history, CAR_LINES, quote.newCarId);
  }
}

function calculate(evaluation: Evaluation, amountParameter: RuleParameter): Calculation {
  const { quote, spec } = evaluation;
  const baseFen = baseOf(quote, spec) ?? null;
  const isRate = spec.amount === 'rate';
  const scaledAmount = isRate ? (baseFen ?? 0) * amountParameter.value : 0;
  const amountFen = isRate ? roundScaledToFen(scaledAmount, ROUNDING_MODE) : amountParameter.value;
  const limits: LimitStep[] = [];
  let current = limitByItemCap(evaluation, amountFen, limits);
  if (!isRate && baseFen !== null && baseFen < current) {
    limits.push({
      kind: 'price',
      parameter: null,
      usedFen: 0,
      limitFen: baseFen,
      beforeFen: current,
      afterFen: baseFen,
    });
    current = baseFen;
  }
  current = limitByCumulativeCap(evaluation, 'dwelling_cumulative_cap', evaluation.rules.dwellingCap, current, limits);
  limitByCumulativeCap(evaluation, 'entity_year_cap', evaluation.rules.entityYearCap, current, limits);
  return {
    amount: spec.amount,
    baseField: spec.base,
    baseFen,
    rate: isRate ? amountParameter : null,
    scaledAmount,
    roundingMode: ROUNDING_MODE,
    amountFen,
    fixed: isRate ? null : amountParameter,
    excludedLabourFen: quote.labourCostFen ?? null,
    limits,
  };
}

function limitByItemCap(evaluation: Evaluation, amountFen: number, limits: LimitStep[]): number {
  const cap = read(evaluation, evaluation.rules.itemCap);
  if (cap === null) return amountFen;
  const afterFen = Math.min(amountFen, cap.value);
  limits.push({ kind: 'item_cap', parameter: cap, usedFen: 0, limitFen: cap.value, beforeFen: amountFen, afterFen });
  return afterFen;
}

/** Pays what is left of a cumulative cap; nothing left → CAP_REACHED. */
function limitByCumulativeCap(
  evaluation: Evaluation,
  role: CumulativeCapRole,
  capParameter: RuleParameter | null,
  beforeFen: number,
  limits: LimitStep[],
): number {
  const cap = read(evaluation, capParameter);
  if (cap === null) return beforeFen;
  if (evaluation.history === undefined) {
    note(evaluation, { code: 'CUMULATIVE_CAP_NO_HISTORY', parameter: cap });
  }
  const usedFen = cumulativeUsed(evaluation, role, cap);
  const limitFen = Math.max(0, cap.value - usedFen);
  const afterFen = Math.min(beforeFen, limitFen);
  limits.push({ kind: role, parameter: cap, usedFen, limitFen, beforeFen, afterFen });
  if (limitFen === 0) refuse(evaluation, { code: 'CAP_REACHED', parameter: cap, usedFen });
  return afterFen;
}

function cumulativeUsed(evaluation: Evaluation, role: CumulativeCapRole, cap: RuleParameter): number {
  const { history, quote, line } = evaluation;
  if (history === undefined) return 0;
  switch (role) {
    case 'dwelling_cumulative_cap':
      return dwellingMoneyBetween(history, line, quote.dwellingId, cap.fromDate, cap.toDate);
    case 'entity_year_cap':
      return entityMoneyInYear(history, line, quote.entityId, yearOf(evaluation.date));
  }
}
