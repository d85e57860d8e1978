/** Stored answers of idempotent requests (src/http/plugins/idempotency.ts). */
import type { Kysely, Selectable } from 'kysely';
import type { Database, IdempotencyRecordsTable } from './tables.js';
import { isUniqueViolation } from './write-transaction.js';

export type IdempotencyRecord = Selectable<IdempotencyRecordsTable>;

export class IdempotencyRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Claims the key for a new request; false when the key is already recorded. */
  async claim(record: Omit<IdempotencyRecord, 'state' | 'status_code' | 'response_body'>): Promise<boolean> {
    try {
      await this.db
        .insertInto('idempotency_records')
        .values({ ...record, state: 'pending', status_code: null, response_body: null })
        .execute();
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  find(scope: string, key: string): Promise<IdempotencyRecord | undefined> {
    return this.db
      .selectFrom('idempotency_records')
      .selectAll()
      .where('scope', '=', scope)
      .where('key', '=', key)
      .executeTakeFirst();
  }

  async complete(scope: string, key: string, statusCode: number, body: string): Promise<void> {
    await this.db
      .updateTable('idempotency_records')
      .set({ state: 'done', status_code: statusCode, response_body: body })
      .where('scope', '=', scope)
      .where('key', '=', key)
      .execute();
  }

  /** Forgets a claim whose request failed (nothing was done, so a retry should run again). */
  async release(scope: string, key: string): Promise<void> {
    await this.db
      .deleteFrom('idempotency_records')
      .where('scope', '=', scope)
      .where('key', '=', key)
      .where('state', '=', 'pending')
      .execute();
  }

  /** Removes a pending claim older than `before` (its process died mid-request). */
  async releaseStale(scope: string, key: string, before: string): Promise<void> {
    await this.db
      .deleteFrom('idempotency_records')
      .where('scope', '=', scope)
      .where('key', '=', key)
      .where('state', '=', 'pending')
      .where('created_at', '<', before)
      .execute();
  }
}
