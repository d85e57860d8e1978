/**
 * Budget pools for consumption vouchers (issue 13 §1, §7): the pool line `voucher` (city vouchers, measures
 * 11–13, 19 and 24, spent through campaigns rather than the subsidy engine) and the funding source `union` —
 * a grassroots trade union's own money (measure 24's union vouchers), which is the union's, not the
 * government's, so its tranches come from the ledger account `funding:union` and the books show it apart.
 *
 * SQLite cannot change a CHECK constraint, so there `budget_pools` and `ledger_postings` are rebuilt from their
 * own CREATE statements with the wider lists (every column, row, index and foreign key kept), inside one
 * transaction with foreign keys off and a foreign-key check before commit, as 2026-12-02T0800 does for
 * ledger_transactions. PostgreSQL replaces the constraints.
 */
import { sql, type Kysely } from 'kysely';

const LINES_BEFORE = [
  'car_scrap',
  'car_replace',
  'appliance',
  'smart_home',
  'digital',
  'elderly_adaptation',
  'ebike',
  'first_launch',
];
const LINES_AFTER = [...LINES_BEFORE, 'voucher'];
const SOURCES_BEFORE = ['central', 'provincial', 'city'];
const SOURCES_AFTER = [...SOURCES_BEFORE, 'union'];

function isPostgres(db: Kysely<any>): boolean {
  return sql`select ${1}`.compile(db).sql.includes('$1');
}

const quoted = (values: readonly string[]) => values.map((value) => `'${value}'`).join(', ');
const funding = (sources: readonly string[]) => quoted([...sources.map((source) => `funding:${source}`), 'treasury']);

/** The text edits that widen each table's CHECK lists. */
function edits(lines: readonly string[][], sources: readonly string[][]) {
  const [linesFrom, linesTo] = lines as [string[], string[]];
  const [sourcesFrom, sourcesTo] = sources as [string[], string[]];
  return {
    budget_pools: [
      [`line in (${quoted(linesFrom)})`, `line in (${quoted(linesTo)})`],
      [`source in (${quoted(sourcesFrom)})`, `source in (${quoted(sourcesTo)})`],
    ],
    ledger_postings: [[`account in (${funding(sourcesFrom)})`, `account in (${funding(sourcesTo)})`]],
  } as const;
}

/** SQLite: each table again from its own CREATE statement with the edits; rows and indexes kept. */
async function rebuild(db: Kysely<any>, plan: Readonly<Record<string, readonly (readonly [string, string])[]>>) {
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await sql`begin immediate`.execute(db);
    try {
      for (const [table, replacements] of Object.entries(plan)) {
        const found = await sql<{
          sql: string;
        }>`select sql from sqlite_master where type = 'table' and name = ${table}`.execute(db);
        let create = found.rows[0]?.sql;
        if (create === undefined) throw new Error(`no table ${table}`);
        for (const [from, to] of replacements) {
          if (!create.includes(from)) throw new Error(`${table}: its CREATE statement has no "${from}"`);
          create = create.replace(from, to);
        }
        const indexes = await sql<{ sql: string }>`select sql from sqlite_master
          where type = 'index' and tbl_name = ${table} and sql is not null`.execute(db);
        const next = `${table}_next`;
        const renamed = create.replace(/^CREATE TABLE\s+("?)([A-Za-z_]+)\1/i, `CREATE TABLE "${next}"`);
        if (renamed === create) throw new Error(`${table}: cannot rename its CREATE statement`);
        await sql.raw(renamed).execute(db);
        await sql.raw(`insert into "${next}" select * from "${table}"`).execute(db);
        await sql.raw(`drop table "${table}"`).execute(db);
        await sql.raw(`alter table "${next}" rename to "${table}"`).execute(db);
        for (const index of indexes.rows) await sql.raw(index.sql).execute(db);
      }
      const broken = await sql`pragma foreign_key_check`.execute(db);
      if (broken.rows.length > 0) throw new Error('rebuilding the budget tables broke a foreign key');
      await sql`commit`.execute(db);
    } catch (error) {
      await sql`rollback`.execute(db);
      throw error;
    }
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}

async function widen(db: Kysely<any>, lines: string[], sources: string[]): Promise<void> {
  if (isPostgres(db)) {
    await sql`alter table budget_pools drop constraint budget_pools_line,
      add constraint budget_pools_line check (line in (${sql.raw(quoted(lines))}))`.execute(db);
    await sql`alter table budget_pools drop constraint budget_pools_source,
      add constraint budget_pools_source check (source in (${sql.raw(quoted(sources))}))`.execute(db);
    await sql`alter table ledger_postings drop constraint ledger_postings_account,
      add constraint ledger_postings_account check (
        (account in ('available', 'held', 'spent') and pool_id is not null)
        or (account in (${sql.raw(funding(sources))}) and pool_id is null))`.execute(db);
  }
}

export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) await widen(db, LINES_AFTER, SOURCES_AFTER);
  else await rebuild(db, edits([LINES_BEFORE, LINES_AFTER], [SOURCES_BEFORE, SOURCES_AFTER]));
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) await widen(db, LINES_BEFORE, SOURCES_BEFORE);
  else await rebuild(db, edits([LINES_AFTER, LINES_BEFORE], [SOURCES_AFTER, SOURCES_BEFORE]));
}
