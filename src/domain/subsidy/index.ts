/**
 * The subsidy rules engine (pure): compile the plan's parameters into a rule book, decide one quote
 * against it (and a history of earlier grants), explain the decision, quote from JSON, and simulate
 * a reform over stored decisions. See docs/subsidy-rules.md.
 */
export {
  GrantedDecision,
  MAX_MONEY_FEN,
  NewCarKind,
  QuoteInput,
  QuoteResult,
  ReasonCode,
  SubsidyLine,
  ApplicantKind,
} from './schema.js';
export type {
  Calculation,
  CountQuotaRole,
  CumulativeCapRole,
  LimitStep,
  QuotaCheck,
  Reason,
  SubsidyDecision,
  UncheckedCondition,
} from './decision.js';
export {
  LINE_SPECS,
  lineCategories,
  SUBSIDY_LINES,
  CATEGORY_LABELS,
  type LineSpec,
  type RuleDateField,
  type BaseField,
} from './lines.js';
export { ROUNDING_MODE, rateAmountFen, roundScaledToFen, type RoundingMode } from './money.js';
export {
  assertRuleBookUsable,
  compileRuleBook,
  REQUIRED_ROLES,
  ROLE_BY_KEY_SUFFIX,
  type ParameterRole,
  type PlanParameter,
  type RuleBook,
  type RuleBookProblem,
  type RuleParameter,
} from './rule-book.js';
export { planParameters } from './plan-parameters.js';
export { checkQuoteInput, validateQuoteInput, CheckedQuote, type FieldError } from './validate.js';
export { evaluateQuote } from './engine.js';
export { explainDecision, explanationOf } from './explain.js';
export { traceOf, type TraceStep } from './trace.js';
export { reasonWords } from './words.js';
export { parseQuoteJson, quoteFromJson, quoteResultFromJson, type ParsedQuote } from './quote-json.js';
export {
  decisionColumns,
  INVALID_KIND,
  type DecisionColumns,
  type PurchaseKind,
  type QuotaGroups,
  type StoredDecisionInput,
} from './decision-columns.js';
export {
  recomputeSubsidies,
  reformRuleBook,
  reviseParameters,
  simulateReform,
  type ParameterChange,
  type ReformReport,
  type ReformTotals,
} from './simulation.js';
