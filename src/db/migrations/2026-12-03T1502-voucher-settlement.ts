/**
 * Vouchers settle through the trade-in settlement batches (issue 13 §5): a batch says which programme it pays
 * (`trade_in` or `voucher`) and, for vouchers, the funder's pool its money comes from — a city voucher pool or
 * a union's own — so one batch never mixes the city's money with a union's.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('settlements')
    .addColumn('programme', 'varchar(20)', (column) => column.notNull().defaultTo('trade_in'))
    .execute();
  await db.schema.alterTable('settlements').addColumn('pool_id', 'varchar(200)').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('settlements').dropColumn('pool_id').execute();
  await db.schema.alterTable('settlements').dropColumn('programme').execute();
}
