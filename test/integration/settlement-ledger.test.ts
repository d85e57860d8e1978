/**
 * A settlement's final approval as the ledger records it (ADR 8), over the HTTP API on SQLite and PostgreSQL:
 * one `commit_set` transaction per pool naming the batch, its legs equal to the lines' shares, the books
 * verifying; a retry of the final approval with the same idempotency key answers the first answer and commits
 * nothing twice; a return after settlement is clawed back from the set-committed holds and the books still
 * balance.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TransactionView } from '../../src/contract/budget.js';
import type { SettlementRunResult, SettlementView } from '../../src/contract/settlement.js';
import type { QualificationView, RedemptionView, ReturnView } from '../../src/contract/trade-in.js';
import { quietApp } from '../support/app.js';
import { DIALECTS, testEnvironment, type TestEnvironment } from '../support/databases.js';
import { call, DEMO_ENV, DEMO_LOGINS, signIn, type TestSession } from '../support/sessions.js';

const DAY = 86_400_000;
/** 11:00 in Sanmenxia on the demo's business day: the day's release (10:00) is open. */
const START = Date.parse('2025-06-02T03:00:00.000Z');
const POOLS = ['appliance.hubin.central', 'appliance.hubin.city'] as const;

describe.each(DIALECTS)('settlement in the ledger on %s', (dialect) => {
  let environment: TestEnvironment;
  let app: FastifyInstance;
  let clock = START;
  const sessions = {} as Record<'finance' | 'owner' | 'cashier' | 'county' | 'countyFinance' | 'commerce', TestSession>;
  let key = 0;

  async function signInAll(): Promise<void> {
    sessions.finance = await signIn(app, DEMO_LOGINS.finance_officer);
    sessions.owner = await signIn(app, DEMO_LOGINS.merchant_owner);
    sessions.cashier = await signIn(app, DEMO_LOGINS.merchant_cashier);
    sessions.county = await signIn(app, DEMO_LOGINS.county_officer);
    sessions.countyFinance = await signIn(app, DEMO_LOGINS.county_finance_officer);
    sessions.commerce = await signIn(app, DEMO_LOGINS.department_officer);
  }
  const post = (session: TestSession, url: string, payload: unknown, idempotencyKey = `k-${(key += 1)}`) =>
    call(app, session, {
      method: 'POST',
      url,
      payload: payload as Record<string, unknown>,
      headers: { 'idempotency-key': idempotencyKey },
    });
  const get = (session: TestSession, url: string) => call(app, session, { method: 'GET', url });
  const pool = async (id: string) =>
    (await get(sessions.finance, `/api/v1/budget/pools/${id}`)).json<{
      availableFen: number;
      heldFen: number;
      spentFen: number;
    }>();
  const transactions = async (id: string) =>
    (await get(sessions.finance, `/api/v1/budget/pools/${id}/transactions?limit=1000`)).json<{
      items: TransactionView[];
    }>().items;
  const books = async () => (await get(sessions.finance, '/api/v1/budget/books')).json<{ balanced: boolean }>();

  const sold: RedemptionView[] = [];

  beforeAll(async () => {
    environment = await testEnvironment(dialect, { ...DEMO_ENV, HUIMIN_CLOCK_DATE: 'off' });
    app = await quietApp(environment.config, { now: () => new Date(clock) });
    await signInAll();
    for (const [source, amountFen] of [
      ['central', 9_000_000_00],
      ['city', 1_000_000_00],
    ] as const) {
      await post(sessions.finance, '/api/v1/budget/pools', { line: 'appliance', unitId: 'hubin', source });
      const funded = await post(sessions.finance, `/api/v1/budget/pools/appliance.hubin.${source}/tranches`, {
        amountFen,
      });
      expect(funded.statusCode, funded.body).toBe(201);
    }
    const applied = await post(sessions.owner, '/api/v1/trade-in/memberships', {
      merchantId: 'demo-merchant',
      lines: ['appliance'],
      units: ['hubin'],
      categories: ['air_conditioner', 'refrigerator'],
      stores: ['湖滨店 三门峡市湖滨区崤山路1号'],
      bankAccountName: '演示家电卖场（湖滨店）',
      bankAccount: '6222 0200 0000 0000 99',
      bankName: '中国工商银行三门峡分行',
    });
    expect(applied.statusCode, applied.body).toBe(201);
    const approved = await post(
      sessions.county,
      `/api/v1/trade-in/memberships/${applied.json<{ id: string }>().id}/decision`,
      { decision: 'approve' },
    );
    expect(approved.statusCode, approved.body).toBe(200);
    const citizen = await signIn(app, DEMO_LOGINS.citizen);
    for (const [category, serial, priceFen] of [
      ['air_conditioner', 'AC-1', 399_900],
      ['refrigerator', 'RF-1', 300_000],
    ] as const) {
      const claimed = await call(app, citizen, {
        method: 'POST',
        url: '/api/v1/trade-in/qualifications',
        payload: { line: 'appliance', category },
      });
      expect(claimed.statusCode, claimed.body).toBe(201);
      const redeemed = await post(sessions.cashier, '/api/v1/trade-in/redemptions', {
        qualificationCode: claimed.json<QualificationView>().code,
        product: { category, model: 'M-1', serialNumber: serial, efficiencyGrade: 1, finalPriceFen: priceFen },
        invoice: { number: `INV-${serial}`, buyerName: '演示市民 张三', amountFen: priceFen },
      });
      expect(redeemed.statusCode, redeemed.body).toBe(201);
      sold.push(redeemed.json<RedemptionView>());
    }
  });
  afterAll(async () => {
    await app?.close();
    await environment?.cleanup();
  });

  let batch: SettlementView;

  it('commits the batch as one commit_set per pool; a retry of the approval answers the first answer', async () => {
    clock = START + 9 * DAY;
    await signInAll();
    const run = await post(sessions.commerce, '/api/v1/settlements', {
      periodFrom: '2025-06-01',
      periodTo: '2025-06-15',
    });
    expect(run.statusCode, run.body).toBe(201);
    batch = run.json<SettlementRunResult>().created[0] as SettlementView;
    expect(batch).toMatchObject({ redemptions: 2, grossFen: sold.reduce((sum, sale) => sum + sale.subsidyFen, 0) });
    for (const session of [sessions.county, sessions.countyFinance, sessions.commerce]) {
      const decided = await post(session, `/api/v1/settlements/${batch.id}/reviews`, { decision: 'approve' });
      expect(decided.statusCode, decided.body).toBe(200);
    }
    const before = await Promise.all(POOLS.map(pool));
    const final = await post(
      sessions.finance,
      `/api/v1/settlements/${batch.id}/reviews`,
      { decision: 'approve' },
      'final',
    );
    expect(final.statusCode, final.body).toBe(200);
    expect(final.json()).toMatchObject({ state: 'approved' });
    const again = await post(
      sessions.finance,
      `/api/v1/settlements/${batch.id}/reviews`,
      { decision: 'approve' },
      'final',
    );
    expect(again.statusCode, again.body).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(final.json());

    for (const [index, id] of POOLS.entries()) {
      const shares = sold.map((sale) => sale.shares.find((share) => share.poolId === id)?.amountFen ?? 0);
      const total = shares.reduce((sum, amount) => sum + amount, 0);
      const sets = (await transactions(id)).filter((transaction) => transaction.kind === 'commit_set');
      expect(sets).toHaveLength(1);
      expect(sets[0]).toMatchObject({ holdId: null, amountFen: total, reference: `settlement:${batch.id}` });
      expect(sets[0]?.postings.map((posting) => [posting.account, posting.amountFen])).toEqual([
        ['held', -total],
        ['spent', total],
      ]);
      const after = await pool(id);
      expect(after.heldFen).toBe((before[index]?.heldFen ?? 0) - total);
      expect(after.spentFen).toBe((before[index]?.spentFen ?? 0) + total);
    }
    expect(await books()).toMatchObject({ balanced: true });
  });

  it('claws back a return after settlement from the set-committed holds, and the books balance', async () => {
    const [first] = sold;
    const spent = await Promise.all(POOLS.map(pool));
    const back = await post(sessions.cashier, `/api/v1/trade-in/redemptions/${first?.id}/returns`, {
      reason: '质量问题',
    });
    expect(back.statusCode, back.body).toBe(201);
    expect(back.json<ReturnView>()).toMatchObject({ money: 'clawed_back', subsidyBackFen: first?.subsidyFen });
    for (const [index, id] of POOLS.entries()) {
      const share = first?.shares.find((candidate) => candidate.poolId === id)?.amountFen ?? 0;
      expect((await pool(id)).spentFen).toBe((spent[index]?.spentFen ?? 0) - share);
      const reversals = (await transactions(id)).filter((transaction) => transaction.kind === 'reverse');
      expect(reversals.map((transaction) => transaction.amountFen)).toEqual([share]);
    }
    expect(await books()).toMatchObject({ balanced: true });
  });
});
