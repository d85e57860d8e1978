/**
 * GET /metrics over real HTTP, on SQLite and PostgreSQL: refused without the bearer token or with a
 * wrong one, absent (404) when HUIMIN_METRICS_TOKEN is unset; with it, the named series are there:
 * requests and latency by route pattern and status, database time by statement kind, pool balances by
 * line and unit (read at scrape time, so they follow the ledger), ledger transactions by kind, Node's
 * process metrics. No raw URL and no personal data appear in it.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quietApp } from '../support/app.js';
import { systemContext } from '../../src/services/context.js';
import { DIALECTS, testEnvironment, type TestEnvironment } from '../support/databases.js';
import { CapturingSender, registerCitizen } from '../support/registration.js';
import { call, DEMO_ENV, DEMO_LOGINS, signIn, type TestSession } from '../support/sessions.js';

const TOKEN = 'metrics-token-for-the-integration-test-0123';
const CITIZEN = { name: '赵敏', idNumber: '53010219200508011X', mobile: '13700000042', password: 'a fine password' };

/** The value of one series with exactly these labels, or undefined. */
function sample(body: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels)
    .map(([key, value]) => `${key}="${value}"`)
    .sort();
  for (const line of body.split('\n')) {
    const match = /^([a-z_:]+)\{([^}]*)\} (\S+)$/.exec(line);
    if (match === null || match[1] !== name) continue;
    const have = (match[2] ?? '').split(',').sort();
    if (have.length === wanted.length && have.every((label, index) => label === wanted[index])) return Number(match[3]);
  }
  return undefined;
}

