/**
 * Budget ledger figures (issue 4, part 6): holds per second on SQLite and on PostgreSQL, at
 * concurrency 1 and 16, all on one pool (the hot row every hold must lock), with the invariant checked
 * afterwards: the books balance to the fen and no balance is negative. Each beside a baseline measured
 * in the same run on the same database and handle: a plain single-row `UPDATE bench_counter SET n = n + 1`
 * per operation, the least a write can cost there.
 *
 * A hold is one transaction of seven statements (BEGIN, idempotency-key lookup, the conditional
 * UPDATE of the pool, the hold row, the transaction row, its two postings, COMMIT), so a ratio well
 * below 1× is expected; the figure to watch is holds per second. Never fails on speed; exits 1 if the
 * invariant is broken.
 *
 * Run: node --import tsx bench/ledger.bench.ts
 *   BENCH_SQLITE_HOLDS (20000), BENCH_PG_HOLDS (5000), BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432/test)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, cpus, tmpdir } from 'node:os';
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
import { standaloneLedger } from '../test/support/ledger-setup.js';
import { perSecond, ratio } from './support.js';

const sqliteHolds = Number(process.env.BENCH_SQLITE_HOLDS ?? 20_000);
const postgresHolds = Number(process.env.BENCH_PG_HOLDS ?? 5_000);
const postgresUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const CONCURRENCIES = [1, 16] as const;
const HOLD_FEN = 1_000;
const ACTOR = { actor: 'bench' };

interface Row {
  database: string;
  concurrency: number;
  holds: number;
  holdsPerSecond: number;
  baselinePerSecond: number;
}

let broken = false;

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
    const service = standaloneLedger(budget, handle);
    const { pool } = await service.createPool({ line: 'appliance', unitId: 'city', source: 'central' }, ACTOR);
    const fund = async (amountFen: number, key: string): Promise<void> => {
      const funded = await service.fund(pool.id, { amountFen, idempotencyKey: key }, ACTOR);
      if (!funded.ok) throw new Error(`could not fund the bench pool: ${funded.refusal.code}`);
    };
    const hold = async (key: string): Promise<void> => {
      const outcome = await service.hold(pool.id, { amountFen: HOLD_FEN, idempotencyKey: key }, ACTOR);
      if (!outcome.ok) throw new Error(`bench hold refused: ${outcome.refusal.code}`);
    };
    const bump = async (): Promise<void> => {
      await sql`update bench_counter set n = n + 1 where id = 1`.execute(handle.db);
    };

    // Warm up both paths (JIT, statement caches, connections).
    const warmUp = Math.min(500, holds);
    await fund(warmUp * HOLD_FEN, 'warm-up');
    await perSecond(warmUp, 16, (index) => hold(`warm-${index}`));
    await perSecond(warmUp, 16, bump);

    for (const concurrency of CONCURRENCIES) {
      await fund(holds * HOLD_FEN, `tranche-${concurrency}`);
      // Alternate halves so that neither side always runs on a warmer cache or a fuller WAL.
      const half = Math.floor(holds / 2);
      const holdRates: number[] = [];
      const baseRates: number[] = [];
      for (const [part, count] of [half, holds - half].entries()) {
        baseRates.push(await perSecond(count, concurrency, bump));
        holdRates.push(await perSecond(count, concurrency, (index) => hold(`c${concurrency}-${part}-${index}`)));
      }
      const harmonic = (rates: number[], counts: number[]): number =>
        counts.reduce((sum, count) => sum + count, 0) /
        rates.reduce((sum, rate, index) => sum + (counts[index] ?? 0) / rate, 0);
      const counts = [half, holds - half];
      rows.push({
        database: label,
        concurrency,
        holds,
        holdsPerSecond: harmonic(holdRates, counts),
        baselinePerSecond: harmonic(baseRates, counts),
      });
    }

    // The invariant, afterwards: every hold landed, nothing negative, the books balance to the fen.
    const report = await service.verifyBooks();
    const after = await service.getPool(pool.id);
    const expectedHeld = (warmUp + holds * CONCURRENCIES.length) * HOLD_FEN;
    const sound =
      report.balanced &&
      after.availableFen === 0 &&
      after.heldFen === expectedHeld &&
      after.fundedFen === expectedHeld &&
      Math.min(after.availableFen, after.heldFen, after.spentFen, after.withdrawnFen) >= 0;
    if (!sound) broken = true;
    console.log(
      `${label}: invariant ${sound ? 'holds' : 'BROKEN'} — books ${report.balanced ? 'balance' : 'do NOT balance'} ` +
        `(${report.transactionCount} transactions, ${report.postingCount} postings); pool available ` +
        `${after.availableFen} fen, held ${after.heldFen} fen (expected ${expectedHeld})` +
        (report.problems.length > 0 ? `\n  ${report.problems.slice(0, 5).join('\n  ')}` : ''),
    );
  } finally {
    await handle.destroy();
  }
  return rows;
}

const results: Row[] = [];

const dataDir = await mkdtemp(path.join(tmpdir(), 'huimin-ledger-bench-'));
try {
  results.push(
    ...(await measure('SQLite (WAL, one process)', { dataDir, databaseUrl: null, databaseSchema: null }, sqliteHolds)),
  );
} finally {
  await rm(dataDir, { recursive: true, force: true });
}

const schema = `huimin_bench_${process.pid}`;
let postgresReady = false;
try {
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
  `\nledger holds per second, one pool (Node ${process.version}, ${availableParallelism()} CPUs: ${cpus()[0]?.model ?? '?'})`,
);
console.table(
  Object.fromEntries(
    results.map((row) => [
      `${row.database}, concurrency ${row.concurrency}`,
      {
        holds: row.holds,
        'holds/s': Math.round(row.holdsPerSecond),
        'baseline UPDATE/s': Math.round(row.baselinePerSecond),
        'ratio to baseline': ratio(row.holdsPerSecond, row.baselinePerSecond),
      },
    ]),
  ),
);
if (broken) {
  console.error('ledger bench: the invariant was broken (see above)');
  process.exitCode = 1;
}
