/**
 * Where to go after signing in: the page the visitor came from, if it is a path of this site.
 * Anything else (another origin, //host, a scheme, the sign-in pages themselves) goes to `/`.
 */
const AUTH_PAGES = ['/sign-in', '/register'];

export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if ([...next].some((character) => character.charCodeAt(0) < 0x20)) return '/';
  const path = next.split(/[?#]/)[0] ?? '/';
  if (AUTH_PAGES.includes(path)) return '/';
  return next;
}

/** The sign-in page's address that returns to `from` afterwards. */
export function signInPath(from: string): string {
  const next = safeNext(from);
  return next === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(next)}`;
}
