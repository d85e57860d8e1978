/**
 * Trade-in in Chromium against the real server in demo mode. Setup over the API (pools made and funded
 * by the finance officer, the merchant's membership applied for and approved, a second citizen
 * registered), then the story in the browser: the citizen claims a qualification on 我的补贴 and sees its
 * QR and short code; the cashier redeems it on the till and gets the receipt (pay, subsidy, explanation
 * with its clause); a second citizen's phone with an IMEI already subsidised is refused on the till
 * (GOODS_ALREADY_SUBSIDISED); the merchant returns part of the air conditioner on 核销记录, the dialog
 * saying what is refunded. The server is restarted on the same data past the settlement wait: 市商务局
 * runs the period, 湖滨区 rejects the batch once, the period is run again, the new batch passes the four
 * stages, the payout file is downloaded and parsed, the payment results are imported, and the pools
 * show the money spent. The demo database may hold other trade-in activity: every row is found by the
 * id, code or reference this story created, and money is checked as differences.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SettlementDetail, SettlementList, SettlementView } from '../src/contract/settlement.js';
import type { MembershipList } from '../src/contract/trade-in.js';
import { imeiFromBody } from '../src/domain/trade-in/goods.js';
import { CapturingSender, citizenIdNumber, registeredCitizen } from '../test/support/registration.js';
import { call, signIn, type TestSession } from '../test/support/sessions.js';
import { launchChromium, openPage, screenshot, signInOnPage, VIEWPORT, type WatchedPage } from './helpers/browser.js';
import { startAppIn, type RunningApp } from './helpers/server.js';

const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 60_000, interval: 200 });
const ENV = {
  HUIMIN_DEMO: 'true',
  // The living demo (its month of trade-in) underneath: the story's rows are found by their own ids.
  HUIMIN_DEMO_SCALE: '1',
  HUIMIN_RATE_LIMIT_SIGN_IN: '1000',
  HUIMIN_RATE_LIMIT_SIGN_IN_ACCOUNT: '1000',
  HUIMIN_RATE_LIMIT_MONEY: '1000',
};
/** After the demo's own activity, 11:00 in Sanmenxia: the day's release (10:00) is open. */
const SALE_DAY = '2025-06-20';
/** Past the settlement wait (HUIMIN_TRADE_IN_SETTLE_AFTER_DAYS, 7) of the sale day. */
const SETTLE_DAY = '2025-06-29';
/** A valid 15-digit IMEI (its Luhn check digit computed). */
const IMEI = imeiFromBody('86012345678901');
const AC_SERIAL = 'AC-E2E-STORY-1';
const PHONE_WIDTH = { width: 390, height: 844 };
const POOLS = ['appliance', 'digital'].flatMap((line) =>
  ['central', 'city'].map((source) => `${line}.hubin.${source}`),
);

