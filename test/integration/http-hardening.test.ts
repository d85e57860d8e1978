/**
 * HTTP hardening: rate limits per address and per account on sign-in and on money-moving routes,
 * security headers, request ids on every answer, and Idempotency-Key on money-moving routes (a retry
 * gets the stored answer and moves nothing, the same key with another body is refused), on SQLite and
 * PostgreSQL.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quietApp } from '../support/app.js';
import { DIALECTS, testEnvironment, type TestEnvironment } from '../support/databases.js';
import { call, DEMO_ENV, DEMO_LOGINS, DEMO_PASSWORD, signIn, type TestSession } from '../support/sessions.js';

describe('rate limits', () => {
  let environment: TestEnvironment;
  let app: FastifyInstance;

  beforeAll(async () => {
    environment = await testEnvironment('sqlite', {
      HUIMIN_RATE_LIMIT_SIGN_IN: '8',
      HUIMIN_RATE_LIMIT_SIGN_IN_ACCOUNT: '3',
      HUIMIN_RATE_LIMIT_MONEY: '2',
    });
    app = await quietApp(environment.config);
  });
  afterAll(async () => {
    await app?.close();
    await environment?.cleanup();
  });

  const attempt = (login: string, remoteAddress: string) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      remoteAddress,
      payload: { login, password: 'wrong password' },
    });

  it('limits sign-in attempts per account, whatever the address', async () => {
    const answers = [];
    for (const address of ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4']) {
      answers.push(await attempt('demo-reviewer', address));
    }
    expect(answers.map((answer) => answer.statusCode)).toEqual([401, 401, 401, 429]);
    const limited = answers[3];
    expect(limited?.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    expect(limited?.headers['retry-after']).toBeDefined();
  });

  it('limits sign-in attempts per address, whatever the account', async () => {
    const statuses = [];
    for (let index = 0; index < 9; index += 1) {
      statuses.push((await attempt(`someone-${index}`, '10.0.1.1')).statusCode);
    }
    expect(statuses.slice(0, 8).every((status) => status === 401)).toBe(true);
    expect(statuses[8]).toBe(429);
    // Another address is not affected.
    expect((await attempt('someone-else', '10.0.1.2')).statusCode).toBe(401);
  });

  it('limits money-moving requests per account', async () => {
    const finance = await signIn(app, DEMO_LOGINS.finance_officer);
    await call(app, finance, {
      method: 'POST',
      url: '/api/v1/budget/pools',
      payload: { line: 'appliance', unitId: 'hubin', source: 'city' },
    });
    const statuses = [];
    for (let index = 0; index < 3; index += 1) {
      const response = await call(app, finance, {
        method: 'POST',
        url: '/api/v1/budget/pools/appliance.hubin.city/tranches',
        headers: { 'idempotency-key': `limit-${index}` },
        payload: { amountFen: 100 },
      });
      statuses.push(response.statusCode);
    }
    expect(statuses).toEqual([201, 201, 429]);
  });
});

describe('client addresses behind a reverse proxy', () => {
  /** Wrong passwords over real HTTP from this process (127.0.0.1, the "proxy"), each for another login. */
  async function statuses(trustProxy: string, forwardedFor: readonly string[]): Promise<number[]> {
    const environment = await testEnvironment('sqlite', {
      HUIMIN_TRUST_PROXY: trustProxy,
      HUIMIN_RATE_LIMIT_SIGN_IN: '3',
      HUIMIN_RATE_LIMIT_SIGN_IN_ACCOUNT: '1000',
    });
    const app = await quietApp(environment.config);
    try {
      const base = await app.listen({ port: 0, host: '127.0.0.1' });
      const answers: number[] = [];
      for (const [index, header] of forwardedFor.entries()) {
        const response = await fetch(`${base}/api/v1/auth/sign-in`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': header },
          body: JSON.stringify({ login: `someone-${index}`, password: 'wrong password' }),
        });
        answers.push(response.status);
      }
      return answers;
    } finally {
      await app.close();
      await environment.cleanup();
    }
  }

  // The proxy appends the address it saw (203.0.113.7); whatever the client wrote before it is the client's.
  const rotating = [0, 1, 2, 3, 4].map((n) => `198.51.100.${n}, 203.0.113.7`);

  it('behind one trusted hop, a client rotating the left part of X-Forwarded-For is still limited', async () => {
    expect(await statuses('1', [...rotating, '198.51.100.9, 203.0.113.8'])).toEqual([401, 401, 401, 429, 429, 401]);
  });

  it('with the proxy named by address, the same', async () => {
    expect(await statuses('127.0.0.1', [...rotating, '203.0.113.8'])).toEqual([401, 401, 401, 429, 429, 401]);
  });

  it('trusting no proxy, X-Forwarded-For is ignored: every request is the socket address', async () => {
    expect(await statuses('false', ['203.0.113.1', '203.0.113.2', '203.0.113.3', '203.0.113.4'])).toEqual([
      401, 401, 401, 429,
    ]);
  });
});

