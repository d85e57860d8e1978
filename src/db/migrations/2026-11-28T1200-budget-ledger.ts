/**
 * The budget ledger: pools with their balances, holds, and the double-entry transactions and postings
 * that move money between accounts. The rules that protect money are constraints here, so that no
 * code path (and no second app process) can break them: every balance ≥ 0, a pool's money all
 * accounted for, a hold never spending more than it reserved nor returning more than it spent, an
 * idempotency key used once.
 */
import { sql, type Kysely } from 'kysely';

const LINES = sql.raw(
  ['car_scrap', 'car_replace', 'appliance', 'smart_home', 'digital', 'elderly_adaptation', 'ebike', 'first_launch']
    .map((line) => `'${line}'`)
    .join(', '),
);

/**
 * Kysely has no public "which dialect" call. PostgreSQL numbers its parameters ($1), SQLite writes
 * `?`; the ledger's transaction ids need each database's own identity column.
 */
function isPostgres(db: Kysely<any>): boolean {
  return sql`select ${1}`.compile(db).sql.includes('$1');
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('budget_pools')
    .addColumn('id', 'varchar(200)', (column) => column.primaryKey())
    .addColumn('line', 'varchar(40)', (column) => column.notNull())
    .addColumn('county', 'varchar(80)', (column) => column.notNull())
    .addColumn('source', 'varchar(20)', (column) => column.notNull())
    .addColumn('status', 'varchar(10)', (column) => column.notNull().defaultTo('active'))
    .addColumn('pause_reason', 'text')
    .addColumn('funded_fen', 'bigint', (column) => column.notNull().defaultTo(0))
    .addColumn('available_fen', 'bigint', (column) => column.notNull().defaultTo(0))
    .addColumn('held_fen', 'bigint', (column) => column.notNull().defaultTo(0))
    .addColumn('spent_fen', 'bigint', (column) => column.notNull().defaultTo(0))
    .addColumn('withdrawn_fen', 'bigint', (column) => column.notNull().defaultTo(0))
    .addColumn('created_at', 'varchar(30)', (column) => column.notNull())
    .addColumn('updated_at', 'varchar(30)', (column) => column.notNull())
    .addUniqueConstraint('budget_pools_line_county_source', ['line', 'county', 'source'])
    .addCheckConstraint('budget_pools_line', sql`line in (${LINES})`)
    .addCheckConstraint('budget_pools_source', sql`source in ('central', 'provincial', 'city')`)
    .addCheckConstraint('budget_pools_status', sql`status in ('active', 'paused')`)
    // The invariant of the issue: whatever the concurrency, no balance goes below zero. Application
    // code updates balances only with guarded conditional updates; these are the backstop.
    .addCheckConstraint('budget_pools_available_not_negative', sql`available_fen >= 0`)
    .addCheckConstraint('budget_pools_held_not_negative', sql`held_fen >= 0`)
    .addCheckConstraint('budget_pools_spent_not_negative', sql`spent_fen >= 0`)
    .addCheckConstraint('budget_pools_withdrawn_not_negative', sql`withdrawn_fen >= 0`)
    // Every fen a pool received is in exactly one place.
    .addCheckConstraint(
      'budget_pools_money_accounted',
      sql`funded_fen = available_fen + held_fen + spent_fen + withdrawn_fen`,
    )
    // int8 values are read into JavaScript numbers, exact only below 2^53.
    .addCheckConstraint('budget_pools_funded_safe', sql`funded_fen >= 0 and funded_fen <= 9007199254740991`)
    .execute();

  await db.schema
    .createTable('budget_holds')
    .addColumn('id', 'varchar(40)', (column) => column.primaryKey())
    .addColumn('pool_id', 'varchar(200)', (column) => column.notNull().references('budget_pools.id'))
    .addColumn('amount_fen', 'bigint', (column) => column.notNull())
    .addColumn('status', 'varchar(10)', (column) => column.notNull())
    .addColumn('committed_fen', 'bigint', (column) => column.notNull().defaultTo(0))
    .addColumn('reversed_fen', 'bigint', (column) => column.notNull().defaultTo(0))
    .addColumn('idempotency_key', 'varchar(200)', (column) => column.notNull())
    .addColumn('reference', 'text')
    .addColumn('actor', 'varchar(200)', (column) => column.notNull())
    .addColumn('created_at', 'varchar(30)', (column) => column.notNull())
    .addColumn('settled_at', 'varchar(30)')
    // A retried hold finds the first one; two at once cannot both be written.
    .addUniqueConstraint('budget_holds_idempotency_key', ['idempotency_key'])
    .addCheckConstraint('budget_holds_amount_positive', sql`amount_fen > 0`)
    .addCheckConstraint('budget_holds_commit_within_hold', sql`committed_fen >= 0 and committed_fen <= amount_fen`)
    .addCheckConstraint('budget_holds_reversal_within_commit', sql`reversed_fen >= 0 and reversed_fen <= committed_fen`)
    .addCheckConstraint(
      'budget_holds_status',
      sql`(status in ('held', 'released') and committed_fen = 0 and reversed_fen = 0)
        or (status = 'committed' and committed_fen > 0 and reversed_fen < committed_fen)
        or (status = 'reversed' and committed_fen > 0 and reversed_fen = committed_fen)`,
    )
    .execute();
  await db.schema.createIndex('budget_holds_pool').on('budget_holds').columns(['pool_id', 'status']).execute();

  await db.schema
    .createTable('ledger_transactions')
    .addColumn('id', isPostgres(db) ? 'bigint' : 'integer', (column) =>
      isPostgres(db) ? column.primaryKey().generatedAlwaysAsIdentity() : column.primaryKey().autoIncrement(),
    )
    .addColumn('pool_id', 'varchar(200)', (column) => column.notNull().references('budget_pools.id'))
    .addColumn('kind', 'varchar(10)', (column) => column.notNull())
    .addColumn('hold_id', 'varchar(40)', (column) => column.references('budget_holds.id'))
    .addColumn('amount_fen', 'bigint', (column) => column.notNull())
    .addColumn('idempotency_key', 'varchar(200)')
    .addColumn('destination', 'varchar(10)')
    .addColumn('actor', 'varchar(200)', (column) => column.notNull())
    .addColumn('reference', 'text')
    .addColumn('note', 'text')
    .addColumn('created_at', 'varchar(30)', (column) => column.notNull())
    .addColumn('booked_on', 'char(10)', (column) => column.notNull())
    // Unique where present (both databases let NULLs repeat): fund, hold and reverse are idempotent.
    .addUniqueConstraint('ledger_transactions_idempotency_key', ['idempotency_key'])
    .addCheckConstraint(
      'ledger_transactions_kind',
      sql`kind in ('fund', 'hold', 'commit', 'release', 'reverse', 'pause', 'resume')`,
    )
    .addCheckConstraint('ledger_transactions_amount', sql`amount_fen >= 0`)
    .addCheckConstraint(
      'ledger_transactions_destination',
      sql`(kind = 'reverse' and destination in ('pool', 'treasury')) or (kind <> 'reverse' and destination is null)`,
    )
    .addCheckConstraint(
      'ledger_transactions_hold',
      sql`(kind in ('hold', 'commit', 'release', 'reverse')) = (hold_id is not null)`,
    )
    .execute();
  // The burn-rate forecast sums a pool's transactions by business date.
  await db.schema
    .createIndex('ledger_transactions_pool_day')
    .on('ledger_transactions')
    .columns(['pool_id', 'booked_on'])
    .execute();
  await db.schema.createIndex('ledger_transactions_hold').on('ledger_transactions').column('hold_id').execute();

  await db.schema
    .createTable('ledger_postings')
    .addColumn('transaction_id', 'bigint', (column) => column.notNull().references('ledger_transactions.id'))
    .addColumn('leg', 'smallint', (column) => column.notNull())
    .addColumn('account', 'varchar(30)', (column) => column.notNull())
    .addColumn('pool_id', 'varchar(200)', (column) => column.references('budget_pools.id'))
    .addColumn('amount_fen', 'bigint', (column) => column.notNull())
    .addPrimaryKeyConstraint('ledger_postings_pk', ['transaction_id', 'leg'])
    .addCheckConstraint('ledger_postings_amount_not_zero', sql`amount_fen <> 0`)
    .addCheckConstraint(
      'ledger_postings_account',
      sql`(account in ('available', 'held', 'spent') and pool_id is not null)
        or (account in ('funding:central', 'funding:provincial', 'funding:city', 'treasury') and pool_id is null)`,
    )
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['ledger_postings', 'ledger_transactions', 'budget_holds', 'budget_pools']) {
    await db.schema.dropTable(table).execute();
  }
}
