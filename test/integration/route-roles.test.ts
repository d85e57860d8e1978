/**
 * Every route in the OpenAPI document × every role (and no session): allowed exactly when the one
 * permission table (src/domain/access/permissions.ts) says so. Denied answers are 401 UNAUTHENTICATED
 * without a session and 403 FORBIDDEN with one; allowed answers are anything else (a 400 for the empty
 * body, a 404 for the made-up id: the request got past the permission check). Path parameters name
 * things that do not exist, so allowed requests change nothing.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allows, ROLES, type Role } from '../../src/domain/access/permissions.js';
import { quietApp } from '../support/app.js';
import { DIALECTS, testEnvironment, type TestEnvironment } from '../support/databases.js';
import { call, DEMO_ENV, DEMO_LOGINS, signIn, type TestSession } from '../support/sessions.js';

interface OpenApiDocument {
  paths: Record<string, Record<string, unknown>>;
}

/** Values for path parameters: real where a GET of the plan needs them, made up elsewhere. */
const PARAMETERS: Record<string, string> = {
  number: '6',
  id: 'no-such-thing',
  poolId: 'no-such-pool',
};

function concrete(openApiPath: string): string {
  return openApiPath.replace(/\{(\w+)\}/g, (_, name: string) => PARAMETERS[name] ?? 'x');
}

/** OpenAPI `/api/v1/accounts/{id}` ↔ Fastify `/api/v1/accounts/:id`. */
function fastifyPath(openApiPath: string): string {
  return openApiPath.replace(/\{(\w+)\}/g, ':$1');
}

describe.each(DIALECTS)('route × role on %s', (dialect) => {
  let environment: TestEnvironment;
  let app: FastifyInstance;
  const sessions = new Map<Role, TestSession>();
  let routes: { method: string; path: string }[] = [];

  beforeAll(async () => {
    environment = await testEnvironment(dialect, DEMO_ENV);
    app = await quietApp(environment.config);
    for (const role of ROLES) sessions.set(role, await signIn(app, DEMO_LOGINS[role]));
    const document = (await app.inject({ method: 'GET', url: '/openapi.json' })).json<OpenApiDocument>();
    routes = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods)
        .filter((method) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
        .map((method) => ({ method: method.toUpperCase(), path })),
    );
    // Sign-out ends the session it is called with: run it last.
    routes.sort((a, b) => Number(a.path.endsWith('/sign-out')) - Number(b.path.endsWith('/sign-out')));
  });
  afterAll(async () => {
    await app?.close();
    await environment?.cleanup();
  });

  it('covers every API route, each with a declared permission', () => {
    expect(routes.length).toBeGreaterThan(40);
    const apiRoutes = app.routePermissions.filter((route) => route.url.startsWith('/api/') && route.method !== 'HEAD');
    const documented = new Set(routes.map((route) => `${route.method} ${fastifyPath(route.path)}`));
    for (const route of apiRoutes)
      expect(documented, `${route.method} ${route.url}`).toContain(`${route.method} ${route.url}`);
  });

  it('allows and denies exactly as the permission table says', async () => {
    const mismatches: string[] = [];
    for (const route of routes) {
      const declared = app.routePermissions.find(
        (candidate) => candidate.method === route.method && candidate.url === fastifyPath(route.path),
      );
      expect(declared, `${route.method} ${route.path} is not registered`).toBeDefined();
      const permission = declared?.permission ?? 'public';
      for (const role of [null, ...ROLES]) {
        const session = role === null ? null : (sessions.get(role) ?? null);
        const hasBody = route.method !== 'GET' && route.method !== 'DELETE';
        const response = await call(app, session, {
          method: route.method,
          url: concrete(route.path),
          headers: { 'idempotency-key': `matrix-${role ?? 'anonymous'}-${route.path}` },
          ...(hasBody ? { payload: {} } : {}),
        });
        const allowed = allows(permission, role === null ? null : [role]);
        const denied = response.statusCode === 401 || response.statusCode === 403;
        const who = role ?? 'anonymous';
        if (allowed && denied) {
          mismatches.push(
            `${who} ${route.method} ${route.path}: expected allowed (${permission}), got ${response.body}`,
          );
        } else if (!allowed) {
          const code = response.json<{ error?: { code?: string } }>().error?.code;
          const expected = role === null ? 'UNAUTHENTICATED' : 'FORBIDDEN';
          if (code !== expected) {
            mismatches.push(
              `${who} ${route.method} ${route.path}: expected ${expected} (${permission}), got ${response.statusCode} ${code}`,
            );
          }
        }
        expect(response.statusCode, `${who} ${route.method} ${route.path}: ${response.body}`).toBeLessThan(500);
      }
    }
    expect(mismatches).toEqual([]);
  });
});
