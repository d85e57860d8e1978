/**
 * The campaign report's running sums (issue 13 §6, services/vouchers/voucher-report.ts), kept by the database
 * itself in the transaction of every write, so a dashboard figure reads a few hundred rows whatever the number of
 * redemptions (a GROUP BY over a covering index read 1,500,000 vouchers in 0.2–0.5 s, past the 200 ms goal:
 * bench/voucher-dashboard.bench.ts), and no write path has to remember them: claims, redemptions, refunds,
 * expiry, re-release and lotteries all change these tables' rows, and triggers add what changed.
 *
 * - voucher_report_claims (round, valid_until): vouchers claimed and their face. Only inserts and deletes of
 *   vouchers (and a change of their round, validity or face) touch it: a claim takes the round's row first
 *   (issueOne) and then this one; a redemption never touches it.
 * - voucher_report_states (round, state, valid_until): vouchers now redeemed, expired or refunded, and their
 *   face (`issued` ones are the claims minus these). A redemption moves its voucher first and so takes this row
 *   before the round's, as every redemption does: no two writers take the two in opposite orders.
 * - voucher_report_redemptions (campaign, grouping, key): redemptions, voucher money and bills by round,
 *   category, the merchant's unit ('' when not recorded) and merchant. Taken after the round and the pool rows,
 *   which every redemption of a campaign already takes in that order.
 *
 * Rows whose counts fall to 0 stay (0 means no such rows); the report leaves them out. SQLite: row triggers.
 * PostgreSQL: statement triggers over transition tables (a multi-row insert adds one aggregate per group) in
 * PL/pgSQL functions bound to this schema; a statement that changes nothing of the sums writes nothing. The sums
 * are back-filled from the rows already there. Also an index for the flags' review period (campaign, at).
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';

function isPostgres(db: Kysely<any>): boolean {
  return sql`select ${1}`.compile(db).sql.includes('$1');
}

const TABLES = ['voucher_report_claims', 'voucher_report_states', 'voucher_report_redemptions'] as const;
const GROUPINGS = [
  ['round', 'round_id'],
  ['category', 'category'],
  ['unit', "coalesce(unit_id, '')"],
  ['merchant', 'merchant_id'],
] as const;

async function createTables(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('voucher_report_claims')
    .addColumn('round_id', 'varchar(40)', (column) => column.notNull())
    .addColumn('valid_until', 'varchar(30)', (column) => column.notNull())
    .addColumn('campaign_id', 'varchar(40)', (column) => column.notNull())
    .addColumn('vouchers', 'bigint', (column) => column.notNull())
    .addColumn('face_fen', 'bigint', (column) => column.notNull())
    .addPrimaryKeyConstraint('voucher_report_claims_pk', ['round_id', 'valid_until'])
    .execute();
  await db.schema
    .createIndex('voucher_report_claims_campaign')
    .on('voucher_report_claims')
    .column('campaign_id')
    .execute();
  await db.schema
    .createTable('voucher_report_states')
    .addColumn('round_id', 'varchar(40)', (column) => column.notNull())
    .addColumn('state', 'varchar(10)', (column) => column.notNull())
    .addColumn('valid_until', 'varchar(30)', (column) => column.notNull())
    .addColumn('campaign_id', 'varchar(40)', (column) => column.notNull())
    .addColumn('vouchers', 'bigint', (column) => column.notNull())
    .addColumn('face_fen', 'bigint', (column) => column.notNull())
    .addPrimaryKeyConstraint('voucher_report_states_pk', ['round_id', 'state', 'valid_until'])
    .execute();
  await db.schema
    .createIndex('voucher_report_states_campaign')
    .on('voucher_report_states')
    .column('campaign_id')
    .execute();
  await db.schema
    .createTable('voucher_report_redemptions')
    .addColumn('campaign_id', 'varchar(40)', (column) => column.notNull())
    .addColumn('grouping', 'varchar(10)', (column) => column.notNull())
    .addColumn('key', 'varchar(80)', (column) => column.notNull())
    .addColumn('redeemed', 'bigint', (column) => column.notNull())
    .addColumn('voucher_fen', 'bigint', (column) => column.notNull())
    .addColumn('sales_fen', 'bigint', (column) => column.notNull())
    .addPrimaryKeyConstraint('voucher_report_redemptions_pk', ['campaign_id', 'grouping', 'key'])
    .execute();
  await db.schema
    .createIndex('voucher_redemptions_campaign_at')
    .on('voucher_redemptions')
    .columns(['campaign_id', 'at'])
    .execute();
}

/** Upserts of signed deltas from `source` (rows of the changed table with a sign column `m`). */
function upserts(source: string): string[] {
  const redemptions = GROUPINGS.map(
    ([grouping, key]) => `select campaign_id, '${grouping}' as grouping, ${key} as key,
      m, discount_fen, bill_fen from (${source}) d`,
  ).join(' union all ');
  return [
    `insert into voucher_report_redemptions as t (campaign_id, grouping, key, redeemed, voucher_fen, sales_fen)
     select campaign_id, grouping, key, sum(m), sum(m * discount_fen), sum(m * bill_fen) from (${redemptions}) g
     group by campaign_id, grouping, key
     having sum(m) <> 0 or sum(m * discount_fen) <> 0 or sum(m * bill_fen) <> 0
     on conflict (campaign_id, grouping, key) do update set redeemed = t.redeemed + excluded.redeemed,
       voucher_fen = t.voucher_fen + excluded.voucher_fen, sales_fen = t.sales_fen + excluded.sales_fen`,
  ];
}

