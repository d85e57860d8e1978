/**
 * Checkout figures (trade-in issue): redemptions per second over real HTTP, POST
 * /api/v1/trade-in/redemptions with an Idempotency-Key, by signed-in cashiers of several merchants in
 * several units, against the built server (`dist/server/main.js`) in its own process, on SQLite and on
 * PostgreSQL. Each request takes the whole path: session cookie and CSRF token, the access check, the
 * membership, the engine, a hold on each funding source's pool (central, city), the qualification
 * used, the goods register and the invoice check, the redemption and its audit entry; the requests that
 * arrive together are written as one checkout batch (src/services/trade-in/checkout-batcher.ts). Goal: ≥ 1,000/s
 * on SQLite, ≥ 500/s on PostgreSQL on the two-core machine.
 *
 * Setup (not measured) goes through the services in this process: merchants with approved memberships
 * in BENCH_UNITS units, two cashiers each, funded pools, and citizens each holding a claimed
 * air-conditioner qualification (bench/trade-in-setup.ts). The load is autocannon, BENCH_CONNECTIONS
 * connections, every request a different citizen's code, serial number and invoice; cashiers in turn.
 * 128 connections by default: a city's thousand checkouts a second come from thousands of tills each
 * selling now and then, not from a few dozen tills each selling thirty times a second (bench/README.md,
 * "Checkout by more tills at once"; 32 was the default until 2026-12-04). The rate is the 2xx answers
 * over the span from the first request to the last answer (LoadSpan).
 *
 * Baseline, in the same run, right after each measurement: a bare Fastify 5 server (bench/bare-fastify.mjs)
 * answering POST /bare-post with the very bytes of one of huimin's answers, loaded the same way with the
 * same request bodies: the framework's floor for a JSON POST of this size.
 *
 * Afterwards: the ledger's own books check (BudgetReports.verifyBooks), every 2xx is one redemption
 * row, and the pools' held money equals the redemptions' shares (exit 1 if not). Never fails on speed.
 *
 * Run: npm run bench:checkout
 *   BENCH_SQLITE_REDEMPTIONS (8000), BENCH_PG_REDEMPTIONS (8000), BENCH_CONNECTIONS (128),
 *   BENCH_MERCHANTS (4), BENCH_UNITS (hubin,lingbao,shanzhou,mianchi), BENCH_DATABASES (sqlite,postgres),
 *   BENCH_LOG_LEVEL (info, as in production), BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432/test),
 *   BENCH_PROFILE_DIR (run the server under node --cpu-prof, profiles into that folder)
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { projectRoot } from '../src/shared/project-root.js';
import { accountContext } from '../src/services/context.js';
import { LoadSpan, ratio, startServer, type ChildServer } from './support.js';
import {
  benchPlace,
  createMerchants,
  fundPools,
  inParallel,
  insertCitizens,
  openBenchApplication,
  STAFF_PASSWORD,
  type BenchDatabase,
} from './trade-in-setup.js';

const root = projectRoot();
const huiminMain = path.join(root, 'dist', 'server', 'main.js');
const bareMain = path.join(root, 'bench', 'bare-fastify.mjs');
const counts: Record<BenchDatabase, number> = {
  sqlite: Number(process.env.BENCH_SQLITE_REDEMPTIONS ?? 8000),
  postgres: Number(process.env.BENCH_PG_REDEMPTIONS ?? 8000),
};
const connections = Number(process.env.BENCH_CONNECTIONS ?? 128);
const merchantCount = Number(process.env.BENCH_MERCHANTS ?? 4);
const units = (process.env.BENCH_UNITS ?? 'hubin,lingbao,shanzhou,mianchi').split(',');
const databases = (process.env.BENCH_DATABASES ?? 'sqlite,postgres').split(',') as BenchDatabase[];
const logLevel = process.env.BENCH_LOG_LEVEL ?? 'info';
const profileDir = process.env.BENCH_PROFILE_DIR;
/** 11:00 in Sanmenxia on a day of the 2025 plan: the day's release (10:00) is open. */
const CLOCK = '2025-06-02T11:00';
/** Warm-up sales: at least 400, and enough that every connection sends a few. */
const WARM_UP = Math.max(400, connections * 4);
const GOALS: Record<BenchDatabase, number> = { sqlite: 1000, postgres: 500 };

if (!existsSync(huiminMain)) {
  console.error('bench: dist/server/main.js is missing; run `npm run build:server` first');
  process.exit(1);
}

interface Till {
  readonly cookie: string;
  readonly csrfToken: string;
}

interface Sale {
  readonly body: string;
  readonly till: number;
}

