/**
 * `Idempotency-Key` on money-moving routes (ARCHITECTURE rule 8): a route with `config.idempotent`
 * requires the header; the first request with a key runs and its successful answer is stored; a retry
 * with the same key and the same request gets the stored answer (header `Idempotent-Replayed: true`)
 * without running again; the same key with a different request is refused (IDEMPOTENCY_KEY_REUSED);
 * while the first is still running, a second gets IDEMPOTENCY_IN_PROGRESS. Keys belong to the caller's
 * account. A request that fails is forgotten, so its retry runs: a failure changed nothing.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { IdempotencyRepository } from '../../db/idempotency-repository.js';
import { canonicalJson } from '../../domain/shared/canonical-json.js';
import { sha256Hex } from '../../services/security/sha256.js';
import { AppError } from '../../shared/errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Money-moving: requires an Idempotency-Key header. */
    idempotent?: boolean;
  }
  interface FastifyRequest {
    idempotencyClaim: { scope: string; key: string } | null;
  }
}

const KEY = /^[A-Za-z0-9_.:-]{1,200}$/;
/** A claim older than this whose request never finished (its process died) may be taken over. */
const STALE_AFTER_MS = 120_000;

function scopeOf(request: FastifyRequest): string {
  return request.principal?.accountId ?? `address:${request.ip}`;
}

export function registerIdempotency(app: FastifyInstance, repository: IdempotencyRepository, now: () => Date): void {
  app.decorateRequest('idempotencyClaim', null);

  app.addHook('preHandler', async (request, reply) => {
    if (request.routeOptions.config.idempotent !== true) return;
    const key = request.headers['idempotency-key'];
    if (typeof key !== 'string' || !KEY.test(key)) {
      throw new AppError(
        'IDEMPOTENCY_KEY_REQUIRED',
        'this route moves money: send an Idempotency-Key header (1–200 letters, digits and -_.:), the same on every retry',
        'Idempotency-Key',
      );
    }
    const scope = scopeOf(request);
    const route = `${request.method} ${request.routeOptions.url ?? request.url}`;
    const requestHash = sha256Hex(
      canonicalJson({ method: request.method, url: request.url, body: request.body ?? null }),
    );
    const claim = { scope, key, route, request_hash: requestHash, created_at: now().toISOString() };
    if (await repository.claim(claim)) {
      request.idempotencyClaim = { scope, key };
      return;
    }
    let existing = await repository.find(scope, key);
    if (existing?.state === 'pending' && Date.parse(existing.created_at) < now().getTime() - STALE_AFTER_MS) {
      await repository.releaseStale(scope, key, new Date(now().getTime() - STALE_AFTER_MS).toISOString());
      if (await repository.claim(claim)) {
        request.idempotencyClaim = { scope, key };
        return;
      }
      existing = await repository.find(scope, key);
    }
    if (existing === undefined) {
      throw new AppError(
        'IDEMPOTENCY_IN_PROGRESS',
        'a request with this idempotency key is being processed; retry shortly',
      );
    }
    if (existing.request_hash !== requestHash || existing.route !== route) {
      throw new AppError(
        'IDEMPOTENCY_KEY_REUSED',
        'this idempotency key was used for a different request; use a new key for a new request',
        'Idempotency-Key',
      );
    }
    if (existing.state === 'pending' || existing.status_code === null || existing.response_body === null) {
      throw new AppError(
        'IDEMPOTENCY_IN_PROGRESS',
        'a request with this idempotency key is being processed; retry shortly',
      );
    }
    return reply
      .code(existing.status_code)
      .header('idempotent-replayed', 'true')
      .type('application/json; charset=utf-8')
      .send(existing.response_body);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    // Routes of plugins registered in their own context (static files, /docs) lack the decoration.
    const claim = request.idempotencyClaim ?? null;
    if (claim === null) return payload;
    request.idempotencyClaim = null;
    if (reply.statusCode >= 200 && reply.statusCode < 300) {
      const body = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : '';
      await repository.complete(claim.scope, claim.key, reply.statusCode, body);
    } else {
      await repository.release(claim.scope, claim.key);
    }
    return payload;
  });
}
