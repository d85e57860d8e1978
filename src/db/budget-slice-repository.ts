/**
 * The slices of hot pools (docs/ledger.md "Slices", migration 2026-12-02T0800-pool-slices): slice 0 is
 * the pool's own row (budget_pools, through BudgetRepository.applyToPool); slices 1 … K−1 are rows of
 * budget_pool_slices, each with its allotment and its available, held and spent balances. Balances
 * change only by conditional UPDATEs whose WHERE refuses any change taking a balance below zero (the
 * CHECK constraints are the backstop), exactly as for the pool row.
 *
 * Lock order, everywhere: hold rows, then pool rows by id, then a pool's slice rows by slice number.
 * A batch taking money from slices it did not plan to lock uses SKIP LOCKED (it never waits while
 * holding a slice), so the order cannot be broken into a deadlock. Rows are locked FOR NO KEY UPDATE
 * (what an UPDATE takes; no key ever changes), never FOR UPDATE: the foreign-key checks of every insert
 * into holds, transactions and postings take FOR KEY SHARE on the pool row, which FOR UPDATE would
 * block, so a batch holding a slice and inserting would wait for a whole-pool lock waiting for its
 * slice (measured: PostgreSQL reported exactly that deadlock with four processes).
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { PoolRow } from './budget-repository.js';
import type { DialectName } from './database.js';
import type { Database } from './tables.js';

export type BudgetPoolSlicesTable = {
  pool_id: string;
  /** 1 … 63 (slice 0 is the pool row) */
  slice: number;
  /** the money allotted to this slice: available + held + spent */
  allotted_fen: number;
  available_fen: number;
  held_fen: number;
  spent_fen: number;
  updated_at: string;
};

export type SliceRow = Selectable<BudgetPoolSlicesTable>;

/** A slice's balances (for slice 0, the pool row's: allotted = funded − withdrawn). */
export interface SliceBalances {
  readonly allottedFen: number;
  readonly availableFen: number;
  readonly heldFen: number;
  readonly spentFen: number;
}

export const NO_CHANGE: SliceBalances = { allottedFen: 0, availableFen: 0, heldFen: 0, spentFen: 0 };

/** The columns the migration added to existing tables (not in tables.ts' row types). */
type SliceColumns = {
  budget_pool_slices: BudgetPoolSlicesTable;
  budget_pools: { slices: number };
  budget_holds: { slice: number };
  ledger_postings: { slice: number };
};

export type SlicedDatabase = Database & SliceColumns;

/** The executor with the slice tables and columns known to its types. */
export function sliced(executor: Kysely<Database>): Kysely<SlicedDatabase> {
  return executor.withTables<SliceColumns>();
}

/** K, the number of slices of a pool row (1: not split). */
export function sliceCountOf(pool: PoolRow): number {
  const count = (pool as PoolRow & { slices?: number | string }).slices;
  return count === undefined ? 1 : Number(count);
}

/** The slice a hold row draws on (0 when the row predates slices). */
export function holdSliceOf(hold: object): number {
  const slice = (hold as { slice?: number | string }).slice;
  return slice === undefined ? 0 : Number(slice);
}

export function sliceBalancesOf(row: SliceRow): SliceBalances {
  return {
    allottedFen: row.allotted_fen,
    availableFen: row.available_fen,
    heldFen: row.held_fen,
    spentFen: row.spent_fen,
  };
}

/** Slice 0's balances: the pool row's own. */
export function rowSliceBalances(pool: PoolRow): SliceBalances {
  return {
    allottedFen: pool.funded_fen - pool.withdrawn_fen,
    availableFen: pool.available_fen,
    heldFen: pool.held_fen,
    spentFen: pool.spent_fen,
  };
}

export function addSliceBalances(a: SliceBalances, b: SliceBalances): SliceBalances {
  return {
    allottedFen: a.allottedFen + b.allottedFen,
    availableFen: a.availableFen + b.availableFen,
    heldFen: a.heldFen + b.heldFen,
    spentFen: a.spentFen + b.spentFen,
  };
}

export class BudgetSliceRepository {
  constructor(private readonly dialect: DialectName) {}

  /** The slice rows (1 … K−1) of these pools, by pool and slice. */
  async slicesOf(executor: Kysely<Database>, poolIds: readonly string[]): Promise<SliceRow[]> {
    if (poolIds.length === 0) return [];
    return sliced(executor)
      .selectFrom('budget_pool_slices')
      .selectAll()
      .where('pool_id', 'in', poolIds)
      .orderBy('pool_id')
      .orderBy('slice')
      .execute();
  }

