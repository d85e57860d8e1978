/**
 * Flash claims at city scale (issue 13 §2): POST /api/v1/vouchers/rounds/{id}/claims over real HTTP by
 * signed-in citizens (a session cookie and its CSRF token each, an Idempotency-Key per request), against
 * the built server (`dist/server/main.js`) in its own process: SQLite with one app process (no Redis), and
 * PostgreSQL with BENCH_PG_PROCESSES app processes sharing the round through the Redis admission gate.
 * One round of BENCH_PACKS packs; BENCH_EXTRA more claims than packs, so the sold-out answers are in the
 * run too; BENCH_CONNECTIONS connections in all (split between the processes). Goal: ≥ 5,000 claims/s.
 *
 * Setup (not measured) goes through the services in this process: a funded pool, a campaign (2 packs per
 * person per round), a warm-up round, and BENCH_CITIZENS citizens whose account rows and session rows are
 * written directly in multi-row transactions (a session row is what a sign-in writes: the token's SHA-256,
 * its CSRF token, its expiry; argon2 for 50,000 sign-ins would take minutes and measure nothing of claims).
 * Each request is then authenticated by the server as any browser's.
 *
 * Baseline, in the same run right after: a bare Fastify 5 server (bench/bare-fastify.mjs) answering
 * POST /bare-post with the very bytes of one claim's answer, loaded the same way (same connections, same
 * headers, as many requests).
 *
 * Afterwards (exit 1 if not): the round's counter never past quantity, its packs exactly its counter, three
 * vouchers a pack, every 201 one pack (the 201s counted equal the packs) and every 201's key stored as that
 * request's answer (201) — nothing over-issued, nothing acknowledged lost. Never fails on speed.
 *
 * Run: npm run bench:vouchers
 *   BENCH_DATABASES (sqlite,postgres), BENCH_PACKS (100000), BENCH_EXTRA (5000), BENCH_CITIZENS (50000),
 *   BENCH_CONNECTIONS (200), BENCH_PG_PROCESSES (2), BENCH_LOG_LEVEL (warn), BENCH_DATABASE_URL, REDIS_URL
 *   (redis://127.0.0.1:6379), BENCH_PROFILE_DIR (run the servers under node --cpu-prof, profiles into that folder)
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import type { RoundView } from '../src/contract/vouchers.js';
import { writeTransaction } from '../src/db/write-transaction.js';
import { projectRoot } from '../src/shared/project-root.js';
import { deleteRedisKeys } from '../test/support/redis.js';
import { LoadSpan, ratio, spanSeconds, startServer, type ChildServer } from './support.js';
import {
  benchPlace,
  insertCitizens,
  openBenchApplication,
  staffContext,
  type BenchDatabase,
} from './trade-in-setup.js';

const root = projectRoot();
const huiminMain = path.join(root, 'dist', 'server', 'main.js');
const bareMain = path.join(root, 'bench', 'bare-fastify.mjs');
const packs = Number(process.env.BENCH_PACKS ?? 100_000);
const extra = Number(process.env.BENCH_EXTRA ?? 5_000);
const citizenCount = Number(process.env.BENCH_CITIZENS ?? 50_000);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 200);
const pgProcesses = Number(process.env.BENCH_PG_PROCESSES ?? 2);
const databases = (process.env.BENCH_DATABASES ?? 'sqlite,postgres').split(',') as BenchDatabase[];
const logLevel = process.env.BENCH_LOG_LEVEL ?? 'warn';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const profileDir = process.env.BENCH_PROFILE_DIR;
const WARM_UP = 4_000;
const GOAL = 5_000;
const POOL = 'first_launch.hubin.city';
/** 2×5 yuan without threshold + 1×20 yuan at 满100: 30 yuan a pack. */
const PACK = [
  { faceFen: 500, thresholdFen: 0, count: 2 },
  { faceFen: 2000, thresholdFen: 10_000, count: 1 },
];
const PACK_FEN = 3000;

if (!existsSync(huiminMain)) {
  console.error('bench: dist/server/main.js is missing; run `npm run build:server` first');
  process.exit(1);
}

interface Session {
  readonly cookie: string;
  readonly csrfToken: string;
}

interface Load {
  readonly created: number;
  readonly soldOut: number;
  /** VOUCHER_LIMIT_REACHED: a citizen's third claim of the round (the requests go round the citizens). */
  readonly limited: number;
  readonly otherNon2xx: number;
  readonly errors: number;
  readonly requests: number;
  /** From the first request sent to the last answer (LoadSpan), and those two moments (performance.now()). */
  readonly seconds: number;
  readonly firstAt: number;
  readonly lastAt: number;
  readonly p50: number;
  readonly p99: number;
  readonly createdKeys: string[];
}

