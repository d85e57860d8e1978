/**
 * Stored answers of idempotent requests (src/services/idempotent-write.ts). A record is written inside
 * the same transaction as the effect it protects: it commits with the effect or not at all, so there is
 * never a committed effect without its answer, nor an answer without its effect.
 */
import { sql, type Kysely, type RawBuilder, type Selectable } from 'kysely';
import type { DialectName } from './database.js';
import { jsonRows } from './json-params.js';
import type { Database, IdempotencyRecordsTable } from './tables.js';

export type IdempotencyRecord = Selectable<IdempotencyRecordsTable>;

export type NewIdempotencyRecord = Pick<IdempotencyRecord, 'scope' | 'key' | 'route' | 'request_hash' | 'created_at'>;

const RECORD_COLUMNS = ['scope', 'key', 'route', 'request_hash', 'created_at'] as const;

function columnList(columns: readonly string[]): RawBuilder<unknown> {
  return sql.join(columns.map((column) => sql.ref(column)));
}

/** `v.value ->> 0, …, v.value ->> n-1`: the text values of a JSON row. */
function valuesOf(count: number): RawBuilder<unknown> {
  return sql.join(Array.from({ length: count }, (_, index) => sql`v.value ->> ${sql.raw(String(index))}`));
}

/** A record's scope and key as one string (a batched read's key). */
export const recordKeyOf = (scope: string, key: string): string => `${scope}\u0000${key}`;

export class IdempotencyRepository {
  find(executor: Kysely<Database>, scope: string, key: string): Promise<IdempotencyRecord | undefined> {
    return executor
      .selectFrom('idempotency_records')
      .selectAll()
      .where('scope', '=', scope)
      .where('key', '=', key)
      .executeTakeFirst();
  }

  /** The records of these (scope, key) pairs, by recordKeyOf: one statement, the pairs as one JSON parameter. */
  async findMany(
    executor: Kysely<Database>,
    dialect: DialectName,
    pairs: readonly { readonly scope: string; readonly key: string }[],
  ): Promise<Map<string, IdempotencyRecord>> {
    if (pairs.length === 0) return new Map();
    const rows = JSON.stringify(pairs.map((pair) => [pair.scope, pair.key]));
    const found = await sql<IdempotencyRecord>`select r.* from idempotency_records r
      where (r.scope, r.key) in (select ${valuesOf(2)} from ${jsonRows(dialect, rows)})`.execute(executor);
    return new Map(found.rows.map((row) => [recordKeyOf(row.scope, row.key), row]));
  }

  /**
   * Takes the key at the start of the effect's transaction. A second request with the same key fails on
   * the primary key: at once when the first has committed; on PostgreSQL, the insert first waits while the
   * first is still running, then fails (it committed) or goes through (it rolled back).
   */
  async begin(trx: Kysely<Database>, record: NewIdempotencyRecord): Promise<void> {
    await trx
      .insertInto('idempotency_records')
      .values({ ...record, state: 'pending', status_code: null, response_body: null })
      .execute();
  }

  /**
   * Takes several keys at the start of one transaction (a batch of requests); returns the
   * `scope\u0000key` of each record this call inserted. A key already taken (a duplicate request) is
   * left out, not an error, so the rest of the batch goes on; on PostgreSQL the insert first waits
   * for a transaction still holding that key to end. The records travel as one JSON parameter, so the
   * statement is the same short text for a batch of one and of 256.
   */
  async beginMany(
    trx: Kysely<Database>,
    dialect: DialectName,
    records: readonly NewIdempotencyRecord[],
  ): Promise<Set<string>> {
    if (records.length === 0) return new Set();
    const rows = JSON.stringify(records.map((record) => [...RECORD_COLUMNS.map((column) => record[column])]));
    // SQLite needs the WHERE to read ON CONFLICT as the upsert clause, not as part of the SELECT's join.
    const inserted = await sql<{ scope: string; key: string }>`
      insert into idempotency_records (${columnList(RECORD_COLUMNS)}, state)
      select ${valuesOf(RECORD_COLUMNS.length)}, 'pending' from ${jsonRows(dialect, rows)} where true
      on conflict (scope, key) do nothing
      returning scope, key`.execute(trx);
    return new Set(inserted.rows.map((row) => `${row.scope}\u0000${row.key}`));
  }

  /** Stores the answer, in the same transaction as `begin` and the effect. */
  async finish(trx: Kysely<Database>, scope: string, key: string, statusCode: number, body: string): Promise<void> {
    await trx
      .updateTable('idempotency_records')
      .set({ state: 'done', status_code: statusCode, response_body: body })
      .where('scope', '=', scope)
      .where('key', '=', key)
      .execute();
  }

  /**
   * Stores several answers and gives several keys back in one transaction (a batch of requests): the
   * answered records are updated in place in one statement (their key, and so their index entry, stays
   * as it is) and the refused ones deleted in one more; the same outcome as `finish` and `forget` one by
   * one. Every record must be the batch's own, taken by `beginMany` in this transaction.
   */
  async settleMany(
    trx: Kysely<Database>,
    dialect: DialectName,
    records: readonly NewIdempotencyRecord[],
    answers: readonly ({ readonly statusCode: number; readonly body: string } | null)[],
  ): Promise<void> {
    if (records.length === 0) return;
    const done: (string | number)[][] = [];
    const refused: string[][] = [];
    records.forEach((record, index) => {
      const answer = answers[index];
      if (answer === null || answer === undefined) refused.push([record.scope, record.key]);
      else done.push([record.scope, record.key, answer.statusCode, answer.body]);
    });
    if (refused.length > 0) {
      await sql`delete from idempotency_records where (scope, key) in (select ${valuesOf(2)} from ${jsonRows(dialect, JSON.stringify(refused))})`.execute(
        trx,
      );
    }
    if (done.length === 0) return;
    const status = dialect === 'postgres' ? sql`cast(v.value ->> 2 as integer)` : sql`v.value ->> 2`;
    const updated = await sql`
      update idempotency_records set state = 'done', status_code = ${status}, response_body = v.value ->> 3
      from ${jsonRows(dialect, JSON.stringify(done))}
      where idempotency_records.scope = v.value ->> 0 and idempotency_records.key = v.value ->> 1
        and idempotency_records.state = 'pending'`.execute(trx);
    if (Number(updated.numAffectedRows ?? 0) !== done.length) {
      throw new Error(`stored ${String(updated.numAffectedRows)} of a batch's ${done.length} answers`);
    }
  }

  /** Gives the key back within the transaction: the request ended in a refusal that changed nothing. */
  async forget(trx: Kysely<Database>, scope: string, key: string): Promise<void> {
    await trx.deleteFrom('idempotency_records').where('scope', '=', scope).where('key', '=', key).execute();
  }
}
