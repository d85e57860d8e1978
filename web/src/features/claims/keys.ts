/**
 * Idempotency keys of the claims' writes (the server requires one on money-moving routes): one key per
 * attempt, so a retry of the same request (same signature: after a timeout or a lost answer) reuses
 * its key and the server answers the first answer; a different request, or the next one after a
 * success, gets a new key. Several attempts may be in flight at once (one upload per evidence kind).
 */
import { useRef } from 'react';
import { newIdempotencyKey } from '../budget/idempotency';

export class AttemptKeys {
  private readonly keys = new Map<string, string>();
  constructor(private readonly newKey: () => string = () => newIdempotencyKey()) {}

  /** The key of the attempt with this signature: the one in use, or a new one. */
  keyFor(signature: unknown): string {
    const text = typeof signature === 'string' ? signature : JSON.stringify(signature);
    let key = this.keys.get(text);
    if (key === undefined) {
      key = this.newKey();
      this.keys.set(text, key);
    }
    return key;
  }

  /** The attempt succeeded: the same request again is a new one. */
  done(signature: unknown): void {
    this.keys.delete(typeof signature === 'string' ? signature : JSON.stringify(signature));
  }
}

/** A component's attempt keys, kept across renders. */
export function useAttemptKeys(): AttemptKeys {
  const ref = useRef<AttemptKeys | null>(null);
  ref.current ??= new AttemptKeys();
  return ref.current;
}

/** The signature of an upload: the kind and the file as chosen (a retry of the same file reuses its key). */
export function uploadSignature(kind: string, file: Pick<File, 'name' | 'size' | 'lastModified'>): string {
  return JSON.stringify(['evidence', kind, file.name, file.size, file.lastModified]);
}
