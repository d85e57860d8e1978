/**
 * Demo mode's living data on SQLite and PostgreSQL (issue 11 §8): a first start funds every line's
 * pools in every unit, lets the thousand-and-more demo citizens sign in while the month is still being
 * played, and leaves a month of trade-in that balances: redemptions in every unit, returns before and
 * after settlement, every risk flag raised on some line, one period paid (one payment failed) and the
 * next in the queue. The same data on every start (deterministic), and a restart does not seed twice.
 * The CLI builds and exports a period from it.
 */
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BooksReport, PoolView } from '../../src/contract/budget.js';
import type { ClaimList } from '../../src/contract/claims.js';
import type { SettlementDetail, SettlementList } from '../../src/contract/settlement.js';
import type { FiguresView } from '../../src/contract/trade-in.js';
import { RISK_FLAG_CODES } from '../../src/contract/settlement.js';
import { buildApp } from '../../src/http/app.js';
import { huimin } from '../support/cli.js';
import { DIALECTS, testEnvironment, type TestEnvironment } from '../support/databases.js';
import { call, DEMO_ENV, DEMO_LOGINS, signIn } from '../support/sessions.js';

describe.each(DIALECTS)('the demo month on %s', (dialect) => {
  let environment: TestEnvironment;
  let app: FastifyInstance;

  beforeAll(async () => {
    environment = await testEnvironment(dialect, { ...DEMO_ENV, HUIMIN_DEMO_SCALE: '1' });
    app = await buildApp(environment.config);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await environment?.cleanup();
  });

  it('lets demo citizens 13800000002 … 13800002000 sign in while the month is still being played', async () => {
    for (const mobile of ['13800000002', '13800001000', '13800002000']) await signIn(app, mobile);
    await app.demoActivity;
  }, 120_000);

  it('funds every line in every unit and keeps the books balanced after the month', async () => {
    await app.demoActivity;
    const finance = await signIn(app, DEMO_LOGINS.finance_officer);
    const pools = (await call(app, finance, { method: 'GET', url: '/api/v1/budget/pools' })).json<{
      items: PoolView[];
    }>().items;
    // 99 subsidy pools, the city's voucher pool and the city trade-union federation's own (source union).
    expect(pools).toHaveLength(101);
    expect(new Set(pools.filter((pool) => pool.line !== 'voucher').map((pool) => pool.unitId)).size).toBe(9);
    expect(new Set(pools.map((pool) => pool.line)).size).toBe(9);
    expect(
      pools
        .filter((pool) => pool.line === 'voucher')
        .map((pool) => `${pool.id}:${pool.source}`)
        .sort(),
    ).toEqual(['voucher.city.city:city', 'voucher.city.union:union']);
    const appliance = pools.find((pool) => pool.id === 'appliance.hubin.central');
    expect(appliance?.spentFen).toBeGreaterThan(0);
    expect(appliance?.heldFen).toBeGreaterThan(0);
    const books = (await call(app, finance, { method: 'GET', url: '/api/v1/budget/books' })).json<BooksReport>();
    expect(books.problems).toEqual([]);
    expect(books.balanced).toBe(true);
  }, 120_000);

  it('runs the city voucher campaign: round 1 claimed, redeemed, expired and rolled into the open round 2', async () => {
    await app.demoActivity;
    const { db } = app.services.database;
    const rounds = await db.selectFrom('voucher_rounds').selectAll().orderBy('release_at').execute();
    const city = rounds.filter((round) => round.rereleased_into !== null || round.rereleased_from !== null);
    expect(city).toHaveLength(2);
    const [first, second] = city;
    expect(first).toMatchObject({ state: 'expired', rereleased_into: second?.id });
    expect(first?.issued).toBeGreaterThan(0);
    expect(Number(second?.rereleased_packs)).toBeGreaterThan(0);
    expect(Number(second?.issued)).toBeGreaterThan(0);
    const redeemed = await db
      .selectFrom('voucher_redemptions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(redeemed.n)).toBeGreaterThan(50);
  }, 120_000);

  it('leaves claims at every stage: 张三 paid, returned and waiting; overdue ones; one payout failed', async () => {
    await app.demoActivity;
    const citizen = await signIn(app, DEMO_LOGINS.citizen);
    const mine = (await call(app, citizen, { method: 'GET', url: '/api/v1/claims/mine' })).json<ClaimList>();
    expect(mine.items.map((claim) => `${claim.line}:${claim.state}`).sort()).toEqual([
      'car_replace:reviewing',
      'car_scrap:paid',
      'elderly_adaptation:returned',
    ]);
    const returned = mine.items.find((claim) => claim.state === 'returned');
    expect(returned?.reviews.at(-1)?.reasons[0]?.code).toBe('EVIDENCE_UNCLEAR');
    const evidence = returned?.evidence.find((item) => item.kind === 'photo');
    const photo = await call(app, citizen, {
      method: 'GET',
      url: `/api/v1/claims/${returned?.id}/evidence/${evidence?.id}`,
    });
    expect(photo.headers['content-type']).toBe('image/png');
    const auditor = await signIn(app, DEMO_LOGINS.auditor);
    const all = (await call(app, auditor, { method: 'GET', url: '/api/v1/claims?limit=200' })).json<ClaimList>();
    const states = new Set(all.items.map((claim) => claim.state));
    for (const state of ['reviewing', 'returned', 'approved', 'paid', 'payout_failed', 'rejected'])
      expect(states).toContain(state);
    expect(all.items.some((claim) => claim.overdue)).toBe(true);
    const commerce = await signIn(app, DEMO_LOGINS.department_officer);
    const queue = (
      await call(app, commerce, { method: 'GET', url: '/api/v1/claims?awaitingMe=true' })
    ).json<ClaimList>();
    expect(queue.total).toBeGreaterThan(0);
  }, 120_000);

  it('leaves a month of sales, one period paid, the next waiting, and every risk flag on some line', async () => {
    await app.demoActivity;
    const figures = (await call(app, null, { method: 'GET', url: '/api/v1/trade-in/figures' })).json<FiguresView>();
    expect(JSON.stringify(figures)).toContain('appliance');
    const commerce = await signIn(app, DEMO_LOGINS.department_officer);
    const list = (
      await call(app, commerce, { method: 'GET', url: '/api/v1/settlements?limit=200' })
    ).json<SettlementList>();
    expect(list.total).toBe(list.items.length);
    const states = new Set(list.items.map((batch) => batch.state));
    for (const state of ['paid', 'failed', 'reviewing', 'returned']) expect(states, state).toContain(state);
    expect(new Set(list.items.map((batch) => batch.unitId)).size).toBe(9);
    const seen = new Set<string>();
    for (const batch of list.items.filter((item) => item.flaggedLines > 0)) {
      const detail = (
        await call(app, commerce, { method: 'GET', url: `/api/v1/settlements/${batch.id}` })
      ).json<SettlementDetail>();
      for (const line of detail.lines) for (const flag of line.flags) seen.add(flag.code);
    }
    // Every code but the cap's sweet spot, at which the demo's prices do not bunch.
    expect([...seen].sort()).toEqual(RISK_FLAG_CODES.filter((code) => code !== 'PRICE_AT_CAP_SWEET_SPOT').sort());
  }, 120_000);

  it('does not seed twice: a restart on the same database keeps the month as it is', async () => {
    await app.demoActivity;
    const again = await buildApp(environment.config);
    await again.demoActivity;
    const commerce = await signIn(again, DEMO_LOGINS.department_officer);
    const before = (await call(app, commerce, { method: 'GET', url: '/api/v1/settlements' })).json<SettlementList>();
    const after = (await call(again, commerce, { method: 'GET', url: '/api/v1/settlements' })).json<SettlementList>();
    expect(after.total).toBe(before.total);
    await again.close();
  }, 120_000);

  it('runs and exports a settlement from the command line', async () => {
    await app.demoActivity;
    const env = { ...environment.env, HUIMIN_CLOCK_DATE: '2025-06-25' };
    const run = await huimin(
      ['settlement', 'run', '--period', '2025-06-01/2025-06-15', '--unit', 'yima', '--json'],
      env,
    );
    expect(run.code, run.stderr).toBe(0);
    const created = (JSON.parse(run.stdout) as { created: { id: string }[] }).created;
    expect(created.length).toBeGreaterThan(0);
    const refused = await huimin(['settlement', 'export', created[0]?.id ?? '', '--csv', '/tmp/never.csv'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('SETTLEMENT_NOT_APPROVED');

    const commerce = await signIn(app, DEMO_LOGINS.department_officer);
    const paid = (
      await call(app, commerce, { method: 'GET', url: '/api/v1/settlements?state=paid' })
    ).json<SettlementList>().items[0];
    expect(paid).toBeDefined();
    const file = `${environment.env.HUIMIN_DATA_DIR}/payout.xlsx`;
    const exported = await huimin(['settlement', 'export', paid?.id ?? '', '--xlsx', file], env);
    expect(exported.code, exported.stderr).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const text = JSON.stringify(workbook.worksheets[0]?.getSheetValues());
    expect(text).toContain(paid?.reference);
    expect(text).toContain(String(paid?.netFen));
  }, 120_000);
});
