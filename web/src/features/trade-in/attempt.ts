/**
 * One Idempotency-Key per attempt at the till: the same sale sent again (a retry after a timeout)
 * reuses its key, so the server answers the first answer and never redeems twice; a changed sale is a
 * new attempt with a new key.
 */
export interface TillAttempt {
  readonly signature: string;
  readonly key: string;
}

export function attemptFor(previous: TillAttempt | null, signature: string, newKey: () => string): TillAttempt {
  return previous && previous.signature === signature ? previous : { signature, key: newKey() };
}
