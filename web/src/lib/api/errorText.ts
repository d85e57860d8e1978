/**
 * What to tell a person about a refused request, in the interface's language. The server's messages
 * are for developers (English, or "中文 (English)" for identity checks); known codes get a sentence of
 * their own and the server's message, in the right language where it has both, stays as the detail.
 */
import type { SharedKey } from '../i18n/shared';
import type { Lang, Translate } from '../i18n/translate';
import { formatShanghai } from '../datetime';
import { ApiError } from './client';

/** Codes with a sentence of their own (docs/errors.md). */
const CODE_TEXT: Partial<Record<string, SharedKey>> = {
  INVALID_CREDENTIALS: 'apiError.INVALID_CREDENTIALS',
  INVALID_ONE_TIME_CODE: 'apiError.INVALID_ONE_TIME_CODE',
  ACCOUNT_LOCKED: 'apiError.ACCOUNT_LOCKED',
  ACCOUNT_DISABLED: 'apiError.ACCOUNT_DISABLED',
  ACCOUNT_EXISTS: 'apiError.ACCOUNT_EXISTS',
  REGISTRATION_REFUSED: 'apiError.REGISTRATION_REFUSED',
  ACCOUNT_NOT_FOUND: 'apiError.ACCOUNT_NOT_FOUND',
  MERCHANT_EXISTS: 'apiError.MERCHANT_EXISTS',
  ORGANISATION_NOT_FOUND: 'apiError.ORGANISATION_NOT_FOUND',
  UNIT_NOT_FOUND: 'apiError.UNIT_NOT_FOUND',
  WEAK_PASSWORD: 'apiError.WEAK_PASSWORD',
  INVALID_ID_NUMBER: 'apiError.INVALID_ID_NUMBER',
  INVALID_MOBILE_NUMBER: 'apiError.INVALID_MOBILE_NUMBER',
  INVALID_CREDIT_CODE: 'apiError.INVALID_CREDIT_CODE',
  RATE_LIMITED: 'apiError.RATE_LIMITED',
  CSRF_FAILED: 'apiError.CSRF_FAILED',
  UNAUTHENTICATED: 'apiError.UNAUTHENTICATED',
  FORBIDDEN: 'apiError.FORBIDDEN',
  STATEMENT_NOT_FOUND: 'apiError.STATEMENT_NOT_FOUND',
  AUDIT_CHAIN_REWRITTEN: 'apiError.AUDIT_CHAIN_REWRITTEN',
};

const HAN = /[\u3400-\u9fff]/;

/**
 * The part of a server message in `lang`: "身份证号码校验码不正确 (ID number check…)" gives the
 * Chinese before the brackets or the English inside them; a message in one language is kept whole.
 */
export function messageIn(message: string, lang: Lang): { text: string; localised: boolean } {
  const match = /^(.*?)\s*\(([^()]*)\)\s*$/s.exec(message);
  if (match && HAN.test(match[1] ?? '') && !HAN.test(match[2] ?? '')) {
    return { text: (lang === 'en' ? match[2] : match[1]) ?? message, localised: true };
  }
  const chinese = HAN.test(message);
  return { text: message, localised: lang === 'en' ? !chinese : chinese };
}

export interface ErrorText {
  /** One sentence for the person. */
  title: string;
  /** The server's own words, when they add something to the title. */
  detail?: string;
}

export function describeError(error: unknown, lang: Lang, t: Translate<SharedKey>): ErrorText {
  if (!(error instanceof ApiError)) return { title: error instanceof Error ? error.message : String(error) };
  if (error.code === 'NETWORK_ERROR') return { title: t('error.network'), detail: error.message };
  const server = messageIn(error.message, lang).text;
  if (error.code === 'ACCOUNT_LOCKED') {
    const until = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})/.exec(error.message)?.[0];
    if (until) return { title: t('apiError.ACCOUNT_LOCKED_UNTIL', { time: formatShanghai(until) }), detail: server };
  }
  const key = CODE_TEXT[error.code];
  return key === undefined ? { title: server } : { title: t(key), detail: server };
}

/** The text under a form field: the server's words if it has them in this language, else the code's sentence. */
export function fieldText(error: ApiError, lang: Lang, t: Translate<SharedKey>): string {
  const server = messageIn(error.message, lang);
  if (server.localised) return server.text;
  const key = CODE_TEXT[error.code];
  return key === undefined ? error.message : t(key);
}
