/**
 * Checks a quote input field by field and answers with values naming the field (the HTTP layer maps
 * them to 400 VALIDATION_FAILED). The same bounds as the QuoteInput schema, plus what a schema
 * cannot say: the date is a real calendar date, and the facts the line needs are present.
 *
 * The input is read once, key by key, into a CheckedQuote of one fixed shape: inputs of many
 * shapes (every line has its own fields) would otherwise make every later field read slow, and the
 * engine must quote a million purchases a second.
 */
import { parseIsoDate } from './dates.js';
import { LINE_SPECS, SUBSIDY_LINES, isSubsidyLine, type LineSpec } from './lines.js';
import { MAX_MONEY_FEN, type ApplicantKind, type NewCarKind, type QuoteInput, type SubsidyLine } from './schema.js';

export type FieldProblem = 'required' | 'type' | 'range' | 'format' | 'unknown_field';

export interface FieldError {
  /** The input field at fault, e.g. finalPriceFen; '' for the whole input. */
  readonly field: string;
  readonly problem: FieldProblem;
  readonly message: string;
  readonly messageEn: string;
}

type FieldRule =
  | { readonly kind: 'money' }
  | { readonly kind: 'date' }
  | { readonly kind: 'integer'; readonly min: number; readonly max: number }
  | { readonly kind: 'text'; readonly maxLength: number }
  | { readonly kind: 'choice'; readonly values: readonly string[] };

const MONEY = { kind: 'money' } as const;
const DATE = { kind: 'date' } as const;
const HOLDER_ID = { kind: 'text', maxLength: 200 } as const;

/** Every field of QuoteInput and its rule; `satisfies` keeps the table and the schema in step. */
export const FIELD_RULES = {
  line: { kind: 'choice', values: SUBSIDY_LINES },
  category: { kind: 'text', maxLength: 80 },
  efficiencyGrade: { kind: 'integer', min: 1, max: 5 },
  newCar: { kind: 'choice', values: ['nev', 'fuel'] },
  finalPriceFen: MONEY,
  productCostFen: MONEY,
  labourCostFen: MONEY,
  eligibleCostFen: MONEY,
  purchaseDate: DATE,
  eventDate: DATE,
  oldCarRegisteredOn: DATE,
  displacementMl: { kind: 'integer', min: 1, max: 100_000 },
  applicantAgeYears: { kind: 'integer', min: 0, max: 150 },
  applicantKind: { kind: 'choice', values: ['natural_person', 'legal_person'] },
  applicantId: HOLDER_ID,
  dwellingId: HOLDER_ID,
  entityId: HOLDER_ID,
  newCarId: HOLDER_ID,
} as const satisfies Record<keyof QuoteInput, FieldRule>;

/** A quote input that passed validation, every field present (undefined when not given). */
export class CheckedQuote {
  /** Always set from the input before a CheckedQuote leaves checkQuoteInput. */
  line: SubsidyLine = 'appliance';
  category: string | undefined = undefined;
  efficiencyGrade: number | undefined = undefined;
  newCar: NewCarKind | undefined = undefined;
  finalPriceFen: number | undefined = undefined;
  productCostFen: number | undefined = undefined;
  labourCostFen: number | undefined = undefined;
  eligibleCostFen: number | undefined = undefined;
  purchaseDate: string | undefined = undefined;
  eventDate: string | undefined = undefined;
  oldCarRegisteredOn: string | undefined = undefined;
  displacementMl: number | undefined = undefined;
  applicantAgeYears: number | undefined = undefined;
  applicantKind: ApplicantKind | undefined = undefined;
  applicantId: string | undefined = undefined;
  dwellingId: string | undefined = undefined;
  entityId: string | undefined = undefined;
  newCarId: string | undefined = undefined;
}

const NO_ERRORS: readonly FieldError[] = Object.freeze([]);

function fieldError(field: string, problem: FieldProblem, message: string, messageEn: string): FieldError {
  return { field, problem, message, messageEn };
}

