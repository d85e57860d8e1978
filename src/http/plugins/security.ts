/**
 * HTTP hardening shared by every route: security headers (helmet, with a content security policy the
 * web pages and /docs work under) and the rate limiters that sign-in and money-moving routes attach.
 *
 * The headers do not vary by request (no CSP nonces), so helmet computes them once, at start, and one
 * hook copies them onto every answer, errors and 404s included. (@fastify/helmet rebuilt helmet's
 * middleware, CSP parsing included, on every request: 12 µs of the plan route's 84 µs of CPU.)
 * Every money-moving route (`config.idempotent`) gets the per-account limiter even if it does not
 * attach it itself.
 *
 * Rate limits are fixed one-minute windows, counted by a RateCounter (rate-counters.ts): in this
 * process's memory, or in Redis when REDIS_URL is set, so that several app processes share one count.
 * Lockout after wrong passwords is in the database, so it holds across processes either way.
 * (@fastify/rate-limit was tried first: it runs only one limiter per request, and sign-in needs two,
 * per address and per account.)
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
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

/** A route and the rate limiters that run before its handler (what the hardening tests check). */
export interface RateLimitedRoute {
  readonly method: string;
  readonly url: string;
  /** Money-moving (`config.idempotent`). */
  readonly moneyMoving: boolean;
  /** Limiter names: sign-in-address, sign-in-login, money. */
  readonly limiters: readonly string[];
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route with its rate limiters (none for most). */
    rateLimitedRoutes: RateLimitedRoute[];
  }
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

const HELMET: Readonly<HelmetOptions> = {
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
  strictTransportSecurity: false,
  crossOriginEmbedderPolicy: false,
};

/** The headers helmet sets with huimin's options, computed once (they depend on nothing in a request). */
export function securityHeaders(): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  helmet(HELMET)({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    if (error !== undefined && error !== null) throw error as Error;
  });
  return Object.freeze(headers);
}

function loginKey(request: FastifyRequest): string {
  const body = request.body as { login?: unknown; mobile?: unknown } | undefined;
  const login = typeof body?.login === 'string' ? body.login : typeof body?.mobile === 'string' ? body.mobile : '';
  return `login:${login.trim().toLowerCase()}`;
}

export function registerSecurity(app: FastifyInstance, limits: RateLimits, counter: RateCounter): RateLimiters {
  const headers = securityHeaders();
  app.addHook('onRequest', (_request, reply, done) => {
    void reply.headers(headers);
    done();
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
  const names = new WeakMap<object, string>();
  const limiter = (
    name: string,
    max: number,
    keyOf: (request: FastifyRequest) => string,
  ): preHandlerAsyncHookHandler => {
    const hook = async (request: FastifyRequest, reply: FastifyReply) => {
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
    names.set(hook, name);
    return hook;
  };
  const limiters: RateLimiters = {
    signInByAddress: limiter('sign-in-address', limits.signInPerAddress, (request) => request.ip),
    signInByLogin: limiter('sign-in-login', limits.signInPerAccount, loginKey),
    moneyByAccount: limiter('money', limits.moneyPerAccount, (request) => request.principal?.accountId ?? request.ip),
  };
  const rateLimitedRoutes: RateLimitedRoute[] = [];
  app.decorate('rateLimitedRoutes', rateLimitedRoutes);
  app.addHook('onRoute', (route) => {
    const preHandlers = route.preHandler === undefined ? [] : [route.preHandler].flat();
    const moneyMoving = route.config?.idempotent !== undefined;
    // Money-moving routes are limited per account whether or not the route file remembered to.
    if (moneyMoving && !preHandlers.includes(limiters.moneyByAccount)) {
      preHandlers.push(limiters.moneyByAccount);
      route.preHandler = preHandlers;
    }
    const attached = preHandlers.flatMap((hook) => names.get(hook) ?? []);
    for (const method of [route.method].flat())
      rateLimitedRoutes.push({ method, url: route.url, moneyMoving, limiters: attached });
  });
  return limiters;
}
