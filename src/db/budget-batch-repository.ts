/**
 * The budget ledger's writes for a batch of operations in one write transaction (group commit, see
 * src/services/budget/hold-batcher.ts): a few set-based statements per batch instead of several per
 * operation. The rules are BudgetRepository's: rows are locked in one order (hold rows, then pool rows
 * by id), balances change only by a conditional UPDATE whose WHERE refuses any change that would take
 * a balance below zero, and the CHECK constraints stay the backstop.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { PostingLeg } from '../domain/budget/types.js';
import type { HoldRow, NewTransaction, PoolRow, TransactionRow } from './budget-repository.js';
import type { DialectName } from './database.js';
import { jsonList, jsonRows } from './json-params.js';
import type { Database } from './tables.js';

/** One settled hold of a batch: how it ends (committed with its committed amount, or released). */
export interface Settlement {
  readonly holdId: string;
  readonly status: 'committed' | 'released';
  readonly committedFen: number;
}

/** One hold of a set commit: what to spend of it (all of it when null). */
export interface SetCommit {
  readonly holdId: string;
  readonly committedFen: number | null;
}

/** What a set commit's holds add up to on one slice of one pool (only holds still `held` and within amount). */
export interface SetCommitSums {
  readonly poolId: string;
  readonly slice: number;
  readonly holds: number;
  /** Σ held amounts. */
  readonly heldFen: number;
  /** Σ committed amounts. */
  readonly committedFen: number;
}

/** A hold row as a set commit judges it when it cannot be committed as asked. */
export type SetCommitHold = Pick<HoldRow, 'id' | 'pool_id' | 'amount_fen' | 'status' | 'committed_fen'>;

/** A ledger transaction of a batch with its legs; `hold_id` is set and distinct within the batch. */
export interface BatchTransaction {
  readonly transaction: NewTransaction & { readonly hold_id: string };
  readonly legs: readonly PostingLeg[];
}

/**
 * A set commit's holds as one JSON object, hold id → amount to spend (null: all of it), in the commits'
 * order (the caller's hold order: the index is walked forward). Each row's id and amount are then the
 * object's key and value as they are, where an array per hold was parsed again for each of its fields
 * (`v.value ->> 0`, `->> 1`) by SQLite and PostgreSQL alike. Hold ids are
 * unique in a set commit (commitSet makes them so).
 */
function amountsByHold(commits: readonly SetCommit[]): string {
  return JSON.stringify(Object.fromEntries(commits.map((commit) => [commit.holdId, commit.committedFen])));
}

export class BudgetBatchRepository {
  constructor(private readonly dialect: DialectName) {}

  /** Ledger transactions carrying any of these idempotency keys. */
  async transactionsByKeys(trx: Kysely<Database>, keys: readonly string[]): Promise<TransactionRow[]> {
    if (keys.length === 0) return [];
    return trx
      .selectFrom('ledger_transactions')
      .selectAll()
      .where('idempotency_key', 'in', jsonList(this.dialect, keys))
      .execute();
  }

  /** Hold rows, locked until the transaction ends (PostgreSQL; on SQLite the write lock is held), by id. */
  async lockHolds(trx: Kysely<Database>, ids: readonly string[]): Promise<HoldRow[]> {
    if (ids.length === 0) return [];
    const query = trx
      .selectFrom('budget_holds')
      .selectAll()
      .where('id', 'in', jsonList(this.dialect, ids))
      .orderBy('id');
    return (this.dialect === 'postgres' ? query.forNoKeyUpdate() : query).execute();
  }

  /** Pool rows, locked in id order (after any hold rows: one lock order everywhere). */
  async lockPools(trx: Kysely<Database>, ids: readonly string[]): Promise<PoolRow[]> {
    if (ids.length === 0) return [];
    const query = trx.selectFrom('budget_pools').selectAll().where('id', 'in', ids).orderBy('id');
    return (this.dialect === 'postgres' ? query.forNoKeyUpdate() : query).execute();
  }

  /** Pool rows as committed now, not locked (split pools: their slices are what the batch locks). */
  async readPools(executor: Kysely<Database>, ids: readonly string[]): Promise<PoolRow[]> {
    if (ids.length === 0) return [];
    return executor.selectFrom('budget_pools').selectAll().where('id', 'in', ids).orderBy('id').execute();
  }

