/**
 * HTTP hardening shared by every route: security headers (helmet, with a content security policy the
 * web pages and /docs work under) and the rate limiters that sign-in and money-moving routes attach.
 *
 * Rate limits count in this process's memory: with several app processes behind a load balancer each
 * allows the configured rate (documented in docs/access.md; a Redis store is the next step for a
 * shared count). Lockout after wrong passwords is in the database, so it holds across processes.
 */
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { RateLimits } from '../../config.js';
import { AppError } from '../../shared/errors.js';

export interface RateLimiters {
  /** Sign-in, registration and one-time codes: per client address. */
  readonly signInByAddress: preHandlerAsyncHookHandler;
  /** Sign-in: per login named in the body (whatever address it comes from). */
  readonly signInByLogin: preHandlerAsyncHookHandler;
  /** Money-moving routes: per signed-in account. */
  readonly moneyByAccount: preHandlerAsyncHookHandler;
}

function loginKey(request: FastifyRequest): string {
  const body = request.body as { login?: unknown; mobile?: unknown } | undefined;
  const login = typeof body?.login === 'string' ? body.login : typeof body?.mobile === 'string' ? body.mobile : '';
  return `login:${login.trim().toLowerCase()}`;
}

export async function registerSecurity(app: FastifyInstance, limits: RateLimits): Promise<RateLimiters> {
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
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      new AppError('RATE_LIMITED', `too many requests: at most ${context.max} a minute; retry in ${context.after}`),
  });
  return {
    signInByAddress: app.rateLimit({ max: limits.signInPerAddress, timeWindow: 60_000, groupId: 'sign-in-address' }),
    signInByLogin: app.rateLimit({
      max: limits.signInPerAccount,
      timeWindow: 60_000,
      groupId: 'sign-in-login',
      keyGenerator: loginKey,
    }),
    moneyByAccount: app.rateLimit({
      max: limits.moneyPerAccount,
      timeWindow: 60_000,
      groupId: 'money',
      keyGenerator: (request) => request.principal?.accountId ?? request.ip,
    }),
  };
}
