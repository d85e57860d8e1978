/**
 * What to tell a person about a refused claims request: the claims' own codes get a sentence of their
 * own (a missing evidence list in the kinds' names), the server's words stay as the detail; other
 * codes are left to the shared texts (lib/api/errorText). Pure.
 */
import { EVIDENCE_KINDS } from '../../../../src/domain/claims/vocabulary';
import { ApiError } from '../../lib/api/client';
import { messageIn, type ErrorText } from '../../lib/api/errorText';
import type { Lang } from '../../lib/i18n/translate';
import { claimsMessages, type ClaimsTranslate } from './messages';

const KINDS: readonly string[] = EVIDENCE_KINDS;
type MessageKey = keyof typeof claimsMessages;

/** The feature's words for a refusal, or undefined to let the shared texts speak. */
export function claimErrorText(error: unknown, lang: Lang, t: ClaimsTranslate): ErrorText | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const key = `cl.err.${error.code}`;
  if (!(key in claimsMessages)) return undefined;
  const server = messageIn(error.message, lang).text;
  if (error.code === 'CLAIM_EVIDENCE_MISSING') {
    const kinds = (error.field ?? '')
      .split(',')
      .filter((kind) => KINDS.includes(kind))
      .map((kind) => t(`cl.evidence.${kind}` as MessageKey));
    return { title: t('cl.err.CLAIM_EVIDENCE_MISSING', { kinds: kinds.join('、') }), detail: server };
  }
  // a not-eligible refusal carries the engine's own explanation (zh-CN): that is the detail to read
  return { title: t(key as MessageKey), detail: server };
}
