import { Migrator, NO_MIGRATIONS, type MigrationResultSet, type Kysely } from 'kysely';
import type { Database } from './tables.js';
import { migrations } from './migrations/index.js';

function migrator(db: Kysely<Database>): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(migrations) },
    migrationTableName: 'huimin_migrations',
    migrationLockTableName: 'huimin_migrations_lock',
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
export async function migrateToLatest(db: Kysely<Database>): Promise<MigrationReport> {
  return unwrap(await migrator(db).migrateToLatest(), 'Up');
}

/** Undoes the newest applied migration. */
export async function rollbackOne(db: Kysely<Database>): Promise<MigrationReport> {
  return unwrap(await migrator(db).migrateDown(), 'Down');
}

/** Undoes every migration (tests of down migrations). */
export async function rollbackAll(db: Kysely<Database>): Promise<MigrationReport> {
  return unwrap(await migrator(db).migrateTo(NO_MIGRATIONS), 'Down');
}

export function knownMigrations(): readonly string[] {
  return Object.keys(migrations);
}
