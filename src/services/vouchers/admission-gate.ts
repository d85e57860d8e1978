/**
 * The Redis admission gate for flash claims across several app processes (issue 13 §2): the hot counter
 * of a round lives in Redis, so that a city's crowd is turned away at Redis once the round is gone rather
 * than queueing into the database. The database stays the source of truth: the gate only decides who gets
 * to ask; the claim's own transaction still decides the limits and takes the pack by the round's
 * conditional counter, so a gate that is wrong, lost, flushed or down can make claims slower or answer
 * "sold out" a moment early, never issue a pack more than the round has.
 *
 * Per round, three kinds of keys (`<prefix>vgate:{<round>}:…`, one hash tag so a cluster keeps them on one
 * shard):
 * - `left`: admissions still to give: quantity − issued − admissions in flight;
 * - `live`: a sorted set of the admissions in flight, each scored by its lease's end;
 * - `p:<person>`: the person's one admission in flight (expires with the lease).
 *
 * One Lua script admits (at most `left`, one in flight per person; when nothing is left but admissions are
 * still in flight it says "wait", so that the last places given back by claims the database refused go to
 * the crowd still asking rather than to nobody), one settles a batch's admissions (an
 * admitted claim that did not issue gives its admission back; one that issued keeps it, as the database's
 * counter went up by one), one reconciles from the database: `left = quantity − issued − live`, after
 * dropping admissions whose lease ended (their process died, or took far too long: the database decided
 * them either way). A process reconciles a round the first time it sees it, when the gate has no count for
 * it (Redis restarted or was flushed), when Redis answers again after being down, and, at most once a
 * second, when the gate says sold out (so admissions lost with a killed process come back once their lease
 * ends). While Redis does not answer, claims go straight to the database (the gate is open).
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

export interface RoundCount {
  readonly id: string;
  readonly quantity: number;
  readonly issued: number;
}

export type Admission =
  /** Admitted: claim, then settle with this id. */
  | { readonly kind: 'admitted'; readonly id: string }
  /** The gate has given every admission of the round. */
  | { readonly kind: 'sold_out' }
  /** The person has a claim of this round in flight (another request, perhaps at another process). */
  | { readonly kind: 'busy' }
  /** Nothing left to admit, but admissions in flight may yet give theirs back: ask again shortly. */
  | { readonly kind: 'wait' }
  /** No gate (embedded database, or Redis down): the database decides alone. */
  | { readonly kind: 'open' };

export interface SettledAdmission {
  readonly roundId: string;
  readonly personId: string;
  readonly admissionId: string;
  /** issued: the pack committed; returned: nothing issued, the admission goes back; sold_out: the database says gone. */
  readonly outcome: 'issued' | 'returned' | 'sold_out';
}

export interface AdmissionGate {
  readonly enabled: boolean;
  admit(round: RoundCount, personId: string): Promise<Admission>;
  settle(admissions: readonly SettledAdmission[]): Promise<void>;
  /** Sets the round's count from the database's (read by `readRound`, fresh). */
  reconcile(roundId: string): Promise<GateState | null>;
  state(roundId: string): Promise<GateState | null>;
  close(): Promise<void>;
}

export interface GateState {
  readonly left: number | null;
  readonly live: number;
}

/** The embedded database (no REDIS_URL): the gate is always open. */
export const OPEN_GATE: AdmissionGate = {
  enabled: false,
  admit: () => Promise.resolve({ kind: 'open' }),
  settle: () => Promise.resolve(),
  reconcile: () => Promise.resolve(null),
  state: () => Promise.resolve(null),
  close: () => Promise.resolve(),
};

/** KEYS: left, live, person. ARGV: admission id, now ms, lease ms. */
const ADMIT = `
local left = redis.call('GET', KEYS[1])
if not left then return 'unknown' end
if tonumber(left) <= 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[2])
  if redis.call('ZCARD', KEYS[2]) > 0 then return 'wait' end
  return 'sold_out'
end
if redis.call('EXISTS', KEYS[3]) == 1 then return 'busy' end
redis.call('DECR', KEYS[1])
redis.call('ZADD', KEYS[2], tonumber(ARGV[2]) + tonumber(ARGV[3]), ARGV[1])
redis.call('SET', KEYS[3], ARGV[1], 'PX', ARGV[3])
return 'admitted'
`;

/**
 * KEYS: left, live, then one person key per admission. ARGV: then per admission its id and outcome.
 * An admission no longer live (its lease ended and a reconciliation dropped it) gives nothing back: the
 * reconciliation counted it from the database already.
 */
const SETTLE = `
local exists = redis.call('EXISTS', KEYS[1]) == 1
for i = 3, #KEYS do
  local id = ARGV[(i - 3) * 2 + 1]
  local outcome = ARGV[(i - 3) * 2 + 2]
  local removed = redis.call('ZREM', KEYS[2], id)
  if redis.call('GET', KEYS[i]) == id then redis.call('DEL', KEYS[i]) end
  if exists then
    if outcome == 'sold_out' then
      redis.call('SET', KEYS[1], 0)
    elseif outcome == 'returned' and removed == 1 then
      redis.call('INCR', KEYS[1])
    end
  end
end
return 1
`;

