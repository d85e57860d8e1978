/**
 * Stored answers of idempotent requests (src/services/idempotent-write.ts). A record is written inside
 * the same transaction as the effect it protects: it commits with the effect or not at all, so there is
 * never a committed effect without its answer, nor an answer without its effect.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database, IdempotencyRecordsTable } from './tables.js';

export type IdempotencyRecord = Selectable<IdempotencyRecordsTable>;

export type NewIdempotencyRecord = Pick<IdempotencyRecord, 'scope' | 'key' | 'route' | 'request_hash' | 'created_at'>;

/** Records per statement of settleMany: 7 columns × 500 stays far below both databases' parameter limits. */
const SETTLE_CHUNK = 500;

export class IdempotencyRepository {
  find(executor: Kysely<Database>, scope: string, key: string): Promise<IdempotencyRecord | undefined> {
    return executor
      .selectFrom('idempotency_records')
      .selectAll()
      .where('scope', '=', scope)
      .where('key', '=', key)
      .executeTakeFirst();
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
   * for a transaction still holding that key to end.
   */
  async beginMany(trx: Kysely<Database>, records: readonly NewIdempotencyRecord[]): Promise<Set<string>> {
    if (records.length === 0) return new Set();
    const rows = await trx
      .insertInto('idempotency_records')
      .values(records.map((record) => ({ ...record, state: 'pending', status_code: null, response_body: null })))
      .onConflict((conflict) => conflict.columns(['scope', 'key']).doNothing())
      .returning(['scope', 'key'])
      .execute();
    return new Set(rows.map((row) => `${row.scope}\u0000${row.key}`));
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
   * batch's pending records are deleted in one statement and the answered ones written again, done, in
   * one multi-row insert; the same outcome as `finish` and `forget` one by one, in two statements.
   */
  async settleMany(
    trx: Kysely<Database>,
    records: readonly NewIdempotencyRecord[],
    answers: readonly ({ readonly statusCode: number; readonly body: string } | null)[],
  ): Promise<void> {
    for (let start = 0; start < records.length; start += SETTLE_CHUNK) {
      const chunk = records.slice(start, start + SETTLE_CHUNK);
      await trx
        .deleteFrom('idempotency_records')
        .where((eb) =>
          eb(
            eb.refTuple('scope', 'key'),
            'in',
            chunk.map((record) => eb.tuple(record.scope, record.key)),
          ),
        )
        .execute();
      const done = chunk.flatMap((record, index) => {
        const answer = answers[start + index];
        return answer === null || answer === undefined
          ? []
          : [{ ...record, state: 'done' as const, status_code: answer.statusCode, response_body: answer.body }];
      });
      if (done.length > 0) await trx.insertInto('idempotency_records').values(done).execute();
    }
  }

  /** Gives the key back within the transaction: the request ended in a refusal that changed nothing. */
  async forget(trx: Kysely<Database>, scope: string, key: string): Promise<void> {
    await trx.deleteFrom('idempotency_records').where('scope', '=', scope).where('key', '=', key).execute();
  }
}
