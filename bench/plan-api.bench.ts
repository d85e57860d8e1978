/**
 * Plan API figures (issue: foundation):
 *  1. cold start: spawn of `node dist/server/main.js` on an empty data folder (migrations and the
 *     plan import included) to the first 200 from /api/v1/plan. Goal: under 1.5 s.
 *  2. p50/p99 latency and throughput of GET /api/v1/plan under 100 concurrent connections.
 * Each beside a bare Fastify route measured in the same run, because the machine is noisy.
 * Run: npm run bench:plan   (set BENCH_SECONDS, BENCH_COLD_RUNS to change the effort)
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { projectRoot } from '../src/shared/project-root.js';
import { median, ratio, startServer } from './support.js';

const root = projectRoot();
const huiminMain = path.join(root, 'dist', 'server', 'main.js');
const bareMain = ['--import', 'tsx', path.join(root, 'bench', 'bare-fastify.ts')];
const coldRuns = Number(process.env.BENCH_COLD_RUNS ?? 5);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = 100;

if (!existsSync(huiminMain)) {
  console.error('bench: dist/server/main.js is missing; run `npm run build:server` first');
  process.exit(1);
}

async function coldStart(): Promise<{ huimin: number[]; bare: number[] }> {
  const huimin: number[] = [];
  const bare: number[] = [];
  for (let run = 0; run < coldRuns; run += 1) {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'huimin-bench-'));
    const server = await startServer([huiminMain], '/api/v1/plan', { HUIMIN_DATA_DIR: dataDir });
    huimin.push(server.readyAfterMs);
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
    // The baseline runs through tsx, which costs it time huimin's compiled build does not pay;
    // so the ratio flatters the baseline, never huimin.
    const baseline = await startServer(bareMain, '/bare');
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

const cold = await coldStart();
const coldHuimin = median(cold.huimin);
const coldBare = median(cold.bare);

const dataDir = await mkdtemp(path.join(tmpdir(), 'huimin-bench-'));
const server = await startServer([huiminMain], '/api/v1/plan', { HUIMIN_DATA_DIR: dataDir });
const baseline = await startServer(bareMain, '/bare');
// Warm both up so the figures are of steady state, not of JIT compilation.
await autocannon({ url: `${server.url}/api/v1/plan`, connections: 10, amount: 2000 });
await autocannon({ url: `${baseline.url}/bare`, connections: 10, amount: 2000 });
const plan = await load(`${server.url}/api/v1/plan`);
const bare = await load(`${baseline.url}/bare`);
await server.stop();
await baseline.stop();
await rm(dataDir, { recursive: true, force: true });

console.log(`\nplan API benchmark (${coldRuns} cold starts each; ${connections} connections for ${seconds} s each)`);
console.table({
  'cold start to first /api/v1/plan 200 (ms, median)': {
    huimin: Number(coldHuimin.toFixed(0)),
    'bare fastify': Number(coldBare.toFixed(0)),
    ratio: ratio(coldHuimin, coldBare),
    goal: '< 1500 ms',
  },
  'GET latency p50 (ms)': { huimin: plan.p50, 'bare fastify': bare.p50, ratio: ratio(plan.p50, bare.p50), goal: '' },
  'GET latency p99 (ms)': {
    huimin: plan.p99,
    'bare fastify': bare.p99,
    ratio: ratio(plan.p99, bare.p99),
    goal: 'report',
  },
  'requests per second': {
    huimin: Math.round(plan.requestsPerSecond),
    'bare fastify': Math.round(bare.requestsPerSecond),
    ratio: ratio(plan.requestsPerSecond, bare.requestsPerSecond),
    goal: '',
  },
});
console.log(
  `cold start runs (ms): huimin ${cold.huimin.map((value) => value.toFixed(0)).join(', ')}; bare ${cold.bare.map((value) => value.toFixed(0)).join(', ')}`,
);
console.log(`errors: huimin ${plan.errors} (non-2xx ${plan.non2xx}); bare ${bare.errors} (non-2xx ${bare.non2xx})`);
console.log(`cold start goal (< 1500 ms): ${coldHuimin < 1500 ? 'met' : 'NOT met'}`);
