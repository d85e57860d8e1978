/**
 * The CSRF token that every write made with a session cookie must carry (header X-CSRF-Token). The
 * server sets it in the readable `huimin_csrf` cookie and returns it in every Session; the cookie is
 * read at send time, the last Session's token is the fallback when cookies cannot be read.
 */
export const CSRF_COOKIE = 'huimin_csrf';

let remembered: string | undefined;

/** The value of one cookie in a `document.cookie` string, or undefined. */
export function readCookie(cookies: string, name: string): string | undefined {
  for (const part of cookies.split(';')) {
    const index = part.indexOf('=');
    if (index < 0) continue;
    if (part.slice(0, index).trim() !== name) continue;
    const value = part.slice(index + 1).trim();
    if (value === '') return undefined;
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  }
  return undefined;
}

function documentCookies(): string {
  return typeof document === 'undefined' ? '' : document.cookie;
}

/** Keeps the token of the latest Session answer (undefined after sign-out). */
export function rememberCsrfToken(token: string | undefined): void {
  remembered = token;
}

export function csrfToken(): string | undefined {
  return readCookie(documentCookies(), CSRF_COOKIE) ?? remembered;
}

/** Drops the CSRF cookie of a session the server says has ended, so later pages do not ask again. */
export function forgetCsrfCookie(): void {
  remembered = undefined;
  if (typeof document !== 'undefined') document.cookie = `${CSRF_COOKIE}=; Max-Age=0; path=/; SameSite=Lax`;
}

/** Whether this browser holds a session's CSRF cookie, i.e. may be signed in. */
export function mayBeSignedIn(): boolean {
  return readCookie(documentCookies(), CSRF_COOKIE) !== undefined || remembered !== undefined;
}
