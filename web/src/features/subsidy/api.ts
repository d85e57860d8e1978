/** POST /api/v1/quote: what one purchase would receive. Failures become an ApiError, as for GETs. */
import type { QuoteInput, QuoteResult } from '../../../../src/contract/subsidy';
import { sendJson } from '../../lib/api/client';

/** Public, but a signed-in browser sends its session cookie, so the write carries the CSRF token too. */
export function postQuote(input: QuoteInput): Promise<QuoteResult> {
  return sendJson<QuoteResult>('POST', '/api/v1/quote', input);
}
