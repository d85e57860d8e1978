/**
 * The campaign report's running sums (issue 13 §6, services/vouchers/voucher-report.ts), kept by the database
 * itself in the transaction of every write, so a dashboard figure reads a few hundred rows whatever the number of
 * redemptions (a GROUP BY over covering indexes read 1,500,000 vouchers in 0.2–0.5 s, past the 200 ms goal:
 * bench/voucher-dashboard.bench.ts), and no write path has to remember them: claims, draws, redemptions,
 * refunds, expiry and settlement change these tables' rows, and triggers add what changed.
 *
 * - voucher_report_claims (round, valid_until): vouchers claimed and their face.
 * - voucher_report_redemptions (campaign, grouping, key): standing redemptions (standing = 1) with the bill and
 *   discount they keep after refunds, and the face of their vouchers, by round, by round and the voucher's end
 *   of validity (`validity`, key `<round>|<valid_until>`), category, the merchant's unit ('' when not recorded)
 *   and merchant. A voucher is `redeemed` exactly while it has a standing redemption (the unique index on
 *   (voucher_id, standing)), so these also count redeemed vouchers.
 * - voucher_report_states (round, state, valid_until, writer): vouchers now expired or refunded (both final).
 *   `issued` ones are the claims less the redeemed, expired and refunded.
 *
 * Locks (PostgreSQL): a sums row is only ever taken after the rows every writer of it already queues on. Claims
 * and draws take the round's row before their vouchers (claims sums); redemptions and refunds take the
 * campaign's pool row before their redemption row (redemption sums); a redemption's move of its voucher
 * (issued → redeemed) changes no sums row. Expiry and full refunds both move vouchers into expired, in opposite
 * orders to the round and pool rows, so their states rows are their own: `writer` is the transaction id (SQLite,
 * one writer at a time: ''), and the report adds the few rows up. So no two transactions can each hold a sums row
 * while waiting for a lock of the other's.
 *
 * SQLite: row triggers. PostgreSQL: statement triggers over transition tables (a multi-row insert or update adds
 * one aggregate per group), in PL/pgSQL functions bound to this schema; a statement that moves none of the sums
 * (a settlement marking its redemptions) writes none. Rows whose counts fall to 0 stay and are left out of the
 * report. The sums are back-filled from the rows already there. Also an index for the flags' review period.
 */
import { sql, type Kysely } from 'kysely';

function isPostgres(db: Kysely<any>): boolean {
  return sql`select ${1}`.compile(db).sql.includes('$1');
}

const TABLES = ['voucher_report_claims', 'voucher_report_states', 'voucher_report_redemptions'] as const;
const GROUPINGS = [
  ['round', 'round_id'],
  ['validity', "round_id || '|' || valid_until"],
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
    .addColumn('writer', 'varchar(20)', (column) => column.notNull())
    .addColumn('campaign_id', 'varchar(40)', (column) => column.notNull())
    .addColumn('vouchers', 'bigint', (column) => column.notNull())
    .addColumn('face_fen', 'bigint', (column) => column.notNull())
    .addPrimaryKeyConstraint('voucher_report_states_pk', ['round_id', 'state', 'valid_until', 'writer'])
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
    .addColumn('face_fen', 'bigint', (column) => column.notNull())
    .addPrimaryKeyConstraint('voucher_report_redemptions_pk', ['campaign_id', 'grouping', 'key'])
    .execute();
  await db.schema
    .createIndex('voucher_redemptions_campaign_at')
    .on('voucher_redemptions')
    .columns(['campaign_id', 'at'])
    .execute();
}

/**
 * Signed deltas from `source`: rows of voucher_redemptions with a sign `m` and their voucher's `valid_until` and
 * `face_fen`. A standing redemption counts with what it keeps: the bill less its refunds, the discount less what
 * came back.
 */
function redemptionsUpsert(source: string): string {
  const kept = `select campaign_id, round_id, category, unit_id, merchant_id, valid_until, face_fen,
      case when standing = 1 then m else 0 end as m,
      discount_fen - returned_discount_fen as discount_fen, bill_fen - refunded_bill_fen as bill_fen
    from (${source}) s where true`;
  const grouped = GROUPINGS.map(
    ([grouping, key]) => `select campaign_id, '${grouping}' as grouping, ${key} as key, m, discount_fen, bill_fen,
      face_fen from (${kept}) d where true`,
  ).join(' union all ');
  return `insert into voucher_report_redemptions as t
      (campaign_id, grouping, key, redeemed, voucher_fen, sales_fen, face_fen)
    select campaign_id, grouping, key, sum(m), sum(m * discount_fen), sum(m * bill_fen), sum(m * face_fen)
    from (${grouped}) g where true group by campaign_id, grouping, key
    having sum(m) <> 0 or sum(m * discount_fen) <> 0 or sum(m * bill_fen) <> 0 or sum(m * face_fen) <> 0
    on conflict (campaign_id, grouping, key) do update set redeemed = t.redeemed + excluded.redeemed,
      voucher_fen = t.voucher_fen + excluded.voucher_fen, sales_fen = t.sales_fen + excluded.sales_fen,
      face_fen = t.face_fen + excluded.face_fen`;
}

function claimsUpsert(source: string): string {
  return `insert into voucher_report_claims as t (round_id, valid_until, campaign_id, vouchers, face_fen)
    select round_id, valid_until, min(campaign_id), sum(m), sum(m * face_fen) from (${source}) d
    where true group by round_id, valid_until having sum(m) <> 0 or sum(m * face_fen) <> 0
    on conflict (round_id, valid_until) do update set vouchers = t.vouchers + excluded.vouchers,
      face_fen = t.face_fen + excluded.face_fen`;
}

