/**
 * The posting rules: which accounts each operation moves money between. Every function returns legs
 * that sum to zero; the pool's balance columns change by exactly what the legs say (balanceDelta), so
 * a pool's balances always equal the sums of its postings.
 *
 * | operation | legs                                                                |
 * | --------- | ------------------------------------------------------------------- |
 * | fund      | funding:<source> −A, available +A                                   |
 * | hold      | available −A, held +A                                               |
 * | commit    | held −A, spent +C, available +(A − C)  (C ≤ A; the rest is released) |
 * | release   | held −A, available +A                                               |
 * | reverse   | spent −R, available +R (to the pool) or treasury +R                 |
 * | pause     | none                                                                |
 * | resume    | none                                                                |
 * | rebalance | available −X on one slice, available +X on another                   |
 *
 * A pool split into slices (docs/ledger.md "Slices") has these accounts per slice: `onSlice` puts an
 * operation's pool legs on a slice, `sliceDelta` is what they do to that slice's balances, and
 * `balanceDelta` stays what they do to the pool as a whole.
 */
import {
  fundingAccount,
  type FundingSource,
  type PoolBalances,
  type PostingLeg,
  type ReversalDestination,
} from './types.js';

function requirePositive(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value <= 0) throw new RangeError(`${name} must be a positive integer fen amount`);
}

export function fundLegs(poolId: string, source: FundingSource, amountFen: number): PostingLeg[] {
  requirePositive('amountFen', amountFen);
  return [
    { account: fundingAccount(source), poolId: null, amountFen: -amountFen },
    { account: 'available', poolId, amountFen },
  ];
}

export function holdLegs(poolId: string, amountFen: number): PostingLeg[] {
  requirePositive('amountFen', amountFen);
  return [
    { account: 'available', poolId, amountFen: -amountFen },
    { account: 'held', poolId, amountFen },
  ];
}

/** Commits `committedFen` of a hold of `heldFen`; what is not committed goes back to available. */
export function commitLegs(poolId: string, heldFen: number, committedFen: number): PostingLeg[] {
  requirePositive('heldFen', heldFen);
  requirePositive('committedFen', committedFen);
  if (committedFen > heldFen) throw new RangeError('committedFen must not exceed the held amount');
  const legs: PostingLeg[] = [
    { account: 'held', poolId, amountFen: -heldFen },
    { account: 'spent', poolId, amountFen: committedFen },
  ];
  if (committedFen < heldFen) legs.push({ account: 'available', poolId, amountFen: heldFen - committedFen });
  return legs;
}

export function releaseLegs(poolId: string, heldFen: number): PostingLeg[] {
  requirePositive('heldFen', heldFen);
  return [
    { account: 'held', poolId, amountFen: -heldFen },
    { account: 'available', poolId, amountFen: heldFen },
  ];
}

export function reverseLegs(poolId: string, amountFen: number, destination: ReversalDestination): PostingLeg[] {
  requirePositive('amountFen', amountFen);
  switch (destination) {
    case 'pool':
      return [
        { account: 'spent', poolId, amountFen: -amountFen },
        { account: 'available', poolId, amountFen },
      ];
    case 'treasury':
      return [
        { account: 'spent', poolId, amountFen: -amountFen },
        { account: 'treasury', poolId: null, amountFen },
      ];
  }
}

export function sumOfLegs(legs: readonly PostingLeg[]): number {
  return legs.reduce((sum, leg) => sum + leg.amountFen, 0);
}

/**
 * How one transaction's legs change its pool's balances. Money from a funding account raises
 * `fundedFen`; money into the treasury raises `withdrawnFen`. Because the legs sum to zero,
 * fundedFen = availableFen + heldFen + spentFen + withdrawnFen keeps holding after the change.
 */
export function balanceDelta(legs: readonly PostingLeg[]): PoolBalances {
  let fundedFen = 0;
  let availableFen = 0;
  let heldFen = 0;
  let spentFen = 0;
  let withdrawnFen = 0;
  for (const leg of legs) {
    switch (leg.account) {
      case 'available':
        availableFen += leg.amountFen;
        break;
      case 'held':
        heldFen += leg.amountFen;
        break;
      case 'spent':
        spentFen += leg.amountFen;
        break;
      case 'treasury':
        withdrawnFen += leg.amountFen;
        break;
      case 'funding:central':
      case 'funding:provincial':
      case 'funding:city':
      case 'funding:union':
        fundedFen -= leg.amountFen;
        break;
    }
  }
  return { fundedFen, availableFen, heldFen, spentFen, withdrawnFen };
}

export function applyDelta(balances: PoolBalances, delta: PoolBalances): PoolBalances {
  return {
    fundedFen: balances.fundedFen + delta.fundedFen,
    availableFen: balances.availableFen + delta.availableFen,
    heldFen: balances.heldFen + delta.heldFen,
    spentFen: balances.spentFen + delta.spentFen,
    withdrawnFen: balances.withdrawnFen + delta.withdrawnFen,
  };
}

/** True when no balance is negative and the pool's money is all accounted for. */
export function balancesAreSound(balances: PoolBalances): boolean {
  const { fundedFen, availableFen, heldFen, spentFen, withdrawnFen } = balances;
  return (
    [fundedFen, availableFen, heldFen, spentFen, withdrawnFen].every(
      (value) => Number.isSafeInteger(value) && value >= 0,
    ) && fundedFen === availableFen + heldFen + spentFen + withdrawnFen
  );
}

/** The legs with their pool accounts on `slice` (slice 0, the pool row, carries no slice field). */
export function onSlice(legs: readonly PostingLeg[], slice: number): PostingLeg[] {
  if (!Number.isInteger(slice) || slice < 0) throw new RangeError('slice must be a whole number ≥ 0');
  if (slice === 0) return [...legs];
  return legs.map((leg) => (leg.poolId === null ? leg : { ...leg, slice }));
}

/** Moves `amountFen` of available money from one slice of a pool to another. */
export function rebalanceLegs(poolId: string, from: number, to: number, amountFen: number): PostingLeg[] {
  requirePositive('amountFen', amountFen);
  if (from === to) throw new RangeError('a rebalance moves money between two different slices');
  return [
    ...onSlice([{ account: 'available', poolId, amountFen: -amountFen }], from),
    ...onSlice([{ account: 'available', poolId, amountFen }], to),
  ];
}

/** The slice a leg moves (0 unless it says otherwise). */
export function sliceOf(leg: PostingLeg): number {
  return leg.slice ?? 0;
}

/** What the legs on `slice` do to that slice's available, held and spent balances. */
export function sliceDelta(
  legs: readonly PostingLeg[],
  slice: number,
): { availableFen: number; heldFen: number; spentFen: number } {
  const delta = { availableFen: 0, heldFen: 0, spentFen: 0 };
  for (const leg of legs) {
    if (leg.poolId === null || sliceOf(leg) !== slice) continue;
    if (leg.account === 'available') delta.availableFen += leg.amountFen;
    else if (leg.account === 'held') delta.heldFen += leg.amountFen;
    else if (leg.account === 'spent') delta.spentFen += leg.amountFen;
  }
  return delta;
}
