import { describe, expect, it } from 'vitest';
import { GENESIS_HASH } from './entry.js';
import { compareWithStatement, statementSigningText, type AuditStatement } from './statement.js';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);

const STATEMENT: AuditStatement = {
  format: 'huimin-audit-statement/1',
  kind: 'daily',
  issuedAt: '2026-12-01T00:00:05.000Z',
  chains: { audit: { sequence: 7, hash: A }, security: { sequence: 0, hash: GENESIS_HASH } },
  keyId: '0123456789abcdef',
  publicKey: 'MCowBQYDK2VwAyEA',
  signature: 'c2lnbmF0dXJl',
};

describe('statementSigningText', () => {
  it('is the canonical JSON of every field but the signature', () => {
    const text = statementSigningText(STATEMENT);
    expect(text).not.toContain('signature');
    expect(text).toBe(
      '{"chains":{"audit":{"hash":"' +
        A +
        '","sequence":7},"security":{"hash":"' +
        GENESIS_HASH +
        '","sequence":0}},"format":"huimin-audit-statement/1","issuedAt":"2026-12-01T00:00:05.000Z",' +
        '"keyId":"0123456789abcdef","kind":"daily","publicKey":"MCowBQYDK2VwAyEA"}',
    );
  });

  it('ignores fields a statement does not have, so one cannot be smuggled into the signed text', () => {
    const padded = { ...STATEMENT, extra: 'x' } as AuditStatement;
    expect(statementSigningText(padded)).toBe(statementSigningText(STATEMENT));
  });
});

describe('compareWithStatement', () => {
  it('accepts a chain that has only moved on since the statement', () => {
    expect(compareWithStatement('audit', { sequence: 7, hash: A }, { sequence: 12, hash: B }, A)).toBeNull();
    expect(compareWithStatement('audit', { sequence: 7, hash: A }, { sequence: 7, hash: A }, A)).toBeNull();
  });

  it('accepts an empty chain stated with the genesis hash, and nothing else for sequence 0', () => {
    const empty = { sequence: 0, hash: GENESIS_HASH };
    expect(compareWithStatement('security', empty, { sequence: 3, hash: B }, undefined)).toBeNull();
    expect(compareWithStatement('security', { sequence: 0, hash: A }, empty, undefined)?.problem).toBe('hash_differs');
  });

  it('reports a rewritten entry, a missing one and a head that went back, naming the chain', () => {
    const rewritten = compareWithStatement('audit', { sequence: 7, hash: A }, { sequence: 9, hash: B }, B);
    expect(rewritten).toMatchObject({ chain: 'audit', problem: 'hash_differs' });
    expect(rewritten?.messageEn).toContain('audit chain entry 7');
    expect(compareWithStatement('audit', { sequence: 7, hash: A }, { sequence: 9, hash: B }, undefined)).toMatchObject({
      problem: 'entry_missing',
    });
    const back = compareWithStatement('security', { sequence: 7, hash: A }, { sequence: 5, hash: B }, undefined);
    expect(back).toMatchObject({ chain: 'security', problem: 'head_went_back' });
    expect(back?.message).toContain('安全事件链');
  });
});
