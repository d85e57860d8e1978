/**
 * Trade-in end to end (issue 11): merchants' memberships and the credit lists that bar them, citizens'
 * qualifications and the daily release that numbers them, redemptions at the till with their funding
 * shares (one budget hold per source), the goods register that lets a serial number, IMEI or VIN be
 * subsidised once on the whole platform, returns and clawbacks, and settlement batches with their
 * lines, reviews and payment results. Money columns are integer fen; CHECK constraints keep what can
 * never be negative from being so, and the qualification release from handing out more than it has.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('trade_in_memberships')
    .addColumn('id', 'varchar(40)', (column) => column.primaryKey())
    .addColumn('merchant_id', 'varchar(80)', (column) => column.notNull())
    .addColumn('lines', 'text', (column) => column.notNull())
    .addColumn('units', 'text', (column) => column.notNull())
    .addColumn('categories', 'text', (column) => column.notNull())
    .addColumn('stores', 'text', (column) => column.notNull())
    .addColumn('bank_account_name', 'varchar(100)', (column) => column.notNull())
    .addColumn('bank_account_cipher', 'text', (column) => column.notNull())
    .addColumn('bank_account_last4', 'varchar(4)', (column) => column.notNull())
    .addColumn('bank_name', 'varchar(100)', (column) => column.notNull())
    .addColumn('state', 'varchar(20)', (column) => column.notNull())
    .addColumn('reason', 'text')
    .addColumn('applied_by', 'varchar(80)', (column) => column.notNull())
    .addColumn('decided_by', 'varchar(80)')
    .addColumn('decided_at', 'varchar(30)')
    .addColumn('created_at', 'varchar(30)', (column) => column.notNull())
    .addCheckConstraint('trade_in_memberships_state', sql`state in ('applied', 'approved', 'refused', 'suspended')`)
    .execute();
  await db.schema
    .createIndex('trade_in_memberships_merchant')
    .on('trade_in_memberships')
    .column('merchant_id')
    .execute();

  await db.schema
    .createTable('credit_listings')
    .addColumn('credit_code', 'varchar(18)', (column) => column.notNull())
    .addColumn('list', 'varchar(30)', (column) => column.notNull())
    .addColumn('listed_on', 'varchar(10)', (column) => column.notNull())
    .addColumn('removed_on', 'varchar(10)')
    .addColumn('source', 'varchar(200)', (column) => column.notNull())
    .addColumn('recorded_by', 'varchar(80)', (column) => column.notNull())
    .addColumn('recorded_at', 'varchar(30)', (column) => column.notNull())
    .addPrimaryKeyConstraint('credit_listings_pk', ['credit_code', 'list', 'listed_on'])
    .execute();

  await db.schema
    .createTable('trade_in_releases')
    .addColumn('line', 'varchar(40)', (column) => column.notNull())
    .addColumn('day', 'varchar(10)', (column) => column.notNull())
    .addColumn('released', 'integer', (column) => column.notNull())
    .addColumn('claimed', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('released_at', 'varchar(30)', (column) => column.notNull())
    .addColumn('why', 'text', (column) => column.notNull())
    .addPrimaryKeyConstraint('trade_in_releases_pk', ['line', 'day'])
    .addCheckConstraint('trade_in_releases_bounds', sql`claimed >= 0 and claimed <= released`)
    .execute();

  await db.schema
    .createTable('trade_in_qualifications')
    .addColumn('id', 'varchar(40)', (column) => column.primaryKey())
    .addColumn('citizen_id', 'varchar(80)', (column) => column.notNull())
    .addColumn('line', 'varchar(40)', (column) => column.notNull())
    .addColumn('category', 'varchar(80)', (column) => column.notNull())
    .addColumn('year', 'integer', (column) => column.notNull())
    .addColumn('day', 'varchar(10)', (column) => column.notNull())
    .addColumn('state', 'varchar(20)', (column) => column.notNull())
    .addColumn('short_code', 'varchar(12)', (column) => column.notNull().unique())
    .addColumn('valid_until', 'varchar(30)', (column) => column.notNull())
    .addColumn('claimed_at', 'varchar(30)', (column) => column.notNull())
    .addColumn('used_at', 'varchar(30)')
    .addColumn('redemption_id', 'varchar(40)')
    .addCheckConstraint('trade_in_qualifications_state', sql`state in ('active', 'used', 'expired')`)
    .execute();
  await db.schema
    .createIndex('trade_in_qualifications_holder')
    .on('trade_in_qualifications')
    .columns(['citizen_id', 'category', 'year'])
    .execute();

  await db.schema
    .createTable('subsidised_goods')
    .addColumn('goods_key', 'varchar(80)', (column) => column.primaryKey())
    .addColumn('subject', 'varchar(80)', (column) => column.notNull())
    .addColumn('created_at', 'varchar(30)', (column) => column.notNull())
    .execute();

  await db.schema
    .createTable('trade_in_redemptions')
    .addColumn('id', 'varchar(40)', (column) => column.primaryKey())
    .addColumn('qualification_id', 'varchar(40)', (column) => column.notNull().unique())
    .addColumn('citizen_id', 'varchar(80)', (column) => column.notNull())
    .addColumn('merchant_id', 'varchar(80)', (column) => column.notNull())
    .addColumn('unit_id', 'varchar(80)', (column) => column.notNull())
    .addColumn('line', 'varchar(40)', (column) => column.notNull())
    .addColumn('category', 'varchar(80)', (column) => column.notNull())
    .addColumn('model', 'varchar(120)', (column) => column.notNull())
    .addColumn('serial_number', 'varchar(64)', (column) => column.notNull())
    .addColumn('goods_key', 'varchar(80)', (column) => column.notNull().unique())
    .addColumn('efficiency_grade', 'integer')
    .addColumn('final_price_fen', 'bigint', (column) => column.notNull())
    .addColumn('subsidy_fen', 'bigint', (column) => column.notNull())
    .addColumn('returned_price_fen', 'bigint', (column) => column.notNull().defaultTo(0))
    .addColumn('invoice_number', 'varchar(40)', (column) => column.notNull())
    .addColumn('invoice_buyer_cipher', 'text', (column) => column.notNull())
    .addColumn('explanation', 'text', (column) => column.notNull())
    .addColumn('explanation_en', 'text', (column) => column.notNull())
    .addColumn('clause', 'text', (column) => column.notNull())
    .addColumn('parameter_version', 'text', (column) => column.notNull())
    .addColumn('plan_version_id', 'varchar(80)', (column) => column.notNull())
    .addColumn('state', 'varchar(30)', (column) => column.notNull())
    .addColumn('settlement_id', 'varchar(40)')
    .addColumn('committed', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('cashier_id', 'varchar(80)', (column) => column.notNull())
    .addColumn('device_id', 'varchar(120)')
    .addColumn('day', 'varchar(10)', (column) => column.notNull())
    .addColumn('created_at', 'varchar(30)', (column) => column.notNull())
    .addUniqueConstraint('trade_in_redemptions_invoice', ['merchant_id', 'invoice_number'])
    .addCheckConstraint(
      'trade_in_redemptions_money',
      sql`final_price_fen >= 0 and subsidy_fen >= 0 and subsidy_fen <= final_price_fen and returned_price_fen >= 0 and returned_price_fen <= final_price_fen`,
    )
    .addCheckConstraint(
      'trade_in_redemptions_state',
      sql`state in ('redeemed', 'partially_returned', 'returned', 'settled')`,
    )
    .execute();
  await db.schema
    .createIndex('trade_in_redemptions_queue')
    .on('trade_in_redemptions')
    .columns(['merchant_id', 'unit_id', 'day'])
    .execute();
  await db.schema
    .createIndex('trade_in_redemptions_citizen')
    .on('trade_in_redemptions')
    .columns(['citizen_id', 'day'])
    .execute();
  await db.schema
    .createIndex('trade_in_redemptions_model')
    .on('trade_in_redemptions')
    .columns(['model', 'day'])
    .execute();
  await db.schema
    .createIndex('trade_in_redemptions_settlement')
    .on('trade_in_redemptions')
    .column('settlement_id')
    .execute();

  await db.schema
    .createTable('trade_in_redemption_shares')
    .addColumn('redemption_id', 'varchar(40)', (column) => column.notNull())
    .addColumn('source', 'varchar(20)', (column) => column.notNull())
    .addColumn('pool_id', 'varchar(200)', (column) => column.notNull())
    .addColumn('hold_id', 'varchar(40)', (column) => column.notNull())
    .addColumn('amount_fen', 'bigint', (column) => column.notNull())
    .addPrimaryKeyConstraint('trade_in_redemption_shares_pk', ['redemption_id', 'source'])
    .addCheckConstraint('trade_in_redemption_shares_amount', sql`amount_fen >= 0`)
    .execute();

  await db.schema
    .createTable('trade_in_returns')
    .addColumn('id', 'varchar(40)', (column) => column.primaryKey())
    .addColumn('redemption_id', 'varchar(40)', (column) => column.notNull())
    .addColumn('returned_price_fen', 'bigint', (column) => column.notNull())
    .addColumn('refund_fen', 'bigint', (column) => column.notNull())
    .addColumn('subsidy_back_fen', 'bigint', (column) => column.notNull())
    .addColumn('money', 'varchar(20)', (column) => column.notNull())
    .addColumn('reason', 'text', (column) => column.notNull())
    .addColumn('actor', 'varchar(80)', (column) => column.notNull())
    .addColumn('created_at', 'varchar(30)', (column) => column.notNull())
    .execute();
  await db.schema.createIndex('trade_in_returns_redemption').on('trade_in_returns').column('redemption_id').execute();

  await db.schema
    .createTable('trade_in_clawbacks')
    .addColumn('id', 'varchar(40)', (column) => column.primaryKey())
    .addColumn('redemption_id', 'varchar(40)', (column) => column.notNull())
    .addColumn('merchant_id', 'varchar(80)', (column) => column.notNull())
    .addColumn('unit_id', 'varchar(80)', (column) => column.notNull())
    .addColumn('amount_fen', 'bigint', (column) => column.notNull())
    .addColumn('settlement_id', 'varchar(40)')
    .addColumn('created_at', 'varchar(30)', (column) => column.notNull())
    .addCheckConstraint('trade_in_clawbacks_amount', sql`amount_fen > 0`)
    .execute();
  await db.schema
    .createIndex('trade_in_clawbacks_open')
    .on('trade_in_clawbacks')
    .columns(['merchant_id', 'unit_id', 'settlement_id'])
    .execute();

  await db.schema
    .createTable('settlements')
    .addColumn('id', 'varchar(40)', (column) => column.primaryKey())
    .addColumn('reference', 'varchar(80)', (column) => column.notNull().unique())
    .addColumn('merchant_id', 'varchar(80)', (column) => column.notNull())
    .addColumn('unit_id', 'varchar(80)', (column) => column.notNull())
    .addColumn('period_from', 'varchar(10)', (column) => column.notNull())
    .addColumn('period_to', 'varchar(10)', (column) => column.notNull())
    .addColumn('state', 'varchar(20)', (column) => column.notNull())
    .addColumn('stage_index', 'integer', (column) => column.notNull())
    .addColumn('gross_fen', 'bigint', (column) => column.notNull())
    .addColumn('clawback_fen', 'bigint', (column) => column.notNull())
    .addColumn('paid_fen', 'bigint', (column) => column.notNull().defaultTo(0))
    .addColumn('created_by', 'varchar(80)', (column) => column.notNull())
    .addColumn('created_at', 'varchar(30)', (column) => column.notNull())
    .addColumn('approved_at', 'varchar(30)')
    .addCheckConstraint(
      'settlements_state',
      sql`state in ('reviewing', 'returned', 'approved', 'paid', 'partially_paid', 'failed')`,
    )
    .addCheckConstraint('settlements_money', sql`gross_fen >= 0 and clawback_fen >= 0 and paid_fen >= 0`)
    .execute();
  await db.schema.createIndex('settlements_state').on('settlements').columns(['state', 'unit_id']).execute();

  await db.schema
    .createTable('settlement_lines')
    .addColumn('settlement_id', 'varchar(40)', (column) => column.notNull())
    .addColumn('item_id', 'varchar(40)', (column) => column.notNull())
    .addColumn('kind', 'varchar(20)', (column) => column.notNull())
    .addColumn('redemption_id', 'varchar(40)', (column) => column.notNull())
    .addColumn('amount_fen', 'bigint', (column) => column.notNull())
    .addColumn('held_out', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('held_out_reason', 'text')
    .addColumn('flags', 'text', (column) => column.notNull())
    .addPrimaryKeyConstraint('settlement_lines_pk', ['settlement_id', 'item_id'])
    .execute();

  await db.schema
    .createTable('settlement_reviews')
    .addColumn('settlement_id', 'varchar(40)', (column) => column.notNull())
    .addColumn('sequence', 'integer', (column) => column.notNull())
    .addColumn('stage', 'varchar(40)', (column) => column.notNull())
    .addColumn('decision', 'varchar(20)', (column) => column.notNull())
    .addColumn('reason', 'text')
    .addColumn('reviewer_id', 'varchar(80)', (column) => column.notNull())
    .addColumn('at', 'varchar(30)', (column) => column.notNull())
    .addPrimaryKeyConstraint('settlement_reviews_pk', ['settlement_id', 'sequence'])
    .execute();

  await db.schema
    .createTable('payment_results')
    .addColumn('settlement_id', 'varchar(40)', (column) => column.notNull())
    .addColumn('sequence', 'integer', (column) => column.notNull())
    .addColumn('status', 'varchar(20)', (column) => column.notNull())
    .addColumn('amount_fen', 'bigint', (column) => column.notNull())
    .addColumn('bank_reference', 'varchar(80)')
    .addColumn('failure_reason', 'text')
    .addColumn('imported_by', 'varchar(80)', (column) => column.notNull())
    .addColumn('imported_at', 'varchar(30)', (column) => column.notNull())
    .addPrimaryKeyConstraint('payment_results_pk', ['settlement_id', 'sequence'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'payment_results',
    'settlement_reviews',
    'settlement_lines',
    'settlements',
    'trade_in_clawbacks',
    'trade_in_returns',
    'trade_in_redemption_shares',
    'trade_in_redemptions',
    'subsidised_goods',
    'trade_in_qualifications',
    'trade_in_releases',
    'credit_listings',
    'trade_in_memberships',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