async function signInTill(server: ChildServer, login: string): Promise<Till> {
  const response = await fetch(`${server.url}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login, password: STAFF_PASSWORD }),
  });
  const token = /huimin_session=([^;]+)/.exec(response.headers.get('set-cookie') ?? '')?.[1];
  const body = (await response.json()) as { csrfToken?: string };
  if (response.status !== 200 || token === undefined || body.csrfToken === undefined) {
    throw new Error(`bench: cashier ${login} could not sign in (${response.status})`);
  }
  return { cookie: `huimin_session=${token}`, csrfToken: body.csrfToken };
}

interface Load {
  readonly ok: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly seconds: number;
}

/** Sends each sale once (by `connections` connections), with its till's session and a fresh key. */
async function load(url: string, sales: readonly Sale[], tills: readonly Till[], prefix: string): Promise<Load> {
  let next = 0;
  const span = new LoadSpan();
  const result = await autocannon({
    url,
    connections,
    amount: sales.length - connections * 2,
    requests: [
      {
        method: 'POST',
        onResponse: () => span.answered(),
        setupRequest: (request) => {
          span.sent();
          const index = next++;
          const sale = sales[index] ?? sales[sales.length - 1];
          const till = tills[sale?.till ?? 0] ?? tills[0];
          return {
            ...request,
            body: sale?.body ?? '{}',
            headers: {
              'content-type': 'application/json',
              cookie: till?.cookie ?? '',
              'x-csrf-token': till?.csrfToken ?? '',
              'idempotency-key': `${prefix}-${index}`,
            },
          };
        },
      },
    ],
  });
  const seconds = span.seconds(result.duration);
  return {
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    perSecond: result['2xx'] / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    seconds,
  };
}

interface Row {
  readonly database: string;
  readonly measured: Load;
  readonly baseline: Load;
  readonly books: string;
}

let broken = false;

async function measure(database: BenchDatabase): Promise<Row> {
  const count = counts[database];
  const place = await benchPlace(database, { HUIMIN_CLOCK_DATE: CLOCK });
  const servers: ChildServer[] = [];
  try {
    const setupStarted = performance.now();
    const application = await openBenchApplication(place.env);
    const { tradeIn, budget, database: handle } = application.services;
    const merchants = await createMerchants(application, {
      count: merchantCount,
      units,
      cashiersPerMerchant: 2,
      lines: ['appliance'],
      categories: ['air_conditioner', 'refrigerator', 'washing_machine', 'tv'],
    });
    await fundPools(application, {
      lines: ['appliance'],
      units: merchants.map((merchant) => merchant.unitId),
      fenPerPool: 100_000_000_000,
    });
    const total = WARM_UP + count + connections * 4;
    const citizens = await insertCitizens(application, total);
    const codes: string[] = new Array<string>(total);
    await inParallel(total, 16, async (index) => {
      const citizen = citizens[index];
      if (citizen === undefined) return;
      const claimed = await tradeIn.qualifications.claim(accountContext(citizen.principal, `bench-claim-${index}`), {
        line: 'appliance',
        category: 'air_conditioner',
      });
      codes[index] = claimed.code ?? '';
    });
    const tillLogins = merchants.flatMap((merchant) => merchant.cashiers);
    const saleOf = (index: number): Sale => {
      const price = 300_000 + (index % 97) * 1_000;
      const serial = `AC-${database}-${String(index).padStart(7, '0')}`;
      return {
        till: index % tillLogins.length,
        body: JSON.stringify({
          qualificationCode: codes[index],
          product: {
            category: 'air_conditioner',
            model: `KFR-${35 + (index % 40)}GW`,
            serialNumber: serial,
            efficiencyGrade: 1,
            finalPriceFen: price,
          },
          invoice: { number: `INV-${serial}`, buyerName: citizens[index]?.name ?? '', amountFen: price },
        }),
      };
    };
    const warmSales = Array.from({ length: WARM_UP }, (_, index) => saleOf(index));
    const sales = Array.from({ length: count + connections * 4 }, (_, index) => saleOf(WARM_UP + index));
    const setupSeconds = (performance.now() - setupStarted) / 1000;
    console.log(
      `${database}: setup ${setupSeconds.toFixed(1)} s (${merchants.length} merchants in ${new Set(merchants.map((m) => m.unitId)).size} units, ` +
        `${tillLogins.length} cashiers, ${total} citizens with a claimed qualification)`,
    );

    const serverArgs =
      profileDir === undefined ? [huiminMain] : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, huiminMain];
    const server = await startServer(serverArgs, '/readyz', { ...place.env, LOG_LEVEL: logLevel });
    servers.push(server);
    const tills: Till[] = [];
    for (const login of tillLogins) tills.push(await signInTill(server, login));
    const url = `${server.url}/api/v1/trade-in/redemptions`;
    // One answer's bytes for the baseline, then the warm-up (JIT, statement caches, connections).
    const first = warmSales[0];
    if (first === undefined) throw new Error('bench: no sales');
    const probe = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: tills[first.till]?.cookie ?? '',
        'x-csrf-token': tills[first.till]?.csrfToken ?? '',
        'idempotency-key': 'probe',
      },
      body: first.body,
    });
    const answer = Buffer.from(await probe.arrayBuffer());
    if (probe.status !== 201)
      throw new Error(`bench: the first redemption answered ${probe.status}: ${answer.toString()}`);
    const scratch = await mkdtemp(path.join(tmpdir(), 'huimin-checkout-bench-'));
    const answerFile = path.join(scratch, 'redemption.json');
    await writeFile(answerFile, answer);
    const bare = await startServer([bareMain], '/bare', { BENCH_POST_BODY_FILE: answerFile });
    servers.push(bare);
    const warm = await load(url, warmSales.slice(1), tills, 'warm');
    if (warm.non2xx > 0 || warm.errors > 0)
      console.warn(`${database}: warm-up had ${warm.non2xx} non-2xx, ${warm.errors} errors`);
    await load(`${bare.url}/bare-post`, warmSales, tills, 'bare-warm');

    const measured = await load(url, sales, tills, 'till');
    const baseline = await load(`${bare.url}/bare-post`, sales, tills, 'bare');
    await bare.stop();
    await server.stop();
    await rm(scratch, { recursive: true, force: true });

    // The books, with the server stopped: the ledger's own check, and the redemptions against the holds.
    const books = await budget.reports.verifyBooks();
    const stored = await sql<{ n: number; subsidy: number }>`
      select count(*) as n, coalesce(sum(subsidy_fen), 0) as subsidy from trade_in_redemptions`.execute(handle.db);
    const held = await sql<{ held: number }>`select coalesce(sum(held_fen), 0) as held from budget_pools`.execute(
      handle.db,
    );
    const shares = await sql<{
      fen: number;
    }>`select coalesce(sum(amount_fen), 0) as fen from trade_in_redemption_shares`.execute(handle.db);
    const redemptions = Number(stored.rows[0]?.n ?? 0);
    const expected = 1 + warm.ok + measured.ok;
    const heldFen = Number(held.rows[0]?.held ?? 0);
    const shareFen = Number(shares.rows[0]?.fen ?? 0);
    const subsidyFen = Number(stored.rows[0]?.subsidy ?? 0);
    const sound = books.balanced && redemptions === expected && heldFen === shareFen && shareFen === subsidyFen;
    if (!sound) broken = true;
    const bookWords =
      `${books.balanced ? 'balanced' : 'NOT BALANCED'}; ${redemptions} redemptions (2xx: ${expected}), ` +
      `held ${heldFen} fen = shares ${shareFen} = subsidies ${subsidyFen}: ${sound ? 'sound' : 'BROKEN'}`;
    console.log(`${database}: books ${bookWords}`);
    await application.close();
    return { database, measured, baseline, books: sound ? 'balanced' : 'BROKEN' };
  } finally {
    for (const server of servers) await server.stop();
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

console.log(
  `\ncheckout: POST /api/v1/trade-in/redemptions over HTTP, ${connections} connections, ${merchantCount} merchants, ` +
    `huimin LOG_LEVEL=${logLevel}; baseline: bare Fastify POST answering the same bytes, run right after`,
);
console.table(
  Object.fromEntries(
    rows.map((row) => [
      row.database === 'sqlite' ? 'SQLite' : 'PostgreSQL',
      {
        redemptions: row.measured.ok,
        'redemptions/s': Math.round(row.measured.perSecond),
        'bare POST/s': Math.round(row.baseline.perSecond),
        ratio: ratio(row.measured.perSecond, row.baseline.perSecond),
        'p50 ms': row.measured.p50,
        'p99 ms': row.measured.p99,
        'bare p99 ms': row.baseline.p99,
        'non-2xx, errors': row.measured.non2xx + row.measured.errors,
        goal: `≥ ${GOALS[row.database as BenchDatabase]}/s: ${row.measured.perSecond >= GOALS[row.database as BenchDatabase] ? 'met' : 'NOT met'}`,
        books: row.books,
      },
    ]),
  ),
);
console.log(
  `load average after: ${loadavg()
    .map((value) => value.toFixed(1))
    .join(' ')}`,
);
if (broken) process.exit(1);
