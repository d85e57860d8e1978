import { describe, expect, it } from 'vitest';
import { checkBooks, type BooksSnapshot } from './invariants.js';
import { LedgerModel } from './model.js';

function sampleBooks(): BooksSnapshot {
  const model = new LedgerModel();
  const pool = model.createPool({ line: 'ebike', unitId: 'city', source: 'city' });
  model.fund(pool.id, 10_000, 'f');
  const held = model.hold(pool.id, 3000, 'h');
  if (held.ok) {
    model.commit(held.hold.id, 2000);
    model.reverse(held.hold.id, { amountFen: 500, idempotencyKey: 'r', destination: 'treasury' });
  }
  model.hold(pool.id, 1000, 'h2');
  return model.snapshot();
}

describe('checking the books', () => {
  it('finds nothing wrong in books the ledger kept', () => {
    expect(checkBooks(sampleBooks())).toMatchObject({ balanced: true, problems: [], poolCount: 1 });
  });

  it('checks each set commit against the holds pointing at it', () => {
    const books = sampleBooks();
    const set = {
      transactionId: 9,
      poolId: 'ebike.city.city',
      kind: 'commit_set',
      heldLegsFen: 3000,
      spentLegsFen: 2500,
      holds: 2,
      holdPoolIds: ['ebike.city.city'],
      holdsHeldFen: 3000,
      holdsCommittedFen: 2500,
    };
    expect(checkBooks({ ...books, setCommits: [set] }).problems).toEqual([]);
    expect(
      checkBooks({
        ...books,
        setCommits: [
          { ...set, holdsHeldFen: 2000, holdsCommittedFen: 2000, holdPoolIds: ['ebike.city.city', 'other'] },
          { ...set, transactionId: 10, holds: 0, holdPoolIds: [], holdsHeldFen: 0, holdsCommittedFen: 0 },
          { ...set, transactionId: 11, kind: 'fund', holds: 1 },
        ],
      }).problems,
    ).toEqual([
      'transaction 9 is of pool ebike.city.city, but holds of other point at it',
      'transaction 9 takes 3000 fen from held, but its holds held 2000',
      'transaction 9 spends 2500 fen, but its holds committed 2000',
      'transaction 10 commits holds together, but no hold points at it',
      'transaction 10 takes 3000 fen from held, but its holds held 0',
      'transaction 10 spends 2500 fen, but its holds committed 0',
      'transaction 11 is a fund, but 1 holds point at it as their commit',
    ]);
  });

  it('finds postings that do not sum to zero', () => {
    const books = sampleBooks();
    const report = checkBooks({ ...books, totalFen: 1, unbalancedTransactions: [{ transactionId: 3, sumFen: 1 }] });
    expect(report.balanced).toBe(false);
    expect(report.problems).toEqual(['postings sum to 1 fen, not 0', 'transaction 3: legs sum to 1 fen, not 0']);
  });

  it('finds a pool whose balances disagree with its postings, its holds or each other', () => {
    const books = sampleBooks();
    const [pool] = books.pools;
    if (pool === undefined) throw new Error('expected a pool');
    const tampered = { ...pool, balances: { ...pool.balances, availableFen: pool.balances.availableFen + 1 } };
    const report = checkBooks({ ...books, pools: [tampered] });
    expect(report.problems).toEqual([
      `pool ${pool.poolId}: funded 10000 fen but accounts hold 10001`,
      `pool ${pool.poolId}: available is ${tampered.balances.availableFen} fen but its postings say ${pool.balances.availableFen}`,
    ]);
    const negative = { ...pool, balances: { ...pool.balances, heldFen: -1 } };
    expect(checkBooks({ ...books, pools: [negative] }).problems).toContain(`pool ${pool.poolId}: heldFen is -1`);
    const holds = { ...pool, holds: { ...pool.holds, spentFen: 0 } };
    expect(checkBooks({ ...books, pools: [holds] }).problems).toEqual([
      `pool ${pool.poolId}: spent is 1500 fen but its holds say 0`,
    ]);
  });

  it("finds a slice of a split pool that disagrees with the legs on it or with its holds, though the pool's sums agree", () => {
    const books = sampleBooks();
    const [pool] = books.pools;
    if (pool === undefined) throw new Error('expected a pool');
    const slice = (number: number, availableFen: number, heldFen: number) => ({
      slice: number,
      balances: { allottedFen: availableFen + heldFen, availableFen, heldFen, spentFen: 0 },
      postings: { availableFen, heldFen, spentFen: 0 },
      holds: { heldFen, spentFen: 0 },
    });
    const sound = { ...pool, slices: [slice(0, 600, 100), slice(1, 400, 0)] };
    expect(checkBooks({ ...books, pools: [sound] }).problems).toEqual([]);
    // 100 fen held on slice 1 by the slice row, but its legs and its holds put it on slice 0.
    const moved = {
      ...pool,
      slices: [
        slice(0, 600, 100),
        {
          ...slice(1, 300, 100),
          postings: { availableFen: 300, heldFen: 0, spentFen: 0 },
          holds: { heldFen: 0, spentFen: 0 },
        },
      ],
    };
    expect(checkBooks({ ...books, pools: [moved] }).problems).toEqual([
      `pool ${pool.poolId}: slice 1 held is 100 fen but its postings say 0`,
      `pool ${pool.poolId}: slice 1 held is 100 fen but its holds say 0`,
    ]);
    const unaccounted = {
      ...pool,
      slices: [{ ...slice(1, 400, 0), balances: { ...slice(1, 400, 0).balances, allottedFen: 401 } }],
    };
    expect(checkBooks({ ...books, pools: [unaccounted] }).problems).toEqual([
      `pool ${pool.poolId}: slice 1 is allotted 401 fen but holds 400`,
    ]);
  });
});
