/**
 * "A pool's available balance never goes below zero, whatever the concurrency": hundreds of holds
 * fired at once at a pool that can afford only some of them, in one process and across several app
 * processes, on SQLite and on PostgreSQL. Exactly the affordable number succeed, the rest are refused
 * with BUDGET_EXHAUSTED, the pool ends at zero and the books balance.
 *
 * SQLite allows one writer at a time: in one process the driver queues transactions on its single
 * connection; across processes BEGIN IMMEDIATE and the busy timeout queue them. (Two SQLite handles in
 * one process must not be used: better-sqlite3 waits for a lock synchronously, so one handle waiting
 * would block the event loop that the other needs to finish its transaction.) PostgreSQL runs the holds
 * truly in parallel on a pool of connections per process.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LedgerOutcome } from '../../src/domain/budget/outcomes.js';
import { projectRoot } from '../../src/shared/project-root.js';
import { DIALECTS, type TestDialect } from '../support/databases.js';
import { contextOf, ledgerDatabase, ok, postingTotal, type LedgerDatabase } from '../support/ledger-setup.js';

const FINANCE = { actor: 'finance' };
const SUBSIDY = { actor: 'subsidy-service' };
const HOLD_FEN = 1_000;
const AFFORDABLE = 120;

function tally(outcomes: readonly LedgerOutcome<object>[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const outcome of outcomes) {
    const key = outcome.ok ? 'ok' : outcome.refusal.code;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

async function expectSoundBooks(ledger: LedgerDatabase): Promise<void> {
  const report = await ledger.service.verifyBooks();
  expect(report.problems).toEqual([]);
  expect(await postingTotal(ledger.handle)).toBe(0);
  for (const pool of await ledger.service.listPools()) {
    expect(Math.min(pool.availableFen, pool.heldFen, pool.spentFen, pool.withdrawnFen)).toBeGreaterThanOrEqual(0);
  }
}

interface WorkerResult {
  readonly pid: number;
  readonly counts: Record<string, number>;
  readonly ms: number;
}

/** Starts one app process per entry, waits until all are connected, says go to all at once. */
async function raceProcesses(
  ledger: LedgerDatabase,
  poolId: string,
  workers: readonly { holds: number; keyPrefix: string }[],
  extraEnv: Record<string, string> = {},
): Promise<WorkerResult[]> {
  const root = projectRoot();
  const children = workers.map(({ holds, keyPrefix }) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'test', 'support', 'ledger-worker.ts')], {
      cwd: root,
      env: {
        ...process.env,
        ...ledger.environment.env,
        LEDGER_POOL_ID: poolId,
        LEDGER_HOLDS: String(holds),
        LEDGER_AMOUNT_FEN: String(HOLD_FEN),
        LEDGER_KEY_PREFIX: keyPrefix,
        LEDGER_POOL_SIZE: '10',
        ...extraEnv,
      },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const lines = createInterface({ input: child.stdout });
    const ready = new Promise<void>((resolve, reject) => {
      lines.once('line', (line) => (line === 'ready' ? resolve() : reject(new Error(`worker said "${line}"`))));
      child.once('exit', (code) => reject(new Error(`worker exited with ${code} before it was ready`)));
    });
    const result = new Promise<WorkerResult>((resolve, reject) => {
      const collected: string[] = [];
      lines.on('line', (line) => collected.push(line));
      child.once('exit', (code) => {
        const last = collected.at(-1);
        if (code === 0 && last !== undefined) resolve(JSON.parse(last) as WorkerResult);
        else reject(new Error(`worker exited with ${code}: ${collected.join('\n')}`));
      });
    });
    return { child, ready, result };
  });
  await Promise.all(children.map(({ ready }) => ready));
  for (const { child } of children) child.stdin.write('go\n');
  return Promise.all(children.map(({ result }) => result));
}