/** Sends requests `indexes` (each once, by `connections` connections) to `url` as their citizens. */
async function load(
  url: string,
  indexes: readonly number[],
  sessions: readonly Session[],
  prefix: string,
  connectionCount: number,
): Promise<Load> {
  let next = 0;
  const createdKeys: string[] = [];
  let soldOut = 0;
  let limited = 0;
  let otherNon2xx = 0;
  const span = new LoadSpan();
  const result = await autocannon({
    url,
    connections: connectionCount,
    // Each connection builds its next request before it is sent: stop short so that no index is used twice.
    amount: Math.max(1, indexes.length - 2 * connectionCount),
    requests: [
      {
        method: 'POST',
        setupRequest: (request, raw: object) => {
          span.sent();
          const context = raw as { key?: string };
          const index = indexes[next++] ?? indexes.length + next;
          const session = sessions[index % sessions.length] ?? sessions[0];
          context.key = `${prefix}-${index}`;
          return {
            ...request,
            body: '{}',
            headers: {
              'content-type': 'application/json',
              cookie: session?.cookie ?? '',
              'x-csrf-token': session?.csrfToken ?? '',
              'idempotency-key': context.key,
            },
          };
        },
        onResponse: (status, body, raw: object) => {
          span.answered();
          const context = raw as { key?: string };
          if (status === 201) createdKeys.push(context.key ?? '');
          else if (status === 409 && body.includes('VOUCHER_SOLD_OUT')) soldOut += 1;
          else if (status === 409 && body.includes('VOUCHER_LIMIT_REACHED')) limited += 1;
          else if ((otherNon2xx += 1) <= 3) console.warn(`bench: unexpected ${status}: ${body.slice(0, 300)}`);
        },
      },
    ],
  });
  if (result.errors + result.timeouts > 0) {
    console.warn(
      `bench: ${result.errors} connection errors, ${result.timeouts} timeouts; slowest answer ${result.latency.max} ms`,
    );
  }
  return {
    created: result['2xx'],
    soldOut,
    limited,
    otherNon2xx,
    errors: result.errors + result.timeouts,
    requests: result.requests.total,
    seconds: span.seconds(result.duration),
    firstAt: span.firstAt,
    lastAt: span.lastAt,
    p50: result.latency.p50,
    p99: result.latency.p99,
    createdKeys,
  };
}

/** Several loads at once (one per app process), summed; latency percentiles are the worst process's. */
async function loadAll(
  urls: readonly string[],
  indexes: readonly number[],
  sessions: readonly Session[],
  prefix: string,
): Promise<Load> {
  const shares = urls.map((_, part) => indexes.filter((index) => (index % sessions.length) % urls.length === part));
  const started = performance.now();
  const loads = await Promise.all(
    urls.map((url, part) => load(url, shares[part] ?? [], sessions, prefix, Math.round(connections / urls.length))),
  );
  // From the first request of any process's load to the last answer of any (not to autocannon's tick).
  const firstAt = Math.min(...loads.map((one) => one.firstAt));
  const lastAt = Math.max(...loads.map((one) => one.lastAt));
  const seconds = spanSeconds(firstAt, lastAt, (performance.now() - started) / 1000);
  const sum = (pick: (one: Load) => number) => loads.reduce((total, one) => total + pick(one), 0);
  return {
    created: sum((one) => one.created),
    soldOut: sum((one) => one.soldOut),
    limited: sum((one) => one.limited),
    otherNon2xx: sum((one) => one.otherNon2xx),
    errors: sum((one) => one.errors),
    requests: sum((one) => one.requests),
    seconds,
    firstAt,
    lastAt,
    p50: Math.max(...loads.map((one) => one.p50)),
    p99: Math.max(...loads.map((one) => one.p99)),
    createdKeys: loads.flatMap((one) => one.createdKeys),
  };
}

interface Row {
  readonly label: string;
  readonly measured: Load;
  readonly baseline: Load;
  readonly books: string;
  readonly sound: boolean;
}

let broken = false;

