/**
 * Settlement figures (trade-in issue): one batch of BENCH_REDEMPTIONS (100,000) redemptions of one
 * merchant in one unit built (`SettlementService.run`: the queue, the look-back for the risk flags, the
 * lines, the redemptions claimed), approved through every stage (county commerce → county finance →
 * city commerce → city finance, each by its own officer; the last commits every hold), and its payout
 * file made as .xlsx and as .csv, on SQLite and on PostgreSQL. Goal: all of it under 10 s.
 *
 * Setup (not measured; bench/settlement-seed.ts): the merchant joins through the services, the pools
 * are funded, every sale's holds go through the ledger (batched placeHold: ledger transactions,
 * postings, audit entries), and the redemption rows are written in multi-row inserts. The measured part
 * calls the real services as the routes do, with signed-in officers' contexts.
 *
 * Baseline, in the same run on the same database: the least work a batch of that size needs, in one
 * write transaction: read the 100,000 redemption rows, write 100,000 rows of the lines' shape into a
 * scratch table (multi-row inserts) and update the 100,000 redemptions by id in chunks of 500.
 *
 * Afterwards: the ledger's books check, the pools' spent money equals the batch's gross, every
 * redemption is committed (exit 1 if not). Never fails on speed.
 *
 * Run: npm run bench:settlement
 *   BENCH_REDEMPTIONS (100000), BENCH_DATABASES (sqlite,postgres), BENCH_PROFILE (a file: the CPU profile
 *   of the measured part only, per database, `<file>.<database>.cpuprofile`),
 *   BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432/test)
 */
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../src/db/tables.js';
import type { SettlementView } from '../src/contract/settlement.js';
import { writeTransaction } from '../src/db/write-transaction.js';
import { ratio } from './support.js';
import { seedRedemptions } from './settlement-seed.js';
import {
  benchPlace,
  createMerchants,
  fundPools,
  openBenchApplication,
  staffContext,
  STAFF_PASSWORD,
  type BenchDatabase,
} from './trade-in-setup.js';

const count = Number(process.env.BENCH_REDEMPTIONS ?? 100_000);
const profileFile = process.env.BENCH_PROFILE;
const databases = (process.env.BENCH_DATABASES ?? 'sqlite,postgres').split(',') as BenchDatabase[];
const SALE_DAYS = ['2025-06-01', '2025-06-02', '2025-06-03', '2025-06-04', '2025-06-05', '2025-06-06', '2025-06-07'];
/** 11:00 in Sanmenxia on 2025-06-08, while the sales are made (the release hour has passed). */
const SELLING = Date.parse('2025-06-08T03:00:00.000Z');
/** 11:00 on 2025-06-17: every sale of 1–7 June is past its seven-day return window. */
const SETTLING = Date.parse('2025-06-17T03:00:00.000Z');

interface Row {
  readonly database: string;
  readonly steps: Record<string, number>;
  readonly totalMs: number;
  readonly baselineMs: number;
  readonly lines: number;
  readonly books: string;
}

let broken = false;

async function timed<T>(steps: Record<string, number>, name: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  steps[name] = performance.now() - started;
  return result;
}

/**
 * Before each measured part: the setup's garbage collected (when node runs with --expose-gc, as
 * `npm run bench:settlement` does) and SQLite's WAL copied back into the database, so that neither the
 * setup's heap of 200,000 holds nor its checkpoint debt is paid inside the measured settlement (both
 * moved single runs by seconds). A city settles on a database at rest, not in the middle of its seeding.
 */
async function settled(handle: { db: Kysely<Database>; dialect: string }): Promise<void> {
  if (handle.dialect === 'sqlite') await sql`pragma wal_checkpoint(TRUNCATE)`.execute(handle.db);
  (globalThis as { gc?: () => void }).gc?.();
}

