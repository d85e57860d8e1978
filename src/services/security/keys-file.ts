/**
 * Keys for personal data, and the key that signs statements of the audit chains' heads, when the
 * environment gives none (development and demo): a JSON file in the data folder, created with fresh
 * random keys on first use, readable by its owner only. Production sets HUIMIN_PII_KEYS /
 * HUIMIN_PII_ACTIVE_KEY / HUIMIN_PII_HMAC_KEY and HUIMIN_AUDIT_SIGNING_KEY instead: a key beside the
 * data it protects does not protect a stolen disk.
 */
import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ed25519PrivateKey, type Config, type PersonalDataKeys } from '../../config.js';

interface KeysFileContent {
  readonly activeKeyId: string;
  readonly encryptionKeys: Record<string, string>;
  readonly lookupKey: string;
  /** Ed25519 private key for statements of the chains' heads: base64 of its 32-byte seed. */
  readonly auditSigningKey?: string;
  readonly note?: string;
}

/** The file as found: the personal-data keys may be missing when the environment gives them. */
type StoredKeys = Partial<KeysFileContent>;

const NOTE =
  'Keys for personal data and for signing audit statements (huimin). Development/demo only; production sets ' +
  'HUIMIN_PII_KEYS, HUIMIN_PII_ACTIVE_KEY, HUIMIN_PII_HMAC_KEY and HUIMIN_AUDIT_SIGNING_KEY. Losing this file ' +
  'makes stored ID numbers, mobile numbers and bank accounts unreadable.';

function write(file: string, content: StoredKeys): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, file);
}

function read(file: string): StoredKeys {
  return JSON.parse(readFileSync(file, 'utf8')) as StoredKeys;
}

function hasPersonalDataKeys(content: StoredKeys): content is KeysFileContent {
  return content.encryptionKeys !== undefined && content.activeKeyId !== undefined && content.lookupKey !== undefined;
}

function freshPersonalDataKeys(): Pick<KeysFileContent, 'activeKeyId' | 'encryptionKeys' | 'lookupKey'> {
  return {
    activeKeyId: 'k1',
    encryptionKeys: { k1: randomBytes(32).toString('base64') },
    lookupKey: randomBytes(32).toString('base64'),
  };
}

/** A new Ed25519 key as the keys file keeps it: base64 of the 32-byte seed (the end of its PKCS#8 DER). */
function freshSigningKey(): string {
  const { privateKey } = generateKeyPairSync('ed25519');
  return privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(-32).toString('base64');
}

function parse(file: string): PersonalDataKeys {
  const content = read(file);
  if (!hasPersonalDataKeys(content)) throw new Error(`${file}: malformed keys file (no personal-data keys)`);
  const encryptionKeys = new Map(
    Object.entries(content.encryptionKeys).map(([id, key]) => [id, Buffer.from(key, 'base64')] as const),
  );
  const lookupKey = Buffer.from(content.lookupKey, 'base64');
  if (!encryptionKeys.has(content.activeKeyId) || lookupKey.length !== 32) {
    throw new Error(`${file}: malformed keys file (active key missing or lookup key not 32 bytes)`);
  }
  for (const [id, key] of encryptionKeys) {
    if (key.length !== 32) throw new Error(`${file}: key "${id}" is not 32 bytes`);
  }
  return { encryptionKeys, activeKeyId: content.activeKeyId, lookupKey };
}

/** Where keys came from, for the log: the environment (production), or the keys file (development/demo). */
export type KeySource = 'environment' | 'file' | 'new-file';

export interface LoadedKeys {
  readonly keys: PersonalDataKeys;
  readonly source: KeySource;
}

/** The configured keys, else those in the keys file, creating it when missing. */
export function loadPersonalDataKeys(config: Pick<Config, 'personalDataKeys' | 'keysFile'>): LoadedKeys {
  if (config.personalDataKeys !== null) return { keys: config.personalDataKeys, source: 'environment' };
  const existing = existsSync(config.keysFile) ? read(config.keysFile) : null;
  if (existing !== null && hasPersonalDataKeys(existing)) return { keys: parse(config.keysFile), source: 'file' };
  try {
    // A new file gets its signing key at once, so that two processes starting together agree on it.
    write(config.keysFile, {
      auditSigningKey: freshSigningKey(),
      ...existing,
      note: NOTE,
      ...freshPersonalDataKeys(),
    });
  } catch (error) {
    // Another process created it first: use theirs.
    if (!existsSync(config.keysFile)) throw error;
  }
  return { keys: parse(config.keysFile), source: 'new-file' };
}

export interface LoadedSigningKey {
  readonly key: KeyObject;
  readonly source: KeySource;
}

/**
 * The configured audit signing key, else the keys file's. With `create` (the server) a missing one is
 * generated and written to the keys file; without (verification) none is returned, since a statement
 * cannot have been signed by a key that does not exist yet.
 */
export function loadAuditSigningKey(
  config: Pick<Config, 'auditSigningKey' | 'keysFile'>,
  options: { readonly create: boolean } = { create: true },
): LoadedSigningKey | null {
  if (config.auditSigningKey !== null) return { key: config.auditSigningKey, source: 'environment' };
  const existing = existsSync(config.keysFile) ? read(config.keysFile) : null;
  if (existing?.auditSigningKey !== undefined) {
    return { key: ed25519PrivateKey(existing.auditSigningKey), source: 'file' };
  }
  if (!options.create) return null;
  write(config.keysFile, { ...existing, note: NOTE, auditSigningKey: freshSigningKey() });
  // Read back what is there: when two processes add a key at once, both use the one that was kept.
  const stored = read(config.keysFile).auditSigningKey;
  if (stored === undefined) throw new Error(`${config.keysFile}: the audit signing key was not kept`);
  return { key: ed25519PrivateKey(stored), source: 'new-file' };
}

/** Adds a fresh key to the keys file and makes it active; returns its id. */
export function addKeyToFile(file: string): string {
  const content = read(file);
  if (!hasPersonalDataKeys(content)) throw new Error(`${file}: malformed keys file (no personal-data keys)`);
  let number = Object.keys(content.encryptionKeys).length + 1;
  while (`k${number}` in content.encryptionKeys) number += 1;
  const id = `k${number}`;
  write(file, {
    ...content,
    note: NOTE,
    activeKeyId: id,
    encryptionKeys: { ...content.encryptionKeys, [id]: randomBytes(32).toString('base64') },
  });
  return id;
}