  /** Sums of the slice rows (1 … K−1) of each pool that has any. */
  async sums(executor: Kysely<Database>, poolIds?: readonly string[]): Promise<Map<string, SliceBalances>> {
    let query = sliced(executor)
      .selectFrom('budget_pool_slices')
      .select([
        'pool_id',
        sql<number>`cast(sum(allotted_fen) as bigint)`.as('allotted'),
        sql<number>`cast(sum(available_fen) as bigint)`.as('available'),
        sql<number>`cast(sum(held_fen) as bigint)`.as('held'),
        sql<number>`cast(sum(spent_fen) as bigint)`.as('spent'),
      ])
      .groupBy('pool_id');
    if (poolIds !== undefined) {
      if (poolIds.length === 0) return new Map();
      query = query.where('pool_id', 'in', poolIds);
    }
    const rows = await query.execute();
    return new Map(
      rows.map((row) => [
        row.pool_id,
        {
          allottedFen: Number(row.allotted),
          availableFen: Number(row.available),
          heldFen: Number(row.held),
          spentFen: Number(row.spent),
        },
      ]),
    );
  }

  /** Locks these slice rows of one pool (waiting), in slice order; returns them. */
  async lockSlices(trx: Kysely<Database>, poolId: string, slices: readonly number[]): Promise<SliceRow[]> {
    const wanted = [...new Set(slices.filter((slice) => slice > 0))].sort((a, b) => a - b);
    if (wanted.length === 0) return [];
    const query = sliced(trx)
      .selectFrom('budget_pool_slices')
      .selectAll()
      .where('pool_id', '=', poolId)
      .where('slice', 'in', wanted)
      .orderBy('slice');
    return (this.dialect === 'postgres' ? query.forNoKeyUpdate() : query).execute();
  }

  /** Locks every slice row of a pool (waiting), in slice order. */
  async lockAllSlices(trx: Kysely<Database>, poolId: string): Promise<SliceRow[]> {
    const query = sliced(trx)
      .selectFrom('budget_pool_slices')
      .selectAll()
      .where('pool_id', '=', poolId)
      .orderBy('slice');
    return (this.dialect === 'postgres' ? query.forNoKeyUpdate() : query).execute();
  }

  /**
   * Slice rows of a pool with money available, other than `except`, that nobody else holds locked now
   * (PostgreSQL: SKIP LOCKED, so this never waits), locked; most available first.
   */
  async lockDonors(trx: Kysely<Database>, poolId: string, except: readonly number[]): Promise<SliceRow[]> {
    let query = sliced(trx)
      .selectFrom('budget_pool_slices')
      .selectAll()
      .where('pool_id', '=', poolId)
      .where('available_fen', '>', 0)
      .orderBy('available_fen', 'desc')
      .orderBy('slice');
    const excluded = except.filter((slice) => slice > 0);
    if (excluded.length > 0) query = query.where('slice', 'not in', excluded);
    return (this.dialect === 'postgres' ? query.forNoKeyUpdate().skipLocked() : query).execute();
  }

  /** The pool row, locked only if nobody else holds it now (PostgreSQL: SKIP LOCKED). */
  async lockPoolIfFree(trx: Kysely<Database>, poolId: string): Promise<PoolRow | undefined> {
    const query = trx.selectFrom('budget_pools').selectAll().where('id', '=', poolId);
    return (this.dialect === 'postgres' ? query.forNoKeyUpdate().skipLocked() : query).executeTakeFirst();
  }

  /**
   * Changes a slice row's balances by `delta`, only if none would go below zero. Returns the row, or
   * undefined when the database refused (nothing written).
   */
  async applyToSlice(
    trx: Kysely<Database>,
    poolId: string,
    slice: number,
    delta: SliceBalances,
    now: string,
  ): Promise<SliceRow | undefined> {
    const columns = [
      ['allotted_fen', delta.allottedFen],
      ['available_fen', delta.availableFen],
      ['held_fen', delta.heldFen],
      ['spent_fen', delta.spentFen],
    ] as const;
    let query = sliced(trx)
      .updateTable('budget_pool_slices')
      .set({ updated_at: now })
      .where('pool_id', '=', poolId)
      .where('slice', '=', slice);
    for (const [column, change] of columns) {
      if (change === 0) continue;
      query = query.set(column, sql<number>`${sql.ref(column)} + ${change}`);
      if (change < 0) query = query.where(sql.ref(column), '>=', -change);
    }
    return query.returningAll().executeTakeFirst();
  }

  /**
   * Raises the pool's slice count to `count` and creates the missing slice rows (empty); the pool row
   * is locked by the update. Returns the count before, or undefined when the pool does not exist.
   */
  async grow(trx: Kysely<Database>, poolId: string, count: number, now: string): Promise<number | undefined> {
    const db = sliced(trx);
    const before = await db
      .selectFrom('budget_pools')
      .select('slices')
      .where('id', '=', poolId)
      .$call((query) => (this.dialect === 'postgres' ? query.forNoKeyUpdate() : query))
      .executeTakeFirst();
    if (before === undefined) return undefined;
    const previous = Number(before.slices);
    if (count <= previous) return previous;
    await db.updateTable('budget_pools').set({ slices: count, updated_at: now }).where('id', '=', poolId).execute();
    await db
      .insertInto('budget_pool_slices')
      .values(
        Array.from({ length: count - Math.max(previous, 1) }, (_, index) => ({
          pool_id: poolId,
          slice: Math.max(previous, 1) + index,
          allotted_fen: 0,
          available_fen: 0,
          held_fen: 0,
          spent_fen: 0,
          updated_at: now,
        })),
      )
      .execute();
    return previous;
  }
}
