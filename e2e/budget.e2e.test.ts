/**
 * The budget pool dashboard in Chromium against the real server in demo mode: the finance officer
 * signs in through the sign-in page, opens 资金池 from the side menu, creates 家电以旧换新 · 湖滨区 ·
 * 市级 (and a city-wide digital pool), funds it 1,000,000.00 元 with a document number, sees it in the
 * table and the totals, filters and exports it, pauses it with a reason (已暂停), resumes it (运行中),
 * and opens it: balances, the burn-down chart, the forecast in words and the transactions. The
 * auditor then sees the same pools read-only, and a citizen is refused. Saves budget-dashboard.png and
 * budget-pool.png (also to docs/screenshots/) and budget-mobile.png.
 */
import { readFile } from 'node:fs/promises';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage, screenshot, VIEWPORT, type WatchedPage } from './helpers/browser.js';
import { startApp, type RunningApp } from './helpers/server.js';

/** expect.poll with a wait that suits a slow shared machine (the default is one second). */
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 60_000, interval: 200 });

const DEMO_PASSWORD = 'huimin-demo-2025';
const POOL_ID = 'appliance.hubin.city';
const POOL_NAME = '家电以旧换新 · 湖滨区 · 市级';
const REFERENCE = '三财预〔2025〕18号';
const PAUSE_REASON = '本期额度已用完，待下一批资金到位';

