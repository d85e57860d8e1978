/**
 * Hot pools split into slices (docs/ledger.md "Slices"): balance changes on one slice, rebalancing
 * between slices as ledger transactions, and the two whole-pool operations, spreading a pool's
 * available money over its slices and gathering it into one slice for a hold no single slice can pay.
 *
 * Slice 0 is the pool row (BudgetRepository.applyToPool: its funded_fen is slice 0's allotment plus
 * what was withdrawn); slices 1 … K−1 are slice rows. Every change is a conditional UPDATE that the
 * database refuses if a balance would go below zero. Lock order: pool row, then slice rows by number.
 */
import type { Kysely } from 'kysely';
import type { BudgetRepository } from '../../db/budget-repository.js';
import {
  rowSliceBalances,
  sliceBalancesOf,
  type BudgetSliceRepository,
  type SliceBalances,
} from '../../db/budget-slice-repository.js';
import type { Database } from '../../db/tables.js';
import { rebalanceLegs } from '../../domain/budget/postings.js';
import type { RequestContext } from '../context.js';
import type { BudgetBook, Moment } from './budget-book.js';

/** One slice's balances as read under lock. */
export interface SliceState {
  readonly slice: number;
  readonly balances: SliceBalances;
}

/** A move of available money from one slice to another, decided and not yet written. */
export interface Move {
  readonly from: number;
  readonly to: number;
  readonly amountFen: number;
}

/** The change a move of `amountFen` out of (negative) or into (positive) a slice makes to it. */
export function moveDelta(amountFen: number): SliceBalances {
  return { allottedFen: amountFen, availableFen: amountFen, heldFen: 0, spentFen: 0 };
}

/**
 * Moves from `donors` (most available first) to `to` until it has gained `needFen`: each donor gives
 * at least half of what it has (so that money stays spread), never more than it has.
 */
export function topUp(donors: readonly SliceState[], to: number, needFen: number): Move[] {
  const moves: Move[] = [];
  let missing = needFen;
  const sorted = [...donors].sort((a, b) => b.balances.availableFen - a.balances.availableFen || a.slice - b.slice);
  for (const donor of sorted) {
    if (missing <= 0) break;
    if (donor.slice === to || donor.balances.availableFen <= 0) continue;
    const has = donor.balances.availableFen;
    const give = Math.min(has, Math.max(missing, Math.ceil(has / 2)));
    moves.push({ from: donor.slice, to, amountFen: give });
    missing -= give;
  }
  return moves;
}

/** Moves that leave every slice with an equal share of the available money (slice 0 keeps the remainder). */
export function spreadMoves(states: readonly SliceState[]): Move[] {
  const total = states.reduce((sum, state) => sum + state.balances.availableFen, 0);
  const share = Math.floor(total / states.length);
  const target = (slice: number): number => (slice === 0 ? total - share * (states.length - 1) : share);
  const surplus = states
    .map((state) => ({ slice: state.slice, fen: state.balances.availableFen - target(state.slice) }))
    .filter((entry) => entry.fen > 0);
  const moves: Move[] = [];
  for (const state of states) {
    let lacking = target(state.slice) - state.balances.availableFen;
    for (const donor of surplus) {
      if (lacking <= 0) break;
      if (donor.fen <= 0) continue;
      const give = Math.min(donor.fen, lacking);
      moves.push({ from: donor.slice, to: state.slice, amountFen: give });
      donor.fen -= give;
      lacking -= give;
    }
  }
  return moves;
}

export class PoolSlices {
  constructor(
    private readonly repository: BudgetRepository,
    private readonly slices: BudgetSliceRepository,
    private readonly book: BudgetBook,
  ) {}

