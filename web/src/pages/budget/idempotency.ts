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