function ruleError(field: string, value: unknown, rule: FieldRule): FieldError {
  switch (rule.kind) {
    case 'money':
      return typeof value === 'number' && Number.isInteger(value)
        ? fieldError(
            field,
            'range',
            `${field}须在0至${MAX_MONEY_FEN}分之间`,
            `${field} must be 0..${MAX_MONEY_FEN} fen`,
          )
        : fieldError(field, 'type', `${field}须为整数（单位：分）`, `${field} must be a whole number of fen`);
    case 'date':
      return fieldError(field, 'format', `${field}须为有效日期YYYY-MM-DD`, `${field} must be a real date YYYY-MM-DD`);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value)
        ? fieldError(
            field,
            'range',
            `${field}须在${rule.min}至${rule.max}之间`,
            `${field} must be ${rule.min}..${rule.max}`,
          )
        : fieldError(field, 'type', `${field}须为整数`, `${field} must be a whole number`);
    case 'text':
      return fieldError(
        field,
        'type',
        `${field}须为非空文本`,
        `${field} must be a non-empty string of ≤ ${rule.maxLength}`,
      );
    case 'choice':
      return fieldError(
        field,
        'range',
        `${field}须为${rule.values.join('、')}之一`,
        `${field} must be one of ${rule.values.join(', ')}`,
      );
  }
}

function isMoney(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_MONEY_FEN;
}

function isDate(value: unknown): value is string {
  return typeof value === 'string' && parseIsoDate(value) > 0;
}

function isIntegerIn(value: unknown, rule: { readonly min: number; readonly max: number }): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= rule.min && value <= rule.max;
}

function isText(value: unknown, rule: { readonly maxLength: number }): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= rule.maxLength;
}

function isNewCar(value: unknown): value is NewCarKind {
  return value === 'nev' || value === 'fuel';
}

function isApplicantKind(value: unknown): value is ApplicantKind {
  return value === 'natural_person' || value === 'legal_person';
}

/** Copies one field into the quote when valid; false when not (the caller reports it). */
function take(quote: CheckedQuote, key: string, value: unknown): boolean {
  const rules = FIELD_RULES;
  switch (key) {
    case 'line':
      if (!isSubsidyLine(value)) return false;
      quote.line = value;
      return true;
    case 'category':
      if (!isText(value, rules.category)) return false;
      quote.category = value;
      return true;
    case 'efficiencyGrade':
      if (!isIntegerIn(value, rules.efficiencyGrade)) return false;
      quote.efficiencyGrade = value;
      return true;
    case 'newCar':
      if (!isNewCar(value)) return false;
      quote.newCar = value;
      return true;
    default:
      return takeMoney(quote, key, value);
  }
}

function takeMoney(quote: CheckedQuote, key: string, value: unknown): boolean {
  switch (key) {
    case 'finalPriceFen':
      if (!isMoney(value)) return false;
      quote.finalPriceFen = value;
      return true;
    case 'productCostFen':
      if (!isMoney(value)) return false;
      quote.productCostFen = value;
      return true;
    case 'labourCostFen':
      if (!isMoney(value)) return false;
      quote.labourCostFen = value;
      return true;
    case 'eligibleCostFen':
      if (!isMoney(value)) return false;
      quote.eligibleCostFen = value;
      return true;
    default:
      return takeDate(quote, key, value);
  }
}

function takeDate(quote: CheckedQuote, key: string, value: unknown): boolean {
  switch (key) {
    case 'purchaseDate':
      if (!isDate(value)) return false;
      quote.purchaseDate = value;
      return true;
    case 'eventDate':
      if (!isDate(value)) return false;
      quote.eventDate = value;
      return true;
    case 'oldCarRegisteredOn':
      if (!isDate(value)) return false;
      quote.oldCarRegisteredOn = value;
      return true;
    default:
      return takeFact(quote, key, value);
  }
}

function takeFact(quote: CheckedQuote, key: string, value: unknown): boolean {
  const rules = FIELD_RULES;
  switch (key) {
    case 'displacementMl':
      if (!isIntegerIn(value, rules.displacementMl)) return false;
      quote.displacementMl = value;
      return true;
    case 'applicantAgeYears':
      if (!isIntegerIn(value, rules.applicantAgeYears)) return false;
      quote.applicantAgeYears = value;
      return true;
    case 'applicantKind':
      if (!isApplicantKind(value)) return false;
      quote.applicantKind = value;
      return true;
    default:
      return takeHolder(quote, key, value);
  }
}

function takeHolder(quote: CheckedQuote, key: string, value: unknown): boolean {
  switch (key) {
    case 'applicantId':
      if (!isText(value, HOLDER_ID)) return false;
      quote.applicantId = value;
      return true;
    case 'dwellingId':
      if (!isText(value, HOLDER_ID)) return false;
      quote.dwellingId = value;
      return true;
    case 'entityId':
      if (!isText(value, HOLDER_ID)) return false;
      quote.entityId = value;
      return true;
    case 'newCarId':
      if (!isText(value, HOLDER_ID)) return false;
      quote.newCarId = value;
      return true;
    default:
      return false;
  }
}

function added(errors: FieldError[] | null, error: FieldError): FieldError[] {
  if (errors === null) return [error];
  errors.push(error);
  return errors;
}

