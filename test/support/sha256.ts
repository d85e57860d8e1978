import { createHash } from 'node:crypto';

/** The audit chain's injected hash for tests: SHA-256 of the UTF-8 text, lower-case hex. */
export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
