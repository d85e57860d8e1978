/**
 * What the security log learns from HTTP, in one place rather than in each route (docs/access.md):
 *
 * - Refusals: every answer with FORBIDDEN (permission or scope), CONFLICT_OF_INTEREST, CSRF_FAILED or
 *   RATE_LIMITED is recorded from the error it carries, with the route, method and permission. A rate
 *   limiter reports (noteRateLimitRefusal) whether a refusal is the first for its key in the current
 *   window; only that one is recorded, so a flood of requests cannot become a flood of writes.
 * - Reads and simulations a route declares with `config.securityEvent` (account lists, pages of the
 *   logs, reform simulations) are recorded before the answer is sent: what was asked and how many
 *   items went out. A read that cannot be recorded is not served.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../shared/errors.js';
import { maskedLogin, maskedText, type SecurityAction, type SecurityLog } from '../../services/audit/security-log.js';
import { permissionOf } from './access.js';

/** What a route's successful answer records in the security log. */
export type DeclaredSecurityEvent = Extract<
  SecurityAction,
  'accounts.list_read' | 'audit.entries_read' | 'audit.security_events_read' | 'subsidy.reform_simulated'
>;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Record each successful call in the security log (bulk reads, simulations). */
    securityEvent?: DeclaredSecurityEvent;
  }
}

/** Refusals recorded, by error code. CONFLICT_OF_INTEREST ("own case") is listed ahead of its code. */
const REFUSALS: Readonly<Record<string, SecurityAction>> = {
  FORBIDDEN: 'access.forbidden',
  CONFLICT_OF_INTEREST: 'access.conflict_of_interest',
  CSRF_FAILED: 'access.csrf_failed',
  RATE_LIMITED: 'access.rate_limited',
};

export interface RateLimitRefusal {
  /** The limiter's name (sign-in-address, sign-in-login, money …). */
  readonly limiter: string;
  /** What it counts per: an address, `login:<login>` (masked before it is stored), an account id. */
  readonly key: string;
  /** Whether this is the first refusal for the key in the current window. */
  readonly first: boolean;
}

const rateLimitRefusals = new WeakMap<FastifyRequest, RateLimitRefusal>();

/** Called by a rate limiter as it refuses a request (src/http/plugins/security.ts). */
export function noteRateLimitRefusal(request: FastifyRequest, refusal: RateLimitRefusal): void {
  rateLimitRefusals.set(request, refusal);
}

function contextOf(request: FastifyRequest) {
  const agent = request.headers['user-agent'];
  return {
    actor: request.principal?.accountId ?? 'anonymous',
    role: request.principal?.roleNames.join('+') || 'none',
    requestId: request.id,
    address: request.ip,
    userAgent: typeof agent === 'string' ? agent : null,
  };
}

function maskedKey(key: string): string {
  return key.startsWith('login:') ? `login:${maskedLogin(key.slice('login:'.length))}` : key;
}

function itemCount(payload: unknown): number | null {
  if (typeof payload !== 'object' || payload === null || !('items' in payload)) return null;
  return Array.isArray(payload.items) ? payload.items.length : null;
}

/** What a declared event records: the question asked (masked where it may name a person) and the answer's size. */
function detailsOf(event: DeclaredSecurityEvent, request: FastifyRequest, payload: unknown): Record<string, unknown> {
  switch (event) {
    case 'accounts.list_read': {
      const query = { ...(request.query as Record<string, unknown>) };
      if (typeof query.q === 'string') query.q = maskedText(query.q);
      const total = (payload as { total?: unknown }).total;
      return { query, returned: itemCount(payload), ...(typeof total === 'number' ? { total } : {}) };
    }
    case 'audit.entries_read':
    case 'audit.security_events_read':
      return { query: request.query, returned: itemCount(payload) };
    case 'subsidy.reform_simulated':
      return { changes: (request.body as { changes?: unknown } | undefined)?.changes ?? null };
  }
}

export function registerSecurityEvents(app: FastifyInstance, security: SecurityLog): void {
  app.addHook('onError', async (request, _reply, error) => {
    if (!(error instanceof AppError)) return;
    const action = REFUSALS[error.code];
    if (action === undefined) return;
    const rateLimit = rateLimitRefusals.get(request);
    if (error.code === 'RATE_LIMITED' && rateLimit?.first !== true) return;
    const route = request.routeOptions.url ?? request.url.split('?')[0] ?? '';
    try {
      await security.record(contextOf(request), {
        action,
        subject: `route:${request.method} ${route}`,
        details: {
          code: error.code,
          method: request.method,
          route,
          permission: permissionOf(request),
          message: error.message.slice(0, 300),
          ...(rateLimit === undefined ? {} : { limiter: rateLimit.limiter, key: maskedKey(rateLimit.key) }),
        },
      });
    } catch (failure) {
      // The request is refused either way; a security log that cannot be written must not change the answer.
      request.log.error({ err: failure }, 'could not record a refusal in the security log');
    }
  });

  // Only routes that declare `config.securityEvent` carry this hook (attached as each route is added).
  const recordRead = async (request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> => {
    const event = request.routeOptions.config.securityEvent;
    if (event === undefined || reply.statusCode >= 400) return payload;
    await security.record(contextOf(request), {
      action: event,
      subject: `route:${request.method} ${request.routeOptions.url ?? ''}`,
      details: detailsOf(event, request, payload),
    });
    return payload;
  };
  app.addHook('onRoute', (route) => {
    if (route.config?.securityEvent === undefined) return;
    route.preSerialization = [
      ...(route.preSerialization === undefined ? [] : [route.preSerialization].flat()),
      recordRead,
    ];
  });
}
