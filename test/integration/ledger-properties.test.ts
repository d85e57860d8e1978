/**
 * Property tests on the real databases: random sequences of fund, hold, commit, release, reverse,
 * pause, resume and retries, played against the service and against the pure model at once. After
 * every step both must give the same answer and the same balances, no balance may be negative; after
 * every run the whole ledger's books must balance to the fen. On both paths: holds, commits and
 * releases through the hold batcher (one operation per batch here, as each step awaits the last), and
 * through the steps, each in a transaction of its own. And on pools split into 3 slices (docs/ledger.md
 * "Slices"), against the same unsplit model: holds draw on each batch's slice in turn, money moves
 * between slices when one runs short (and every fifth step the pool is spread evenly again), yet every
 * answer and every balance of the pool as a whole is the model's, and each slice's books balance too.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkBooks } from '../../src/domain/budget/invariants.js';
import { LedgerModel } from '../../src/domain/budget/model.js';
import { balancesAreSound } from '../../src/domain/budget/postings.js';
import { DIALECTS } from '../support/databases.js';
import { LedgerRun, ledgerCommands, modelDriver, runPoolKeys } from '../support/ledger-commands.js';
import {
  contextOf,
  ledgerDatabase,
  postingTotal,
  serviceDriver,
  type LedgerDatabase,
  type LedgerPath,
} from '../support/ledger-setup.js';

const RUNS = 50;
const MAX_STEPS = 30;

const SLICES = 3;
const CASES = DIALECTS.flatMap((dialect) =>
  (
    [
      ['batched', 1],
      ['steps', 1],
      ['batched', SLICES],
      ['steps', SLICES],
    ] as const
  ).map(([path, slices]) => [dialect, path, slices] as const),
);

describe.each(CASES)('budget ledger properties on %s, %s path, %i slice(s)', (dialect, path: LedgerPath, slices) => {
  let ledger: LedgerDatabase;
  let runNumber = 0;

  beforeAll(async () => {
    ledger = await ledgerDatabase(dialect, { poolSize: 2, path });
  });
  afterAll(async () => {
    await ledger?.close();
  });

  it('agrees with the model at every step, and the books balance after every run', async () => {
    await fc.assert(
      fc.asyncProperty(ledgerCommands(MAX_STEPS), async (commands) => {
        // Each run on pools of its own (and keys of its own), in the same database.
        runNumber += 1;
        const keys = runPoolKeys(String(runNumber));
        const model = new LedgerModel();
        const modelPools = keys.map((key) => model.createPool(key).id);
        const servicePools: string[] = [];
        for (const key of keys) servicePools.push((await ledger.service.createPool(key)).pool.id);
        expect(servicePools).toEqual(modelPools);
        const split = async (): Promise<void> => {
          for (const id of servicePools) {
            const outcome = await ledger.budget.splitPool(contextOf({ actor: 'finance' }), id, { slices });
            expect(outcome.ok).toBe(true);
          }
        };
        if (slices > 1) await split();
        const expected = new LedgerRun(modelDriver(model), modelPools, `run${runNumber}`);
        const actual = new LedgerRun(serviceDriver(ledger.service), servicePools, `run${runNumber}`);

        for (const [index, command] of commands.entries()) {
          const want = await expected.step(command);
          const got = await actual.step(command);
          expect(got, `step ${index} ${JSON.stringify(command)}`).toEqual(want);
          const pools = await actual.poolStates();
          expect(pools, `pools after step ${index}`).toEqual(await expected.poolStates());
          for (const pool of pools) expect(balancesAreSound(pool)).toBe(true);
          if (slices > 1 && index % 5 === 4) {
            for (const id of servicePools) await ledger.budget.rebalancePool(contextOf({ actor: 'finance' }), id);
            expect(await actual.poolStates(), `pools after spreading at step ${index}`).toEqual(pools);
          }
        }
        expect(await actual.holdStates()).toEqual(await expected.holdStates());
        expect(checkBooks(model.snapshot()).problems).toEqual([]);
        const report = await ledger.service.verifyBooks();
        expect(report.problems).toEqual([]);
        expect(await postingTotal(ledger.handle)).toBe(0);
      }),
      { numRuns: RUNS },
    );
    expect(runNumber).toBeGreaterThanOrEqual(RUNS);
    if (slices > 1 && path === 'batched') {
      // The runs did exercise the slices: money moved between them in batches, and holds that no
      // unlocked slice could pay went to the whole pool.
      expect(ledger.budget.batcher.stats.moves).toBeGreaterThan(0);
      expect(ledger.budget.batcher.stats.wholePool).toBeGreaterThan(0);
    }
  });
});
