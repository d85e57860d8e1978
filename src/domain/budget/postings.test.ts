import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyDelta,
  balanceDelta,
  balancesAreSound,
  commitLegs,
  fundLegs,
  holdLegs,
  onSlice,
  rebalanceLegs,
  releaseLegs,
  reverseLegs,
  sliceDelta,
  sumOfLegs,
} from './postings.js';
import { ZERO_BALANCES } from './types.js';

const POOL = 'appliance.lingbao.central';

describe('posting rules', () => {
  it('fund: from the funding source into available', () => {
    expect(fundLegs(POOL, 'central', 500_000)).toEqual([
      { account: 'funding:central', poolId: null, amountFen: -500_000 },
      { account: 'available', poolId: POOL, amountFen: 500_000 },
    ]);
  });

  it('hold: available to held', () => {
    expect(holdLegs(POOL, 79_980)).toEqual([
      { account: 'available', poolId: POOL, amountFen: -79_980 },
      { account: 'held', poolId: POOL, amountFen: 79_980 },
    ]);
  });

  it('commit: held to spent, and what is not spent back to available', () => {
    expect(commitLegs(POOL, 1000, 1000)).toEqual([
      { account: 'held', poolId: POOL, amountFen: -1000 },
      { account: 'spent', poolId: POOL, amountFen: 1000 },
    ]);
    expect(commitLegs(POOL, 1000, 800)).toEqual([
      { account: 'held', poolId: POOL, amountFen: -1000 },
      { account: 'spent', poolId: POOL, amountFen: 800 },
      { account: 'available', poolId: POOL, amountFen: 200 },
    ]);
    expect(() => commitLegs(POOL, 1000, 1001)).toThrow(RangeError);
  });

  it('release: held back to available', () => {
    expect(releaseLegs(POOL, 300)).toEqual([
      { account: 'held', poolId: POOL, amountFen: -300 },
      { account: 'available', poolId: POOL, amountFen: 300 },
    ]);
  });

  it('reverse: spent back to the pool, or to the treasury', () => {
    expect(reverseLegs(POOL, 250, 'pool')).toEqual([
      { account: 'spent', poolId: POOL, amountFen: -250 },
      { account: 'available', poolId: POOL, amountFen: 250 },
    ]);
    expect(reverseLegs(POOL, 250, 'treasury')).toEqual([
      { account: 'spent', poolId: POOL, amountFen: -250 },
      { account: 'treasury', poolId: null, amountFen: 250 },
    ]);
  });

  it('refuses amounts that are not positive whole fen', () => {
    for (const amount of [0, -1, 1.5, Number.NaN, 2 ** 53]) {
      expect(() => holdLegs(POOL, amount)).toThrow(RangeError);
      expect(() => fundLegs(POOL, 'city', amount)).toThrow(RangeError);
    }
  });

  it('balance to zero, and keep the pool sound, for every operation and amount', () => {
    const amount = fc.integer({ min: 1, max: 2 ** 40 });
    fc.assert(
      fc.property(amount, amount, fc.constantFrom('pool' as const, 'treasury' as const), (a, b, destination) => {
        const [held, committed] = a >= b ? [a, b] : [b, a];
        const all = [
          fundLegs(POOL, 'provincial', a),
          holdLegs(POOL, a),
          commitLegs(POOL, held, committed),
          releaseLegs(POOL, a),
          reverseLegs(POOL, a, destination),
        ];
        for (const legs of all) expect(sumOfLegs(legs)).toBe(0);
        // fund, hold, commit part, reverse: the pool stays sound at every step.
        let balances = applyDelta(ZERO_BALANCES, balanceDelta(fundLegs(POOL, 'central', held)));
        balances = applyDelta(balances, balanceDelta(holdLegs(POOL, held)));
        expect(balancesAreSound(balances)).toBe(true);
        balances = applyDelta(balances, balanceDelta(commitLegs(POOL, held, committed)));
        expect(balancesAreSound(balances)).toBe(true);
        balances = applyDelta(balances, balanceDelta(reverseLegs(POOL, committed, destination)));
        expect(balancesAreSound(balances)).toBe(true);
        expect(balances.spentFen).toBe(0);
        expect(balances.availableFen + balances.withdrawnFen).toBe(held);
      }),
    );
  });

  it('derive a pool balance change from the legs', () => {
    expect(balanceDelta(fundLegs(POOL, 'city', 10))).toEqual({ ...ZERO_BALANCES, fundedFen: 10, availableFen: 10 });
    expect(balanceDelta(reverseLegs(POOL, 7, 'treasury'))).toEqual({ ...ZERO_BALANCES, spentFen: -7, withdrawnFen: 7 });
    expect(balancesAreSound({ ...ZERO_BALANCES, availableFen: -1, fundedFen: -1 })).toBe(false);
    expect(balancesAreSound({ ...ZERO_BALANCES, availableFen: 1 })).toBe(false);
  });
});

describe('legs on slices of a split pool', () => {
  it('puts pool legs on a slice and leaves outside accounts and slice 0 as they were', () => {
    const legs = fundLegs('p', 'central', 500);
    expect(onSlice(legs, 0)).toEqual(legs);
    expect(onSlice(legs, 2)).toEqual([legs[0], { ...legs[1], slice: 2 }]);
  });

  it('a rebalance moves available money between two slices and changes nothing for the pool as a whole', () => {
    const legs = rebalanceLegs('p', 0, 3, 700);
    expect(sumOfLegs(legs)).toBe(0);
    expect(balanceDelta(legs)).toEqual({ fundedFen: 0, availableFen: 0, heldFen: 0, spentFen: 0, withdrawnFen: 0 });
    expect(sliceDelta(legs, 0)).toEqual({ availableFen: -700, heldFen: 0, spentFen: 0 });
    expect(sliceDelta(legs, 3)).toEqual({ availableFen: 700, heldFen: 0, spentFen: 0 });
    expect(() => rebalanceLegs('p', 1, 1, 700)).toThrow(RangeError);
  });

  it("a commit on slice 2 moves only slice 2's accounts", () => {
    const legs = onSlice(commitLegs('p', 1000, 600), 2);
    expect(sliceDelta(legs, 2)).toEqual({ availableFen: 400, heldFen: -1000, spentFen: 600 });
    expect(sliceDelta(legs, 0)).toEqual({ availableFen: 0, heldFen: 0, spentFen: 0 });
  });
});
