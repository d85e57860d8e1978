/** POST /api/v1/quote: what one purchase would receive. Failures become an ApiError, as for GETs. */
import type { QuoteInput, QuoteResult } from '../../../src/domain/subsidy/schema';
import { ApiError } from './client';

interface ErrorShape {
  error: { code: string; message: string; requestId?: string; field?: string };
}

function isErrorShape(body: unknown): body is ErrorShape {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error = body.error;
  return typeof error === 'object' && error !== null && 'code' in error && 'message' in error;
}

export async function postQuote(input: QuoteInput): Promise<QuoteResult> {
  let response: Response;
  try {
    response = await fetch('/api/v1/quote', {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      body: JSON.stringify(input),
    });
  } catch (cause) {
    throw new ApiError(0, 'NETWORK_ERROR', cause instanceof Error ? cause.message : String(cause));
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    if (isErrorShape(body)) {
      const { code, message, requestId, field } = body.error;
      throw new ApiError(response.status, code, message, requestId, field);
    }
    throw new ApiError(response.status, `HTTP_${response.status}`, response.statusText || 'Request failed');
  }
  if (body === undefined) throw new ApiError(response.status, 'INVALID_RESPONSE', 'The response is not JSON');
  return body as QuoteResult;
}
