import { Migrator, NO_MIGRATIONS, type MigrationResultSet } from 'kysely';
import type { DatabaseHandle } from './database.js';
import { migrations } from './migrations/index.js';

type MigratableDatabase = Pick<DatabaseHandle, 'db' | 'schema'>;

function migrator({ db, schema }: MigratableDatabase): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(migrations) },
    migrationTableName: 'huimin_migrations',
    migrationLockTableName: 'huimin_migrations_lock',
    // Kysely looks for its tables in every schema unless told which: without this, a second
    // schema on the same PostgreSQL database would find the first one's tables and skip its own.
    ...(schema === null ? {} : { migrationTableSchema: schema }),
  });
}

export interface MigrationReport {
  readonly applied: readonly string[];
}

function unwrap(result: MigrationResultSet, direction: 'Up' | 'Down'): MigrationReport {
  if (result.error !== undefined) {
    const failed = result.results?.find((item) => item.status === 'Error');
    const cause = result.error instanceof Error ? result.error.message : JSON.stringify(result.error);
    throw new Error(`migration ${failed?.migrationName ?? '(setup)'} failed: ${cause}`, { cause: result.error });
  }
  return {
    applied: (result.results ?? []).filter((item) => item.direction === direction).map((item) => item.migrationName),
  };
}

/** Brings the database to the newest migration; safe to run from several processes at once. */
export async function migrateToLatest(database: MigratableDatabase): Promise<MigrationReport> {
  return unwrap(await migrator(database).migrateToLatest(), 'Up');
}

/** Undoes the newest applied migration. */
export async function rollbackOne(database: MigratableDatabase): Promise<MigrationReport> {
  return unwrap(await migrator(database).migrateDown(), 'Down');
}

/** Undoes every migration (tests of down migrations). */
export async function rollbackAll(database: MigratableDatabase): Promise<MigrationReport> {
  return unwrap(await migrator(database).migrateTo(NO_MIGRATIONS), 'Down');
}

export function knownMigrations(): readonly string[] {
  return Object.keys(migrations);
}
