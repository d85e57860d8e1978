/**
 * Accounts and audit figures (issue 3): sign-ins per second and audit appends per second, on SQLite
 * and on PostgreSQL, each beside a baseline measured in the same run.
 *
 * - Sign-ins: real HTTP (autocannon) against the built server (`dist/server/main.js`) in its own
 *   process, POST /api/v1/auth/sign-in with a demo account's password, `BENCH_CONNECTIONS` (8) at once.
 *   Baseline: argon2id verifications per second of the same kind of hash (m = 19 MiB, t = 2, p = 1) in
 *   this process at the same concurrency: the cost a sign-in cannot avoid. A ratio near 1× means the
 *   session, database and HTTP work around the hash is small.
 * - Audit appends: entries appended each in its own write transaction (lock the head, insert, move the
 *   head), 1 and 8 at a time. Baseline: the same transaction inserting one unchained row into a plain
 *   table of the same shape. The chain is verified afterwards (exit 1 if broken).
 *
 * Run: npm run build:server && node --import tsx bench/access.bench.ts
 *   BENCH_SIGN_IN_SECONDS (8), BENCH_APPENDS (3000), BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432/test)
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { dropPostgresSchema, ensurePostgresSchema, openDatabase, type DatabaseOptions } from '../src/db/database.js';
import { AuditRepository } from '../src/db/audit-repository.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { writeTransaction } from '../src/db/write-transaction.js';
import { AuditLog } from '../src/services/audit/audit-log.js';
import { hashPassword, verifyPassword } from '../src/services/security/passwords.js';
import { projectRoot } from '../src/shared/project-root.js';
import { perSecond, ratio, startServer } from './support.js';

const signInSeconds = Number(process.env.BENCH_SIGN_IN_SECONDS ?? 8);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 8);
const appends = Number(process.env.BENCH_APPENDS ?? 3000);
const postgresUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function argon2Baseline(): Promise<number> {
  const stored = await hashPassword('huimin-demo-2025');
  const count = Math.max(40, Math.round(signInSeconds * 15));
  return perSecond(count, connections, async () => {
    if (!(await verifyPassword(stored, 'huimin-demo-2025'))) throw new Error('argon2 baseline: verify failed');
  });
}

async function signInsPerSecond(env: Record<string, string>): Promise<{ rate: number; errors: number }> {
  const root = projectRoot();
  const server = await startServer([path.join(root, 'dist', 'server', 'main.js')], '/readyz', {
    ...env,
    HUIMIN_DEMO: 'true',
    HUIMIN_DEMO_SCALE: '0',
    HUIMIN_RATE_LIMIT_SIGN_IN: '100000000',
    HUIMIN_RATE_LIMIT_SIGN_IN_ACCOUNT: '100000000',
  });
  try {
    const body = JSON.stringify({ login: 'demo-admin', password: 'huimin-demo-2025' });
    const request = { method: 'POST' as const, headers: { 'content-type': 'application/json' }, body };
    await autocannon({ url: `${server.url}/api/v1/auth/sign-in`, connections, amount: connections * 4, ...request });
    const result = await autocannon({
      url: `${server.url}/api/v1/auth/sign-in`,
      connections,
      duration: signInSeconds,
      ...request,
    });
    return { rate: result['2xx'] / (result.duration || signInSeconds), errors: result.non2xx + result.errors };
  } finally {
    await server.stop();
  }
}

interface AppendRow {
  concurrency: number;
  appendsPerSecond: number;
  baselinePerSecond: number;
}

let broken = false;

async function auditAppends(label: string, options: DatabaseOptions): Promise<AppendRow[]> {
  const handle = await openDatabase({ ...options, poolSize: 8 });
  const rows: AppendRow[] = [];
  try {
    await migrateToLatest(handle);
    await sql`create table bench_plain (id integer primary key, at varchar(30), actor varchar(200), summary text)`.execute(
      handle.db,
    );
    const audit = new AuditLog(new AuditRepository(handle.db, handle.dialect), () => new Date());
    const append = (index: number) =>
      writeTransaction(handle.db, handle.dialect, async (trx) => {
        await audit.append(
          trx,
          { actor: 'bench', role: 'finance_officer', requestId: `bench-${index}` },
          { action: 'ledger.fund', subject: 'pool:appliance.city.central', after: { amountFen: index } },
        );
      });
    let plainId = 0;
    const plain = () =>
      writeTransaction(handle.db, handle.dialect, async (trx) => {
        plainId += 1;
        await sql`insert into bench_plain (id, at, actor, summary) values (${plainId}, ${new Date().toISOString()}, ${'bench'}, ${'{"after":{}}'})`.execute(
          trx,
        );
      });
    let appended = 0;
    await perSecond(200, 8, (index) => append(index));
    await perSecond(200, 8, () => plain());
    appended = 200;
    for (const concurrency of [1, 8]) {
      const half = Math.floor(appends / 2);
      const base: number[] = [];
      const chained: number[] = [];
      for (const count of [half, appends - half]) {
        base.push(await perSecond(count, concurrency, () => plain()));
        const offset = appended;
        chained.push(await perSecond(count, concurrency, (index) => append(offset + index)));
        appended += count;
      }
      const harmonic = (rates: number[]) => 2 / rates.reduce((sum, rate) => sum + 1 / rate, 0);
      rows.push({ concurrency, appendsPerSecond: harmonic(chained), baselinePerSecond: harmonic(base) });
    }
    const report = await audit.verify();
    const sound = report.ok && report.checked === appended;
    if (!sound) broken = true;
    console.log(
      `${label}: chain ${sound ? 'intact' : 'BROKEN'} — ${report.checked} entries verified in ${report.durationMs} ms` +
        (report.firstBroken === null ? '' : ` (first broken: ${report.firstBroken.messageEn})`),
    );
  } finally {
    await handle.destroy();
  }
  return rows;
}

console.log(`machine: ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}`);
const baseline = await argon2Baseline();
const signIns: { database: string; rate: number; errors: number }[] = [];
const appendRows: { database: string; rows: AppendRow[] }[] = [];

const dataDir = await mkdtemp(path.join(tmpdir(), 'huimin-access-bench-'));
try {
  signIns.push({ database: 'SQLite', ...(await signInsPerSecond({ HUIMIN_DATA_DIR: dataDir })) });
  appendRows.push({
    database: 'SQLite',
    rows: await auditAppends('SQLite', {
      dataDir: path.join(dataDir, 'audit'),
      databaseUrl: null,
      databaseSchema: null,
    }),
  });
} finally {
  await rm(dataDir, { recursive: true, force: true });
}

const schema = `huimin_bench_${randomBytes(4).toString('hex')}`;
await ensurePostgresSchema(postgresUrl, schema);
const pgData = await mkdtemp(path.join(tmpdir(), 'huimin-access-bench-pg-'));
try {
  signIns.push({
    database: 'PostgreSQL',
    ...(await signInsPerSecond({
      HUIMIN_DATA_DIR: pgData,
      DATABASE_URL: postgresUrl,
      HUIMIN_DATABASE_SCHEMA: schema,
    })),
  });
  const auditSchema = `${schema}_audit`;
  await ensurePostgresSchema(postgresUrl, auditSchema);
  try {
    appendRows.push({
      database: 'PostgreSQL',
      rows: await auditAppends('PostgreSQL', {
        dataDir: pgData,
        databaseUrl: postgresUrl,
        databaseSchema: auditSchema,
      }),
    });
  } finally {
    await dropPostgresSchema(postgresUrl, auditSchema);
  }
} finally {
  await dropPostgresSchema(postgresUrl, schema);
  await rm(pgData, { recursive: true, force: true });
}

console.log(
  `\nSign-ins (HTTP, ${connections} connections, ${signInSeconds} s; baseline: argon2id verifies/s in-process)`,
);
console.log('| database | sign-ins/s | argon2id verifies/s | ratio | non-2xx |');
console.log('|---|---|---|---|---|');
for (const row of signIns) {
  console.log(
    `| ${row.database} | ${row.rate.toFixed(1)} | ${baseline.toFixed(1)} | ${ratio(row.rate, baseline)} | ${row.errors} |`,
  );
}
console.log(`\nAudit appends (${appends} per concurrency; baseline: the same transaction inserting one plain row)`);
console.log('| database | concurrency | appends/s | plain inserts/s | ratio |');
console.log('|---|---|---|---|---|');
for (const { database, rows } of appendRows) {
  for (const row of rows) {
    console.log(
      `| ${database} | ${row.concurrency} | ${row.appendsPerSecond.toFixed(0)} | ${row.baselinePerSecond.toFixed(0)} | ${ratio(row.appendsPerSecond, row.baselinePerSecond)} |`,
    );
  }
}
if (broken) process.exitCode = 1;
