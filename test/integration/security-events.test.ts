/**
 * The security log on SQLite and PostgreSQL: every kind of event appears after the action that causes
 * it (sign-ins by password and code and their failures with the reason, sign-outs, one-time codes,
 * refusals for permission, scope, CSRF and rate limits, reform simulations, bulk reads), with the
 * request id, address and user agent, and never a mobile number, ID number or password in clear.
 * Auditors page it newest first; its chain reports a changed, deleted or cut-off row by the service,
 * the API and `huimin audit verify`.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/domain/audit/index.js';
import { quietApp } from '../support/app.js';
import type { SecurityAction } from '../../src/services/audit/security-log.js';
import { huimin } from '../support/cli.js';
import { DIALECTS, testEnvironment, type TestEnvironment } from '../support/databases.js';
import { CapturingSender, registerCitizen } from '../support/registration.js';
import { call, DEMO_ENV, DEMO_LOGINS, sessionOf, signIn, type TestSession } from '../support/sessions.js';

const CITIZEN = { name: '王五', idNumber: '11010519491231002X', mobile: '13900000021', password: 'a fine password 2' };
const UNKNOWN_MOBILE = '13712345678';
const AGENT = 'security-events-test/1.0';

type Row = {
  sequence: number;
  at: string;
  actor: string;
  role: string;
  action: string;
  subject: string;
  summary: string;
  request_id: string;
  previous_hash: string;
  hash: string;
};

describe.each(DIALECTS)('security log on %s', (dialect) => {
  let environment: TestEnvironment;
  let app: FastifyInstance;
  const sender = new CapturingSender();
  let admin: TestSession;
  let auditor: TestSession;

  beforeAll(async () => {
    environment = await testEnvironment(dialect, DEMO_ENV);
    app = await quietApp(environment.config, { oneTimeCodeSender: sender });
    admin = await signIn(app, DEMO_LOGINS.admin);
    auditor = await signIn(app, DEMO_LOGINS.auditor);
  });
  afterAll(async () => {
    await app?.close();
    await environment?.cleanup();
  });

  /** The newest event of a kind (optionally with a subject), failing the test when there is none. */
  async function newest(action: SecurityAction, subject?: string): Promise<AuditEntry> {
    const page = await app.services.security.page({ action, ...(subject === undefined ? {} : { subject }) });
    const entry = page.items[0];
    expect(entry, `no ${action} event`).toBeDefined();
    return entry as AuditEntry;
  }
  const details = (entry: AuditEntry) => entry.summary.after as Record<string, unknown>;

  it('records a password sign-in with who, the request id, the address and the user agent', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      headers: { 'user-agent': AGENT, 'x-request-id': 'sign-in-request-1' },
      payload: { login: DEMO_LOGINS.reviewer, password: 'huimin-demo-2025' },
    });
    expect(response.statusCode, response.body).toBe(200);
    const session = sessionOf(response);
    const entry = await newest('auth.sign_in', `account:${session.accountId}`);
    expect(entry).toMatchObject({ actor: session.accountId, role: 'reviewer', requestId: 'sign-in-request-1' });
    expect(details(entry)).toMatchObject({ method: 'password', address: '127.0.0.1', userAgent: AGENT });
  });

  it('records failed sign-ins with the reason: unknown login, wrong password, locked, disabled', async () => {
    const registered = await registerCitizen(app, CITIZEN, sender);
    expect(registered.statusCode, registered.body).toBe(201);
    const citizenId = sessionOf(registered).accountId;

    const unknown = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { login: UNKNOWN_MOBILE, password: 'some password' },
    });
    expect(unknown.statusCode).toBe(401);
    const unknownEntry = await newest('auth.sign_in_failed', 'login:137****5678');
    expect(unknownEntry).toMatchObject({ actor: 'anonymous' });
    expect(details(unknownEntry)).toMatchObject({ reason: 'unknown_login', method: 'password', login: '137****5678' });

    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const wrong = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        payload: { login: CITIZEN.mobile, password: `wrong password ${attempt}` },
      });
      // the fifth locks the account, yet a wrong password never learns that: always an unknown login's answer
      expect(wrong.statusCode).toBe(401);
    }
    const wrongEntry = await newest('auth.sign_in_failed', `account:${citizenId}`);
    expect(details(wrongEntry)).toMatchObject({ reason: 'wrong_password', login: '139****0021', accountId: citizenId });
    const locked = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { login: CITIZEN.mobile, password: CITIZEN.password },
    });
    expect(locked.statusCode).toBe(423);
    expect(details(await newest('auth.sign_in_failed', `account:${citizenId}`))).toMatchObject({ reason: 'locked' });

    const disable = await call(app, admin, { method: 'POST', url: `/api/v1/accounts/demo-county-officer/disable` });
    expect(disable.statusCode, disable.body).toBe(200);
    const disabled = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { login: DEMO_LOGINS.county_officer, password: 'huimin-demo-2025' },
    });
    expect(disabled.statusCode).toBe(403);
    const disabledEntry = await newest('auth.sign_in_failed', 'account:demo-county-officer');
    expect(details(disabledEntry)).toMatchObject({ reason: 'disabled', accountId: 'demo-county-officer' });
    await call(app, admin, { method: 'POST', url: `/api/v1/accounts/demo-county-officer/enable` });
  });

  it('records one-time-code requests, wrong codes and code sign-ins, the number masked', async () => {
    const requested = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/one-time-code',
      payload: { mobile: DEMO_LOGINS.citizen },
    });
    expect(requested.statusCode).toBe(202);
    const request = await newest('auth.code_requested', 'account:demo-citizen');
    expect(details(request)).toMatchObject({ mobile: '138****0001', sent: true, accountId: 'demo-citizen' });
    await app.inject({ method: 'POST', url: '/api/v1/auth/one-time-code', payload: { mobile: UNKNOWN_MOBILE } });
    expect(details(await newest('auth.code_requested', 'login:137****5678'))).toMatchObject({ sent: false });

    const code = sender.sent.at(-1)?.code ?? '';
    const wrongCode = code === '000000' ? '111111' : '000000';
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in-with-code',
      payload: { mobile: DEMO_LOGINS.citizen, code: wrongCode },
    });
    expect(wrong.statusCode).toBe(401);
    expect(details(await newest('auth.code_wrong'))).toMatchObject({ reason: 'wrong_code', login: '138****0001' });
    const right = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in-with-code',
      payload: { mobile: DEMO_LOGINS.citizen, code },
    });
    expect(right.statusCode, right.body).toBe(200);
    expect(details(await newest('auth.sign_in', 'account:demo-citizen'))).toMatchObject({ method: 'code' });
  });

  it('records a sign-out', async () => {
    const session = await signIn(app, DEMO_LOGINS.finance_officer);
    const out = await call(app, session, { method: 'POST', url: '/api/v1/auth/sign-out' });
    expect(out.statusCode).toBe(204);
    expect(await newest('auth.sign_out', `account:${session.accountId}`)).toMatchObject({
      actor: session.accountId,
      role: 'finance_officer',
    });
  });

  it('records refusals centrally: permission, scope and CSRF, with route, method and permission', async () => {
    const citizen = await signIn(app, DEMO_LOGINS.citizen);
    const forbidden = await call(app, citizen, { method: 'GET', url: '/api/v1/accounts?q=x' });
    expect(forbidden.statusCode).toBe(403);
    const permission = await newest('access.forbidden', 'route:GET /api/v1/accounts');
    expect(permission).toMatchObject({ actor: citizen.accountId, role: 'citizen' });
    expect(details(permission)).toMatchObject({
      code: 'FORBIDDEN',
      method: 'GET',
      route: '/api/v1/accounts',
      permission: 'accounts.read',
    });

    // Out of scope: a cashier granting in a unit where the merchant does not trade (the service refuses).
    const cashier = await signIn(app, DEMO_LOGINS.merchant_cashier);
    const scope = await call(app, cashier, {
      method: 'POST',
      url: '/api/v1/subsidy/grants',
      headers: { 'idempotency-key': 'security-scope-1' },
      payload: {
        purchase: {
          line: 'appliance',
          category: 'air_conditioner',
          efficiencyGrade: 1,
          finalPriceFen: 399900,
          purchaseDate: '2025-05-01',
        },
        applicantId: 'demo-citizen',
        unitId: 'lingbao',
        source: 'city',
      },
    });
    expect(scope.json()).toMatchObject({ error: { code: 'FORBIDDEN', field: 'unitId' } });
    const scoped = await newest('access.forbidden', 'route:POST /api/v1/subsidy/grants');
    expect(details(scoped)).toMatchObject({ permission: 'subsidy.grant' });
    expect(details(scoped).message).toContain('lingbao');

    const csrf = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers: { cookie: citizen.cookie },
      payload: { currentPassword: 'x', newPassword: 'y' },
    });
    expect(csrf.json()).toMatchObject({ error: { code: 'CSRF_FAILED' } });
    expect(details(await newest('access.csrf_failed', 'route:POST /api/v1/auth/password'))).toMatchObject({
      code: 'CSRF_FAILED',
      permission: 'session',
    });
  });

  it('records reform simulations, account lists and pages of the logs: who, what was asked, how many', async () => {
    const finance = await signIn(app, DEMO_LOGINS.finance_officer);
    const changes = [{ key: 'digital.rate_bp', value: 2000 }];
    const simulated = await call(app, finance, {
      method: 'POST',
      url: '/api/v1/subsidy/reform-simulations',
      payload: { changes },
    });
    expect(simulated.statusCode, simulated.body).toBe(200);
    const simulation = await newest('subsidy.reform_simulated');
    expect(simulation).toMatchObject({ actor: finance.accountId, role: 'finance_officer' });
    expect(details(simulation)).toMatchObject({ changes });

    const list = await call(app, admin, { method: 'GET', url: `/api/v1/accounts?q=${CITIZEN.mobile}&limit=5` });
    expect(list.statusCode).toBe(200);
    const returned = list.json<{ items: unknown[]; total: number }>();
    const listed = await newest('accounts.list_read');
    expect(listed).toMatchObject({ actor: admin.accountId, role: 'admin' });
    expect(details(listed)).toMatchObject({
      query: { q: '139****0021', limit: 5 },
      returned: returned.items.length,
      total: returned.total,
    });
    const byName = await call(app, admin, { method: 'GET', url: `/api/v1/accounts?q=${encodeURIComponent('王五')}` });
    expect(byName.statusCode).toBe(200);
    expect(details(await newest('accounts.list_read'))).toMatchObject({ query: { q: '王*' } });

    const entries = await call(app, auditor, {
      method: 'GET',
      url: '/api/v1/audit/entries?limit=3&action=plan.import',
    });
    expect(entries.statusCode).toBe(200);
    expect(details(await newest('audit.entries_read'))).toMatchObject({
      query: { limit: 3, action: 'plan.import' },
      returned: entries.json<{ items: unknown[] }>().items.length,
    });
  });

  it('lets auditors page the security events newest first, filtered like the audit entries', async () => {
    const first = await call(app, auditor, { method: 'GET', url: '/api/v1/audit/security-events?limit=4' });
    expect(first.statusCode).toBe(200);
    const page = first.json<{ items: AuditEntry[]; head: { sequence: number }; nextBefore: number }>();
    expect(page.items.map((item) => item.sequence)).toEqual([0, 1, 2, 3].map((n) => page.head.sequence - n));
    const next = await call(app, auditor, {
      method: 'GET',
      url: `/api/v1/audit/security-events?limit=4&before=${page.nextBefore}`,
    });
    expect(next.json<{ items: AuditEntry[] }>().items[0]?.sequence).toBe(page.head.sequence - 4);
    const failed = await call(app, auditor, {
      method: 'GET',
      url: '/api/v1/audit/security-events?action=auth.sign_in_failed&limit=100',
    });
    const failures = failed.json<{ items: AuditEntry[] }>().items;
    expect(failures.length).toBeGreaterThanOrEqual(7);
    expect(failures.every((item) => item.action === 'auth.sign_in_failed')).toBe(true);
    // Reading the security log is itself recorded.
    expect(details(await newest('audit.security_events_read'))).toMatchObject({
      query: { action: 'auth.sign_in_failed', limit: 100 },
      returned: failures.length,
    });
    const citizen = await signIn(app, DEMO_LOGINS.citizen);
    const refused = await call(app, citizen, { method: 'GET', url: '/api/v1/audit/security-events' });
    expect(refused.statusCode).toBe(403);
  });

  it('keeps no mobile number, ID number or password in clear', async () => {
    const rows = (await sql<Row>`select * from security_events`.execute(app.services.database.db)).rows;
    expect(rows.length).toBeGreaterThan(20);
    const stored = JSON.stringify(rows);
    for (const secret of [
      CITIZEN.mobile,
      UNKNOWN_MOBILE,
      DEMO_LOGINS.citizen,
      CITIZEN.idNumber.slice(0, 14),
      CITIZEN.password,
      'huimin-demo-2025',
      'wrong password',
      'some password',
      '王五',
    ]) {
      expect(stored, secret).not.toContain(secret);
    }
  });

  describe('its chain', () => {
    const db = () => app.services.database.db;
    const rows = async (): Promise<Row[]> =>
      (await sql<Row>`select * from security_events order by sequence`.execute(db())).rows.map((row) => ({
        ...row,
        sequence: Number(row.sequence),
      }));
    async function restore(row: Row): Promise<void> {
      await sql`delete from security_events where sequence = ${row.sequence}`.execute(db());
      await sql`insert into security_events (sequence, at, actor, role, action, subject, summary, request_id, previous_hash, hash)
        values (${row.sequence}, ${row.at}, ${row.actor}, ${row.role}, ${row.action}, ${row.subject}, ${row.summary},
                ${row.request_id}, ${row.previous_hash}, ${row.hash})`.execute(db());
    }
    async function expectBroken(sequence: number, problem: string): Promise<void> {
      const report = await app.services.security.verify();
      expect(report).toMatchObject({ chain: 'security', ok: false, firstBroken: { sequence, problem } });
      const api = await call(app, auditor, { method: 'GET', url: '/api/v1/audit/verification' });
      // The audit chain is untouched: its fields say so; the security chain's beside them do not.
      expect(api.json()).toMatchObject({
        ok: true,
        allOk: false,
        security: { chain: 'security', ok: false, firstBroken: { sequence, problem } },
      });
      const cli = await huimin(['audit', 'verify'], environment.env);
      expect(cli.code).toBe(1);
      expect(cli.stdout).toContain('audit chain intact');
      expect(cli.stdout).toContain(`security chain BROKEN at entry ${sequence} (${problem})`);
    }
    async function expectWhole(): Promise<void> {
      const report = await app.services.security.verify();
      expect(report, JSON.stringify(report.firstBroken)).toMatchObject({ ok: true });
    }

    it('is whole after all of the above, by the service, the API and the CLI', async () => {
      await expectWhole();
      const api = await call(app, auditor, { method: 'GET', url: '/api/v1/audit/verification' });
      expect(api.json()).toMatchObject({ ok: true, allOk: true, security: { ok: true } });
      const cli = await huimin(['audit', 'verify', '--json'], environment.env);
      expect(cli.code, cli.stderr).toBe(0);
      expect(JSON.parse(cli.stdout)).toMatchObject({
        ok: true,
        allOk: true,
        security: { chain: 'security', ok: true },
      });
    });

    it('reports a changed row', async () => {
      const original = (await rows())[3] as Row;
      await sql`update security_events set summary = ${'{"after":{"reason":"none"}}'} where sequence = ${original.sequence}`.execute(
        db(),
      );
      await expectBroken(original.sequence, 'hash_mismatch');
      await restore(original);
      await expectWhole();
    });

    it('reports a deleted row', async () => {
      const original = (await rows())[4] as Row;
      await sql`delete from security_events where sequence = ${original.sequence}`.execute(db());
      await expectBroken(original.sequence + 1, 'sequence_gap');
      await restore(original);
      await expectWhole();
    });

    it('reports rows cut off the end', async () => {
      const all = await rows();
      const tail = all.slice(-3);
      for (const row of tail) await sql`delete from security_events where sequence = ${row.sequence}`.execute(db());
      await expectBroken(all.length - 3, 'head_mismatch');
      for (const row of tail) await restore(row);
      await expectWhole();
    });
  });
});