describe('budget pool dashboard', () => {
  let server: RunningApp;
  let browser: Browser;
  let watched: WatchedPage;
  let page: Page;

  /** The pools table's row of a pool (antd keys rows by the pool id). */
  const row = (poolId: string): Locator =>
    page.getByTestId('pools-table').locator(`tr.ant-table-row[data-row-key="${poolId}"]`);

  /** Opens an antd Select by its test id and picks the option with that text. */
  async function choose(testId: string, option: string): Promise<void> {
    await page.getByTestId(testId).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
    await poll(() => page.getByTestId(testId).textContent()).toContain(option);
  }

  async function signIn(login: string, next: string): Promise<void> {
    await page.goto(`${server.baseUrl}/sign-in?next=${encodeURIComponent(next)}`);
    await page.getByTestId('sign-in-login').fill(login);
    await page.getByTestId('sign-in-password').fill(DEMO_PASSWORD);
    await page.getByTestId('sign-in-submit').click();
    await page.getByTestId('user-menu').waitFor();
    await page.waitForURL(`${server.baseUrl}${next}`);
  }

  async function signOut(): Promise<void> {
    await page.getByTestId('user-menu').click();
    await page.getByTestId('sign-out').click();
    await page.getByTestId('sign-in-link').waitFor();
  }

  async function createPool(line: string, unitId: string, source: string, poolId: string): Promise<void> {
    await page.getByTestId('create-pool').click();
    await choose('create-pool-line', line);
    await choose('create-pool-unit', unitId);
    await choose('create-pool-source', source);
    await page.getByTestId('create-pool-submit').click();
    await poll(() => row(poolId).count()).toBe(1);
    await page.locator('.ant-modal:visible').waitFor({ state: 'detached' });
  }

  async function fund(poolId: string, yuan: string, reference: string): Promise<void> {
    await row(poolId).getByTestId('pool-fund').click();
    await page.getByTestId('fund-amount').fill(yuan);
    await page.getByTestId('fund-reference').fill(reference);
    await page.getByTestId('fund-submit').click();
    await page.locator('.ant-modal:visible').waitFor({ state: 'detached' });
  }

  beforeAll(async () => {
    server = await startApp();
    browser = await launchChromium();
    watched = await openPage(browser);
    page = watched.page;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('is in the finance officer’s menu, with the books check and nothing yet', async () => {
    await signIn('demo-finance', '/');
    const entry = page.getByTestId('nav-budget');
    await entry.waitFor();
    expect(await entry.textContent()).toBe('资金池');
    await entry.click();
    await page.waitForURL('**/budget');
    await page.getByTestId('budget-page').waitFor();
    expect(await page.locator('.page-header h3').textContent()).toBe('资金池看板');
    const books = page.getByTestId('books-status');
    await poll(() => books.getAttribute('data-state')).toBe('balanced');
    expect(await books.textContent()).toBe('账务平衡');
    await poll(() => page.getByTestId('pools-table').textContent()).toContain('暂无资金池');
    expect(await page.getByTestId('budget-read-only').count()).toBe(0);
  });

  it('creates a pool for appliances in 湖滨区 from city money and funds it 1,000,000.00 元', async () => {
    await createPool('家电以旧换新', '湖滨区', '市级', POOL_ID);
    const created = row(POOL_ID);
    expect(await created.textContent()).toContain('家电以旧换新');
    expect(await created.textContent()).toContain('湖滨区');
    expect(await created.textContent()).toContain('市级');
    expect(await created.getByTestId('pool-status').textContent()).toBe('运行中');

    // the amount is read back in yuan and 万元 before it is sent
    await created.getByTestId('pool-fund').click();
    await page.getByTestId('fund-amount').fill('1,000,000.00');
    await poll(() => page.getByTestId('fund-amount-reads').textContent()).toBe('即 1,000,000.00 元（100.00 万元）');
    await page.getByTestId('fund-reference').fill(REFERENCE);
    await page.getByTestId('fund-submit').click();
    await page.locator('.ant-modal:visible').waitFor({ state: 'detached' });

    await poll(() => created.textContent()).toContain('1,000,000.00');
    await poll(() => page.getByTestId('summary-funded-main').textContent()).toBe('100.00 万元');
    expect(await page.getByTestId('summary-funded-exact').textContent()).toBe('1,000,000.00 元');
    expect(await page.getByTestId('summary-available-main').textContent()).toBe('100.00 万元');
    expect(await page.getByTestId('summary-spent-main').textContent()).toBe('0.00 元');
    expect(await page.getByTestId('summary-share-spent').textContent()).toBe('支出占比 0.0%');

    // a second pool, city-wide digital money from the centre, so totals and filters have something to do
    await createPool('数码产品购新', '全市', '中央', 'digital.city.central');
    await fund('digital.city.central', '250000.5', 'CZ-2025-0002');
    await poll(() => row('digital.city.central').textContent()).toContain('250,000.50');
    await poll(() => page.getByTestId('summary-funded-exact').textContent()).toBe('1,250,000.50 元');
    expect(await page.getByTestId('summary-funded-main').textContent()).toBe('125.00 万元');
  });

  it('filters by implementing unit and exports the pools for Excel', async () => {
    await choose('filter-unit', '湖滨区');
    await poll(() => page.getByTestId('pools-table').locator('tr.ant-table-row').count()).toBe(1);
    expect(page.url()).toContain('unitId=hubin');
    await poll(() => page.getByTestId('summary-funded-exact').textContent()).toBe('1,000,000.00 元');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-excel').click()]);
    expect(download.suggestedFilename()).toBe('惠民-资金池.csv');
    const csv = await readFile(await download.path(), 'utf8');
    expect(csv.startsWith('\uFEFF资金池编号,补贴项目,实施单位,资金来源,状态')).toBe(true);
    expect(csv).toContain(
      `${POOL_ID},家电以旧换新,湖滨区,市级,运行中,,1000000.00,1000000.00,0.00,0.00,0.00,1000000.00,0.0%`,
    );
    expect(csv).not.toContain('digital.city.central');

    await page.getByRole('button', { name: '清除筛选' }).click();
    await poll(() => page.getByTestId('pools-table').locator('tr.ant-table-row').count()).toBe(2);
  });

  it('pauses the pool with a reason and resumes it', async () => {
    const pool = row(POOL_ID);
    await pool.getByTestId('pool-pause').click();
    // the reason is required: the dialog asks for it first
    await page.getByTestId('pause-submit').click();
    await poll(() => page.locator('.ant-modal:visible .ant-form-item-explain-error').textContent()).toBe('请填写此项');
    await page.getByTestId('pause-reason').fill(PAUSE_REASON);
    await page.getByTestId('pause-submit').click();
    await page.locator('.ant-modal:visible').waitFor({ state: 'detached' });
    await poll(() => pool.getByTestId('pool-status').textContent()).toBe('已暂停');
    expect(await pool.getByTestId('pool-pause-reason').textContent()).toBe(PAUSE_REASON);
    await pool.getByTestId('pool-resume').waitFor();
    // the confirmation toast has gone before the picture is taken
    await page.locator('.ant-message-notice').first().waitFor({ state: 'detached' });
    await screenshot(page, 'budget-dashboard', { docs: true });

    await pool.getByTestId('pool-resume').click();
    await page.getByTestId('resume-submit').click();
    await poll(() => pool.getByTestId('pool-status').textContent()).toBe('运行中');
    expect(await pool.getByTestId('pool-pause-reason').count()).toBe(0);
    await pool.getByTestId('pool-pause').waitFor();
  });

  it('opens the pool: balances, burn-down chart, forecast in words and transactions', async () => {
    await row(POOL_ID).getByTestId('pool-link').click();
    await page.waitForURL(`**/budget/${POOL_ID}`);
    await poll(() => page.getByTestId('pool-title').textContent()).toBe(POOL_NAME);
    await poll(() => page.title()).toContain(POOL_NAME);
    expect(await page.getByTestId('pool-funded').textContent()).toContain('1,000,000.00');
    expect(await page.getByTestId('pool-available').textContent()).toContain('1,000,000.00');

    // one day has moved money so far: today's end-of-day balances, drawn on a canvas
    const chart = page.getByTestId('burn-down');
    await poll(() => chart.getAttribute('data-days')).toBe('1');
    await poll(() => chart.locator('canvas').count()).toBeGreaterThan(0);
    expect(await chart.locator('[role="img"]').getAttribute('aria-label')).toContain('走势图');

    // the pool opened today: no complete day to average yet, and the page says so
    const forecast = page.getByTestId('forecast');
    await poll(() => forecast.getAttribute('data-status')).toBe('no_history');
    expect(await page.getByTestId('forecast-text').textContent()).toBe(
      '资金池开设后尚无完整的一天，暂无可测算的支出记录；明日起可预测用尽日期。',
    );

    // newest first: 恢复, 暂停 (with its reason), 拨付 (with its amount and document number)
    const table = page.getByTestId('transactions-table');
    await poll(() => table.getByTestId('tx-kind').allTextContents()).toEqual(['恢复', '暂停', '拨付']);
    const rows = table.locator('tr.ant-table-row');
    expect(await rows.nth(1).textContent()).toContain(PAUSE_REASON);
    expect(await rows.nth(2).getByTestId('tx-amount').textContent()).toBe('1,000,000.00');
    expect(await rows.nth(2).textContent()).toContain(REFERENCE);
    expect(await rows.nth(2).textContent()).toContain('演示财务人员（市财政局） · 本人');
    expect(await rows.nth(2).textContent()).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/);
    await screenshot(page, 'budget-pool', { docs: true });
  });

  it('reads in English too', async () => {
    await page.goto(`${server.baseUrl}/budget`);
    await poll(() => row(POOL_ID).count()).toBe(1);
    await page.getByTestId('language-switch').click();
    await poll(() => page.locator('.page-header h3').textContent()).toBe('Budget pools');
    const text = await row(POOL_ID).textContent();
    expect(text).toContain('Appliance trade-in');
    expect(text).toContain('Hubin District');
    expect(text).toContain('City');
    expect(await row(POOL_ID).getByTestId('pool-status').textContent()).toBe('Active');
    expect(await page.getByTestId('summary-funded-main').textContent()).toBe('1.25 million yuan');
    expect(await page.getByTestId('nav-budget').textContent()).toBe('Budget pools');
    await screenshot(page, 'budget-dashboard-en');
    await page.getByTestId('language-switch').click();
    await poll(() => page.locator('.page-header h3').textContent()).toBe('资金池看板');
  });

  it('keeps to the phone’s width', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.baseUrl}/budget`);
    await poll(() => row(POOL_ID).count()).toBe(1);
    const funded = await page.getByTestId('summary-funded').boundingBox();
    const spent = await page.getByTestId('summary-spent').boundingBox();
    expect(funded && spent, 'the summary cards are shown').toBeTruthy();
    if (funded && spent) {
      expect(spent.y).toBeGreaterThan(funded.y + funded.height - 1);
      expect(funded.x + funded.width).toBeLessThanOrEqual(390);
    }
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await screenshot(page, 'budget-mobile');
    await page.setViewportSize(VIEWPORT);
  });

  it('shows the auditor the same pools read-only', async () => {
    await signOut();
    await signIn('demo-auditor', '/budget');
    await page.getByTestId('budget-page').waitFor();
    await poll(() => row(POOL_ID).count()).toBe(1);
    expect(await page.getByTestId('nav-budget').count()).toBe(1);
    expect(await page.getByTestId('budget-read-only').textContent()).toContain('只读');
    expect(await page.getByTestId('create-pool').count()).toBe(0);
    expect(await page.getByTestId('pool-fund').count()).toBe(0);
    expect(await page.getByTestId('pool-pause').count()).toBe(0);
    expect(await row(POOL_ID).textContent()).toContain('1,000,000.00');
    await poll(() => page.getByTestId('books-status').getAttribute('data-state')).toBe('balanced');

    await row(POOL_ID).getByTestId('pool-link').click();
    await page.waitForURL(`**/budget/${POOL_ID}`);
    await poll(() => page.getByTestId('transactions-table').getByTestId('tx-kind').count()).toBe(3);
    expect(await page.getByTestId('pool-fund').count()).toBe(0);
    expect(await page.getByTestId('pool-resume').count()).toBe(0);
    // auditors may read accounts: the finance officer is named
    await poll(() => page.getByTestId('transactions-table').textContent()).toContain('演示财务人员');
  });

  it('refuses a citizen, who has no menu entry for it', async () => {
    await signOut();
    await signIn('13800000001', '/');
    expect(await page.getByTestId('nav-budget').count()).toBe(0);
    await page.goto(`${server.baseUrl}/budget`);
    await page.getByTestId('guard-forbidden').waitFor();
    expect(await page.getByTestId('pools-table').count()).toBe(0);
  });

  it('raised no page errors', () => {
    expect(watched.errors).toEqual([]);
  });
});
