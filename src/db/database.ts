/**
 * Opens the database: embedded SQLite (a file in the data folder, WAL) by default, PostgreSQL when
 * DATABASE_URL is set. Both sit behind the same Kysely interface, so repositories and migrations
 * have one code path.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import {
  Kysely,
  PostgresDialect,
  SqliteDialect,
  type KyselyConfig,
  type LogEvent,
  type SqliteDatabase,
  type SqliteStatement,
} from 'kysely';
import type PgModule from 'pg';
import type { Pool } from 'pg';
import type { Database } from './tables.js';

export type DialectName = 'sqlite' | 'postgres';

export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  readonly dialect: DialectName;
  /** The PostgreSQL schema in use (search_path), or null for the default / SQLite. */
  readonly schema: string | null;
  /** Where the data lives, for logs: the SQLite file, or the PostgreSQL host/database/schema. */
  readonly location: string;
  /** Crash tests only: where idempotent writes stop (services/idempotent-write.ts). */
  readonly faultPause: 'before-commit' | 'after-commit' | null;
  destroy(): Promise<void>;
}

/** One query as the metrics see it: its kind of statement and how long it took (never its text or values). */
export interface QueryTiming {
  readonly operation: 'select' | 'insert' | 'update' | 'delete' | 'other';
  readonly durationMs: number;
  readonly failed: boolean;
}

const OPERATIONS: Readonly<Record<string, QueryTiming['operation']>> = {
  SelectQueryNode: 'select',
  InsertQueryNode: 'insert',
  UpdateQueryNode: 'update',
  DeleteQueryNode: 'delete',
};

/** Kysely's log option, when someone watches the queries' time. */
function queryLog(onQuery: ((timing: QueryTiming) => void) | undefined): KyselyConfig['log'] {
  if (onQuery === undefined) return undefined;
  return (event: LogEvent) =>
    onQuery({
      operation: OPERATIONS[event.query.query.kind] ?? 'other',
      durationMs: event.queryDurationMillis,
      failed: event.level === 'error',
    });
}

export interface DatabaseOptions {
  readonly dataDir: string;
  readonly databaseUrl: string | null;
  readonly databaseSchema: string | null;
  /** PostgreSQL pool size; SQLite has one connection. */
  readonly poolSize?: number;
  readonly faultPause?: 'before-commit' | 'after-commit' | null;
  /** Told the time of every query (the metrics' database time). */
  readonly onQuery?: (timing: QueryTiming) => void;
}

/** The pg driver, loaded only when PostgreSQL is configured (it costs start-up time otherwise). */
async function loadPg(): Promise<typeof PgModule> {
  const pg = (await import('pg')).default;
  // PostgreSQL returns BIGINT (int8) as a string by default; our int8 columns hold fen amounts far
  // below 2^53, so they are parsed to numbers, refusing any that would lose precision.
  pg.types.setTypeParser(20, (value) => {
    const parsed = Number(value);
    if (!Number.isSafeInteger(parsed)) throw new RangeError(`int8 value ${value} exceeds 2^53`);
    return parsed;
  });
  return pg;
}

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  const faultPause = options.faultPause ?? null;
  if (options.databaseUrl !== null) return { ...(await openPostgres(options.databaseUrl, options)), faultPause };
  return { ...openSqlite(options.dataDir, options.onQuery), faultPause };
}

/**
 * The data folder and the database files are its owner's alone (0700, 0600), like keys.json beside
 * them: they hold encrypted personal data, its keyed hashes and the sessions. SQLite creates the WAL
 * and shared-memory files with the database file's mode; files left looser by an older version or by
 * hand are tightened at every start. (No-op where the file system has no Unix modes.)
 */
function restrictToOwner(dataDir: string, file: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
  for (const each of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(each)) chmodSync(each, 0o600);
}

/** How many distinct statements stay prepared (least recently used goes first). */
const PREPARED_STATEMENTS = 500;

/**
 * Kysely hands better-sqlite3 every statement afresh, and preparing one cost a fifth of a checkout's CPU
 * (bench/README.md "Trade-in checkout"): the same SQL text is prepared once and kept. Safe because the
 * one connection runs one statement at a time and nothing iterates a statement while another runs it;
 * SQLite re-prepares a kept statement by itself after a schema change.
 */
export function preparedOnce(connection: SQLite.Database, size = PREPARED_STATEMENTS): SqliteDatabase {
  const kept = new Map<string, SqliteStatement>();
  return {
    close: () => connection.close(),
    prepare(sql: string): SqliteStatement {
      const found = kept.get(sql);
      if (found !== undefined) {
        kept.delete(sql);
        kept.set(sql, found);
        return found;
      }
      const statement = connection.prepare(sql) as unknown as SqliteStatement;
      kept.set(sql, statement);
      if (kept.size > size) {
        const oldest = kept.keys().next().value;
        if (oldest !== undefined) kept.delete(oldest);
      }
      return statement;
    },
  };
}

function openSqlite(dataDir: string, onQuery: DatabaseOptions['onQuery']): Omit<DatabaseHandle, 'faultPause'> {
  const file = path.join(dataDir, 'huimin.sqlite');
  restrictToOwner(dataDir, file);
  const connection = new SQLite(file);
  connection.pragma('journal_mode = WAL');
  connection.pragma('synchronous = NORMAL');
  connection.pragma('foreign_keys = ON');
  // Bursts of writes (a flash claim's batches, a settlement's approval) dirty thousands of pages: a
  // checkpoint every 1,000 pages (the default) copies them back and syncs during nearly every commit of
  // such a burst, while one every 10,000 pages (a WAL of up to about 40 MB) copies a page rewritten by
  // many batches once. A 64 MB page cache (the default is 2 MB) keeps a large transaction's pages
  // in memory instead of spilling them to the WAL before its commit. bench/README.md, "Flash claims".
  connection.pragma('wal_autocheckpoint = 10000');
  connection.pragma('cache_size = -65536');
  // Several processes (CLI beside the server) may write: wait for a lock rather than fail.
  connection.pragma('busy_timeout = 5000');
  // WAL mode has now created its files (with the database's mode); make sure of it.
  restrictToOwner(dataDir, file);
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: preparedOnce(connection) }),
    log: queryLog(onQuery),
  });
  return { db, dialect: 'sqlite', schema: null, location: file, destroy: () => db.destroy() };
}

async function openPostgres(url: string, options: DatabaseOptions): Promise<Omit<DatabaseHandle, 'faultPause'>> {
  const pg = await loadPg();
  const schema = options.databaseSchema;
  const pool: Pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    ...(schema === null ? {} : { options: `-c search_path=${schema}` }),
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log: queryLog(options.onQuery) });
  const where = new URL(url);
  const location = `${where.host}${where.pathname}${schema === null ? '' : ` (schema ${schema})`}`;
  return { db, dialect: 'postgres', schema, location, destroy: () => db.destroy() };
}

/** Creates the PostgreSQL schema named in the options if it is missing (tests, fresh installs). */
export async function ensurePostgresSchema(url: string, schema: string): Promise<void> {
  const pg = await loadPg();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  } finally {
    await client.end();
  }
}

export async function dropPostgresSchema(url: string, schema: string): Promise<void> {
  const pg = await loadPg();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
