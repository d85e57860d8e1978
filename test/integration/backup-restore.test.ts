/**
 * Backups that restore, on the embedded database: the built server runs in its own process while four
 * clients keep moving money over HTTP (tranches into three pools, subsidy grants that hold budget);
 * `huimin backup --with-keys` copies the database in the middle of it. Restored into a fresh data folder
 * with `huimin restore`, the copy is a consistent moment of the ledger: the audit and security chains
 * verify (`huimin audit verify`), the books balance, it holds every tranche answered before the backup
 * began and none sent after it ended, and the restored keys still find and decrypt personal data.
 * Restoring over an existing database is refused.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { quietApp } from '../support/app.js';
import { projectRoot } from '../../src/shared/project-root.js';
import { startServer, type ChildServer } from '../support/child-server.js';
import { huimin } from '../support/cli.js';
import { DEMO_ENV, DEMO_LOGINS, DEMO_PASSWORD, signIn } from '../support/sessions.js';

const POOLS = ['hubin', 'lingbao', 'shanzhou'].map((unit) => ({ line: 'appliance', unitId: unit, source: 'city' }));
const CATEGORIES = ['air_conditioner', 'refrigerator', 'washing_machine', 'television', 'computer'];

interface HttpSession {
  readonly headers: Record<string, string>;
}

describe('backup under write load, then restore (SQLite)', () => {
  let folder: string;
  let server: ChildServer;
  let restored: FastifyInstance | undefined;
  const env = (dataDir: string) => ({ ...DEMO_ENV, HUIMIN_DATA_DIR: dataDir, LOG_LEVEL: 'warn' });

  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'huimin-backup-'));
    server = await startServer([path.join(projectRoot(), 'dist', 'server', 'main.js')], '/readyz', {
      ...env(path.join(folder, 'live')),
    });
  });
  afterAll(async () => {
    await restored?.close();
    await server?.stop();
    await rm(folder, { recursive: true, force: true });
  });

  async function signInOverHttp(login: string): Promise<HttpSession> {
    const response = await fetch(`${server.url}/api/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login, password: DEMO_PASSWORD }),
    });
    expect(response.status).toBe(200);
    const cookie = response.headers
      .getSetCookie()
      .map((line) => line.split(';')[0] ?? '')
      .join('; ');
    const { csrfToken } = (await response.json()) as { csrfToken: string };
    return { headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' } };
  }

  async function post(session: HttpSession, url: string, body: unknown, key?: string): Promise<Response> {
    return fetch(`${server.url}${url}`, {
      method: 'POST',
      headers: { ...session.headers, ...(key === undefined ? {} : { 'idempotency-key': key }) },
      body: JSON.stringify(body),
    });
  }

  it('takes a consistent copy while money moves, and the copy restores, verifies and balances', async () => {
    const finance = await signInOverHttp(DEMO_LOGINS.finance_officer);
    const reviewer = await signInOverHttp(DEMO_LOGINS.reviewer);
    for (const pool of POOLS) {
      expect((await post(finance, '/api/v1/budget/pools', pool)).status).toBe(201);
      const id = `appliance.${pool.unitId}.city`;
      expect(
        (await post(finance, `/api/v1/budget/pools/${id}/tranches`, { amountFen: 1_000_000 }, `seed-${id}`)).status,
      ).toBe(201);
    }

    // The load: three clients fund tranches of 1 元, one grants subsidies (holds) until the quotas are used.
    let stop = false;
    let sent = 0;
    let answered = 0;
    const failures: string[] = [];
    const funder = async (worker: number): Promise<void> => {
      for (let index = 0; !stop; index += 1) {
        const id = `appliance.${POOLS[(worker + index) % POOLS.length]?.unitId ?? 'hubin'}.city`;
        sent += 1;
        const response = await post(
          finance,
          `/api/v1/budget/pools/${id}/tranches`,
          { amountFen: 100 },
          `load-${worker}-${index}`,
        );
        if (response.status === 201) answered += 1;
        else failures.push(`tranche ${response.status} ${await response.text()}`);
      }
    };
    let grants = 0;
    const granter = async (): Promise<void> => {
      for (let index = 0; !stop; index += 1) {
        const purchase = {
          line: 'appliance',
          category: CATEGORIES[index % CATEGORIES.length],
          efficiencyGrade: 1,
          finalPriceFen: 200_000,
          purchaseDate: '2025-05-01',
        };
        const response = await post(
          reviewer,
          '/api/v1/subsidy/grants',
          { purchase, applicantId: 'demo-citizen', unitId: 'hubin', source: 'city' },
          `grant-${index}`,
        );
        if (response.status === 201) grants += 1;
        else if (response.status !== 200) failures.push(`grant ${response.status} ${await response.text()}`);
        else await response.arrayBuffer();
      }
    };
    const load = Promise.all([funder(0), funder(1), funder(2), granter()]);
    while (answered < 30) await new Promise((resolve) => setTimeout(resolve, 20));

    const backupFile = path.join(folder, 'huimin-backup.sqlite');
    const answeredBefore = answered;
    const backup = await huimin(['backup', backupFile, '--with-keys'], env(path.join(folder, 'live')));
    const sentAfter = sent;
    const answeredAfter = answered;
    while (answered < answeredAfter + 20) await new Promise((resolve) => setTimeout(resolve, 20));
    stop = true;
    await load;
    expect(failures).toEqual([]);
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toMatch(/backed up .*huimin-backup\.sqlite: [\d.]+ MiB, \d+ pages, \d+ migrations/);
    expect(backup.stderr).toContain('WARNING: huimin-backup.sqlite.keys.json decrypts');
    // Money moved while the backup command ran.
    expect(answeredAfter).toBeGreaterThan(answeredBefore);
    expect(grants).toBeGreaterThan(0);
    await server.stop();

    const fresh = path.join(folder, 'restored');
    const restore = await huimin(['restore', backupFile], env(fresh));
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stdout).toContain('restored the keys file');
    expect(existsSync(path.join(fresh, 'keys.json'))).toBe(true);

    const verify = await huimin(['audit', 'verify'], env(fresh));
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    expect(verify.stdout).toMatch(/audit chain intact: \d+ entries/);
    expect(verify.stdout).toMatch(/security chain intact/);

    restored = await quietApp(loadConfig({ ...env(fresh), LOG_LEVEL: 'silent' }));
    const books = await restored.services.budget.reports.verifyBooks();
    expect(books.problems).toEqual([]);
    expect(books.balanced).toBe(true);
    const { db } = restored.services.database;
    const count = async (kind: string) =>
      Number(
        (await sql<{ n: number }>`select count(*) as n from ledger_transactions where kind = ${kind}`.execute(db))
          .rows[0]?.n,
      );
    // Seeds (3) plus the load's tranches: all those answered before the backup, none sent after it.
    const tranches = (await count('fund')) - POOLS.length;
    expect(tranches).toBeGreaterThanOrEqual(answeredBefore);
    expect(tranches).toBeLessThanOrEqual(sentAfter);
    // The restored keys find the demo citizen by the keyed hash of her mobile number, and decrypt.
    const citizen = await signIn(restored, DEMO_LOGINS.citizen);
    const me = await restored.inject({ method: 'GET', url: '/api/v1/auth/me', headers: citizen.headers });
    expect(me.statusCode, me.body).toBe(200);
    expect(me.body).toMatch(/138\*+0001/);
  });

  it('refuses to restore over an existing database', async () => {
    const again = await huimin(
      ['restore', path.join(folder, 'huimin-backup.sqlite')],
      env(path.join(folder, 'restored')),
    );
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/huimin\.sqlite exists: restore only into an empty data folder/);
  });

  it('refuses on PostgreSQL and says where the PostgreSQL backup is described', async () => {
    const refused = await huimin(['backup', path.join(folder, 'pg.sqlite')], {
      HUIMIN_DATA_DIR: folder,
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('docs/operations.md');
    expect(existsSync(path.join(folder, 'pg.sqlite'))).toBe(false);
  });
});
