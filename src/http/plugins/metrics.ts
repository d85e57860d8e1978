/**
 * GET /metrics for Prometheus, on the app's own port, behind a bearer token (HUIMIN_METRICS_TOKEN):
 * a token rather than a second port, so several app processes behind one proxy need no extra port each,
 * and a proxy that forwards /metrics by mistake still exposes nothing. Without the token set there is no
 * route at all (404). A missing or wrong token gets 401 UNAUTHENTICATED, compared in constant time.
 *
 * Every answered request is counted here by its route pattern (src/app/metrics.ts).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PlatformMetrics } from '../../app/metrics.js';
import { sendError } from './errors.js';

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

export function registerMetrics(app: FastifyInstance, metrics: PlatformMetrics | null, token: string | null): void {
  if (metrics === null || token === null) return;
  const expected = digest(`Bearer ${token}`);

  app.addHook('onResponse', (request, reply, done) => {
    metrics.observeRequest(request.method, request.routeOptions.url, reply.statusCode, reply.elapsedTime / 1000);
    done();
  });

  const requireToken = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const given = request.headers.authorization ?? '';
    // Digests of equal length, so the comparison takes the same time whatever was sent.
    if (!timingSafeEqual(digest(given), expected)) {
      void reply.header('www-authenticate', 'Bearer realm="huimin metrics"').header('cache-control', 'no-store');
      await sendError(request, reply, 'UNAUTHENTICATED', 'GET /metrics needs the bearer token HUIMIN_METRICS_TOKEN');
    }
  };

  app.get(
    '/metrics',
    {
      config: { permission: 'public' },
      schema: { hide: true },
      onRequest: requireToken,
    },
    async (_request, reply) => {
      const { contentType, body } = await metrics.scrape();
      return reply.header('cache-control', 'no-store').type(contentType).send(body);
    },
  );
}
