import { describe, expect, it } from 'vitest';
import { attemptFor, newIdempotencyKey, trancheSignature } from './idempotency';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('idempotency keys of tranches', () => {
  it('reuses the key when the same submission is retried, and takes a new one for a changed form', () => {
    let n = 0;
    const next = () => `key-${++n}`;
    const first = attemptFor(null, trancheSignature('appliance.hubin.city', 100, 'CZ-1'), next);
    expect(first.key).toBe('key-1');
    const retry = attemptFor(first, trancheSignature('appliance.hubin.city', 100, 'CZ-1'), next);
    expect(retry).toBe(first);
    expect(attemptFor(first, trancheSignature('appliance.hubin.city', 101, 'CZ-1'), next).key).toBe('key-2');
    expect(attemptFor(first, trancheSignature('appliance.hubin.city', 100, undefined), next).key).toBe('key-3');
    expect(attemptFor(first, trancheSignature('digital.hubin.city', 100, 'CZ-1'), next).key).toBe('key-4');
  });

  it('makes version-4 UUIDs, also without crypto.randomUUID (plain HTTP)', () => {
    expect(newIdempotencyKey()).toMatch(UUID);
    const fallback = newIdempotencyKey({
      getRandomValues: <T extends Uint8Array>(array: T) => {
        array.fill(0xff);
        return array;
      },
    });
    expect(fallback).toMatch(UUID);
    expect(fallback).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
    // the server accepts 1–200 letters, digits and -_.:
    expect(fallback).toMatch(/^[A-Za-z0-9_.:-]{1,200}$/);
  });
});
