/**
 * Plan API figures (issue: foundation; issue 15: the request path):
 *  1. cold start: spawn of `node dist/server/main.js` on an empty data folder (migrations and the
 *     plan import included) to the first 200 from /api/v1/plan. Goal: under 1.5 s.
 *  2. p50/p99 latency and throughput under 100 concurrent connections of GET /api/v1/plan (plain, with
 *     `Accept-Encoding: br`, and revalidated with If-None-Match → 304), and of an authenticated read,
 *     GET /api/v1/auth/me with a session cookie, on SQLite and on PostgreSQL.
 *  3. the session lookup itself (AccountService.authenticate: the session with its account, the roles),
 *     in this process on each database, beside a `select 1` on the same handle.
 * Each beside a bare Fastify server measured in the same run, because the machine is noisy: one
 * route with a tiny body (the framework's floor) and one answering the very bytes huimin answers
 * (so payload size is not counted against huimin). huimin logs at `info`, as in production (one
 * access-log line per request, to a discarded stdout); the baseline logs nothing.
 *
 * Run: npm run bench:plan
 * Under load the machine's other work comes and goes, so every figure is measured in BENCH_ROUNDS rounds
 * (each round runs every target once, in turn) and the median of the rounds is reported.
 *
 *   BENCH_SECONDS (4 per figure and round), BENCH_ROUNDS (3), BENCH_COLD_RUNS (5), BENCH_LOG_LEVEL (info),
 *   BENCH_POSTGRES (true),
 *   BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432/test), BENCH_BEFORE_MAIN (the main.js of
 *   another build, e.g. of main, to measure beside this one in the same run)
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { openApplication } from '../src/app/compose.js';
import { loadConfig } from '../src/config.js';
import { dropPostgresSchema, ensurePostgresSchema } from '../src/db/database.js';
import { projectRoot } from '../src/shared/project-root.js';
import { median, percentile, ratio, startServer, timedRun, type ChildServer } from './support.js';

const root = projectRoot();
const huiminMain = path.join(root, 'dist', 'server', 'main.js');
const bareMain = path.join(root, 'bench', 'bare-fastify.mjs');
const coldRuns = Number(process.env.BENCH_COLD_RUNS ?? 5);
const seconds = Number(process.env.BENCH_SECONDS ?? 4);
const logLevel = process.env.BENCH_LOG_LEVEL ?? 'info';
const withPostgres = process.env.BENCH_POSTGRES !== 'false';
const postgresUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const beforeMain = process.env.BENCH_BEFORE_MAIN;
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const connections = 100;

if (!existsSync(huiminMain)) {
  console.error('bench: dist/server/main.js is missing; run `npm run build` first');
  process.exit(1);
}

async function coldStarts(): Promise<{ huimin: number[]; bare: number[] }> {
  const huimin: number[] = [];
  const bare: number[] = [];
  for (let run = 0; run < coldRuns; run += 1) {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'huimin-bench-'));
    const server = await startServer([huiminMain], '/api/v1/plan', { HUIMIN_DATA_DIR: dataDir });
    huimin.push(server.readyAfterMs);
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
    const baseline = await startServer([bareMain], '/bare');
    bare.push(baseline.readyAfterMs);
    await baseline.stop();
  }
  return { huimin, bare };
}

interface Load {
  p50: number;
  p99: number;
  requestsPerSecond: number;
  errors: number;
  non2xx: number;
}

async function load(url: string, headers: Record<string, string> = {}): Promise<Load> {
  await autocannon({ url, headers, connections: 10, amount: 2000 });
  const result = await autocannon({ url, headers, connections, duration: seconds, pipelining: 1 });
  return {
    p50: result.latency.p50,
    p99: result.latency.p99,
    requestsPerSecond: result.requests.average,
    errors: result.errors,
    // 304 is the answer asked for when revalidating
    non2xx: result.non2xx - (result['3xx'] ?? 0),
  };
}

/** A huimin server on its own database, with a demo admin's session cookie. */
interface Huimin {
  readonly server: ChildServer;
  readonly env: Record<string, string>;
  readonly cookie: string;
  readonly token: string;
  cleanup(): Promise<void>;
}

