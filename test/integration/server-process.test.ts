import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type ChildServer } from '../support/child-server.js';
import { projectRoot } from '../../src/shared/project-root.js';

// The built server as `npm start` runs it: catches what only the bundle can get wrong (a missing
// external, a static folder not found) and proves the graceful shutdown of main.ts.
describe('the built server process', () => {
  let dataDir: string;
  let server: ChildServer;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'huimin-process-'));
    server = await startServer([path.join(projectRoot(), 'dist', 'server', 'main.js')], '/readyz', {
      HUIMIN_DATA_DIR: dataDir,
    });
  });
  afterAll(async () => {
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('serves the plan, the API docs and the web pages', async () => {
    const plan = await fetch(`${server.url}/api/v1/plan`);
    expect(plan.status).toBe(200);
    expect(((await plan.json()) as { counts: { measures: number } }).counts.measures).toBe(26);
    const docs = await fetch(`${server.url}/docs/`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger');
    const openapi = await fetch(`${server.url}/openapi.json`);
    expect(((await openapi.json()) as { openapi: string }).openapi).toBe('3.1.0');
    const page = await fetch(`${server.url}/plan/measures/6`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
  });

  it('shuts down cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => server.process.once('exit', (code) => resolve(code)));
    server.process.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
