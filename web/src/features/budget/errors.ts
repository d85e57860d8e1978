/**
 * What to tell a finance officer about a refused budget request: a sentence of our own for the codes
 * a budget action can meet (docs/errors.md), then the server's message, the field it names, its code
 * and request id.
 */
import { ApiError } from '../../lib/api/client';
import type { ErrorText } from '../../lib/api/errorText';
import type { BudgetMessageKey, BudgetTranslate } from './messages';

const CODE_TEXT: Partial<Record<string, BudgetMessageKey>> = {
  BUDGET_EXHAUSTED: 'budget.error.BUDGET_EXHAUSTED',
  POOL_PAUSED: 'budget.error.POOL_PAUSED',
  POOL_NOT_FOUND: 'budget.error.POOL_NOT_FOUND',
  IDEMPOTENCY_KEY_REUSED: 'budget.error.IDEMPOTENCY_KEY_REUSED',
  IDEMPOTENCY_IN_PROGRESS: 'budget.error.IDEMPOTENCY_IN_PROGRESS',
  IDEMPOTENCY_KEY_REQUIRED: 'budget.error.IDEMPOTENCY_KEY_REQUIRED',
  RATE_LIMITED: 'budget.error.RATE_LIMITED',
  VALIDATION_FAILED: 'budget.error.VALIDATION_FAILED',
  FORBIDDEN: 'budget.error.FORBIDDEN',
  CSRF_FAILED: 'budget.error.CSRF_FAILED',
  UNAUTHENTICATED: 'budget.error.UNAUTHENTICATED',
  NETWORK_ERROR: 'budget.error.NETWORK_ERROR',
};

export interface BudgetErrorText {
  title: string;
  /** the server's own words */
  message: string;
  code?: string;
  field?: string;
  requestId?: string;
}

export function budgetError(error: unknown, bt: BudgetTranslate): BudgetErrorText {
  if (!(error instanceof ApiError)) {
    return { title: bt('budget.error.title'), message: error instanceof Error ? error.message : String(error) };
  }
  const key = CODE_TEXT[error.code];
  return {
    title: key === undefined ? bt('budget.error.title') : bt(key),
    message: error.message,
    code: error.code,
    ...(error.field === undefined ? {} : { field: error.field }),
    ...(error.requestId === undefined ? {} : { requestId: error.requestId }),
  };
}

/** budgetError as the shared ErrorAlert words it: our sentence, then the server's message. */
export function budgetErrorText(error: unknown, bt: BudgetTranslate): ErrorText {
  const text = budgetError(error, bt);
  return { title: text.title, detail: text.message };
}

/**
 * The form field a server error names, through `fields` (server field → form field), or undefined
 * when it names none of them (then it belongs in the alert above the form).
 */
export function formFieldOf<F extends string>(
  error: unknown,
  fields: Readonly<Record<string, F>>,
): { name: F; errors: string[] } | undefined {
  if (!(error instanceof ApiError) || error.field === undefined) return undefined;
  const name = fields[error.field.split(/[.[]/)[0] ?? error.field];
  return name === undefined ? undefined : { name, errors: [error.message] };
}
