import { canonicalJson } from '../shared/canonical-json.js';

/**
 * SHA-256 over the UTF-8 bytes of `text`, returned as 64 lower-case hex digits. Injected so the domain
 * stays pure: the db/service layer passes one built on node:crypto.
 */
export type Sha256 = (text: string) => string;

/** What the caller knows about a state change; the chain fields are added by {@link appendEntry}. */
export type AuditEntryInput = {
  actor: string;
  role: string;
  action: string;
  subject: string;
  /** Must be JSON data (what the database stores), or re-verification from storage will disagree. */
  summary: { before?: unknown; after?: unknown };
  /** ISO 8601 UTC, given by the caller (the domain has no clock). */
  at: string;
  requestId: string;
};

export type AuditEntry = AuditEntryInput & {
  /** 1, 2, 3, … with no gaps. */
  sequence: number;
  /** The previous entry's `hash`, or {@link GENESIS_HASH} for sequence 1. */
  previousHash: string;
  /** {@link hashEntry} of this entry. */
  hash: string;
};

/** An entry before its own hash is known. */
export type UnhashedAuditEntry = Omit<AuditEntry, 'hash'>;

/** `previousHash` of the first entry: 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * The canonical encoding of an entry — the contract an auditor re-implements to check the chain
 * without this code:
 *
 *   hash = lower-case hex SHA-256 of the UTF-8 bytes of
 *          JSON text of the object { action, actor, at, previousHash, requestId, role, sequence,
 *                                    subject, summary }
 *
 * where the JSON text is exactly what `JSON.stringify` (ECMAScript) produces after sorting the keys of
 * every object, at every depth, in ascending UTF-16 code-unit order (`Array.prototype.sort`):
 * - no white space between tokens; strings use JSON escapes only for `"`, `\`, control characters
 *   (`\b \f \n \r \t`, others as `\u00XX`, lower-case hex) and lone surrogates — all other characters,
 *   including Chinese, appear literally;
 * - `sequence` is a plain integer (`1`, not `1.0`); other numbers use ECMAScript Number-to-String;
 * - properties whose value is `undefined` are omitted (so `summary: {}` for "no before/after");
 *   the hash itself is never part of its input.
 *
 * Example: sequence 1, summary { after: { b: 1, a: 2 } } is hashed as the text (one line)
 *   {"action":"grant","actor":"u1","at":"2025-06-10T08:00:00.000Z","previousHash":"000…000",
 *   "requestId":"r1","role":"admin","sequence":1,"subject":"plan:1","summary":{"after":{"a":2,"b":1}}}
 * (with all 64 zeros written out).
 */
export function auditEncoding(entry: UnhashedAuditEntry): string {
  return canonicalJson({
    sequence: entry.sequence,
    previousHash: entry.previousHash,
    actor: entry.actor,
    role: entry.role,
    action: entry.action,
    subject: entry.subject,
    summary: entry.summary,
    at: entry.at,
    requestId: entry.requestId,
  });
}

/** The hash of an entry (any `hash` already on it is ignored). */
export function hashEntry(entry: UnhashedAuditEntry, sha256: Sha256): string {
  return sha256(auditEncoding(entry));
}

/** The entry that follows `previous` (or starts the chain when `previous` is null). */
export function appendEntry(previous: AuditEntry | null, input: AuditEntryInput, sha256: Sha256): AuditEntry {
  const unhashed: UnhashedAuditEntry = {
    sequence: previous === null ? 1 : previous.sequence + 1,
    previousHash: previous === null ? GENESIS_HASH : previous.hash,
    actor: input.actor,
    role: input.role,
    action: input.action,
    subject: input.subject,
    summary: input.summary,
    at: input.at,
    requestId: input.requestId,
  };
  return { ...unhashed, hash: hashEntry(unhashed, sha256) };
}
