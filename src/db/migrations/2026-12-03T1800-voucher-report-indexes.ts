/**
 * The campaign report's running sums (issue 13 §6, services/vouchers/voucher-report.ts), kept by the database
 * itself in the transaction of every write, so a dashboard figure reads a few hundred rows whatever the number of
 * redemptions (a GROUP BY over a covering index read 1,500,000 vouchers in 0.2–0.5 s, past the 200 ms goal:
 * bench/voucher-dashboard.bench.ts), and no write path has to remember them: claims, redemptions, refunds,
 * expiry, re-release and lotteries all change these tables' rows, and triggers add what changed.
 *
 * - voucher_report_claims (round, valid_until): vouchers claimed and their face (inserts and deletes of vouchers,
 *   a change of their round, validity or face).
 * - voucher_report_states (round, state, valid_until): vouchers now redeemed, expired or refunded, and their face
 *   (`issued` ones are the claims minus these).
 * - voucher_report_redemptions (campaign, grouping, key): standing redemptions, voucher money and bills by round,
 *   category, the merchant's unit ('' when not recorded) and merchant.
 *
 * A redemption counts while it stands (standing = 1), with the bill and discount it keeps after refunds. Rows
 * whose counts fall to 0 stay (0 means no such rows); the report leaves them out. SQLite: row triggers.
 * PostgreSQL: row triggers deferred to commit (see postgresTriggers) in PL/pgSQL functions bound to this schema;
 * a change that moves none of the sums writes nothing. The sums are back-filled from the rows already there.
 * Also an index for the flags' review period (campaign, at).
 */
import { sql, type Kysely } from 'kysely';

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

/** Upserts of signed deltas from `source` (rows of voucher_redemptions with a sign column `m`). */
function redemptionsUpsert(source: string): string {
  // A standing redemption counts with what is kept: the bill less its refunds, the discount less what came back.
  const kept = `select campaign_id, round_id, category, unit_id, merchant_id,
      case when standing = 1 then m else 0 end as m,
      discount_fen - returned_discount_fen as discount_fen, bill_fen - refunded_bill_fen as bill_fen
    from (${source}) s where true`;
  const grouped = GROUPINGS.map(
    ([grouping, key]) => `select campaign_id, '${grouping}' as grouping, ${key} as key, m, discount_fen, bill_fen
      from (${kept}) d where true`,
  ).join(' union all ');
  return `insert into voucher_report_redemptions as t (campaign_id, grouping, key, redeemed, voucher_fen, sales_fen)
    select campaign_id, grouping, key, sum(m), sum(m * discount_fen), sum(m * bill_fen) from (${grouped}) g
    where true group by campaign_id, grouping, key
    having sum(m) <> 0 or sum(m * discount_fen) <> 0 or sum(m * bill_fen) <> 0
    on conflict (campaign_id, grouping, key) do update set redeemed = t.redeemed + excluded.redeemed,
      voucher_fen = t.voucher_fen + excluded.voucher_fen, sales_fen = t.sales_fen + excluded.sales_fen`;
}

function claimsUpsert(source: string): string {
  return `insert into voucher_report_claims as t (round_id, valid_until, campaign_id, vouchers, face_fen)
    select round_id, valid_until, min(campaign_id), sum(m), sum(m * face_fen) from (${source}) d
    where true group by round_id, valid_until having sum(m) <> 0 or sum(m * face_fen) <> 0
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

const REDEMPTION_COLUMNS = [
  'campaign_id',
  'round_id',
  'category',
  'unit_id',
  'merchant_id',
  'discount_fen',
  'bill_fen',
  'refunded_bill_fen',
  'returned_discount_fen',
  'standing',
] as const;
const VOUCHER_COLUMNS = ['campaign_id', 'round_id', 'state', 'valid_until', 'face_fen'] as const;

const EVENTS = [
  ['insert', [['new', 1]]],
  ['delete', [['old', -1]]],
  [
    'update',
    [
      ['new', 1],
      ['old', -1],
    ],
  ],
] as const;

/** The trigger bodies of each table and event: the changed row(s) as signed one-row sources. */
function triggerBodies(): { table: string; event: string; columns: readonly string[]; statements: string[] }[] {
  const bodies = [];
  for (const [event, signs] of EVENTS) {
    const source = (columns: readonly string[]) =>
      signs
        .map(
          ([alias, sign]) =>
            `select ${columns.map((column) => `${alias}.${column} as ${column}`).join(', ')}, ${sign} as m`,
        )
        .join(' union all ');
    bodies.push({
      table: 'voucher_redemptions',
      event,
      columns: REDEMPTION_COLUMNS,
      statements: [redemptionsUpsert(source(REDEMPTION_COLUMNS))],
    });
    bodies.push({
      table: 'vouchers',
      event,
      columns: VOUCHER_COLUMNS,
      statements: [claimsUpsert(source(VOUCHER_COLUMNS)), statesUpsert(source(VOUCHER_COLUMNS))],
    });
  }
  return bodies;
}

/**
 * PostgreSQL: row triggers deferred to commit (constraint triggers), so a transaction takes the sums' rows last,
 * after every row it locks itself: writers of one round (claims, redemptions, refunds, expiry) already queue on
 * the round's row and those of one campaign on its pool's, so they reach the sums one at a time, and no two
 * transactions can hold one sums row each while waiting for the other's.
 */
async function postgresTriggers(db: Kysely<any>): Promise<void> {
  for (const { table, event, columns, statements } of triggerBodies()) {
    const name = `${table}_report_${event}`;
    await sql
      .raw(
        `create function ${name}() returns trigger language plpgsql set search_path from current as $$
        begin ${statements.map((statement) => `${statement};`).join('\n')} return null; end $$`,
      )
      .execute(db);
    await sql
      .raw(
        `create constraint trigger ${name} after ${event}${event === 'update' ? ` of ${columns.join(', ')}` : ''}
        on ${table} deferrable initially deferred for each row execute function ${name}()`,
      )
      .execute(db);
  }
}

/** SQLite: one writer at a time, so plain row triggers in the statement's own step. */
async function sqliteTriggers(db: Kysely<any>): Promise<void> {
  for (const { table, event, columns, statements } of triggerBodies()) {
    await sql
      .raw(
        `create trigger ${table}_report_${event} after ${event}${event === 'update' ? ` of ${columns.join(', ')}` : ''}
        on ${table} begin ${statements.map((statement) => `${statement};`).join('\n')} end`,
      )
      .execute(db);
  }
}

async function backfill(db: Kysely<any>): Promise<void> {
  const all = (columns: readonly string[], table: string) => `select ${columns.join(', ')}, 1 as m from ${table}`;
  await sql.raw(claimsUpsert(all(VOUCHER_COLUMNS, 'vouchers'))).execute(db);
  await sql.raw(statesUpsert(all(VOUCHER_COLUMNS, 'vouchers'))).execute(db);
  await sql.raw(redemptionsUpsert(all(REDEMPTION_COLUMNS, 'voucher_redemptions'))).execute(db);
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
    for (const [event] of EVENTS) {
      await sql.raw(`drop trigger if exists ${table}_report_${event}${postgres ? ` on ${table}` : ''}`).execute(db);
      if (postgres) await sql.raw(`drop function if exists ${table}_report_${event}()`).execute(db);
    }
  }
  await db.schema.dropIndex('voucher_redemptions_campaign_at').ifExists().execute();
  for (const table of TABLES) await db.schema.dropTable(table).ifExists().execute();
}
