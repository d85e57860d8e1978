/**
 * HTTP hardening shared by every route: security headers (helmet, with a content security policy the
 * web pages and /docs work under) and the rate limiters that sign-in and money-moving routes attach.
 *
 * Rate limits are fixed one-minute windows, counted by a RateCounter (rate-counters.ts): in this
 * process's memory, or in Redis when REDIS_URL is set, so that several app processes share one count.
 * Lockout after wrong passwords is in the database, so it holds across processes either way.
 * (@fastify/rate-limit was tried first: it runs only one limiter per request, and sign-in needs two,
 * per address and per account.)
 */
import helmet from '@fastify/helmet';
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { RateLimits } from '../../config.js';
import { AppError } from '../../shared/errors.js';
import type { RateCounter } from './rate-counters.js';
import { noteRateLimitRefusal } from './security-events.js';

export interface RateLimiters {
  /** Sign-in, registration and one-time codes: per client address. */
  readonly signInByAddress: preHandlerAsyncHookHandler;
  /** Sign-in: per login named in the body (whatever address it comes from). */
  readonly signInByLogin: preHandlerAsyncHookHandler;
  /** Money-moving routes: per signed-in account. */
  readonly moneyByAccount: preHandlerAsyncHookHandler;
}

/** Counts hits per key in fixed windows; forgets windows that have ended. */
export class FixedWindows {
  readonly #windows = new Map<string, { start: number; count: number }>();
  #sweptAt = 0;

  constructor(private readonly clock: () => number) {}

  hit(
    key: string,
    max: number,
    windowMs: number,
  ): { allowed: boolean; firstRefusal: boolean; retryAfterSeconds: number } {
    const now = this.clock();
    if (now - this.#sweptAt > windowMs) this.#sweep(now, windowMs);
    let window = this.#windows.get(key);
    if (window === undefined || now - window.start >= windowMs) {
      window = { start: now, count: 0 };
      this.#windows.set(key, window);
    }
    window.count += 1;
    return {
      allowed: window.count <= max,
      firstRefusal: window.count === max + 1,
      retryAfterSeconds: Math.max(1, Math.ceil((window.start + windowMs - now) / 1000)),
    };
  }

  #sweep(now: number, windowMs: number): void {
    this.#sweptAt = now;
    for (const [key, window] of this.#windows) if (now - window.start >= windowMs) this.#windows.delete(key);
  }
}

function loginKey(request: FastifyRequest): string {
  const body = request.body as { login?: unknown; mobile?: unknown } | undefined;
  const login = typeof body?.login === 'string' ? body.login : typeof body?.mobile === 'string' ? body.mobile : '';
  return `login:${login.trim().toLowerCase()}`;
}

export async function registerSecurity(
  app: FastifyInstance,
  limits: RateLimits,
  counter: RateCounter,
): Promise<RateLimiters> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Ant Design writes its styles at run time (CSS-in-JS).
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    // Served over plain HTTP in development; a TLS-terminating proxy adds HSTS in production.
    hsts: false,
    crossOriginEmbedderPolicy: false,
  });
  // A route that declares no body takes none: a body sent anyway is refused rather than ignored, so a
  // client that thinks it is passing parameters learns that it is not.
  app.addHook('preValidation', (request, _reply, done) => {
    const body = request.body;
    const absent = body === undefined || body === null;
    const empty = typeof body === 'object' && body !== null && !Array.isArray(body) && Object.keys(body).length === 0;
    if (request.routeOptions.schema?.body !== undefined || absent || empty) return done();
    done(new AppError('VALIDATION_FAILED', 'this route takes no request body; send none (or {})'));
  });
  const limiter =
    (name: string, max: number, keyOf: (request: FastifyRequest) => string): preHandlerAsyncHookHandler =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      const key = keyOf(request);
      const verdict = await counter.hit(`${name}:${key}`, max, 60_000);
      if (verdict.allowed) return;
      // The security log records only the first refusal per key and window (security-events.ts).
      noteRateLimitRefusal(request, { limiter: name, key, first: verdict.firstRefusal });
      void reply.header('retry-after', String(verdict.retryAfterSeconds));
      throw new AppError(
        'RATE_LIMITED',
        `too many requests: at most ${max} a minute; retry in ${verdict.retryAfterSeconds} seconds`,
      );
    };
  return {
    signInByAddress: limiter('sign-in-address', limits.signInPerAddress, (request) => request.ip),
    signInByLogin: limiter('sign-in-login', limits.signInPerAccount, loginKey),
    moneyByAccount: limiter('money', limits.moneyPerAccount, (request) => request.principal?.accountId ?? request.ip),
  };
}
