import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { spreadMoves, topUp, type Move, type SliceState } from './budget-slices.js';

const state = (slice: number, availableFen: number): SliceState => ({
  slice,
  balances: { allottedFen: availableFen, availableFen, heldFen: 0, spentFen: 0 },
});

function afterMoves(states: readonly SliceState[], moves: readonly Move[]): Map<number, number> {
  const available = new Map(states.map((each) => [each.slice, each.balances.availableFen]));
  for (const move of moves) {
    expect(move.amountFen).toBeGreaterThan(0);
    expect(move.from).not.toBe(move.to);
    available.set(move.from, (available.get(move.from) ?? 0) - move.amountFen);
    available.set(move.to, (available.get(move.to) ?? 0) + move.amountFen);
  }
  return available;
}

const slicesArbitrary = fc
  .array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 2, maxLength: 8 })
  .map((amounts) => amounts.map((fen, slice) => state(slice, fen)));

describe('spreading a pool over its slices', () => {
  it('leaves every slice an equal share (slice 0 the remainder), moves nothing below zero, keeps the total', () => {
    fc.assert(
      fc.property(slicesArbitrary, (states) => {
        const total = states.reduce((sum, each) => sum + each.balances.availableFen, 0);
        const available = afterMoves(states, spreadMoves(states));
        const share = Math.floor(total / states.length);
        for (const [slice, fen] of available) {
          expect(fen).toBe(slice === 0 ? total - share * (states.length - 1) : share);
        }
      }),
    );
  });

  it('moves nothing when the money is already spread', () => {
    expect(spreadMoves([state(0, 4), state(1, 3), state(2, 3)])).toEqual([]);
  });
});

describe('topping up one slice from the others', () => {
  it('gains what it needs when the donors have it, takes at least half of each donor it asks, never more than it has', () => {
    fc.assert(
      fc.property(slicesArbitrary, fc.integer({ min: 1, max: 2_000_000 }), (states, needFen) => {
        const donors = states.slice(1);
        const moves = topUp(donors, 0, needFen);
        const available = afterMoves(states, moves);
        for (const [, fen] of available) expect(fen).toBeGreaterThanOrEqual(0);
        const gained = moves.reduce((sum, move) => sum + move.amountFen, 0);
        const donorsHave = donors.reduce((sum, each) => sum + each.balances.availableFen, 0);
        expect(gained).toBeGreaterThanOrEqual(Math.min(needFen, donorsHave));
        for (const move of moves) {
          expect(move.to).toBe(0);
          const has = donors.find((each) => each.slice === move.from)?.balances.availableFen ?? 0;
          expect(move.amountFen).toBeGreaterThanOrEqual(Math.min(has, Math.ceil(has / 2)));
        }
      }),
    );
  });
});
