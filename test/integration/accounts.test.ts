/**
 * Accounts end to end through HTTP on SQLite and PostgreSQL: registration with personal data encrypted
 * at rest and masked on the way out, sign-in by password and by one-time code, lockout, sessions,
 * CSRF, password change, administrators' changes, audited reveals, and demo mode.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import type { OneTimeCodeSender } from '../../src/services/accounts/one-time-code-sender.js';
import { DIALECTS, testEnvironment, type TestEnvironment } from '../support/databases.js';
import { call, DEMO_ENV, DEMO_LOGINS, sessionOf, signIn, type TestSession } from '../support/sessions.js';

/** Collects the codes the app would send by SMS (the development sender writes them to the log). */
class CapturingSender implements OneTimeCodeSender {
  readonly sent: { mobile: string; code: string }[] = [];
  send(mobile: string, code: string): Promise<void> {
    this.sent.push({ mobile, code });
    return Promise.resolve();
  }
}

const CITIZEN = {
  name: '李四',
  idNumber: '11010519491231002x',
  mobile: '139 0000 0009',
  password: 'a fine password 1',
};

describe.each(DIALECTS)('accounts on %s', (dialect) => {
  let environment: TestEnvironment;
  let app: FastifyInstance;
  const sender = new CapturingSender();
  let admin: TestSession;

  beforeAll(async () => {
    environment = await testEnvironment(dialect, DEMO_ENV);
    app = await buildApp(environment.config, { oneTimeCodeSender: sender });
    admin = await signIn(app, DEMO_LOGINS.admin);
  });
  afterAll(async () => {
    await app?.close();
    await environment?.cleanup();
  });

  const rawAccounts = async () =>
    (await sql<Record<string, unknown>>`select * from accounts`.execute(app.services.database.db)).rows;

  it('registers a citizen: encrypted at rest, found by keyed hash, masked in the answer, signed in', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: CITIZEN });
    expect(response.statusCode, response.body).toBe(201);
    const body = response.json<{ account: Record<string, unknown>; permissions: string[] }>();
    expect(body.account).toMatchObject({
      kind: 'citizen',
      name: '李四',
      idNumber: '1101**********002X',
      mobile: '139****0009',
      roles: [{ role: 'citizen', organisation: null }],
    });
    expect(body.permissions).toEqual(['public', 'session']);
    const cookie = response.headers['set-cookie'];
    expect(String(cookie)).toMatch(/huimin_session=[^;]+;.*HttpOnly/);
    expect(String(cookie)).toMatch(/SameSite=Lax/);

    // Nothing in the stored rows contains the ID number or the mobile number in clear.
    const stored = JSON.stringify(await rawAccounts());
    expect(stored).not.toContain('11010519491231002');
    expect(stored).not.toContain('13900000009');
    expect(stored).toMatch(/"id_number_cipher":"v1\.k1\./);

    const session = sessionOf(response);
    const me = await call(app, session, { method: 'GET', url: '/api/v1/auth/me' });
    expect(me.statusCode).toBe(200);
    expect(me.json<{ account: { id: string } }>().account.id).toBe(session.accountId);
  });

  it('refuses a second account for the same person or number, naming the field', async () => {
    const again = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { ...CITIZEN, mobile: '13900000010' },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: { code: 'ACCOUNT_EXISTS', field: 'idNumber' } });
    const sameMobile = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { ...CITIZEN, idNumber: '53010219200508011X' },
    });
    expect(sameMobile.json()).toMatchObject({ error: { code: 'ACCOUNT_EXISTS', field: 'mobile' } });
  });

  it('refuses invalid identity data with a stable code and no row written', async () => {
    const before = (await rawAccounts()).length;
    const cases: [Record<string, string>, string, string][] = [
      [{ idNumber: '11010519491231002A' }, 'INVALID_ID_NUMBER', 'idNumber'],
      [{ idNumber: '110105194912310021' }, 'INVALID_ID_NUMBER', 'idNumber'],
      [{ idNumber: '11010520991231002X' }, 'INVALID_ID_NUMBER', 'idNumber'],
      [{ mobile: '12345' }, 'INVALID_MOBILE_NUMBER', 'mobile'],
      [{ password: 'short' }, 'WEAK_PASSWORD', 'password'],
      [{ password: '1234567890' }, 'WEAK_PASSWORD', 'password'],
    ];
    for (const [change, code, field] of cases) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/register',
        payload: { ...CITIZEN, idNumber: '53010219200508011X', mobile: '13900000011', ...change },
      });
      expect(response.statusCode, JSON.stringify(change)).toBe(400);
      expect(response.json(), JSON.stringify(change)).toMatchObject({ error: { code, field } });
    }
    expect((await rawAccounts()).length).toBe(before);
  });

  it('signs in with mobile or username; wrong and unknown logins get the same answer', async () => {
    await signIn(app, '13900000009', CITIZEN.password);
    await signIn(app, DEMO_LOGINS.reviewer);
    for (const payload of [
      { login: '13900000009', password: 'wrong password' },
      { login: 'nobody-here', password: 'wrong password' },
    ]) {
      const response = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload });
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({ error: { code: 'INVALID_CREDENTIALS' } });
    }
  });

  it('locks an account after five wrong passwords in a row, until an administrator unlocks it', async () => {
    const login = DEMO_LOGINS.county_officer;
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        payload: { login, password: `wrong ${attempt}` },
      });
      expect(response.json()).toMatchObject({ error: { code: 'INVALID_CREDENTIALS' } });
    }
    const fifth = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { login, password: 'x' } });
    expect(fifth.statusCode).toBe(423);
    expect(fifth.json()).toMatchObject({ error: { code: 'ACCOUNT_LOCKED' } });
    // Even the right password is refused while locked.
    const right = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { login, password: 'huimin-demo-2025' },
    });
    expect(right.json()).toMatchObject({ error: { code: 'ACCOUNT_LOCKED' } });

    const unlock = await call(app, admin, { method: 'POST', url: '/api/v1/accounts/demo-county-officer/unlock' });
    expect(unlock.statusCode, unlock.body).toBe(200);
    expect(unlock.json()).toMatchObject({ lockedUntil: null });
    await signIn(app, login);

    const audit = await app.services.audit.page({ action: 'account.locked' });
    expect(audit.items[0]).toMatchObject({ subject: 'account:demo-county-officer', actor: 'system:sign-in' });
  });

  it('signs in with a one-time code: once, not after five wrong tries, same answer for unknown numbers', async () => {
    const unknown = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/one-time-code',
      payload: { mobile: '13700000000' },
    });
    expect(unknown.statusCode).toBe(202);
    expect(sender.sent).toHaveLength(0);

    const request = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/one-time-code',
      payload: { mobile: '13900000009' },
    });
    expect(request.statusCode).toBe(202);
    expect(request.json()).toEqual(unknown.json());
    expect(sender.sent).toHaveLength(1);
    const { code } = sender.sent[0] ?? { code: '' };
    expect(code).toMatch(/^\d{6}$/);

    const wrong = code === '000000' ? '111111' : '000000';
    const bad = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in-with-code',
      payload: { mobile: '13900000009', code: wrong },
    });
    expect(bad.json()).toMatchObject({ error: { code: 'INVALID_ONE_TIME_CODE', field: 'code' } });
    const good = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in-with-code',
      payload: { mobile: '13900000009', code },
    });
    expect(good.statusCode, good.body).toBe(200);
    const reused = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in-with-code',
      payload: { mobile: '13900000009', code },
    });
    expect(reused.json()).toMatchObject({ error: { code: 'INVALID_ONE_TIME_CODE' } });
  });

  it('needs the CSRF header for changes made with a session cookie', async () => {
    const session = await signIn(app, DEMO_LOGINS.citizen);
    const without = await app.inject({
      method: 'PUT',
      url: '/api/v1/auth/me/bank-account',
      headers: { cookie: session.cookie },
      payload: { bankAccount: '6222 0212 3456 7890 123' },
    });
    expect(without.statusCode).toBe(403);
    expect(without.json()).toMatchObject({ error: { code: 'CSRF_FAILED' } });
    const withHeader = await call(app, session, {
      method: 'PUT',
      url: '/api/v1/auth/me/bank-account',
      payload: { bankAccount: '6222 0212 3456 7890 123' },
    });
    expect(withHeader.statusCode, withHeader.body).toBe(200);
    expect(withHeader.json()).toMatchObject({ bankAccount: '***************0123' });
  });

  it('changes the password: the old one stops working and other sessions end', async () => {
    const first = await signIn(app, '13900000009', CITIZEN.password);
    const second = await signIn(app, '13900000009', CITIZEN.password);
    const wrongCurrent = await call(app, first, {
      method: 'POST',
      url: '/api/v1/auth/password',
      payload: { currentPassword: 'not it at all', newPassword: 'another fine password' },
    });
    expect(wrongCurrent.json()).toMatchObject({ error: { code: 'INVALID_CREDENTIALS', field: 'currentPassword' } });
    const changed = await call(app, first, {
      method: 'POST',
      url: '/api/v1/auth/password',
      payload: { currentPassword: CITIZEN.password, newPassword: 'another fine password' },
    });
    expect(changed.statusCode, changed.body).toBe(204);
    expect((await call(app, first, { method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(200);
    expect((await call(app, second, { method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(401);
    const old = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { login: '13900000009', password: CITIZEN.password },
    });
    expect(old.statusCode).toBe(401);
    await signIn(app, '13900000009', 'another fine password');

    const out = await call(app, first, { method: 'POST', url: '/api/v1/auth/sign-out' });
    expect(out.statusCode).toBe(204);
    expect((await call(app, first, { method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(401);
  });

  it('lets an administrator create staff with scoped roles, checking organisations and usernames', async () => {
    const created = await call(app, admin, {
      method: 'POST',
      url: '/api/v1/accounts',
      payload: {
        username: 'wang.officer',
        name: '王五',
        password: 'a staff password',
        mobile: '13600000001',
        roles: [{ role: 'department_officer', organisationId: 'commerce' }, { role: 'reviewer' }],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      kind: 'staff',
      username: 'wang.officer',
      mobile: '136****0001',
      roles: [
        { role: 'department_officer', organisation: { kind: 'department', id: 'commerce', name: '三门峡市商务局' } },
        { role: 'reviewer', organisation: null },
      ],
    });
    const refusals: [Record<string, unknown>, string, string][] = [
      [{ username: 'wang.officer' }, 'ACCOUNT_EXISTS', 'username'],
      [
        { roles: [{ role: 'county_officer', organisationId: 'atlantis' }] },
        'ORGANISATION_NOT_FOUND',
        'roles[0].organisationId',
      ],
      [{ roles: [{ role: 'county_officer' }] }, 'VALIDATION_FAILED', 'roles[0].organisationId'],
      [{ roles: [{ role: 'auditor', organisationId: 'commerce' }] }, 'VALIDATION_FAILED', 'roles[0].organisationId'],
      [{ roles: [{ role: 'citizen' }] }, 'VALIDATION_FAILED', 'roles[0].role'],
      [{ password: 'zhao.officer-password' }, 'WEAK_PASSWORD', 'password'],
    ];
    for (const [change, code, field] of refusals) {
      const response = await call(app, admin, {
        method: 'POST',
        url: '/api/v1/accounts',
        payload: {
          username: 'zhao.officer',
          name: '赵六',
          password: 'a staff password',
          roles: [{ role: 'reviewer' }],
          ...change,
        },
      });
      expect(response.json(), JSON.stringify(change)).toMatchObject({ error: { code, field } });
    }
    const list = await call(app, admin, { method: 'GET', url: '/api/v1/accounts?role=department_officer' });
    expect(
      list
        .json<{ items: { username: string }[] }>()
        .items.map((item) => item.username)
        .sort(),
    ).toEqual(['demo-commerce', 'wang.officer']);
  });

  it('never leaves the platform without an active administrator', async () => {
    const response = await call(app, admin, {
      method: 'PUT',
      url: '/api/v1/accounts/demo-admin/roles',
      payload: { roles: [{ role: 'auditor' }] },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', field: 'roles' } });
    const self = await call(app, admin, { method: 'POST', url: '/api/v1/accounts/demo-admin/disable' });
    expect(self.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
  });

  it('disabling an account ends its sessions and refuses sign-in', async () => {
    const cashier = await signIn(app, DEMO_LOGINS.merchant_cashier);
    const disabled = await call(app, admin, { method: 'POST', url: '/api/v1/accounts/demo-merchant-cashier/disable' });
    expect(disabled.json()).toMatchObject({ status: 'disabled' });
    expect((await call(app, cashier, { method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(401);
    const again = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { login: DEMO_LOGINS.merchant_cashier, password: 'huimin-demo-2025' },
    });
    expect(again.json()).toMatchObject({ error: { code: 'ACCOUNT_DISABLED' } });
    await call(app, admin, { method: 'POST', url: '/api/v1/accounts/demo-merchant-cashier/enable' });
    await signIn(app, DEMO_LOGINS.merchant_cashier);
  });

  it('shows full personal data only to reviewers, with the read and its reason in the audit log', async () => {
    const reviewer = await signIn(app, DEMO_LOGINS.reviewer);
    const account = await call(app, reviewer, { method: 'GET', url: '/api/v1/accounts/demo-citizen' });
    expect(account.json<{ idNumber: string }>().idNumber).toMatch(/^4112\*{10}\d{3}[\dX]$/);
    const reveal = await call(app, reviewer, {
      method: 'POST',
      url: '/api/v1/accounts/demo-citizen/reveal',
      payload: { field: 'idNumber', reason: '核对报销申请 2025-0001' },
    });
    expect(reveal.statusCode, reveal.body).toBe(200);
    expect(reveal.json<{ value: string }>().value).toMatch(/^41120219850101123[\dX]$/);
    const entry = (await app.services.audit.page({ action: 'personal_data.read' })).items[0];
    expect(entry).toMatchObject({
      actor: 'demo-reviewer',
      subject: 'account:demo-citizen',
      summary: { after: { field: 'idNumber', reason: '核对报销申请 2025-0001' } },
    });
    const byAdmin = await call(app, admin, {
      method: 'POST',
      url: '/api/v1/accounts/demo-citizen/reveal',
      payload: { field: 'idNumber', reason: 'curious' },
    });
    expect(byAdmin.statusCode).toBe(403);
  });

  it('registers merchants: a checksum failure needs manual verification, a malformed code is refused', async () => {
    const ok = await call(app, admin, {
      method: 'POST',
      url: '/api/v1/merchants',
      payload: { name: '陕州家电城', creditCode: '91440300708461136T', unitId: 'shanzhou' },
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ creditCodeStatus: 'verified' });
    const manual = await call(app, admin, {
      method: 'POST',
      url: '/api/v1/merchants',
      payload: { name: '老字号', creditCode: '91440300708461136A', unitId: 'lingbao' },
    });
    expect(manual.json()).toMatchObject({ creditCodeStatus: 'needs_manual_verification' });
    const bad = await call(app, admin, {
      method: 'POST',
      url: '/api/v1/merchants',
      payload: { name: '坏代码', creditCode: '9144030070846113', unitId: 'lingbao' },
    });
    expect(bad.json()).toMatchObject({ error: { code: 'INVALID_CREDIT_CODE', field: 'creditCode' } });
    const duplicate = await call(app, admin, {
      method: 'POST',
      url: '/api/v1/merchants',
      payload: { name: '又一个', creditCode: '91440300708461136t', unitId: 'lingbao' },
    });
    expect(duplicate.json()).toMatchObject({ error: { code: 'MERCHANT_EXISTS' } });
    const owner = await signIn(app, DEMO_LOGINS.merchant_owner);
    const mine = await call(app, owner, { method: 'GET', url: '/api/v1/merchants/mine' });
    expect(mine.json<{ items: { id: string }[] }>().items.map((item) => item.id)).toEqual(['demo-merchant']);
  });

  it('keeps the audit chain intact through all of the above', async () => {
    const report = await app.services.audit.verify();
    expect(report).toMatchObject({ ok: true, firstBroken: null });
    expect(report.checked).toBeGreaterThan(10);
  });
});

describe('demo mode', () => {
  it('demo accounts exist only in demo mode: switching it off deletes them', async () => {
    const environment = await testEnvironment('sqlite', { HUIMIN_DEMO: 'true' });
    try {
      const demo = await buildApp(environment.config);
      const count = async (target: FastifyInstance) =>
        Number(
          (
            await sql<{ n: number }>`select count(*) as n from accounts where demo = 1`.execute(
              target.services.database.db,
            )
          ).rows[0]?.n,
        );
      expect(await count(demo)).toBe(9);
      await demo.close();

      const production = await buildApp({ ...environment.config, demo: false });
      expect(await count(production)).toBe(0);
      const refused = await production.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        payload: { login: 'demo-admin', password: 'huimin-demo-2025' },
      });
      expect(refused.statusCode).toBe(401);
      expect((await production.services.audit.page({ action: 'demo.accounts_removed' })).items).toHaveLength(1);
      await production.close();
    } finally {
      await environment.cleanup();
    }
  });

  it('is on by default for the embedded database and off for PostgreSQL', async () => {
    const sqlite = await testEnvironment('sqlite');
    const postgres = await testEnvironment('postgres');
    try {
      expect(sqlite.config.demo).toBe(true);
      expect(postgres.config.demo).toBe(false);
    } finally {
      await sqlite.cleanup();
      await postgres.cleanup();
    }
  });
});