  /**
   * Settles every hold of the batch in one statement, each only if it is still `held`; returns how
   * many changed (all of them, or the caller rolls back).
   */
  async settleHolds(trx: Kysely<Database>, settlements: readonly Settlement[], now: string): Promise<number> {
    if (settlements.length === 0) return 0;
    // One JSON parameter of [id, status, committed fen] per hold: constant statement text, and each row
    // matched by the primary key (a CASE over the batch's ids cost O(batch) per row).
    const rows = JSON.stringify(
      settlements.map((s) => [s.holdId, s.status, s.status === 'committed' ? s.committedFen : 0]),
    );
    // Typed on PostgreSQL: it reads JSON text as text, and `amount_fen >= text` does not exist.
    const result =
      this.dialect === 'postgres'
        ? await sql<{ id: string }>`
            update budget_holds as h
            set status = v.value ->> 1, committed_fen = cast(v.value ->> 2 as bigint), settled_at = ${now}
            from json_array_elements(cast(${rows} as json)) as v (value)
            where h.id = v.value ->> 0 and h.status = 'held' and h.amount_fen >= cast(v.value ->> 2 as bigint)
            returning h.id`.execute(trx)
        : await sql<{ id: string }>`
            update budget_holds
            set status = v.value ->> 1, committed_fen = v.value ->> 2, settled_at = ${now}
            from json_each(${rows}) as v
            where budget_holds.id = v.value ->> 0 and budget_holds.status = 'held'
              and budget_holds.amount_fen >= v.value ->> 2
            returning budget_holds.id`.execute(trx);
    return result.rows.length;
  }

  /**
   * A set commit's holds summed per pool and slice, counting only those still `held` whose amount covers
   * what is to be spent: one statement however many (each hold found by its primary key).
   */
  async setCommitSums(executor: Kysely<Database>, commits: readonly SetCommit[]): Promise<SetCommitSums[]> {
    if (commits.length === 0) return [];
    const amounts = amountsByHold(commits);
    const result =
      this.dialect === 'postgres'
        ? await sql<{ pool_id: string; slice: number; holds: string; held: string; committed: string }>`
            select h.pool_id, h.slice, count(*) as holds, sum(h.amount_fen) as held,
              sum(coalesce(cast(v.value as bigint), h.amount_fen)) as committed
            from json_each_text(cast(${amounts} as json)) as v (key, value)
            join budget_holds as h on h.id = v.key
            where h.status = 'held' and h.amount_fen >= coalesce(cast(v.value as bigint), h.amount_fen)
            group by h.pool_id, h.slice
            order by h.pool_id, h.slice`.execute(executor)
        : await sql<{ pool_id: string; slice: number; holds: number; held: number; committed: number }>`
            select h.pool_id, h.slice, count(*) as holds, sum(h.amount_fen) as held,
              sum(coalesce(v.value, h.amount_fen)) as committed
            from json_each(${amounts}) as v
            join budget_holds as h on h.id = v.key
            where h.status = 'held' and h.amount_fen >= coalesce(v.value, h.amount_fen)
            group by h.pool_id, h.slice
            order by h.pool_id, h.slice`.execute(executor);
    return result.rows.map((row) => ({
      poolId: row.pool_id,
      slice: Number(row.slice),
      holds: Number(row.holds),
      heldFen: Number(row.held),
      committedFen: Number(row.committed),
    }));
  }

  /** The hold rows of a set commit (only when some cannot be committed as asked: to answer for each). */
  async setCommitHolds(executor: Kysely<Database>, ids: readonly string[]): Promise<SetCommitHold[]> {
    if (ids.length === 0) return [];
    return executor
      .selectFrom('budget_holds')
      .select(['id', 'pool_id', 'amount_fen', 'status', 'committed_fen'])
      .where('id', 'in', jsonList(this.dialect, ids))
      .execute();
  }

  /**
   * Commits the holds of a set commit in one statement, each only while still `held` and within its
   * amount, each pointing at its pool's `commit_set` transaction (`transactions`: pool id → transaction
   * id); returns how many changed (all of them, or the caller rolls back).
   */
  async commitSet(
    trx: Kysely<Database>,
    commits: readonly SetCommit[],
    transactions: ReadonlyMap<string, number>,
    now: string,
  ): Promise<number> {
    if (commits.length === 0) return 0;
    const amounts = amountsByHold(commits);
    const pools = JSON.stringify(Object.fromEntries(transactions));
    const result =
      this.dialect === 'postgres'
        ? await sql`
            update budget_holds as h
            set status = 'committed', committed_fen = coalesce(cast(v.value as bigint), h.amount_fen),
              settled_at = ${now}, commit_transaction_id = cast(p.value as bigint)
            from json_each_text(cast(${amounts} as json)) as v (key, value),
              json_each_text(cast(${pools} as json)) as p (key, value)
            where h.id = v.key and p.key = h.pool_id and h.status = 'held'
              and h.amount_fen >= coalesce(cast(v.value as bigint), h.amount_fen)`.execute(trx)
        : await sql`
            update budget_holds
            set status = 'committed', committed_fen = coalesce(v.value, budget_holds.amount_fen),
              settled_at = ${now}, commit_transaction_id = p.value
            from json_each(${amounts}) as v, json_each(${pools}) as p
            where budget_holds.id = v.key and p.key = budget_holds.pool_id
              and budget_holds.status = 'held' and budget_holds.amount_fen >= coalesce(v.value, budget_holds.amount_fen)`.execute(
            trx,
          );
    return Number(result.numAffectedRows ?? 0);
  }

