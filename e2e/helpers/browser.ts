/**
 * Chromium as installed on the machine (never downloaded), a page at the size the screenshots
 * use, and a record of the page's errors so a test can assert there were none.
 */
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const VIEWPORT = { width: 1440, height: 900 };
const ARTIFACTS = path.resolve('artifacts/screenshots');
const DOCS = path.resolve('docs/screenshots');

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface WatchedPage {
  readonly page: Page;
  /** Uncaught exceptions and console errors seen so far. */
  readonly errors: string[];
}

export async function openPage(browser: Browser): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'zh-CN' });
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  page.setDefaultNavigationTimeout(60_000);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  return { page, errors };
}

/** Waits until requests, fonts and chart animations have settled, so screenshots are stable. */
export async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.waitForFunction('document.fonts.status === "loaded"');
  await page.waitForTimeout(800);
}

/** A full-page screenshot in artifacts/screenshots/, also copied to docs/screenshots/ if asked. */
export async function screenshot(page: Page, name: string, options: { docs?: boolean } = {}): Promise<string> {
  // off any control, so no tooltip shows in the picture
  await page.mouse.move(1, VIEWPORT.height - 1);
  // from the top: a page scrolled to its last control would draw the sticky header midway down the full page
  await page.evaluate('window.scrollTo(0, 0)');
  await settle(page);
  await mkdir(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  if (options.docs) {
    await mkdir(DOCS, { recursive: true });
    await copyFile(file, path.join(DOCS, `${name}.png`));
  }
  return file;
}

/** Signs in on the sign-in page with a password (the demo's by default) and lands on `next`. */
export async function signInOnPage(
  page: Page,
  baseUrl: string,
  login: string,
  next: string,
  password = 'huimin-demo-2025',
): Promise<void> {
  await page.context().clearCookies();
  await page.goto(`${baseUrl}/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByTestId('sign-in-login').fill(login);
  await page.getByTestId('sign-in-password').fill(password);
  await page.getByTestId('sign-in-submit').click();
  await page.getByTestId('user-menu').waitFor();
  await page.waitForURL(`${baseUrl}${next}`);
}
