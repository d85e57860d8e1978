/** Signing in through the HTTP API in tests, and calling routes as that session (cookie + CSRF header). */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { Role } from '../../src/domain/access/permissions.js';
import { DEMO_CITIZEN_MOBILE, DEMO_PASSWORD } from '../../src/services/accounts/demo-accounts.js';

/** The demo login of each role (docs/access.md). */
export const DEMO_LOGINS: Readonly<Record<Role, string>> = {
  citizen: DEMO_CITIZEN_MOBILE,
  merchant_owner: 'demo-merchant-owner',
  merchant_cashier: 'demo-cashier',
  department_officer: 'demo-commerce',
  county_officer: 'demo-hubin',
  county_finance_officer: 'demo-hubin-finance',
  reviewer: 'demo-reviewer',
  finance_officer: 'demo-finance',
  auditor: 'demo-auditor',
  admin: 'demo-admin',
  department_leader: 'demo-commerce-leader',
  county_leader: 'demo-hubin-leader',
  city_leader: 'demo-mayor',
};
export { DEMO_PASSWORD };

/** Rate limits high enough that a test file's many sign-ins from one address are not refused. */
export const GENEROUS_LIMITS = {
  HUIMIN_RATE_LIMIT_SIGN_IN: '100000',
  HUIMIN_RATE_LIMIT_SIGN_IN_ACCOUNT: '100000',
  HUIMIN_RATE_LIMIT_MONEY: '100000',
};

/** Demo accounts (one per role) on either database, and generous rate limits. */
/** Demo accounts without the demo's month of trade-in (a test that wants it sets HUIMIN_DEMO_SCALE). */
export const DEMO_ENV = { ...GENEROUS_LIMITS, HUIMIN_DEMO: 'true', HUIMIN_DEMO_SCALE: '0' };

export interface TestSession {
  readonly cookie: string;
  readonly csrfToken: string;
  readonly accountId: string;
  /** Headers for a request made as this session. */
  readonly headers: Record<string, string>;
}

export function sessionOf(response: LightMyRequestResponse): TestSession {
  const token = response.cookies.find((cookie) => cookie.name === 'huimin_session')?.value;
  expect(token, `no session cookie in ${response.statusCode} ${response.body}`).toBeTruthy();
  const body = response.json<{ csrfToken: string; account: { id: string } }>();
  const cookie = `huimin_session=${token ?? ''}`;
  return {
    cookie,
    csrfToken: body.csrfToken,
    accountId: body.account.id,
    headers: { cookie, 'x-csrf-token': body.csrfToken },
  };
}

export async function signIn(app: FastifyInstance, login: string, password = DEMO_PASSWORD): Promise<TestSession> {
  const response = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { login, password } });
  expect(response.statusCode, response.body).toBe(200);
  return sessionOf(response);
}

/** A request as `session` (or anonymous when null). */
export function call(
  app: FastifyInstance,
  session: TestSession | null,
  options: InjectOptions & { headers?: Record<string, string> },
): Promise<LightMyRequestResponse> {
  return app.inject({ ...options, headers: { ...(session?.headers ?? {}), ...(options.headers ?? {}) } });
}
