/**
 * Where rate-limit hits are counted: in this process's memory (the default), or in Redis when REDIS_URL
 * is set, so that several app processes behind a load balancer share one count per key.
 *
 * Redis: one atomic Lua script per hit increments the key and, on its first hit, gives it the window
 * as expiry (a fixed window that starts at the first hit, as in memory). Keys are
 * `<HUIMIN_REDIS_PREFIX>rate:<limit>:<HMAC of the key>`: the key is a client address or a login (a
 * mobile number), personal data that Redis need not hold in clear.
 *
 * When Redis does not answer (down, unreachable, slower than COMMAND_TIMEOUT_MS), the hit is counted in
 * this process's memory instead and a warning is logged once; when Redis answers again, an info line
 * says so and counting moves back. A request is never refused or failed because Redis is down: the
 * limits then hold per process, as they do without Redis, and the lockout after wrong passwords is in
 * the database either way (docs/access.md).
 */
import { Redis } from 'ioredis';
import { FixedWindows } from './security.js';

export interface RateVerdict {
  readonly allowed: boolean;
  /** This hit is the first one refused in its window (the security log records only that one). */
  readonly firstRefusal: boolean;
  readonly retryAfterSeconds: number;
}

export interface RateCounter {
  /** Counts one hit on `key`; allowed while the window's count is at most `max`. */
  hit(key: string, max: number, windowMs: number): Promise<RateVerdict>;
  close(): Promise<void>;
}

export interface RateCounterLogger {
  warn(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
}

/** A Redis command slower than this counts as Redis being down for that hit. */
const COMMAND_TIMEOUT_MS = 500;
/** How long start-up waits for the first connection before going on with per-process counts. */
const CONNECT_WAIT_MS = 2000;

export class MemoryRateCounter implements RateCounter {
  readonly #windows = new FixedWindows(() => Date.now());

  hit(key: string, max: number, windowMs: number): Promise<RateVerdict> {
    return Promise.resolve(this.#windows.hit(key, max, windowMs));
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** Increments the window's count, starting the window (its expiry) on the first hit; returns count and ms left. */
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
local left = redis.call('PTTL', KEYS[1])
if count == 1 or left < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  left = tonumber(ARGV[1])
end
return {count, left}
`;

export class RedisRateCounter implements RateCounter {
  readonly #fallback = new MemoryRateCounter();
  #degraded = false;

  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    private readonly hashKey: (key: string) => string,
    private readonly log: RateCounterLogger,
  ) {}

  async hit(key: string, max: number, windowMs: number): Promise<RateVerdict> {
    const separator = key.indexOf(':');
    const limit = separator < 0 ? key : key.slice(0, separator);
    const redisKey = `${this.keyPrefix}rate:${limit}:${this.hashKey(key)}`;
    let reply: unknown;
    try {
      reply = await this.redis.eval(HIT_SCRIPT, 1, redisKey, String(windowMs));
    } catch (error) {
      this.markDown(error);
      return this.#fallback.hit(key, max, windowMs);
    }
    if (this.#degraded) {
      this.#degraded = false;
      this.log.info({}, 'Redis answers again: rate limits are shared across processes again');
    }
    const [count, left] = Array.isArray(reply) ? reply.map(Number) : [Number.NaN, Number.NaN];
    if (count === undefined || left === undefined || !Number.isFinite(count) || !Number.isFinite(left)) {
      throw new Error(`unexpected answer from the rate-limit script: ${JSON.stringify(reply)}`);
    }
    return {
      allowed: count <= max,
      firstRefusal: count === max + 1,
      retryAfterSeconds: Math.max(1, Math.ceil(left / 1000)),
    };
  }

  /** Counts in memory from now on, until Redis answers; warns once. */
  markDown(error: unknown): void {
    if (this.#degraded) return;
    this.#degraded = true;
    this.log.warn(
      { err: error },
      'Redis does not answer: rate limits are counted in this process until it does (each process allows the full rate)',
    );
  }

  async close(): Promise<void> {
    // quit() waits for an answer that a dead server never sends
    if (this.redis.status === 'ready') await this.redis.quit().catch(() => undefined);
    this.redis.disconnect();
  }
}

export interface RateCounterOptions {
  readonly redisUrl: string | null;
  readonly redisPrefix: string;
  /** A keyed hash for the keys stored in Redis. */
  readonly hashKey: (key: string) => string;
  readonly log: RateCounterLogger & { debug(fields: Record<string, unknown>, message: string): void };
}

/**
 * The counter the configuration asks for. With Redis, waits up to CONNECT_WAIT_MS for the first
 * connection; a server that is down then does not stop the start (ioredis keeps reconnecting).
 */
export async function openRateCounter(options: RateCounterOptions): Promise<RateCounter> {
  if (options.redisUrl === null) return new MemoryRateCounter();
  const redis = new Redis(options.redisUrl, {
    lazyConnect: true,
    // Fail a command at once while disconnected (and count in memory) rather than queue it.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: COMMAND_TIMEOUT_MS,
    connectTimeout: CONNECT_WAIT_MS,
    // The hits of requests read in the same tick (a flash claim's crowd) go to Redis in one write.
    enableAutoPipelining: true,
  });
  // Connection errors come again on every reconnect attempt: the first failed hit warns instead.
  redis.on('error', (error: Error) => options.log.debug({ err: error }, 'Redis connection error'));
  const counter = new RedisRateCounter(redis, options.redisPrefix, options.hashKey, options.log);
  let timer: NodeJS.Timeout | undefined;
  const connecting = redis.connect();
  // Lost the race below, it may still fail later: that is the reconnecting that follows, not an error.
  connecting.catch(() => undefined);
  try {
    await Promise.race([
      connecting,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no connection within ${CONNECT_WAIT_MS} ms`)), CONNECT_WAIT_MS);
      }),
    ]);
  } catch (error) {
    counter.markDown(error);
  } finally {
    clearTimeout(timer);
  }
  return counter;
}