function fieldProblem(key: string, value: unknown): FieldError {
  if (!Object.hasOwn(FIELD_RULES, key)) {
    return fieldError(key, 'unknown_field', `未知字段${key}`, `unknown field ${key}`);
  }
  return ruleError(key, value, FIELD_RULES[key as keyof QuoteInput]);
}

function requiredError(field: string, line: SubsidyLine): FieldError {
  return fieldError(field, 'required', `${line}须提供${field}`, `${field} is required for line ${line}`);
}

/** The fields a line cannot be quoted without. */
export function requiredFields(line: SubsidyLine): readonly (keyof QuoteInput)[] {
  const spec = LINE_SPECS[line];
  const fields: (keyof QuoteInput)[] = [spec.ruleDate];
  if (spec.amount === 'rate') fields.push(spec.base);
  if (spec.needsCategory) fields.push('category');
  if (spec.needsEfficiencyGrade) fields.push('efficiencyGrade');
  if (spec.needsNewCar) fields.push('newCar');
  return fields;
}

/** The date that selects the parameter version, read by name (keyed reads are slow on a hot path). */
export function ruleDateOf(quote: CheckedQuote, spec: LineSpec): string | undefined {
  switch (spec.ruleDate) {
    case 'purchaseDate':
      return quote.purchaseDate;
    case 'eventDate':
      return quote.eventDate;
  }
}

/** The amount the line's rate applies to (or, for fixed amounts, the price that bounds them). */
export function baseOf(quote: CheckedQuote, spec: LineSpec): number | undefined {
  switch (spec.base) {
    case 'finalPriceFen':
      return quote.finalPriceFen;
    case 'productCostFen':
      return quote.productCostFen;
    case 'eligibleCostFen':
      return quote.eligibleCostFen;
  }
}

function absent(input: Readonly<Record<string, unknown>>, field: keyof QuoteInput): boolean {
  return input[field] === undefined;
}

/** Required fields not given at all (a field given with a wrong value is reported as such, once). */
function missingErrors(
  quote: CheckedQuote,
  input: Readonly<Record<string, unknown>>,
  errors: FieldError[] | null,
): FieldError[] | null {
  const line = quote.line;
  const spec = LINE_SPECS[line];
  if (ruleDateOf(quote, spec) === undefined && absent(input, spec.ruleDate))
    errors = added(errors, requiredError(spec.ruleDate, line));
  if (spec.amount === 'rate' && baseOf(quote, spec) === undefined && absent(input, spec.base)) {
    errors = added(errors, requiredError(spec.base, line));
  }
  if (spec.needsCategory && quote.category === undefined && absent(input, 'category')) {
    errors = added(errors, requiredError('category', line));
  }
  if (spec.needsEfficiencyGrade && quote.efficiencyGrade === undefined && absent(input, 'efficiencyGrade')) {
    errors = added(errors, requiredError('efficiencyGrade', line));
  }
  if (spec.needsNewCar && quote.newCar === undefined && absent(input, 'newCar'))
    errors = added(errors, requiredError('newCar', line));
  return errors;
}

/**
 * Reads and checks an input: the CheckedQuote, or every problem at once. Unknown fields are errors
 * unless `allowUnknownFields` (a typed caller's extra fields cannot have been meant for the engine).
 */
export function checkQuoteInput(value: unknown, allowUnknownFields: boolean): CheckedQuote | FieldError[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [fieldError('', 'type', '输入须为一个JSON对象', 'the input must be a JSON object')];
  }
  const input = value as Readonly<Record<string, unknown>>;
  const quote = new CheckedQuote();
  let errors: FieldError[] | null = null;
  let hasLine = false;
  for (const key in input) {
    const item = input[key];
    if (item === undefined) continue;
    if (take(quote, key, item)) {
      hasLine ||= key === 'line';
      continue;
    }
    if (allowUnknownFields && !Object.hasOwn(FIELD_RULES, key)) continue;
    errors = added(errors, fieldProblem(key, item));
    hasLine ||= key === 'line';
  }
  if (!hasLine) return [fieldError('line', 'required', '须提供line（补贴类别）', 'line is required')];
  if (errors === null || isSubsidyLine(input.line)) errors = missingErrors(quote, input, errors);
  return errors ?? quote;
}

/** Every problem of the input at once, or an empty list. */
export function validateQuoteInput(
  value: unknown,
  options: { readonly allowUnknownFields?: boolean } = {},
): readonly FieldError[] {
  const checked = checkQuoteInput(value, options.allowUnknownFields === true);
  return Array.isArray(checked) ? checked : NO_ERRORS;
}
