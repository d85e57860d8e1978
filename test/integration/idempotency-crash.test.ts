/**
 * A money-moving request survives a crash of the server at any point: killed with SIGKILL while its
 * transaction is open (effects written, not committed), or just after the commit (the answer never
 * reached the client), the retry with the same Idempotency-Key gives one grant, one hold and one
 * answer. The process is stopped there deterministically (HUIMIN_FAULT_PAUSE, tests only) and killed.
 * On SQLite and PostgreSQL, against the built server.
 */
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { loadConfig } from '../../src/config.js';
import { projectRoot } from '../../src/shared/project-root.js';
import { startServer, type ChildServer } from '../support/child-server.js';
import { DIALECTS, testEnvironment, type TestEnvironment } from '../support/databases.js';
import { DEMO_ENV } from '../support/sessions.js';

const MAIN = path.join(projectRoot(), 'dist', 'server', 'main.js');
/** Two cores shared with the rest of the suite: a start (migrate, plan, demo accounts) may take a while. */
const START = { readyWithinMs: 120_000 };

interface HttpSession {
  readonly headers: Record<string, string>;
}

async function signIn(server: ChildServer, login: string): Promise<HttpSession> {
  const response = await fetch(`${server.url}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login, password: 'huimin-demo-2025' }),
  });
  expect(response.status).toBe(200);
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' } };
}

function post(server: ChildServer, session: HttpSession, url: string, body: unknown, key?: string) {
  return fetch(`${server.url}${url}`, {
    method: 'POST',
    headers: { ...session.headers, ...(key === undefined ? {} : { 'idempotency-key': key }) },
    body: JSON.stringify(body),
  });
}

/** A grant of one category (each test its own, so the one-per-category quota does not interfere). */
const grantOf = (category: string) => ({
  purchase: {
    line: 'appliance',
    category,
    efficiencyGrade: 1,
    finalPriceFen: 399900,
    purchaseDate: '2025-05-01',
  },
  applicantId: 'demo-citizen',
  unitId: 'hubin',
  source: 'city',
});

describe.each(DIALECTS)('a crash inside an idempotent write on %s', (dialect) => {
  let environment: TestEnvironment;
  let env: Record<string, string>;

  beforeAll(async () => {
    environment = await testEnvironment(dialect, DEMO_ENV);
    env = { ...environment.env, NODE_ENV: 'test' };
    const server = await startServer([MAIN], '/readyz', env, START);
    try {
      const finance = await signIn(server, 'demo-finance');
      const pool = { line: 'appliance', unitId: 'hubin', source: 'city' };
      expect((await post(server, finance, '/api/v1/budget/pools', pool)).status).toBe(201);
      const funded = await post(
        server,
        finance,
        '/api/v1/budget/pools/appliance.hubin.city/tranches',
        { amountFen: 100_000_00 },
        'fund-crash',
      );
      expect(funded.status).toBe(201);
    } finally {
      await server.stop();
    }
  }, 300_000);
  afterAll(async () => {
    await environment?.cleanup();
  });

  /** Starts the server paused at `point`, sends the grant, and kills the server once it is there. */
  async function crashAt(point: 'before-commit' | 'after-commit', key: string, grant: unknown): Promise<void> {
    let reached: () => void = () => undefined;
    const paused = new Promise<void>((resolve) => (reached = resolve));
    const server = await startServer(
      [MAIN],
      '/readyz',
      { ...env, HUIMIN_FAULT_PAUSE: point },
      {
        ...START,
        onStderrLine: (line) => {
          if (process.env.CRASH_TEST_DEBUG) console.log('child:', line);
          if (line.includes(`fault pause at ${point}`)) reached();
        },
      },
    );
    const reviewer = await signIn(server, 'demo-reviewer');
    const lost = post(server, reviewer, '/api/v1/subsidy/grants', grant, key).then(
      () => 'answered',
      () => 'no answer',
    );
    await paused;
    // Listen before killing: the exit may come before the lost request settles.
    const exited = new Promise((resolve) => server.process.once('exit', resolve));
    server.process.kill('SIGKILL');
    expect(await lost).toBe('no answer');
    await exited;
  }

  async function counts(): Promise<{ grants: number; holds: number; records: number }> {
    const handle = await openDatabase(loadConfig(environment.env));
    try {
      const one = async (query: ReturnType<typeof sql<{ n: number }>>) =>
        Number((await query.execute(handle.db)).rows[0]?.n);
      return {
        grants: await one(sql<{ n: number }>`select count(*) as n from subsidy_grants`),
        holds: await one(sql<{ n: number }>`select count(*) as n from budget_holds`),
        records: await one(sql<{ n: number }>`select count(*) as n from idempotency_records where state = 'done'`),
      };
    } finally {
      await handle.destroy();
    }
  }

  it('runs the retry afresh after a crash before the commit: one grant', { timeout: 300_000 }, async () => {
    const GRANT = grantOf('refrigerator');
    const before = await counts();
    await crashAt('before-commit', 'crash-before', GRANT);
    expect(await counts()).toEqual(before);
    const server = await startServer([MAIN], '/readyz', env, START);
    try {
      const reviewer = await signIn(server, 'demo-reviewer');
      const retry = await post(server, reviewer, '/api/v1/subsidy/grants', GRANT, 'crash-before');
      expect(retry.status).toBe(201);
      expect(retry.headers.get('idempotent-replayed')).toBeNull();
      const again = await post(server, reviewer, '/api/v1/subsidy/grants', GRANT, 'crash-before');
      expect(again.headers.get('idempotent-replayed')).toBe('true');
    } finally {
      await server.stop();
    }
    const after = await counts();
    expect(after.grants - before.grants).toBe(1);
    expect(after.holds - before.holds).toBe(1);
  });

  it(
    'answers the retry with the first answer after a crash after the commit: one grant, nothing run twice',
    { timeout: 300_000 },
    async () => {
      const GRANT = grantOf('washing_machine');
      const before = await counts();
      await crashAt('after-commit', 'crash-after', GRANT);
      const committed = await counts();
      expect(committed.grants - before.grants).toBe(1);
      expect(committed.records - before.records).toBe(1);
      const server = await startServer([MAIN], '/readyz', env, START);
      try {
        const reviewer = await signIn(server, 'demo-reviewer');
        const retry = await post(server, reviewer, '/api/v1/subsidy/grants', GRANT, 'crash-after');
        expect(retry.status).toBe(201);
        expect(retry.headers.get('idempotent-replayed')).toBe('true');
        const outcome = (await retry.json()) as { granted: boolean; grant: { id: string; holdId: string } };
        expect(outcome.granted).toBe(true);
        const handle = await openDatabase(loadConfig(environment.env));
        try {
          const stored = await handle.db
            .selectFrom('subsidy_grants')
            .select(['id', 'hold_id'])
            .orderBy('created_at', 'desc')
            .executeTakeFirstOrThrow();
          expect(outcome.grant).toMatchObject({ id: stored.id, holdId: stored.hold_id });
        } finally {
          await handle.destroy();
        }
        const books = await fetch(`${server.url}/api/v1/budget/books`, {
          headers: (await signIn(server, 'demo-finance')).headers,
        });
        expect(((await books.json()) as { balanced: boolean }).balanced).toBe(true);
      } finally {
        await server.stop();
      }
      const after = await counts();
      expect(after.grants).toBe(committed.grants);
      expect(after.holds).toBe(committed.holds);
    },
  );
});
