/**
 * The ledger as a plain in-memory state machine: the specification the database-backed service is
 * checked against. Property tests run random operation sequences through both and compare every
 * outcome and balance; this model never touches a database, so it can also run many thousands of
 * sequences quickly.
 *
 * Precedence of outcomes (the service follows the same order):
 *  - fund:    key used before → replay (same pool and amount) or IDEMPOTENCY_KEY_REUSED; unknown pool → error
 *  - hold:    key used before → replay or IDEMPOTENCY_KEY_REUSED; unknown pool → error; paused →
 *             POOL_PAUSED; available < amount → BUDGET_EXHAUSTED
 *  - commit:  unknown hold → error; held but amount > held → error; already committed with the same
 *             amount → replay; otherwise not held → HOLD_NOT_HELD
 *  - release: unknown hold → error; already released → replay; committed → HOLD_NOT_HELD
 *  - reverse: key used before → replay (same hold, destination and amount) or IDEMPOTENCY_KEY_REUSED;
 *             unknown hold → error; held or released → HOLD_NOT_COMMITTED; more than committed minus
 *             already reversed → REVERSAL_EXCEEDS_SPENT
 *  - pause/resume: unknown pool → error; already in that state → replay
 */
import type { BooksSnapshot } from './invariants.js';
import { refused, type LedgerOutcome } from './outcomes.js';
import {
  applyDelta,
  balanceDelta,
  commitLegs,
  fundLegs,
  holdLegs,
  releaseLegs,
  reverseLegs,
  sumOfLegs,
} from './postings.js';
import {
  ZERO_BALANCES,
  poolIdOf,
  type HoldStatus,
  type PoolBalances,
  type PoolKey,
  type PoolStatus,
  type PostingLeg,
  type ReversalDestination,
  type TransactionKind,
} from './types.js';

export interface ModelPool extends PoolBalances {
  readonly id: string;
  readonly key: PoolKey;
  readonly status: PoolStatus;
  readonly pauseReason: string | null;
}

export interface ModelHold {
  readonly id: string;
  readonly poolId: string;
  readonly amountFen: number;
  readonly status: HoldStatus;
  readonly committedFen: number;
  readonly reversedFen: number;
  readonly idempotencyKey: string;
}

export interface ModelTransaction {
  readonly id: number;
  readonly poolId: string;
  readonly kind: TransactionKind;
  readonly legs: readonly PostingLeg[];
}

type KeyRecord =
  | { readonly kind: 'fund'; readonly poolId: string; readonly amountFen: number }
  | { readonly kind: 'hold'; readonly poolId: string; readonly amountFen: number; readonly holdId: string }
  | {
      readonly kind: 'reverse';
      readonly holdId: string;
      readonly amountFen: number;
      readonly destination: ReversalDestination;
    };

export class LedgerNotFoundError extends Error {
  constructor(
    readonly what: 'pool' | 'hold',
    readonly id: string,
  ) {
    super(`no ${what} ${id}`);
    this.name = 'LedgerNotFoundError';
  }
}

export class LedgerModel {
  private readonly pools = new Map<string, ModelPool>();
  private readonly holds = new Map<string, ModelHold>();
  private readonly keys = new Map<string, KeyRecord>();
  private readonly transactions: ModelTransaction[] = [];

  createPool(key: PoolKey): ModelPool {
    const id = poolIdOf(key);
    const existing = this.pools.get(id);
    if (existing !== undefined) return existing;
    const pool: ModelPool = { id, key, status: 'active', pauseReason: null, ...ZERO_BALANCES };
    this.pools.set(id, pool);
    return pool;
  }

  getPool(id: string): ModelPool {
    const pool = this.pools.get(id);
    if (pool === undefined) throw new LedgerNotFoundError('pool', id);
    return pool;
  }

  getHold(id: string): ModelHold {
    const hold = this.holds.get(id);
    if (hold === undefined) throw new LedgerNotFoundError('hold', id);
    return hold;
  }

  allPools(): ModelPool[] {
    return [...this.pools.values()];
  }

  allHolds(): ModelHold[] {
    return [...this.holds.values()];
  }

