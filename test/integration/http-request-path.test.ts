/**
 * The request path of issue 15, on SQLite and PostgreSQL:
 * - the plan documents (`/api/v1/plan`, `/api/v1/plan/export`) are prepared once per plan version and
 *   served with an ETag per representation, 304 to a matching If-None-Match, gzip or Brotli when the
 *   client accepts them (the same bytes once decompressed), `Vary: Accept-Encoding`; a new plan
 *   version gets a new ETag at once; a request with a session still gets `no-store`;
 * - the built server writes one access-log line per request (request id, method, route pattern,
 *   status, time, account id) and nothing of the URL's query, the client's address or the session.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quietApp } from '../support/app.js';
import { projectRoot } from '../../src/shared/project-root.js';
import { freePort } from '../support/child-server.js';
import { DIALECTS, testEnvironment, type TestEnvironment } from '../support/databases.js';
import { DEMO_ENV, DEMO_LOGINS, DEMO_PASSWORD, signIn } from '../support/sessions.js';

describe.each(DIALECTS)('plan documents on %s', (dialect) => {
  let environment: TestEnvironment;
  let app: FastifyInstance;
  let folder: string;

  beforeAll(async () => {
    environment = await testEnvironment(dialect, DEMO_ENV);
    app = await quietApp(environment.config);
    folder = path.join(await mkdtemp(path.join(tmpdir(), 'huimin-documents-')), 'sanmenxia-2025');
    await cp(path.join(projectRoot(), 'policies', 'sanmenxia-2025'), folder, { recursive: true });
  });
  afterAll(async () => {
    await app?.close();
    await rm(path.dirname(folder), { recursive: true, force: true });
    await environment?.cleanup();
  });

  const get = (url: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'identity', ...headers } });

  for (const url of ['/api/v1/plan', '/api/v1/plan/export']) {
    it(`${url}: ETag, 304, gzip and br of the very same bytes`, async () => {
      const plain = await get(url);
      expect(plain.statusCode).toBe(200);
      expect(plain.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.headers.vary).toBe('accept-encoding');
      expect(plain.headers['cache-control']).toBe('no-cache');
      const etag = plain.headers.etag as string;
      expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
      // The route's schema still decides the bytes: the document parses and has its content.
      const body = plain.json<{ counts?: { measures: number }; measures?: unknown[] }>();
      expect(body.counts?.measures ?? body.measures?.length).toBe(26);
      // Asked again: the same bytes, the same tag.
      const again = await get(url);
      expect(again.rawPayload.equals(plain.rawPayload)).toBe(true);
      expect(again.headers.etag).toBe(etag);

      const notModified = await get(url, { 'if-none-match': etag });
      expect(notModified.statusCode).toBe(304);
      expect(notModified.rawPayload.length).toBe(0);
      expect(notModified.headers.etag).toBe(etag);
      expect((await get(url, { 'if-none-match': `"other", W/${etag}` })).statusCode).toBe(304);
      expect((await get(url, { 'if-none-match': '"something-else"' })).statusCode).toBe(200);

      const br = await get(url, { 'accept-encoding': 'gzip, deflate, br' });
      expect(br.headers['content-encoding']).toBe('br');
      expect(br.headers.etag).toBe(etag.replace(/"$/, '-br"'));
      expect(brotliDecompressSync(br.rawPayload).equals(plain.rawPayload)).toBe(true);
      expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length);
      // The identity tag does not stand for the Brotli representation.
      expect((await get(url, { 'accept-encoding': 'br', 'if-none-match': etag })).statusCode).toBe(200);
      expect((await get(url, { 'accept-encoding': 'br', 'if-none-match': br.headers.etag as string })).statusCode).toBe(
        304,
      );

      const gzip = await get(url, { 'accept-encoding': 'gzip' });
      expect(gzip.headers['content-encoding']).toBe('gzip');
      expect(gzip.headers.etag).toBe(etag.replace(/"$/, '-gzip"'));
      expect(gunzipSync(gzip.rawPayload).equals(plain.rawPayload)).toBe(true);
      expect((await get(url, { 'accept-encoding': 'br;q=0.5, gzip' })).headers['content-encoding']).toBe('gzip');
      expect((await get(url, { 'accept-encoding': 'br;q=0, gzip;q=0' })).headers['content-encoding']).toBeUndefined();

      const head = await app.inject({ method: 'HEAD', url });
      expect(head.statusCode).toBe(200);
      expect(head.headers.etag).toBe(etag);
      expect(head.rawPayload.length).toBe(0);
    });
  }

  it('keeps a signed-in caller’s copy out of caches (no-store) while still tagging it', async () => {
    const citizen = await signIn(app, DEMO_LOGINS.citizen);
    const response = await get('/api/v1/plan', { cookie: citizen.cookie });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers.etag).toBeDefined();
  });

  it('gives a new plan version a new ETag at once, and the old tag gets the new document', async () => {
    const before = await get('/api/v1/plan');
    const oldTag = before.headers.etag as string;
    const file = path.join(folder, 'plan.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace(/^titleEn: .*$/m, 'titleEn: Sanmenxia, revised'));
    const imported = await app.services.plans.importFolder(folder, new Date('2026-06-01T00:00:00Z'));
    expect(imported.created).toBe(true);
    const after = await get('/api/v1/plan', { 'if-none-match': oldTag });
    expect(after.statusCode).toBe(200);
    expect(after.headers.etag).not.toBe(oldTag);
    expect(after.json<{ metadata: { titleEn: string } }>().metadata.titleEn).toBe('Sanmenxia, revised');
    expect((await get('/api/v1/plan', { 'if-none-match': after.headers.etag as string })).statusCode).toBe(304);
  });
});

describe('the access log of the built server', () => {
  let dataDir: string;
  let child: ChildProcess;
  let url: string;
  const lines: string[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'huimin-access-log-'));
    const port = await freePort();
    child = spawn(process.execPath, [path.join(projectRoot(), 'dist', 'server', 'main.js')], {
      env: {
        ...process.env,
        ...DEMO_ENV,
        HUIMIN_DATA_DIR: dataDir,
        LOG_LEVEL: 'info',
        PORT: String(port),
        HOST: '127.0.0.1',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let pending = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      const complete = pending.split('\n');
      pending = complete.pop() ?? '';
      lines.push(...complete.filter((line) => line !== ''));
    });
    url = `http://127.0.0.1:${port}`;
    for (let tries = 0; ; tries += 1) {
      const ready = await fetch(`${url}/readyz`).then(
        (response) => response.ok,
        () => false,
      );
      if (ready) break;
      if (tries > 600) throw new Error('the built server did not start');
      await sleep(50);
    }
  });
  afterAll(async () => {
    if (child !== undefined && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await rm(dataDir, { recursive: true, force: true });
  });

  /** The log lines of one request id, once its line has been written. */
  async function linesOf(requestId: string): Promise<Record<string, unknown>[]> {
    for (let tries = 0; tries < 100; tries += 1) {
      const found = lines.filter((line) => line.includes(`"${requestId}"`));
      if (found.length > 0) {
        await sleep(50); // a second line, if there were one, would follow at once
        return lines
          .filter((line) => line.includes(`"${requestId}"`))
          .map((line) => JSON.parse(line) as Record<string, unknown>);
      }
      await sleep(20);
    }
    return [];
  }

  it('writes one line per request with the route pattern, status, time and account, and no personal data', async () => {
    await fetch(`${url}/api/v1/plan`, { headers: { 'x-request-id': 'log-plan' } });
    const [plan, ...more] = await linesOf('log-plan');
    expect(more).toEqual([]);
    expect(plan).toMatchObject({
      level: 30,
      reqId: 'log-plan',
      msg: 'request',
      method: 'GET',
      route: '/api/v1/plan',
      status: 200,
      account: null,
    });
    expect(typeof plan?.responseTime).toBe('number');

    const signedIn = await fetch(`${url}/api/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'log-sign-in' },
      body: JSON.stringify({ login: DEMO_LOGINS.admin, password: DEMO_PASSWORD }),
    });
    expect(signedIn.status).toBe(200);
    const token = /huimin_session=([^;]+)/.exec(signedIn.headers.get('set-cookie') ?? '')?.[1] ?? '';
    const adminId = ((await signedIn.json()) as { account: { id: string } }).account.id;
    expect((await linesOf('log-sign-in')).map((line) => line.route)).toEqual(['/api/v1/auth/sign-in']);

    const search = await fetch(`${url}/api/v1/accounts?q=${encodeURIComponent('王建国')}&limit=5`, {
      headers: { cookie: `huimin_session=${token}`, 'x-request-id': 'log-search' },
    });
    expect(search.status).toBe(200);
    const searchLines = await linesOf('log-search');
    expect(searchLines).toEqual([
      expect.objectContaining({ route: '/api/v1/accounts', status: 200, account: adminId, method: 'GET' }),
    ]);
    const text = JSON.stringify(searchLines);
    for (const secret of ['王', 'q=', '127.0.0.1', token, 'limit=5']) expect(text).not.toContain(secret);

    // A public read does not look the session up (so names no account); a session route does.
    await fetch(`${url}/api/v1/plan`, { headers: { cookie: `huimin_session=${token}`, 'x-request-id': 'log-plan-2' } });
    expect(await linesOf('log-plan-2')).toEqual([expect.objectContaining({ route: '/api/v1/plan', account: null })]);
    await fetch(`${url}/api/v1/auth/me`, { headers: { cookie: `huimin_session=${token}`, 'x-request-id': 'log-me' } });
    expect(await linesOf('log-me')).toEqual([expect.objectContaining({ route: '/api/v1/auth/me', account: adminId })]);

    await fetch(`${url}/api/v1/no-such-route?mobile=13800000001`, { headers: { 'x-request-id': 'log-404' } });
    const [unrouted] = await linesOf('log-404');
    expect(unrouted).toMatchObject({ route: 'unrouted', status: 404 });
    expect(JSON.stringify(unrouted)).not.toContain('13800000001');

    // Fastify's own two lines per request are gone.
    expect(lines.some((line) => line.includes('incoming request') || line.includes('request completed'))).toBe(false);
  });
});
