/**
 * Trade-in end to end on SQLite and PostgreSQL, over the HTTP API with demo accounts: a merchant joins,
 * a citizen claims a qualification, the cashier redeems it (each funding source's pool holds its
 * share), a retry answers the first answer, one code at two tills at once redeems once, one IMEI is
 * subsidised once, company and wrong-buyer invoices are refused, a partial return before settlement
 * gives the subsidy back, the batch passes every stage (the same person never twice), the payout file
 * parses, payment results close it and the pools show the money spent; a return after settlement is
 * clawed back from the next batch; a rejected batch goes back to the queue; a credit listing suspends.
 */
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SettlementDetail, SettlementRunResult, SettlementView } from '../../src/contract/settlement.js';
import type { QualificationView, RedemptionView, ReturnView } from '../../src/contract/trade-in.js';
import { creditCodeCheckCharacter } from '../../src/domain/identity/index.js';
import { imeiFromBody } from '../../src/domain/trade-in/goods.js';
import { quietApp } from '../support/app.js';
import { DIALECTS, testEnvironment, type TestEnvironment } from '../support/databases.js';
import { CapturingSender, citizenIdNumber, registeredCitizen } from '../support/registration.js';
import { call, DEMO_ENV, DEMO_LOGINS, signIn, type TestSession } from '../support/sessions.js';

const DAY = 86_400_000;
/** 11:00 in Sanmenxia on the demo's business day: the day's release (10:00) is open. */
const START = Date.parse('2025-06-02T03:00:00.000Z');

