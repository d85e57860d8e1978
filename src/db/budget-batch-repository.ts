/**
 * The budget ledger's writes for a batch of operations in one write transaction (group commit, see
 * src/services/budget/hold-batcher.ts): a few set-based statements per batch instead of several per
 * operation. The rules are BudgetRepository's: rows are locked in one order (hold rows, then pool rows
 * by id), balances change only by a conditional UPDATE whose WHERE refuses any change that would take
 * a balance below zero, and the CHECK constraints stay the backstop.
 */
import { sql, type Kysely } from 'kysely';
import type { PostingLeg } from '../domain/budget/types.js';
import type { HoldRow, NewTransaction, PoolRow, TransactionRow } from './budget-repository.js';
import type { DialectName } from './database.js';
import type { Database } from './tables.js';

/** One settled hold of a batch: how it ends (committed with its committed amount, or released). */
export interface Settlement {
  readonly holdId: string;
  readonly status: 'committed' | 'released';
  readonly committedFen: number;
}

/** A ledger transaction of a batch with its legs; `hold_id` is set and distinct within the batch. */
export interface BatchTransaction {
  readonly transaction: NewTransaction & { readonly hold_id: string };
  readonly legs: readonly PostingLeg[];
}

export class BudgetBatchRepository {
  constructor(private readonly dialect: DialectName) {}

  /** Ledger transactions carrying any of these idempotency keys. */
  async transactionsByKeys(trx: Kysely<Database>, keys: readonly string[]): Promise<TransactionRow[]> {
    if (keys.length === 0) return [];
    return trx.selectFrom('ledger_transactions').selectAll().where('idempotency_key', 'in', keys).execute();
  }

  /** Hold rows, locked until the transaction ends (PostgreSQL; on SQLite the write lock is held), by id. */
  async lockHolds(trx: Kysely<Database>, ids: readonly string[]): Promise<HoldRow[]> {
    if (ids.length === 0) return [];
    const query = trx.selectFrom('budget_holds').selectAll().where('id', 'in', ids).orderBy('id');
    return (this.dialect === 'postgres' ? query.forUpdate() : query).execute();
  }

  /** Pool rows, locked in id order (after any hold rows: one lock order everywhere). */
  async lockPools(trx: Kysely<Database>, ids: readonly string[]): Promise<PoolRow[]> {
    if (ids.length === 0) return [];
    const query = trx.selectFrom('budget_pools').selectAll().where('id', 'in', ids).orderBy('id');
    return (this.dialect === 'postgres' ? query.forUpdate() : query).execute();
  }

  /**
   * Settles every hold of the batch in one statement, each only if it is still `held`; returns how
   * many changed (all of them, or the caller rolls back).
   */
  async settleHolds(trx: Kysely<Database>, settlements: readonly Settlement[], now: string): Promise<number> {
    if (settlements.length === 0) return 0;
    const ids = settlements.map((settlement) => settlement.holdId);
    const statusCase = sql.join(
      settlements.map((s) => sql`when ${s.holdId} then ${s.status}`),
      sql` `,
    );
    const committedCase = sql.join(
      settlements.map((s) => sql`when ${s.holdId} then ${s.status === 'committed' ? s.committedFen : 0}`),
      sql` `,
    );
    const rows = await trx
      .updateTable('budget_holds')
      .set({
        status: sql<string>`case id ${statusCase} end`,
        committed_fen: sql<number>`case id ${committedCase} end`,
        settled_at: now,
      })
      .where('id', 'in', ids)
      .where('status', '=', 'held')
      .where(sql<boolean>`amount_fen >= case id ${committedCase} end`)
      .returning('id')
      .execute();
    return rows.length;
  }

  async insertHolds(trx: Kysely<Database>, holds: readonly HoldRow[]): Promise<void> {
    if (holds.length === 0) return;
    await trx.insertInto('budget_holds').values(holds).execute();
  }

  /**
   * Writes the batch's ledger transactions and all their legs; returns each transaction's id by its
   * hold id. PostgreSQL: one statement (the postings insert is a data-modifying CTE fed by the
   * transactions' RETURNING). SQLite: two (no DML in CTEs), both in-process.
   */
  async insertTransactions(trx: Kysely<Database>, batch: readonly BatchTransaction[]): Promise<Map<string, number>> {
    if (batch.length === 0) return new Map();
    for (const { transaction, legs } of batch) {
      const sum = legs.reduce((total, leg) => total + leg.amountFen, 0);
      if (sum !== 0) throw new Error(`unbalanced ${transaction.kind} transaction: legs sum to ${sum} fen`);
    }
    const postings = batch.flatMap(({ transaction, legs }) =>
      legs.map((leg, index) => ({ holdId: transaction.hold_id, leg: index + 1, ...leg })),
    );
    if (this.dialect === 'postgres' && postings.length > 0) {
      const columns = sql.join(
        TRANSACTION_COLUMNS.map((column) => sql.ref(column)),
        sql`, `,
      );
      const values = sql.join(
        batch.map(({ transaction }) => sql`(${sql.join(TRANSACTION_COLUMNS.map((column) => transaction[column]))})`),
        sql`, `,
      );
      const legs = sql.join(
        postings.map(
          (p) =>
            sql`(${p.holdId}, cast(${p.leg} as integer), ${p.account}, cast(${p.poolId} as text), cast(${p.amountFen} as bigint))`,
        ),
        sql`, `,
      );
      const result = await sql<{ id: number | string; hold_id: string }>`
        with t as (insert into ledger_transactions (${columns}) values ${values} returning id, hold_id),
        p as (
          insert into ledger_postings (transaction_id, leg, account, pool_id, amount_fen)
          select t.id, v.leg, v.account, v.pool_id, v.amount_fen
          from t join (values ${legs}) as v (hold_id, leg, account, pool_id, amount_fen) on v.hold_id = t.hold_id
        )
        select id, hold_id from t`.execute(trx);
      return new Map(result.rows.map((row) => [row.hold_id, Number(row.id)]));
    }
    const rows = await trx
      .insertInto('ledger_transactions')
      .values(batch.map(({ transaction }) => transaction))
      .returning(['id', 'hold_id'])
      .execute();
    const ids = new Map(rows.map((row) => [row.hold_id ?? '', row.id]));
    if (postings.length > 0) {
      await trx
        .insertInto('ledger_postings')
        .values(
          postings.map((p) => {
            const id = ids.get(p.holdId);
            if (id === undefined) throw new Error(`no ledger transaction came back for hold ${p.holdId}`);
            return { transaction_id: id, leg: p.leg, account: p.account, pool_id: p.poolId, amount_fen: p.amountFen };
          }),
        )
        .execute();
    }
    return ids;
  }
}

const TRANSACTION_COLUMNS = [
  'pool_id',
  'kind',
  'hold_id',
  'amount_fen',
  'idempotency_key',
  'destination',
  'actor',
  'reference',
  'note',
  'created_at',
  'booked_on',
] as const satisfies readonly (keyof NewTransaction)[];
