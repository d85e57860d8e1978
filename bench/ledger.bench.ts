/**
 * Budget ledger figures (issues 4 and 10): holds per second on SQLite and on PostgreSQL, at
 * concurrency 1, 16 and 64, all on one pool (the hot row every hold must lock), with the p99 latency of
 * a hold and the invariant checked afterwards: every hold landed, the books balance to the fen and no
 * balance is negative. Each beside a baseline measured in the same run on the same database and
 * handle: a plain single-row `UPDATE bench_counter SET n = n + 1` per operation, the least a write can
 * cost there.
 *
 * Paths (BENCH_PATHS, comma-separated):
 * - `steps`: each hold is the step `budget.hold(trx, …)` in a write transaction of its own, as a caller
 *   that composes nothing else would run it (one transaction, one commit per hold);
 * - `batched`: `budget.placeHold(context, …)`, the standalone use case, whose concurrent holds the
 *   hold batcher gathers into one transaction per batch (group commit);
 * - `sliced`: the same on a pool split into BENCH_SLICES slices (docs/ledger.md "Slices"), to see
 *   what slices cost in one process (they can only help when several processes write at once).
 *
 * Never fails on speed; exits 1 if the invariant is broken.
 *
 * Run: node --import tsx bench/ledger.bench.ts
 *   BENCH_SQLITE_HOLDS (20000), BENCH_PG_HOLDS (5000), BENCH_CONCURRENCY (1,16,64),
 *   BENCH_PATHS (steps,batched; or sliced), BENCH_SLICES (4), BENCH_DATABASES (sqlite,postgres),
 *   BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432/test)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import {
  dropPostgresSchema,
  ensurePostgresSchema,
  openDatabase,
  type DatabaseHandle,
  type DatabaseOptions,
} from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { AuditRepository } from '../src/db/audit-repository.js';
import { BudgetRepository } from '../src/db/budget-repository.js';
import { AuditLog } from '../src/services/audit/audit-log.js';
import { BudgetService } from '../src/services/budget/budget-service.js';
import { contextOf, standaloneLedger } from '../test/support/ledger-setup.js';
import { percentile, perSecond, ratio, timedRun } from './support.js';

const sqliteHolds = Number(process.env.BENCH_SQLITE_HOLDS ?? 20_000);
const postgresHolds = Number(process.env.BENCH_PG_HOLDS ?? 5_000);
const postgresUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const CONCURRENCIES = (process.env.BENCH_CONCURRENCY ?? '1,16,64').split(',').map(Number);
const PATHS = (process.env.BENCH_PATHS ?? 'steps,batched').split(',') as HoldPath[];
const DATABASES = (process.env.BENCH_DATABASES ?? 'sqlite,postgres').split(',');
type HoldPath = 'steps' | 'batched' | 'sliced';
const SLICES = Number(process.env.BENCH_SLICES ?? 4);
const HOLD_FEN = 1_000;
const ACTOR = { actor: 'bench' };

interface Row {
  database: string;
  path: HoldPath;
  concurrency: number;
  holds: number;
  holdsPerSecond: number;
  baselinePerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

let broken = false;

/** The batched path: the standalone use case, gathered by the hold batcher. */
function batchedHold(budget: BudgetService, poolId: string, key: string) {
  return budget.placeHold(contextOf(ACTOR), poolId, { amountFen: HOLD_FEN, idempotencyKey: key });
}

