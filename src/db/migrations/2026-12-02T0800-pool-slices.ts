/**
 * Hot pools (issue 10, docs/ledger.md "Slices"): a pool may be split into K slices, sub-accounts that
 * absorb concurrent holds without all of them locking one row. Slice 0 is the pool's own row; slices
 * 1 … K−1 are rows of `budget_pool_slices`. Each slice has its own available, held and spent balances
 * and the money allotted to it (`allotted_fen` = available + held + spent); on the pool row
 * `funded_fen` is then slice 0's allotment and the pool's totals are the sums over its slices. Every
 * slice's balances are ≥ 0 by CHECK, exactly like the pool row's.
 *
 * - `budget_pools.slices`: K (1 = not split, the default: nothing changes for such a pool);
 * - `budget_holds.slice`, `ledger_postings.slice`: which slice a hold draws on and a leg moves (0 by
 *   default, so every existing row is on slice 0);
 * - the ledger transaction kind `rebalance`: available money moved between slices of one pool, with its
 *   two legs and its audit entry like any other movement. SQLite cannot change a CHECK constraint, so
 *   there `ledger_transactions` is rebuilt (same columns, ids, indexes and foreign keys) with the wider
 *   kind list; PostgreSQL replaces the constraint.
 */
import { sql, type Kysely } from 'kysely';

const KINDS_BEFORE = ['fund', 'hold', 'commit', 'release', 'reverse', 'pause', 'resume'];
const KINDS_AFTER = [...KINDS_BEFORE, 'rebalance'];

function isPostgres(db: Kysely<any>): boolean {
  return sql`select ${1}`.compile(db).sql.includes('$1');
}

function kindCheck(kinds: readonly string[]) {
  return sql`kind in (${sql.raw(kinds.map((kind) => `'${kind}'`).join(', '))})`;
}

/** SQLite: ledger_transactions again, with the kind CHECK over `kinds`; ids, rows and indexes kept. */
async function rebuildTransactions(db: Kysely<any>, kinds: readonly string[]): Promise<void> {
  // Outside any transaction (Kysely runs SQLite migrations without one), so the pragma takes effect;
  // the rebuild itself is one transaction, checked for broken references before foreign keys are on again.
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await sql`begin immediate`.execute(db);
    try {
      await db.schema
        .createTable('ledger_transactions_next')
        .addColumn('id', 'integer', (column) => column.primaryKey().autoIncrement())
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
        .addUniqueConstraint('ledger_transactions_idempotency_key', ['idempotency_key'])
        .addCheckConstraint('ledger_transactions_kind', kindCheck(kinds))
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
      await sql`insert into ledger_transactions_next select * from ledger_transactions`.execute(db);
      await db.schema.dropTable('ledger_transactions').execute();
      await db.schema.alterTable('ledger_transactions_next').renameTo('ledger_transactions').execute();
      await db.schema
        .createIndex('ledger_transactions_pool_day')
        .on('ledger_transactions')
        .columns(['pool_id', 'booked_on'])
        .execute();
      await db.schema.createIndex('ledger_transactions_hold').on('ledger_transactions').column('hold_id').execute();
      const broken = await sql`pragma foreign_key_check`.execute(db);
      if (broken.rows.length > 0) throw new Error('rebuilding ledger_transactions broke a foreign key');
      await sql`commit`.execute(db);
    } catch (error) {
      await sql`rollback`.execute(db);
      throw error;
    }
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}

export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql`alter table ledger_transactions drop constraint ledger_transactions_kind,
      add constraint ledger_transactions_kind check (${kindCheck(KINDS_AFTER)})`.execute(db);
  } else {
    await rebuildTransactions(db, KINDS_AFTER);
  }
  await db.schema
    .alterTable('budget_pools')
    .addColumn('slices', 'integer', (column) =>
      column
        .notNull()
        .defaultTo(1)
        .check(sql`slices between 1 and 64`),
    )
    .execute();
  await db.schema
    .alterTable('budget_holds')
    .addColumn('slice', 'integer', (column) =>
      column
        .notNull()
        .defaultTo(0)
        .check(sql`slice >= 0`),
    )
    .execute();
  await db.schema
    .alterTable('ledger_postings')
    .addColumn('slice', 'integer', (column) =>
      column
        .notNull()
        .defaultTo(0)
        .check(sql`slice >= 0`),
    )
    .execute();
  await db.schema
    .createTable('budget_pool_slices')
    .addColumn('pool_id', 'varchar(200)', (column) => column.notNull().references('budget_pools.id'))
    .addColumn('slice', 'integer', (column) => column.notNull())
    .addColumn('allotted_fen', 'bigint', (column) => column.notNull().defaultTo(0))
    .addColumn('available_fen', 'bigint', (column) => column.notNull().defaultTo(0))
    .addColumn('held_fen', 'bigint', (column) => column.notNull().defaultTo(0))
    .addColumn('spent_fen', 'bigint', (column) => column.notNull().defaultTo(0))
    .addColumn('updated_at', 'varchar(30)', (column) => column.notNull())
    .addPrimaryKeyConstraint('budget_pool_slices_pk', ['pool_id', 'slice'])
    // Slice 0 is the pool row itself.
    .addCheckConstraint('budget_pool_slices_slice', sql`slice between 1 and 63`)
    .addCheckConstraint('budget_pool_slices_available_not_negative', sql`available_fen >= 0`)
    .addCheckConstraint('budget_pool_slices_held_not_negative', sql`held_fen >= 0`)
    .addCheckConstraint('budget_pool_slices_spent_not_negative', sql`spent_fen >= 0`)
    .addCheckConstraint('budget_pool_slices_money_accounted', sql`allotted_fen = available_fen + held_fen + spent_fen`)
    .addCheckConstraint('budget_pool_slices_allotted_safe', sql`allotted_fen >= 0 and allotted_fen <= 9007199254740991`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  const sliced = await sql<{ n: number | string }>`select count(*) as n from ledger_transactions
    where kind = 'rebalance'`.execute(db);
  if (Number(sliced.rows[0]?.n ?? 0) > 0) {
    throw new Error('the ledger has rebalancing transactions between slices: it cannot go back to unsliced pools');
  }
  await db.schema.dropTable('budget_pool_slices').execute();
  await db.schema.alterTable('ledger_postings').dropColumn('slice').execute();
  await db.schema.alterTable('budget_holds').dropColumn('slice').execute();
  await db.schema.alterTable('budget_pools').dropColumn('slices').execute();
  if (isPostgres(db)) {
    await sql`alter table ledger_transactions drop constraint ledger_transactions_kind,
      add constraint ledger_transactions_kind check (${kindCheck(KINDS_BEFORE)})`.execute(db);
  } else {
    await rebuildTransactions(db, KINDS_BEFORE);
  }
}
