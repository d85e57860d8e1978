/**
 * One write transaction on either database. Everything `work` writes commits together or not at all.
 *
 * SQLite: Kysely opens transactions with a deferred BEGIN, which takes the write lock only at the
 * first write; a transaction that read first and then finds another process writing fails at once
 * with SQLITE_BUSY instead of waiting. BEGIN IMMEDIATE takes the write lock up front (waiting up to
 * the busy timeout), so several processes on one file queue instead of failing.
 *
 * `work` must use the executor it is given (on SQLite, using the outer handle inside would wait for
 * itself).
 */
import { sql, type Kysely } from 'kysely';
import type { DialectName } from './database.js';
import type { Database } from './tables.js';

export async function writeTransaction<T>(
  db: Kysely<Database>,
  dialect: DialectName,
  work: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  switch (dialect) {
    case 'postgres':
      return db.transaction().execute(work);
    case 'sqlite':
      return db.connection().execute(async (connection) => {
        await sql`begin immediate`.execute(connection);
        let result: T;
        try {
          result = await work(connection);
        } catch (error) {
          await sql`rollback`.execute(connection).catch(() => undefined);
          throw error;
        }
        try {
          await sql`commit`.execute(connection);
        } catch (error) {
          await sql`rollback`.execute(connection).catch(() => undefined);
          throw error;
        }
        return result;
      });
  }
}

/** True when a write failed on a unique constraint (a concurrent duplicate). */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('code' in error)) return false;
  const code = error.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
