/**
 * The real application for browser tests: built from the project's configuration with a fresh
 * data folder, serving dist/web, listening on a free port of the loopback interface.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../../src/config.js';
import { buildApp, type AppOptions } from '../../src/http/app.js';

export interface RunningApp {
  readonly app: FastifyInstance;
  readonly baseUrl: string;
  close(): Promise<void>;
}

/**
 * `env` adds settings to the defaults (e.g. a higher sign-in rate limit for a test that signs in often);
 * `options` go to buildApp (e.g. a one-time-code sender the test can read).
 */
export async function startApp(env: Record<string, string> = {}, options: AppOptions = {}): Promise<RunningApp> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'huimin-e2e-'));
  return startAppIn(dataDir, env, options, true);
}

/**
 * The application on an existing data folder (a restart keeps the data: e.g. the same sales judged on
 * a later HUIMIN_CLOCK_DATE); `removeOnClose` deletes the folder when it closes.
 */
export async function startAppIn(
  dataDir: string,
  env: Record<string, string> = {},
  options: AppOptions = {},
  removeOnClose = false,
): Promise<RunningApp> {
  // The demo's month of trade-in only for the stories that show it (HUIMIN_DEMO_SCALE: '1').
  const config = loadConfig({
    HUIMIN_DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    PORT: '0',
    HUIMIN_DEMO_SCALE: '0',
    ...env,
  });
  if (!existsSync(path.join(config.webDir, 'index.html'))) {
    throw new Error(`no web build in ${config.webDir}: run \`npm run build:web\` before the browser tests`);
  }
  const app = await buildApp(config, options);
  await app.demoActivity;
  const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    app,
    baseUrl,
    async close() {
      await app.close();
      if (removeOnClose) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
