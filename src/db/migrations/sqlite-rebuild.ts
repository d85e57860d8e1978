/**
 * Helpers of the migrations that change what SQLite cannot ALTER: a CHECK constraint, or a column that a
 * foreign key names or that the report triggers' upserts stop SQLite from dropping (it re-parses every
 * trigger on DROP COLUMN and rejects `do update set redeemed = t.redeemed + …`, 2026-12-03T1800). Such a
 * table is rebuilt from its own CREATE statement, edited.
 */
import { sql, type Kysely } from 'kysely';

/** True on PostgreSQL (its placeholders are `$1`). */
export function isPostgres(db: Kysely<any>): boolean {
  return sql`select ${1}`.compile(db).sql.includes('$1');
}

/** SQLite: a table again from its own CREATE statement, edited; rows and indexes kept. */
export async function rebuild(db: Kysely<any>, table: string, edit: (create: string) => string): Promise<void> {
  await sql`pragma foreign_keys = off`.execute(db);
  // The rename below would otherwise re-parse every trigger in the schema, and SQLite's rename rejects the
  // report triggers' upserts (`do update set redeemed = t.redeemed + …`, 2026-12-03T1800): no trigger or
  // view names the table being renamed (`<table>_next`), so there is nothing for it to rewrite.
  await sql`pragma legacy_alter_table = on`.execute(db);
  try {
    await sql`begin immediate`.execute(db);
    try {
      const found = await sql<{ sql: string }>`select sql from sqlite_master
        where type = 'table' and name = ${table}`.execute(db);
      const create = found.rows[0]?.sql;
      if (create === undefined) throw new Error(`no table ${table}`);
      const edited = edit(create);
      if (edited === create) throw new Error(`${table}: the edit changed nothing in its CREATE statement`);
      const triggers = await sql<{ name: string }>`select name from sqlite_master
        where type = 'trigger' and tbl_name = ${table}`.execute(db);
      if (triggers.rows.length > 0) throw new Error(`${table} has triggers, which a rebuild would drop`);
      const indexes = await sql<{ sql: string }>`select sql from sqlite_master
        where type = 'index' and tbl_name = ${table} and sql is not null`.execute(db);
      const next = `${table}_next`;
      const renamed = edited.replace(/^CREATE TABLE\s+("?)([A-Za-z_]+)\1/i, `CREATE TABLE "${next}"`);
      if (renamed === edited) throw new Error(`${table}: cannot rename its CREATE statement`);
      await sql.raw(renamed).execute(db);
      const columns = await sql<{ name: string }>`select name from pragma_table_info(${next})`.execute(db);
      const list = columns.rows.map((column) => `"${column.name}"`).join(', ');
      await sql.raw(`insert into "${next}" (${list}) select ${list} from "${table}"`).execute(db);
      await sql.raw(`drop table "${table}"`).execute(db);
      await sql.raw(`alter table "${next}" rename to "${table}"`).execute(db);
      for (const index of indexes.rows) await sql.raw(index.sql).execute(db);
      const broken = await sql`pragma foreign_key_check`.execute(db);
      if (broken.rows.length > 0) throw new Error(`rebuilding ${table} broke a foreign key`);
      await sql`commit`.execute(db);
    } catch (error) {
      await sql`rollback`.execute(db);
      throw error;
    }
  } finally {
    await sql`pragma legacy_alter_table = off`.execute(db);
    await sql`pragma foreign_keys = on`.execute(db);
  }
}

export function replaceOnce(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`the CREATE statement has no "${from}"`);
  return text.replace(from, to);
}