async function measure(database: BenchDatabase): Promise<Row> {
  const place = await benchPlace(database, { HUIMIN_CLOCK_DATE: 'off' });
  let clock = SELLING;
  const application = await openBenchApplication(place.env, () => new Date(clock));
  try {
    const { tradeIn, budget, database: handle } = application.services;
    const setupStarted = performance.now();
    const [merchant] = await createMerchants(application, {
      count: 1,
      units: ['hubin'],
      cashiersPerMerchant: 1,
      lines: ['appliance'],
      categories: ['air_conditioner', 'refrigerator', 'washing_machine', 'tv'],
    });
    if (merchant === undefined) throw new Error('bench: no merchant');
    await fundPools(application, { lines: ['appliance'], units: ['hubin'], fenPerPool: 100_000_000_000 });
    const cashier = await staffContext(application, merchant.cashiers[0] ?? '', STAFF_PASSWORD);
    const seeded = await seedRedemptions(application, { count, merchant, cashier, days: SALE_DAYS });
    console.log(
      `${database}: setup ${((performance.now() - setupStarted) / 1000).toFixed(1)} s ` +
        `(${seeded.redemptions} redemptions, ${seeded.subsidyFen} fen of subsidy held)`,
    );

    clock = SETTLING;
    const officers = {
      commerce: await staffContext(application, 'demo-commerce'),
      county: await staffContext(application, 'demo-hubin'),
      countyFinance: await staffContext(application, 'demo-hubin-finance'),
      finance: await staffContext(application, 'demo-finance'),
    };
    const steps: Record<string, number> = {};
    await settled(handle);
    const profiler = profileFile === undefined ? null : new Session();
    profiler?.connect();
    await profiler?.post('Profiler.enable');
    await profiler?.post('Profiler.start');
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    const run = await timed(steps, 'build the batch (run)', () =>
      tradeIn.settlements.run(officers.commerce(), { periodFrom: '2025-06-01', periodTo: '2025-06-15' }),
    );
    const batch: SettlementView | undefined = run.created[0];
    if (batch === undefined || run.created.length !== 1) throw new Error(`bench: ${run.created.length} batches built`);
    for (const [stage, officer] of [
      ['county commerce', officers.county],
      ['county finance', officers.countyFinance],
      ['city commerce', officers.commerce],
      ['city finance (commits)', officers.finance],
    ] as const) {
      await timed(steps, `review: ${stage}`, () =>
        tradeIn.settlements.review(officer(), batch.id, { decision: 'approve' }),
      );
    }
    const xlsx = await timed(steps, 'payout file .xlsx', () =>
      tradeIn.settlements.payoutFile(officers.finance(), batch.id, 'xlsx'),
    );
    const csv = await timed(steps, 'payout file .csv', () =>
      tradeIn.settlements.payoutFile(officers.finance(), batch.id, 'csv'),
    );
    const totalMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuStarted);
    console.log(
      `${database}: measured part ${Math.round(totalMs)} ms of wall time, ${Math.round((cpu.user + cpu.system) / 1000)} ms of this process's CPU (${Math.round(cpu.system / 1000)} ms in the kernel)`,
    );
    if (profiler !== null) {
      const { profile } = await profiler.post('Profiler.stop');
      await writeFile(`${profileFile}.${database}.cpuprofile`, JSON.stringify(profile));
      profiler.disconnect();
    }

    // The books and the batch.
    const detail = await tradeIn.settlements.get(officers.finance(), batch.id);
    const books = await budget.reports.verifyBooks();
    const spent = await sql<{ fen: number }>`select coalesce(sum(spent_fen), 0) as fen from budget_pools`.execute(
      handle.db,
    );
    const committed = await sql<{ n: number }>`
      select count(*) as n from trade_in_redemption_settlement where committed = 1 and settlement_id = ${batch.id}`.execute(
      handle.db,
    );
    const flagText = await sql<{ bytes: number }>`
      select coalesce(sum(length(flags)), 0) as bytes from settlement_lines where settlement_id = ${batch.id}`.execute(
      handle.db,
    );
    const spentFen = Number(spent.rows[0]?.fen ?? 0);
    const sound =
      books.balanced &&
      detail.settlement.state === 'approved' &&
      batch.redemptions === count &&
      spentFen === detail.settlement.grossFen &&
      spentFen === seeded.subsidyFen &&
      Number(committed.rows[0]?.n ?? 0) === count &&
      xlsx.body.length > 0 &&
      csv.body.toString('utf8').includes(batch.reference);
    if (!sound) broken = true;
    console.log(
      `${database}: books ${books.balanced ? 'balanced' : 'NOT BALANCED'}; batch ${detail.settlement.state}, ` +
        `${batch.redemptions} lines, gross ${detail.settlement.grossFen} fen, spent ${spentFen} fen, ` +
        `${Number(committed.rows[0]?.n ?? 0)} committed, ${batch.flaggedLines} flagged ` +
        `(${Math.round(Number(flagText.rows[0]?.bytes ?? 0) / 1024)} KB of flags); xlsx ${Math.round(xlsx.body.length / 1024)} KB: ${sound ? 'sound' : 'BROKEN'}`,
    );

    // The floor, on the same database: read the rows, write as many lines, mark the rows.
    await settled(handle);
    const baselineStarted = performance.now();
    await sql`create table bench_lines (settlement_id varchar(40) not null, item_id varchar(40) not null,
      kind varchar(20) not null, redemption_id varchar(40) not null, amount_fen bigint not null,
      held_out integer not null, held_out_reason text, flags text not null, primary key (settlement_id, item_id))`.execute(
      handle.db,
    );
    await writeTransaction(handle.db, handle.dialect, async (trx) => {
      const rows = await trx.selectFrom('trade_in_redemptions').selectAll().execute();
      for (let start = 0; start < rows.length; start += 500) {
        const part = rows.slice(start, start + 500);
        await sql`insert into bench_lines (settlement_id, item_id, kind, redemption_id, amount_fen, held_out, held_out_reason, flags) values ${sql.join(
          part.map(
            (row) =>
              sql`(${'bench'}, ${row.id}, ${'redemption'}, ${row.id}, ${row.subsidy_fen}, ${0}, ${null}, ${'[]'})`,
          ),
        )}`.execute(trx);
        await trx
          .updateTable('trade_in_redemptions')
          .set({ device_id: null })
          .where(
            'id',
            'in',
            part.map((row) => row.id),
          )
          .execute();
      }
    });
    const baselineMs = performance.now() - baselineStarted;
    return {
      database,
      steps,
      totalMs,
      baselineMs,
      lines: batch.redemptions,
      books: sound ? 'balanced' : 'BROKEN',
    };
  } finally {
    await application.close();
    await place.cleanup();
  }
}

