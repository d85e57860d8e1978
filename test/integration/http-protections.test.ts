/**
 * What protects users applies to every route Fastify registered, whoever added it (issue 15: the
 * mechanisms are hooks that attach themselves as routes are added, so a new route file gets them without
 * naming them). Routes are enumerated from Fastify itself (its onRoute hook: `app.routePermissions`,
 * `app.rateLimitedRoutes`), web pages, /docs and /metrics included, not from a list kept by hand.
 *
 * For every route and method:
 * - the security headers (the whole set helmet computes) and the caller's request id are on the answer;
 * - a route that is not public refuses an anonymous caller (401 UNAUTHENTICATED) and, where some role
 *   lacks its permission, a signed-in caller without it (403 FORBIDDEN), and the refusal is in the
 *   security log with the request's id;
 * - a state-changing request sent with a session cookie but without its CSRF token is refused
 *   (403 CSRF_FAILED) and recorded;
 * - money-moving routes (`config.idempotent`) are limited per account, and the sign-in family per
 *   address.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allows, ROLES, type Role } from '../../src/domain/access/permissions.js';
import { quietApp } from '../support/app.js';
import { securityHeaders } from '../../src/http/plugins/security.js';
import type { SecurityAction } from '../../src/services/audit/security-log.js';
import { DIALECTS, testEnvironment, type TestEnvironment } from '../support/databases.js';
import { call, DEMO_ENV, DEMO_LOGINS, signIn, type TestSession } from '../support/sessions.js';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A URL for a route pattern: plan numbers that exist, made-up ids elsewhere, a real file for wildcards. */
function concrete(url: string): string {
  return url
    .replace(/:(\w+)/g, (_, name: string) => (name === 'number' ? '6' : 'no-such-thing'))
    .replace(/\*$/, 'index.html');
}

