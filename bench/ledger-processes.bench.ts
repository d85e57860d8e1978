/**
 * Several app processes on one PostgreSQL pool (issue 10): total holds per second through the batched
 * path with 1, 2 and 4 app processes against one pool, the same total concurrency (64) split between
 * them, books checked afterwards. The processes and the database share the machine's cores, so this
 * shows the cost of coordinating several processes on one hot row, not scaling. Never fails on speed;
 * exits 1 if the books do not balance.
 *
 * With BENCH_SLICES, the same on a pool split into that many slices (docs/ledger.md "Slices"), each
 * process's batches drawing on one slice in turn: the rows side by side show what one hot row costs.
 *
 * Run: node --import tsx bench/ledger-processes.bench.ts
 *   BENCH_PG_HOLDS (12000, in total per run), BENCH_PROCESSES (1,2,4), BENCH_SLICES (1,8),
 *   BENCH_TOTAL_CONCURRENCY (64, split between the processes), BENCH_DATABASE_URL
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { loadavg, tmpdir } from 'node:os';
import { dropPostgresSchema, ensurePostgresSchema, openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { AuditRepository } from '../src/db/audit-repository.js';
import { BudgetRepository } from '../src/db/budget-repository.js';
import { AuditLog } from '../src/services/audit/audit-log.js';
import { BudgetService } from '../src/services/budget/budget-service.js';
import { projectRoot } from '../src/shared/project-root.js';
import { contextOf } from '../test/support/ledger-setup.js';

const holds = Number(process.env.BENCH_PG_HOLDS ?? 12_000);
const processCounts = (process.env.BENCH_PROCESSES ?? '1,2,4').split(',').map(Number);
const sliceCounts = (process.env.BENCH_SLICES ?? '1,8').split(',').map(Number);
const postgresUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const TOTAL_CONCURRENCY = Number(process.env.BENCH_TOTAL_CONCURRENCY ?? 64);
const HOLD_FEN = 1_000;

const schema = `huimin_bench_procs_${process.pid}`;
await ensurePostgresSchema(postgresUrl, schema);
const env = {
  DATABASE_URL: postgresUrl,
  HUIMIN_DATABASE_SCHEMA: schema,
  HUIMIN_DATA_DIR: tmpdir(),
  LOG_LEVEL: 'silent',
};
const handle = await openDatabase({ dataDir: tmpdir(), databaseUrl: postgresUrl, databaseSchema: schema, poolSize: 4 });
let broken = false;
const rows: Record<string, Record<string, number | string>> = {};
try {
  await migrateToLatest(handle);
  const budget = new BudgetService({
    store: handle,
    repository: new BudgetRepository(handle.db, handle.dialect),
    audit: new AuditLog(new AuditRepository(handle.db, handle.dialect), () => new Date()),
  });
  const context = contextOf({ actor: 'bench' });
  // Unsplit and split side by side for each number of processes, so that neither always runs later
  // (on a warmer cache, a longer WAL).
  const runs = processCounts.flatMap((count) => sliceCounts.map((slices) => ({ slices, count })));
  for (const { slices, count } of runs) {
    // A pool of its own for each row, funded, then split (its money spread over the slices).
    const { pool } = await budget.createPool(context, {
      line: 'appliance',
      unitId: `bench-${slices}-${count}`,
      source: 'central',
    });
    const funded = await budget.fund(context, pool.id, {
      amountFen: holds * HOLD_FEN,
      idempotencyKey: `tranche-${slices}-${count}`,
    });
    if (!funded.ok) throw new Error('could not fund the bench pool');
    if (slices > 1 && !(await budget.splitPool(context, pool.id, { slices })).ok) throw new Error('could not split');
    const children = Array.from({ length: count }, (_, index) => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', path.join(projectRoot(), 'test', 'support', 'ledger-stream-worker.ts')],
        {
          cwd: projectRoot(),
          env: {
            ...process.env,
            ...env,
            LEDGER_POOL_ID: pool.id,
            LEDGER_HOLDS: String(Math.floor(holds / count)),
            LEDGER_AMOUNT_FEN: String(HOLD_FEN),
            LEDGER_KEY_PREFIX: `s${slices}-n${count}-p${index}`,
            LEDGER_CONCURRENCY: String(TOTAL_CONCURRENCY / count),
            LEDGER_WAIT_GO: '1',
            LEDGER_QUIET: '1',
          },
          stdio: ['pipe', 'pipe', 'inherit'],
        },
      );
      const lines: string[] = [];
      const ready = new Promise<void>((resolve) => {
        createInterface({ input: child.stdout }).on('line', (line) => {
          lines.push(line);
          if (line === 'ready') resolve();
        });
      });
      const done = new Promise<void>((resolve, reject) =>
        child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`worker exited ${code}`)))),
      );
      return { child, ready, done, lines };
    });
    await Promise.all(children.map((child) => child.ready));
    const started = performance.now();
    for (const { child } of children) child.stdin.write('go\n');
    await Promise.all(children.map((child) => child.done));
    const seconds = (performance.now() - started) / 1000;
    const summaries = children.map(
      ({ lines }) =>
        JSON.parse(lines.at(-2) ?? '{}') as {
          ok: number;
          refused: number;
          ms: number;
          batches: number;
          moves: number;
          wholePool: number;
        },
    );
    const sum = (pick: (summary: (typeof summaries)[number]) => number): number =>
      summaries.reduce((total, summary) => total + pick(summary), 0);
    const okCount = summaries.reduce((sum, summary) => sum + summary.ok, 0);
    const label = `PostgreSQL, ${slices} slice${slices > 1 ? 's' : ''}, ${count} app process${count > 1 ? 'es' : ''} × concurrency ${TOTAL_CONCURRENCY / count}`;
    rows[label] = {
      holds: okCount,
      refused: summaries.reduce((sum, summary) => sum + summary.refused, 0),
      'total holds/s': Math.round(okCount / seconds),
      batches: sum((summary) => summary.batches),
      'moves between slices': sum((summary) => summary.moves),
      'holds to the whole pool': sum((summary) => summary.wholePool),
    };
  }
  const report = await budget.reports.verifyBooks();
  if (!report.balanced) broken = true;
  console.log(`books ${report.balanced ? 'balance' : 'do NOT balance'} (${report.transactionCount} transactions)`);
} finally {
  await handle.destroy();
  await dropPostgresSchema(postgresUrl, schema);
}
console.log(
  `load average ${loadavg()
    .map((load) => load.toFixed(2))
    .join(' ')}`,
);
console.table(rows);
if (broken) process.exitCode = 1;
