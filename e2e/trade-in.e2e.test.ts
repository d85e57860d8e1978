/**
 * Trade-in in Chromium against the real server in demo mode. Setup over the API (pools funded by the
 * finance officer, the merchant's membership applied for and approved by the county officer, a second
 * citizen registered), then the story in the browser: the citizen claims a qualification on 我的补贴
 * and sees its QR and short code; the cashier redeems it on the till and gets the receipt; a second
 * citizen's phone with the same IMEI is refused on the till (GOODS_ALREADY_SUBSIDISED); the merchant
 * returns the air conditioner's part. The server is restarted on the same data nine business days later:
 * the period is run, the batch passes the four stages in the settlement page, the payout file is
 * downloaded and parsed, the payment results are imported and the pool shows the money spent.
 * Business day: HUIMIN_CLOCK_DATE (the claims need the real time in Asia/Shanghai to be past 10:00).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CapturingSender, citizenIdNumber, registeredCitizen } from '../test/support/registration.js';
import { call, signIn, type TestSession } from '../test/support/sessions.js';
import { launchChromium, openPage, screenshot, type WatchedPage } from './helpers/browser.js';
import { startAppIn, type RunningApp } from './helpers/server.js';

const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 60_000, interval: 200 });
const DEMO_PASSWORD = 'huimin-demo-2025';
const ENV = {
  HUIMIN_DEMO: 'true',
  HUIMIN_RATE_LIMIT_SIGN_IN: '1000',
  HUIMIN_RATE_LIMIT_SIGN_IN_ACCOUNT: '1000',
  HUIMIN_RATE_LIMIT_MONEY: '1000',
};
const SALE_DAY = '2025-06-02';
const SETTLE_DAY = '2025-06-11';
const IMEI = '860123456789016';
const PHONE_WIDTH = { width: 390, height: 844 };

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
      headers: { 'idempotency-key': `e2e-${(key += 1)}` },
    });

  async function signInPage(login: string, next: string): Promise<void> {
    await page.context().clearCookies();
    await page.goto(`${server.baseUrl}/sign-in?next=${encodeURIComponent(next)}`);
    await page.getByTestId('sign-in-login').fill(login);
    await page.getByTestId('sign-in-password').fill(DEMO_PASSWORD);
    await page.getByTestId('sign-in-submit').click();
    await page.getByTestId('user-menu').waitFor();
    await page.waitForURL(`${server.baseUrl}${next}`);
  }

  async function till(
    code: string,
    sale: { category: string; model: string; serial: string; price: string; buyer: string; invoice: string },
  ) {
    await page.getByTestId('till-code').fill(code);
    await page.getByTestId('till-category').click();
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: sale.category })
      .first()
      .click();
    await page.getByTestId('till-model').fill(sale.model);
    await page.getByTestId('till-serial').fill(sale.serial);
    await page.getByTestId('till-price').fill(sale.price);
    await page.getByTestId('till-invoice-number').fill(sale.invoice);
    await page.getByTestId('till-buyer').fill(sale.buyer);
    await page.getByTestId('till-invoice-amount').fill(sale.price);
    await page.getByTestId('till-submit').click();
  }

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'huimin-e2e-trade-in-'));
    server = await startAppIn(dataDir, { ...ENV, HUIMIN_CLOCK_DATE: SALE_DAY }, { oneTimeCodeSender: codes });
    const finance = await signIn(server.app, 'demo-finance');
    for (const line of ['appliance', 'digital']) {
      for (const [source, amountFen] of [
        ['central', 900_000_000],
        ['city', 100_000_000],
      ] as const) {
        await post(finance, '/api/v1/budget/pools', { line, unitId: 'hubin', source });
        const funded = await post(finance, `/api/v1/budget/pools/${line}.hubin.${source}/tranches`, { amountFen });
        expect(funded.statusCode, funded.body).toBe(201);
      }
    }
    const owner = await signIn(server.app, 'demo-merchant-owner');
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
    const approved = await post(county, `/api/v1/trade-in/memberships/${applied.json<{ id: string }>().id}/decision`, {
      decision: 'approve',
    });
    expect(approved.statusCode, approved.body).toBe(200);
    browser = await launchChromium();
    watched = await openPage(browser);
    page = watched.page;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  let acCode = '';

  it('the citizen claims on 我的补贴 and sees the QR, the short code and the time left', async () => {
    await page.setViewportSize(PHONE_WIDTH);
    await signInPage('13800000001', '/trade-in');
    await page.getByTestId('release-appliance').waitFor();
    await page.getByTestId('claim-submit').click();
    await page.getByTestId('qualification-qr').waitFor();
    await poll(() => page.getByTestId('qualification-short-code').textContent()).toMatch(/^[0-9A-Z]{8}$/);
    acCode = (await page.getByTestId('qualification-short-code').textContent()) ?? '';
    await screenshot(page, 'trade-in-citizen', { docs: true });
  });

  it('the cashier redeems it on the till: the receipt says what the citizen pays and why', async () => {
    await signInPage('demo-cashier', '/till');
    await till(acCode, {
      category: '空调',
      model: 'KFR-35GW',
      serial: 'AC-E2E-1',
      price: '3999',
      buyer: '演示市民 张三',
      invoice: 'INV-AC-1',
    });
    await page.getByTestId('till-receipt').waitFor();
    expect(await page.getByTestId('receipt-subsidy').textContent()).toBe('799.80 元');
    expect(await page.getByTestId('receipt-pay').textContent()).toBe('3,199.20 元');
    await screenshot(page, 'trade-in-till-receipt', { docs: true });
  });

  it('a phone, then a second citizen’s phone with the same IMEI refused at the till', async () => {
    const citizen = await signIn(server.app, '13800000001');
    const mine = await post(citizen, '/api/v1/trade-in/qualifications', { line: 'digital', category: 'phone' });
    expect(mine.statusCode, mine.body).toBe(201);
    await page.getByTestId('till-next').click();
    await till(mine.json<{ code: string }>().code, {
      category: '手机',
      model: 'P70',
      serial: IMEI,
      price: '4999',
      buyer: '演示市民 张三',
      invoice: 'INV-PH-1',
    });
    await page.getByTestId('till-receipt').waitFor();
    const other = await registeredCitizen(
      server.app,
      { name: '李四', idNumber: citizenIdNumber(7), mobile: '13900007777', password: 'a fine password' },
      codes,
    );
    const theirs = await post(other, '/api/v1/trade-in/qualifications', { line: 'digital', category: 'phone' });
    expect(theirs.statusCode, theirs.body).toBe(201);
    await page.getByTestId('till-next').click();
    await till(theirs.json<{ code: string }>().code, {
      category: '手机',
      model: 'P70',
      serial: IMEI,
      price: '4999',
      buyer: '李四',
      invoice: 'INV-PH-2',
    });
    await page.getByTestId('till-refusal').waitFor();
    expect(await page.getByTestId('till-refusal').textContent()).toContain('GOODS_ALREADY_SUBSIDISED');
    expect(await page.getByTestId('till-refusal').textContent()).toContain('已在平台享受过补贴');
    await screenshot(page, 'trade-in-till-refusal', { docs: true });
  });

  it('nine days later the batch passes every stage in the settlement page, is paid, and the pool shows it spent', async () => {
    await server.close();
    server = await startAppIn(dataDir, { ...ENV, HUIMIN_CLOCK_DATE: SETTLE_DAY }, { oneTimeCodeSender: codes });
    const commerce = await signIn(server.app, 'demo-commerce');
    const run = await post(commerce, '/api/v1/settlements', { periodFrom: '2025-06-01', periodTo: '2025-06-15' });
    expect(run.statusCode, run.body).toBe(201);
    const batch = run.json<{ created: { id: string; reference: string; netFen: number }[] }>().created[0];
    expect(batch?.netFen).toBe(79980 + 50000);
    await page.setViewportSize({ width: 1440, height: 900 });
    for (const login of ['demo-hubin', 'demo-hubin-finance', 'demo-commerce', 'demo-finance']) {
      await signInPage(login, '/settlements');
      await page.getByTestId('settlement-open').first().click();
      await page.getByTestId('settlement-detail').waitFor();
      if (login === 'demo-hubin') await screenshot(page, 'trade-in-settlement-drilldown', { docs: true });
      await page.getByTestId('settlement-approve').click();
      await page.getByTestId('settlement-approve').waitFor({ state: 'detached' });
    }
    await poll(() => page.getByTestId('settlement-state').textContent()).toBe('已审定');
    await screenshot(page, 'trade-in-settlement-approved', { docs: true });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('payout-xlsx').click()]);
    const file = await download.path();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readFile(file)).buffer);
    const row = workbook.worksheets[0]?.getRow(2);
    expect(row?.getCell(2).value).toBe(batch?.reference);
    expect(row?.getCell(7).value).toBe(batch?.netFen);
    await page.getByTestId('bank-reference').fill('B-E2E-1');
    await page.getByTestId('submit-results').click();
    await poll(() => page.getByTestId('settlement-state').textContent()).toBe('已付款');
    const finance = await signIn(server.app, 'demo-finance');
    const pool = await call(server.app, finance, {
      method: 'GET',
      url: '/api/v1/budget/pools/appliance.hubin.central',
    });
    expect(pool.json<{ spentFen: number }>().spentFen).toBe(71982);
    expect(watched.errors).toEqual([]);
  });
});