  fund(poolId: string, amountFen: number, idempotencyKey: string): LedgerOutcome<{ pool: ModelPool }> {
    const previous = this.keys.get(idempotencyKey);
    if (previous !== undefined) {
      if (previous.kind === 'fund' && previous.poolId === poolId && previous.amountFen === amountFen) {
        return { ok: true, replayed: true, pool: this.getPool(poolId) };
      }
      return refused({ code: 'IDEMPOTENCY_KEY_REUSED', idempotencyKey });
    }
    const pool = this.getPool(poolId);
    this.post(pool.id, 'fund', fundLegs(pool.id, pool.key.source, amountFen));
    this.keys.set(idempotencyKey, { kind: 'fund', poolId, amountFen });
    return { ok: true, replayed: false, pool: this.getPool(poolId) };
  }

  hold(poolId: string, amountFen: number, idempotencyKey: string): LedgerOutcome<{ hold: ModelHold }> {
    const previous = this.keys.get(idempotencyKey);
    if (previous !== undefined) {
      if (previous.kind === 'hold' && previous.poolId === poolId && previous.amountFen === amountFen) {
        return { ok: true, replayed: true, hold: this.getHold(previous.holdId) };
      }
      return refused({ code: 'IDEMPOTENCY_KEY_REUSED', idempotencyKey });
    }
    const pool = this.getPool(poolId);
    if (pool.status === 'paused') return refused({ code: 'POOL_PAUSED', poolId, reason: pool.pauseReason });
    if (pool.availableFen < amountFen) {
      return refused({ code: 'BUDGET_EXHAUSTED', poolId, requestedFen: amountFen, availableFen: pool.availableFen });
    }
    const hold: ModelHold = {
      id: `hold-${this.holds.size + 1}`,
      poolId,
      amountFen,
      status: 'held',
      committedFen: 0,
      reversedFen: 0,
      idempotencyKey,
    };
    this.holds.set(hold.id, hold);
    this.post(poolId, 'hold', holdLegs(poolId, amountFen));
    this.keys.set(idempotencyKey, { kind: 'hold', poolId, amountFen, holdId: hold.id });
    return { ok: true, replayed: false, hold };
  }

  commit(holdId: string, amountFen?: number): LedgerOutcome<{ hold: ModelHold }> {
    const hold = this.getHold(holdId);
    const committedFen = amountFen ?? hold.amountFen;
    switch (hold.status) {
      case 'held': {
        if (committedFen > hold.amountFen) {
          throw new RangeError(`cannot commit ${committedFen} fen of a hold of ${hold.amountFen}`);
        }
        this.post(hold.poolId, 'commit', commitLegs(hold.poolId, hold.amountFen, committedFen));
        return { ok: true, replayed: false, hold: this.updateHold(hold, { status: 'committed', committedFen }) };
      }
      case 'committed':
      case 'reversed':
        if (amountFen === undefined || amountFen === hold.committedFen) return { ok: true, replayed: true, hold };
        return refused({ code: 'HOLD_NOT_HELD', holdId, status: hold.status });
      case 'released':
        return refused({ code: 'HOLD_NOT_HELD', holdId, status: hold.status });
    }
  }

  release(holdId: string): LedgerOutcome<{ hold: ModelHold }> {
    const hold = this.getHold(holdId);
    switch (hold.status) {
      case 'held':
        this.post(hold.poolId, 'release', releaseLegs(hold.poolId, hold.amountFen));
        return { ok: true, replayed: false, hold: this.updateHold(hold, { status: 'released' }) };
      case 'released':
        return { ok: true, replayed: true, hold };
      case 'committed':
      case 'reversed':
        return refused({ code: 'HOLD_NOT_HELD', holdId, status: hold.status });
    }
  }

  reverse(
    holdId: string,
    request: { amountFen?: number; idempotencyKey: string; destination: ReversalDestination },
  ): LedgerOutcome<{ hold: ModelHold }> {
    const { idempotencyKey, destination } = request;
    const previous = this.keys.get(idempotencyKey);
    if (previous !== undefined) {
      if (
        previous.kind === 'reverse' &&
        previous.holdId === holdId &&
        previous.destination === destination &&
        (request.amountFen === undefined || request.amountFen === previous.amountFen)
      ) {
        return { ok: true, replayed: true, hold: this.getHold(holdId) };
      }
      return refused({ code: 'IDEMPOTENCY_KEY_REUSED', idempotencyKey });
    }
    const hold = this.getHold(holdId);
    if (hold.status === 'held' || hold.status === 'released') {
      return refused({ code: 'HOLD_NOT_COMMITTED', holdId, status: hold.status });
    }
    const reversibleFen = hold.committedFen - hold.reversedFen;
    const amountFen = request.amountFen ?? reversibleFen;
    if (amountFen > reversibleFen || amountFen === 0) {
      return refused({ code: 'REVERSAL_EXCEEDS_SPENT', holdId, requestedFen: amountFen, reversibleFen });
    }
    this.post(hold.poolId, 'reverse', reverseLegs(hold.poolId, amountFen, destination));
    this.keys.set(idempotencyKey, { kind: 'reverse', holdId, amountFen, destination });
    const reversedFen = hold.reversedFen + amountFen;
    return {
      ok: true,
      replayed: false,
      hold: this.updateHold(hold, {
        reversedFen,
        status: reversedFen === hold.committedFen ? 'reversed' : 'committed',
      }),
    };
  }