describe.each(DIALECTS)('HTTP hardening on %s', (dialect) => {
  let environment: TestEnvironment;
  let app: FastifyInstance;
  let finance: TestSession;
  const pool = '/api/v1/budget/pools/digital.city.central';

  beforeAll(async () => {
    environment = await testEnvironment(dialect, DEMO_ENV);
    app = await quietApp(environment.config);
    finance = await signIn(app, DEMO_LOGINS.finance_officer);
    await call(app, finance, {
      method: 'POST',
      url: '/api/v1/budget/pools',
      payload: { line: 'digital', unitId: 'city', source: 'central' },
    });
  });
  afterAll(async () => {
    await app?.close();
    await environment?.cleanup();
  });

  it('sends security headers and the request id on every answer', async () => {
    for (const url of ['/', '/api/v1/plan', '/api/v1/no-such-route', '/api/v1/accounts']) {
      const response = await app.inject({ method: 'GET', url, headers: { 'x-request-id': 'trace-42' } });
      expect(response.headers['x-request-id'], url).toBe('trace-42');
      expect(response.headers['x-content-type-options'], url).toBe('nosniff');
      expect(response.headers['x-frame-options'], url).toBe('SAMEORIGIN');
      expect(response.headers['content-security-policy'], url).toContain("default-src 'self'");
      expect(response.headers['content-security-policy'], url).toContain("frame-ancestors 'none'");
      expect(response.headers['referrer-policy'], url).toBe('no-referrer');
      if (response.statusCode >= 400) expect(response.json(), url).toMatchObject({ error: { requestId: 'trace-42' } });
    }
  });

  it('keeps authenticated answers out of caches: no-store on every route, with a session or not public', async () => {
    const document = (await app.inject({ method: 'GET', url: '/openapi.json' })).json<{
      paths: Record<string, Record<string, unknown>>;
    }>();
    const routes = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods)
        .filter((method) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
        .map((method) => ({ method: method.toUpperCase(), path })),
    );
    // Sign-out ends the session it is called with: last.
    routes.sort((a, b) => Number(a.path.endsWith('/sign-out')) - Number(b.path.endsWith('/sign-out')));
    expect(routes.length).toBeGreaterThan(40);
    const admin = await signIn(app, DEMO_LOGINS.admin);
    const citizen = await signIn(app, DEMO_LOGINS.citizen);
    const missing: string[] = [];
    for (const route of routes) {
      const declared = app.routePermissions.find(
        (candidate) => candidate.method === route.method && candidate.url === route.path.replace(/\{(\w+)\}/g, ':$1'),
      );
      const permission = declared?.permission ?? 'public';
      for (const [who, session] of [
        ['anonymous', null],
        ['citizen', citizen],
        ['admin', admin],
      ] as const) {
        if (route.path.endsWith('/sign-out') && who !== 'admin') continue;
        const hasBody = route.method !== 'GET' && route.method !== 'DELETE';
        const response = await call(app, session, {
          method: route.method,
          url: route.path.replace(/\{(\w+)\}/g, route.path.includes('/plan/') ? '6' : 'no-such-thing'),
          headers: { 'idempotency-key': `cache-${who}-${route.method}-${route.path}` },
          ...(hasBody ? { payload: {} } : {}),
        });
        const mustNotStore = (session !== null && route.path.startsWith('/api/')) || permission !== 'public';
        if (mustNotStore && response.headers['cache-control'] !== 'no-store') {
          missing.push(`${who} ${route.method} ${route.path} (${permission}) → ${response.statusCode}`);
        }
      }
    }
    // An answer that opens a session carries its CSRF token: not stored either.
    const opened = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { login: DEMO_LOGINS.reviewer, password: DEMO_PASSWORD },
    });
    expect(opened.statusCode).toBe(200);
    if (opened.headers['cache-control'] !== 'no-store')
      missing.push('anonymous POST /api/v1/auth/sign-in (opens a session)');
    // An unknown /api/ route asked with a session, too.
    const unknown = await call(app, admin, { method: 'GET', url: '/api/v1/no-such-route' });
    if (unknown.headers['cache-control'] !== 'no-store') missing.push('admin GET /api/v1/no-such-route');
    expect(missing).toEqual([]);
  });

  it('requires an Idempotency-Key on a money-moving route', async () => {
    const response = await call(app, finance, { method: 'POST', url: `${pool}/tranches`, payload: { amountFen: 500 } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { code: 'IDEMPOTENCY_KEY_REQUIRED', field: 'Idempotency-Key' } });
  });

  it('answers a retry with the stored response and moves the money once', async () => {
    const send = (amountFen: number, key = 'tranche-2025-001') =>
      call(app, finance, {
        method: 'POST',
        url: `${pool}/tranches`,
        headers: { 'idempotency-key': key },
        payload: { amountFen, reference: '豫财预〔2025〕1号' },
      });
    const first = await send(5_000_000_00);
    expect(first.statusCode, first.body).toBe(201);
    const retry = await send(5_000_000_00);
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toBe(first.body);
    const balance = await call(app, finance, { method: 'GET', url: pool });
    expect(balance.json()).toMatchObject({ fundedFen: 5_000_000_00, availableFen: 5_000_000_00 });

    const different = await send(1_00);
    expect(different.statusCode).toBe(409);
    expect(different.json()).toMatchObject({ error: { code: 'IDEMPOTENCY_KEY_REUSED', field: 'Idempotency-Key' } });

    // Keys belong to the caller: another account's same key is a new request.
    const other = await signIn(app, 'demo-finance');
    expect(
      (
        await call(app, other, {
          method: 'POST',
          url: `${pool}/tranches`,
          headers: { 'idempotency-key': 'x1' },
          payload: { amountFen: 1 },
        })
      ).statusCode,
    ).toBe(201);
  });

  it('runs concurrent retries of one request once', async () => {
    const send = () =>
      call(app, finance, {
        method: 'POST',
        url: `${pool}/tranches`,
        headers: { 'idempotency-key': 'tranche-concurrent' },
        payload: { amountFen: 7_00 },
      });
    const before = (await call(app, finance, { method: 'GET', url: pool })).json<{ fundedFen: number }>().fundedFen;
    const answers = await Promise.all(Array.from({ length: 6 }, send));
    for (const answer of answers) expect([201, 409]).toContain(answer.statusCode);
    const after = (await call(app, finance, { method: 'GET', url: pool })).json<{ fundedFen: number }>().fundedFen;
    expect(after - before).toBe(7_00);
  });

  it('forgets a failed request, so its retry runs', async () => {
    const send = () =>
      call(app, finance, {
        method: 'POST',
        url: '/api/v1/budget/pools/no.such.pool/tranches',
        headers: { 'idempotency-key': 'tranche-to-nowhere' },
        payload: { amountFen: 100 },
      });
    expect((await send()).statusCode).toBe(404);
    expect((await send()).statusCode).toBe(404);
  });

  it('refuses a body larger than 1 MiB with PAYLOAD_TOO_LARGE', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/quote',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ note: 'x'.repeat(1_200_000) }),
    });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
  });
});