describe('trade-in: claim, till, refusal, return, settlement, payout', () => {
  let dataDir: string;
  let server: RunningApp;
  let browser: Browser;
  let watched: WatchedPage;
  let page: Page;
  const codes = new CapturingSender();
  let key = 0;

  const post = (session: TestSession, url: string, payload: unknown) =>
    call(server.app, session, {
      method: 'POST',
      url,
      payload: payload as Record<string, unknown>,
      headers: { 'idempotency-key': `e2e-story-${Date.now()}-${(key += 1)}` },
    });
  const get = (session: TestSession, url: string) => call(server.app, session, { method: 'GET', url });

  async function start(day: string): Promise<void> {
    server = await startAppIn(dataDir, { ...ENV, HUIMIN_CLOCK_DATE: `${day}T11:00` }, { oneTimeCodeSender: codes });
  }

  const signInPage = (login: string, next: string) => signInOnPage(page, server.baseUrl, login, next);

  /** The pools' spent money, by id. */
  async function spent(): Promise<Record<string, number>> {
    const finance = await signIn(server.app, 'demo-finance');
    const entries = await Promise.all(
      POOLS.map(async (id) => [
        id,
        (await get(finance, `/api/v1/budget/pools/${id}`)).json<{ spentFen: number }>().spentFen,
      ]),
    );
    return Object.fromEntries(entries) as Record<string, number>;
  }

  /**
   * Keys a sale on the till and waits for the server's answer to the POST; on a failure the test's
   * message carries the answer's status and body and the request sent (the receipt that never showed).
   */
  async function till(
    code: string,
    sale: {
      category: string;
      model: string;
      serial: string;
      grade?: number;
      price: string;
      buyer: string;
      invoice: string;
    },
  ): Promise<{ status: number; body: string }> {
    await page.getByTestId('till-code').fill(code);
    await page.getByTestId('till-category').click();
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: sale.category })
      .first()
      .click();
    await page.getByTestId('till-model').fill(sale.model);
    await page.getByTestId('till-serial').fill(sale.serial);
    if (sale.grade !== undefined) {
      await page
        .locator('input[data-testid="till-grade"], [data-testid="till-grade"] input')
        .first()
        .fill(String(sale.grade));
    }
    await page.getByTestId('till-price').fill(sale.price);
    await page.getByTestId('till-invoice-number').fill(sale.invoice);
    await page.getByTestId('till-buyer').fill(sale.buyer);
    await page.getByTestId('till-invoice-amount').fill(sale.price);
    const answer = page.waitForResponse(
      (r) => r.url().endsWith('/api/v1/trade-in/redemptions') && r.request().method() === 'POST',
      { timeout: 30_000 },
    );
    await page.getByTestId('till-submit').click();
    const response = await answer.catch(async () => {
      const errors = await page.locator('.ant-form-item-explain-error').allTextContents();
      throw new Error(
        `the till sent no redemption; form errors: ${errors.join('; ')}; page errors: ${watched.errors.join('; ')}`,
      );
    });
    return { status: response.status(), body: `${await response.text()} ← ${response.request().postData() ?? ''}` };
  }

  let payeeLast4 = '';
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'huimin-e2e-trade-in-'));
    await start(SALE_DAY);
    const finance = await signIn(server.app, 'demo-finance');
    for (const id of POOLS) {
      const [line, unitId, source] = id.split('.');
      // the demo has made the pool already (200, created: false): funding it again is all this story needs
      const made = await post(finance, '/api/v1/budget/pools', { line, unitId, source });
      expect([200, 201], made.body).toContain(made.statusCode);
      const funded = await post(finance, `/api/v1/budget/pools/${id}/tranches`, {
        amountFen: source === 'central' ? 900_000_000 : 100_000_000,
      });
      expect(funded.statusCode, funded.body).toBe(201);
    }
    const owner = await signIn(server.app, 'demo-merchant-owner');
    const members = (await get(owner, '/api/v1/trade-in/memberships?state=approved')).json<MembershipList>();
    const covered = members.items.find(
      (m) =>
        m.merchantId === 'demo-merchant' &&
        m.units.includes('hubin') &&
        ['appliance', 'digital'].every((line) => m.lines.includes(line as 'appliance')) &&
        ['air_conditioner', 'phone'].every((category) => m.categories.includes(category)),
    );
    // The payout file must carry the membership's own account (masked here: its last four digits).
    payeeLast4 = covered === undefined ? '0099' : covered.bankAccount.slice(-4);
    if (covered === undefined) {
      const applied = await post(owner, '/api/v1/trade-in/memberships', {
        merchantId: 'demo-merchant',
        lines: ['appliance', 'digital'],
        units: ['hubin'],
        categories: ['air_conditioner', 'refrigerator', 'tv', 'washing_machine', 'phone'],
        stores: ['湖滨店 三门峡市湖滨区崤山路1号'],
        bankAccountName: '演示家电卖场（湖滨店）',
        bankAccount: '622202000000000099',
        bankName: '中国工商银行三门峡分行',
      });
      expect(applied.statusCode, applied.body).toBe(201);
      const county = await signIn(server.app, 'demo-hubin');
      const approved = await post(
        county,
        `/api/v1/trade-in/memberships/${applied.json<{ id: string }>().id}/decision`,
        { decision: 'approve' },
      );
      expect(approved.statusCode, approved.body).toBe(200);
    }
    browser = await launchChromium();
    watched = await openPage(browser);
    page = watched.page;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  let shortCode = '';
  let acId = '';
  let phoneId = '';

  it('the citizen claims on 我的补贴 and sees the QR, the short code and the time left', async () => {
    await page.setViewportSize(PHONE_WIDTH);
    await signInPage('13800000001', '/trade-in');
    await page.getByTestId('release-appliance').waitFor();
    const before = await page.getByTestId('qualification-short-code').allTextContents();
    await page.getByTestId('claim-submit').click();
    await poll(async () => (await page.getByTestId('qualification-short-code').allTextContents()).length).toBe(
      before.length + 1,
    );
    const after = await page.getByTestId('qualification-short-code').allTextContents();
    shortCode = after.find((code) => !before.includes(code)) ?? '';
    expect(shortCode).toMatch(/^[0-9A-Z]{8}$/);
    expect(await page.getByTestId('qualification-qr').count()).toBe(after.length);
    await screenshot(page, 'trade-in-citizen', { docs: true });
  });

  it('the cashier redeems it on the till: the receipt says what the citizen pays and why, with the clause', async () => {
    await signInPage('demo-cashier', '/till');
    const answer = await till(shortCode, {
      category: '空调',
      model: 'KFR-35GW',
      serial: AC_SERIAL,
      grade: 1,
      price: '3999',
      buyer: '演示市民 张三',
      invoice: 'INV-E2E-AC-1',
    });
    expect(answer.status, answer.body).toBe(201);
    await page.getByTestId('till-receipt').waitFor();
    acId = (await page.getByTestId('receipt-id').textContent()) ?? '';
    expect(answer.body).toContain(acId);
    expect(await page.getByTestId('receipt-subsidy').textContent()).toBe('799.80 元');
    expect(await page.getByTestId('receipt-pay').textContent()).toBe('3,199.20 元');
    expect(await page.getByTestId('receipt-explanation').textContent()).toContain('799.80');
    expect(((await page.getByTestId('receipt-clause').textContent()) ?? '').length).toBeGreaterThan(10);
    await screenshot(page, 'trade-in-till-receipt', { docs: true });
  });

  it('a phone, then a second citizen’s phone with the same IMEI refused at the till in plain words', async () => {
    const citizen = await signIn(server.app, '13800000001');
    const mine = await post(citizen, '/api/v1/trade-in/qualifications', { line: 'digital', category: 'phone' });
    expect(mine.statusCode, mine.body).toBe(201);
    await page.getByTestId('till-next').click();
    const sold = await till(mine.json<{ code: string }>().code, {
      category: '手机',
      model: 'P70',
      serial: IMEI,
      price: '4999',
      buyer: '演示市民 张三',
      invoice: 'INV-E2E-PH-1',
    });
    expect(sold.status, sold.body).toBe(201);
    await page.getByTestId('till-receipt').waitFor();
    phoneId = (await page.getByTestId('receipt-id').textContent()) ?? '';
    expect(await page.getByTestId('receipt-subsidy').textContent()).toBe('500.00 元');
    const other = await registeredCitizen(
      server.app,
      { name: '李四', idNumber: citizenIdNumber(731), mobile: '13900007731', password: 'a fine password' },
      codes,
    );
    const theirs = await post(other, '/api/v1/trade-in/qualifications', { line: 'digital', category: 'phone' });
    expect(theirs.statusCode, theirs.body).toBe(201);
    await page.getByTestId('till-next').click();
    const refused = await till(theirs.json<{ code: string }>().code, {
      category: '手机',
      model: 'P70',
      serial: IMEI,
      price: '4999',
      buyer: '李四',
      invoice: 'INV-E2E-PH-2',
    });
    expect(refused.status, refused.body).toBe(409);
    await page.getByTestId('till-refusal').waitFor();
    expect(await page.getByTestId('till-refusal').textContent()).toContain('GOODS_ALREADY_SUBSIDISED');
    expect(await page.getByTestId('till-refusal').textContent()).toContain('已在平台享受过补贴');
    await screenshot(page, 'trade-in-till-refusal', { docs: true });
  });

  it('the merchant returns part of the air conditioner on 核销记录: the dialog says what is refunded', async () => {
    await page.setViewportSize(VIEWPORT);
    await signInPage('demo-merchant-owner', '/merchant/redemptions');
    const row = page.getByTestId(`redemption-${acId}`);
    await row.waitFor();
    expect(await row.getByTestId('redemption-state').textContent()).toBe('已核销');
    await row.getByTestId('redemption-return').click();
    await page.getByTestId('return-partial').click();
    await page.getByTestId('return-amount').fill('999');
    await page.getByTestId('return-reason').fill('退回室外机支架');
    // 20% of the kept 3,000.00 is 600.00: 199.80 of the subsidy goes back, the citizen gets 799.20
    await poll(() => page.getByTestId('return-subsidy-back').textContent()).toBe('199.80 元');
    expect(await page.getByTestId('return-refund').textContent()).toBe('799.20 元');
    await screenshot(page, 'trade-in-merchant-return', { docs: true });
    const answer = page.waitForResponse((r) => r.url().endsWith(`/redemptions/${acId}/returns`));
    await page.getByTestId('return-confirm').click();
    const returned = await answer;
    expect(returned.status(), await returned.text()).toBe(201);
    expect(await returned.json()).toMatchObject({ subsidyBackFen: 19980, refundFen: 79920, money: 'released' });
    await poll(() => row.getByTestId('redemption-state').textContent()).toBe('部分退货');
    expect(await row.getByTestId('redemption-subsidy').textContent()).toBe('600.00 元');
  });

  /** Opens the batch of `reference` in 清算审核 as `login`. */
  async function openBatch(login: string, reference: string): Promise<void> {
    await signInPage(login, '/settlements');
    await page.getByTestId('settlement-filter').getByText('全部批次').click();
    const row = page.getByTestId(`settlement-row-${reference}`);
    await row.waitFor();
    await row.getByTestId('settlement-open').click();
    await poll(() => page.getByTestId('settlement-detail').textContent()).toContain(reference);
  }

  /** The batch of this story's merchant and county among a run's batches, found by this story's sales. */
  async function ourBatch(): Promise<SettlementDetail> {
    const commerce = await signIn(server.app, 'demo-commerce');
    const list = (
      await get(commerce, '/api/v1/settlements?merchantId=demo-merchant&unitId=hubin&state=reviewing&limit=200')
    ).json<SettlementList>();
    for (const batch of list.items) {
      const detail = (await get(commerce, `/api/v1/settlements/${batch.id}`)).json<SettlementDetail>();
      if (detail.lines.some((line) => line.redemptionId === acId)) return detail;
    }
    throw new Error(`no batch holds redemption ${acId}`);
  }

  let batch: SettlementView;

  it('past the settlement wait, 市商务局 runs the period; 湖滨区 rejects the batch once with a reason', async () => {
    await server.close();
    await start(SETTLE_DAY);
    await signInPage('demo-commerce', '/settlements');
    await page.getByTestId('run-from').fill(SALE_DAY);
    await page.getByTestId('run-to').fill(SALE_DAY);
    await page.getByTestId('run-submit').click();
    await poll(() => page.getByTestId('run-result').textContent()).toContain('已生成');
    const first = await ourBatch();
    const lines = new Map(first.lines.map((line) => [line.redemptionId, line]));
    expect(lines.get(acId)?.amountFen).toBe(60000);
    expect(lines.get(phoneId)?.amountFen).toBe(50000);
    await openBatch('demo-hubin', first.settlement.reference);
    await screenshot(page, 'trade-in-settlement-drilldown', { docs: true });
    await page.getByTestId('reject-reason').fill('发票待核');
    await page.getByTestId('settlement-reject').click();
    await poll(() => page.getByTestId('settlement-state').textContent()).toBe('已退回');

    await signInPage('demo-commerce', '/settlements');
    await page.getByTestId('run-from').fill(SALE_DAY);
    await page.getByTestId('run-to').fill(SALE_DAY);
    await page.getByTestId('run-submit').click();
    await poll(() => page.getByTestId('run-result').textContent()).toContain('已生成');
    const rebuilt = await ourBatch();
    expect(rebuilt.settlement.id).not.toBe(first.settlement.id);
    expect(rebuilt.settlement.netFen).toBe(rebuilt.settlement.grossFen - rebuilt.settlement.clawbackFen);
    batch = rebuilt.settlement;
  });

  it('the batch passes every stage, the payout file parses to its total, the results are imported, the pools show it spent', async () => {
    const before = await spent();
    for (const login of ['demo-hubin', 'demo-hubin-finance', 'demo-commerce', 'demo-finance']) {
      await openBatch(login, batch.reference);
      const stage = (await page.getByTestId('settlement-detail').textContent()) ?? '';
      const answer = page.waitForResponse(
        (r) => r.url().endsWith(`/settlements/${batch.id}/reviews`) && r.request().method() === 'POST',
      );
      await page.getByTestId('settlement-approve').click();
      const decided = await answer;
      expect(decided.status(), `${login}: ${await decided.text()}`).toBe(200);
      await poll(async () => (await page.getByTestId('settlement-detail').textContent()) ?? '').not.toBe(stage);
    }
    await poll(() => page.getByTestId('settlement-state').textContent()).toBe('已审定');
    await screenshot(page, 'trade-in-settlement-approved', { docs: true });
    const after = await spent();
    expect(after['appliance.hubin.central']! + after['appliance.hubin.city']!).toBe(
      before['appliance.hubin.central']! + before['appliance.hubin.city']! + 60000,
    );
    expect(after['digital.hubin.central']! + after['digital.hubin.city']!).toBe(
      before['digital.hubin.central']! + before['digital.hubin.city']! + 50000,
    );

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('payout-xlsx').click()]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readFile(await download.path())) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('付款清单');
    if (sheet === undefined) throw new Error('no 付款清单 sheet in the payout file');
    const rows = (sheet.getRows(2, sheet.rowCount - 1) ?? []).filter((row) => row.getCell(2).value === batch.reference);
    expect(rows).toHaveLength(1);
    const account = rows[0]?.getCell(6).text ?? '';
    expect(account).toMatch(/^\d{12,30}$/);
    expect(account.endsWith(payeeLast4)).toBe(true);
    expect(rows[0]?.getCell(7).value).toBe(batch.netFen);

    await page.getByTestId('bank-reference').fill('B-E2E-1');
    await page.getByTestId('submit-results').click();
    await poll(() => page.getByTestId('settlement-state').textContent()).toBe('已付款');

    await page.goto(`${server.baseUrl}/budget/appliance.hubin.central`);
    const finance = await signIn(server.app, 'demo-finance');
    const central = (await get(finance, '/api/v1/budget/pools/appliance.hubin.central')).json<{ spentFen: number }>();
    await poll(async () => ((await page.getByTestId('pool-spent').textContent()) ?? '').replace(/\D/g, '')).toMatch(
      new RegExp(`^${central.spentFen}`),
    );
    await screenshot(page, 'trade-in-budget-pool', { docs: true });

    // the merchant's 结算单 shows the paid batch with its lines
    await signInPage('demo-merchant-owner', '/merchant/statements');
    const statement = page.getByTestId(`statement-${batch.reference}`);
    await statement.waitFor();
    await statement.getByTestId('statement-open').click();
    await poll(() => page.getByTestId('statement-state').textContent()).toBe('已付款');
    expect(await page.getByTestId('statement-lines').textContent()).toContain('KFR-35GW');
    await screenshot(page, 'trade-in-merchant-statement', { docs: true });

    // the refusal's 409 at the till is the one failed request the browser reported
    expect(watched.errors.filter((e) => !e.includes('409'))).toEqual([]);
  });

  it('the public 以旧换新数据 shows the sale day by line, in charts and a table', async () => {
    await page.context().clearCookies();
    await page.goto(`${server.baseUrl}/trade-in/figures`);
    await page.getByTestId('figures-by').getByText('按补贴类别').click();
    const answer = page.waitForResponse((r) => r.url().includes('/api/v1/trade-in/figures') && r.url().includes('to='));
    await page.getByTestId('figures-from').fill(SALE_DAY);
    await page.getByTestId('figures-to').fill(SALE_DAY);
    const figures = (await (await answer).json()) as { rows: { key: string; units: number }[] };
    // this story's air conditioner (partly returned, still sold) and phone, beside any other sales that day
    expect(figures.rows.find((row) => row.key === 'appliance')?.units).toBeGreaterThanOrEqual(1);
    expect(figures.rows.find((row) => row.key === 'digital')?.units).toBeGreaterThanOrEqual(1);
    await poll(() => page.getByTestId('figures-table').textContent()).toContain('数码产品购新');
    expect(Number(await page.getByTestId('figures-total-units').textContent())).toBeGreaterThanOrEqual(2);
    await screenshot(page, 'trade-in-figures', { docs: true });

    // The demo's month beneath it, day by day: what 市商务局 reads for measure 6.
    await page.getByTestId('figures-by').getByText('按日').click();
    const month = page.waitForResponse(
      (r) => r.url().includes('/api/v1/trade-in/figures') && r.url().includes('from=2025-05-16'),
    );
    await page.getByTestId('figures-from').fill('2025-05-16');
    const days = (await (await month).json()) as { rows: { key: string; units: number }[] };
    expect(days.rows.length).toBeGreaterThanOrEqual(30);
    expect(days.rows.reduce((sum, row) => sum + row.units, 0)).toBeGreaterThan(1_000);
    await screenshot(page, 'trade-in-figures-month', { docs: true });
  });
});
