/**
 * A redemption's settlement state in a narrow table of its own: `trade_in_redemption_settlement`
 * (redemption_id, settlement_id, committed), one row per redemption once a batch has taken it, instead of
 * two columns of the sale's row. The sale's row is about 1.4 KB (the zh-CN and English explanations, the
 * clause, the parameter version, the buyer's cipher), and a settlement of 100,000 rewrote every one of
 * them twice: once when the batch took it and once at final approval (bench/README.md, "Settlement"), on
 * PostgreSQL with a new entry in each of the table's eight indexes each time. Now the batch writes 100,000
 * rows of about 80 bytes and the final approval updates those.
 *
 * "Settled" is no longer written into the sale's `state`: a redemption reads as settled while it is
 * committed and not returned in full (what final approval and a later partial return wrote before), and
 * the repositories work that out as they read it. Existing rows keep what they have; the settlement state
 * of each is copied here.
 */
import { sql, type Kysely } from 'kysely';
import { isPostgres, rebuild, replaceOnce } from './sqlite-rebuild.js';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('trade_in_redemption_settlement')
    .addColumn('redemption_id', 'varchar(40)', (column) => column.primaryKey())
    .addColumn('settlement_id', 'varchar(40)')
    .addColumn('committed', 'integer', (column) => column.notNull().defaultTo(0))
    .addCheckConstraint('trade_in_redemption_settlement_committed', sql`committed in (0, 1)`)
    .execute();
  await db.schema
    .createIndex('trade_in_redemption_settlement_batch')
    .on('trade_in_redemption_settlement')
    .column('settlement_id')
    .execute();
  await sql`insert into trade_in_redemption_settlement (redemption_id, settlement_id, committed)
    select id, settlement_id, committed from trade_in_redemptions
    where settlement_id is not null or committed <> 0`.execute(db);
  await db.schema.dropIndex('trade_in_redemptions_settlement').execute();
  if (isPostgres(db)) {
    await db.schema.alterTable('trade_in_redemptions').dropColumn('settlement_id').execute();
    await db.schema.alterTable('trade_in_redemptions').dropColumn('committed').execute();
    return;
  }
  // SQLite re-parses every trigger on DROP COLUMN and rejects the report triggers (sqlite-rebuild.ts).
  await rebuild(db, 'trade_in_redemptions', (create) =>
    replaceOnce(
      replaceOnce(create, ', "settlement_id" varchar(40)', ''),
      ', "committed" integer default 0 not null',
      '',
    ),
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('trade_in_redemptions').addColumn('settlement_id', 'varchar(40)').execute();
  await db.schema
    .alterTable('trade_in_redemptions')
    .addColumn('committed', 'integer', (column) => column.notNull().defaultTo(0))
    .execute();
  await sql`update trade_in_redemptions set
    settlement_id = (select s.settlement_id from trade_in_redemption_settlement s where s.redemption_id = trade_in_redemptions.id),
    committed = coalesce((select s.committed from trade_in_redemption_settlement s where s.redemption_id = trade_in_redemptions.id), 0)`.execute(
    db,
  );
  await sql`update trade_in_redemptions set state = 'settled' where committed = 1 and state <> 'returned'`.execute(db);
  await db.schema
    .createIndex('trade_in_redemptions_settlement')
    .on('trade_in_redemptions')
    .column('settlement_id')
    .execute();
  await db.schema.dropTable('trade_in_redemption_settlement').execute();
}
