/**
 * Backups of the embedded database, taken while the server runs: SQLite's online backup API (through
 * better-sqlite3's `backup()`), not a file copy. A copy of the file (and its -wal) taken while another
 * process writes can catch a page half-written, or the database without the transactions that are still
 * in the WAL; the backup API reads one consistent snapshot instead. The whole copy is done in one step,
 * so it is a single read transaction: in WAL mode it never blocks the server's writes, and the server's
 * writes never make it start over (as a copy in many small steps does when the source changes between
 * them).
 *
 * Restoring goes into a data folder without a database only: it never overwrites live data.
 */
import { chmodSync, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';

/** The embedded database's file in a data folder (as database.ts opens it). */
export function sqliteFileOf(dataDir: string): string {
  return path.join(dataDir, 'huimin.sqlite');
}

export interface SqliteCopy {
  readonly file: string;
  readonly bytes: number;
  readonly pages: number;
  /** Migrations the copy has applied (the newest last): which version of huimin it needs. */
  readonly migrations: readonly string[];
  readonly durationMs: number;
}

export class SqliteBackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SqliteBackupError';
  }
}

/** Whether a file is a sound huimin database; throws SqliteBackupError saying why not. */
export function inspectSqlite(file: string): { pages: number; migrations: string[] } {
  if (!existsSync(file)) throw new SqliteBackupError(`no file at ${file}`);
  let connection: SQLite.Database;
  try {
    connection = new SQLite(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new SqliteBackupError(`${file} is not a readable SQLite database (${(error as Error).message})`);
  }
  try {
    const check = connection.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new SqliteBackupError(`${file} fails SQLite's quick check: ${String(check)}`);
    const hasMigrations = connection
      .prepare("select 1 from sqlite_master where type = 'table' and name = 'huimin_migrations'")
      .get();
    if (hasMigrations === undefined) throw new SqliteBackupError(`${file} is an SQLite database, but not huimin's`);
    const migrations = connection
      .prepare('select name from huimin_migrations order by name')
      .all()
      .map((row) => (row as { name: string }).name);
    const pages = Number(connection.pragma('page_count', { simple: true }));
    return { pages, migrations };
  } catch (error) {
    if (error instanceof SqliteBackupError) throw error;
    throw new SqliteBackupError(`${file} is not a readable SQLite database (${(error as Error).message})`);
  } finally {
    connection.close();
  }
}

/** Copies `source` into the new file `target` with the online backup API, then checks the copy. */
async function onlineCopy(source: string, target: string): Promise<SqliteCopy> {
  if (existsSync(target)) throw new SqliteBackupError(`${target} exists; give a new file name`);
  if (!existsSync(path.dirname(target))) throw new SqliteBackupError(`the folder of ${target} does not exist`);
  const started = performance.now();
  const connection = new SQLite(source, { readonly: true, fileMustExist: true });
  try {
    connection.pragma('busy_timeout = 5000');
    // After the first (empty) step, every remaining page in one step: one snapshot (see above).
    await connection.backup(target, { progress: () => 0x7fffffff });
  } finally {
    connection.close();
  }
  let checked: ReturnType<typeof inspectSqlite>;
  try {
    // It holds personal data (encrypted) and sessions' hashes, like the database itself.
    chmodSync(target, 0o600);
    // One self-contained file: the copy takes the source's WAL mode, whose side files a reader would
    // leave beside it. (The server turns WAL on again when it opens a restored database.)
    const copy = new SQLite(target);
    copy.pragma('journal_mode = DELETE');
    copy.close();
    checked = inspectSqlite(target);
  } catch (error) {
    rmSync(target, { force: true });
    throw error;
  }
  return { file: target, bytes: statSync(target).size, ...checked, durationMs: performance.now() - started };
}

/** A consistent copy of the data folder's database in `target` (a new file), while it is in use. */
export async function backupSqlite(dataDir: string, target: string): Promise<SqliteCopy> {
  const source = sqliteFileOf(dataDir);
  if (!existsSync(source)) throw new SqliteBackupError(`no database at ${source} (check HUIMIN_DATA_DIR)`);
  return onlineCopy(source, path.resolve(target));
}

/** Puts the backup `file` in `dataDir` as its database; refuses when the folder has one already. */
export async function restoreSqlite(file: string, dataDir: string): Promise<SqliteCopy> {
  const backup = path.resolve(file);
  if (!existsSync(backup)) throw new SqliteBackupError(`no backup at ${backup}`);
  const target = sqliteFileOf(dataDir);
  for (const existing of [target, `${target}-wal`]) {
    if (existsSync(existing)) {
      throw new SqliteBackupError(
        `${existing} exists: restore only into an empty data folder (set HUIMIN_DATA_DIR to a new one)`,
      );
    }
  }
  inspectSqlite(backup);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
  return onlineCopy(backup, target);
}
