/**
 * "The books balance": the checks an auditor runs over the whole ledger. The database enforces the
 * per-row rules (no negative balance, the pool's money all accounted for); these checks also cover
 * what spans rows: postings sum to zero overall and per transaction, each pool's balance columns
 * equal the sums of its postings, and its held and spent balances equal what its holds say; and every
 * record that reserved money (a subsidy grant) agrees with its hold on the amount and on whether it stands.
 */
import type { PoolBalances } from './types.js';

/** Sums of one pool's postings by account (funding and treasury: the legs of this pool's transactions). */
export interface PoolPostingSums {
  readonly availableFen: number;
  readonly heldFen: number;
  readonly spentFen: number;
  readonly fundingFen: number;
  readonly treasuryFen: number;
}

/** What one pool's holds add up to. */
export interface PoolHoldSums {
  /** Amounts of holds still `held`. */
  readonly heldFen: number;
  /** committedFen − reversedFen over all holds. */
  readonly spentFen: number;
}

export interface PoolBooks {
  readonly poolId: string;
  /** The whole pool's balances (for a split pool: the sums over its slices). */
  readonly balances: PoolBalances;
  readonly postings: PoolPostingSums;
  readonly holds: PoolHoldSums;
  /** A pool split into slices: each slice's own books (slice 0 is the pool row). */
  readonly slices?: readonly SliceBooks[];
}

/** One slice of a split pool: its balances, the sums of the legs on it, and what its holds say. */
export interface SliceBooks {
  readonly slice: number;
  readonly balances: {
    /** The money allotted to the slice (for slice 0: the pool row's funded less withdrawn). */
    readonly allottedFen: number;
    readonly availableFen: number;
    readonly heldFen: number;
    readonly spentFen: number;
  };
  readonly postings: { readonly availableFen: number; readonly heldFen: number; readonly spentFen: number };
  readonly holds: PoolHoldSums;
}

/**
 * A `commit_set` transaction (many holds of one pool committed together) beside the holds that point at
 * it: its held legs take exactly their held amounts, its spent legs pay exactly what they committed.
 */
export interface SetCommitBooks {
  readonly transactionId: number;
  /** The transaction's pool, and its kind (a hold may point only at a `commit_set`). */
  readonly poolId: string;
  readonly kind: string;
  /** −Σ of its `held` legs, Σ of its `spent` legs. */
  readonly heldLegsFen: number;
  readonly spentLegsFen: number;
  /** The holds pointing at it: how many, in which pools, Σ held amounts, Σ committed amounts. */
  readonly holds: number;
  readonly holdPoolIds: readonly string[];
  readonly holdsHeldFen: number;
  readonly holdsCommittedFen: number;
}

export interface BooksSnapshot {
  /** Sum of every posting in the ledger. */
  readonly totalFen: number;
  readonly postingCount: number;
  readonly transactionCount: number;
  /** Transactions whose legs do not sum to zero (there should be none). */
  readonly unbalancedTransactions: readonly { readonly transactionId: number; readonly sumFen: number }[];
  readonly pools: readonly PoolBooks[];
  /** Records owning a hold that disagree with it (there should be none). */
  readonly holdOwnerMismatches: readonly HoldOwnerMismatch[];
  /** Every `commit_set` transaction, and every transaction a hold points at as its commit. */
  readonly setCommits?: readonly SetCommitBooks[];
}

/**
 * A record that reserved money through a hold (a subsidy grant) whose amount differs from the hold's, or
 * which stands while its hold was released or returned (or the other way round).
 */
export interface HoldOwnerMismatch {
  /** `grant:<id>` */
  readonly owner: string;
  readonly holdId: string;
  readonly ownerFen: number;
  readonly holdFen: number;
  /** Whether the owner still stands (a grant not returned). */
  readonly ownerStanding: boolean;
  readonly holdStatus: string;
}

export interface BooksReport {
  readonly balanced: boolean;
  readonly problems: readonly string[];
  readonly postingCount: number;
  readonly transactionCount: number;
  readonly poolCount: number;
}

