/**
 * The subsidy calculator in Chromium against the real server: an air conditioner of grade 1 at
 * 3999 元 gets 799.80 元 with its explanation; a phone at 6000.01 元 is above the price ceiling.
 * Saves calculator.png (also to docs/screenshots/) and calculator-mobile.png at 390×844.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage, screenshot, VIEWPORT, type WatchedPage } from './helpers/browser.js';
import { startApp, type RunningApp } from './helpers/server.js';

/** expect.poll with a wait that suits a slow shared machine (the default is one second). */
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 60_000, interval: 200 });

describe('subsidy calculator', () => {
  let server: RunningApp;
  let browser: Browser;
  let watched: WatchedPage;
  let page: Page;

  /** Opens an antd Select by its test id and picks the option with that text. */
  async function choose(testId: string, option: string): Promise<void> {
    await page.getByTestId(testId).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
    await poll(() => page.getByTestId(testId).textContent()).toContain(option);
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

  it('is reached from the side menu', async () => {
    await page.goto(`${server.baseUrl}/`);
    await page.locator('.ant-menu').getByText('补贴测算').click();
    await page.waitForURL('**/calculator');
    await page.getByTestId('calculator-page').waitFor();
    await poll(() => page.title()).toContain('补贴测算');
  });

  it('quotes 799.80 元 for a grade-1 air conditioner at 3999 元', async () => {
    await page.goto(`${server.baseUrl}/calculator`);
    await page.getByTestId('calculator-page').waitFor();
    await choose('calculator-line', '家电以旧换新');
    await choose('calculator-category', '空调');
    await page.getByTestId('calculator-grade').getByText('1级').click();
    await page.locator('input#price').fill('3999');
    await page.locator('input#date').fill('2025-05-01');
    await page.getByTestId('calculator-submit').click();
    const result = page.getByTestId('calculator-result');
    await result.waitFor();
    await poll(() => page.getByTestId('calculator-subsidy').textContent()).toBe('799.80');
    expect(await page.getByTestId('calculator-eligible').textContent()).toContain('符合补贴条件');
    expect(await page.getByTestId('calculator-explanation').textContent()).toContain(
      '按最终销售价格3999.00元的20%计算为799.80元',
    );
    expect(await page.getByTestId('calculator-clauses').textContent()).toContain('20%');
    expect(await page.getByTestId('calculator-version').textContent()).toMatch(/:/);
    await screenshot(page, 'calculator', { docs: true });
  });

  it('keeps to one column on a phone', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    // The layout follows the viewport after a re-render (antd's breakpoints): wait until it has
    // stacked the result under the form, then measure.
    const gapBelowForm = async () => {
      const form = await page.getByTestId('calculator-submit').boundingBox();
      const shown = await page.getByTestId('calculator-result').boundingBox();
      return form && shown ? shown.y - (form.y + form.height) : Number.NEGATIVE_INFINITY;
    };
    await poll(gapBelowForm).toBeGreaterThan(0);
    const submit = await page.getByTestId('calculator-submit').boundingBox();
    const result = await page.getByTestId('calculator-result').boundingBox();
    expect(submit && result, 'form and result are shown').toBeTruthy();
    if (!submit || !result) return;
    expect(result.y).toBeGreaterThan(submit.y + submit.height);
    expect(result.x + result.width).toBeLessThanOrEqual(390);
    // The side menu collapses with an animation after the breakpoint: the page is one column once it settles.
    await poll(() => page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await screenshot(page, 'calculator-mobile');
    await page.setViewportSize(VIEWPORT);
  });

  it('refuses a phone above the price ceiling', async () => {
    await choose('calculator-line', '数码产品购新');
    await choose('calculator-category', '手机');
    await page.locator('input#price').fill('6000.01');
    await page.getByTestId('calculator-submit').click();
    await poll(() => page.getByTestId('calculator-eligible').textContent()).toContain('不符合补贴条件');
    expect(await page.getByTestId('calculator-subsidy').textContent()).toBe('0.00');
    const reason = page.getByTestId('calculator-reason-PRICE_ABOVE_CEILING');
    await reason.waitFor();
    expect(await reason.textContent()).toContain('6000');
  });

  it('shows a 400 from the server on the field it names', async () => {
    // far above the engine's largest amount: the server refuses finalPriceFen
    await page.locator('input#price').fill('99999999999');
    await page.getByTestId('calculator-submit').click();
    const explain = page.locator('#price_help');
    await poll(() => explain.textContent()).toContain('finalPriceFen');
    expect(await page.getByTestId('api-error').count()).toBe(0);
  });

  it('raised no page errors', () => {
    // the refused quote above is logged by Chromium as a failed resource; nothing else may be
    const unexpected = watched.errors.filter((e) => !/status of 400/.test(e));
    expect(unexpected).toEqual([]);
  });
});
