/**
 * `huimin admin create` (the built CLI) on a fresh SQLite and a fresh PostgreSQL database, with demo
 * mode off as in production: it migrates the database, reads the password from standard input, refuses
 * a weak password and a taken login as the API does, and records `account.create` by
 * `system:cli:<os user>` in the audit chain; the administrator then signs in over HTTP and may manage
 * accounts.
 */
import { userInfo } from 'node:os';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quietApp } from '../support/app.js';
import { huimin } from '../support/cli.js';
import { DIALECTS, testEnvironment, type TestEnvironment } from '../support/databases.js';
import { call, GENEROUS_LIMITS, signIn } from '../support/sessions.js';

const PASSWORD = 'plum blossom over the yellow river';

describe.each(DIALECTS)('huimin admin create on %s', (dialect) => {
  let environment: TestEnvironment;
  let app: FastifyInstance | undefined;

  beforeAll(async () => {
    environment = await testEnvironment(dialect, { ...GENEROUS_LIMITS, HUIMIN_DEMO: 'false' });
  });
  afterAll(async () => {
    await app?.close();
    await environment?.cleanup();
  });

  const create = (login: string, password: string, name = '王建国') =>
    huimin(['admin', 'create', '--login', login, '--name', name], environment.env, `${password}\n`);

  it('refuses a weak password and a malformed login, creating nothing', async () => {
    const weak = await create('city.admin', 'short');
    expect(weak.code).toBe(1);
    expect(weak.stderr).toMatch(/WEAK_PASSWORD: .*at least 10 characters.*nothing was created/);
    const common = await create('city.admin', 'password123');
    expect(common.stderr).toContain('WEAK_PASSWORD');
    const containsLogin = await create('city.admin', 'my city.admin password');
    expect(containsLogin.stderr).toContain('WEAK_PASSWORD');
    const malformed = await create('City Admin', PASSWORD);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('--login: 3–40 lower-case letters');
  });

  it('creates the administrator on the migrated database, audited as the CLI’s user', async () => {
    const created = await create('city.admin', PASSWORD);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/created administrator city\.admin \(王建国\), account [0-9a-f-]{36}/);
    expect(created.stderr).toBe('');

    const taken = await create('city.admin', PASSWORD, '李四');
    expect(taken.code).toBe(1);
    expect(taken.stderr).toMatch(/ACCOUNT_EXISTS: username "city\.admin" is taken/);

    const verified = await huimin(['audit', 'verify', '--json'], environment.env);
    expect(verified.code, verified.stderr).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ allOk: true, checked: 1 });

    app = await quietApp(environment.config);
    const entries = (await app.services.audit.page({ action: 'account.create' })).items;
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actor: `system:cli:${userInfo().username}`,
      role: 'system',
      summary: { after: { kind: 'staff', username: 'city.admin', name: '王建国', roles: ['admin'] } },
    });
    expect(JSON.stringify(entries[0])).not.toContain(PASSWORD);
  });

  it('lets the administrator sign in and manage accounts', async () => {
    if (app === undefined) throw new Error('the app of the previous test is missing');
    const session = await signIn(app, 'city.admin', PASSWORD);
    const list = await call(app, session, { method: 'GET', url: '/api/v1/accounts' });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json<{ items: { username: string | null }[] }>().items.map((item) => item.username)).toEqual([
      'city.admin',
    ]);
  });
});
