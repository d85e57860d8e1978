/**
 * The plan browser in Chromium against the real server: overview, the way to measure 6 through
 * the menu, its parameters and quotes, lint findings, the English interface, search and the
 * Excel export. Saves screenshots to artifacts/screenshots/ (the README's also to docs/screenshots/).
 */
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LintReport, SearchResult, TargetView } from '../src/contract/plan.js';
import { launchChromium, openPage, screenshot, type WatchedPage } from './helpers/browser.js';
import { startApp, type RunningApp } from './helpers/server.js';

/** expect.poll with a wait that suits a slow shared machine (the default is one second). */
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 60_000, interval: 200 });

describe('plan browser', () => {
  let server: RunningApp;
  let browser: Browser;
  let watched: WatchedPage;
  let page: Page;

  async function api<T>(path: string): Promise<T> {
    const response = await page.request.get(`${server.baseUrl}${path}`);
    expect(response.ok(), `${path} answers`).toBe(true);
    return (await response.json()) as T;
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

  it('opens on the overview, in Chinese', async () => {
    await page.goto(`${server.baseUrl}/`);
    const stats = page.getByTestId('overview-stats');
    await poll(() => stats.textContent()).toContain('具体措施');
    expect(await stats.textContent()).toContain('26');
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    await poll(() => page.title()).toContain('计划总览');
    // both charts drawn
    await poll(() => page.locator('[data-testid="overview-page"] canvas').count()).toBeGreaterThanOrEqual(2);
    expect(await page.getByTestId('version-hash').textContent()).toMatch(/[0-9a-f]{8}/);
    await screenshot(page, 'overview', { docs: true });
  });

  it('reaches measure 6 through the menu and the measure list', async () => {
    await page.locator('.ant-menu').getByText('行动与措施').click();
    await page.waitForURL('**/plan/measures');
    await page.getByTestId('measure-card-6').click();
    await page.waitForURL('**/plan/measures/6');
    const measure = page.getByTestId('measure-page');
    await poll(() => measure.textContent()).toContain('加力推进以旧换新');
    expect(await measure.textContent()).toContain('（六）');
  });

  it('shows measure 6’s parameters with the 20% rate, the 2,000 元 cap and their quotes', async () => {
    const table = page.getByTestId('measure-parameters');
    await table.locator('tr.ant-table-row').first().waitFor();
    const rate = table
      .locator('tr.ant-table-row')
      .filter({ has: page.getByTestId('parameter-value').getByText('20%', { exact: true }) });
    expect(await rate.count()).toBeGreaterThanOrEqual(1);
    expect(await rate.first().getByTestId('parameter-quote').textContent()).toContain('20%');
    const cap = table
      .locator('tr.ant-table-row')
      .filter({ has: page.getByTestId('parameter-value').getByText('≤ 2,000.00 元') });
    expect(await cap.count()).toBe(1);
    expect(await cap.getByTestId('parameter-quote').textContent()).toContain('最高补贴2000元');
    // the figures are marked in the text itself
    expect(await page.getByTestId('measure-text').locator('mark', { hasText: '2000元' }).count()).toBe(1);
    await screenshot(page, 'measure-6', { docs: true });
  });

  it('shows the lint findings that concern a measure beside its text', async () => {
    const report = await api<LintReport>('/api/v1/plan/lint');
    const forSix = report.findings.filter((f) => f.measures.includes(6));
    const panel = page.getByTestId('measure-lint');
    if (forSix.length === 0) {
      await poll(() => panel.textContent()).toContain('本措施未发现问题');
    } else {
      await poll(() => panel.locator('.ant-alert').count()).toBe(forSix.length);
    }
    // a measure that has findings shows each with its quote
    const finding = report.findings.find((f) => f.measures.length > 0 && f.quote);
    expect(finding, 'the plan has at least one lint finding').toBeDefined();
    if (!finding) return;
    const measure = finding.measures[0] ?? 0;
    await page.goto(`${server.baseUrl}/plan/measures/${measure}`);
    const alerts = page.getByTestId('measure-lint').locator('.ant-alert');
    await poll(() => alerts.count()).toBe(report.findings.filter((f) => f.measures.includes(measure)).length);
    expect(await page.getByTestId('measure-lint').textContent()).toContain(finding.quote);
  });

  it('lists every finding on the lint page, grouped by rule', async () => {
    const report = await api<LintReport>('/api/v1/plan/lint');
    await page.locator('.ant-menu').getByText('方案体检').click();
    await page.waitForURL('**/plan/lint');
    await page.getByTestId('lint-page').waitFor();
    await poll(() => page.getByTestId('lint-finding').count()).toBe(report.findings.length);
    for (const rule of new Set(report.findings.map((f) => f.rule))) {
      expect(await page.getByTestId(`lint-rule-${rule}`).count()).toBe(1);
    }
    await screenshot(page, 'lint');
  });

  it('switches to English and keeps the choice', async () => {
    await page.goto(`${server.baseUrl}/plan/measures/6`);
    await page.getByTestId('measure-parameters').locator('tr.ant-table-row').first().waitFor();
    await page.getByTestId('language-switch').click();
    await poll(() => page.getAttribute('html', 'lang')).toBe('en');
    const measure = page.getByTestId('measure-page');
    await poll(() => measure.textContent()).toContain('Measure text');
    const text = (await measure.textContent()) ?? '';
    expect(text).toContain('Parameters');
    expect(text).toContain('Plan lint');
    expect(text).toContain('2,000.00 yuan');
    expect(await page.locator('.ant-menu').textContent()).toContain('Actions & measures');
    await screenshot(page, 'measure-6-en', { docs: true });

    await page.reload();
    await poll(() => page.getAttribute('html', 'lang')).toBe('en');
    await page.getByTestId('language-switch').click();
    await poll(() => page.getAttribute('html', 'lang')).toBe('zh-CN');
    await poll(() => page.getByTestId('measure-page').textContent()).toContain('措施原文');
  });

  it('finds measure 6 when searching for 以旧换新', async () => {
    const search = page.getByTestId('global-search').locator('input');
    await search.fill('以旧换新');
    await search.press('Enter');
    await page.waitForURL(/\/search\?q=/);
    const measures = page.getByTestId('search-group-measure');
    await measures.waitFor();
    const hit = measures.getByTestId('search-hit').filter({ has: page.locator('a[href="/plan/measures/6"]') });
    expect(await hit.count()).toBeGreaterThanOrEqual(1);
    expect(await hit.first().locator('mark').first().textContent()).toBe('以旧换新');
    const result = await api<SearchResult>(`/api/v1/plan/search?q=${encodeURIComponent('以旧换新')}`);
    expect(await page.getByTestId('search-hit').count()).toBe(result.hits.length);
    await screenshot(page, 'search');
  });

  it('exports the filtered targets as a CSV that Excel reads as UTF-8', async () => {
    const targets = await api<TargetView[]>('/api/v1/plan/targets?measure=6');
    await page.goto(`${server.baseUrl}/plan/targets?measure=6`);
    const rows = page.getByTestId('targets-table').locator('tr.ant-table-row');
    await poll(() => rows.count()).toBe(targets.length);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-excel').click()]);
    const bytes = await readFile(await download.path());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).trim().split('\r\n');
    expect(lines[0]).toContain('指标');
    expect(lines).toHaveLength(targets.length + 1);
    for (const target of targets) expect(lines.some((line) => line.includes(target.metric))).toBe(true);
  });

  it('raised no page errors', () => {
    expect(watched.errors).toEqual([]);
  });
});
