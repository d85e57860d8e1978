/**
 * A hash chain in the database: its entries and the separately kept head. Two chains share this code:
 * the audit log (`audit_entries`, `audit_head`) and the security log (`security_events`,
 * `security_head`), with the same columns and the same encoding (docs/access.md).
 *
 * Appends happen inside the caller's write transaction (see write-transaction.ts), after the head row
 * is locked, so concurrent appenders (several app processes on one PostgreSQL) take sequence numbers
 * one at a time and the entry commits, or not, with the change it records.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { AuditEntry } from '../domain/audit/index.js';
import type { DialectName } from './database.js';
import type { AuditEntriesTable, Database } from './tables.js';

export interface AuditHead {
  readonly sequence: number;
  readonly hash: string;
}

export interface AuditFilter {
  /** Only entries with a smaller sequence (the next page, newest first). */
  readonly before?: number;
  readonly actor?: string;
  readonly action?: string;
  /** Exact subject, or a prefix ending in `:` (`account:` lists every account entry). */
  readonly subject?: string;
}

/** Which chain: the audit log of state changes, or the security log of sign-ins, refusals and reads. */
export type ChainName = 'audit' | 'security';
export const CHAIN_NAMES: readonly ChainName[] = ['audit', 'security'];

const CHAIN_TABLES = {
  audit: { entries: 'audit_entries', head: 'audit_head' },
  security: { entries: 'security_events', head: 'security_head' },
} as const satisfies Record<ChainName, { entries: keyof Database; head: keyof Database }>;

function entryOf(row: Selectable<AuditEntriesTable>): AuditEntry {
  return {
    sequence: Number(row.sequence),
    at: row.at,
    actor: row.actor,
    role: row.role,
    action: row.action,
    subject: row.subject,
    summary: JSON.parse(row.summary) as AuditEntry['summary'],
    requestId: row.request_id,
    previousHash: row.previous_hash,
    hash: row.hash,
  };
}

export class AuditRepository {
  /**
   * The chain's tables. Both chains' tables have the same columns (tables.ts), so the queries are
   * typed against the audit log's names and run against either.
   */
  readonly #entries: 'audit_entries';
  readonly #head: 'audit_head';

  constructor(
    readonly db: Kysely<Database>,
    readonly dialect: DialectName,
    readonly chain: ChainName = 'audit',
  ) {
    this.#entries = CHAIN_TABLES[chain].entries as 'audit_entries';
    this.#head = CHAIN_TABLES[chain].head as 'audit_head';
  }

  /** The head, locked until the transaction ends (on SQLite, BEGIN IMMEDIATE already holds the lock). */
  async lockHead(trx: Kysely<Database>): Promise<AuditHead> {
    const query = trx.selectFrom(this.#head).select(['sequence', 'hash']).where('id', '=', 1);
    const row = await (this.dialect === 'postgres' ? query.forUpdate() : query).executeTakeFirstOrThrow();
    return { sequence: Number(row.sequence), hash: row.hash };
  }

  async head(): Promise<AuditHead> {
    const row = await this.db
      .selectFrom(this.#head)
      .select(['sequence', 'hash'])
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    return { sequence: Number(row.sequence), hash: row.hash };
  }

  async insert(trx: Kysely<Database>, entry: AuditEntry): Promise<void> {
    await this.insertMany(trx, [entry]);
  }

  /** Entries already chained in order (the first to the head, each to the one before): one insert, one head move. */
  async insertMany(trx: Kysely<Database>, entries: readonly AuditEntry[]): Promise<void> {
    const last = entries.at(-1);
    if (last === undefined) return;
    await trx
      .insertInto(this.#entries)
      .values(
        entries.map((entry) => ({
          sequence: entry.sequence,
          at: entry.at,
          actor: entry.actor,
          role: entry.role,
          action: entry.action,
          subject: entry.subject,
          summary: JSON.stringify(entry.summary),
          request_id: entry.requestId,
          previous_hash: entry.previousHash,
          hash: entry.hash,
        })),
      )
      .execute();
    await trx.updateTable(this.#head).set({ sequence: last.sequence, hash: last.hash }).where('id', '=', 1).execute();
  }

  /**
   * Entries with sequence above `after` (and at most `upTo`), in sequence order: for verification,
   * page by page.
   */
  async entriesAfter(after: number, limit: number, upTo?: number): Promise<AuditEntry[]> {
    let query = this.db.selectFrom(this.#entries).selectAll().where('sequence', '>', after);
    if (upTo !== undefined) query = query.where('sequence', '<=', upTo);
    const rows = await query.orderBy('sequence').limit(limit).execute();
    return rows.map(entryOf);
  }

  /**
   * The entries stored beyond the head as it is when the query runs (one statement, so an append
   * committing meanwhile, entry and head together, is never taken for one): none in a sound chain.
   */
  async entriesBeyondHead(limit: number): Promise<AuditEntry[]> {
    const rows = await this.db
      .selectFrom(this.#entries)
      .selectAll()
      .where('sequence', '>', (query) => query.selectFrom(this.#head).select('sequence').where('id', '=', 1))
      .orderBy('sequence')
      .limit(limit)
      .execute();
    return rows.map(entryOf);
  }

  /** The entry stored with this sequence number, if any. */
  async entryAt(sequence: number): Promise<AuditEntry | undefined> {
    const row = await this.db.selectFrom(this.#entries).selectAll().where('sequence', '=', sequence).executeTakeFirst();
    return row === undefined ? undefined : entryOf(row);
  }

  /** Newest first. */
  async list(filter: AuditFilter, limit: number): Promise<AuditEntry[]> {
    let query = this.db.selectFrom(this.#entries).selectAll();
    if (filter.before !== undefined) query = query.where('sequence', '<', filter.before);
    if (filter.actor !== undefined) query = query.where('actor', '=', filter.actor);
    if (filter.action !== undefined) query = query.where('action', '=', filter.action);
    if (filter.subject !== undefined) {
      const subject = filter.subject;
      query = subject.endsWith(':')
        ? query.where(sql<string>`substr(subject, 1, ${subject.length})`, '=', subject)
        : query.where('subject', '=', subject);
    }
    const rows = await query.orderBy('sequence', 'desc').limit(limit).execute();
    return rows.map(entryOf);
  }
}
