/**
 * One access-log line per answered request, at `info`, instead of Fastify's two ("incoming request"
 * and "request completed", which also carried the URL with its query string and the client address):
 *
 *   {"level":30,"time":…,"reqId":"…","method":"GET","route":"/api/v1/accounts/:id","status":200,
 *    "responseTime":1.7,"account":"acc_…","msg":"request"}
 *
 * What operators need and no personal data: the route *pattern* (never the URL: an account search by
 * name is in its query string, and ids are in its path), the status, the time in milliseconds, the
 * signed-in account's id when the route looked the session up (public reads do not), and the request
 * id that also names the request in its answer, its errors and the audit log. Requests that match no
 * route are logged as `unrouted`. docs/operations.md, section 5.
 */
import type { FastifyInstance } from 'fastify';

export function registerAccessLog(app: FastifyInstance): void {
  // LOG_LEVEL=warn or quieter: no line would be written, so no hook runs either.
  if (!['trace', 'debug', 'info'].includes(app.log.level)) return;
  app.addHook('onResponse', (request, reply, done) => {
    request.log.info(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unrouted',
        status: reply.statusCode,
        responseTime: Math.round(reply.elapsedTime * 100) / 100,
        account: request.principal?.accountId ?? null,
      },
      'request',
    );
    done();
  });
}