describe('rate-limit refusals in the security log', () => {
  let environment: TestEnvironment;
  let app: FastifyInstance;

  beforeAll(async () => {
    environment = await testEnvironment('sqlite', {
      ...DEMO_ENV,
      HUIMIN_RATE_LIMIT_SIGN_IN_ACCOUNT: '3',
    });
    app = await quietApp(environment.config);
  });
  afterAll(async () => {
    await app?.close();
    await environment?.cleanup();
  });

  it('records only the first refusal per limiter key and window, so a flood is not a flood of writes', async () => {
    const answers: number[] = [];
    for (let attempt = 0; attempt < 12; attempt += 1) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        payload: { login: UNKNOWN_MOBILE, password: 'flooding password' },
      });
      answers.push(response.statusCode);
    }
    expect(answers).toEqual([401, 401, 401, ...Array<number>(9).fill(429)]);
    const refusals = (await app.services.security.page({ action: 'access.rate_limited' })).items;
    expect(refusals).toHaveLength(1);
    expect(refusals[0]?.summary.after).toMatchObject({
      code: 'RATE_LIMITED',
      route: '/api/v1/auth/sign-in',
      limiter: 'sign-in-login',
      key: 'login:137****5678',
    });
    // The three attempts before the limit were recorded as failed sign-ins; the refused ones were not.
    expect((await app.services.security.page({ action: 'auth.sign_in_failed' })).items).toHaveLength(3);
  });
});
