/**
 * Sign-in, registration and the caller's own session and account (docs/access.md). The session
 * itself is an httpOnly cookie the browser sends by itself; writes carry the CSRF token.
 */
import { queryOptions } from '@tanstack/react-query';
import type {
  AccountView,
  OneTimeCodeRequest,
  OneTimeCodeSent,
  RegisterInput,
  RoleCatalogue,
  SessionView,
} from '../../../../../src/contract/accounts';
import { ApiError, getJson, sendJson } from '../../../lib/api/client';
import { forgetCsrfCookie, mayBeSignedIn, rememberCsrfToken } from '../../../lib/api/csrf';

const base = '/api/v1/auth';

function remember(session: SessionView): SessionView {
  rememberCsrfToken(session.csrfToken);
  return session;
}

/** What a one-time code is for: signing in, or registering the number. */
export type OneTimeCodePurpose = NonNullable<OneTimeCodeRequest['purpose']>;

export async function register(registration: RegisterInput): Promise<SessionView> {
  return remember(await sendJson<SessionView>('POST', `${base}/register`, registration));
}

export async function signIn(login: string, password: string): Promise<SessionView> {
  return remember(await sendJson<SessionView>('POST', `${base}/sign-in`, { login, password }));
}

/** The same answer whether or not the number has an account (docs/access.md). */
export function requestOneTimeCode(mobile: string, purpose: OneTimeCodePurpose = 'sign_in'): Promise<OneTimeCodeSent> {
  return sendJson<OneTimeCodeSent>('POST', `${base}/one-time-code`, { mobile, purpose });
}

export async function signInWithCode(mobile: string, code: string): Promise<SessionView> {
  return remember(await sendJson<SessionView>('POST', `${base}/sign-in-with-code`, { mobile, code }));
}

/** The current session, or null when signed out (401 is an answer here, not a failure). */
export async function getSession(signal?: AbortSignal): Promise<SessionView | null> {
  // Without the session's readable CSRF cookie there is no session: spare the server (and the
  // console) a 401 on every page an anonymous visitor opens.
  if (!mayBeSignedIn()) return null;
  try {
    return remember(await getJson<SessionView>(`${base}/me`, undefined, signal));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      forgetCsrfCookie();
      return null;
    }
    throw error;
  }
}

export async function signOut(): Promise<void> {
  try {
    await sendJson<void>('POST', `${base}/sign-out`);
  } catch (error) {
    // a session that already ended is as signed out as one ended now
    if (!(error instanceof ApiError && error.status === 401)) throw error;
  } finally {
    rememberCsrfToken(undefined);
  }
}

/** Answers a new session: the old token (and CSRF token) ended with every other session. */
export async function changePassword(currentPassword: string, newPassword: string): Promise<SessionView> {
  return remember(await sendJson<SessionView>('POST', `${base}/password`, { currentPassword, newPassword }));
}

export function setBankAccount(bankAccount: string): Promise<AccountView> {
  return sendJson<AccountView>('PUT', `${base}/me/bank-account`, { bankAccount });
}

export const SESSION_KEY = ['auth', 'me'] as const;

export const authQueries = {
  session: () =>
    queryOptions({
      queryKey: SESSION_KEY,
      queryFn: ({ signal }) => getSession(signal),
      // re-checked now and then, so a session that ended (idle, disabled) shows as signed out
      staleTime: 60_000,
      refetchOnWindowFocus: true,
    }),
  roles: () =>
    queryOptions({
      queryKey: ['auth', 'roles'],
      queryFn: ({ signal }) => getJson<RoleCatalogue>('/api/v1/roles', undefined, signal),
    }),
};