/** KEYS: left, live. ARGV: quantity, issued, now ms. Returns {left, live}. */
const RECONCILE = `
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[3])
local live = redis.call('ZCARD', KEYS[2])
local left = tonumber(ARGV[1]) - tonumber(ARGV[2]) - live
if left < 0 then left = 0 end
redis.call('SET', KEYS[1], left)
return {left, live}
`;

export interface GateLogger {
  warn(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
}

export interface RedisGateOptions {
  readonly redis: Redis;
  readonly prefix: string;
  /** The round's count as the database has it now (not a cache). */
  readonly readRound: (roundId: string) => Promise<RoundCount | undefined>;
  readonly log: GateLogger;
  /** How long an admission holds its place without being settled (default ADMISSION_LEASE_MS). */
  readonly leaseMs?: number;
  readonly now?: () => number;
}

/**
 * How long an admission holds its place unsettled: a claim takes milliseconds, a slow one under load a
 * second or two; one held longer (its process was killed) is dropped at the next reconciliation, and its
 * place comes back. One that outlives its lease and then commits is still decided by the database.
 */
export const ADMISSION_LEASE_MS = 5_000;

/** After the gate said sold out, a process checks the database again at most this often per round. */
const RECHECK_MS = 1000;

type Script = 'admit' | 'settle' | 'reconcile';

export class RedisAdmissionGate implements AdmissionGate {
  readonly enabled = true;
  readonly #options: RedisGateOptions;
  readonly #leaseMs: number;
  readonly #now: () => number;
  readonly #process = randomBytes(4).toString('hex');
  #sequence = 0;
  #degraded = false;
  /** Incremented when Redis answers again after being down: rounds reconciled before are done again. */
  #epoch = 0;
  readonly #reconciled = new Map<string, { epoch: number; at: number }>();
  readonly #reconciling = new Map<string, Promise<GateState | null>>();
  readonly #pending: SettledAdmission[] = [];
  #flushing: Promise<void> | undefined;

  constructor(options: RedisGateOptions) {
    this.#options = options;
    this.#leaseMs = options.leaseMs ?? ADMISSION_LEASE_MS;
    this.#now = options.now ?? Date.now;
    const { redis } = options;
    redis.defineCommand('huiminGateAdmit', { numberOfKeys: 3, lua: ADMIT });
    redis.defineCommand('huiminGateSettle', { lua: SETTLE });
    redis.defineCommand('huiminGateReconcile', { numberOfKeys: 2, lua: RECONCILE });
  }

  #key(roundId: string, part: string): string {
    return `${this.#options.prefix}vgate:{${roundId}}:${part}`;
  }

