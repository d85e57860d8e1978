import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256 } from '../../../test/support/sha256.js';
import { GENESIS_HASH, appendEntry, auditEncoding, hashEntry, type AuditEntryInput } from './entry.js';

const input: AuditEntryInput = {
  actor: 'u1',
  role: 'admin',
  action: 'grant',
  subject: 'plan:1',
  summary: { after: { b: 1, a: 2 } },
  at: '2025-06-10T08:00:00.000Z',
  requestId: 'r1',
};

/** Rebuilds `value` with the keys of every object inserted in reverse order. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value !== null && typeof value === 'object') {
    const source = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(source)
        .reverse()
        .map((key) => [key, reverseKeys(source[key])]),
    );
  }
  return value;
}

describe('audit entries', () => {
  it('start the chain at sequence 1 with the genesis hash, then link to the previous hash', () => {
    const first = appendEntry(null, input, sha256);
    const second = appendEntry(first, { ...input, requestId: 'r2' }, sha256);
    expect(GENESIS_HASH).toBe('0'.repeat(64));
    expect(first).toMatchObject({ sequence: 1, previousHash: GENESIS_HASH });
    expect(second).toMatchObject({ sequence: 2, previousHash: first.hash });
    expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashEntry(second, sha256)).toBe(second.hash);
  });

  it('are hashed over the documented canonical encoding (test vector for auditors)', () => {
    const first = appendEntry(null, input, sha256);
    const text =
      '{"action":"grant","actor":"u1","at":"2025-06-10T08:00:00.000Z",' +
      `"previousHash":"${'0'.repeat(64)}","requestId":"r1","role":"admin","sequence":1,` +
      '"subject":"plan:1","summary":{"after":{"a":2,"b":1}}}';
    expect(auditEncoding(first)).toBe(text);
    expect(first.hash).toBe(sha256(text));
    expect(first.hash).toBe('da300f84a810ab5e626c1e48839fbea8ccb25da53eb88a9e23b9700a2cd825eb');
  });

  it('omit an absent before/after, and encode Chinese text literally', () => {
    const entry = appendEntry(null, { ...input, actor: '张三', summary: {} }, sha256);
    expect(auditEncoding(entry)).toContain('"actor":"张三"');
    expect(auditEncoding(entry)).toContain('"summary":{}');
    expect(auditEncoding({ ...entry, summary: { before: undefined } })).toBe(auditEncoding(entry));
  });

  it('ignore any hash already present when hashing', () => {
    const entry = appendEntry(null, input, sha256);
    const forged = { ...entry, hash: 'f'.repeat(64) };
    expect(hashEntry(forged, sha256)).toBe(entry.hash);
  });

  it('hash independently of the key order inside summary', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (before, after) => {
        const a = appendEntry(null, { ...input, summary: { before, after } }, sha256);
        const b = appendEntry(
          null,
          { ...input, summary: reverseKeys({ before, after }) as AuditEntryInput['summary'] },
          sha256,
        );
        expect(b.hash).toBe(a.hash);
      }),
    );
  });
});