function claimsUpsert(source: string): string {
  return `insert into voucher_report_claims as t (round_id, valid_until, campaign_id, vouchers, face_fen)
    select round_id, valid_until, min(campaign_id), sum(m), sum(m * face_fen) from (${source}) d
    group by round_id, valid_until having sum(m) <> 0 or sum(m * face_fen) <> 0
    on conflict (round_id, valid_until) do update set vouchers = t.vouchers + excluded.vouchers,
      face_fen = t.face_fen + excluded.face_fen`;
}

function statesUpsert(source: string): string {
  return `insert into voucher_report_states as t (round_id, state, valid_until, campaign_id, vouchers, face_fen)
    select round_id, state, valid_until, min(campaign_id), sum(m), sum(m * face_fen) from (${source}) d
    where state <> 'issued'
    group by round_id, state, valid_until having sum(m) <> 0 or sum(m * face_fen) <> 0
    on conflict (round_id, state, valid_until) do update set vouchers = t.vouchers + excluded.vouchers,
      face_fen = t.face_fen + excluded.face_fen`;
}

const SOURCES = {
  insert: 'select *, 1 as m from new_rows',
  delete: 'select *, -1 as m from old_rows',
  update: 'select *, 1 as m from new_rows union all select *, -1 as m from old_rows',
} as const;

async function postgresTriggers(db: Kysely<any>): Promise<void> {
  for (const [event, source] of Object.entries(SOURCES)) {
    const referencing =
      event === 'insert'
        ? 'new table as new_rows'
        : event === 'delete'
          ? 'old table as old_rows'
          : 'old table as old_rows new table as new_rows';
    const bodies: Record<string, string[]> = {
      voucher_redemptions: upserts(source),
      vouchers: [claimsUpsert(source), statesUpsert(source)],
    };
    for (const [table, statements] of Object.entries(bodies)) {
      const name = `${table}_report_${event}`;
      await sql
        .raw(
          `create function ${name}() returns trigger language plpgsql set search_path from current as $$
          begin ${statements.map((statement) => `${statement};`).join('\n')} return null; end $$`,
        )
        .execute(db);
      await sql
        .raw(
          `create trigger ${name} after ${event} on ${table} referencing ${referencing}
          for each statement execute function ${name}()`,
        )
        .execute(db);
    }
  }
}

/** SQLite: one row at a time; `new`/`old` as one-row sources with their sign. */
async function sqliteTriggers(db: Kysely<any>): Promise<void> {
  const row = (alias: 'new' | 'old', sign: 1 | -1, columns: readonly string[]) =>
    `select ${columns.map((column) => `${alias}.${column} as ${column}`).join(', ')}, ${sign} as m`;
  const redemptionColumns = [
    'campaign_id',
    'round_id',
    'category',
    'unit_id',
    'merchant_id',
    'discount_fen',
    'bill_fen',
  ];
  const voucherColumns = ['campaign_id', 'round_id', 'state', 'valid_until', 'face_fen'];
  // SQLite's upsert after a SELECT needs a WHERE to parse: `where true`.
  const fix = (statement: string) =>
    statement
      .replace(/\) g\n\s+group by/, ') g where true group by')
      .replace(/\) d\n\s+group by/, ') d where true group by');
  const triggers: [string, string, string, RawBuilder<unknown>[] | string[]][] = [];
  for (const [event, signs] of [
    ['insert', [['new', 1]]],
    ['delete', [['old', -1]]],
    [
      'update',
      [
        ['new', 1],
        ['old', -1],
      ],
    ],
  ] as const) {
    const source = (columns: readonly string[]) =>
      signs.map(([alias, sign]) => row(alias, sign, columns)).join(' union all ');
    triggers.push(['voucher_redemptions', event, '', upserts(source(redemptionColumns)).map(fix)]);
    triggers.push([
      'vouchers',
      event,
      event === 'update' ? ' of round_id, campaign_id, state, valid_until, face_fen' : '',
      [fix(claimsUpsert(source(voucherColumns))), statesUpsert(source(voucherColumns))],
    ]);
  }
  for (const [table, event, columns, statements] of triggers) {
    await sql
      .raw(
        `create trigger ${table}_report_${event} after ${event}${columns} on ${table} begin
        ${(statements as string[]).map((statement) => `${statement};`).join('\n')} end`,
      )
      .execute(db);
  }
}

async function backfill(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      claimsUpsert('select campaign_id, round_id, valid_until, face_fen, 1 as m from vouchers').replace(
        ') d\n',
        ') d where true\n',
      ),
    )
    .execute(db);
  await sql
    .raw(statesUpsert('select campaign_id, round_id, state, valid_until, face_fen, 1 as m from vouchers'))
    .execute(db);
  const [statement] = upserts(
    'select campaign_id, round_id, category, unit_id, merchant_id, discount_fen, bill_fen, 1 as m from voucher_redemptions',
  );
  await sql.raw((statement ?? '').replace(/\) g\n\s+group by/, ') g where true group by')).execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  await createTables(db);
  await backfill(db);
  if (isPostgres(db)) await postgresTriggers(db);
  else await sqliteTriggers(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  const postgres = isPostgres(db);
  for (const table of ['voucher_redemptions', 'vouchers']) {
    for (const event of Object.keys(SOURCES)) {
      await sql.raw(`drop trigger if exists ${table}_report_${event}${postgres ? ` on ${table}` : ''}`).execute(db);
      if (postgres) await sql.raw(`drop function if exists ${table}_report_${event}()`).execute(db);
    }
  }
  await db.schema.dropIndex('voucher_redemptions_campaign_at').ifExists().execute();
  for (const table of TABLES) await db.schema.dropTable(table).ifExists().execute();
}
