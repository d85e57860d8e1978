/** POST /api/v1/quote: the public subsidy calculator (no sign-in, nothing written). */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { QuoteInput, QuoteResult } from '../../../contract/subsidy.js';
import { ErrorBody } from '../../../contract/errors.js';
import type { QuoteService } from '../../../services/subsidy/quote-service.js';

export function registerQuoteRoutes(app: FastifyInstance, quotes: QuoteService): void {
  app.withTypeProvider<TypeBoxTypeProvider>().post(
    '/api/v1/quote',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['subsidy'],
        summary: '补贴测算 What one purchase would receive under the current plan, with the reasons and the clause',
        body: QuoteInput,
        response: { 200: QuoteResult, 400: ErrorBody, 415: ErrorBody, 503: ErrorBody },
      },
    },
    (request) => quotes.quote(request.body),
  );
}
