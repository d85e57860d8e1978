import { createPublicKey, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadAuditSigningKey, loadPersonalDataKeys } from './keys-file.js';

const folders: string[] = [];
function keysFile(): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'huimin-keys-'));
  folders.push(folder);
  return path.join(folder, 'keys.json');
}
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

const publicOf = (key: KeyObject) => createPublicKey(key).export({ format: 'der', type: 'spki' }).toString('hex');
const stored = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;

describe('the audit signing key in the keys file', () => {
  it('is created with the personal-data keys, kept across loads, in a file only its owner reads', () => {
    const file = keysFile();
    loadPersonalDataKeys({ personalDataKeys: null, keysFile: file });
    expect(stored(file)).toHaveProperty('auditSigningKey');
    const first = loadAuditSigningKey({ auditSigningKey: null, keysFile: file });
    const second = loadAuditSigningKey({ auditSigningKey: null, keysFile: file });
    expect(first?.source).toBe('file');
    expect(publicOf(first?.key as KeyObject)).toBe(publicOf(second?.key as KeyObject));
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('is added to a keys file written before it existed, keeping the personal-data keys', () => {
    const file = keysFile();
    const old = {
      activeKeyId: 'k1',
      encryptionKeys: { k1: Buffer.alloc(32, 1).toString('base64') },
      lookupKey: Buffer.alloc(32, 2).toString('base64'),
    };
    writeFileSync(file, JSON.stringify(old), { mode: 0o600 });
    expect(loadAuditSigningKey({ auditSigningKey: null, keysFile: file }, { create: false })).toBeNull();
    const added = loadAuditSigningKey({ auditSigningKey: null, keysFile: file });
    expect(added?.source).toBe('new-file');
    expect(stored(file)).toMatchObject(old);
    expect(loadPersonalDataKeys({ personalDataKeys: null, keysFile: file }).source).toBe('file');
    expect(publicOf(loadAuditSigningKey({ auditSigningKey: null, keysFile: file })?.key as KeyObject)).toBe(
      publicOf(added?.key as KeyObject),
    );
  });

  it('gets a file of its own when the personal-data keys come from the environment; they join it later', () => {
    const file = keysFile();
    const signing = loadAuditSigningKey({ auditSigningKey: null, keysFile: file });
    expect(Object.keys(stored(file)).sort()).toEqual(['auditSigningKey', 'note']);
    // Later without HUIMIN_PII_KEYS: personal-data keys are added, the signing key stays.
    expect(loadPersonalDataKeys({ personalDataKeys: null, keysFile: file }).source).toBe('new-file');
    expect(stored(file)).toHaveProperty('lookupKey');
    expect(publicOf(loadAuditSigningKey({ auditSigningKey: null, keysFile: file })?.key as KeyObject)).toBe(
      publicOf(signing?.key as KeyObject),
    );
  });
});
