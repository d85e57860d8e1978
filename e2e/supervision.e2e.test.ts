/**
 * Target supervision in Chromium against the real server in demo mode (half a year of reports seeded):
 * 市商务局's officer reports July's appliance trade-ins with an evidence file, the report waits for
 * approval; the bureau's leader approves it; the mayor's board shows the target's new status; the
 * period's .xlsx is downloaded and parsed; the target's history and the printable monthly report open.
 * Saves supervision-report.png, supervision-board.png and supervision-target.png (also to
 * docs/screenshots/) and supervision-print.png.
 */
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage, screenshot, type WatchedPage } from './helpers/browser.js';
import { startApp, type RunningApp } from './helpers/server.js';

const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 60_000, interval: 200 });

const DEMO_PASSWORD = 'huimin-demo-2025';
const TARGET = 'appliance-trade-in-units';
const JULY_VALUE = 152000;
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('7月台账截图')]);

describe('target supervision', () => {
  let server: RunningApp;
  let browser: Browser;
  let watched: WatchedPage;
  let page: Page;

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

  /** The board's tag of the appliance target: its status, as the data says. */
  const boardStatus = () => page.getByTestId(`board-target-${TARGET}`).locator('.ant-tag').getAttribute('data-status');

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

  let before: string | null = null;

  it('shows the mayor the board of every target, with July not yet reported', async () => {
    await signIn('demo-mayor', '/');
    await page.getByTestId('nav-supervision').click();
    await page.getByTestId('supervision-board').waitFor();
    await page.goto(`${server.baseUrl}/supervision?period=2025-07`);
    await poll(() => page.getByTestId('board-as-of').textContent()).toContain('2025-07-31');
    before = await boardStatus();
    expect(before).not.toBe('done');
    expect(await page.getByTestId('board-targets').locator('.ant-tag').count()).toBe(29);
    await signOut();
  });

  it('lets 市商务局’s officer report July’s appliance trade-ins with evidence', async () => {
    await signIn('demo-commerce', '/supervision/report');
    await page.getByTestId('report-form').waitFor();
    await page.getByTestId('report-subject').click();
    await page.keyboard.type('家电产品以旧换新');
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '家电产品以旧换新数量' })
      .first()
      .click();
    await page.getByTestId('report-period').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '2025-07' }).first().click();
    // antd puts the test id on the number input itself
    await page
      .locator('input[data-testid="report-value"], [data-testid="report-value"] input')
      .first()
      .fill(String(JULY_VALUE));
    await page.getByTestId('report-narrative').fill('7月全市家电以旧换新累计15.2万台，提前完成全年目标');
    await page.getByTestId('report-problems').fill('个别县区门店备货不足');
    await page
      .getByTestId('report-form')
      .locator('input[type=file]')
      .setInputFiles({ name: '7月台账.png', mimeType: 'image/png', buffer: PNG });
    await poll(() => page.getByTestId('report-evidence').textContent()).toContain('7月台账.png');
    await page.getByTestId('report-submit').click();
    await poll(() => page.getByTestId('my-reports').textContent()).toContain('152,000');
    const row = page.getByTestId('my-reports').locator('tr', { hasText: '152,000' });
    expect(await row.textContent()).toContain('待审核');
    // Reported in December 2026 for July 2025: late, and marked so.
    expect(await row.textContent()).toContain('逾期');
    await screenshot(page, 'supervision-report', { docs: true });
    await signOut();
  });

  it('lets the bureau’s leader approve it, and the board shows the target done', async () => {
    await signIn('demo-commerce-leader', '/supervision/report');
    const pending = page.getByTestId('pending-reports');
    await poll(() => pending.textContent()).toContain('152,000');
    const row = pending.locator('tr', { hasText: '152,000' });
    await row.locator('[data-testid^="approve-"]').click();
    await poll(() => pending.textContent()).not.toContain('152,000');

    await page.goto(`${server.baseUrl}/supervision?period=2025-07`);
    await poll(() => page.getByTestId('board-as-of').textContent()).toContain('2025-07-31');
    await poll(() => boardStatus()).toBe('done');
    expect(await boardStatus()).not.toBe(before);
    await screenshot(page, 'supervision-board', { docs: true });
  });

  it('downloads the period’s .xlsx and finds the report in it', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('board-export').click()]);
    expect(download.suggestedFilename()).toBe('supervision-2025-07.xlsx');
    const file = await download.path();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readFile(file)) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    if (sheet === undefined) throw new Error('no sheet');
    expect(sheet.getRow(2).values).toEqual([
      undefined,
      '序号',
      '任务',
      '牵头单位',
      '配合单位',
      '目标',
      '完成情况',
      '进度',
      '状态',
      '存在问题',
    ]);
    const rows = sheet.getRows(3, sheet.rowCount - 2) ?? [];
    const appliance = rows.find((r) => r.getCell(2).text.includes('家电产品以旧换新15万台以上'));
    expect(appliance?.getCell(6).text).toContain('152,000');
    expect(appliance?.getCell(8).text).toBe('已完成');
    expect(appliance?.getCell(9).text).toBe('个别县区门店备货不足');
  });

  it('opens the target’s history with reported and platform figures, and the printable report', async () => {
    await page.getByTestId(`board-target-${TARGET}`).click();
    await page.getByTestId('supervision-target').waitFor();
    await poll(() => page.getByTestId('target-reported').textContent()).toBe('152,000');
    expect(await page.getByTestId('target-reports').textContent()).toContain('7月全市家电以旧换新');
    await screenshot(page, 'supervision-target', { docs: true });
    await page.goto(`${server.baseUrl}/supervision/print?period=2025-07`);
    await poll(() => page.getByTestId('supervision-print').textContent()).toContain('累计 152,000');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.ant-layout-sider').isVisible()).toBe(false);
    await screenshot(page, 'supervision-print');
    await page.emulateMedia({ media: 'screen' });
  });
});
