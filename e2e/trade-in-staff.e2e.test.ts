/**
 * The trade-in staff's own pages, on the living demo (its month of trade-in underneath): 义马市's commerce
 * officer approves a merchant's waiting membership on 商户入驻审核; 市商务局 records a credit listing on
 * 信用名单 and the member it names is suspended; that merchant's owner reads the suspension and its reason
 * on 入驻申请. Screenshots for the README.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoMerchants } from '../src/app/demo-activity-data.js';
import { launchChromium, openPage, screenshot, signInOnPage, type WatchedPage } from './helpers/browser.js';
import { startApp, type RunningApp } from './helpers/server.js';

const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 30_000, interval: 200 });

describe('trade-in staff: membership review, credit listings, a suspended member', () => {
  let server: RunningApp;
  let browser: Browser;
  let watched: WatchedPage;
  let page: Page;

  beforeAll(async () => {
    server = await startApp({
      HUIMIN_DEMO: 'true',
      HUIMIN_DEMO_SCALE: '1',
      HUIMIN_RATE_LIMIT_SIGN_IN: '1000',
      HUIMIN_RATE_LIMIT_SIGN_IN_ACCOUNT: '1000',
    });
    browser = await launchChromium();
    watched = await openPage(browser);
    page = watched.page;
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const signInPage = (login: string, next: string) => signInOnPage(page, server.baseUrl, login, next);

  it('义马市’s commerce officer approves the waiting application of 义马市百货电器商场', async () => {
    await signInPage('demo-yima', '/trade-in/memberships');
    const row = page.getByTestId('membership-review').locator('tr', { hasText: '百货电器商场' });
    await row.waitFor();
    await expect.poll(() => row.getByTestId('membership-state').textContent()).toContain('待');
    await screenshot(page, 'trade-in-membership-review', { docs: true });
    const decided = page.waitForResponse((r) => r.url().includes('/decision') && r.request().method() === 'POST');
    await row.getByTestId('membership-approve').click();
    const decision = await decided;
    expect(decision.status(), await decision.text()).toBe(200);
    expect(((await decision.json()) as { state: string }).state).toBe('approved');
    // The decision shows at once (the list may keep the row, now approved).
    await poll(async () => {
      const rows = page.getByTestId('membership-review').locator('tr', { hasText: '百货电器商场' });
      return (await rows.count()) === 0
        ? 'gone'
        : ((await rows.first().getByTestId('membership-state').textContent()) ?? '');
    }).not.toContain('待');
  });

  it('市商务局 records an abnormal-operation listing on 信用名单: the member it names is suspended', async () => {
    // The seed's own credit code: merchants are numbered by the plan's unit order (义马市 is the fifth).
    const yima = demoMerchants(['hubin', 'shanzhou', 'mianchi', 'lushi', 'yima'].map((id) => ({ id, name: '' }))).find(
      (merchant) => merchant.id === 'demo-yima-digital',
    );
    expect(yima).toBeDefined();
    await signInPage('demo-commerce', '/trade-in/credit-listings');
    // The demo's own listing (卢氏县's smart-home store, at the end of its month) is there.
    await poll(() => page.getByTestId('credit-listings').textContent()).toContain('国家企业信用信息公示系统（演示）');
    await page.getByTestId('credit-code').fill(yima?.creditCode ?? '');
    await page.getByTestId('credit-listed-on').fill('2025-06-16');
    const answer = page.waitForResponse(
      (r) => r.url().includes('/api/v1/trade-in/credit-listings') && r.request().method() === 'POST',
    );
    await page.getByTestId('credit-submit').click();
    const response = await answer;
    expect(response.status(), await response.text()).toBeLessThan(300);
    const result = (await response.json()) as { recorded: number; suspendedMemberships: number };
    expect(result).toMatchObject({ recorded: 1, suspendedMemberships: 1 });
    await page.getByTestId('credit-result').waitFor();
    await poll(() => page.getByTestId('credit-listings').textContent()).toContain(yima?.creditCode ?? '-');
    await screenshot(page, 'trade-in-credit-listings', { docs: true });
  });

  it('the suspended merchant’s owner reads why on 入驻申请', async () => {
    await signInPage('demo-yima-digital-owner', '/merchant/membership');
    const state = page.getByTestId('my-memberships').getByTestId('membership-state').first();
    await poll(() => state.textContent()).toContain('暂停');
    await screenshot(page, 'trade-in-merchant-membership', { docs: true });
  });
});
