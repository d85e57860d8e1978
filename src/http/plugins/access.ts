/**
 * Who is calling, and may they: the one mechanism that enforces the permission table
 * (src/domain/access/permissions.ts) on every route.
 *
 * - Every route under /api/ must declare `config.permission`; the app refuses to start otherwise, so a
 *   new route cannot be forgotten. Other routes (web pages, /docs) are public.
 * - The session cookie is looked up on every request that may need it: every route that is not public,
 *   and every state-changing request (public reads, such as the plan and the web's files, skip it); a
 *   state-changing request made with a session must carry its CSRF token in `X-CSRF-Token` (a
 *   cross-site form can send the cookie but not the header).
 * - Without the permission: 401 UNAUTHENTICATED when not signed in, 403 FORBIDDEN when signed in.
 * - `Cache-Control: no-store` on every /api/ answer to a request with a session (or that opens one) and
 *   on every answer of a route that is not public, errors included.
 */
import cookie from '@fastify/cookie';
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { allows, PERMISSIONS, type Permission } from '../../domain/access/permissions.js';
import type { AccountService, OpenedSession, Principal } from '../../services/accounts/account-service.js';
import { SESSION_HOURS } from '../../services/accounts/account-service.js';
import { accountContext, type RequestContext } from '../../services/context.js';
import { AppError } from '../../shared/errors.js';

export const SESSION_COOKIE = 'huimin_session';
export const CSRF_COOKIE = 'huimin_csrf';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route; required for every /api/ route. */
    permission?: Permission;
  }
  interface FastifyRequest {
    /** The signed-in caller, or null. */
    principal: Principal | null;
  }
  interface FastifyInstance {
    /** Every route and the permission it declared (what the route × role test checks). */
    routePermissions: RoutePermission[];
  }
}

export interface RoutePermission {
  readonly method: string;
  readonly url: string;
  readonly permission: Permission;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The route's permission, as declared (public for non-API routes). */
export function permissionOf(request: FastifyRequest): Permission {
  return request.routeOptions.config.permission ?? 'public';
}

/** Who asks, for a service: the signed-in caller, the request id and the request's idempotency claim. */
export function contextOf(request: FastifyRequest): RequestContext {
  return accountContext(principalOf(request), request.id, request.idempotencyClaim ?? null);
}

/** The signed-in caller; for handlers of routes whose permission requires a session. */
export function principalOf(request: FastifyRequest): Principal {
  if (request.principal === null) throw new AppError('UNAUTHENTICATED', 'sign in first');
  return request.principal;
}

export function setSessionCookies(request: FastifyRequest, reply: FastifyReply, session: OpenedSession): void {
  const options = {
    path: '/',
    sameSite: 'lax' as const,
    secure: request.protocol === 'https',
    maxAge: SESSION_HOURS * 3600,
  };
  reply.setCookie(SESSION_COOKIE, session.token, { ...options, httpOnly: true });
  // Readable by the page's script, which copies it into the X-CSRF-Token header.
  reply.setCookie(CSRF_COOKIE, session.view.csrfToken, { ...options, httpOnly: false });
}

export function clearSessionCookies(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
  reply.clearCookie(CSRF_COOKIE, { path: '/' });
}

export async function registerAccess(app: FastifyInstance, accounts: AccountService): Promise<void> {
  await app.register(cookie);
  app.decorateRequest('principal', null);
  const routePermissions: RoutePermission[] = [];
  app.decorate('routePermissions', routePermissions);

  app.addHook('onRoute', (route) => {
    const declared = route.config?.permission;
    if (route.url.startsWith('/api/') && declared === undefined) {
      throw new Error(`route ${String(route.method)} ${route.url} declares no permission (config.permission)`);
    }
    if (declared !== undefined && !(declared in PERMISSIONS)) {
      throw new Error(`route ${String(route.method)} ${route.url} declares unknown permission "${declared}"`);
    }
    for (const method of [route.method].flat()) {
      routePermissions.push({ method, url: route.url, permission: declared ?? 'public' });
    }
  });

  // Answers about or for a signed-in caller (the session and its CSRF token, accounts, personal data)
  // must stay out of every cache, shared or the browser's, errors included.
  app.addHook('onSend', (request, reply, payload, done) => {
    if (mustNotStore(request, reply)) void reply.header('cache-control', 'no-store');
    done(null, payload);
  });

  // Callback style, not async: a public read without a session cookie (the plan, the web's assets)
  // is decided synchronously, with no promise in its path.
  app.addHook('onRequest', (request, _reply, done) => {
    const permission = permissionOf(request);
    const token = request.cookies[SESSION_COOKIE];
    // A public read needs nobody's session: the cookie a signed-in browser sends with every request
    // (the plan, the web's assets) is not looked up. A public write (sign-in, a quote) still is, so that
    // its CSRF token is checked and the audit knows who asked.
    if (token === undefined || token === '' || (permission === 'public' && SAFE_METHODS.has(request.method))) {
      done(refusalOf(request, permission));
      return;
    }
    accounts.authenticate(token).then((principal) => {
      request.principal = principal;
      done(csrfRefusalOf(request) ?? refusalOf(request, permission));
    }, done);
  });
}

function mustNotStore(request: FastifyRequest, reply: FastifyReply): boolean {
  if (permissionOf(request) !== 'public') return true;
  if (!request.url.startsWith('/api/')) return false;
  if (request.principal !== null || Boolean(request.cookies?.[SESSION_COOKIE])) return true;
  // an answer that opens a session (sign-in, registration) carries its CSRF token
  const cookies = reply.getHeader('set-cookie');
  return cookies !== undefined && String(cookies).includes(`${SESSION_COOKIE}=`);
}

function csrfRefusalOf(request: FastifyRequest): AppError | undefined {
  if (request.principal === null || SAFE_METHODS.has(request.method)) return undefined;
  const given = request.headers[CSRF_HEADER];
  if (typeof given === 'string' && sameToken(given, request.principal.csrfToken)) return undefined;
  return new AppError(
    'CSRF_FAILED',
    'this request changes something and was sent with a session cookie: send the X-CSRF-Token header from the session',
    'X-CSRF-Token',
  );
}

function refusalOf(request: FastifyRequest, permission: Permission): AppError | undefined {
  if (allows(permission, request.principal?.roleNames ?? null)) return undefined;
  if (request.principal === null) return new AppError('UNAUTHENTICATED', 'sign in to use this route');
  return new AppError('FORBIDDEN', `your roles do not include the permission "${permission}" this route needs`);
}
