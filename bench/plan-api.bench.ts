/**
 * Plan API figures (issue: foundation):
 *  1. cold start: spawn of `node dist/server/main.js` on an empty data folder (migrations and the
 *     plan import included) to the first 200 from /api/v1/plan. Goal: under 1.5 s.
 *  2. p50/p99 latency and throughput of GET /api/v1/plan under 100 concurrent connections.
 * Each beside a bare Fastify server measured in the same run, because the machine is noisy: one
 * route with a tiny body (the framework's floor) and one answering the very bytes huimin answers
 * (so payload size is not counted against huimin).
 * Run: npm run bench:plan   (BENCH_SECONDS and BENCH_COLD_RUNS set the effort)
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { projectRoot } from '../src/shared/project-root.js';
import { median, ratio, startServer } from './support.js';

const root = projectRoot();
const huiminMain = path.join(root, 'dist', 'server', 'main.js');
const bareMain = path.join(root, 'bench', 'bare-fastify.mjs');
const coldRuns = Number(process.env.BENCH_COLD_RUNS ?? 5);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
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

async function load(url: string): Promise<Load> {
  const result = await autocannon({ url, connections, duration: seconds, pipelining: 1 });
  return {
    p50: result.latency.p50,
    p99: result.latency.p99,
    requestsPerSecond: result.requests.average,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

const cold = await coldStarts();
const coldHuimin = median(cold.huimin);
const coldBare = median(cold.bare);

const dataDir = await mkdtemp(path.join(tmpdir(), 'huimin-bench-'));
const server = await startServer([huiminMain], '/api/v1/plan', { HUIMIN_DATA_DIR: dataDir });
const bodyFile = path.join(dataDir, 'plan-body.json');
await writeFile(bodyFile, Buffer.from(await (await fetch(`${server.url}/api/v1/plan`)).arrayBuffer()));
const baseline = await startServer([bareMain], '/bare', { BENCH_BODY_FILE: bodyFile });
// Warm all three up so the figures are of steady state, not of JIT compilation.
for (const url of [`${server.url}/api/v1/plan`, `${baseline.url}/bare`, `${baseline.url}/bare-plan`]) {
  await autocannon({ url, connections: 10, amount: 2000 });
}
const plan = await load(`${server.url}/api/v1/plan`);
const bare = await load(`${baseline.url}/bare`);
const barePlan = await load(`${baseline.url}/bare-plan`);
await server.stop();
await baseline.stop();
await rm(dataDir, { recursive: true, force: true });

const round = (value: number): number => Math.round(value * 10) / 10;
function row(pick: (result: Load) => number, goal = ''): Record<string, number | string> {
  return {
    huimin: round(pick(plan)),
    'bare, tiny body': round(pick(bare)),
    'ratio to tiny': ratio(pick(plan), pick(bare)),
    'bare, same body': round(pick(barePlan)),
    'ratio to same': ratio(pick(plan), pick(barePlan)),
    goal,
  };
}

console.log(`\nplan API benchmark (${coldRuns} cold starts each; ${connections} connections for ${seconds} s each)`);
console.table({
  'cold start to first /api/v1/plan 200 (ms, median)': {
    huimin: Math.round(coldHuimin),
    'bare, tiny body': Math.round(coldBare),
    'ratio to tiny': ratio(coldHuimin, coldBare),
    'bare, same body': '',
    'ratio to same': '',
    goal: '< 1500 ms',
  },
  'GET latency p50 (ms)': row((result) => result.p50),
  'GET latency p99 (ms)': row((result) => result.p99, 'report'),
  'requests per second': row((result) => result.requestsPerSecond),
});
console.log(
  `cold start runs (ms): huimin ${cold.huimin.map((value) => value.toFixed(0)).join(', ')}; ` +
    `bare ${cold.bare.map((value) => value.toFixed(0)).join(', ')}`,
);
console.log(
  `errors: huimin ${plan.errors} (non-2xx ${plan.non2xx}); ` +
    `bare ${bare.errors + barePlan.errors} (non-2xx ${bare.non2xx + barePlan.non2xx})`,
);
console.log(`cold start goal (< 1500 ms): ${coldHuimin < 1500 ? 'met' : 'NOT met'}`);