async function measure(database: BenchDatabase): Promise<Row> {
  const processes = database === 'postgres' ? pgProcesses : 1;
  const redisPrefix = `huimin:bench-${randomBytes(4).toString('hex')}:`;
  const place = await benchPlace(database, {
    HUIMIN_CLOCK_DATE: 'off',
    ...(database === 'postgres' ? { REDIS_URL: redisUrl, HUIMIN_REDIS_PREFIX: redisPrefix } : {}),
  });
  const servers: ChildServer[] = [];
  try {
    const setupStarted = performance.now();
    const application = await openBenchApplication(place.env);
    const { budget, vouchers } = application.services;
    const asFinance = await staffContext(application, 'demo-finance');
    await budget.createPool(asFinance(), { line: 'first_launch', unitId: 'hubin', source: 'city' });
    const funded = await budget.fund(asFinance(), POOL, {
      amountFen: (packs + WARM_UP) * PACK_FEN,
      idempotencyKey: 'bench-fund',
    });
    if (!funded.ok) throw new Error(`bench: could not fund ${POOL}`);
    const campaign = await vouchers.vouchers.createCampaign(asFinance(), {
      name: '压测消费券',
      funder: { kind: 'city', poolId: POOL },
      categories: [],
      excludedCategories: [],
      units: ['hubin'],
      packs: PACK,
      limits: { perRound: { maxPacks: 2 }, perCampaign: { maxPacks: 10 } },
    });
    const round = (quantity: number): Promise<RoundView> =>
      vouchers.vouchers.createRound(asFinance(), campaign.id, {
        releaseAt: new Date(Date.now() - 60_000).toISOString(),
        quantity,
        validDays: 7,
        mode: 'first_come',
      });
    const warmRound = await round(WARM_UP);
    const measuredRound = await round(packs);

    const citizens = await insertCitizens(application, citizenCount);
    const sessions: Session[] = [];
    const { store } = application;
    const at = new Date().toISOString();
    const expires = new Date(Date.now() + 8 * 3600_000).toISOString();
    for (let start = 0; start < citizens.length; start += 500) {
      const rows = citizens.slice(start, start + 500).map((citizen) => {
        const token = randomBytes(32).toString('base64url');
        const csrfToken = randomBytes(24).toString('base64url');
        sessions.push({ cookie: `huimin_session=${token}`, csrfToken });
        return {
          id: createHash('sha256').update(token, 'utf8').digest('hex'),
          account_id: citizen.id,
          csrf_token: csrfToken,
          created_at: at,
          expires_at: expires,
          last_seen_at: at,
          address: '127.0.0.1',
          user_agent: 'bench',
        };
      });
      await writeTransaction(store.db, store.dialect, (trx) => trx.insertInto('sessions').values(rows).execute());
    }
    console.log(
      `${database}: setup ${((performance.now() - setupStarted) / 1000).toFixed(1)} s (${citizens.length} citizens signed in, ` +
        `round of ${packs} packs, ${processes} app process${processes > 1 ? 'es' : ''}${database === 'postgres' ? ' + Redis gate' : ''})`,
    );

    const apps: ChildServer[] = [];
    for (let index = 0; index < processes; index += 1) {
      const args = profileDir === undefined ? [huiminMain] : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, huiminMain];
      apps.push(await startServer(args, '/readyz', { ...place.env, LOG_LEVEL: logLevel }));
      servers.push(...apps.slice(-1));
    }
    const urls = (roundId: string) => apps.map((server) => `${server.url}/api/v1/vouchers/rounds/${roundId}/claims`);
    // One answer's bytes for the baseline.
    const first = sessions[0];
    if (first === undefined) throw new Error('bench: no citizens');
    const probe = await fetch(urls(warmRound.id)[0] ?? '', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: first.cookie,
        'x-csrf-token': first.csrfToken,
        'idempotency-key': 'probe',
      },
      body: '{}',
    });
    const answer = Buffer.from(await probe.arrayBuffer());
    if (probe.status !== 201) throw new Error(`bench: the first claim answered ${probe.status}: ${answer.toString()}`);
    const scratch = await mkdtemp(path.join(tmpdir(), 'huimin-voucher-bench-'));
    const answerFile = path.join(scratch, 'claim.json');
    await writeFile(answerFile, answer);
    const bare = await startServer([bareMain], '/bare', { BENCH_POST_BODY_FILE: answerFile });
    servers.push(bare);

    const warmIndexes = Array.from({ length: WARM_UP + 200 }, (_, index) => index + 1);
    const warm = await loadAll(urls(warmRound.id), warmIndexes, sessions, 'warm');
    if (warm.otherNon2xx > 0 || warm.errors > 0) {
      console.warn(`${database}: warm-up had ${warm.otherNon2xx} unexpected non-2xx, ${warm.errors} errors`);
    }
    const indexes = Array.from({ length: packs + extra }, (_, index) => index);
    const measured = await loadAll(urls(measuredRound.id), indexes, sessions, 'claim');
    const baseline = await loadAll(
      apps.map(() => `${bare.url}/bare-post`),
      indexes,
      sessions,
      'bare',
    );
    for (const server of servers) await server.stop();
    await rm(scratch, { recursive: true, force: true });

    // The books, with the servers stopped.
    const { db } = store;
    const counter = await sql<{ quantity: number; issued: number }>`
      select quantity, issued from voucher_rounds where id = ${measuredRound.id}`.execute(db);
    const packRows = await sql<{ n: number | string }>`
      select count(*) as n from voucher_packs where round_id = ${measuredRound.id}`.execute(db);
    const voucherRows = await sql<{ n: number | string }>`
      select count(*) as n from vouchers where round_id = ${measuredRound.id}`.execute(db);
    const perPerson = await sql<{ n: number | string }>`
      select max(c) as n from (select count(*) as c from voucher_packs where round_id = ${measuredRound.id}
      group by owner_id) as t`.execute(db);
    let answered = 0;
    const keys = measured.createdKeys;
    for (let start = 0; start < keys.length; start += 500) {
      const chunk = keys.slice(start, start + 500);
      const found = await db
        .selectFrom('idempotency_records')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('key', 'in', chunk)
        .where('status_code', '=', 201)
        .where('state', '=', 'done')
        .executeTakeFirst();
      answered += Number(found?.n ?? 0);
    }
    const issued = Number(counter.rows[0]?.issued ?? -1);
    const quantity = Number(counter.rows[0]?.quantity ?? 0);
    const packCount = Number(packRows.rows[0]?.n ?? 0);
    const overIssued = Math.max(0, issued - quantity) + Math.abs(packCount - issued);
    const lost = Math.max(0, measured.created - packCount) + (keys.length - answered);
    // A pack whose 201 the client never saw (it timed out or the connection failed first) is committed
    // with its stored answer: its retry with the same key would get it. There can be no more of those
    // than requests left unanswered.
    const unseen = packCount - measured.created;
    const sound =
      overIssued === 0 &&
      lost === 0 &&
      keys.length === measured.created &&
      new Set(keys).size === keys.length &&
      Number(voucherRows.rows[0]?.n ?? 0) === packCount * 3 &&
      Number(perPerson.rows[0]?.n ?? 0) <= 2 &&
      unseen >= 0 &&
      unseen <= measured.errors;
    if (!sound) broken = true;
    const books =
      `issued ${issued} of ${quantity}, ${packCount} packs, ${Number(voucherRows.rows[0]?.n ?? 0)} vouchers, ` +
      `201s ${measured.created} (${answered} stored as answered), most per person ${Number(perPerson.rows[0]?.n ?? 0)}; ` +
      `packs whose 201 was not seen ${unseen} (requests unanswered: ${measured.errors}); ` +
      `over-issued ${overIssued}, lost ${lost}: ${sound ? 'sound' : 'BROKEN'}`;
    console.log(`${database}: ${books}`);
    await application.close();
    return {
      label: database === 'sqlite' ? 'SQLite, 1 process' : `PostgreSQL, ${processes} processes + Redis gate`,
      measured,
      baseline,
      books,
      sound,
    };
  } finally {
    for (const server of servers) await server.stop();
    await place.cleanup();
    if (database === 'postgres') await deleteRedisKeys(redisPrefix, redisUrl).catch(() => undefined);
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
  `\nflash claims: POST /api/v1/vouchers/rounds/{id}/claims over HTTP, ${connections} connections, ${packs} packs + ` +
    `${extra} claims too many, huimin LOG_LEVEL=${logLevel}; baseline: bare Fastify POST answering the same bytes, run right after`,
);
console.table(
  Object.fromEntries(
    rows.map((row) => [
      row.label,
      {
        '201s': row.measured.created,
        'sold out': row.measured.soldOut,
        'limit reached': row.measured.limited,
        'other non-2xx, errors': row.measured.otherNon2xx + row.measured.errors,
        seconds: Number(row.measured.seconds.toFixed(1)),
        'claims/s': Math.round(row.measured.created / row.measured.seconds),
        'answers/s': Math.round(row.measured.requests / row.measured.seconds),
        'bare POST/s': Math.round(row.baseline.requests / row.baseline.seconds),
        ratio: ratio(row.measured.requests / row.measured.seconds, row.baseline.requests / row.baseline.seconds),
        'p50 ms': row.measured.p50,
        'p99 ms': row.measured.p99,
        'bare p99 ms': row.baseline.p99,
        goal: `≥ ${GOAL}/s: ${row.measured.created / row.measured.seconds >= GOAL ? 'met' : 'NOT met'}`,
        books: row.sound ? 'sound' : 'BROKEN',
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