describe.each(DIALECTS)('protections on every registered route on %s', (dialect) => {
  let environment: TestEnvironment;
  let app: FastifyInstance;
  const sessions = new Map<Role, TestSession>();

  beforeAll(async () => {
    environment = await testEnvironment(dialect, {
      ...DEMO_ENV,
      HUIMIN_METRICS_TOKEN: 'protections-test-metrics-token-0123456789',
    });
    app = await quietApp(environment.config);
    for (const role of ROLES) sessions.set(role, await signIn(app, DEMO_LOGINS[role]));
  });
  afterAll(async () => {
    await app?.close();
    await environment?.cleanup();
  });

  const routes = () => app.routePermissions.filter((route) => !route.url.endsWith('/sign-out'));

  async function recorded(action: SecurityAction, subject: string, requestId: string): Promise<boolean> {
    const page = await app.services.security.page({ action, subject, limit: 20 });
    return page.items.some((entry) => entry.requestId === requestId);
  }

  it('enumerates the routes from Fastify: API, web, /docs and /metrics', () => {
    const urls = new Set(app.routePermissions.map((route) => route.url));
    expect(app.routePermissions.length).toBeGreaterThan(80);
    for (const url of ['/api/v1/plan', '/api/v1/budget/pools/:poolId/tranches', '/openapi.json', '/docs', '/metrics'])
      expect(urls, url).toContain(url);
    expect(app.rateLimitedRoutes.length).toBe(app.routePermissions.length);
  });

  it('sends the security headers and the request id on every route, refused or not', async () => {
    const expected = Object.entries(securityHeaders());
    // The set is helmet's, not empty: the headers the hardening docs promise are in it.
    expect(Object.fromEntries(expected)).toMatchObject({
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'SAMEORIGIN',
    });
    expect(Object.fromEntries(expected)['content-security-policy']).toContain("frame-ancestors 'none'");
    const missing: string[] = [];
    for (const [index, route] of routes().entries()) {
      for (const [who, session] of [
        ['anonymous', null],
        ['admin', sessions.get('admin') ?? null],
      ] as const) {
        const requestId = `headers-${who}-${index}`;
        const response = await call(app, session, {
          method: route.method,
          url: concrete(route.url),
          headers: { 'x-request-id': requestId, 'idempotency-key': `headers-${who}-${index}` },
          ...(SAFE.has(route.method) ? {} : { payload: {} }),
        });
        const where = `${who} ${route.method} ${route.url} → ${response.statusCode}`;
        if (response.headers['x-request-id'] !== requestId) missing.push(`${where}: x-request-id`);
        for (const [name, value] of expected) {
          if (response.headers[name] !== value) missing.push(`${where}: ${name}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('refuses callers without the permission on every route that is not public, and records the refusal', async () => {
    const problems: string[] = [];
    const refused = routes().filter((route) => route.permission !== 'public');
    expect(refused.length).toBeGreaterThan(40);
    for (const [index, route] of refused.entries()) {
      const url = concrete(route.url);
      const body = SAFE.has(route.method) ? {} : { payload: {} };
      const anonymous = await app.inject({ method: route.method as 'GET', url, ...body });
      if (anonymous.statusCode !== 401)
        problems.push(`anonymous ${route.method} ${route.url} → ${anonymous.statusCode}`);
      else if (
        route.method !== 'HEAD' &&
        anonymous.json<{ error: { code: string } }>().error.code !== 'UNAUTHENTICATED'
      )
        problems.push(`anonymous ${route.method} ${route.url}: ${anonymous.body}`);

      const outsider = ROLES.find((role) => !allows(route.permission, [role]));
      if (outsider === undefined) continue; // every signed-in account may call it (`session`)
      const requestId = `forbidden-${index}`;
      const response = await call(app, sessions.get(outsider) ?? null, {
        method: route.method,
        url,
        headers: { 'x-request-id': requestId, 'idempotency-key': requestId },
        ...body,
      });
      const where = `${outsider} ${route.method} ${route.url}`;
      if (response.statusCode !== 403) problems.push(`${where} → ${response.statusCode} ${response.body}`);
      else if (!(await recorded('access.forbidden', `route:${route.method} ${route.url}`, requestId)))
        problems.push(`${where}: refusal not in the security log`);
    }
    expect(problems).toEqual([]);
  });

  it('refuses every state-changing request made with a session but without its CSRF token, and records it', async () => {
    const problems: string[] = [];
    const changing = routes().filter((route) => !SAFE.has(route.method));
    expect(changing.length).toBeGreaterThan(20);
    const admin = sessions.get('admin') as TestSession;
    for (const [index, route] of changing.entries()) {
      const requestId = `csrf-${index}`;
      const response = await app.inject({
        method: route.method as 'POST',
        url: concrete(route.url),
        headers: { cookie: admin.cookie, 'x-request-id': requestId, 'idempotency-key': requestId },
        payload: {},
      });
      const where = `${route.method} ${route.url}`;
      const code = response.json<{ error?: { code?: string } }>().error?.code;
      if (response.statusCode !== 403 || code !== 'CSRF_FAILED')
        problems.push(`${where} → ${response.statusCode} ${code}`);
      else if (!(await recorded('access.csrf_failed', `route:${route.method} ${route.url}`, requestId)))
        problems.push(`${where}: refusal not in the security log`);
    }
    expect(problems).toEqual([]);
  });

  it('limits every money-moving route per account and the sign-in family per address', () => {
    const limits = new Map(app.rateLimitedRoutes.map((route) => [`${route.method} ${route.url}`, route.limiters]));
    // Every route declared money-moving carries the per-account limiter (attached if the route file did not).
    const money = app.rateLimitedRoutes.filter((route) => route.moneyMoving);
    expect(money.map((route) => route.url)).toEqual(
      expect.arrayContaining(['/api/v1/budget/pools/:poolId/tranches', '/api/v1/subsidy/grants']),
    );
    for (const route of money) expect(route.limiters, `${route.method} ${route.url}`).toContain('money');
    for (const url of ['sign-in', 'register', 'one-time-code', 'sign-in-with-code']) {
      expect(limits.get(`POST /api/v1/auth/${url}`), url).toEqual(
        expect.arrayContaining(['sign-in-address', 'sign-in-login']),
      );
    }
    expect(limits.get('POST /api/v1/auth/password')).toContain('sign-in-address');
  });
});
