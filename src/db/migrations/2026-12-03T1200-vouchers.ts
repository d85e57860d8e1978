/**
 * Consumption vouchers (issue 13): campaigns (funder, categories, accepted merchants, packs, limits as JSON
 * text), rounds (their `issued` counter may never pass `quantity`: a CHECK, besides the conditional UPDATE
 * that issues; the hold of the round's whole budget in the ledger), packs claimed (one row per claim, what
 * the per-person limits count), vouchers (unique codes, one owner, face and threshold, valid_until) and
 * redemptions. The per-person lock rows serialise one person's claims across every campaign, as
 * quota_locks do for grants. Money is integer fen.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('voucher_campaigns')
    .addColumn('id', 'varchar(40)', (column) => column.primaryKey())
    .addColumn('name', 'varchar(100)', (column) => column.notNull())
    .addColumn('funder_kind', 'varchar(10)', (column) => column.notNull())
    .addColumn('pool_id', 'varchar(120)', (column) => column.notNull())
    .addColumn('union_name', 'varchar(100)')
    .addColumn('credit_code', 'varchar(18)')
    .addColumn('categories', 'text', (column) => column.notNull())
    .addColumn('excluded_categories', 'text', (column) => column.notNull())
    .addColumn('units', 'text', (column) => column.notNull())
    .addColumn('merchants', 'text', (column) => column.notNull())
    .addColumn('pack', 'text', (column) => column.notNull())
    .addColumn('pack_face_fen', 'bigint', (column) => column.notNull())
    .addColumn('limits', 'text', (column) => column.notNull())
    .addColumn('stacking', 'integer', (column) => column.notNull())
    .addColumn('refund_rule', 'varchar(10)', (column) => column.notNull())
    .addColumn('created_by', 'varchar(80)', (column) => column.notNull())
    .addColumn('created_at', 'varchar(30)', (column) => column.notNull())
    .addCheckConstraint('voucher_campaigns_funder', sql`funder_kind in ('city', 'union')`)
    .addCheckConstraint('voucher_campaigns_refund', sql`refund_rule in ('restore', 'forfeit')`)
    .addCheckConstraint('voucher_campaigns_face', sql`pack_face_fen > 0`)
    .execute();

  await db.schema
    .createTable('voucher_rounds')
    .addColumn('id', 'varchar(40)', (column) => column.primaryKey())
    .addColumn('campaign_id', 'varchar(40)', (column) => column.notNull())
    .addColumn('release_at', 'varchar(30)', (column) => column.notNull())
    .addColumn('quantity', 'integer', (column) => column.notNull())
    .addColumn('issued', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('valid_days', 'integer', (column) => column.notNull())
    .addColumn('mode', 'varchar(20)', (column) => column.notNull())
    .addColumn('state', 'varchar(20)', (column) => column.notNull())
    .addColumn('budget_fen', 'bigint', (column) => column.notNull())
    .addColumn('held_fen', 'bigint', (column) => column.notNull())
    .addColumn('spent_fen', 'bigint', (column) => column.notNull().defaultTo(0))
    .addColumn('redeemed', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('hold_id', 'varchar(40)')
    .addColumn('created_by', 'varchar(80)', (column) => column.notNull())
    .addColumn('created_at', 'varchar(30)', (column) => column.notNull())
    .addCheckConstraint('voucher_rounds_issued', sql`issued >= 0 and issued <= quantity`)
    .addCheckConstraint(
      'voucher_rounds_money',
      sql`held_fen >= 0 and spent_fen >= 0 and held_fen + spent_fen <= budget_fen`,
    )
    .addCheckConstraint('voucher_rounds_mode', sql`mode in ('first_come', 'lottery')`)
    .addCheckConstraint(
      'voucher_rounds_state',
      sql`state in ('scheduled', 'registration', 'drawn', 'open', 'closed', 'expired', 'cancelled')`,
    )
    .execute();
  await db.schema.createIndex('voucher_rounds_campaign').on('voucher_rounds').column('campaign_id').execute();

  await db.schema
    .createTable('voucher_packs')
    .addColumn('id', 'varchar(40)', (column) => column.primaryKey())
    .addColumn('round_id', 'varchar(40)', (column) => column.notNull())
    .addColumn('campaign_id', 'varchar(40)', (column) => column.notNull())
    .addColumn('owner_id', 'varchar(80)', (column) => column.notNull())
    .addColumn('funder_kind', 'varchar(10)', (column) => column.notNull())
    .addColumn('year', 'integer', (column) => column.notNull())
    .addColumn('face_fen', 'bigint', (column) => column.notNull())
    .addColumn('claimed_at', 'varchar(30)', (column) => column.notNull())
    .execute();
  await db.schema.createIndex('voucher_packs_owner').on('voucher_packs').columns(['owner_id', 'round_id']).execute();
  await db.schema
    .createIndex('voucher_packs_owner_year')
    .on('voucher_packs')
    .columns(['owner_id', 'funder_kind', 'year'])
    .execute();

  await db.schema
    .createTable('vouchers')
    .addColumn('id', 'varchar(40)', (column) => column.primaryKey())
    .addColumn('code', 'varchar(40)', (column) => column.notNull().unique())
    .addColumn('pack_id', 'varchar(40)', (column) => column.notNull())
    .addColumn('round_id', 'varchar(40)', (column) => column.notNull())
    .addColumn('campaign_id', 'varchar(40)', (column) => column.notNull())
    .addColumn('owner_id', 'varchar(80)', (column) => column.notNull())
    .addColumn('face_fen', 'bigint', (column) => column.notNull())
    .addColumn('threshold_fen', 'bigint', (column) => column.notNull())
    .addColumn('valid_until', 'varchar(30)', (column) => column.notNull())
    .addColumn('state', 'varchar(10)', (column) => column.notNull())
    .addColumn('claimed_at', 'varchar(30)', (column) => column.notNull())
    .addColumn('updated_at', 'varchar(30)', (column) => column.notNull())
    .addCheckConstraint('vouchers_state', sql`state in ('issued', 'redeemed', 'expired', 'refunded')`)
    .addCheckConstraint('vouchers_amounts', sql`face_fen > 0 and threshold_fen >= 0`)
    .execute();
  await db.schema.createIndex('vouchers_owner').on('vouchers').columns(['owner_id', 'claimed_at']).execute();
  await db.schema.createIndex('vouchers_round').on('vouchers').columns(['round_id', 'state']).execute();

  await db.schema
    .createTable('voucher_redemptions')
    .addColumn('id', 'varchar(40)', (column) => column.primaryKey())
    .addColumn('voucher_id', 'varchar(40)', (column) => column.notNull())
    .addColumn('round_id', 'varchar(40)', (column) => column.notNull())
    .addColumn('campaign_id', 'varchar(40)', (column) => column.notNull())
    .addColumn('merchant_id', 'varchar(80)', (column) => column.notNull())
    .addColumn('unit_id', 'varchar(80)')
    .addColumn('cashier_id', 'varchar(80)', (column) => column.notNull())
    .addColumn('category', 'varchar(60)', (column) => column.notNull())
    .addColumn('bill_fen', 'bigint', (column) => column.notNull())
    .addColumn('discount_fen', 'bigint', (column) => column.notNull())
    .addColumn('pay_fen', 'bigint', (column) => column.notNull())
    .addColumn('hold_id', 'varchar(40)', (column) => column.notNull())
    .addColumn('at', 'varchar(30)', (column) => column.notNull())
    .addCheckConstraint(
      'voucher_redemptions_amounts',
      sql`bill_fen > 0 and discount_fen > 0 and pay_fen >= 0 and discount_fen + pay_fen = bill_fen`,
    )
    .execute();
  // One standing redemption per voucher: a second till at once fails here even if the state guard did not.
  await db.schema
    .createIndex('voucher_redemptions_voucher')
    .on('voucher_redemptions')
    .column('voucher_id')
    .unique()
    .execute();
  await db.schema.createIndex('voucher_redemptions_round').on('voucher_redemptions').column('round_id').execute();

  await db.schema
    .createTable('voucher_person_locks')
    .addColumn('person_id', 'varchar(80)', (column) => column.primaryKey())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'voucher_person_locks',
    'voucher_redemptions',
    'vouchers',
    'voucher_packs',
    'voucher_rounds',
    'voucher_campaigns',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
