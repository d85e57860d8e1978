/**
 * Accounts end to end through HTTP on SQLite and PostgreSQL: registration with personal data encrypted
 * at rest and masked on the way out, sign-in by password and by one-time code, lockout, sessions,
 * CSRF, password change, administrators' changes, audited reveals, and demo mode.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quietApp } from '../support/app.js';
import { DIALECTS, testEnvironment, type TestEnvironment } from '../support/databases.js';
import {
  CapturingSender,
  citizenIdNumber,
  registerCitizen,
  registeredCitizen,
  requestRegistrationCode,
} from '../support/registration.js';
import { call, DEMO_ENV, DEMO_LOGINS, sessionOf, signIn, type TestSession } from '../support/sessions.js';

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
    app = await quietApp(environment.config, { oneTimeCodeSender: sender });
    admin = await signIn(app, DEMO_LOGINS.admin);
  });
  afterAll(async () => {
    await app?.close();
    await environment?.cleanup();
  });

  const rawAccounts = async () =>
    (await sql<Record<string, unknown>>`select * from accounts`.execute(app.services.database.db)).rows;

  it('registers a citizen: encrypted at rest, found by keyed hash, masked in the answer, signed in', async () => {
    const response = await registerCitizen(app, CITIZEN, sender);
    expect(response.statusCode, response.body).toBe(201);
    const body = response.json<{ account: Record<string, unknown>; permissions: string[] }>();
    expect(body.account).toMatchObject({
      kind: 'citizen',
      name: '李四',
      idNumber: '1101**********002X',
      mobile: '139****0009',
      roles: [{ role: 'citizen', organisation: null }],
    });
    expect(body.permissions).toEqual(['public', 'session', 'trade_in.claim', 'claims.apply', 'vouchers.claim']);
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

  it('moves a session’s “last seen” for requests after a minute, in one batched write', async () => {
    const session = await signIn(app, DEMO_LOGINS.finance_officer);
    const { db } = app.services.database;
    const lastSeen = async () =>
      (
        await db
          .selectFrom('sessions')
          .select('last_seen_at')
          .where('account_id', '=', session.accountId)
          .orderBy('created_at', 'desc')
          .executeTakeFirstOrThrow()
      ).last_seen_at;
    const earlier = new Date(Date.now() - 5 * 60_000).toISOString();
    await db
      .updateTable('sessions')
      .set({ last_seen_at: earlier })
      .where('account_id', '=', session.accountId)
      .execute();
    const seen = await call(app, session, { method: 'GET', url: '/api/v1/auth/me' });
    expect(seen.statusCode, seen.body).toBe(200);
    await app.services.accounts.touches.flush();
    expect(await lastSeen()).not.toBe(earlier);
    expect(Date.parse(await lastSeen())).toBeGreaterThan(Date.now() - 60_000);
  });

  it('refuses a second account for the same person or number without saying which, telling the owner', async () => {
    // The same ID number with a new mobile number: the code proves the new number, the refusal names
    // nothing, the code is used up, and the existing account's phone is told.
    const again = await registerCitizen(app, { ...CITIZEN, mobile: '13900000010' }, sender);
    expect(again.statusCode).toBe(409);
    const refusal = again.json<{ error: Record<string, unknown> }>().error;
    expect(refusal).toMatchObject({ code: 'REGISTRATION_REFUSED' });
    expect(refusal.field).toBeUndefined();
    expect(String(refusal.message)).not.toMatch(/id ?number|mobile|身份证|手机/i);
    expect(sender.noticesTo('13900000009')).toEqual(['registration_attempt']);
    const reused = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { ...CITIZEN, mobile: '13900000010', code: sender.latestCode('13900000010', 'register') },
    });
    expect(reused.json()).toMatchObject({ error: { code: 'INVALID_ONE_TIME_CODE', field: 'code' } });

    // The same mobile number: no code is sent, a notice goes to the number, and the answer is the same.
    const codesBefore = sender.sent.length;
    const sameMobile = await requestRegistrationCode(app, CITIZEN.mobile);
    const fresh = await requestRegistrationCode(app, '13900000012');
    expect(sameMobile.json()).toEqual(fresh.json());
    expect(sender.sent.slice(codesBefore).map((sent) => sent.mobile)).toEqual(['13900000012']);
    expect(sender.noticesTo('13900000009')).toEqual(['registration_attempt', 'already_registered']);
    for (const code of ['000000', '123456']) {
      const guessed = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/register',
        payload: { ...CITIZEN, idNumber: '53010219200508011X', code },
      });
      expect(guessed.json()).toMatchObject({ error: { code: 'INVALID_ONE_TIME_CODE', field: 'code' } });
    }
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
    // A refusal for a malformed field does not use the code up: one serves every case.
    await requestRegistrationCode(app, '13900000011');
    for (const [change, code, field] of cases) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/register',
        payload: {
          ...CITIZEN,
          idNumber: '53010219200508011X',
          mobile: '13900000011',
          code: sender.latestCode('13900000011', 'register'),
          ...change,
        },
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
    // The attempt that locks the account is answered like any wrong password (an unknown login is
    // never "locked", so a 423 here would tell that the login exists).
    const fifth = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { login, password: 'x' } });
    expect(fifth.statusCode).toBe(401);
    expect(fifth.json()).toMatchObject({ error: { code: 'INVALID_CREDENTIALS' } });
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
    const signInCodes = () => sender.sent.filter((sent) => sent.purpose === 'sign_in');
    expect(signInCodes()).toHaveLength(0);

    const request = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/one-time-code',
      payload: { mobile: '13900000009' },
    });
    expect(request.statusCode).toBe(202);
    expect(request.json()).toEqual(unknown.json());
    expect(signInCodes()).toHaveLength(1);
    const { code } = signInCodes()[0] ?? { code: '' };
    expect(code).toMatch(/^\d{6}$/);

    // A sign-in code is no registration code (and trying it as one leaves it usable to sign in).
    const asRegistration = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { ...CITIZEN, idNumber: '53010219200508011X', code },
    });
    expect(asRegistration.json()).toMatchObject({ error: { code: 'INVALID_ONE_TIME_CODE' } });

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

  it('answers a wrong password on a locked or disabled account exactly as for an unknown login', async () => {
    const details = (n: number) => ({
      name: `市民${n}`,
      idNumber: citizenIdNumber(n),
      mobile: `1370000${String(1000 + n)}`,
      password: 'a fine password 1',
    });
    const locked = details(1);
    const disabled = details(2);
    await registeredCitizen(app, locked, sender);
    const disabledId = (await registeredCitizen(app, disabled, sender)).accountId;
    expect((await call(app, admin, { method: 'POST', url: `/api/v1/accounts/${disabledId}/disable` })).statusCode).toBe(
      200,
    );
    const attempt = async (login: string, password: string) => {
      const started = performance.now();
      const response = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { login, password } });
      const body = response.json<{ error: Record<string, unknown> }>();
      delete body.error.requestId;
      return { status: response.statusCode, body, milliseconds: performance.now() - started };
    };
    const unknown = await attempt('13799999999', 'wrong password');
    expect(unknown).toMatchObject({ status: 401, body: { error: { code: 'INVALID_CREDENTIALS' } } });
    // Five wrong passwords lock the first account; the fifth, which locks it, reads like the others.
    for (let count = 1; count <= 5; count += 1) {
      const wrong = await attempt(locked.mobile, `wrong password ${count}`);
      expect({ status: wrong.status, body: wrong.body }, `attempt ${count}`).toEqual({
        status: unknown.status,
        body: unknown.body,
      });
    }
    const lockedRow = (await rawAccounts()).find((row) => row.name === locked.name);
    expect(lockedRow?.locked_until).not.toBeNull();
    const timings = { unknown: [] as number[], locked: [] as number[], disabled: [] as number[] };
    for (let round = 0; round < 5; round += 1) {
      for (const [kind, login] of [
        ['unknown', '13799999998'],
        ['locked', locked.mobile],
        ['disabled', disabled.mobile],
      ] as const) {
        const answer = await attempt(login, 'still the wrong password');
        expect({ status: answer.status, body: answer.body }, kind).toEqual({
          status: unknown.status,
          body: unknown.body,
        });
        timings[kind].push(answer.milliseconds);
      }
    }
    // Each path verifies one argon2 hash: the medians are of one size (before, a locked account
    // answered at once, many times faster than an unknown login).
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
    for (const kind of ['locked', 'disabled'] as const) {
      const ratio = median(timings[kind]) / median(timings.unknown);
      expect(ratio, `${kind} ÷ unknown: ${JSON.stringify(timings)}`).toBeGreaterThan(0.33);
      expect(ratio, `${kind} ÷ unknown: ${JSON.stringify(timings)}`).toBeLessThan(3);
    }
    // Only the right password learns the account's state.
    expect((await attempt(locked.mobile, locked.password)).body).toMatchObject({ error: { code: 'ACCOUNT_LOCKED' } });
    expect((await attempt(disabled.mobile, disabled.password)).body).toMatchObject({
      error: { code: 'ACCOUNT_DISABLED' },
    });

    // Code sign-in alike: a wrong code reads as for a number without a code, the right one says "locked".
    const codeAttempt = async (mobile: string, code: string) => {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in-with-code',
        payload: { mobile, code },
      });
      const body = response.json<{ error: Record<string, unknown> }>();
      delete body.error.requestId;
      return { status: response.statusCode, body };
    };
    await app.inject({ method: 'POST', url: '/api/v1/auth/one-time-code', payload: { mobile: locked.mobile } });
    const lockedCode = sender.latestCode(locked.mobile, 'sign_in') ?? '';
    expect(lockedCode).toMatch(/^\d{6}$/);
    const wrongCode = lockedCode === '000000' ? '111111' : '000000';
    const noCode = await codeAttempt('13799999999', wrongCode);
    expect(noCode).toMatchObject({ status: 401, body: { error: { code: 'INVALID_ONE_TIME_CODE' } } });
    expect(await codeAttempt(locked.mobile, wrongCode)).toEqual(noCode);
    expect(await codeAttempt(disabled.mobile, wrongCode)).toEqual(noCode);
    expect((await codeAttempt(locked.mobile, lockedCode)).body).toMatchObject({ error: { code: 'ACCOUNT_LOCKED' } });
  });

  it('counts a wrong current password toward the lockout, like a wrong sign-in', async () => {
    const details = {
      name: '周七',
      idNumber: citizenIdNumber(3),
      mobile: '13700001003',
      password: 'a fine password 1',
    };
    const session = await registeredCitizen(app, details, sender);
    for (let count = 1; count <= 5; count += 1) {
      const wrong = await call(app, session, {
        method: 'POST',
        url: '/api/v1/auth/password',
        payload: { currentPassword: `not it ${count}`, newPassword: 'another fine password' },
      });
      expect(wrong.statusCode, `attempt ${count}`).toBe(401);
      expect(wrong.json(), `attempt ${count}`).toMatchObject({
        error: { code: 'INVALID_CREDENTIALS', field: 'currentPassword' },
      });
    }
    const signInNow = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { login: details.mobile, password: details.password },
    });
    expect(signInNow.json()).toMatchObject({ error: { code: 'ACCOUNT_LOCKED' } });
    // While locked, the right current password changes nothing either.
    const whileLocked = await call(app, session, {
      method: 'POST',
      url: '/api/v1/auth/password',
      payload: { currentPassword: details.password, newPassword: 'another fine password' },
    });
    expect(whileLocked.json()).toMatchObject({ error: { code: 'ACCOUNT_LOCKED' } });
    const locks = await app.services.audit.page({ action: 'account.locked', subject: `account:${session.accountId}` });
    expect(locks.items).toHaveLength(1);
  });

  it('refuses invisible and direction-changing names, and stores names in NFKC', async () => {
    await requestRegistrationCode(app, '13700001004');
    const register = (name: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/auth/register',
        payload: {
          name,
          idNumber: citizenIdNumber(4),
          mobile: '13700001004',
          password: 'a fine password 1',
          code: sender.latestCode('13700001004', 'register'),
        },
      });
    const staff = (name: string, username: string) =>
      call(app, admin, {
        method: 'POST',
        url: '/api/v1/accounts',
        payload: { username, name, password: 'a staff password', roles: [{ role: 'auditor' }] },
      });
    const merchant = (name: string, creditCode: string) =>
      call(app, admin, { method: 'POST', url: '/api/v1/merchants', payload: { name, creditCode, unitId: 'hubin' } });
    const refused = [
      '\u200B',
      '\u200B\u200D\uFEFF',
      '\u3000 \u00A0',
      '\u0301\u0308',
      '\u3164\u3164',
      '李\u202E四',
      '\u2066李四\u2069',
      '李四\u200F',
      '李\u061C四',
    ];
    for (const name of refused) {
      const label = JSON.stringify(name);
      for (const response of [
        await register(name),
        await staff(name, 'name.test'),
        await merchant(name, '91411202MA0000001C'),
      ]) {
        expect(response.statusCode, `${label}: ${response.body}`).toBe(400);
        expect(response.json(), label).toMatchObject({ error: { code: 'VALIDATION_FAILED', field: 'name' } });
      }
    }
    expect((await rawAccounts()).some((row) => row.username === 'name.test')).toBe(false);

    const registered = await register('Ｌｉ　Ｓｉ');
    expect(registered.statusCode, registered.body).toBe(201);
    expect(registered.json()).toMatchObject({ account: { name: 'Li Si' } });
    expect((await staff('Ｗａｎｇ　Ｗｕ', 'name.test')).json()).toMatchObject({ name: 'Wang Wu' });
    expect((await merchant('湖滨（旗舰店）', '91411202MA0000001C')).json()).toMatchObject({ name: '湖滨(旗舰店)' });
    const stored = await rawAccounts();
    expect(stored.map((row) => row.name)).toEqual(expect.arrayContaining(['Li Si', 'Wang Wu']));
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
    // The answer is a new session for this caller; the token it came with ends like every other.
    expect(changed.statusCode, changed.body).toBe(200);
    const renewed = sessionOf(changed);
    expect(renewed.cookie).not.toBe(first.cookie);
    expect(renewed.csrfToken).not.toBe(first.csrfToken);
    expect((await call(app, renewed, { method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(200);
    expect((await call(app, first, { method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(401);
    expect((await call(app, second, { method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(401);
    const old = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { login: '13900000009', password: CITIZEN.password },
    });
    expect(old.statusCode).toBe(401);
    await signIn(app, '13900000009', 'another fine password');

    const out = await call(app, renewed, { method: 'POST', url: '/api/v1/auth/sign-out' });
    expect(out.statusCode).toBe(204);
    expect((await call(app, renewed, { method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(401);
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
    ).toEqual(['demo-commerce', 'demo-police', 'wang.officer']);
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
    const nowhere = await call(app, admin, {
      method: 'POST',
      url: '/api/v1/merchants',
      payload: { name: '无处', creditCode: '91440300708461136T', unitId: 'atlantis' },
    });
    expect(nowhere.statusCode).toBe(404);
    expect(nowhere.json()).toMatchObject({ error: { code: 'UNIT_NOT_FOUND', field: 'unitId' } });
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
      const demo = await quietApp(environment.config);
      const count = async (target: FastifyInstance) =>
        Number(
          (
            await sql<{ n: number }>`select count(*) as n from accounts where demo = 1`.execute(
              target.services.database.db,
            )
          ).rows[0]?.n,
        );
      expect(await count(demo)).toBe(14);
      await demo.close();

      const production = await quietApp({ ...environment.config, demo: false });
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
