/**
 * The budget ledger in the database. Every write of an operation happens in the caller's write
 * transaction (src/db/write-transaction.ts: BEGIN IMMEDIATE on SQLite, so several processes on one file
 * queue instead of failing), and balances change only through `applyToPool`, a conditional update whose
 * WHERE clause refuses any change that would take a balance below zero: the database decides,
 * atomically, whether the money is there (no read-then-write in application code). CHECK constraints
 * are the backstop.
 *
 * PostgreSQL: READ COMMITTED is enough. A conditional UPDATE that finds its row locked waits, then
 * re-evaluates its WHERE clause against the committed row, so two holds can never both take the same
 * last fen. Locks are taken in one order (hold row, then pool row), so operations cannot deadlock.
 */
import { sql, type Kysely, type RawBuilder, type Selectable } from 'kysely';
import type { DailyBurn } from '../domain/budget/forecast.js';
import type {
  BooksSnapshot,
  PoolBooks,
  PoolPostingSums,
  SetCommitBooks,
  SliceBooks,
} from '../domain/budget/invariants.js';
import type { PoolBalances, PostingLeg, PoolStatus } from '../domain/budget/types.js';
import { rowSliceBalances, sliceBalancesOf, sliceCountOf, sliced, type SliceRow } from './budget-slice-repository.js';
import type { DialectName } from './database.js';
import type {
  BudgetHoldsTable,
  BudgetPoolsTable,
  Database,
  LedgerPostingsTable,
  LedgerTransactionsTable,
} from './tables.js';

export type PoolRow = Selectable<BudgetPoolsTable>;
export type HoldRow = Selectable<BudgetHoldsTable>;
export type TransactionRow = Selectable<LedgerTransactionsTable>;
export type PostingRow = Selectable<LedgerPostingsTable>;
export type NewTransaction = Omit<TransactionRow, 'id'>;

export interface PoolFilter {
  readonly line?: string;
  readonly unitId?: string;
  readonly source?: string;
  readonly status?: PoolStatus;
}

/** Which guards the balance update applies besides "no balance below zero". */
export interface PoolGuard {
  /** Refuse unless the pool is active (holds). */
  readonly requireActive: boolean;
}

/** Sums in both databases as int8/integer (PostgreSQL's sum(bigint) is numeric, read as a string). */
function sumFen(expression: RawBuilder<unknown>): RawBuilder<number> {
  return sql<number>`cast(coalesce(sum(${expression}), 0) as bigint)`;
}

export { isUniqueViolation } from './write-transaction.js';

/** budget_holds' column of migration 2026-12-04T0900-commit-set (not in tables.ts' row types). */
type CommitSetColumns = { budget_holds: { commit_transaction_id: number | null } };

/** The executor with `budget_holds.commit_transaction_id` known to its types. */
export function committedTogether(executor: Kysely<Database>): Kysely<Database & CommitSetColumns> {
  return executor.withTables<CommitSetColumns>();
}

export class BudgetRepository {
  /**
   * `db` is for reads outside a write transaction; every write takes the executor of the caller's
   * write transaction (src/db/write-transaction.ts).
   */
  constructor(
    readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
  ) {}

  /** Creates the pool unless it exists; true when this call created it. */
  async insertPool(
    trx: Kysely<Database>,
    row: Pick<PoolRow, 'id' | 'line' | 'unit_id' | 'source' | 'created_at'>,
  ): Promise<boolean> {
    const inserted = await trx
      .insertInto('budget_pools')
      .values({
        ...row,
        status: 'active',
        pause_reason: null,
        funded_fen: 0,
        available_fen: 0,
        held_fen: 0,
        spent_fen: 0,
        withdrawn_fen: 0,
        updated_at: row.created_at,
      })
      .onConflict((conflict) => conflict.doNothing())
      .returning('id')
      .executeTakeFirst();
    return inserted !== undefined;
  }

