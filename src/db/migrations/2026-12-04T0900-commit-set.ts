/**
 * A settlement's commits as one ledger transaction per pool (docs/adr/0008-commit-set-per-pool.md,
 * docs/ledger.md "Commits of a settlement"): at a batch's final approval the ledger writes, per pool, one
 * transaction of kind `commit_set` (postings `held` −ΣA, `spent` +ΣC, `available` +Σ(A − C) when some
 * hold was committed for less, per slice) and one audit entry, and every hold it commits points at it.
 *
 * - the ledger transaction kind `commit_set` (no `hold_id`: the existing CHECK `ledger_transactions_hold`
 *   already demands that for every kind but hold, commit, release and reverse);
 * - `budget_holds.commit_transaction_id`: the `commit_set` transaction that committed the hold (null for a
 *   hold committed on its own, whose commit transaction carries its `hold_id` as before, and for a hold
 *   not committed). A foreign key to `ledger_transactions`, and a CHECK that only a committed (or since
 *   returned) hold carries one.
 *
 * SQLite cannot change a CHECK constraint nor drop a column that is in a foreign key, so there
 * `ledger_transactions` (up and down) and `budget_holds` (down) are rebuilt from their own CREATE statements
 * (every column, row, index and foreign key kept), in one transaction with foreign keys off and a
 * foreign-key check before commit, as 2026-12-03T1501 does. PostgreSQL replaces the constraint.
 */
import { sql, type Kysely } from 'kysely';
import { isPostgres, rebuild, replaceOnce } from './sqlite-rebuild.js';

const KINDS_BEFORE = ['fund', 'hold', 'commit', 'release', 'reverse', 'pause', 'resume', 'rebalance'];
const KINDS_AFTER = [...KINDS_BEFORE, 'commit_set'];

const kindList = (kinds: readonly string[]) => `kind in (${kinds.map((kind) => `'${kind}'`).join(', ')})`;

async function setKinds(db: Kysely<any>, from: readonly string[], to: readonly string[]): Promise<void> {
  if (isPostgres(db)) {
    await sql`alter table ledger_transactions drop constraint ledger_transactions_kind,
      add constraint ledger_transactions_kind check (${sql.raw(kindList(to))})`.execute(db);
  } else {
    await rebuild(db, 'ledger_transactions', (create) => replaceOnce(create, kindList(from), kindList(to)));
  }
}

export async function up(db: Kysely<any>): Promise<void> {
  await setKinds(db, KINDS_BEFORE, KINDS_AFTER);
  await db.schema
    .alterTable('budget_holds')
    .addColumn('commit_transaction_id', 'bigint', (column) =>
      column
        .references('ledger_transactions.id')
        .check(sql`commit_transaction_id is null or status in ('committed', 'reversed')`),
    )
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  const sets = await sql<{ n: number | string }>`select count(*) as n from ledger_transactions
    where kind = 'commit_set'`.execute(db);
  if (Number(sets.rows[0]?.n ?? 0) > 0) {
    throw new Error('the ledger holds commit_set transactions: they cannot be undone by a migration');
  }
  if (isPostgres(db)) {
    await db.schema.alterTable('budget_holds').dropColumn('commit_transaction_id').execute();
  } else {
    // The column as ALTER TABLE … ADD COLUMN appended it to the CREATE statement.
    await rebuild(db, 'budget_holds', (create) => {
      const without = create.replace(/,\s*"commit_transaction_id"[^,]*?check \(commit_transaction_id[^)]*\)\)/i, '');
      if (without === create) throw new Error(`budget_holds: cannot find its commit_transaction_id column: ${create}`);
      return without;
    });
  }
  await setKinds(db, KINDS_AFTER, KINDS_BEFORE);
}