async function measure(label: string, options: DatabaseOptions, holds: number): Promise<Row[]> {
  const handle: DatabaseHandle = await openDatabase({ ...options, poolSize: 16 });
  const rows: Row[] = [];
  try {
    await migrateToLatest(handle);
    await sql`create table bench_counter (id integer primary key, n bigint not null)`.execute(handle.db);
    await sql`insert into bench_counter (id, n) values (1, 0)`.execute(handle.db);
    // Every ledger transaction appends its audit entry, as in the application.
    const budget = new BudgetService({
      store: handle,
      repository: new BudgetRepository(handle.db, handle.dialect),
      audit: new AuditLog(new AuditRepository(handle.db, handle.dialect), () => new Date()),
    });
    const service = standaloneLedger(budget, handle, 'steps');
    const { pool } = await service.createPool({ line: 'appliance', unitId: 'city', source: 'central' }, ACTOR);
    const { pool: split } = await service.createPool({ line: 'appliance', unitId: 'sliced', source: 'central' }, ACTOR);
    if (PATHS.includes('sliced') && !(await budget.splitPool(contextOf(ACTOR), split.id, { slices: SLICES })).ok) {
      throw new Error('could not split the bench pool');
    }
    const poolOf = (holdPath: HoldPath): string => (holdPath === 'sliced' ? split.id : pool.id);
    const fund = async (holdPath: HoldPath, amountFen: number, key: string): Promise<void> => {
      const funded = await service.fund(poolOf(holdPath), { amountFen, idempotencyKey: key }, ACTOR);
      if (!funded.ok) throw new Error(`could not fund the bench pool: ${funded.refusal.code}`);
      // A split pool's tranche lands on its row: spread it over the slices, as an operator would.
      if (holdPath === 'sliced') await budget.rebalancePool(contextOf(ACTOR), split.id);
    };
    const holdBy: Record<HoldPath, (key: string) => Promise<void>> = {
      steps: async (key) => {
        const outcome = await service.hold(pool.id, { amountFen: HOLD_FEN, idempotencyKey: key }, ACTOR);
        if (!outcome.ok) throw new Error(`bench hold refused: ${outcome.refusal.code}`);
      },
      batched: async (key) => {
        const outcome = await batchedHold(budget, pool.id, key);
        if (!outcome.ok) throw new Error(`bench hold refused: ${outcome.refusal.code}`);
      },
      sliced: async (key) => {
        const outcome = await batchedHold(budget, split.id, key);
        if (!outcome.ok) throw new Error(`bench hold refused: ${outcome.refusal.code}`);
      },
    };
    const bump = async (): Promise<void> => {
      await sql`update bench_counter set n = n + 1 where id = 1`.execute(handle.db);
    };

    // Warm up both paths (JIT, statement caches, connections).
    const warmUp = Math.min(500, holds);
    for (const holdPath of PATHS) {
      await fund(holdPath, warmUp * HOLD_FEN, `warm-up-${holdPath}`);
      await perSecond(warmUp, 16, (index) => holdBy[holdPath](`warm-${holdPath}-${index}`));
    }
    await perSecond(warmUp, 16, bump);

    for (const holdPath of PATHS) {
      for (const concurrency of CONCURRENCIES) {
        await fund(holdPath, holds * HOLD_FEN, `tranche-${holdPath}-${concurrency}`);
        // Alternate halves so that neither side always runs on a warmer cache or a fuller WAL.
        const half = Math.floor(holds / 2);
        const holdRates: number[] = [];
        const baseRates: number[] = [];
        const latencies: number[] = [];
        for (const [part, count] of [half, holds - half].entries()) {
          baseRates.push(await perSecond(count, concurrency, bump));
          const run = await timedRun(count, concurrency, (index) =>
            holdBy[holdPath](`${holdPath}-c${concurrency}-${part}-${index}`),
          );
          holdRates.push(run.perSecond);
          latencies.push(...run.latenciesMs);
        }
        const harmonic = (rates: number[], counts: number[]): number =>
          counts.reduce((sum, count) => sum + count, 0) /
          rates.reduce((sum, rate, index) => sum + (counts[index] ?? 0) / rate, 0);
        const counts = [half, holds - half];
        rows.push({
          database: label,
          path: holdPath,
          concurrency,
          holds,
          holdsPerSecond: harmonic(holdRates, counts),
          baselinePerSecond: harmonic(baseRates, counts),
          p50Ms: percentile(latencies, 50),
          p99Ms: percentile(latencies, 99),
        });
      }
    }

    // The invariant, afterwards: every hold landed, nothing negative, the books balance to the fen.
    const report = await service.verifyBooks();
    const onRow = PATHS.filter((holdPath) => holdPath !== 'sliced').length;
    const perPath = (warmUp + holds * CONCURRENCIES.length) * HOLD_FEN;
    let sound = report.balanced;
    for (const [id, paths] of [
      [pool.id, onRow],
      [split.id, PATHS.length - onRow],
    ] as const) {
      const each = await service.getPool(id);
      sound &&=
        each.availableFen === 0 &&
        each.heldFen === perPath * paths &&
        each.fundedFen === perPath * paths &&
        Math.min(each.availableFen, each.heldFen, each.spentFen, each.withdrawnFen) >= 0;
    }
    const after = await service.getPool(pool.id);
    const expectedHeld = perPath * onRow;
    if (!sound) broken = true;
    console.log(
      `${label}: invariant ${sound ? 'holds' : 'BROKEN'} — books ${report.balanced ? 'balance' : 'do NOT balance'} ` +
        `(${report.transactionCount} transactions, ${report.postingCount} postings); pool available ` +
        `${after.availableFen} fen, held ${after.heldFen} fen (expected ${expectedHeld})` +
        (report.problems.length > 0 ? `\n  ${report.problems.slice(0, 5).join('\n  ')}` : ''),
    );
    const { batches, operations, largest, fallbacks, moves, wholePool } = budget.batcher.stats;
    if (batches > 0) {
      console.log(
        `${label}: batched path wrote ${operations} operations in ${batches} batches ` +
          `(mean ${(operations / batches).toFixed(1)}, largest ${largest}, ${fallbacks} fallbacks; ` +
          `${moves} moves between slices, ${wholePool} holds to the whole pool)`,
      );
    }
  } finally {
    await handle.destroy();
  }
  return rows;
}

