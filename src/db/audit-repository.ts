/**
 * The audit log in the database: entries and the separately kept head. Appends happen inside the
 * caller's write transaction (see write-transaction.ts), after the head row is locked, so concurrent
 * appenders (several app processes on one PostgreSQL) take sequence numbers one at a time and the
 * entry commits, or not, with the change it records.
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
  constructor(
    readonly db: Kysely<Database>,
    readonly dialect: DialectName,
  ) {}

  /** The head, locked until the transaction ends (on SQLite, BEGIN IMMEDIATE already holds the lock). */
  async lockHead(trx: Kysely<Database>): Promise<AuditHead> {
    const query = trx.selectFrom('audit_head').select(['sequence', 'hash']).where('id', '=', 1);
    const row = await (this.dialect === 'postgres' ? query.forUpdate() : query).executeTakeFirstOrThrow();
    return { sequence: Number(row.sequence), hash: row.hash };
  }

  async head(): Promise<AuditHead> {
    const row = await this.db
      .selectFrom('audit_head')
      .select(['sequence', 'hash'])
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    return { sequence: Number(row.sequence), hash: row.hash };
  }

  async insert(trx: Kysely<Database>, entry: AuditEntry): Promise<void> {
    await trx
      .insertInto('audit_entries')
      .values({
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
      })
      .execute();
    await trx
      .updateTable('audit_head')
      .set({ sequence: entry.sequence, hash: entry.hash })
      .where('id', '=', 1)
      .execute();
  }

  /** Entries with sequence above `after`, in sequence order: for verification, page by page. */
  async entriesAfter(after: number, limit: number): Promise<AuditEntry[]> {
    const rows = await this.db
      .selectFrom('audit_entries')
      .selectAll()
      .where('sequence', '>', after)
      .orderBy('sequence')
      .limit(limit)
      .execute();
    return rows.map(entryOf);
  }

  /** Newest first. */
  async list(filter: AuditFilter, limit: number): Promise<AuditEntry[]> {
    let query = this.db.selectFrom('audit_entries').selectAll();
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