describe.each(DIALECTS)('trade-in on %s', (dialect) => {
  let environment: TestEnvironment;
  let app: FastifyInstance;
  let clock = START;
  const codes = new CapturingSender();
  const sessions = {} as Record<
    'finance' | 'owner' | 'cashier' | 'county' | 'countyFinance' | 'commerce' | 'citizen',
    TestSession
  >;
  let key = 0;

  /** Sessions expire with the clock: sign in again after moving it. */
  async function signInAll(): Promise<void> {
    sessions.finance = await signIn(app, DEMO_LOGINS.finance_officer);
    sessions.owner = await signIn(app, DEMO_LOGINS.merchant_owner);
    sessions.cashier = await signIn(app, DEMO_LOGINS.merchant_cashier);
    sessions.county = await signIn(app, DEMO_LOGINS.county_officer);
    sessions.countyFinance = await signIn(app, DEMO_LOGINS.county_finance_officer);
    sessions.commerce = await signIn(app, DEMO_LOGINS.department_officer);
    sessions.citizen = await signIn(app, DEMO_LOGINS.citizen);
  }
  async function moveClock(to: number): Promise<void> {
    clock = to;
    await signInAll();
  }

  beforeAll(async () => {
    environment = await testEnvironment(dialect, { ...DEMO_ENV, HUIMIN_CLOCK_DATE: 'off' });
    app = await quietApp(environment.config, { oneTimeCodeSender: codes, now: () => new Date(clock) });
    await signInAll();
    for (const line of ['appliance', 'digital']) {
      for (const [source, amountFen] of [
        ['central', 9_000_000_00],
        ['city', 1_000_000_00],
      ] as const) {
        await call(app, sessions.finance, {
          method: 'POST',
          url: '/api/v1/budget/pools',
          payload: { line, unitId: 'hubin', source },
        });
        const funded = await call(app, sessions.finance, {
          method: 'POST',
          url: `/api/v1/budget/pools/${line}.hubin.${source}/tranches`,
          headers: { 'idempotency-key': `fund-${line}-${source}` },
          payload: { amountFen },
        });
        expect(funded.statusCode, funded.body).toBe(201);
      }
    }
  });
  afterAll(async () => {
    await app?.close();
    await environment?.cleanup();
  });

  const post = (session: TestSession, url: string, payload: unknown, idempotent = true) =>
    call(app, session, {
      method: 'POST',
      url,
      payload: payload as Record<string, unknown>,
      ...(idempotent ? { headers: { 'idempotency-key': `k-${(key += 1)}` } } : {}),
    });
  const get = (session: TestSession, url: string) => call(app, session, { method: 'GET', url });
  const pool = async (id: string) =>
    (await get(sessions.finance, `/api/v1/budget/pools/${id}`)).json<{
      availableFen: number;
      heldFen: number;
      spentFen: number;
    }>();

  async function claim(session: TestSession, line: string, category: string): Promise<QualificationView> {
    const response = await post(session, '/api/v1/trade-in/qualifications', { line, category }, false);
    expect(response.statusCode, response.body).toBe(201);
    return response.json<QualificationView>();
  }

  function sale(code: string, serialNumber: string, overrides: Record<string, unknown> = {}) {
    return {
      qualificationCode: code,
      product: {
        category: 'air_conditioner',
        model: 'KFR-35GW',
        serialNumber,
        efficiencyGrade: 1,
        finalPriceFen: 399900,
      },
      invoice: { number: `INV-${serialNumber}`, buyerName: '演示市民 张三', amountFen: 399900 },
      ...overrides,
    };
  }

  it('a merchant joins: applies with its own bank account, the county officer approves', async () => {
    const refusedName = await post(
      sessions.owner,
      '/api/v1/trade-in/memberships',
      {
        merchantId: 'demo-merchant',
        lines: ['appliance'],
        units: ['hubin'],
        categories: ['air_conditioner'],
        stores: ['湖滨店'],
        bankAccountName: '张三',
        bankAccount: '622202000000000099',
        bankName: '中国工商银行三门峡分行',
      },
      false,
    );
    expect(refusedName.statusCode).toBe(409);
    expect(refusedName.json()).toMatchObject({
      error: { code: 'BANK_ACCOUNT_NAME_MISMATCH', field: 'bankAccountName' },
    });
    const applied = await post(
      sessions.owner,
      '/api/v1/trade-in/memberships',
      {
        merchantId: 'demo-merchant',
        lines: ['appliance', 'digital'],
        units: ['hubin'],
        categories: ['air_conditioner', 'refrigerator', 'tv', 'washing_machine', 'phone'],
        stores: ['湖滨店 三门峡市湖滨区崤山路1号'],
        bankAccountName: '演示家电卖场（湖滨店）',
        bankAccount: '6222 0200 0000 0000 99',
        bankName: '中国工商银行三门峡分行',
      },
      false,
    );
    expect(applied.statusCode, applied.body).toBe(201);
    const membership = applied.json<{ id: string; bankAccount: string; state: string }>();
    expect(membership).toMatchObject({ state: 'applied', bankAccount: '****0099' });
    const approved = await post(
      sessions.county,
      `/api/v1/trade-in/memberships/${membership.id}/decision`,
      { decision: 'approve' },
      false,
    );
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ state: 'approved' });
  });

  let first: RedemptionView;

  it('claim → redeem: the engine prices it, each source’s pool holds its share, a retry answers the first answer', async () => {
    const qualification = await claim(sessions.citizen, 'appliance', 'air_conditioner');
    expect(qualification).toMatchObject({ state: 'active', line: 'appliance', category: 'air_conditioner' });
    expect(qualification.code).toMatch(/^HMQ1\./);
    const central = await pool('appliance.hubin.central');
    const city = await pool('appliance.hubin.city');
    const body = sale(qualification.code ?? '', 'AC-0001');
    const headers = { 'idempotency-key': 'till-1' };
    const response = await call(app, sessions.cashier, {
      method: 'POST',
      url: '/api/v1/trade-in/redemptions',
      headers,
      payload: body,
    });
    expect(response.statusCode, response.body).toBe(201);
    first = response.json<RedemptionView>();
    expect(first).toMatchObject({ subsidyFen: 79980, payFen: 399900 - 79980, state: 'redeemed', unitId: 'hubin' });
    expect(first.explanation).toContain('799.80');
    expect(first.clause.length).toBeGreaterThan(0);
    expect(first.shares).toEqual([
      expect.objectContaining({ source: 'central', amountFen: 71982 }),
      expect.objectContaining({ source: 'city', amountFen: 7998 }),
    ]);
    expect((await pool('appliance.hubin.central')).heldFen - central.heldFen).toBe(71982);
    expect((await pool('appliance.hubin.city')).heldFen - city.heldFen).toBe(7998);
    const retry = await call(app, sessions.cashier, {
      method: 'POST',
      url: '/api/v1/trade-in/redemptions',
      headers,
      payload: body,
    });
    expect(retry.statusCode).toBe(201);
    expect(retry.json<RedemptionView>().id).toBe(first.id);
    expect((await pool('appliance.hubin.central')).heldFen - central.heldFen).toBe(71982);
    const again = await post(
      sessions.cashier,
      '/api/v1/trade-in/redemptions',
      sale(qualification.code ?? '', 'AC-0002'),
    );
    expect(again.json()).toMatchObject({ error: { code: 'QUALIFICATION_USED' } });
    const mine = (await get(sessions.citizen, '/api/v1/trade-in/redemptions/mine')).json<{ items: RedemptionView[] }>();
    expect(mine.items.map((item) => item.id)).toContain(first.id);
  });

  it('one qualification code at two tills at once: one redemption', async () => {
    const qualification = await claim(sessions.citizen, 'appliance', 'refrigerator');
    const body = (serial: string) =>
      sale(qualification.code ?? '', serial, {
        product: {
          category: 'refrigerator',
          model: 'BCD-500',
          serialNumber: serial,
          efficiencyGrade: 2,
          finalPriceFen: 300000,
        },
        invoice: { number: `INV-${serial}`, buyerName: '演示市民张三', amountFen: 300000 },
      });
    const answers = await Promise.all([
      post(sessions.cashier, '/api/v1/trade-in/redemptions', body('RF-1')),
      post(sessions.cashier, '/api/v1/trade-in/redemptions', body('RF-2')),
    ]);
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([201, 409]);
  });

  it('one IMEI is subsidised once; company and wrong-buyer invoices are refused; nothing is written by a refusal', async () => {
    const imei = imeiFromBody('86012345678901');
    const other = await registeredCitizen(
      app,
      { name: '李四', idNumber: citizenIdNumber(7), mobile: '13900007777', password: 'a fine password' },
      codes,
    );
    const mineQ = await claim(sessions.citizen, 'digital', 'phone');
    const phone = (code: string, buyerName: string, extra: Record<string, unknown> = {}) => ({
      qualificationCode: code,
      product: { category: 'phone', model: 'P70', serialNumber: imei, finalPriceFen: 499900 },
      invoice: { number: `PH-${(key += 1)}`, buyerName, amountFen: 499900, ...extra },
    });
    const company = await post(
      sessions.cashier,
      '/api/v1/trade-in/redemptions',
      phone(mineQ.code ?? '', '三门峡某某科技有限公司'),
    );
    expect(company.json()).toMatchObject({ error: { code: 'INVOICE_TO_COMPANY', field: 'invoice.buyerName' } });
    const wrongBuyer = await post(sessions.cashier, '/api/v1/trade-in/redemptions', phone(mineQ.code ?? '', '王五'));
    expect(wrongBuyer.json()).toMatchObject({ error: { code: 'INVOICE_BUYER_MISMATCH' } });
    const ok = await post(sessions.cashier, '/api/v1/trade-in/redemptions', phone(mineQ.code ?? '', '演示市民 张三'));
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json<RedemptionView>().subsidyFen).toBe(50000);
    const theirs = await claim(other, 'digital', 'phone');
    const twice = await post(sessions.cashier, '/api/v1/trade-in/redemptions', phone(theirs.code ?? '', '李四'));
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({ error: { code: 'GOODS_ALREADY_SUBSIDISED', field: 'product.serialNumber' } });
    expect(twice.body).not.toContain(ok.json<RedemptionView>().id);
    const stillActive = (await get(other, '/api/v1/trade-in/qualifications/mine')).json<{
      items: QualificationView[];
    }>();
    expect(stillActive.items[0]?.state).toBe('active');
    const refused = await app.services.security.page({ action: 'trade_in.goods_refused' });
    expect(JSON.stringify(refused.items[0])).toContain(ok.json<RedemptionView>().id);
  });

  it('a partial return before settlement gives back the subsidy of the returned part; the qualification stays used', async () => {
    const qualification = await claim(sessions.citizen, 'appliance', 'air_conditioner');
    const sold = await post(
      sessions.cashier,
      '/api/v1/trade-in/redemptions',
      sale(qualification.code ?? '', 'AC-0003'),
    );
    expect(sold.statusCode, sold.body).toBe(201);
    const redemption = sold.json<RedemptionView>();
    const returned = await post(sessions.cashier, `/api/v1/trade-in/redemptions/${redemption.id}/returns`, {
      returnedPriceFen: 99900,
      reason: '退回室外机支架',
    });
    expect(returned.statusCode, returned.body).toBe(201);
    const view = returned.json<ReturnView>();
    // 20% of 3,000.00 = 600.00 kept; 799.80 − 600.00 back; the merchant refunds 999.00 − 199.80.
    expect(view).toMatchObject({
      subsidyBackFen: 19980,
      refundFen: 99900 - 19980,
      money: 'released',
      qualificationStaysUsed: true,
    });
    expect(view.redemption).toMatchObject({ subsidyFen: 60000, state: 'partially_returned', returnedPriceFen: 99900 });
    const mine = (await get(sessions.citizen, '/api/v1/trade-in/qualifications/mine')).json<{
      items: QualificationView[];
    }>();
    expect(mine.items.find((item) => item.id === qualification.id)?.state).toBe('used');
  });

  let batch: SettlementView;

  it('settlement: a batch per merchant and unit, every stage by another person, commit, payout file, payment results', async () => {
    await moveClock(START + 9 * DAY);
    const run = await post(sessions.commerce, '/api/v1/settlements', {
      periodFrom: '2025-06-01',
      periodTo: '2025-06-15',
    });
    expect(run.statusCode, run.body).toBe(201);
    const result = run.json<SettlementRunResult>();
    expect(result.created).toHaveLength(1);
    batch = result.created[0] as SettlementView;
    expect(batch).toMatchObject({ merchantId: 'demo-merchant', unitId: 'hubin', state: 'reviewing', redemptions: 4 });
    expect(batch.grossFen).toBe(79980 + 60000 + 45000 + 50000);
    const wrongStage = await post(sessions.finance, `/api/v1/settlements/${batch.id}/reviews`, { decision: 'approve' });
    expect(wrongStage.statusCode).toBe(403);
    for (const [session, stage] of [
      [sessions.county, 'county_commerce'],
      [sessions.countyFinance, 'county_finance'],
      [sessions.commerce, 'city_commerce'],
      [sessions.finance, 'city_finance'],
    ] as const) {
      const before = (await get(session, `/api/v1/settlements/${batch.id}`)).json<SettlementDetail>();
      expect(before.settlement.stage?.id).toBe(stage);
      const decided = await post(session, `/api/v1/settlements/${batch.id}/reviews`, { decision: 'approve' });
      expect(decided.statusCode, decided.body).toBe(200);
    }
    const detail = (await get(sessions.finance, `/api/v1/settlements/${batch.id}`)).json<SettlementDetail>();
    expect(detail.settlement).toMatchObject({ state: 'approved', netFen: batch.grossFen });
    expect(detail.settlement.reviews).toHaveLength(4);
    // Committed: the batch's redemptions read as settled (their settlement rows, not their sale rows, say so).
    const settled = (await get(sessions.finance, '/api/v1/trade-in/redemptions?state=settled&limit=100')).json<{
      items: RedemptionView[];
      total: number;
    }>();
    expect(settled.total).toBe(batch.redemptions);
    expect(settled.items.every((item) => item.state === 'settled')).toBe(true);
    const unsettled = (await get(sessions.finance, '/api/v1/trade-in/redemptions?state=redeemed&limit=100')).json<{
      items: RedemptionView[];
    }>();
    expect(unsettled.items.some((item) => settled.items.some((other) => other.id === item.id))).toBe(false);
    const spent = await pool('appliance.hubin.central');
    expect(spent.spentFen).toBeGreaterThan(0);
    const file = await get(sessions.finance, `/api/v1/settlements/${batch.id}/payout-file?format=xlsx`);
    expect(file.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const row = workbook.getWorksheet('付款清单')?.getRow(2);
    expect(row?.getCell(2).value).toBe(batch.reference);
    expect(row?.getCell(6).value).toBe('622202000000000099');
    expect(row?.getCell(7).value).toBe(batch.grossFen);
    const csv = await get(sessions.finance, `/api/v1/settlements/${batch.id}/payout-file?format=csv`);
    expect(csv.body).toContain(`${batch.reference},演示家电卖场（湖滨店）`);
    const paid = await post(sessions.finance, `/api/v1/settlements/${batch.id}/payment-results`, {
      results: [{ reference: batch.reference, status: 'paid', amountFen: batch.grossFen, bankReference: 'B-1' }],
    });
    expect(paid.statusCode, paid.body).toBe(200);
    expect(paid.json()).toMatchObject({ state: 'paid', paidFen: batch.grossFen });
    const books = await get(sessions.finance, '/api/v1/budget/books');
    expect(books.json()).toMatchObject({ balanced: true });
  });

  it('a return after settlement is clawed back (a ledger reversal) and netted in the next batch; a rejected batch goes back', async () => {
    const back = await post(sessions.cashier, `/api/v1/trade-in/redemptions/${first.id}/returns`, {
      reason: '质量问题',
    });
    expect(back.statusCode, back.body).toBe(201);
    expect(back.json<ReturnView>()).toMatchObject({ money: 'clawed_back', subsidyBackFen: 79980 });
    const qualification = await claim(sessions.citizen, 'appliance', 'tv');
    const sold = await post(
      sessions.cashier,
      '/api/v1/trade-in/redemptions',
      sale(qualification.code ?? '', 'TV-1', {
        product: { category: 'tv', model: 'TV-75', serialNumber: 'TV-1', efficiencyGrade: 1, finalPriceFen: 900000 },
        invoice: { number: 'INV-TV-1', buyerName: '演示市民 张三', amountFen: 900000 },
      }),
    );
    expect(sold.statusCode, sold.body).toBe(201);
    await moveClock(START + 19 * DAY);
    const run = await post(sessions.commerce, '/api/v1/settlements', {
      periodFrom: '2025-06-01',
      periodTo: '2025-06-15',
    });
    const next = run.json<SettlementRunResult>().created[0] as SettlementView;
    expect(next).toMatchObject({ grossFen: 180000, clawbackFen: 79980, netFen: 180000 - 79980 });
    const rejected = await post(sessions.county, `/api/v1/settlements/${next.id}/reviews`, {
      decision: 'reject',
      reason: '发票待核',
    });
    expect(rejected.json()).toMatchObject({ state: 'returned' });
    const again = await post(sessions.commerce, '/api/v1/settlements', {
      periodFrom: '2025-06-01',
      periodTo: '2025-06-15',
    });
    const rebuilt = again.json<SettlementRunResult>().created[0] as SettlementView;
    expect(rebuilt).toMatchObject({ grossFen: 180000, clawbackFen: 79980 });
    failedBatch = rebuilt;
  });

  let failedBatch: SettlementView;

  async function approveEveryStage(id: string): Promise<void> {
    for (const session of [sessions.county, sessions.countyFinance, sessions.commerce, sessions.finance]) {
      const decided = await post(session, `/api/v1/settlements/${id}/reviews`, { decision: 'approve' });
      expect(decided.statusCode, decided.body).toBe(200);
    }
  }

  it('a failed payment re-queues the batch; the next batch pays it without committing the money twice', async () => {
    await approveEveryStage(failedBatch.id);
    const spentBefore = (await pool('appliance.hubin.central')).spentFen;
    const failed = await post(sessions.finance, `/api/v1/settlements/${failedBatch.id}/payment-results`, {
      results: [{ reference: failedBatch.reference, status: 'failed', amountFen: 0, failureReason: '账户名不符' }],
    });
    expect(failed.json()).toMatchObject({ state: 'failed', paidFen: 0 });
    const requeued = await post(sessions.commerce, '/api/v1/settlements', {
      periodFrom: '2025-06-01',
      periodTo: '2025-06-15',
    });
    const next = requeued.json<SettlementRunResult>().created[0] as SettlementView;
    expect(next).toMatchObject({ grossFen: 180000, clawbackFen: 79980 });
    await approveEveryStage(next.id);
    expect((await pool('appliance.hubin.central')).spentFen).toBe(spentBefore);
    const paid = await post(sessions.finance, `/api/v1/settlements/${next.id}/payment-results`, {
      results: [{ reference: next.reference, status: 'paid', amountFen: next.netFen }],
    });
    expect(paid.json()).toMatchObject({ state: 'paid' });
    expect((await get(sessions.finance, '/api/v1/budget/books')).json()).toMatchObject({ balanced: true });
  });

  it('a reviewer holds a line out: the batch counts and sums one line less, and the line waits for the next batch', async () => {
    const buyer = await registeredCitizen(
      app,
      { name: '赵六', idNumber: citizenIdNumber(11), mobile: '13900001111', password: 'a fine password' },
      codes,
    );
    const sold: RedemptionView[] = [];
    for (const [category, serialNumber, finalPriceFen] of [
      ['air_conditioner', 'AC-H1', 300000],
      ['tv', 'TV-H1', 400000],
    ] as const) {
      const qualification = await claim(buyer, 'appliance', category);
      const response = await post(
        sessions.cashier,
        '/api/v1/trade-in/redemptions',
        sale(qualification.code ?? '', serialNumber, {
          product: { category, model: `${category}-1`, serialNumber, efficiencyGrade: 1, finalPriceFen },
          invoice: { number: `INV-${serialNumber}`, buyerName: '赵六', amountFen: finalPriceFen },
        }),
      );
      expect(response.statusCode, response.body).toBe(201);
      sold.push(response.json<RedemptionView>());
    }
    const [kept, heldOut] = sold as [RedemptionView, RedemptionView];
    await moveClock(START + 29 * DAY);
    const run = await post(sessions.commerce, '/api/v1/settlements', {
      periodFrom: '2025-06-16',
      periodTo: '2025-06-30',
    });
    const built = run.json<SettlementRunResult>().created[0] as SettlementView;
    expect(built).toMatchObject({ redemptions: 2, grossFen: kept.subsidyFen + heldOut.subsidyFen });
    const decided = await post(sessions.county, `/api/v1/settlements/${built.id}/reviews`, {
      decision: 'approve',
      holdOut: [{ redemptionId: heldOut.id, reason: '发票抬头待核' }],
    });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json<SettlementView>()).toMatchObject({ redemptions: 1, grossFen: kept.subsidyFen });
    const detail = (await get(sessions.finance, `/api/v1/settlements/${built.id}`)).json<SettlementDetail>();
    expect(detail.settlement).toMatchObject({ redemptions: 1, grossFen: kept.subsidyFen });
    expect(detail.lines.find((line) => line.redemptionId === heldOut.id)).toMatchObject({
      heldOut: true,
      heldOutReason: '发票抬头待核',
    });
    // Holding out a line already held out is refused, and changes no count.
    const twice = await post(sessions.countyFinance, `/api/v1/settlements/${built.id}/reviews`, {
      decision: 'approve',
      holdOut: [{ redemptionId: heldOut.id, reason: '再次' }],
    });
    expect(twice.statusCode).toBe(400);
    expect(
      (await get(sessions.finance, `/api/v1/settlements/${built.id}`)).json<SettlementDetail>().settlement.redemptions,
    ).toBe(1);
    const next = (
      await post(sessions.commerce, '/api/v1/settlements', { periodFrom: '2025-06-16', periodTo: '2025-06-30' })
    ).json<SettlementRunResult>().created;
    expect(next).toHaveLength(1);
    expect(next[0]).toMatchObject({ redemptions: 1, grossFen: heldOut.subsidyFen });
  });

  it('one serial number at two merchants at once: one redemption', async () => {
    const admin = await signIn(app, DEMO_LOGINS.admin);
    const body = '91411282MA46DEM2';
    const creditCode = `${body}0${creditCodeCheckCharacter(`${body}0`)}`;
    const merchant = await post(
      admin,
      '/api/v1/merchants',
      { name: '灵宝数码城', creditCode, unitId: 'lingbao' },
      false,
    );
    expect(merchant.statusCode, merchant.body).toBe(201);
    const merchantId = merchant.json<{ id: string }>().id;
    for (const [username, role] of [
      ['lingbao-owner', 'merchant_owner'],
      ['lingbao-cashier', 'merchant_cashier'],
    ] as const) {
      const created = await post(
        admin,
        '/api/v1/accounts',
        { username, name: username, password: 'a fine password 2025', roles: [{ role, organisationId: merchantId }] },
        false,
      );
      expect(created.statusCode, created.body).toBe(201);
    }
    const owner = await signIn(app, 'lingbao-owner', 'a fine password 2025');
    const cashier = await signIn(app, 'lingbao-cashier', 'a fine password 2025');
    const membership = (merchantOf: string, unit: string, name: string, account: string, session: TestSession) =>
      post(
        session,
        '/api/v1/trade-in/memberships',
        {
          merchantId: merchantOf,
          lines: ['appliance'],
          units: [unit],
          categories: ['microwave'],
          stores: ['门店'],
          bankAccountName: name,
          bankAccount: account,
          bankName: '农业银行',
        },
        false,
      );
    const lingbao = await membership(merchantId, 'lingbao', '灵宝数码城', '622202000000000777', owner);
    expect(lingbao.statusCode, lingbao.body).toBe(201);
    const hubin = await membership(
      'demo-merchant',
      'hubin',
      '演示家电卖场（湖滨店）',
      '622202000000000099',
      sessions.owner,
    );
    for (const application of [lingbao, hubin]) {
      const decided = await post(
        sessions.commerce,
        `/api/v1/trade-in/memberships/${application.json<{ id: string }>().id}/decision`,
        { decision: 'approve' },
        false,
      );
      expect(decided.statusCode, decided.body).toBe(200);
    }
    for (const source of ['central', 'city']) {
      await post(sessions.finance, '/api/v1/budget/pools', { line: 'appliance', unitId: 'lingbao', source }, false);
      await post(sessions.finance, `/api/v1/budget/pools/appliance.lingbao.${source}/tranches`, {
        amountFen: 1_000_000,
      });
    }
    const buyer = await registeredCitizen(
      app,
      { name: '王五', idNumber: citizenIdNumber(8), mobile: '13900008888', password: 'a fine password' },
      codes,
    );
    const mine = await claim(sessions.citizen, 'appliance', 'microwave');
    const theirs = await claim(buyer, 'appliance', 'microwave');
    const microwave = (code: string, name: string, invoice: string) => ({
      qualificationCode: code,
      product: {
        category: 'microwave',
        model: 'MW-20',
        serialNumber: 'MW-SAME-1',
        efficiencyGrade: 1,
        finalPriceFen: 80000,
      },
      invoice: { number: invoice, buyerName: name, amountFen: 80000 },
    });
    const answers = await Promise.all([
      post(sessions.cashier, '/api/v1/trade-in/redemptions', microwave(mine.code ?? '', '演示市民 张三', 'MW-A')),
      post(cashier, '/api/v1/trade-in/redemptions', microwave(theirs.code ?? '', '王五', 'MW-B')),
    ]);
    expect(answers.map((answer) => answer.statusCode).sort(), answers.map((answer) => answer.body).join('\n')).toEqual([
      201, 409,
    ]);
    expect(answers.find((answer) => answer.statusCode === 409)?.json()).toMatchObject({
      error: { code: 'GOODS_ALREADY_SUBSIDISED' },
    });
  });

  it('a credit listing suspends the member: it redeems nothing, with the reason', async () => {
    const membership = (await get(sessions.owner, '/api/v1/trade-in/memberships')).json<{
      items: { creditCode: string }[];
    }>();
    const creditCode = membership.items[0]?.creditCode ?? '';
    const listed = await post(
      sessions.commerce,
      '/api/v1/trade-in/credit-listings',
      {
        listings: [
          { creditCode, list: 'abnormal_operation', source: '国家企业信用信息公示系统', listedOn: '2025-06-01' },
        ],
      },
      false,
    );
    expect(listed.json()).toMatchObject({ recorded: 1, suspendedMemberships: 2 });
    const qualification = await claim(sessions.citizen, 'appliance', 'washing_machine');
    const refused = await post(
      sessions.cashier,
      '/api/v1/trade-in/redemptions',
      sale(qualification.code ?? '', 'WM-1', {
        product: {
          category: 'washing_machine',
          model: 'XQG',
          serialNumber: 'WM-1',
          efficiencyGrade: 1,
          finalPriceFen: 200000,
        },
        invoice: { number: 'INV-WM-1', buyerName: '演示市民 张三', amountFen: 200000 },
      }),
    );
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ error: { code: 'MERCHANT_SUSPENDED' } });
    expect(refused.json<{ error: { message: string } }>().error.message).toContain('经营异常名录');
  });
});
