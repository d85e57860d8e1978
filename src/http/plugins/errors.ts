/**
 * One error handler for every route: each failure becomes `{ error: { code, message, field?,
 * requestId } }` with the status from the one code table (src/shared/errors.ts). Validation
 * failures name the offending field; nothing unexpected leaks its internals, it is logged instead.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { IdempotentReplay } from '../../services/idempotent-write.js';
import { AppError, ERROR_CODES, type ErrorCode } from '../../shared/errors.js';
import { sendReplay } from './idempotency.js';

interface ValidationIssue {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'VALIDATION_FAILED',
};

/** Other 4xx statuses raised by Fastify or its plugins keep their meaning. */
const CLIENT_ERROR_CODES: Partial<Record<number, ErrorCode>> = {
  404: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
};

/** The field a validation issue is about, as a dotted path (items[2].price). */
function fieldOf(issue: ValidationIssue): string {
  const segments = issue.instancePath
    .split('/')
    .filter((segment) => segment !== '')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
  const missing = issue.params.missingProperty ?? issue.params.additionalProperty;
  if (typeof missing === 'string') segments.push(missing);
  return segments
    .map((segment, index) => (/^\d+$/.test(segment) ? `[${segment}]` : index === 0 ? segment : `.${segment}`))
    .join('');
}

function validationMessage(issue: ValidationIssue, field: string, context: string): string {
  const where = field === '' ? context : `${context} field "${field}"`;
  switch (issue.keyword) {
    case 'required':
      return `${where} is required`;
    case 'additionalProperties':
      return `${where} is not allowed`;
    default:
      return `${where} ${issue.message ?? 'is invalid'}`;
  }
}

export function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  code: ErrorCode,
  message: string,
  field?: string,
): FastifyReply {
  return reply.status(ERROR_CODES[code].status).send({
    error: { code, message, ...(field === undefined ? {} : { field }), requestId: request.id },
  });
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError | IdempotentReplay, request, reply) => {
    // A request that raced an earlier one with the same idempotency key answers with that one's answer.
    if (error instanceof IdempotentReplay) return sendReplay(reply, error);
    if (error instanceof AppError) {
      if (error.status >= 500) request.log.error({ err: error }, error.message);
      return sendError(request, reply, error.code, error.message, error.field);
    }
    if (error.validation !== undefined && error.validation.length > 0) {
      const issues = error.validation as unknown as ValidationIssue[];
      const issue = issues[0] as ValidationIssue;
      const field = fieldOf(issue);
      // A union of literals fails once per literal: name the allowed values instead of "a constant".
      const allowed = issues
        .filter((item) => item.keyword === 'const' && item.instancePath === issue.instancePath)
        .map((item) => JSON.stringify(item.params.allowedValue));
      if (allowed.length > 0) {
        const context = error.validationContext === 'querystring' ? 'query' : (error.validationContext ?? 'request');
        const where = field === '' ? context : `${context} field "${field}"`;
        return sendError(
          request,
          reply,
          'VALIDATION_FAILED',
          `${where} must be one of ${allowed.join(', ')}`,
          field || undefined,
        );
      }
      const context = error.validationContext === 'querystring' ? 'query' : (error.validationContext ?? 'request');
      return sendError(
        request,
        reply,
        'VALIDATION_FAILED',
        validationMessage(issue, field, context),
        field === '' ? undefined : field,
      );
    }
    const mapped = error.code === undefined ? undefined : FASTIFY_CODES[error.code];
    if (mapped !== undefined) return sendError(request, reply, mapped, error.message);
    if (error instanceof SyntaxError && error.statusCode === 400)
      return sendError(request, reply, 'INVALID_JSON', 'request body is not valid JSON');
    if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
      return sendError(request, reply, CLIENT_ERROR_CODES[error.statusCode] ?? 'VALIDATION_FAILED', error.message);
    }
    request.log.error({ err: error }, 'unexpected error');
    return sendError(request, reply, 'INTERNAL', 'internal error; quote the request id when reporting it');
  });
}
