/**
 * The voucher campaign dashboard (issue 13, its second speed goal): one campaign of BENCH_REDEMPTIONS
 * (1,000,000) redemptions, and each figure group of its report (`GET /api/v1/vouchers/campaigns/{id}/report
 * ?part=total|round|category|unit|merchant`) asked over real HTTP of the built server (`dist/server/main.js`, its
 * own process) by a signed-in finance officer, BENCH_RUNS (20) times each: median and p95. Goal: each figure
 * < 200 ms, on SQLite and on PostgreSQL. The whole report and its .xlsx are timed too (a few runs), for the record.
 *
 * Setup (timed apart, not part of the figures): the campaign, its pool and its 20 rounds through the services
 * (each round's budget held in the ledger); then packs, vouchers and redemptions written straight into their
 * tables by multi-row inserts in one transaction per round, with the report's triggers in place as in
 * production (so the seeding pays for the running sums, as the claims and redemptions would): 25,000 packs of three vouchers per round (1,500,000 vouchers), two in three redeemed, some
 * expired, over 15 categories and 500 merchants in 9 units (a few merchants much busier than most). PostgreSQL
 * then gets VACUUM ANALYZE, as autovacuum would give a table that took a million inserts.
 *
 * Baseline, in the same run against the same server: GET /api/v1/auth/me by the same session (the session
 * check, the access hook and a small JSON answer: the floor of any authenticated GET).
 *
 * Afterwards the whole report's totals are checked against the seed (exit 1 if they differ). Never fails on
 * speed.
 *
 * Run: npm run bench:vouchers-dashboard
 *   BENCH_REDEMPTIONS (1000000), BENCH_RUNS (20), BENCH_DATABASES (sqlite,postgres),
 *   BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432/test)
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { Application } from '../src/app/compose.js';
import type { CampaignReport } from '../src/contract/voucher-report.js';
import type { Database } from '../src/db/tables.js';
import type { Insertable } from 'kysely';
import type { VoucherPacksTable, VoucherRedemptionsTable, VouchersTable } from '../src/db/voucher-tables.js';
import { writeTransaction } from '../src/db/write-transaction.js';
import { DEMO_PASSWORD } from '../src/services/accounts/demo-accounts.js';
import { projectRoot } from '../src/shared/project-root.js';
import { median, percentile, ratio, startServer, type ChildServer } from './support.js';
import { benchPlace, openBenchApplication, staffContext, type BenchDatabase } from './trade-in-setup.js';

const root = projectRoot();
const huiminMain = path.join(root, 'dist', 'server', 'main.js');
const total = Number(process.env.BENCH_REDEMPTIONS ?? 1_000_000);
const runs = Number(process.env.BENCH_RUNS ?? 20);
const databases = (process.env.BENCH_DATABASES ?? 'sqlite,postgres').split(',') as BenchDatabase[];
const GOAL_MS = 200;
const ROUNDS = 20;
const POOL = 'first_launch.hubin.city';
/** 2 × 5 yuan without threshold, 1 × 20 yuan at 满100: 30 yuan a pack. */
const PACK = [
  { faceFen: 500, thresholdFen: 0, count: 2 },
  { faceFen: 2000, thresholdFen: 10_000, count: 1 },
];
const PACK_FEN = 3000;
const UNITS = [
  'hubin',
  'shanzhou',
  'mianchi',
  'lushi',
  'yima',
  'lingbao',
  'urban-rural-demo-zone',
  'economic-development-zone',
  'modern-services-zone',
];
const CATEGORIES = [
  'dining',
  'retail',
  'supermarket',
  'culture',
  'sports',
  'tourism',
  'hotel',
  'cinema',
  'books',
  'clothing',
  'furniture',
  'electronics',
  'beauty',
  'catering_delivery',
  'fitness',
];
const MERCHANTS = 500;
const PARTS = ['total', 'round', 'category', 'unit', 'merchant'] as const;

if (!existsSync(huiminMain)) {
  console.error('bench: dist/server/main.js is missing; run `npm run build:server` first');
  process.exit(1);
}