export function checkBooks(snapshot: BooksSnapshot): BooksReport {
  const problems: string[] = [];
  if (snapshot.totalFen !== 0) problems.push(`postings sum to ${snapshot.totalFen} fen, not 0`);
  for (const { transactionId, sumFen } of snapshot.unbalancedTransactions) {
    problems.push(`transaction ${transactionId}: legs sum to ${sumFen} fen, not 0`);
  }
  for (const pool of snapshot.pools) {
    const { balances, postings, holds } = pool;
    const expect = (what: string, stored: number, derived: number, from: string): void => {
      if (stored !== derived) problems.push(`pool ${pool.poolId}: ${what} is ${stored} fen but ${from} say ${derived}`);
    };
    for (const [name, value] of Object.entries(balances)) {
      if (!Number.isSafeInteger(value) || value < 0) problems.push(`pool ${pool.poolId}: ${name} is ${value}`);
    }
    const accounted = balances.availableFen + balances.heldFen + balances.spentFen + balances.withdrawnFen;
    if (balances.fundedFen !== accounted) {
      problems.push(`pool ${pool.poolId}: funded ${balances.fundedFen} fen but accounts hold ${accounted}`);
    }
    expect('available', balances.availableFen, postings.availableFen, 'its postings');
    expect('held', balances.heldFen, postings.heldFen, 'its postings');
    expect('spent', balances.spentFen, postings.spentFen, 'its postings');
    expect('funded', balances.fundedFen, -postings.fundingFen, 'its funding postings');
    expect('withdrawn', balances.withdrawnFen, postings.treasuryFen, 'its treasury postings');
    expect('held', balances.heldFen, holds.heldFen, 'its holds');
    expect('spent', balances.spentFen, holds.spentFen, 'its holds');
    for (const slice of pool.slices ?? []) {
      const where = `slice ${slice.slice}`;
      for (const [name, value] of Object.entries(slice.balances)) {
        if (!Number.isSafeInteger(value) || value < 0)
          problems.push(`pool ${pool.poolId}: ${where} ${name} is ${value}`);
      }
      const { allottedFen, availableFen, heldFen, spentFen } = slice.balances;
      if (allottedFen !== availableFen + heldFen + spentFen) {
        problems.push(
          `pool ${pool.poolId}: ${where} is allotted ${allottedFen} fen but holds ${availableFen + heldFen + spentFen}`,
        );
      }
      expect(`${where} available`, availableFen, slice.postings.availableFen, 'its postings');
      expect(`${where} held`, heldFen, slice.postings.heldFen, 'its postings');
      expect(`${where} spent`, spentFen, slice.postings.spentFen, 'its postings');
      expect(`${where} held`, heldFen, slice.holds.heldFen, 'its holds');
      expect(`${where} spent`, spentFen, slice.holds.spentFen, 'its holds');
    }
  }
  for (const set of snapshot.setCommits ?? []) {
    const where = `transaction ${set.transactionId}`;
    if (set.kind !== 'commit_set') {
      problems.push(`${where} is a ${set.kind}, but ${set.holds} holds point at it as their commit`);
      continue;
    }
    if (set.holds === 0) problems.push(`${where} commits holds together, but no hold points at it`);
    const strays = set.holdPoolIds.filter((poolId) => poolId !== set.poolId);
    if (strays.length > 0)
      problems.push(`${where} is of pool ${set.poolId}, but holds of ${strays.join(', ')} point at it`);
    if (set.heldLegsFen !== set.holdsHeldFen) {
      problems.push(`${where} takes ${set.heldLegsFen} fen from held, but its holds held ${set.holdsHeldFen}`);
    }
    if (set.spentLegsFen !== set.holdsCommittedFen) {
      problems.push(`${where} spends ${set.spentLegsFen} fen, but its holds committed ${set.holdsCommittedFen}`);
    }
  }
  for (const mismatch of snapshot.holdOwnerMismatches) {
    if (mismatch.ownerFen !== mismatch.holdFen) {
      problems.push(
        `${mismatch.owner}: ${mismatch.ownerFen} fen, but its hold ${mismatch.holdId} reserves ${mismatch.holdFen}`,
      );
    } else {
      problems.push(
        `${mismatch.owner}: ${mismatch.ownerStanding ? 'stands' : 'was returned'}, but its hold ${mismatch.holdId} is ${mismatch.holdStatus}`,
      );
    }
  }
  return {
    balanced: problems.length === 0,
    problems,
    postingCount: snapshot.postingCount,
    transactionCount: snapshot.transactionCount,
    poolCount: snapshot.pools.length,
  };
}
