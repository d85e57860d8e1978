/**
 * `Idempotency-Key` on money-moving routes (ARCHITECTURE rule 8). A route with `config.idempotent`
 * requires the header. If an answer is already stored for the caller's key, it is sent again (header
 * `Idempotent-Replayed: true`) without running anything; the same key with a different request is refused
 * (IDEMPOTENCY_KEY_REUSED). Otherwise the request carries a claim on the key to its service, whose one
 * write transaction stores the answer together with the effect (src/services/idempotent-write.ts), so a
 * crash can never leave an effect without its answer. Keys belong to the caller's account.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { canonicalJson } from '../../domain/shared/canonical-json.js';
import {
  storedAnswer,
  type IdempotencyClaim,
  type IdempotentReplay,
  type WriteStore,
} from '../../services/idempotent-write.js';
import { sha256Hex } from '../../services/security/sha256.js';
import { AppError } from '../../shared/errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Money-moving: requires an Idempotency-Key header; `status` is the answer's status for a result. */
    idempotent?: { readonly status: number | ((result: never) => number | null) };
  }
  interface FastifyRequest {
    idempotencyClaim: IdempotencyClaim | null;
  }
}

const KEY = /^[A-Za-z0-9_.:-]{1,200}$/;

function scopeOf(request: FastifyRequest): string {
  return request.principal?.accountId ?? `address:${request.ip}`;
}

/** Sends a stored answer again, through the route's own serialiser, so it is the first answer exactly. */
export function sendReplay(reply: FastifyReply, replay: IdempotentReplay): FastifyReply {
  return reply
    .code(replay.statusCode)
    .header('idempotent-replayed', 'true')
    .send(JSON.parse(replay.body) as unknown);
}

export function registerIdempotency(app: FastifyInstance, store: WriteStore, now: () => Date): void {
  app.decorateRequest('idempotencyClaim', null);

  // Only routes that declare `config.idempotent` pay for this: the hooks are the route's own, attached
  // as each route is added (so a new money-moving route has them without naming them).
  const claimKey = async (request: FastifyRequest, reply: FastifyReply): Promise<unknown> => {
    const declared = request.routeOptions.config.idempotent;
    if (declared === undefined) return;
    const key = request.headers['idempotency-key'];
    if (typeof key !== 'string' || !KEY.test(key)) {
      throw new AppError(
        'IDEMPOTENCY_KEY_REQUIRED',
        'this route moves money: send an Idempotency-Key header (1–200 letters, digits and -_.:), the same on every retry',
        'Idempotency-Key',
      );
    }
    const claim: IdempotencyClaim = {
      scope: scopeOf(request),
      key,
      route: `${request.method} ${request.routeOptions.url ?? request.url}`,
      requestHash: sha256Hex(canonicalJson({ method: request.method, url: request.url, body: request.body ?? null })),
      createdAt: now().toISOString(),
      statusOf: typeof declared.status === 'number' ? () => declared.status as number : (declared.status as never),
      committed: false,
    };
    const stored = await storedAnswer(store, claim);
    if (stored !== null) return sendReplay(reply, stored);
    request.idempotencyClaim = claim;
  };

  const checkStored = async (request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> => {
    // Routes of plugins registered in their own context (static files, /docs) lack the decoration.
    const claim = request.idempotencyClaim ?? null;
    if (
      claim !== null &&
      !claim.committed &&
      reply.statusCode < 300 &&
      reply.getHeader('idempotent-replayed') === undefined
    ) {
      // A programming error: the route's service did not write through writeOnce with the claim.
      request.log.error({ route: claim.route }, 'an idempotent route answered without storing its answer');
    }
    return payload;
  };

  app.addHook('onRoute', (route) => {
    if (route.config?.idempotent === undefined) return;
    // First among the route's own preHandlers, as when this was a global hook: a replay is answered
    // before the route's rate limiter counts it.
    route.preHandler = [claimKey, ...(route.preHandler === undefined ? [] : [route.preHandler].flat())];
    route.onSend = [...(route.onSend === undefined ? [] : [route.onSend].flat()), checkStored];
  });
}
