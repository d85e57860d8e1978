/**
 * The real Redis for integration tests (HUIMIN_TEST_REDIS_URL, default the local server `.ci/run`
 * starts), with a key prefix of each test's own so that runs never see each other's counts, and a
 * clean-up that deletes that prefix's keys.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

export const REDIS_URL = process.env.HUIMIN_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A prefix no other run uses, e.g. `huimin:test-1234-a1b2c3d4:`. */
export function testRedisPrefix(): string {
  return `huimin:test-${process.pid}-${randomBytes(4).toString('hex')}:`;
}

/** The keys under `prefix`, read with SCAN (a test's handful). */
export async function redisKeys(prefix: string, url = REDIS_URL): Promise<string[]> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      keys.push(...found);
    } while (cursor !== '0');
    return keys.sort();
  } finally {
    await redis.quit();
  }
}

export async function deleteRedisKeys(prefix: string, url = REDIS_URL): Promise<void> {
  const keys = await redisKeys(prefix, url);
  if (keys.length === 0) return;
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    await redis.del(...keys);
  } finally {
    await redis.quit();
  }
}

/** Milliseconds until `key` expires (-1: never, -2: no such key). */
export async function redisMillisecondsLeft(key: string, url = REDIS_URL): Promise<number> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    return await redis.pttl(key);
  } finally {
    await redis.quit();
  }
}
