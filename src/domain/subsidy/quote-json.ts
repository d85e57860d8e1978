/**
 * `huimin quote` as a function: one JSON object in, one JSON object out. Whatever the text, the
 * answer is a QuoteResult; text that is not a JSON object, or an object with a wrong or unknown field,
 * gives eligible: false with INVALID_INPUT reasons naming the field (the HTTP layer answers 400 for
 * those, the CLI exits non-zero; both can tell by `reasons[].code`).
 */
import type { Reason, SubsidyDecision } from './decision.js';
import { evaluateQuote } from './engine.js';
import { explainDecision } from './explain.js';
import type { RuleBook } from './rule-book.js';
import type { GrantedDecision, QuoteInput, QuoteResult } from './schema.js';
import { validateQuoteInput, type FieldError } from './validate.js';

export type ParsedQuote =
  { readonly ok: true; readonly input: QuoteInput } | { readonly ok: false; readonly errors: readonly FieldError[] };

/** Parses and checks one quote input; unknown fields are errors. */
export function parseQuoteJson(text: string): ParsedQuote {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return {
      ok: false,
      errors: [
        { field: '', problem: 'format', message: '输入不是有效的JSON', messageEn: 'the input is not valid JSON' },
      ],
    };
  }
  const errors = validateQuoteInput(value);
  // validateQuoteInput has checked every field against QuoteInput: the cast only names that fact.
  return errors.length > 0 ? { ok: false, errors } : { ok: true, input: value as QuoteInput };
}

function invalidDecision(book: RuleBook, errors: readonly FieldError[]): SubsidyDecision {
  const reasons = errors.map((error): Reason => ({ code: 'INVALID_INPUT', field: error.field, error }));
  return {
    planVersionId: book.planVersionId,
    input: null,
    line: null,
    ruleDateField: null,
    ruleDate: null,
    eligible: false,
    subsidyFen: 0,
    reasons,
    calculation: null,
    quotaChecks: [],
    uncheckedConditions: [],
    parameters: [],
  };
}

/** The QuoteResult for one JSON text. */
export function quoteResultFromJson(text: string, book: RuleBook, history?: readonly GrantedDecision[]): QuoteResult {
  const parsed = parseQuoteJson(text);
  const decision = parsed.ok ? evaluateQuote(book, parsed.input, history) : invalidDecision(book, parsed.errors);
  return explainDecision(decision);
}

/**
 * `huimin quote`: {"line":"appliance","category":"air_conditioner","efficiencyGrade":1,
 * "finalPriceFen":399900,"purchaseDate":"2025-05-01"} → {"eligible":true,"subsidyFen":79980,…}.
 */
export function quoteFromJson(text: string, book: RuleBook, history?: readonly GrantedDecision[]): string {
  return JSON.stringify(quoteResultFromJson(text, book, history));
}
