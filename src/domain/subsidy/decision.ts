/**
 * What the engine decides: a value carrying everything needed to explain it (explain.ts) and to
 * audit it later — the input, the plan version, every parameter used, each step of the arithmetic,
 * the quota checks and the conditions the input did not let it check. No text is built here: the
 * engine must quote a million purchases a second; explanations are built on demand.
 */
import type { AmountKind, BaseField, RuleDateField } from './lines.js';
import type { RoundingMode } from './money.js';
import type { ParameterRole, RuleParameter } from './rule-book.js';
import type { ApplicantKind, NewCarKind, QuoteInput, SubsidyLine } from './schema.js';
import type { FieldError } from './validate.js';

export type Reason =
  | { readonly code: 'INVALID_INPUT'; readonly field: string; readonly error: FieldError }
  | { readonly code: 'NO_RULE_IN_FORCE'; readonly date: string; readonly missingRoles: readonly ParameterRole[] }
  | { readonly code: 'CATEGORY_NOT_ELIGIBLE'; readonly category: string; readonly allowed: readonly string[] }
  | { readonly code: 'GRADE_NOT_ELIGIBLE'; readonly grade: number; readonly allowed: readonly number[] }
  | { readonly code: 'NEW_CAR_NOT_ELIGIBLE'; readonly newCar: NewCarKind | undefined }
  | { readonly code: 'PRICE_ABOVE_CEILING'; readonly parameter: RuleParameter; readonly priceFen: number }
  | { readonly code: 'OLD_CAR_REGISTERED_TOO_LATE'; readonly parameter: RuleParameter; readonly registeredOn: string }
  | { readonly code: 'DISPLACEMENT_ABOVE_LIMIT'; readonly parameter: RuleParameter; readonly displacementMl: number }
  | { readonly code: 'AGE_BELOW_MINIMUM'; readonly parameter: RuleParameter; readonly ageYears: number }
  | { readonly code: 'APPLICANT_NOT_ELIGIBLE'; readonly required: ApplicantKind; readonly actual: ApplicantKind }
  | { readonly code: 'QUOTA_USED'; readonly parameter: RuleParameter; readonly used: number }
  | { readonly code: 'CAP_REACHED'; readonly parameter: RuleParameter; readonly usedFen: number };

export type ReasonCode = Reason['code'];

/** A fact the rule needs that the input did not give: a grant must supply it; a quote says so. */
export type UncheckedCondition =
  | { readonly code: 'OLD_CAR_REGISTRATION'; readonly parameter: RuleParameter }
  | { readonly code: 'DISPLACEMENT'; readonly parameter: RuleParameter }
  | { readonly code: 'APPLICANT_AGE'; readonly parameter: RuleParameter }
  | { readonly code: 'APPLICANT_KIND'; readonly required: ApplicantKind }
  | { readonly code: 'QUOTA_NO_HISTORY'; readonly parameter: RuleParameter }
  | { readonly code: 'NEW_CAR_ID'; readonly parameter: RuleParameter }
  | { readonly code: 'CUMULATIVE_CAP_NO_HISTORY'; readonly parameter: RuleParameter };

export type CountQuotaRole = 'items_per_person_category_year' | 'subsidies_per_person_year' | 'subsidies_per_new_car';
export type CumulativeCapRole = 'dwelling_cumulative_cap' | 'entity_year_cap';

export interface QuotaCheck {
  readonly role: CountQuotaRole;
  readonly parameter: RuleParameter;
  /** Granted before, in the quota's scope. */
  readonly used: number;
  readonly passed: boolean;
}

export interface LimitStep {
  readonly kind: 'item_cap' | 'price' | CumulativeCapRole;
  /** null for the price limit of a fixed amount (never above the price). */
  readonly parameter: RuleParameter | null;
  /** For cumulative caps: what earlier decisions used of the cap (0 when no history was given). */
  readonly usedFen: number;
  /** The most this step allows: the cap, the price, or what is left of a cumulative cap. */
  readonly limitFen: number;
  readonly beforeFen: number;
  readonly afterFen: number;
}

export interface Calculation {
  readonly amount: AmountKind;
  readonly baseField: BaseField;
  /** The base of a rate, or the price that bounds a fixed amount; null when not given. */
  readonly baseFen: number | null;
  readonly rate: RuleParameter | null;
  /** base × rate in basis points: the exact amount in ten-thousandths of a fen, before rounding. */
  readonly scaledAmount: number;
  readonly roundingMode: RoundingMode;
  /** The rate amount after rounding, or the fixed amount. */
  readonly amountFen: number;
  readonly fixed: RuleParameter | null;
  /** Costs given but not subsidised (labour and renovation). */
  readonly excludedLabourFen: number | null;
  readonly limits: readonly LimitStep[];
}

export interface SubsidyDecision {
  readonly planVersionId: string;
  /** The input as given; null when there was none to read (text that is not JSON). */
  readonly input: QuoteInput | null;
  readonly line: SubsidyLine | null;
  readonly ruleDateField: RuleDateField | null;
  readonly ruleDate: string | null;
  readonly eligible: boolean;
  readonly subsidyFen: number;
  readonly reasons: readonly Reason[];
  readonly calculation: Calculation | null;
  readonly quotaChecks: readonly QuotaCheck[];
  readonly uncheckedConditions: readonly UncheckedCondition[];
  /** Every parameter the decision read, in the order it read them. */
  readonly parameters: readonly RuleParameter[];
}
