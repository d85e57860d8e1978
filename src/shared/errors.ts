/**
 * Stable error codes: the one table that maps each to its HTTP status. docs/errors.md lists the
 * same codes (a test keeps the two in step). Expected outcomes of a use case are values, not
 * errors; these are for requests that cannot be served.
 */
export const ERROR_CODES = {
  VALIDATION_FAILED: {
    status: 400,
    description: 'A field of the request is missing, of the wrong type or out of range; `field` names it.',
  },
  INVALID_JSON: { status: 400, description: 'The request body is not valid JSON.' },
  NOT_FOUND: { status: 404, description: 'No such route.' },
  MEASURE_NOT_FOUND: { status: 404, description: 'The plan has no measure with that number.' },
  DEPARTMENT_NOT_FOUND: { status: 404, description: 'The plan names no department with that id.' },
  UNIT_NOT_FOUND: { status: 404, description: 'The plan has no implementing unit with that id.' },
  POOL_NOT_FOUND: { status: 404, description: 'There is no budget pool with that id.' },
  HOLD_NOT_FOUND: { status: 404, description: 'There is no budget hold with that id.' },
  BUDGET_EXHAUSTED: {
    status: 409,
    description: 'The budget pool has less available money than the amount asked; nothing was reserved.',
  },
  POOL_PAUSED: { status: 409, description: 'The budget pool is paused: it takes no new holds until it is resumed.' },
  HOLD_NOT_HELD: {
    status: 409,
    description: 'The hold is no longer held (released, or committed otherwise): no commit or release.',
  },
  HOLD_NOT_COMMITTED: {
    status: 409,
    description: 'The hold was never committed, so nothing can be returned against it.',
  },
  REVERSAL_EXCEEDS_SPENT: {
    status: 409,
    description: 'The return is larger than what the hold spent and has not yet returned.',
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 409,
    description: 'The idempotency key was used before for a different request (amount, target or kind).',
  },
  PAYLOAD_TOO_LARGE: { status: 413, description: 'The request body is larger than the limit (1 MiB).' },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    description: 'The request body is not in a supported content type (use application/json).',
  },
  PLAN_NOT_LOADED: {
    status: 503,
    description: 'No plan version has been imported yet; start the server or run `huimin plan import`.',
  },
  DATABASE_UNAVAILABLE: { status: 503, description: 'The database does not answer; `/readyz` reports the same.' },
  INTERNAL: { status: 500, description: 'An unexpected failure; the request id in the response finds it in the logs.' },
} as const satisfies Record<string, { status: number; description: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = ERROR_CODES[code].status;
  }
}