  /** The new holds of a batch, in one statement whose text does not depend on how many there are. */
  async insertHolds(trx: Kysely<Database>, holds: readonly (HoldRow & { readonly slice?: number })[]): Promise<void> {
    if (holds.length === 0) return;
    const rows = JSON.stringify(holds.map((hold) => [...HOLD_COLUMNS.map((column) => hold[column]), hold.slice ?? 0]));
    const columns = [...HOLD_COLUMNS, 'slice'];
    await sql`insert into budget_holds (${columnList(columns)}) ${this.rowsOf(rows, columns, [...HOLD_TYPES, 'bigint'])}`.execute(
      trx,
    );
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
      if (legs.length === 0) throw new Error(`a batched ${transaction.kind} transaction has no legs`);
    }
    const transactions = JSON.stringify(
      batch.map(({ transaction }) => TRANSACTION_COLUMNS.map((column) => transaction[column])),
    );
    const columns = columnList(TRANSACTION_COLUMNS);
    if (this.dialect === 'postgres') {
      // One statement: the postings insert is a data-modifying CTE fed by the transactions' RETURNING.
      const legs = JSON.stringify(
        batch.flatMap(({ transaction, legs }) =>
          legs.map((leg, index) => [
            transaction.hold_id,
            index + 1,
            leg.account,
            leg.poolId,
            leg.amountFen,
            leg.slice ?? 0,
          ]),
        ),
      );
      const result = await sql<{ id: number | string; hold_id: string }>`
        with t as (
          insert into ledger_transactions (${columns})
          ${this.rowsOf(transactions, TRANSACTION_COLUMNS, TRANSACTION_TYPES)}
          returning id, hold_id
        ),
        p as (
          insert into ledger_postings (transaction_id, leg, account, pool_id, amount_fen, slice)
          select t.id, cast(v.value ->> 1 as integer), v.value ->> 2, v.value ->> 3, cast(v.value ->> 4 as bigint),
            cast(v.value ->> 5 as integer)
          from json_array_elements(cast(${legs} as json)) as v (value) join t on t.hold_id = v.value ->> 0
        )
        select id, hold_id from t`.execute(trx);
      return new Map(result.rows.map((row) => [row.hold_id, Number(row.id)]));
    }
    const result = await sql<{ id: number; hold_id: string }>`
      insert into ledger_transactions (${columns})
      ${this.rowsOf(transactions, TRANSACTION_COLUMNS, TRANSACTION_TYPES)}
      returning id, hold_id`.execute(trx);
    const ids = new Map(result.rows.map((row) => [row.hold_id, row.id]));
    const postings = JSON.stringify(
      batch.flatMap(({ transaction, legs }) => {
        const id = ids.get(transaction.hold_id);
        if (id === undefined) throw new Error(`no ledger transaction came back for hold ${transaction.hold_id}`);
        return legs.map((leg, index) => [id, index + 1, leg.account, leg.poolId, leg.amountFen, leg.slice ?? 0]);
      }),
    );
    await sql`insert into ledger_postings (${columnList(POSTING_COLUMNS)})
      ${this.rowsOf(postings, POSTING_COLUMNS, POSTING_TYPES)}`.execute(trx);
    return ids;
  }

  /**
   * `select …` of the rows in a JSON array of arrays (one array per row, the values in `columns`'
   * order), as one parameter: the statement's text is the same for a batch of one and of 256, so the
   * database parses a short statement instead of one with thousands of placeholders (SQLite prepares
   * every statement it is given; issue 10's profile put a fifth of a batch's time there).
   */
  private rowsOf(rows: string, columns: readonly string[], types: readonly ColumnType[]): RawBuilder<unknown> {
    const values = columns.map((_, index) => {
      const value = sql`v.value ->> ${sql.raw(String(index))}`;
      if (this.dialect === 'sqlite') return value;
      return types[index] === 'bigint' ? sql`cast(${value} as bigint)` : value;
    });
    const source = jsonRows(this.dialect, rows);
    return sql`select ${sql.join(values)} from ${source}`;
  }
}

type ColumnType = 'text' | 'bigint';

function columnList(columns: readonly string[]): RawBuilder<unknown> {
  return sql.join(columns.map((column) => sql.ref(column)));
}

const HOLD_COLUMNS = [
  'id',
  'pool_id',
  'amount_fen',
  'status',
  'committed_fen',
  'reversed_fen',
  'idempotency_key',
  'reference',
  'actor',
  'created_at',
  'settled_at',
] as const satisfies readonly (keyof HoldRow)[];
const HOLD_TYPES: readonly ColumnType[] = HOLD_COLUMNS.map((column) => (column.endsWith('_fen') ? 'bigint' : 'text'));

const POSTING_COLUMNS = ['transaction_id', 'leg', 'account', 'pool_id', 'amount_fen', 'slice'] as const;
const POSTING_TYPES: readonly ColumnType[] = ['bigint', 'bigint', 'text', 'text', 'bigint', 'bigint'];

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
const TRANSACTION_TYPES: readonly ColumnType[] = TRANSACTION_COLUMNS.map((column) =>
  column === 'amount_fen' ? 'bigint' : 'text',
);