  async #call(script: Script, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
    const redis = this.#options.redis as unknown as Record<string, (...parts: unknown[]) => Promise<unknown>>;
    try {
      let result: unknown;
      if (script === 'admit') result = await redis.huiminGateAdmit?.(...keys, ...args);
      else if (script === 'reconcile') result = await redis.huiminGateReconcile?.(...keys, ...args);
      else result = await redis.huiminGateSettle?.(keys.length, ...keys, ...args);
      if (this.#degraded) {
        this.#degraded = false;
        this.#epoch += 1;
        this.#options.log.info({}, 'Redis answers again: the voucher admission gate is reconciled and back');
      }
      return result;
    } catch (error) {
      if (!this.#degraded) {
        this.#degraded = true;
        this.#options.log.warn(
          { err: error },
          'Redis does not answer: voucher claims go to the database without the admission gate until it does',
        );
      }
      throw error;
    }
  }

  async admit(round: RoundCount, personId: string): Promise<Admission> {
    const seen = this.#reconciled.get(round.id);
    if (seen === undefined || seen.epoch !== this.#epoch) {
      if ((await this.reconcile(round.id).catch(() => null)) === null) return { kind: 'open' };
    }
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const id = `${this.#process}-${(this.#sequence += 1)}`;
      let answer: unknown;
      try {
        answer = await this.#call(
          'admit',
          [this.#key(round.id, 'left'), this.#key(round.id, 'live'), this.#key(round.id, `p:${personId}`)],
          [id, this.#now(), this.#leaseMs],
        );
      } catch {
        return { kind: 'open' };
      }
      switch (answer) {
        case 'admitted':
          return { kind: 'admitted', id };
        case 'busy':
          return { kind: 'busy' };
        case 'wait':
          return { kind: 'wait' };
        case 'sold_out': {
          // Admissions lost with a killed process come back once their lease ends: look again, now and then.
          const last = this.#reconciled.get(round.id);
          if (attempt === 0 && last !== undefined && this.#now() - last.at >= RECHECK_MS) {
            const state = await this.reconcile(round.id).catch(() => null);
            if (state !== null && (state.left ?? 0) > 0) continue;
          }
          return { kind: 'sold_out' };
        }
        case 'unknown':
          // Redis restarted or was flushed: count again from the database, then ask again.
          if ((await this.reconcile(round.id).catch(() => null)) === null) return { kind: 'open' };
          continue;
        default:
          throw new Error(`unexpected answer from the admission gate: ${JSON.stringify(answer)}`);
      }
    }
    return { kind: 'open' };
  }

  /** Settles with the others of this tick (a batch's claims are answered together): one script per round. */
  settle(admissions: readonly SettledAdmission[]): Promise<void> {
    this.#pending.push(...admissions);
    this.#flushing ??= new Promise<void>((resolve) =>
      setImmediate(() => {
        const list = this.#pending.splice(0);
        this.#flushing = undefined;
        void this.#settleNow(list).then(resolve);
      }),
    );
    return this.#flushing;
  }

  async #settleNow(admissions: readonly SettledAdmission[]): Promise<void> {
    const byRound = new Map<string, SettledAdmission[]>();
    for (const admission of admissions) {
      byRound.set(admission.roundId, [...(byRound.get(admission.roundId) ?? []), admission]);
    }
    await Promise.all(
      [...byRound].map(([roundId, list]) =>
        this.#call(
          'settle',
          [
            this.#key(roundId, 'left'),
            this.#key(roundId, 'live'),
            ...list.map((admission) => this.#key(roundId, `p:${admission.personId}`)),
          ],
          list.flatMap((admission) => [admission.admissionId, admission.outcome]),
        ).catch(() => undefined),
      ),
    );
  }

  /** One reconciliation per round at a time in this process; null when Redis or the round is not there. */
  reconcile(roundId: string): Promise<GateState | null> {
    const running = this.#reconciling.get(roundId);
    if (running !== undefined) return running;
    const epoch = this.#epoch;
    const work = (async (): Promise<GateState | null> => {
      const round = await this.#options.readRound(roundId);
      if (round === undefined) return null;
      const reply = await this.#call(
        'reconcile',
        [this.#key(roundId, 'left'), this.#key(roundId, 'live')],
        [round.quantity, round.issued, this.#now()],
      );
      const [left, live] = Array.isArray(reply) ? reply.map(Number) : [Number.NaN, Number.NaN];
      if (left === undefined || live === undefined || !Number.isFinite(left) || !Number.isFinite(live)) {
        throw new Error(`unexpected answer from the gate's reconciliation: ${JSON.stringify(reply)}`);
      }
      this.#reconciled.set(roundId, { epoch, at: this.#now() });
      return { left, live };
    })().finally(() => this.#reconciling.delete(roundId));
    this.#reconciling.set(roundId, work);
    return work;
  }

  /** The gate's count for a round as Redis has it (tests, operations). */
  async state(roundId: string): Promise<GateState | null> {
    const { redis } = this.#options;
    const [left, live] = await Promise.all([
      redis.get(this.#key(roundId, 'left')),
      redis.zcard(this.#key(roundId, 'live')),
    ]);
    return { left: left === null ? null : Number(left), live };
  }

  async close(): Promise<void> {
    const { redis } = this.#options;
    // quit() waits for an answer that a dead server never sends
    if (redis.status === 'ready') await redis.quit().catch(() => undefined);
    redis.disconnect();
  }
}

export interface GateOptions {
  readonly redisUrl: string | null;
  readonly redisPrefix: string;
  readonly readRound: RedisGateOptions['readRound'];
  readonly log: GateLogger & { debug?(fields: Record<string, unknown>, message: string): void };
  readonly leaseMs?: number;
}

/** A Redis command slower than this counts as Redis being down for that claim (it then goes to the database). */
const COMMAND_TIMEOUT_MS = 500;

/**
 * The gate the configuration asks for: open without REDIS_URL; with it, a Redis client that connects in
 * the background (claims before it is ready, or while it is down, go to the database without the gate).
 */
export function openAdmissionGate(options: GateOptions): AdmissionGate {
  if (options.redisUrl === null) return OPEN_GATE;
  const redis = new Redis(options.redisUrl, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: COMMAND_TIMEOUT_MS,
    connectTimeout: 2000,
    // A batch's settlements and the admissions of requests read in the same tick go in one write.
    enableAutoPipelining: true,
  });
  redis.on('error', (error: Error) => options.log.debug?.({ err: error }, 'Redis connection error (admission gate)'));
  redis.connect().catch(() => undefined);
  return new RedisAdmissionGate({
    redis,
    prefix: options.redisPrefix,
    readRound: options.readRound,
    log: options.log,
    ...(options.leaseMs === undefined ? {} : { leaseMs: options.leaseMs }),
  });
}
