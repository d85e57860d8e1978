/**
 * The tamper-evident audit log (docs/access.md, ARCHITECTURE rule 3): every state change that matters
 * appends one entry, hash-chained to the one before, inside the same database transaction as the
 * change. `verify` re-computes the whole chain page by page and compares its end with the separately
 * kept head, so a changed, deleted, inserted or reordered row, or rows cut from the end, are reported
 * with the first broken link.
 *
 * The same class keeps the security log's chain (security-log.ts): the repository says which chain.
 */
import type { Kysely } from 'kysely';
import type { AuditRepository } from '../../db/audit-repository.js';
import { type AuditFilter, type AuditHead, type ChainName } from '../../db/audit-repository.js';
import type { Database } from '../../db/tables.js';
import {
  ChainVerifier,
  checkHead,
  hashEntry,
  storedBeyondHead,
  type AuditEntry,
  type BrokenLink,
  type UnhashedAuditEntry,
} from '../../domain/audit/index.js';
import { sha256Hex } from '../security/sha256.js';

/** Who did it, in which role, in which request: the fields of an entry the caller cannot choose freely. */
export interface AuditContext {
  /** An account id, or `system:<process>` for what the platform does by itself. */
  readonly actor: string;
  readonly role: string;
  readonly requestId: string;
}

export interface AuditRecord {
  readonly action: string;
  /** `<kind>:<id>`, e.g. `account:4f…`, `pool:appliance.hubin.city`. */
  readonly subject: string;
  /** What changed; never personal data in clear (mask it). Must be JSON data. */
  readonly before?: unknown;
  readonly after?: unknown;
}

export interface AuditVerificationReport {
  readonly chain: ChainName;
  readonly ok: boolean;
  /** Entries checked (up to and including the first broken one). */
  readonly checked: number;
  readonly head: AuditHead;
  /** Hash of the chain's last entry when the chain is sound; null when it is not. */
  readonly lastHash: string | null;
  readonly firstBroken: Omit<BrokenLink, 'position'> | null;
  readonly durationMs: number;
}

export interface AuditPage {
  readonly items: AuditEntry[];
  readonly head: AuditHead;
  readonly nextBefore: number | null;
}

const VERIFY_PAGE = 2000;

export class AuditLog {
  readonly repository: AuditRepository;

  constructor(
    repository: AuditRepository,
    private readonly now: () => Date,
  ) {
    this.repository = repository;
  }

  /** Appends one entry inside the caller's write transaction; returns it. */
  async append(trx: Kysely<Database>, context: AuditContext, record: AuditRecord): Promise<AuditEntry> {
    const [entry] = await this.appendMany(trx, [{ context, record }]);
    if (entry === undefined) throw new Error('the audit log appended nothing');
    return entry;
  }

  /**
   * Appends several entries, in the order given, inside the caller's write transaction: the head is
   * locked once, the entries are chained to each other in memory and written in one statement, and the
   * head moves once (a batch of ledger transactions: one entry each, one unbroken chain).
   */
  async appendMany(
    trx: Kysely<Database>,
    items: readonly { readonly context: AuditContext; readonly record: AuditRecord }[],
  ): Promise<AuditEntry[]> {
    if (items.length === 0) return [];
    let head = await this.repository.lockHead(trx);
    const at = this.now().toISOString();
    const entries: AuditEntry[] = [];
    for (const { context, record } of items) {
      const summary: AuditEntry['summary'] = {};
      if (record.before !== undefined) summary.before = record.before;
      if (record.after !== undefined) summary.after = record.after;
      const unhashed: UnhashedAuditEntry = {
        sequence: head.sequence + 1,
        previousHash: head.hash,
        actor: context.actor,
        role: context.role,
        action: record.action,
        subject: record.subject,
        // Stored as JSON text and hashed as read back: round-trip now so both agree (no undefined, no Dates).
        summary: JSON.parse(JSON.stringify(summary)) as AuditEntry['summary'],
        at,
        requestId: context.requestId,
      };
      const entry: AuditEntry = { ...unhashed, hash: hashEntry(unhashed, sha256Hex) };
      entries.push(entry);
      head = { sequence: entry.sequence, hash: entry.hash };
    }
    await this.repository.insertMany(trx, entries);
    return entries;
  }

  /**
   * Verifies the chain from its first entry up to the head as read when verification starts, then
   * that nothing is stored beyond the head. Entries appended while it runs (their head moves with
   * them) are left for the next run instead of being mistaken for rows appended behind the head's back.
   */
  async verify(): Promise<AuditVerificationReport> {
    const started = performance.now();
    const head = await this.repository.head();
    const verifier = new ChainVerifier(sha256Hex);
    let after = 0;
    for (;;) {
      const page = await this.repository.entriesAfter(after, VERIFY_PAGE, head.sequence);
      let sound = true;
      for (const entry of page) {
        if (!verifier.push(entry)) {
          sound = false;
          break;
        }
      }
      const last = page.at(-1);
      if (!sound || last === undefined || page.length < VERIFY_PAGE) break;
      after = last.sequence;
    }
    let result = checkHead(verifier.result(), head);
    if (result.ok) {
      const [beyond] = await this.repository.entriesBeyondHead(1);
      if (beyond !== undefined) result = storedBeyondHead(result, beyond.sequence);
    }
    const durationMs = Math.round(performance.now() - started);
    const chain = this.repository.chain;
    if (result.ok) {
      return { chain, ok: true, checked: result.count, head, lastHash: result.lastHash, firstBroken: null, durationMs };
    }
    const { sequence, problem, message, messageEn } = result.firstBroken;
    const firstBroken = { sequence, problem, message, messageEn };
    return { chain, ok: false, checked: result.count, head, lastHash: null, firstBroken, durationMs };
  }

  /** One page of entries, newest first, with the head and where the next page starts. */
  async page(query: AuditFilter & { readonly limit?: number }): Promise<AuditPage> {
    const { limit = 50, ...filter } = query;
    const items = await this.repository.list(filter, limit);
    const last = items.at(-1);
    return {
      items,
      head: await this.repository.head(),
      nextBefore: items.length === limit && last !== undefined && last.sequence > 1 ? last.sequence : null,
    };
  }
}
