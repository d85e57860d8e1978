/**
 * Vouchers settle through the trade-in settlement batches (issue 13 §5): a batch says which programme it pays
 * (`trade_in` or `voucher`) and, for vouchers, the funder's pool its money comes from — a city voucher pool or
 * a union's own — so one batch never mixes the city's money with a union's. A refund after the merchant was
 * paid is a clawback (`voucher_clawbacks`): the discount's commit is reversed in the ledger at once and the
 * amount netted in the merchant's next voucher batch from the same pool.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('settlements')
    .addColumn('programme', 'varchar(20)', (column) => column.notNull().defaultTo('trade_in'))
    .execute();
  await db.schema.alterTable('settlements').addColumn('pool_id', 'varchar(200)').execute();
  await db.schema
    .createTable('voucher_clawbacks')
    .addColumn('id', 'varchar(40)', (column) => column.primaryKey())
    .addColumn('redemption_id', 'varchar(40)', (column) => column.notNull())
    .addColumn('merchant_id', 'varchar(80)', (column) => column.notNull())
    .addColumn('unit_id', 'varchar(80)', (column) => column.notNull())
    .addColumn('pool_id', 'varchar(200)', (column) => column.notNull())
    .addColumn('amount_fen', 'bigint', (column) => column.notNull())
    .addColumn('settlement_id', 'varchar(40)')
    .addColumn('created_at', 'varchar(30)', (column) => column.notNull())
    .addCheckConstraint('voucher_clawbacks_amount', sql`amount_fen > 0`)
    .execute();
  await db.schema
    .createIndex('voucher_clawbacks_open')
    .on('voucher_clawbacks')
    .columns(['merchant_id', 'unit_id', 'pool_id', 'settlement_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('voucher_clawbacks').ifExists().execute();
  await db.schema.alterTable('settlements').dropColumn('pool_id').execute();
  await db.schema.alterTable('settlements').dropColumn('programme').execute();
}
