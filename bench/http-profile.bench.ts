/**
 * Where a request's time goes (issue 15): the built server runs under `node --cpu-prof` while
 * autocannon loads it, then the profile is read back through the bundle's source maps
 * (http-profile-analysis.ts) and printed per scenario: self time by component (package or huimin
 * file), total time by component, and total time of each huimin HTTP / Fastify-plugin function, each
 * in microseconds of CPU per request and as a share of the busy time. Only the samples taken during a
 * scenario's load count (start-up and warm-up are left out).
 *
 * Scenarios: `plan` (GET /api/v1/plan, anonymous), `me` (GET /api/v1/auth/me with a demo admin's
 * session cookie) and `bare` (bare Fastify serving the very bytes of /api/v1/plan, profiled the same
 * way: the floor). CPU per request is the figure that survives a loaded machine best: requests/s and
 * latency move with the other work on the cores, the CPU a request costs much less.
 *
 * Run: npm run build:server && node --import tsx bench/http-profile.bench.ts
 *   BENCH_SECONDS (8), BENCH_CONNECTIONS (100), BENCH_LOG_LEVEL (info, as in production),
 *   BENCH_SCENARIOS (plan,me), BENCH_DATABASE (sqlite | postgres), BENCH_DATABASE_URL
 *   (postgres://postgres@127.0.0.1:5432/test), BENCH_PROFILE_INTERVAL (µs between samples, 250),
 *   BENCH_TOP (rows per table, 25), BENCH_MAIN (the main.js of another build, e.g. of main, to profile it
 *   the same way)
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { dropPostgresSchema, ensurePostgresSchema } from '../src/db/database.js';
import { projectRoot } from '../src/shared/project-root.js';
import { analyseProfile, readProfile, topRows } from './http-profile-analysis.js';
import { startServer, type ChildServer } from './support.js';

const root = projectRoot();
const huiminMain = process.env.BENCH_MAIN ?? path.join(root, 'dist', 'server', 'main.js');
const seconds = Number(process.env.BENCH_SECONDS ?? 8);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 100);
const logLevel = process.env.BENCH_LOG_LEVEL ?? 'info';
const scenarios = (process.env.BENCH_SCENARIOS ?? 'plan,me,bare').split(',').filter(Boolean);
const bareMain = path.join(root, 'bench', 'bare-fastify.mjs');
const database = process.env.BENCH_DATABASE ?? 'sqlite';
const postgresUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const interval = Number(process.env.BENCH_PROFILE_INTERVAL ?? 250);
const top = Number(process.env.BENCH_TOP ?? 25);

if (!existsSync(huiminMain)) {
  console.error('bench: dist/server/main.js is missing; run `npm run build:server` first');
  process.exit(1);
}

const micros = (): number => Number(process.hrtime.bigint() / 1000n);

const dataDir = await mkdtemp(path.join(tmpdir(), 'huimin-profile-'));
const profileDir = path.join(dataDir, 'profile');
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

const profiled = (dir: string, main: string): string[] => [
  '--cpu-prof',
  `--cpu-prof-dir=${dir}`,
  `--cpu-prof-interval=${interval}`,
  main,
];
const server = await startServer(profiled(profileDir, huiminMain), '/readyz', env);
const bareDir = path.join(dataDir, 'bare-profile');
const bodyFile = path.join(dataDir, 'plan-body.json');
await writeFile(bodyFile, Buffer.from(await (await fetch(`${server.url}/api/v1/plan`)).arrayBuffer()));
const bare = scenarios.includes('bare')
  ? await startServer(profiled(bareDir, bareMain), '/bare', { BENCH_BODY_FILE: bodyFile })
  : null;

interface Run {
  readonly scenario: string;
  readonly from: number;
  readonly to: number;
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly non2xx: number;
}

const runs: Run[] = [];
try {
  const signIn = await fetch(`${server.url}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: 'demo-admin', password: 'huimin-demo-2025' }),
  });
  const token = /huimin_session=([^;]+)/.exec(signIn.headers.get('set-cookie') ?? '')?.[1];
  if (signIn.status !== 200 || token === undefined) throw new Error(`sign-in failed: ${signIn.status}`);
  const targets: Record<string, { url: string; headers: Record<string, string> }> = {
    plan: { url: '/api/v1/plan', headers: {} },
    me: { url: '/api/v1/auth/me', headers: { cookie: `huimin_session=${token}` } },
    bare: { url: '/bare-plan', headers: {} },
  };
  for (const scenario of scenarios) {
    const target = targets[scenario];
    if (target === undefined) throw new Error(`unknown scenario ${scenario}`);
    const url = `${scenario === 'bare' ? (bare as ChildServer).url : server.url}${target.url}`;
    await autocannon({ url, headers: target.headers, connections: 10, amount: 3000 });
    const from = micros();
    const result = await autocannon({ url, headers: target.headers, connections, duration: seconds });
    const to = micros();
    runs.push({
      scenario,
      from,
      to,
      requests: result.requests.total,
      requestsPerSecond: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      non2xx: result.non2xx,
    });
  }
} finally {
  await server.stop();
  await bare?.stop();
  if (schema !== null) await dropPostgresSchema(postgresUrl, schema);
}

async function profileIn(dir: string) {
  const file = (await readdir(dir)).find((name) => name.endsWith('.cpuprofile'));
  if (file === undefined) throw new Error(`no .cpuprofile in ${dir}`);
  return readProfile(path.join(dir, file));
}
const profile = await profileIn(profileDir);
const bareProfile = bare === null ? null : await profileIn(bareDir);
console.log(
  `\nHTTP profile (${database}, LOG_LEVEL=${logLevel}, ${connections} connections for ${seconds} s, ` +
    `one sample per ${interval} µs)`,
);
for (const run of runs) {
  const breakdown = analyseProfile(run.scenario === 'bare' ? (bareProfile ?? profile) : profile, {
    from: run.from,
    to: run.to,
  });
  const wall = run.to - run.from;
  console.log(
    `\n== ${run.scenario}: ${Math.round(run.requestsPerSecond)} requests/s, p50 ${run.p50} ms, p99 ${run.p99} ms, ` +
      `non-2xx ${run.non2xx}; server busy ${((100 * breakdown.busyMicros) / wall).toFixed(0)}% of one core, ` +
      `${(breakdown.busyMicros / run.requests).toFixed(1)} µs CPU per request`,
  );
  console.log('self time by component');
  console.table(topRows(breakdown.selfByComponent, breakdown.busyMicros, run.requests, top));
  console.log('total time by component (overlapping)');
  console.table(topRows(breakdown.totalByComponent, breakdown.busyMicros, run.requests, top));
  console.log('total time by function: huimin HTTP, services, db, Fastify and its plugins, pino (overlapping)');
  console.table(topRows(breakdown.totalByFunction, breakdown.busyMicros, run.requests, top + 15));
}
await rm(dataDir, { recursive: true, force: true });