const results: Row[] = [];

const dataDir = await mkdtemp(path.join(tmpdir(), 'huimin-ledger-bench-'));
try {
  if (DATABASES.includes('sqlite'))
    results.push(
      ...(await measure(
        'SQLite (WAL, one process)',
        { dataDir, databaseUrl: null, databaseSchema: null },
        sqliteHolds,
      )),
    );
} finally {
  await rm(dataDir, { recursive: true, force: true });
}

const schema = `huimin_bench_${process.pid}`;
let postgresReady = false;
try {
  if (!DATABASES.includes('postgres')) throw new Error('not asked for (BENCH_DATABASES)');
  await ensurePostgresSchema(postgresUrl, schema);
  postgresReady = true;
} catch (error) {
  console.log(`PostgreSQL skipped (${postgresUrl}): ${error instanceof Error ? error.message : String(error)}`);
}
if (postgresReady) {
  try {
    results.push(
      ...(await measure(
        'PostgreSQL (pool of 16)',
        { dataDir: tmpdir(), databaseUrl: postgresUrl, databaseSchema: schema },
        postgresHolds,
      )),
    );
  } finally {
    await dropPostgresSchema(postgresUrl, schema);
  }
}

console.log(
  `\nledger holds per second, one pool (Node ${process.version}, ${availableParallelism()} CPUs: ` +
    `${cpus()[0]?.model ?? '?'}; load average ${loadavg()
      .map((load) => load.toFixed(2))
      .join(' ')})`,
);
console.table(
  Object.fromEntries(
    results.map((row) => [
      `${row.database}, ${row.path === 'sliced' ? `batched, ${SLICES} slices` : row.path}, concurrency ${row.concurrency}`,
      {
        holds: row.holds,
        'holds/s': Math.round(row.holdsPerSecond),
        'baseline UPDATE/s': Math.round(row.baselinePerSecond),
        'ratio to baseline': ratio(row.holdsPerSecond, row.baselinePerSecond),
        'p50 ms': Number(row.p50Ms.toFixed(2)),
        'p99 ms': Number(row.p99Ms.toFixed(2)),
      },
    ]),
  ),
);
if (broken) {
  console.error('ledger bench: the invariant was broken (see above)');
  process.exitCode = 1;
}
