/**
 * Rate limits shared across app processes through Redis (REDIS_URL): two apps on one database and one
 * Redis allow the rate once between them, per address and per login; without REDIS_URL each counts
 * alone, as before; with Redis down at start or going down while serving, every request is still
 * answered (never a 500) and the limits hold per process. On SQLite and PostgreSQL, against the real
 * Redis (and a private redis-server this test starts and stops).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { quietApp } from '../support/app.js';
import { DIALECTS, testEnvironment, type TestEnvironment } from '../support/databases.js';
import { deleteRedisKeys, REDIS_URL, redisKeys, redisMillisecondsLeft, testRedisPrefix } from '../support/redis.js';

const LIMITS = { HUIMIN_RATE_LIMIT_SIGN_IN: '4', HUIMIN_RATE_LIMIT_SIGN_IN_ACCOUNT: '3' };

function attempt(app: FastifyInstance, login: string, remoteAddress: string) {
  return app.inject({
    method: 'POST',
    url: '/api/v1/auth/sign-in',
    remoteAddress,
    payload: { login, password: 'wrong password' },
  });
}

/** Statuses of wrong-password attempts, each on the app named by index (0 = first, 1 = second). */
async function statuses(
  apps: readonly FastifyInstance[],
  plan: readonly (readonly [number, string, string])[],
): Promise<number[]> {
  const answers: number[] = [];
  for (const [index, login, address] of plan) {
    const app = apps[index];
    if (app === undefined) throw new Error(`no app ${index}`);
    answers.push((await attempt(app, login, address)).statusCode);
  }
  return answers;
}

/** Alternating between the two apps, each attempt another login, all from one address. */
const alternating = (count: number, address: string) =>
  Array.from({ length: count }, (_, n) => [n % 2, `someone-${address}-${n}`, address] as const);

describe.each(DIALECTS)('rate limits across processes on %s', (dialect) => {
  describe('with REDIS_URL', () => {
    let environment: TestEnvironment;
    const apps: FastifyInstance[] = [];
    const prefix = testRedisPrefix();

    beforeAll(async () => {
      environment = await testEnvironment(dialect, { ...LIMITS, REDIS_URL, HUIMIN_REDIS_PREFIX: prefix });
      apps.push(await quietApp(environment.config), await quietApp(environment.config));
    });
    afterAll(async () => {
      for (const app of apps) await app.close();
      await environment?.cleanup();
      await deleteRedisKeys(prefix);
    });

    it('allows the per-address rate once between two app processes', async () => {
      expect(await statuses(apps, alternating(6, '10.8.0.1'))).toEqual([401, 401, 401, 401, 429, 429]);
      // another address has its own count, on either app
      expect(await statuses(apps, [[1, 'someone-else', '10.8.0.2']])).toEqual([401]);
    });

    it('allows the per-login rate once between two app processes, whatever the address', async () => {
      const plan = [0, 1, 0, 1].map((index, n) => [index, 'demo-reviewer', `10.8.1.${n}`] as const);
      const answers = await statuses(apps, plan);
      expect(answers).toEqual([401, 401, 401, 429]);
      const limited = await attempt(apps[1] as FastifyInstance, 'demo-reviewer', '10.8.1.9');
      expect(limited.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    });

    it('keeps its counts under its prefix, expiring, with no address or login in clear', async () => {
      const keys = await redisKeys(prefix);
      expect(keys.length).toBeGreaterThan(0);
      for (const key of keys) {
        expect(key).toMatch(new RegExp(`^${prefix}rate:(sign-in-address|sign-in-login):[0-9a-f]{64}$`));
        expect(key).not.toMatch(/10\.8\.|demo-reviewer|someone/);
        const left = await redisMillisecondsLeft(key);
        expect(left, key).toBeGreaterThan(0);
        expect(left, key).toBeLessThanOrEqual(60_000);
      }
    });
  });

  describe('without REDIS_URL', () => {
    let environment: TestEnvironment;
    const apps: FastifyInstance[] = [];

    beforeAll(async () => {
      environment = await testEnvironment(dialect, LIMITS);
      apps.push(await quietApp(environment.config), await quietApp(environment.config));
    });
    afterAll(async () => {
      for (const app of apps) await app.close();
      await environment?.cleanup();
    });

    it('counts in each process, as before: each of two apps allows the full rate', async () => {
      const first = Array.from({ length: 5 }, (_, n) => [0, `alone-${n}`, '10.8.2.1'] as const);
      const second = Array.from({ length: 5 }, (_, n) => [1, `alone-${n + 5}`, '10.8.2.1'] as const);
      expect(await statuses(apps, [...first, ...second])).toEqual([401, 401, 401, 401, 429, 401, 401, 401, 401, 429]);
    });
  });
});

/** A free TCP port on the loopback interface (nothing listens on it once this returns). */
async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('rate limits while Redis is down', () => {
  let environment: TestEnvironment | undefined;
  let app: FastifyInstance | undefined;
  let redis: ChildProcess | undefined;

  afterEach(async () => {
    await app?.close();
    app = undefined;
    await environment?.cleanup();
    environment = undefined;
    if (redis?.exitCode === null) {
      redis.kill('SIGTERM');
      await once(redis, 'exit');
    }
    redis = undefined;
  });

  it('starts and answers every request with Redis down, limiting per process', async () => {
    const port = await freePort();
    environment = await testEnvironment('sqlite', { ...LIMITS, REDIS_URL: `redis://127.0.0.1:${port}` });
    app = await quietApp(environment.config);
    const answers = await statuses(
      [app],
      Array.from({ length: 5 }, (_, n) => [0, `down-${n}`, '10.8.3.1'] as const),
    );
    expect(answers).toEqual([401, 401, 401, 401, 429]);
  });

  it('goes on answering when Redis stops while it serves, limiting per process from then on', async () => {
    const port = await freePort();
    redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    redis.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await expect.poll(() => output, { timeout: 10_000, interval: 50 }).toMatch(/Ready to accept connections/);
    const prefix = testRedisPrefix();
    environment = await testEnvironment('sqlite', {
      ...LIMITS,
      REDIS_URL: `redis://127.0.0.1:${port}`,
      HUIMIN_REDIS_PREFIX: prefix,
    });
    app = await quietApp(environment.config);
    const plan = (from: number, count: number) =>
      Array.from({ length: count }, (_, n) => [0, `stopping-${from + n}`, '10.8.4.1'] as const);
    // Three hits counted in Redis …
    expect(await statuses([app], plan(0, 3))).toEqual([401, 401, 401]);
    // one key for the address, one for each of the three logins
    expect(await redisKeys(prefix, `redis://127.0.0.1:${port}`)).toHaveLength(4);
    redis.kill('SIGTERM');
    await once(redis, 'exit');
    // … then Redis is gone: answered all the same, counted afresh in this process (four, then refused).
    expect(await statuses([app], plan(3, 5))).toEqual([401, 401, 401, 401, 429]);
  });
});