async function startHuimin(main: string, database: 'sqlite' | 'postgres'): Promise<Huimin> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'huimin-bench-'));
  const env: Record<string, string> = {
    HUIMIN_DATA_DIR: dataDir,
    LOG_LEVEL: logLevel,
    HUIMIN_DEMO: 'true',
    HUIMIN_DEMO_SCALE: '0',
  };
  let schema: string | null = null;
  if (database === 'postgres') {
    schema = `huimin_bench_${randomBytes(4).toString('hex')}`;
    await ensurePostgresSchema(postgresUrl, schema);
    Object.assign(env, { DATABASE_URL: postgresUrl, HUIMIN_DATABASE_SCHEMA: schema });
  }
  const server = await startServer([main], '/readyz', env);
  const signIn = await fetch(`${server.url}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: 'demo-admin', password: 'huimin-demo-2025' }),
  });
  const token = /huimin_session=([^;]+)/.exec(signIn.headers.get('set-cookie') ?? '')?.[1];
  if (signIn.status !== 200 || token === undefined) throw new Error(`sign-in on ${database}: ${signIn.status}`);
  return {
    server,
    env,
    cookie: `huimin_session=${token}`,
    token,
    async cleanup() {
      await server.stop();
      if (schema !== null) await dropPostgresSchema(postgresUrl, schema);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

interface Lookup {
  sequentialMicros: number;
  p99Micros: number;
  concurrentPerSecond: number;
  selectOneMicros: number;
}

/** The session lookup in this process, on the server's database, with the server's session. */
async function sessionLookup(huimin: Huimin): Promise<Lookup> {
  const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
  const application = await openApplication(loadConfig({ ...huimin.env, HUIMIN_MIGRATE_ON_START: 'false' }), {
    log: quiet,
  });
  try {
    const { accounts, database } = application.services;
    const lookup = async () => {
      if ((await accounts.authenticate(huimin.token)) === null) throw new Error('session lookup: no session');
    };
    await timedRun(500, 1, lookup);
    const sequential = await timedRun(3000, 1, lookup);
    const concurrent = await timedRun(6000, 16, lookup);
    await timedRun(500, 1, async () => void (await sql`select 1`.execute(database.db)));
    const selectOne = await timedRun(3000, 1, async () => void (await sql`select 1`.execute(database.db)));
    return {
      sequentialMicros: 1e6 / sequential.perSecond,
      p99Micros: percentile(sequential.latenciesMs, 99) * 1000,
      concurrentPerSecond: concurrent.perSecond,
      selectOneMicros: 1e6 / selectOne.perSecond,
    };
  } finally {
    await application.close();
  }
}

const cold = await coldStarts();
const coldHuimin = median(cold.huimin);
const coldBare = median(cold.bare);

const sqlite = await startHuimin(huiminMain, 'sqlite');
const postgres = withPostgres ? await startHuimin(huiminMain, 'postgres') : null;
const before = beforeMain === undefined ? null : await startHuimin(beforeMain, 'sqlite');
const scratch = await mkdtemp(path.join(tmpdir(), 'huimin-bench-'));
const bodyFile = path.join(scratch, 'plan-body.json');
const planResponse = await fetch(`${sqlite.server.url}/api/v1/plan`);
const etag = planResponse.headers.get('etag');
await writeFile(bodyFile, Buffer.from(await planResponse.arrayBuffer()));
const baseline = await startServer([bareMain], '/bare', { BENCH_BODY_FILE: bodyFile });

type Figure = readonly [name: string, url: string, headers: Record<string, string>];
const figures: Figure[] = [
  ['/api/v1/plan', `${sqlite.server.url}/api/v1/plan`, {}],
  ['/api/v1/plan, Accept-Encoding: br', `${sqlite.server.url}/api/v1/plan`, { 'accept-encoding': 'br' }],
  ['/api/v1/plan, If-None-Match → 304', `${sqlite.server.url}/api/v1/plan`, { 'if-none-match': etag ?? '' }],
  ['/api/v1/auth/me, SQLite', `${sqlite.server.url}/api/v1/auth/me`, { cookie: sqlite.cookie }],
];
if (postgres !== null)
  figures.push(['/api/v1/auth/me, PostgreSQL', `${postgres.server.url}/api/v1/auth/me`, { cookie: postgres.cookie }]);
if (before !== null) {
  figures.push(['before: /api/v1/plan', `${before.server.url}/api/v1/plan`, {}]);
  figures.push(['before: /api/v1/auth/me, SQLite', `${before.server.url}/api/v1/auth/me`, { cookie: before.cookie }]);
}
figures.push(['bare, tiny body', `${baseline.url}/bare`, {}]);
const sameBody: Figure = ['bare, same body', `${baseline.url}/bare-plan`, {}];

/**
 * Each figure is followed at once by its own run of the baseline (bare Fastify, the same bytes), so a
 * ratio compares two runs seconds apart rather than minutes apart on a machine whose load moves.
 */
interface Paired {
  readonly load: Load;
  readonly baseline: Load;
}
const runs: Record<string, Paired[]> = {};
for (let round = 0; round < rounds; round += 1) {
  for (const [name, url, headers] of figures) {
    const measured = await load(url, headers);
    (runs[name] ??= []).push({ load: measured, baseline: await load(sameBody[1], sameBody[2]) });
  }
}
await baseline.stop();

const lookups: Record<string, Lookup> = { SQLite: await sessionLookup(sqlite) };
if (postgres !== null) lookups.PostgreSQL = await sessionLookup(postgres);
for (const huimin of [sqlite, postgres, before]) await huimin?.cleanup();
await rm(scratch, { recursive: true, force: true });

const round = (value: number): number => Math.round(value * 10) / 10;
const factor = (value: number): string => `${value.toFixed(2)}×`;
const table: Record<string, Record<string, number | string>> = {};
const summary: Record<string, { rate: number; rateRatio: number; p99: number; p99Ratio: number }> = {};
for (const [name, pairs] of Object.entries(runs)) {
  const loads = pairs.map((pair) => pair.load);
  const summaryRow = {
    rate: median(loads.map((each) => each.requestsPerSecond)),
    rateRatio: median(pairs.map((pair) => pair.load.requestsPerSecond / pair.baseline.requestsPerSecond)),
    p99: median(loads.map((each) => each.p99)),
    p99Ratio: median(pairs.map((pair) => pair.load.p99 / Math.max(1, pair.baseline.p99))),
  };
  summary[name] = summaryRow;
  table[name] = {
    'requests/s': Math.round(summaryRow.rate),
    'bare same body, requests/s': Math.round(median(pairs.map((pair) => pair.baseline.requestsPerSecond))),
    ratio: factor(summaryRow.rateRatio),
    'each round': pairs
      .map((pair) => `${Math.round(pair.load.requestsPerSecond)}:${Math.round(pair.baseline.requestsPerSecond)}`)
      .join(' '),
    'p50 ms': round(median(loads.map((each) => each.p50))),
    'p99 ms': round(summaryRow.p99),
    'bare p99 ms': round(median(pairs.map((pair) => pair.baseline.p99))),
    'p99 ratio': factor(summaryRow.p99Ratio),
    'errors, unexpected non-2xx': loads.reduce((sum, each) => sum + each.errors + each.non2xx, 0),
  };
}

console.log(
  `\nplan API benchmark (${coldRuns} cold starts each; ${connections} connections, ${seconds} s per target, ` +
    `median of ${rounds} rounds; huimin LOG_LEVEL=${logLevel})`,
);
console.table({
  'cold start to first /api/v1/plan 200 (ms, median)': {
    huimin: Math.round(coldHuimin),
    bare: Math.round(coldBare),
    ratio: ratio(coldHuimin, coldBare),
    goal: '< 1500 ms',
  },
});
console.log(
  `cold start runs (ms): huimin ${cold.huimin.map((value) => value.toFixed(0)).join(', ')}; ` +
    `bare ${cold.bare.map((value) => value.toFixed(0)).join(', ')}`,
);
console.log(
  '\nunder load; each figure beside bare Fastify serving the very bytes of /api/v1/plan (2.3 KB), run right after it;' +
    ' ratio and p99 ratio: median of the rounds’ ratios; each round: huimin:bare requests/s',
);
console.table(table);
const plan = summary['/api/v1/plan'];
if (plan !== undefined)
  console.log(
    `goals: /api/v1/plan ≥ 0.6× bare same body requests/s: ${plan.rateRatio >= 0.6 ? 'met' : 'NOT met'} (${factor(plan.rateRatio)}); ` +
      `p99 ≤ 2× its p99: ${plan.p99Ratio <= 2 ? 'met' : 'NOT met'} (${factor(plan.p99Ratio)})`,
  );
console.log('\nthe session lookup (AccountService.authenticate) in this process, on the server’s database');
console.table(
  Object.fromEntries(
    Object.entries(lookups).map(([database, lookup]) => [
      database,
      {
        'µs per lookup, one at a time': round(lookup.sequentialMicros),
        'p99 µs': round(lookup.p99Micros),
        'lookups/s, 16 at a time': Math.round(lookup.concurrentPerSecond),
        'select 1, µs': round(lookup.selectOneMicros),
      },
    ]),
  ),
);
console.log(`cold start goal (< 1500 ms): ${coldHuimin < 1500 ? 'met' : 'NOT met'}`);
