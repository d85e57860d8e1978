/**
 * Reimbursement claims (issue 12): applications with their facts (encrypted: they carry names, birth
 * dates, addresses), evidence files (content-addressed, described here), stage reviews with their
 * working-day deadlines, and payout batches with one line per claim. Money is integer fen; CHECK
 * constraints keep states to their list and amounts from going negative.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('claims')
    .addColumn('id', 'varchar(40)', (column) => column.primaryKey())
    .addColumn('reference', 'varchar(40)', (column) => column.notNull().unique())
    .addColumn('line', 'varchar(40)', (column) => column.notNull())
    .addColumn('unit_id', 'varchar(80)', (column) => column.notNull())
    .addColumn('applicant_id', 'varchar(80)', (column) => column.notNull())
    .addColumn('applicant_name', 'varchar(200)', (column) => column.notNull())
    .addColumn('merchant_id', 'varchar(80)')
    .addColumn('state', 'varchar(20)', (column) => column.notNull())
    .addColumn('stage_index', 'integer')
    .addColumn('due_on', 'varchar(10)')
    .addColumn('facts_cipher', 'text', (column) => column.notNull())
    .addColumn('new_car_key', 'varchar(80)')
    .addColumn('old_car_key', 'varchar(80)')
    .addColumn('dwelling_key', 'varchar(80)')
    .addColumn('entity_key', 'varchar(80)')
    .addColumn('subsidy_fen', 'bigint', (column) => column.notNull())
    .addColumn('eligible', 'integer', (column) => column.notNull())
    .addColumn('decision', 'text', (column) => column.notNull())
    .addColumn('rule_date', 'varchar(10)', (column) => column.notNull())
    .addColumn('pool_id', 'varchar(120)')
    .addColumn('hold_id', 'varchar(40)')
    .addColumn('payee_name', 'varchar(100)')
    .addColumn('payee_bank', 'varchar(100)')
    .addColumn('payee_account_cipher', 'text')
    .addColumn('payee_account_last4', 'varchar(4)')
    .addColumn('payout_batch_id', 'varchar(40)')
    .addColumn('payout_failure', 'text')
    .addColumn('top_up_of', 'varchar(40)')
    .addColumn('created_at', 'varchar(30)', (column) => column.notNull())
    .addColumn('submitted_at', 'varchar(30)')
    .addColumn('decided_at', 'varchar(30)')
    .addColumn('updated_at', 'varchar(30)', (column) => column.notNull())
    .addCheckConstraint(
      'claims_state',
      sql`state in ('draft', 'reviewing', 'returned', 'approved', 'in_payout', 'paid', 'payout_failed', 'rejected', 'withdrawn')`,
    )
    .addCheckConstraint('claims_amount', sql`subsidy_fen >= 0`)
    .execute();
  await db.schema.createIndex('claims_applicant').on('claims').columns(['applicant_id', 'created_at']).execute();
  await db.schema
    .createIndex('claims_queue')
    .on('claims')
    .columns(['state', 'line', 'stage_index', 'due_on'])
    .execute();
  await db.schema.createIndex('claims_top_up').on('claims').column('top_up_of').execute();

  await db.schema
    .createTable('claim_evidence')
    .addColumn('id', 'varchar(40)', (column) => column.primaryKey())
    .addColumn('claim_id', 'varchar(40)', (column) => column.notNull())
    .addColumn('kind', 'varchar(40)', (column) => column.notNull())
    .addColumn('sha256', 'varchar(64)', (column) => column.notNull())
    .addColumn('media_type', 'varchar(40)', (column) => column.notNull())
    .addColumn('size_bytes', 'integer', (column) => column.notNull())
    .addColumn('file_name', 'varchar(200)', (column) => column.notNull())
    .addColumn('uploaded_by', 'varchar(80)', (column) => column.notNull())
    .addColumn('uploaded_at', 'varchar(30)', (column) => column.notNull())
    .execute();
  await db.schema.createIndex('claim_evidence_claim').on('claim_evidence').column('claim_id').execute();

  await db.schema
    .createTable('claim_reviews')
    .addColumn('id', 'varchar(40)', (column) => column.primaryKey())
    .addColumn('claim_id', 'varchar(40)', (column) => column.notNull())
    .addColumn('stage', 'varchar(40)', (column) => column.notNull())
    .addColumn('stage_index', 'integer', (column) => column.notNull())
    .addColumn('decision', 'varchar(10)', (column) => column.notNull())
    .addColumn('reason_codes', 'text', (column) => column.notNull())
    .addColumn('comment', 'text')
    .addColumn('reviewer_id', 'varchar(80)', (column) => column.notNull())
    .addColumn('reviewer_name', 'varchar(100)', (column) => column.notNull())
    .addColumn('at', 'varchar(30)', (column) => column.notNull())
    .addColumn('due_on', 'varchar(10)')
    .addColumn('late', 'integer', (column) => column.notNull())
    .addCheckConstraint('claim_reviews_decision', sql`decision in ('approve', 'reject', 'return')`)
    .execute();
  await db.schema.createIndex('claim_reviews_claim').on('claim_reviews').column('claim_id').execute();

  await db.schema
    .createTable('claim_payout_batches')
    .addColumn('id', 'varchar(40)', (column) => column.primaryKey())
    .addColumn('reference', 'varchar(40)', (column) => column.notNull().unique())
    .addColumn('state', 'varchar(20)', (column) => column.notNull())
    .addColumn('claims', 'integer', (column) => column.notNull())
    .addColumn('total_fen', 'bigint', (column) => column.notNull())
    .addColumn('paid_fen', 'bigint', (column) => column.notNull().defaultTo(0))
    .addColumn('failed', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('created_by', 'varchar(80)', (column) => column.notNull())
    .addColumn('created_at', 'varchar(30)', (column) => column.notNull())
    .addCheckConstraint('claim_payout_batches_state', sql`state in ('exported', 'paid', 'partially_paid', 'failed')`)
    .addCheckConstraint('claim_payout_batches_amounts', sql`total_fen >= 0 and paid_fen >= 0 and paid_fen <= total_fen`)
    .execute();

  await db.schema
    .createTable('claim_payouts')
    .addColumn('batch_id', 'varchar(40)', (column) => column.notNull())
    .addColumn('claim_id', 'varchar(40)', (column) => column.notNull())
    .addColumn('amount_fen', 'bigint', (column) => column.notNull())
    .addColumn('payee_name', 'varchar(100)', (column) => column.notNull())
    .addColumn('payee_bank', 'varchar(100)', (column) => column.notNull())
    .addColumn('payee_account_cipher', 'text', (column) => column.notNull())
    .addColumn('status', 'varchar(10)', (column) => column.notNull())
    .addColumn('bank_reference', 'varchar(80)')
    .addColumn('failure_reason', 'text')
    .addColumn('recorded_at', 'varchar(30)')
    .addPrimaryKeyConstraint('claim_payouts_pk', ['batch_id', 'claim_id'])
    .addCheckConstraint('claim_payouts_status', sql`status in ('pending', 'paid', 'failed')`)
    .addCheckConstraint('claim_payouts_amount', sql`amount_fen >= 0`)
    .execute();
  await db.schema.createIndex('claim_payouts_claim').on('claim_payouts').column('claim_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['claim_payouts', 'claim_payout_batches', 'claim_reviews', 'claim_evidence', 'claims']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
