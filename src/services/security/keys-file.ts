/**
 * Keys for personal data when the environment gives none (development and demo): a JSON file in the
 * data folder, created with fresh random keys on first use, readable by its owner only. Production sets
 * HUIMIN_PII_KEYS / HUIMIN_PII_ACTIVE_KEY / HUIMIN_PII_HMAC_KEY instead: a key beside the data it
 * protects does not protect a stolen disk.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config, PersonalDataKeys } from '../../config.js';

interface KeysFileContent {
  readonly activeKeyId: string;
  readonly encryptionKeys: Record<string, string>;
  readonly lookupKey: string;
  readonly note?: string;
}

const NOTE =
  'Keys for personal data (huimin). Development/demo only; production sets HUIMIN_PII_KEYS, ' +
  'HUIMIN_PII_ACTIVE_KEY and HUIMIN_PII_HMAC_KEY. Losing this file makes stored ID numbers, mobile numbers ' +
  'and bank accounts unreadable.';

function write(file: string, content: KeysFileContent): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, file);
}

function parse(file: string): PersonalDataKeys {
  const content = JSON.parse(readFileSync(file, 'utf8')) as KeysFileContent;
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

export interface LoadedKeys {
  readonly keys: PersonalDataKeys;
  /** Where they came from, for the log. */
  readonly source: 'environment' | 'file' | 'new-file';
}

/** The configured keys, else those in the keys file, creating it when missing. */
export function loadPersonalDataKeys(config: Pick<Config, 'personalDataKeys' | 'keysFile'>): LoadedKeys {
  if (config.personalDataKeys !== null) return { keys: config.personalDataKeys, source: 'environment' };
  if (existsSync(config.keysFile)) return { keys: parse(config.keysFile), source: 'file' };
  try {
    write(config.keysFile, {
      note: NOTE,
      activeKeyId: 'k1',
      encryptionKeys: { k1: randomBytes(32).toString('base64') },
      lookupKey: randomBytes(32).toString('base64'),
    });
  } catch (error) {
    // Another process created it first: use theirs.
    if (!existsSync(config.keysFile)) throw error;
  }
  return { keys: parse(config.keysFile), source: 'new-file' };
}

/** Adds a fresh key to the keys file and makes it active; returns its id. */
export function addKeyToFile(file: string): string {
  const content = JSON.parse(readFileSync(file, 'utf8')) as KeysFileContent;
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