/** A small seeded generator (mulberry32): the same campaign on every run and on both databases. */
function generator(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Seeded {
  readonly campaignId: string;
  readonly redemptions: number;
  readonly vouchers: number;
  readonly voucherFen: number;
  readonly salesFen: number;
  readonly seconds: number;
}

async function insertChunks<T extends 'vouchers' | 'voucher_redemptions' | 'voucher_packs'>(
  trx: Kysely<Database>,
  table: T,
  rows: readonly Insertable<Database[T]>[],
  size: number,
): Promise<void> {
  for (let start = 0; start < rows.length; start += size) {
    await trx
      .insertInto(table)
      .values(rows.slice(start, start + size))
      .execute();
  }
}

async function seed(application: Application, database: BenchDatabase): Promise<Seeded> {
  const started = performance.now();
  const { budget, vouchers } = application.services;
  const handle = application.services.database;
  const asFinance = await staffContext(application, 'demo-finance');
  const perRound = Math.ceil(total / ROUNDS);
  const packsPerRound = Math.ceil((perRound * 3) / 2 / 3);
  await budget.createPool(asFinance(), { line: 'first_launch', unitId: 'hubin', source: 'city' });
  const funded = await budget.fund(asFinance(), POOL, {
    amountFen: ROUNDS * packsPerRound * PACK_FEN,
    idempotencyKey: 'bench-fund',
  });
  if (!funded.ok) throw new Error(`bench: could not fund ${POOL}: ${funded.refusal.code}`);
  const campaign = await vouchers.vouchers.createCampaign(asFinance(), {
    name: '压测消费券活动',
    funder: { kind: 'city', poolId: POOL },
    categories: [],
    excludedCategories: ['pharmacy', 'fuel'],
    units: UNITS,
    packs: PACK,
    limits: { perRound: { maxPacks: 1 } },
  });
  const rounds: { id: string; releaseAt: Date }[] = [];
  for (let n = 0; n < ROUNDS; n += 1) {
    // Weekly rounds, the first 20 weeks ago: the early ones' vouchers have lapsed.
    const releaseAt = new Date(Date.now() - (ROUNDS - n) * 7 * 86_400_000);
    const round = await vouchers.vouchers.createRound(asFinance(), campaign.id, {
      releaseAt: releaseAt.toISOString(),
      quantity: packsPerRound,
      validDays: n < ROUNDS - 2 ? 7 : 30,
      mode: 'first_come',
    });
    rounds.push({ id: round.id, releaseAt });
  }
  const random = generator(13);
  // A few busy merchants, many quiet ones: merchant index ~ 500 × u², each merchant in one unit.
  const merchantOf = () => Math.min(MERCHANTS - 1, Math.floor(MERCHANTS * random() * random()));
  let redemptions = 0;
  let voucherCount = 0;
  let voucherFen = 0;
  let salesFen = 0;
  let code = 0;
  for (const [n, round] of rounds.entries()) {
    const wanted = Math.min(perRound, total - redemptions);
    const claimedAt = new Date(round.releaseAt.getTime() + 60_000).toISOString();
    const validUntil = new Date(round.releaseAt.getTime() + (n < ROUNDS - 2 ? 7 : 30) * 86_400_000).toISOString();
    const packs: VoucherPacksTable[] = [];
    const voucherRows: VouchersTable[] = [];
    const redemptionRows: Insertable<VoucherRedemptionsTable>[] = [];
    for (let p = 0; p < packsPerRound; p += 1) {
      const packId = randomUUID();
      const ownerId = `bench-citizen-${n * packsPerRound + p}`;
      packs.push({
        id: packId,
        round_id: round.id,
        campaign_id: campaign.id,
        owner_id: ownerId,
        funder_kind: 'city' as const,
        year: 2026,
        face_fen: PACK_FEN,
        claimed_at: claimedAt,
      });
      for (const face of [500, 500, 2000]) {
        const id = randomUUID();
        // Two in three redeemed (up to the round's share), one in ten of the rest marked expired by the job.
        const redeem = redemptionRows.length < wanted && (voucherRows.length % 3 !== 2 || random() < 0.5);
        const state = redeem ? 'redeemed' : random() < 0.1 ? 'expired' : 'issued';
        voucherRows.push({
          id,
          code: `B${String((code += 1)).padStart(11, '0')}`,
          pack_id: packId,
          round_id: round.id,
          campaign_id: campaign.id,
          owner_id: ownerId,
          face_fen: face,
          threshold_fen: face === 2000 ? 10_000 : 0,
          valid_until: validUntil,
          state,
          claimed_at: claimedAt,
          updated_at: claimedAt,
        });
        if (redeem) {
          const merchant = merchantOf();
          const bill = face === 2000 ? 10_000 + Math.floor(random() * 40_000) : 300 + Math.floor(random() * 20_000);
          const discount = Math.min(face, bill);
          redemptionRows.push({
            id: randomUUID(),
            voucher_id: id,
            round_id: round.id,
            campaign_id: campaign.id,
            merchant_id: `bench-merchant-${String(merchant).padStart(3, '0')}`,
            unit_id: UNITS[merchant % UNITS.length] ?? 'hubin',
            cashier_id: `bench-cashier-${merchant}`,
            category: CATEGORIES[Math.floor(random() * random() * CATEGORIES.length)] ?? 'dining',
            bill_fen: bill,
            discount_fen: discount,
            pay_fen: bill - discount,
            hold_id: 'bench',
            at: new Date(round.releaseAt.getTime() + 3_600_000 + Math.floor(random() * 5 * 86_400_000)).toISOString(),
          });
          voucherFen += discount;
          salesFen += bill;
        }
      }
    }
    await writeTransaction(handle.db, handle.dialect, async (trx) => {
      await insertChunks(trx, 'voucher_packs', packs, 1000);
      await insertChunks(trx, 'vouchers', voucherRows, 1000);
      await insertChunks(trx, 'voucher_redemptions', redemptionRows, 1000);
      await trx
        .updateTable('voucher_rounds')
        .set({ issued: packsPerRound, redeemed: redemptionRows.length })
        .where('id', '=', round.id)
        .execute();
    });
    redemptions += redemptionRows.length;
    voucherCount += voucherRows.length;
    process.stdout.write(`\r${database}: seeded round ${n + 1}/${ROUNDS}, ${redemptions} redemptions`);
  }
  process.stdout.write('\n');
  if (database === 'postgres') {
    for (const table of ['vouchers', 'voucher_redemptions', 'voucher_packs', 'voucher_rounds']) {
      await sql`vacuum analyze ${sql.table(table)}`.execute(handle.db);
    }
  }
  return {
    campaignId: campaign.id,
    redemptions,
    vouchers: voucherCount,
    voucherFen,
    salesFen,
    seconds: (performance.now() - started) / 1000,
  };
}

async function signIn(server: ChildServer): Promise<Record<string, string>> {
  const response = await fetch(`${server.url}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: 'demo-finance', password: DEMO_PASSWORD }),
  });
  const token = /huimin_session=([^;]+)/.exec(response.headers.get('set-cookie') ?? '')?.[1];
  await response.arrayBuffer();
  if (response.status !== 200 || token === undefined) throw new Error(`bench: sign-in ${response.status}`);
  return { cookie: `huimin_session=${token}` };
}

/** `count` sequential GETs (after two not counted), each to its last byte: the latencies in ms. */
async function timeGet(url: string, headers: Record<string, string>, count: number): Promise<number[]> {
  const latencies: number[] = [];
  for (let n = 0; n < count + 2; n += 1) {
    const started = performance.now();
    const response = await fetch(url, { headers });
    await response.arrayBuffer();
    const elapsed = performance.now() - started;
    if (response.status !== 200) throw new Error(`bench: ${url} answered ${response.status}`);
    if (n >= 2) latencies.push(elapsed);
  }
  return latencies;
}

interface Row {
  readonly database: string;
  readonly seeded: Seeded;
  readonly figures: Record<string, { median: number; p95: number }>;
  readonly baseline: { median: number; p95: number };
  readonly sound: boolean;
}

const summary = (values: readonly number[]) => ({ median: median(values), p95: percentile(values, 95) });

async function measure(database: BenchDatabase): Promise<Row> {
  const place = await benchPlace(database, { HUIMIN_CLOCK_DATE: 'off' });
  try {
    const application = await openBenchApplication(place.env);
    let seeded: Seeded;
    try {
      seeded = await seed(application, database);
    } finally {
      await application.close();
    }
    console.log(
      `${database}: seeded ${seeded.redemptions} redemptions, ${seeded.vouchers} vouchers in ${seeded.seconds.toFixed(1)} s`,
    );
    const server = await startServer(
      [huiminMain],
      '/readyz',
      { ...place.env, LOG_LEVEL: 'warn' },
      {
        readyWithinMs: 120_000,
      },
    );
    try {
      const headers = await signIn(server);
      const report = `${server.url}/api/v1/vouchers/campaigns/${seeded.campaignId}/report`;
      const figures: Record<string, { median: number; p95: number }> = {};
      const baseline: number[] = [];
      // Interleaved: each figure beside its own baseline runs, so load changes touch both alike.
      for (const part of PARTS) {
        figures[part] = summary(await timeGet(`${report}?part=${part}`, headers, runs));
        baseline.push(...(await timeGet(`${server.url}/api/v1/auth/me`, headers, runs)));
      }
      figures['whole report'] = summary(await timeGet(report, headers, Math.max(3, Math.round(runs / 4))));
      figures['.xlsx'] = summary(await timeGet(`${report}.xlsx`, headers, Math.max(3, Math.round(runs / 4))));
      const whole = (await (await fetch(report, { headers })).json()) as CampaignReport;
      const sound =
        whole.total?.redeemed === seeded.redemptions &&
        whole.total.claimed === seeded.vouchers &&
        whole.total.voucherFen === seeded.voucherFen &&
        whole.total.salesFen === seeded.salesFen &&
        (whole.byMerchant ?? []).reduce((sum, row) => sum + row.salesFen, 0) === seeded.salesFen &&
        (whole.byRound ?? []).length === ROUNDS &&
        (whole.byCategory ?? []).length === CATEGORIES.length &&
        (whole.byUnit ?? []).length === UNITS.length + 1;
      console.log(
        `${database}: report totals ${sound ? 'match the seed' : 'DO NOT MATCH the seed'} (redeemed ` +
          `${whole.total?.redeemed}, voucher money ${whole.total?.voucherFen} fen, sales ${whole.total?.salesFen} fen, ` +
          `gross leverage ${whole.total?.grossLeverage})`,
      );
      return { database, seeded, figures, baseline: summary(baseline), sound };
    } finally {
      await server.stop();
    }
  } finally {
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
  `\nvoucher dashboard, one campaign of ${total} redemptions: ms over real HTTP, median / p95 of ${runs} runs ` +
    `(whole report and .xlsx: fewer); baseline GET /api/v1/auth/me, same session, same run`,
);
const names = [...PARTS.map((part) => part as string), 'whole report', '.xlsx'];
console.table(
  Object.fromEntries([
    ...names.map((name) => [
      name === 'whole report' || name === '.xlsx' ? name : `?part=${name}`,
      Object.fromEntries(
        rows.flatMap((row) => {
          const figure = row.figures[name];
          const label = row.database === 'sqlite' ? 'SQLite' : 'PostgreSQL';
          return [
            [`${label} median / p95`, `${Math.round(figure?.median ?? 0)} / ${Math.round(figure?.p95 ?? 0)}`],
            [`${label} ×baseline`, ratio(figure?.median ?? 0, row.baseline.median)],
            [
              `${label} goal < ${GOAL_MS} ms`,
              PARTS.includes(name as (typeof PARTS)[number])
                ? (figure?.p95 ?? Infinity) < GOAL_MS
                  ? 'met (p95)'
                  : (figure?.median ?? Infinity) < GOAL_MS
                    ? 'met (median)'
                    : 'NOT met'
                : '',
            ],
          ];
        }),
      ),
    ]),
    [
      'baseline /auth/me',
      Object.fromEntries(
        rows.flatMap((row) => {
          const label = row.database === 'sqlite' ? 'SQLite' : 'PostgreSQL';
          return [
            [`${label} median / p95`, `${row.baseline.median.toFixed(1)} / ${row.baseline.p95.toFixed(1)}`],
            [`${label} ×baseline`, '1.00×'],
            [`${label} goal < ${GOAL_MS} ms`, ''],
          ];
        }),
      ),
    ],
    [
      'seeding (s)',
      Object.fromEntries(
        rows.flatMap((row) => {
          const label = row.database === 'sqlite' ? 'SQLite' : 'PostgreSQL';
          return [
            [`${label} median / p95`, row.seeded.seconds.toFixed(1)],
            [`${label} ×baseline`, ''],
            [`${label} goal < ${GOAL_MS} ms`, row.sound ? 'totals match' : 'TOTALS DIFFER'],
          ];
        }),
      ),
    ],
  ]),
);
console.log(
  `load average after: ${loadavg()
    .map((value) => value.toFixed(1))
    .join(' ')}`,
);
if (rows.some((row) => !row.sound)) process.exit(1);