describe.each(DIALECTS)('concurrent holds on %s', (dialect: TestDialect) => {
  let ledger: LedgerDatabase;

  beforeAll(async () => {
    ledger = await ledgerDatabase(dialect, { poolSize: 12 });
  });
  afterAll(async () => {
    await ledger?.close();
  });

  /** A pool funded for `holds` holds; with `slices` > 1 split into that many slices, the money spread. */
  async function poolAffording(unitId: string, holds: number, slices = 1): Promise<string> {
    const { pool } = await ledger.service.createPool({ line: 'appliance', unitId, source: 'central' });
    ok(await ledger.service.fund(pool.id, { amountFen: holds * HOLD_FEN, idempotencyKey: `fund-${unitId}` }, FINANCE));
    if (slices > 1) {
      const split = ok(await ledger.budget.splitPool(contextOf(FINANCE), pool.id, { slices }));
      expect(split.pool).toMatchObject({ slices, availableFen: holds * HOLD_FEN });
    }
    return pool.id;
  }

  it.each([1, 4])(
    `lets exactly ${AFFORDABLE} of 300 simultaneous holds through, in one process (%i slices)`,
    async (slices) => {
      const poolId = await poolAffording(`one-process-${slices}`, AFFORDABLE, slices);
      const outcomes = await Promise.all(
        Array.from({ length: 300 }, (_, index) =>
          ledger.service.hold(poolId, { amountFen: HOLD_FEN, idempotencyKey: `one-${slices}-${index}` }, SUBSIDY),
        ),
      );
      expect(tally(outcomes)).toEqual({ ok: AFFORDABLE, BUDGET_EXHAUSTED: 300 - AFFORDABLE });
      expect(await ledger.service.getPool(poolId)).toMatchObject({
        availableFen: 0,
        heldFen: AFFORDABLE * HOLD_FEN,
        fundedFen: AFFORDABLE * HOLD_FEN,
      });
      await expectSoundBooks(ledger);
    },
  );

  // Two app processes on both databases; on PostgreSQL also four (issue 10: several app processes);
  // each on a pool as one row and on a pool split into four slices.
  it.each(
    dialect === 'postgres'
      ? [
          [2, 1],
          [4, 1],
          [2, 4],
          [4, 4],
        ]
      : [
          [2, 1],
          [2, 4],
        ],
  )(
    `lets exactly ${AFFORDABLE} holds through when %i app processes fire at the same pool (%i slices)`,
    async (processes, slices) => {
      const poolId = await poolAffording(`processes-${processes}-${slices}`, AFFORDABLE, slices);
      // On SQLite connections to one file; on PostgreSQL ten connections each (five each for four).
      const workers = Array.from({ length: processes }, (_, index) => ({
        holds: dialect === 'sqlite' ? 225 : 600 / processes,
        keyPrefix: `p${processes}-s${slices}-${index}`,
      }));
      // Batches of at most 16, so that the 120 affordable holds take several batches and the
      // processes' batches interleave on the pool row (one batch of 256 would take them all at once).
      const results = await raceProcesses(ledger, poolId, workers, {
        LEDGER_MAX_BATCH: '16',
        LEDGER_POOL_SIZE: processes > 2 ? '5' : '10',
      });
      const attempts = workers.reduce((sum, worker) => sum + worker.holds, 0);
      const succeeded = results.reduce((sum, result) => sum + (result.counts.ok ?? 0), 0);
      const exhausted = results.reduce((sum, result) => sum + (result.counts.BUDGET_EXHAUSTED ?? 0), 0);
      expect(succeeded).toBe(AFFORDABLE);
      expect(exhausted).toBe(attempts - AFFORDABLE);
      // Every attempt got an answer (no lock timeouts, no errors).
      for (const [index, result] of results.entries()) {
        expect((result.counts.ok ?? 0) + (result.counts.BUDGET_EXHAUSTED ?? 0)).toBe(workers[index]?.holds);
      }
      // On PostgreSQL at least two processes win some: they really ran side by side. (SQLite's one
      // writer may let the first process to get the lock serve its whole queue before the other's busy
      // wait wakes.)
      if (dialect === 'postgres') {
        expect(results.filter((result) => (result.counts.ok ?? 0) > 0).length).toBeGreaterThanOrEqual(2);
      }
      expect(await ledger.service.getPool(poolId)).toMatchObject({ availableFen: 0, heldFen: AFFORDABLE * HOLD_FEN });
      await expectSoundBooks(ledger);
    },
    120_000,
  );

  it.each([1, 4])(
    'keeps the books exact while holds, commits, releases, returns and tranches interleave (%i slices)',
    async (slices) => {
      const poolId = await poolAffording(`mixed-${slices}`, 100, slices);
      const first = await Promise.all(
        Array.from({ length: 100 }, (_, index) =>
          ledger.service.hold(poolId, { amountFen: HOLD_FEN, idempotencyKey: `mixed-${slices}-a${index}` }, SUBSIDY),
        ),
      );
      const held = first.map((outcome) => ok(outcome).hold.id);
      const committed = held.slice(0, 50);
      const released = held.slice(50);

      // Round two: settle every first-round hold, take a new tranche, and race 150 new holds for the money.
      const round2 = await Promise.all([
        ...committed.map((id) => ledger.service.commit(id, {}, SUBSIDY)),
        ...released.map((id) => ledger.service.release(id, SUBSIDY)),
        ledger.service.fund(poolId, { amountFen: 20 * HOLD_FEN, idempotencyKey: `mixed-${slices}-tranche` }, FINANCE),
        ...Array.from({ length: 150 }, (_, index) =>
          ledger.service.hold(poolId, { amountFen: HOLD_FEN, idempotencyKey: `mixed-${slices}-b${index}` }, SUBSIDY),
        ),
      ]);
      const newHolds = round2.slice(101);
      const newOk = newHolds.filter((outcome) => outcome.ok).length;
      expect(round2.slice(0, 101).every((outcome) => outcome.ok)).toBe(true);
      expect(newOk + (tally(newHolds).BUDGET_EXHAUSTED ?? 0)).toBe(150);
      expect(await ledger.service.getPool(poolId)).toMatchObject({
        fundedFen: 120 * HOLD_FEN,
        availableFen: (70 - newOk) * HOLD_FEN,
        heldFen: newOk * HOLD_FEN,
        spentFen: 50 * HOLD_FEN,
      });

      // Round three: every commitment returned (each return sent twice), while 100 more holds race for it.
      const round3 = await Promise.all([
        ...committed.flatMap((id) => [
          ledger.service.reverse(id, { idempotencyKey: `return-${id}` }, SUBSIDY),
          ledger.service.reverse(id, { idempotencyKey: `return-${id}` }, SUBSIDY),
        ]),
        ...Array.from({ length: 100 }, (_, index) =>
          ledger.service.hold(poolId, { amountFen: HOLD_FEN, idempotencyKey: `mixed-${slices}-c${index}` }, SUBSIDY),
        ),
      ]);
      expect(round3.slice(0, 100).every((outcome) => outcome.ok)).toBe(true);
      const lastOk = round3.slice(100).filter((outcome) => outcome.ok).length;
      const pool = await ledger.service.getPool(poolId);
      expect(pool).toMatchObject({
        fundedFen: 120 * HOLD_FEN,
        availableFen: (120 - newOk - lastOk) * HOLD_FEN,
        heldFen: (newOk + lastOk) * HOLD_FEN,
        spentFen: 0,
      });
      expect(pool.availableFen).toBeGreaterThanOrEqual(0);
      await expectSoundBooks(ledger);
    },
  );

  it.each([1, 4])('stops taking holds the moment a pool is paused, mid-stream (%i slices)', async (slices) => {
    const poolId = await poolAffording(`paused-${slices}`, 1000, slices);
    const outcomes = await Promise.all([
      ...Array.from({ length: 100 }, (_, index) =>
        ledger.service.hold(poolId, { amountFen: HOLD_FEN, idempotencyKey: `paused-${slices}-${index}` }, SUBSIDY),
      ),
      ledger.service.pause(poolId, { reason: 'audit' }, FINANCE),
      ...Array.from({ length: 100 }, (_, index) =>
        ledger.service.hold(poolId, { amountFen: HOLD_FEN, idempotencyKey: `paused-${slices}-late-${index}` }, SUBSIDY),
      ),
    ]);
    const counts = tally(outcomes.filter((_, index) => index !== 100));
    expect((counts.ok ?? 0) + (counts.POOL_PAUSED ?? 0)).toBe(200);
    const pool = await ledger.service.getPool(poolId);
    expect(pool.heldFen).toBe((counts.ok ?? 0) * HOLD_FEN);
    // Every hold that came after the pause was committed to the database was refused.
    const transactions = await ledger.service.postings(poolId, { limit: 1000 });
    const pauseAt = transactions.findIndex((transaction) => transaction.kind === 'pause');
    expect(pauseAt).toBeGreaterThan(0);
    expect(transactions.slice(pauseAt + 1).filter((transaction) => transaction.kind === 'hold')).toEqual([]);
    await expectSoundBooks(ledger);
  });
});