describe.each(DIALECTS)('/metrics on %s', (dialect) => {
  let environment: TestEnvironment;
  let app: FastifyInstance;
  let url: string;
  let finance: TestSession;

  const scrape = async (): Promise<string> => {
    const response = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    return response.text();
  };

  beforeAll(async () => {
    environment = await testEnvironment(dialect, { ...DEMO_ENV, HUIMIN_METRICS_TOKEN: TOKEN });
    const codes = new CapturingSender();
    app = await quietApp(environment.config, { oneTimeCodeSender: codes });
    url = await app.listen({ port: 0, host: '127.0.0.1' });
    const registered = await registerCitizen(app, CITIZEN, codes);
    expect(registered.statusCode, registered.body).toBe(201);
    finance = await signIn(app, DEMO_LOGINS.finance_officer);
    const created = await call(app, finance, {
      method: 'POST',
      url: '/api/v1/budget/pools',
      payload: { line: 'appliance', unitId: 'hubin', source: 'city' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const funded = await call(app, finance, {
      method: 'POST',
      url: '/api/v1/budget/pools/appliance.hubin.city/tranches',
      headers: { 'idempotency-key': 'metrics-fund-1' },
      payload: { amountFen: 500_000 },
    });
    expect(funded.statusCode, funded.body).toBe(201);
  });
  afterAll(async () => {
    await app?.close();
    await environment?.cleanup();
  });

  it('refuses a scrape without the token or with a wrong one', async () => {
    for (const authorization of [undefined, 'Bearer wrong-token', `Basic ${TOKEN}`, `Bearer ${TOKEN}x`, TOKEN]) {
      const response = await fetch(`${url}/metrics`, {
        headers: authorization === undefined ? {} : { authorization },
      });
      expect(response.status, authorization).toBe(401);
      expect(response.headers.get('www-authenticate')).toContain('Bearer');
      const body = await response.text();
      expect(JSON.parse(body)).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
      expect(body).not.toContain('huimin_http_requests_total');
    }
  });

  it('answers with the named series, by route pattern and status', async () => {
    // A pool read by its id and an unknown path: both must be counted by pattern, never by URL.
    expect((await fetch(`${url}/api/v1/budget/pools/appliance.hubin.city`)).status).toBe(401);
    expect((await fetch(`${url}/no/such/page/13700000042.txt`)).status).toBe(404);
    const body = await scrape();
    for (const series of [
      'huimin_http_requests_total',
      'huimin_http_request_duration_seconds_bucket',
      'huimin_db_query_duration_seconds_bucket',
      'huimin_budget_pool_balance_fen',
      'huimin_ledger_transactions_total',
      'process_cpu_seconds_total',
      'nodejs_eventloop_lag_seconds',
    ]) {
      expect(body, series).toContain(`\n${series}`);
    }
    expect(
      sample(body, 'huimin_http_requests_total', {
        method: 'GET',
        route: '/api/v1/budget/pools/:poolId',
        status: '401',
      }),
    ).toBe(1);
    expect(sample(body, 'huimin_http_requests_total', { method: 'GET', route: 'unrouted', status: '404' })).toBe(1);
    expect(
      sample(body, 'huimin_http_requests_total', { method: 'POST', route: '/api/v1/budget/pools', status: '201' }),
    ).toBe(1);
    expect(sample(body, 'huimin_http_requests_total', { method: 'GET', route: '/metrics', status: '401' })).toBe(5);
    expect(
      sample(body, 'huimin_http_request_duration_seconds_count', {
        method: 'POST',
        route: '/api/v1/budget/pools/:poolId/tranches',
        status: '201',
      }),
    ).toBe(1);
    expect(
      sample(body, 'huimin_db_query_duration_seconds_count', { operation: 'select', outcome: 'ok' }),
    ).toBeGreaterThan(0);
    expect(
      sample(body, 'huimin_db_query_duration_seconds_count', { operation: 'insert', outcome: 'ok' }),
    ).toBeGreaterThan(0);
    const pool = { line: 'appliance', unit: 'hubin', source: 'city' };
    expect(sample(body, 'huimin_budget_pool_balance_fen', { ...pool, balance: 'funded' })).toBe(500_000);
    expect(sample(body, 'huimin_budget_pool_balance_fen', { ...pool, balance: 'available' })).toBe(500_000);
    expect(sample(body, 'huimin_budget_pool_balance_fen', { ...pool, balance: 'held' })).toBe(0);
    expect(sample(body, 'huimin_ledger_transactions_total', { kind: 'fund' })).toBe(1);
    expect(sample(body, 'huimin_ledger_transactions_total', { kind: 'hold' })).toBe(0);
  });

  it('reads balances and ledger counts at scrape time, and never shows a URL or personal data', async () => {
    const funded = await call(app, finance, {
      method: 'POST',
      url: '/api/v1/budget/pools/appliance.hubin.city/tranches',
      headers: { 'idempotency-key': 'metrics-fund-2' },
      payload: { amountFen: 250_000 },
    });
    expect(funded.statusCode, funded.body).toBe(201);
    const body = await scrape();
    const pool = { line: 'appliance', unit: 'hubin', source: 'city' };
    expect(sample(body, 'huimin_budget_pool_balance_fen', { ...pool, balance: 'available' })).toBe(750_000);
    expect(sample(body, 'huimin_ledger_transactions_total', { kind: 'fund' })).toBe(2);
    for (const secret of [CITIZEN.name, CITIZEN.idNumber, CITIZEN.mobile, 'appliance.hubin.city', '/no/such/page']) {
      expect(body, secret).not.toContain(secret);
    }
  });

  it('counts the group-commit batches of standalone holds and their sizes', async () => {
    const context = systemContext('metrics-test');
    const holds = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        app.services.budget.placeHold(context, 'appliance.hubin.city', {
          amountFen: 100,
          idempotencyKey: `metrics-batch-${index}`,
        }),
      ),
    );
    expect(holds.every((outcome) => outcome.ok)).toBe(true);
    const body = await scrape();
    const batches = sample(body, 'huimin_ledger_batch_size_count', { outcome: 'committed' }) ?? 0;
    expect(batches).toBeGreaterThanOrEqual(1);
    expect(batches).toBeLessThanOrEqual(8);
    expect(sample(body, 'huimin_ledger_batch_size_sum', { outcome: 'committed' })).toBe(8);
    expect(sample(body, 'huimin_ledger_transactions_total', { kind: 'hold' })).toBe(8);
  });
});

describe('/metrics without HUIMIN_METRICS_TOKEN', () => {
  it('does not exist: 404, as JSON, not the web page', async () => {
    const environment = await testEnvironment('sqlite');
    const app = await quietApp(environment.config);
    try {
      const url = await app.listen({ port: 0, host: '127.0.0.1' });
      const response = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    } finally {
      await app.close();
      await environment.cleanup();
    }
  });
});
