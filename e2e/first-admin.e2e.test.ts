/**
 * The first administrator on a fresh PostgreSQL database, as an operator goes live: demo mode off, no
 * account at all; `huimin admin create` (the built CLI, password on standard input) makes one; the
 * server starts on that database, and the administrator signs in through the browser's sign-in page
 * and reaches 用户与角色, where the account list holds that one account.
 * Needs `npm run build:server` (the CLI) and the web build, like the other browser tests.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/http/app.js';
import { huimin } from '../test/support/cli.js';
import { testEnvironment, type TestEnvironment } from '../test/support/databases.js';
import { launchChromium, openPage, screenshot } from './helpers/browser.js';

const LOGIN = 'city.admin';
const PASSWORD = 'yellow river plum blossom 2025';

describe('the first administrator on a fresh PostgreSQL database', () => {
  let environment: TestEnvironment;
  let webCopy: string;
  let app: FastifyInstance | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    // A copy of the web build, as in the other browser tests: a rebuild meanwhile must not take it away.
    webCopy = await mkdtemp(path.join(tmpdir(), 'huimin-e2e-web-'));
    await cp(path.resolve('dist/web'), webCopy, { recursive: true });
    environment = await testEnvironment('postgres', { HUIMIN_DEMO: 'false', HUIMIN_WEB_DIR: webCopy });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await environment?.cleanup();
    await rm(webCopy, { recursive: true, force: true });
  });

  it('is made with huimin admin create and signs in through the browser', async () => {
    const created = await huimin(['admin', 'create', '--login', LOGIN, '--name', '王建国'], environment.env, PASSWORD);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain(`created administrator ${LOGIN} (王建国)`);

    app = await buildApp(environment.config);
    const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
    const { page, errors } = await openPage(browser);
    await page.goto(`${baseUrl}/sign-in`);
    await page.getByTestId('sign-in-login').fill(LOGIN);
    await page.getByTestId('sign-in-password').fill(PASSWORD);
    await page.getByTestId('sign-in-submit').click();
    await page.getByTestId('user-menu').waitFor();

    await page.getByTestId('menu-accounts').click();
    await page.waitForURL('**/admin/accounts');
    const rows = page.getByTestId('accounts-table').locator('tr.ant-table-row');
    await expect.poll(() => rows.count(), { timeout: 60_000 }).toBe(1);
    expect(await rows.first().textContent()).toContain(LOGIN);
    await screenshot(page, 'first-admin-accounts');
    expect(errors).toEqual([]);
  });
});
