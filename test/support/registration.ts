/**
 * Registering citizens through the HTTP API in tests, as a person would: ask for a registration code
 * for the mobile number, read it off the "phone" (a capturing sender the app was built with), then
 * register with it. Every test that registers a citizen goes through here.
 *
 *   const codes = new CapturingSender();
 *   const app = await buildApp(config, { oneTimeCodeSender: codes });
 *   const session = await registeredCitizen(app, { name, idNumber, mobile, password }, codes);
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { checkMobileNumber, idNumberCheckCharacter } from '../../src/domain/identity/index.js';
import type {
  AccountNotice,
  OneTimeCodePurpose,
  OneTimeCodeSender,
} from '../../src/services/accounts/one-time-code-sender.js';
import { sessionOf, type TestSession } from './sessions.js';

export interface SentCode {
  readonly mobile: string;
  readonly code: string;
  readonly purpose: OneTimeCodePurpose;
}

export interface SentNotice {
  readonly mobile: string;
  readonly notice: AccountNotice;
}

/** Collects what the app would send by SMS (the development sender writes it to the log). */
export class CapturingSender implements OneTimeCodeSender {
  readonly sent: SentCode[] = [];
  readonly notices: SentNotice[] = [];

  send(mobile: string, code: string, _expiresAt: Date, purpose: OneTimeCodePurpose): Promise<void> {
    this.sent.push({ mobile, code, purpose });
    return Promise.resolve();
  }

  notify(mobile: string, notice: AccountNotice): Promise<void> {
    this.notices.push({ mobile, notice });
    return Promise.resolve();
  }

  /** The newest code of `purpose` sent to `mobile` (in any spelling the API accepts), if any. */
  latestCode(mobile: string, purpose: OneTimeCodePurpose): string | undefined {
    const number = normalisedMobile(mobile);
    return this.sent.findLast((sent) => sent.mobile === number && sent.purpose === purpose)?.code;
  }

  noticesTo(mobile: string): AccountNotice[] {
    const number = normalisedMobile(mobile);
    return this.notices.filter((notice) => notice.mobile === number).map((notice) => notice.notice);
  }
}

function normalisedMobile(mobile: string): string {
  const check = checkMobileNumber(mobile);
  return check.ok ? check.mobileNumber : mobile;
}

/** A valid GB 11643 number for made-up citizen `n` (region 411202, born 1990-01-01, sequence 100 + n). */
export function citizenIdNumber(n: number): string {
  const body = `41120219900101${String(100 + n).padStart(3, '0')}`;
  return body + idNumberCheckCharacter(body);
}

export interface CitizenDetails {
  readonly name: string;
  readonly idNumber: string;
  readonly mobile: string;
  readonly password: string;
}

/** POST /api/v1/auth/one-time-code with purpose "register"; expects the usual 202. */
export async function requestRegistrationCode(
  app: FastifyInstance,
  mobile: string,
  remoteAddress?: string,
): Promise<LightMyRequestResponse> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/one-time-code',
    payload: { mobile, purpose: 'register' },
    ...(remoteAddress === undefined ? {} : { remoteAddress }),
  });
  expect(response.statusCode, response.body).toBe(202);
  return response;
}

/**
 * Asks for a registration code for `details.mobile` and registers with it; returns the answer, whatever
 * it is (201, or a refusal the test expects). Within the resend interval no new code is sent, so the
 * newest one sent to the number is used (a refusal for a malformed field does not use it up). Throws
 * when the number never got a code (it has an account: the app sent a notice instead).
 */
export async function registerCitizen(
  app: FastifyInstance,
  details: CitizenDetails,
  codes: CapturingSender,
  options: { readonly remoteAddress?: string } = {},
): Promise<LightMyRequestResponse> {
  await requestRegistrationCode(app, details.mobile, options.remoteAddress);
  const code = codes.latestCode(details.mobile, 'register');
  if (code === undefined) {
    throw new Error(`no registration code was sent to ${details.mobile}: does it already have an account?`);
  }
  return app.inject({
    method: 'POST',
    url: '/api/v1/auth/register',
    payload: { ...details, code },
    ...(options.remoteAddress === undefined ? {} : { remoteAddress: options.remoteAddress }),
  });
}

/** registerCitizen that must succeed: the new citizen's session. */
export async function registeredCitizen(
  app: FastifyInstance,
  details: CitizenDetails,
  codes: CapturingSender,
): Promise<TestSession> {
  const response = await registerCitizen(app, details, codes);
  expect(response.statusCode, response.body).toBe(201);
  return sessionOf(response);
}