  pause(poolId: string, reason: string | null): LedgerOutcome<{ pool: ModelPool }> {
    const pool = this.getPool(poolId);
    if (pool.status === 'paused') return { ok: true, replayed: true, pool };
    this.post(poolId, 'pause', []);
    return { ok: true, replayed: false, pool: this.replacePool({ ...pool, status: 'paused', pauseReason: reason }) };
  }

  resume(poolId: string): LedgerOutcome<{ pool: ModelPool }> {
    const pool = this.getPool(poolId);
    if (pool.status === 'active') return { ok: true, replayed: true, pool };
    this.post(poolId, 'resume', []);
    return { ok: true, replayed: false, pool: this.replacePool({ ...pool, status: 'active', pauseReason: null }) };
  }

  snapshot(): BooksSnapshot {
    let totalFen = 0;
    let postingCount = 0;
    const unbalancedTransactions: { transactionId: number; sumFen: number }[] = [];
    const sums = new Map<
      string,
      { availableFen: number; heldFen: number; spentFen: number; fundingFen: number; treasuryFen: number }
    >();
    for (const pool of this.pools.values()) {
      sums.set(pool.id, { availableFen: 0, heldFen: 0, spentFen: 0, fundingFen: 0, treasuryFen: 0 });
    }
    for (const transaction of this.transactions) {
      const sumFen = sumOfLegs(transaction.legs);
      if (sumFen !== 0) unbalancedTransactions.push({ transactionId: transaction.id, sumFen });
      totalFen += sumFen;
      postingCount += transaction.legs.length;
      const poolSums = sums.get(transaction.poolId);
      if (poolSums === undefined) continue;
      for (const leg of transaction.legs) {
        switch (leg.account) {
          case 'available':
            poolSums.availableFen += leg.amountFen;
            break;
          case 'held':
            poolSums.heldFen += leg.amountFen;
            break;
          case 'spent':
            poolSums.spentFen += leg.amountFen;
            break;
          case 'treasury':
            poolSums.treasuryFen += leg.amountFen;
            break;
          case 'funding:central':
          case 'funding:provincial':
          case 'funding:city':
          case 'funding:union':
            poolSums.fundingFen += leg.amountFen;
            break;
        }
      }
    }
    return {
      totalFen,
      postingCount,
      transactionCount: this.transactions.length,
      unbalancedTransactions,
      // The pure model keeps no records that own holds.
      holdOwnerMismatches: [],
      pools: [...this.pools.values()].map((pool) => {
        const holds = [...this.holds.values()].filter((hold) => hold.poolId === pool.id);
        return {
          poolId: pool.id,
          balances: {
            fundedFen: pool.fundedFen,
            availableFen: pool.availableFen,
            heldFen: pool.heldFen,
            spentFen: pool.spentFen,
            withdrawnFen: pool.withdrawnFen,
          },
          postings: sums.get(pool.id) ?? { availableFen: 0, heldFen: 0, spentFen: 0, fundingFen: 0, treasuryFen: 0 },
          holds: {
            heldFen: holds.filter((hold) => hold.status === 'held').reduce((sum, hold) => sum + hold.amountFen, 0),
            spentFen: holds.reduce((sum, hold) => sum + hold.committedFen - hold.reversedFen, 0),
          },
        };
      }),
    };
  }

  private post(poolId: string, kind: TransactionKind, legs: readonly PostingLeg[]): void {
    const pool = this.getPool(poolId);
    const next = applyDelta(pool, balanceDelta(legs));
    this.transactions.push({ id: this.transactions.length + 1, poolId, kind, legs });
    this.replacePool({ ...pool, ...next });
  }

  private replacePool(pool: ModelPool): ModelPool {
    this.pools.set(pool.id, pool);
    return pool;
  }

  private updateHold(hold: ModelHold, change: Partial<ModelHold>): ModelHold {
    const next = { ...hold, ...change };
    this.holds.set(hold.id, next);
    return next;
  }
}