function statesUpsert(source: string, writer: string): string {
  return `insert into voucher_report_states as t (round_id, state, valid_until, writer, campaign_id, vouchers, face_fen)
    select round_id, state, valid_until, ${writer}, min(campaign_id), sum(m), sum(m * face_fen) from (${source}) d
    where state in ('expired', 'refunded')
    group by round_id, state, valid_until having sum(m) <> 0 or sum(m * face_fen) <> 0
    on conflict (round_id, state, valid_until, writer) do update set vouchers = t.vouchers + excluded.vouchers,
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
const EVENTS = ['insert', 'delete', 'update'] as const;

/** PostgreSQL: one statement trigger per table and event, over its transition tables. */
async function postgresTriggers(db: Kysely<any>): Promise<void> {
  for (const event of EVENTS) {
    const signed = (table: 'new_rows' | 'old_rows', sign: 1 | -1, redemptions: boolean) =>
      redemptions
        ? `select ${REDEMPTION_COLUMNS.map((column) => `r.${column}`).join(', ')}, v.valid_until, v.face_fen, ${sign} as m
           from ${table} r join vouchers v on v.id = r.voucher_id`
        : `select ${VOUCHER_COLUMNS.join(', ')}, ${sign} as m from ${table}`;
    const source = (redemptions: boolean) =>
      event === 'insert'
        ? signed('new_rows', 1, redemptions)
        : event === 'delete'
          ? signed('old_rows', -1, redemptions)
          : `${signed('new_rows', 1, redemptions)} union all ${signed('old_rows', -1, redemptions)}`;
    const referencing =
      event === 'insert'
        ? 'new table as new_rows'
        : event === 'delete'
          ? 'old table as old_rows'
          : 'old table as old_rows new table as new_rows';
    const bodies: [string, string[]][] = [
      ['voucher_redemptions', [redemptionsUpsert(source(true))]],
      ['vouchers', [claimsUpsert(source(false)), statesUpsert(source(false), 'txid_current()::text')]],
    ];
    for (const [table, statements] of bodies) {
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

/** SQLite: one writer at a time, so plain row triggers; `new`/`old` as one-row sources with their sign. */
async function sqliteTriggers(db: Kysely<any>): Promise<void> {
  for (const event of EVENTS) {
    const signs =
      event === 'insert'
        ? ([['new', 1]] as const)
        : event === 'delete'
          ? ([['old', -1]] as const)
          : ([
              ['new', 1],
              ['old', -1],
            ] as const);
    const redemptions = signs
      .map(
        ([alias, sign]) =>
          `select ${REDEMPTION_COLUMNS.map((column) => `${alias}.${column} as ${column}`).join(', ')},
          (select valid_until from vouchers where id = ${alias}.voucher_id) as valid_until,
          (select face_fen from vouchers where id = ${alias}.voucher_id) as face_fen, ${sign} as m`,
      )
      .join(' union all ');
    const vouchers = signs
      .map(
        ([alias, sign]) =>
          `select ${VOUCHER_COLUMNS.map((column) => `${alias}.${column} as ${column}`).join(', ')}, ${sign} as m`,
      )
      .join(' union all ');
    const of = (columns: readonly string[]) => (event === 'update' ? ` of ${columns.join(', ')}` : '');
    await sql
      .raw(
        `create trigger voucher_redemptions_report_${event} after ${event}${of(REDEMPTION_COLUMNS)}
        on voucher_redemptions begin ${redemptionsUpsert(redemptions)}; end`,
      )
      .execute(db);
    await sql
      .raw(
        `create trigger vouchers_report_${event} after ${event}${of(VOUCHER_COLUMNS)} on vouchers begin
        ${claimsUpsert(vouchers)}; ${statesUpsert(vouchers, "''")}; end`,
      )
      .execute(db);
  }
}

async function backfill(db: Kysely<any>, postgres: boolean): Promise<void> {
  const vouchers = `select ${VOUCHER_COLUMNS.join(', ')}, 1 as m from vouchers`;
  await sql.raw(claimsUpsert(vouchers)).execute(db);
  await sql.raw(statesUpsert(vouchers, postgres ? 'txid_current()::text' : "''")).execute(db);
  await sql
    .raw(
      redemptionsUpsert(`select ${REDEMPTION_COLUMNS.map((column) => `r.${column}`).join(', ')}, v.valid_until,
        v.face_fen, 1 as m from voucher_redemptions r join vouchers v on v.id = r.voucher_id`),
    )
    .execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = isPostgres(db);
  await createTables(db);
  await backfill(db, postgres);
  if (postgres) await postgresTriggers(db);
  else await sqliteTriggers(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  const postgres = isPostgres(db);
  for (const table of ['voucher_redemptions', 'vouchers']) {
    for (const event of EVENTS) {
      await sql.raw(`drop trigger if exists ${table}_report_${event}${postgres ? ` on ${table}` : ''}`).execute(db);
      if (postgres) await sql.raw(`drop function if exists ${table}_report_${event}()`).execute(db);
    }
  }
  await db.schema.dropIndex('voucher_redemptions_campaign_at').ifExists().execute();
  for (const table of TABLES) await db.schema.dropTable(table).ifExists().execute();
}