  /** Changes one slice's balances; false when the database refused (a balance would go below zero). */
  async apply(
    trx: Kysely<Database>,
    poolId: string,
    slice: number,
    delta: SliceBalances,
    guard: { readonly requireActive: boolean },
    now: string,
  ): Promise<boolean> {
    if (slice === 0) {
      const pool = await this.repository.applyToPool(
        trx,
        poolId,
        {
          fundedFen: delta.allottedFen,
          availableFen: delta.availableFen,
          heldFen: delta.heldFen,
          spentFen: delta.spentFen,
          withdrawnFen: 0,
        },
        guard,
        now,
      );
      return pool !== undefined;
    }
    return (await this.slices.applyToSlice(trx, poolId, slice, delta, now)) !== undefined;
  }

  /**
   * Writes the ledger transactions (kind `rebalance`, audited) of moves whose balance changes the
   * caller has applied or applies in the same transaction; returns their ids in order.
   */
  async recordMoves(
    trx: Kysely<Database>,
    context: RequestContext,
    poolId: string,
    moves: readonly Move[],
    at: Moment,
  ): Promise<number[]> {
    const ids: number[] = [];
    for (const move of moves) {
      const legs = rebalanceLegs(poolId, move.from, move.to, move.amountFen);
      ids.push(
        await this.book.record(trx, context, 'rebalance', poolId, legs, at, null, {
          amount_fen: move.amountFen,
          note: `slice ${move.from} → slice ${move.to}`,
        }),
      );
    }
    return ids;
  }

  /** Applies and records moves (the slices involved are locked by the caller). */
  async move(
    trx: Kysely<Database>,
    context: RequestContext,
    poolId: string,
    moves: readonly Move[],
    at: Moment,
  ): Promise<void> {
    for (const move of moves) {
      const out = await this.apply(
        trx,
        poolId,
        move.from,
        moveDelta(-move.amountFen),
        { requireActive: false },
        at.iso,
      );
      const into = await this.apply(trx, poolId, move.to, moveDelta(move.amountFen), { requireActive: false }, at.iso);
      if (!out || !into)
        throw new Error(`pool ${poolId} refused moving money between its slices: the books need checking`);
    }
    await this.recordMoves(trx, context, poolId, moves, at);
  }

  /**
   * The whole pool under lock (pool row, then every slice): its slices' states, slice 0 first. The
   * answer to "can the pool pay?" is the sum of their available money.
   */
  async lockWhole(trx: Kysely<Database>, poolId: string): Promise<SliceState[] | undefined> {
    const pool = await this.repository.lockPool(trx, poolId);
    if (pool === undefined) return undefined;
    const rows = await this.slices.lockAllSlices(trx, poolId);
    return [
      { slice: 0, balances: rowSliceBalances(pool) },
      ...rows.map((row) => ({ slice: row.slice, balances: sliceBalancesOf(row) })),
    ];
  }

  /**
   * Gathers into slice 0 what it lacks for `amountFen` from the other slices, if the whole pool has it
   * (the pool row and every slice locked). Returns the pool's available money before the move.
   */
  async gather(
    trx: Kysely<Database>,
    context: RequestContext,
    poolId: string,
    amountFen: number,
    at: Moment,
  ): Promise<number | undefined> {
    const states = await this.lockWhole(trx, poolId);
    if (states === undefined) return undefined;
    const total = states.reduce((sum, state) => sum + state.balances.availableFen, 0);
    const here = states[0]?.balances.availableFen ?? 0;
    if (total < amountFen || here >= amountFen) return total;
    await this.move(trx, context, poolId, topUp(states.slice(1), 0, amountFen - here), at);
    return total;
  }

  /** Spreads the pool's available money evenly over its slices (after a split, or on request). */
  async spread(trx: Kysely<Database>, context: RequestContext, poolId: string, at: Moment): Promise<Move[]> {
    const states = await this.lockWhole(trx, poolId);
    if (states === undefined || states.length < 2) return [];
    const moves = spreadMoves(states);
    await this.move(trx, context, poolId, moves, at);
    return moves;
  }
}
