/**
 * Issue 8 (hardening):
 * - A grant records the merchant it was made through (null for a reviewer's grant), so cashiers can
 *   return only what their own merchant sold.
 * - Idempotency records are now written inside the transaction of the effect they protect, so a
 *   committed record is always complete. Records left `pending` by the earlier scheme (claimed in a
 *   statement of their own, completed after the response) belong to no committed answer: removed.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('subsidy_grants').addColumn('merchant_id', 'varchar(40)').execute();
  await db.schema.createIndex('subsidy_grants_merchant').on('subsidy_grants').column('merchant_id').execute();
  await db.deleteFrom('idempotency_records').where('state', '=', 'pending').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('subsidy_grants_merchant').execute();
  await db.schema.alterTable('subsidy_grants').dropColumn('merchant_id').execute();
}
