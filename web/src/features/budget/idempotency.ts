/**
 * One Idempotency-Key per submitted tranche: a retry of the same submission (same pool, amount and
 * reference, e.g. after a lost answer) reuses its key, so the server books it once; a changed form is
 * a new submission with a new key.
 */
export interface Attempt {
  /** what was submitted: pool, amount and reference */
  readonly signature: string;
  readonly key: string;
}

export function trancheSignature(poolId: string, amountFen: number, reference: string | undefined): string {
  return JSON.stringify([poolId, amountFen, reference ?? '']);
}

/** The attempt for `signature`: the previous one again if it is the same submission, else a new key. */
export function attemptFor(previous: Attempt | null, signature: string, newKey: () => string): Attempt {
  return previous !== null && previous.signature === signature ? previous : { signature, key: newKey() };
}

interface RandomSource {
  randomUUID?: () => string;
  getRandomValues<T extends Uint8Array>(array: T): T;
}

/**
 * A fresh random key (a version-4 UUID). crypto.randomUUID exists only in secure contexts (HTTPS,
 * localhost); over plain HTTP inside a government network the UUID is built from getRandomValues.
 */
export function newIdempotencyKey(source: RandomSource = globalThis.crypto): string {
  if (typeof source.randomUUID === 'function') return source.randomUUID();
  const bytes = source.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