  async findPool(executor: Kysely<Database>, id: string): Promise<PoolRow | undefined> {
    return executor.selectFrom('budget_pools').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The pool row, locked until the transaction ends (on SQLite the write lock is held already). */
  async lockPool(trx: Kysely<Database>, id: string): Promise<PoolRow | undefined> {
    const query = trx.selectFrom('budget_pools').selectAll().where('id', '=', id);
    return (this.dialect === 'postgres' ? query.forNoKeyUpdate() : query).executeTakeFirst();
  }

  async listPools(filter: PoolFilter): Promise<PoolRow[]> {
    let query = this.db.selectFrom('budget_pools').selectAll();
    if (filter.line !== undefined) query = query.where('line', '=', filter.line);
    if (filter.unitId !== undefined) query = query.where('unit_id', '=', filter.unitId);
    if (filter.source !== undefined) query = query.where('source', '=', filter.source);
    if (filter.status !== undefined) query = query.where('status', '=', filter.status);
    return query.orderBy('line').orderBy('unit_id').orderBy('source').execute();
  }

  /**
   * Changes a pool's balances by `delta`, only if no balance would go below zero (and, when asked,
   * only if the pool is active). Returns the updated row, or undefined when the database refused:
   * then nothing was written. This one statement is the whole "is the money there?" decision.
   */
  async applyToPool(
    trx: Kysely<Database>,
    poolId: string,
    delta: PoolBalances,
    guard: PoolGuard,
    now: string,
  ): Promise<PoolRow | undefined> {
    const columns = [
      ['funded_fen', delta.fundedFen],
      ['available_fen', delta.availableFen],
      ['held_fen', delta.heldFen],
      ['spent_fen', delta.spentFen],
      ['withdrawn_fen', delta.withdrawnFen],
    ] as const;
    let query = trx.updateTable('budget_pools').set({ updated_at: now }).where('id', '=', poolId);
    for (const [column, change] of columns) {
      if (change === 0) continue;
      query = query.set(column, sql<number>`${sql.ref(column)} + ${change}`);
      // `available_fen >= 1000` for a hold of 1000 fen: the guard that makes overspending impossible.
      if (change < 0) query = query.where(sql.ref(column), '>=', -change);
    }
    if (guard.requireActive) query = query.where('status', '=', 'active');
    return query.returningAll().executeTakeFirst();
  }

  /** Moves a pool from one status to another; undefined when it was not in `from`. */
  async setPoolStatus(
    trx: Kysely<Database>,
    poolId: string,
    from: PoolStatus,
    to: PoolStatus,
    pauseReason: string | null,
    now: string,
  ): Promise<PoolRow | undefined> {
    return trx
      .updateTable('budget_pools')
      .set({ status: to, pause_reason: pauseReason, updated_at: now })
      .where('id', '=', poolId)
      .where('status', '=', from)
      .returningAll()
      .executeTakeFirst();
  }

  async findTransactionByKey(executor: Kysely<Database>, key: string): Promise<TransactionRow | undefined> {
    return executor.selectFrom('ledger_transactions').selectAll().where('idempotency_key', '=', key).executeTakeFirst();
  }

  /** Writes a transaction and its legs; returns its id. The legs must balance. */
  async insertTransaction(
    trx: Kysely<Database>,
    transaction: NewTransaction,
    legs: readonly PostingLeg[],
  ): Promise<number> {
    const sum = legs.reduce((total, leg) => total + leg.amountFen, 0);
    if (sum !== 0) throw new Error(`unbalanced ${transaction.kind} transaction: legs sum to ${sum} fen`);
    if (this.dialect === 'postgres' && legs.length > 0) {
      // One statement: the postings insert is a data-modifying CTE fed by the transaction's RETURNING.
      const columns = Object.keys(transaction) as (keyof NewTransaction)[];
      const values = sql.join(columns.map((column) => transaction[column]));
      const rows = sql.join(
        legs.map(
          (leg, index) =>
            sql`(cast(${index + 1} as integer), ${leg.account}, cast(${leg.poolId} as text), cast(${leg.amountFen} as bigint), cast(${leg.slice ?? 0} as integer))`,
        ),
      );
      const result = await sql<{ id: number | string }>`
        with t as (
          insert into ledger_transactions (${sql.join(columns.map((column) => sql.ref(column)))})
          values (${values}) returning id
        ),
        p as (
          insert into ledger_postings (transaction_id, leg, account, pool_id, amount_fen, slice)
          select t.id, v.leg, v.account, v.pool_id, v.amount_fen, v.slice
          from t cross join (values ${rows}) as v (leg, account, pool_id, amount_fen, slice)
        )
        select id from t`.execute(trx);
      const id = result.rows[0]?.id;
      if (id === undefined) throw new Error(`no id came back for a ${transaction.kind} transaction`);
      return Number(id);
    }
    const { id } = await trx
      .insertInto('ledger_transactions')
      .values(transaction)
      .returning('id')
      .executeTakeFirstOrThrow();
    if (legs.length > 0) {
      await sliced(trx)
        .insertInto('ledger_postings')
        .values(
          legs.map((leg, index) => ({
            transaction_id: id,
            leg: index + 1,
            account: leg.account,
            pool_id: leg.poolId,
            amount_fen: leg.amountFen,
            slice: leg.slice ?? 0,
          })),
        )
        .execute();
    }
    return id;
  }

  async insertHold(trx: Kysely<Database>, hold: HoldRow): Promise<void> {
    await trx.insertInto('budget_holds').values(hold).execute();
  }

  async findHold(executor: Kysely<Database>, id: string): Promise<HoldRow | undefined> {
    return executor.selectFrom('budget_holds').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /**
   * Commits a held hold (spending `committedFen`, or all of it when null) or releases it. Only a hold
   * still `held` changes, and only one caller can make it change; undefined otherwise.
   */
  async settleHold(
    trx: Kysely<Database>,
    holdId: string,
    settlement: { status: 'committed'; committedFen: number | null } | { status: 'released' },
    now: string,
  ): Promise<HoldRow | undefined> {
    let query = trx
      .updateTable('budget_holds')
      .set({ status: settlement.status, settled_at: now })
      .where('id', '=', holdId)
      .where('status', '=', 'held');
    if (settlement.status === 'committed') {
      if (settlement.committedFen === null) {
        query = query.set('committed_fen', sql<number>`amount_fen`);
      } else {
        query = query.set('committed_fen', settlement.committedFen).where('amount_fen', '>=', settlement.committedFen);
      }
    }
    return query.returningAll().executeTakeFirst();
  }

  /** Records a return of `amountFen` against a committed hold, if that much is still unreturned. */
  async addReversal(trx: Kysely<Database>, holdId: string, amountFen: number): Promise<HoldRow | undefined> {
    return trx
      .updateTable('budget_holds')
      .set({
        reversed_fen: sql<number>`reversed_fen + ${amountFen}`,
        status: sql<string>`case when reversed_fen + ${amountFen} = committed_fen then 'reversed' else 'committed' end`,
      })
      .where('id', '=', holdId)
      .where('status', '=', 'committed')
      .where(sql<number>`committed_fen - reversed_fen`, '>=', amountFen)
      .returningAll()
      .executeTakeFirst();
  }

  /** A pool's transactions in ledger order, with their postings. */
  async transactionsOfPool(
    poolId: string,
    page: { readonly after: number } | { readonly before: number },
    limit: number,
  ): Promise<{ transaction: TransactionRow; postings: PostingRow[] }[]> {
    const query = this.db.selectFrom('ledger_transactions').selectAll().where('pool_id', '=', poolId);
    const transactions = await (
      'before' in page
        ? query.where('id', '<', page.before).orderBy('id', 'desc')
        : query.where('id', '>', page.after).orderBy('id')
    )
      .limit(limit)
      .execute();
    if (transactions.length === 0) return [];
    const postings = await this.db
      .selectFrom('ledger_postings')
      .selectAll()
      .where(
        'transaction_id',
        'in',
        transactions.map((transaction) => transaction.id),
      )
      .orderBy('transaction_id')
      .orderBy('leg')
      .execute();
    const byTransaction = new Map<number, PostingRow[]>();
    for (const posting of postings) {
      const list = byTransaction.get(posting.transaction_id) ?? [];
      list.push(posting);
      byTransaction.set(posting.transaction_id, list);
    }
    return transactions.map((transaction) => ({ transaction, postings: byTransaction.get(transaction.id) ?? [] }));
  }

  /** Net money taken from the pool's available balance per business day (funding excluded). */
  async dailyBurn(poolId: string, from: string, to: string): Promise<DailyBurn[]> {
    const rows = await this.db
      .selectFrom('ledger_postings as p')
      .innerJoin('ledger_transactions as t', 't.id', 'p.transaction_id')
      .select(['t.booked_on as date', sumFen(sql.ref('p.amount_fen')).as('flowFen')])
      .where('t.pool_id', '=', poolId)
      .where('t.booked_on', '>=', from)
      .where('t.booked_on', '<=', to)
      .where('t.kind', '<>', 'fund')
      .where('p.account', '=', 'available')
      .groupBy('t.booked_on')
      .orderBy('t.booked_on')
      .execute();
    return rows.map((row) => ({ date: row.date, burnFen: -row.flowFen }));
  }

  /** Net movement per business day into the pool's available, held and spent accounts, oldest first. */
  async dailyFlows(poolId: string): Promise<{ date: string; account: string; flowFen: number }[]> {
    return this.db
      .selectFrom('ledger_postings as p')
      .innerJoin('ledger_transactions as t', 't.id', 'p.transaction_id')
      .select(['t.booked_on as date', 'p.account as account', sumFen(sql.ref('p.amount_fen')).as('flowFen')])
      .where('t.pool_id', '=', poolId)
      .where('p.account', 'in', ['available', 'held', 'spent'])
      .groupBy(['t.booked_on', 'p.account'])
      .orderBy('t.booked_on')
      .execute();
  }

  /** The business date of the pool's first tranche, or null if it has none. */
  async firstFundedOn(poolId: string): Promise<string | null> {
    const row = await this.db
      .selectFrom('ledger_transactions')
      .select((eb) => eb.fn.min('booked_on').as('first'))
      .where('pool_id', '=', poolId)
      .where('kind', '=', 'fund')
      .executeTakeFirst();
    return row?.first ?? null;
  }

  /** Everything `checkBooks` needs, read in one transaction so that the figures agree with each other. */
  async booksSnapshot(): Promise<BooksSnapshot> {
    // One snapshot for every query: SQLite's read transactions have one; PostgreSQL needs REPEATABLE READ.
    const transaction =
      this.dialect === 'postgres' ? this.db.transaction().setIsolationLevel('repeatable read') : this.db.transaction();
    return transaction.execute(async (trx) => {
      const totals = await trx
        .selectFrom('ledger_postings')
        .select([sumFen(sql.ref('amount_fen')).as('totalFen'), (eb) => eb.fn.countAll<number>().as('count')])
        .executeTakeFirstOrThrow();
      const transactionCount = await trx
        .selectFrom('ledger_transactions')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .executeTakeFirstOrThrow();
      const unbalanced = await trx
        .selectFrom('ledger_postings')
        .select(['transaction_id', sumFen(sql.ref('amount_fen')).as('sumFen')])
        .groupBy('transaction_id')
        .having(sql`sum(amount_fen)`, '<>', 0)
        .execute();
      const accountSums = await sliced(trx)
        .selectFrom('ledger_postings as p')
        .innerJoin('ledger_transactions as t', 't.id', 'p.transaction_id')
        .select(['t.pool_id', 'p.account', 'p.slice', sumFen(sql.ref('p.amount_fen')).as('sumFen')])
        .groupBy(['t.pool_id', 'p.account', 'p.slice'])
        .execute();
      const holdSliceSums = await sliced(trx)
        .selectFrom('budget_holds')
        .select([
          'pool_id',
          'slice',
          sumFen(sql`case when status = 'held' then amount_fen else 0 end`).as('heldFen'),
          sumFen(sql`committed_fen - reversed_fen`).as('spentFen'),
        ])
        .groupBy(['pool_id', 'slice'])
        .execute();
      const holdSums = [...groupBy(holdSliceSums, (row) => row.pool_id)].map(([poolId, rows]) => ({
        pool_id: poolId,
        heldFen: rows.reduce((sum, row) => sum + row.heldFen, 0),
        spentFen: rows.reduce((sum, row) => sum + row.spentFen, 0),
      }));
      const pools = await trx.selectFrom('budget_pools').selectAll().orderBy('id').execute();
      const sliceRows = await sliced(trx)
        .selectFrom('budget_pool_slices')
        .selectAll()
        .orderBy('pool_id')
        .orderBy('slice')
        .execute();
      const grantMismatches = await trx
        .selectFrom('subsidy_grants as g')
        .innerJoin('budget_holds as h', 'h.id', 'g.hold_id')
        .select(['g.id', 'g.hold_id', 'g.subsidy_fen', 'g.status', 'h.amount_fen', 'h.status as hold_status'])
        .where((eb) =>
          eb.or([
            eb('g.subsidy_fen', '<>', eb.ref('h.amount_fen')),
            eb.and([eb('g.status', '=', 'granted'), eb('h.status', 'not in', ['held', 'committed'])]),
            eb.and([eb('g.status', '=', 'reversed'), eb('h.status', 'not in', ['released', 'reversed'])]),
          ]),
        )
        .orderBy('g.id')
        .limit(1000)
        .execute();
      // A settlement's commits (commit_set, migration 2026-12-04T0900): each transaction's held and spent
      // legs beside the holds pointing at it.
      const setLegs = await trx
        .selectFrom('ledger_transactions as t')
        .innerJoin('ledger_postings as p', 'p.transaction_id', 't.id')
        .select([
          't.id',
          't.pool_id',
          't.kind',
          sumFen(sql`case when p.account = 'held' then -p.amount_fen else 0 end`).as('heldFen'),
          sumFen(sql`case when p.account = 'spent' then p.amount_fen else 0 end`).as('spentFen'),
        ])
        .where('t.kind', '=', 'commit_set')
        .groupBy(['t.id', 't.pool_id', 't.kind'])
        .execute();
      const setHolds = await committedTogether(trx)
        .selectFrom('budget_holds as h')
        .leftJoin('ledger_transactions as t', 't.id', 'h.commit_transaction_id')
        .select([
          'h.commit_transaction_id as id',
          'h.pool_id',
          't.pool_id as transaction_pool_id',
          't.kind',
          (eb) => eb.fn.countAll<number | string>().as('holds'),
          sumFen(sql.ref('h.amount_fen')).as('heldFen'),
          sumFen(sql.ref('h.committed_fen')).as('committedFen'),
        ])
        .where('h.commit_transaction_id', 'is not', null)
        .groupBy(['h.commit_transaction_id', 'h.pool_id', 't.pool_id', 't.kind'])
        .execute();
      const setCommits = new Map<number, SetCommitBooks>();
      for (const row of setLegs) {
        setCommits.set(Number(row.id), {
          transactionId: Number(row.id),
          poolId: row.pool_id,
          kind: row.kind,
          heldLegsFen: row.heldFen,
          spentLegsFen: row.spentFen,
          holds: 0,
          holdPoolIds: [],
          holdsHeldFen: 0,
          holdsCommittedFen: 0,
        });
      }
      for (const row of setHolds) {
        const id = Number(row.id);
        const set = setCommits.get(id) ?? {
          transactionId: id,
          poolId: row.transaction_pool_id ?? '?',
          kind: row.kind ?? 'missing transaction',
          heldLegsFen: 0,
          spentLegsFen: 0,
          holds: 0,
          holdPoolIds: [],
          holdsHeldFen: 0,
          holdsCommittedFen: 0,
        };
        setCommits.set(id, {
          ...set,
          holds: set.holds + Number(row.holds),
          holdPoolIds: [...set.holdPoolIds, row.pool_id],
          holdsHeldFen: set.holdsHeldFen + row.heldFen,
          holdsCommittedFen: set.holdsCommittedFen + row.committedFen,
        });
      }

      const postingsByPool = new Map<string, { -readonly [K in keyof PoolPostingSums]: number }>();
      /** Sums of the pool accounts' legs by pool and slice. */
      const postingsBySlice = new Map<string, { availableFen: number; heldFen: number; spentFen: number }>();
      for (const row of accountSums) {
        if (row.account === 'available' || row.account === 'held' || row.account === 'spent') {
          const key = `${row.pool_id}#${Number(row.slice)}`;
          const sums = postingsBySlice.get(key) ?? { availableFen: 0, heldFen: 0, spentFen: 0 };
          sums[`${row.account}Fen`] += row.sumFen;
          postingsBySlice.set(key, sums);
        }
        const sums = postingsByPool.get(row.pool_id) ?? {
          availableFen: 0,
          heldFen: 0,
          spentFen: 0,
          fundingFen: 0,
          treasuryFen: 0,
        };
        if (row.account === 'available') sums.availableFen += row.sumFen;
        else if (row.account === 'held') sums.heldFen += row.sumFen;
        else if (row.account === 'spent') sums.spentFen += row.sumFen;
        else if (row.account === 'treasury') sums.treasuryFen += row.sumFen;
        else if (row.account.startsWith('funding:')) sums.fundingFen += row.sumFen;
        else throw new Error(`unknown ledger account "${row.account}"`);
        postingsByPool.set(row.pool_id, sums);
      }
      const holdsByPool = new Map(holdSums.map((row) => [row.pool_id, row]));
      const holdsBySlice = new Map(holdSliceSums.map((row) => [`${row.pool_id}#${Number(row.slice)}`, row]));
      const slicesByPool = groupBy(sliceRows, (row) => row.pool_id);
      const sliceBooks = (pool: PoolRow): SliceBooks[] | undefined => {
        if (sliceCountOf(pool) === 1 && !slicesByPool.has(pool.id)) return undefined;
        const own = rowSliceBalances(pool);
        const states = [
          { slice: 0, balances: own },
          ...(slicesByPool.get(pool.id) ?? []).map((row) => ({ slice: row.slice, balances: sliceBalancesOf(row) })),
        ];
        return states.map(({ slice, balances }) => {
          const key = `${pool.id}#${slice}`;
          const holds = holdsBySlice.get(key);
          return {
            slice,
            balances,
            postings: postingsBySlice.get(key) ?? { availableFen: 0, heldFen: 0, spentFen: 0 },
            holds: { heldFen: holds?.heldFen ?? 0, spentFen: holds?.spentFen ?? 0 },
          };
        });
      };
      const poolBooks: PoolBooks[] = pools.map((pool) => ({
        poolId: pool.id,
        balances: wholeBalances(pool, slicesByPool.get(pool.id) ?? []),
        ...(sliceBooks(pool) === undefined ? {} : { slices: sliceBooks(pool) }),
        postings: postingsByPool.get(pool.id) ?? {
          availableFen: 0,
          heldFen: 0,
          spentFen: 0,
          fundingFen: 0,
          treasuryFen: 0,
        },
        holds: {
          heldFen: holdsByPool.get(pool.id)?.heldFen ?? 0,
          spentFen: holdsByPool.get(pool.id)?.spentFen ?? 0,
        },
      }));
      return {
        totalFen: totals.totalFen,
        postingCount: Number(totals.count),
        transactionCount: Number(transactionCount.count),
        unbalancedTransactions: unbalanced.map((row) => ({ transactionId: row.transaction_id, sumFen: row.sumFen })),
        pools: poolBooks,
        holdOwnerMismatches: grantMismatches.map((row) => ({
          owner: `grant:${row.id}`,
          holdId: row.hold_id,
          ownerFen: Number(row.subsidy_fen),
          holdFen: Number(row.amount_fen),
          ownerStanding: row.status === 'granted',
          holdStatus: row.hold_status,
        })),
        setCommits: [...setCommits.values()].sort((a, b) => a.transactionId - b.transactionId),
      };
    });
  }
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(keyOf(item));
    if (group === undefined) groups.set(keyOf(item), [item]);
    else group.push(item);
  }
  return groups;
}

/** A pool's balances as one pool: its row's plus its slice rows'. */
function wholeBalances(pool: PoolRow, slices: readonly SliceRow[]): PoolBalances {
  const own = balancesOf(pool);
  return slices.reduce(
    (sum, slice) => ({
      fundedFen: sum.fundedFen + slice.allotted_fen,
      availableFen: sum.availableFen + slice.available_fen,
      heldFen: sum.heldFen + slice.held_fen,
      spentFen: sum.spentFen + slice.spent_fen,
      withdrawnFen: sum.withdrawnFen,
    }),
    own,
  );
}

export function balancesOf(pool: PoolRow): PoolBalances {
  return {
    fundedFen: pool.funded_fen,
    availableFen: pool.available_fen,
    heldFen: pool.held_fen,
    spentFen: pool.spent_fen,
    withdrawnFen: pool.withdrawn_fen,
  };
}