console.log(
  `machine: ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}, ` +
    `load average ${loadavg()
      .map((value) => value.toFixed(1))
      .join(' ')}`,
);
const rows: Row[] = [];
for (const database of databases) rows.push(await measure(database));

console.log(`\nsettlement of one batch of ${count} redemptions (ms); baseline: read, write and mark that many rows`);
const names = Object.keys(rows[0]?.steps ?? {});
console.table(
  Object.fromEntries(
    [...names, 'total', 'baseline (read + write + mark)', 'ratio', 'goal < 10 s', 'books'].map((name) => [
      name,
      Object.fromEntries(
        rows.map((row) => [
          row.database === 'sqlite' ? 'SQLite' : 'PostgreSQL',
          name === 'total'
            ? Math.round(row.totalMs)
            : name === 'baseline (read + write + mark)'
              ? Math.round(row.baselineMs)
              : name === 'ratio'
                ? ratio(row.totalMs, row.baselineMs)
                : name === 'goal < 10 s'
                  ? row.totalMs < 10_000
                    ? 'met'
                    : 'NOT met'
                  : name === 'books'
                    ? row.books
                    : Math.round(row.steps[name] ?? 0),
        ]),
      ),
    ]),
  ),
);
console.log(
  `load average after: ${loadavg()
    .map((value) => value.toFixed(1))
    .join(' ')}`,
);
if (broken) process.exit(1);
