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
