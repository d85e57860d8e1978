/**
 * Flash claims at scale (issue 13 §2): the batched claim path and the Redis admission gate.
 *
 * SQLite, one process, the service called as the route does: 2,000 concurrent claims by 400 citizens for a
 * round of 500 packs go through in batches (many claims a transaction) and still issue exactly 500, each
 * person within the round's and the campaign's limits (two rounds of one campaign claimed in the same
 * batches), two requests with one Idempotency-Key in one batch make one pack and one answer, and the
 * audit log has one entry per pack.
 *
 * PostgreSQL + Redis, real processes: two app processes (the built server) share one round through the
 * gate; clients fire claims with Idempotency-Keys at both; one process is killed with SIGKILL mid-release;
 * every request it left unanswered is retried with its key against the survivor, and then against a
 * restarted process. At the end: the round's counter within quantity and equal to its packs; the voucher
 * codes of every 201 anyone received are exactly the round's vouchers in the database (every acknowledged
 * claim has its pack, no pack lacks an acknowledged request, a retry of a committed claim replays its
 * answer); nobody over their limit; the audit chain intact; once the killed process's admission leases
 * have ended their places come back and the round sells out to its last pack; and the gate reconciled from
 * the database agrees with it (nothing in flight, left = quantity − issued), also after it is flushed.
 */
import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoActors } from '../../src/app/demo-actors.js';
import type { ClaimedPack, RoundView } from '../../src/contract/vouchers.js';
import { AccountRepository } from '../../src/db/accounts-repository.js';
import type { Database } from '../../src/db/tables.js';
import type { IdempotencyClaim } from '../../src/services/idempotent-write.js';
import { ADMISSION_LEASE_MS, RedisAdmissionGate } from '../../src/services/vouchers/admission-gate.js';
import { AppError } from '../../src/shared/errors.js';
import { projectRoot } from '../../src/shared/project-root.js';
import { quietApp } from '../support/app.js';
import { startServer, type ChildServer } from '../support/child-server.js';
import { testEnvironment, type TestEnvironment } from '../support/databases.js';
import { REDIS_URL, deleteRedisKeys, testRedisPrefix } from '../support/redis.js';
import { call, DEMO_ENV, DEMO_LOGINS, signIn, type TestSession } from '../support/sessions.js';

const POOL = 'first_launch.hubin.city';
const PACK = [
  { faceFen: 500, thresholdFen: 0, count: 2 },
  { faceFen: 2000, thresholdFen: 10_000, count: 1 },
];
const PACK_FEN = 3000;

/** Citizens written straight into the accounts table, with a session row each when asked (what a sign-in writes). */
async function insertCitizens(
  app: FastifyInstance,
  prefix: string,
  count: number,
): Promise<{ ids: string[]; sessions: { cookie: string; csrfToken: string }[] }> {
  const { db, dialect } = app.services.database;
  const accounts = new AccountRepository(db, dialect);
  const at = new Date().toISOString();
  const ids = Array.from({ length: count }, (_, index) => `${prefix}-${index}`);
  const sessions = ids.map(() => ({
    token: randomBytes(32).toString('base64url'),
    csrfToken: randomBytes(24).toString('base64url'),
  }));
  await db.transaction().execute(async (trx) => {
    await accounts.insertAccounts(
      trx,
      ids.map((id, index) => ({
        id,
        kind: 'citizen' as const,
        username: null,
        name: `市民${index}`,
        // Stand-ins for the encrypted ID number and mobile: these accounts only claim.
        id_number_cipher: null,
        id_number_lookup: `${id}-id`,
        mobile_cipher: null,
        mobile_lookup: `${id}-mobile`,
        bank_account_cipher: null,
        password_hash: 'x',
        status: 'active' as const,
        failed_sign_ins: 0,
        locked_until: null,
        demo: 0,
        created_at: at,
        updated_at: at,
        last_sign_in_at: null,
      })),
      ids.map((id) => ({ account_id: id, role: 'citizen', organisation_kind: '' as const, organisation_id: '' })),
    );
    await trx
      .insertInto('sessions')
      .values(
        ids.map((id, index) => ({
          id: createHash('sha256')
            .update(sessions[index]?.token ?? '', 'utf8')
            .digest('hex'),
          account_id: id,
          csrf_token: sessions[index]?.csrfToken ?? '',
          created_at: at,
          expires_at: new Date(Date.now() + 8 * 3600_000).toISOString(),
          last_seen_at: at,
          address: '127.0.0.1',
          user_agent: 'voucher-gate test',
        })),
      )
      .execute();
  });
  return {
    ids,
    sessions: sessions.map((session) => ({
      cookie: `huimin_session=${session.token}`,
      csrfToken: session.csrfToken,
    })),
  };
}

/** A campaign of PACK (2 packs per person per round, 3 per campaign) and its rounds, through the API. */
async function campaignWithRounds(app: FastifyInstance, finance: TestSession, quantities: readonly number[]) {
  let key = 0;
  const post = (url: string, payload: Record<string, unknown>) =>
    call(app, finance, { method: 'POST', url, payload, headers: { 'idempotency-key': `setup-${(key += 1)}` } });
  await call(app, finance, {
    method: 'POST',
    url: '/api/v1/budget/pools',
    payload: { line: 'first_launch', unitId: 'hubin', source: 'city' },
  });
  const funded = await post(`/api/v1/budget/pools/${POOL}/tranches`, {
    amountFen: quantities.reduce((sum, quantity) => sum + quantity, 0) * PACK_FEN,
  });
  expect(funded.statusCode, funded.body).toBe(201);
  const campaign = await post('/api/v1/vouchers/campaigns', {
    name: '抢券压力测试',
    funder: { kind: 'city', poolId: POOL },
    categories: [],
    excludedCategories: [],
    units: ['hubin'],
    packs: PACK,
    limits: { perRound: { maxPacks: 2 }, perCampaign: { maxPacks: 3 } },
  });
  expect(campaign.statusCode, campaign.body).toBe(201);
  const rounds: RoundView[] = [];
  for (const quantity of quantities) {
    const round = await post(`/api/v1/vouchers/campaigns/${campaign.json<{ id: string }>().id}/rounds`, {
      releaseAt: new Date(Date.now() - 60_000).toISOString(),
      quantity,
      validDays: 7,
      mode: 'first_come',
    });
    expect(round.statusCode, round.body).toBe(201);
    rounds.push(round.json<RoundView>());
  }
  return rounds;
}

async function count(db: Kysely<Database>, query: ReturnType<typeof sql<{ n: number | string }>>): Promise<number> {
  return Number((await query.execute(db)).rows[0]?.n ?? 0);
}

/** A claim's idempotency claim, as the route would make it, for claims called on the service directly. */
function claimOf(accountId: string, key: string): IdempotencyClaim {
  return {
    scope: accountId,
    key,
    route: 'POST /api/v1/vouchers/rounds/:id/claims',
    requestHash: key,
    createdAt: new Date().toISOString(),
    statusOf: () => 201,
    committed: false,
  };
}

describe('batched flash claims on sqlite', () => {
  let environment: TestEnvironment;
  let app: FastifyInstance;

  beforeAll(async () => {
    environment = await testEnvironment('sqlite', { ...DEMO_ENV, HUIMIN_CLOCK_DATE: 'off' });
    app = await quietApp(environment.config);
  });
  afterAll(async () => {
    await app?.close();
    await environment?.cleanup();
  });

  it('issues exactly 500 of 2,000 concurrent claims in batches, every person within the round and campaign limits', async () => {
    const finance = await signIn(app, DEMO_LOGINS.finance_officer);
    const [round, second] = await campaignWithRounds(app, finance, [500, 300]);
    if (round === undefined || second === undefined) throw new Error('no rounds');
    const { ids } = await insertCitizens(app, 'batch-citizen', 400);
    const actors = new DemoActors(new AccountRepository(app.services.database.db, app.services.database.dialect));
    const people = await Promise.all(ids.map((id) => actors.of(id)));
    const service = app.services.vouchers.vouchers;
    const before = { ...service.claimStats };
    // 2,000 claims of the first round and 400 of the second, interleaved, all at once; citizen 7's claim
    // "twice-7" is sent twice with one key.
    const claims = Array.from({ length: 2400 }, (_, n) => {
      const person = people[n % 400];
      if (person === undefined) throw new Error('no person');
      const roundId = n % 6 === 5 ? second.id : round.id;
      const key = n === 7 || n === 2007 ? 'twice-7' : `claim-${n}`;
      const context = { ...person.context(`batch-${n}`), idempotency: claimOf(person.principal.accountId, key) };
      return { n, roundId, key, owner: person.principal.accountId, run: () => service.claim(context, roundId) };
    });
    const outcomes = await Promise.all(
      claims.map((claim) =>
        claim.run().then(
          (pack: ClaimedPack) => ({ ...claim, outcome: 'claimed', codes: pack.vouchers.map((v) => v.code) }),
          (error: unknown) => ({
            ...claim,
            outcome: error instanceof AppError ? error.code : (error as Error).name,
            codes: [] as string[],
          }),
        ),
      ),
    );
    const tally = new Map<string, number>();
    for (const { outcome, roundId } of outcomes) {
      const label = `${roundId === round.id ? 'first' : 'second'}:${outcome}`;
      tally.set(label, (tally.get(label) ?? 0) + 1);
    }
    const stats = service.claimStats;
    // Batches, not one transaction a claim: 2,400 claims in far fewer batches, none fell back.
    expect(stats.claims - before.claims).toBe(2400);
    expect(stats.batches - before.batches).toBeLessThan(240);
    expect(stats.largest).toBeGreaterThan(32);
    expect(stats.fallbacks - before.fallbacks).toBe(0);

    const { db } = app.services.database;
    const issued = async (id: string) =>
      (await db.selectFrom('voucher_rounds').select('issued').where('id', '=', id).executeTakeFirstOrThrow()).issued;
    expect(await issued(round.id)).toBe(500);
    expect(tally.get('first:claimed')).toBe(500);
    expect(tally.get('first:VOUCHER_SOLD_OUT')).toBeGreaterThan(0);
    // The one key sent twice: one pack, and the other request answered with the first's answer.
    const twice = outcomes.filter((outcome) => outcome.key === 'twice-7');
    expect(twice.map((outcome) => outcome.outcome).sort()).toEqual(['IdempotentReplay', 'claimed']);

    const perPerson = await sql<{ owner_id: string; round_id: string; n: number | string }>`
      select owner_id, round_id, count(*) as n from voucher_packs group by owner_id, round_id`.execute(db);
    const byOwner = new Map<string, number>();
    for (const row of perPerson.rows) {
      expect(Number(row.n)).toBeLessThanOrEqual(2);
      byOwner.set(row.owner_id, (byOwner.get(row.owner_id) ?? 0) + Number(row.n));
    }
    expect(Math.max(...byOwner.values())).toBeLessThanOrEqual(3);
    // The second round sells what the campaign limit leaves of its 400 claims, never past it or its quantity.
    const secondIssued = await issued(second.id);
    expect(secondIssued).toBe(tally.get('second:claimed'));
    expect(secondIssued).toBeLessThanOrEqual(300);
    expect(tally.get('second:VOUCHER_LIMIT_REACHED') ?? 0).toBeGreaterThan(0);
    // Every claim answered with codes has exactly those vouchers, of its owner; nothing else was written.
    const rows = await db.selectFrom('vouchers').select(['code', 'owner_id']).execute();
    const owners = new Map(rows.map((row) => [row.code, row.owner_id]));
    const answered = outcomes.filter((outcome) => outcome.outcome === 'claimed');
    expect(answered.flatMap((outcome) => outcome.codes).length).toBe(rows.length);
    for (const outcome of answered) for (const code of outcome.codes) expect(owners.get(code)).toBe(outcome.owner);
    expect(
      await count(
        db,
        sql<{ n: number | string }>`select count(*) as n from audit_entries where action = 'voucher.claim'`,
      ),
    ).toBe(500 + secondIssued);
    expect((await app.services.audit.verify()).ok).toBe(true);
    expect(
      await count(
        db,
        sql<{
          n: number | string;
        }>`select count(*) as n from idempotency_records where state = 'done' and status_code = 201
          and route like '%/claims'`,
      ),
    ).toBe(answered.length);
  }, 120_000);
});

describe('two app processes racing for one round without the gate on postgres', () => {
  let environment: TestEnvironment;
  let first: FastifyInstance;
  let second: FastifyInstance;

  beforeAll(async () => {
    environment = await testEnvironment('postgres', { ...DEMO_ENV, HUIMIN_CLOCK_DATE: 'off' });
    first = await quietApp(environment.config);
    second = await quietApp(environment.config);
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
    await environment?.cleanup();
  });

  it('issues exactly the round: the second process’s batch waits for the round’s row and decides on what the first left', async () => {
    const finance = await signIn(first, DEMO_LOGINS.finance_officer);
    const [round] = await campaignWithRounds(first, finance, [60]);
    if (round === undefined) throw new Error('no round');
    const { ids } = await insertCitizens(first, 'race-citizen', 300);
    const apps = [first, second];
    const people = await Promise.all(
      apps.map((app) =>
        Promise.all(
          ids.map((id) =>
            new DemoActors(new AccountRepository(app.services.database.db, app.services.database.dialect)).of(id),
          ),
        ),
      ),
    );
    const before = apps.map((app) => ({ ...app.services.vouchers.vouchers.claimStats }));
    // 300 citizens, each once, half through each process, all at once: 60 packs for 300 claims.
    const outcomes = await Promise.all(
      ids.map((id, n) => {
        const side = n % 2;
        const person = people[side]?.[n];
        const app = apps[side];
        if (person === undefined || app === undefined) throw new Error('no person');
        const context = { ...person.context(`race-${n}`), idempotency: claimOf(id, `race-${n}`) };
        return app.services.vouchers.vouchers.claim(context, round.id).then(
          () => 'claimed',
          (error: unknown) => (error instanceof AppError ? error.code : String(error)),
        );
      }),
    );
    const tally = new Map<string, number>();
    for (const outcome of outcomes) tally.set(outcome, (tally.get(outcome) ?? 0) + 1);
    expect(Object.fromEntries(tally)).toEqual({ claimed: 60, VOUCHER_SOLD_OUT: 240 });
    const { db } = first.services.database;
    const counter = await db
      .selectFrom('voucher_rounds')
      .select(['issued', 'quantity'])
      .where('id', '=', round.id)
      .executeTakeFirstOrThrow();
    expect(counter).toEqual({ issued: 60, quantity: 60 });
    expect(
      await count(
        db,
        sql<{ n: number | string }>`select count(*) as n from voucher_packs where round_id = ${round.id}`,
      ),
    ).toBe(60);
    expect(
      await count(
        db,
        sql<{
          n: number | string;
        }>`select count(*) as n from idempotency_records where state = 'done' and key like 'race-%'`,
      ),
    ).toBe(60);
    const after = apps.map((app) => app.services.vouchers.vouchers.claimStats);
    const claimed = after.map((stats, index) => stats.claims - (before[index]?.claims ?? 0));
    expect(claimed.reduce((sum, n) => sum + n, 0)).toBeGreaterThanOrEqual(60);
    // The second process's batch waited for the round's row and decided on the count the first left:
    // no batch had to be run again claim by claim.
    const fallbacks = after.map((stats, index) => stats.fallbacks - (before[index]?.fallbacks ?? 0));
    expect(fallbacks).toEqual([0, 0]);
    expect((await first.services.audit.verify()).ok).toBe(true);
  }, 120_000);
});

interface Shot {
  readonly key: string;
  readonly citizen: number;
  /** The final answer: status and, for a 201, its voucher codes. */
  status?: number;
  code?: string;
  codes?: string[];
  replayed?: boolean;
  /** Attempts that got no answer (a killed process) or asked to come back later. */
  unanswered: number;
}

describe('the Redis admission gate with two app processes on postgres, one killed mid-release', () => {
  let environment: TestEnvironment;
  let app: FastifyInstance;
  const prefix = testRedisPrefix();
  const children: ChildServer[] = [];
  const QUANTITY = 600;
  const CITIZENS = 400;
  const SHOTS = 1600;

  beforeAll(async () => {
    environment = await testEnvironment('postgres', {
      ...DEMO_ENV,
      HUIMIN_CLOCK_DATE: 'off',
      REDIS_URL,
      HUIMIN_REDIS_PREFIX: prefix,
    });
    app = await quietApp(environment.config);
  });
  afterAll(async () => {
    for (const child of children) if (child.process.exitCode === null) child.process.kill('SIGKILL');
    await app?.close();
    await environment?.cleanup();
    await deleteRedisKeys(prefix);
  });

  it('loses no acknowledged claim and makes none unacknowledged; the gate agrees with the database', async () => {
    const finance = await signIn(app, DEMO_LOGINS.finance_officer);
    const [round] = await campaignWithRounds(app, finance, [QUANTITY]);
    if (round === undefined) throw new Error('no round');
    const { sessions } = await insertCitizens(app, 'gate-citizen', CITIZENS);
    const main = path.join(projectRoot(), 'dist', 'server', 'main.js');
    const start = async () => {
      const child = await startServer([main], '/readyz', { ...environment.env, LOG_LEVEL: 'error' });
      children.push(child);
      return child;
    };
    const [first, second] = [await start(), await start()];
    if (first === undefined || second === undefined) throw new Error('no servers');

    const shots: Shot[] = Array.from({ length: SHOTS }, (_, n) => ({
      key: `gate-${n}`,
      citizen: n % CITIZENS,
      unanswered: 0,
    }));
    /** One attempt at `server`: true when the shot has its final answer. */
    const fire = async (server: ChildServer, shot: Shot): Promise<boolean> => {
      const session = sessions[shot.citizen];
      if (session === undefined) throw new Error('no session');
      let response: Response;
      try {
        response = await fetch(`${server.url}/api/v1/vouchers/rounds/${round.id}/claims`, {
          method: 'POST',
          headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken, 'idempotency-key': shot.key },
        });
      } catch {
        shot.unanswered += 1;
        return false;
      }
      const body = await response.text();
      // 429: the person's other claim is in flight; 5xx: try again (the same key).
      if (response.status === 429 || response.status >= 500) {
        shot.unanswered += 1;
        return false;
      }
      shot.status = response.status;
      shot.replayed = response.headers.get('idempotent-replayed') === 'true';
      if (response.status === 201) shot.codes = (JSON.parse(body) as ClaimedPack).vouchers.map((v) => v.code);
      else shot.code = (JSON.parse(body) as { error?: { code?: string } }).error?.code ?? String(response.status);
      return true;
    };
    /** `workers` clients working through `queue` at `server`; shots without an answer go to `left`. */
    const run = async (server: ChildServer, queue: Shot[], left: Shot[], workers: number, onAnswer?: () => void) => {
      await Promise.all(
        Array.from({ length: workers }, async () => {
          for (let shot = queue.shift(); shot !== undefined; shot = queue.shift()) {
            if (await fire(server, shot)) onAnswer?.();
            else left.push(shot);
          }
        }),
      );
    };

    // Both processes at once; the first is killed once it has answered 150 claims, its clients still firing.
    const toFirst = shots.filter((_, n) => n % 2 === 0);
    const toSecond = shots.filter((_, n) => n % 2 === 1);
    const retries: Shot[] = [];
    let answeredByFirst = 0;
    let killed = false;
    const exited = new Promise<void>((resolve) => first.process.once('exit', () => resolve()));
    await Promise.all([
      run(first, toFirst, retries, 32, () => {
        answeredByFirst += 1;
        if (answeredByFirst === 150 && !killed) {
          killed = true;
          first.process.kill('SIGKILL');
        }
      }),
      run(second, toSecond, retries, 32),
    ]);
    await exited;
    expect(killed).toBe(true);
    expect(retries.length).toBeGreaterThan(0);
    const unansweredAtKill = retries.length;

    // The survivor takes the retries (same keys); what it asks back for goes to a restarted process.
    for (let attempt = 0; attempt < 20 && retries.length > 0; attempt += 1) {
      const again = retries.splice(0);
      await run(second, again, retries, 16);
      if (retries.length > 0) await sleep(250);
    }
    const restarted = await start();
    const resent = shots.filter((shot) => shot.status === undefined);
    for (let attempt = 0; attempt < 20 && resent.length > 0; attempt += 1) {
      const again = resent.splice(0);
      await run(restarted, again, resent, 16);
      if (resent.length > 0) await sleep(250);
    }
    expect(shots.filter((shot) => shot.status === undefined)).toEqual([]);
    // A retry of a claim that did commit before the kill gets its stored answer, not a second pack.
    const sample = shots.filter((shot) => shot.status === 201).filter((_, n) => n % 10 === 0);
    const replays = sample.map((shot) => ({ ...shot, unanswered: 0 }));
    await run(restarted, [...replays], [], 8);
    for (const [index, shot] of replays.entries()) {
      expect(shot.status).toBe(201);
      expect(shot.replayed).toBe(true);
      expect(shot.codes).toEqual(sample[index]?.codes);
    }

    // Once the killed process's leases have ended, the places it held in the gate come back: fresh claims
    // at the survivor (citizens still under their limit) take the round's last packs.
    await sleep(ADMISSION_LEASE_MS + 500);
    const late: Shot[] = Array.from({ length: CITIZENS }, (_, citizen) => ({
      key: `late-${citizen}`,
      citizen,
      unanswered: 0,
    }));
    shots.push(...late);
    const lateQueue = [...late];
    for (let attempt = 0; attempt < 20 && lateQueue.length > 0; attempt += 1) {
      await run(second, lateQueue.splice(0), lateQueue, 16);
      if (lateQueue.length > 0) await sleep(250);
    }
    expect(late.filter((shot) => shot.status === undefined)).toEqual([]);
    console.info(
      `gate test: ${unansweredAtKill} claims unanswered at the kill; retried, ${shots.filter((shot) => shot.unanswered > 0 && shot.replayed === true).length} ` +
        `replayed an answer committed before it; ${late.filter((shot) => shot.status === 201).length} packs taken after the leases ended`,
    );
    const acknowledged = shots.filter((shot) => shot.status === 201);

    const { db } = app.services.database;
    const { quantity, issued } = await db
      .selectFrom('voucher_rounds')
      .select(['quantity', 'issued'])
      .where('id', '=', round.id)
      .executeTakeFirstOrThrow();
    expect(issued).toBeLessThanOrEqual(quantity);
    const packs = await count(
      db,
      sql<{ n: number | string }>`select count(*) as n from voucher_packs where round_id = ${round.id}`,
    );
    expect(packs).toBe(issued);
    // Every 201 anyone received is exactly its pack in the database, and no pack lacks one.
    const stored = await db
      .selectFrom('vouchers')
      .select(['code', 'owner_id'])
      .where('round_id', '=', round.id)
      .execute();
    const received = acknowledged.flatMap((shot) => shot.codes ?? []);
    expect(new Set(received).size).toBe(received.length);
    expect([...received].sort()).toEqual(stored.map((row) => row.code).sort());
    expect(acknowledged.length).toBe(packs);
    const owners = new Map(stored.map((row) => [row.code, row.owner_id]));
    for (const shot of acknowledged) {
      for (const code of shot.codes ?? []) expect(owners.get(code)).toBe(`gate-citizen-${shot.citizen}`);
    }
    // Nobody over their limit (2 a round), and the refusals are the claim's own.
    const most = await count(
      db,
      sql<{ n: number | string }>`select max(c) as n from (select count(*) as c from voucher_packs
        where round_id = ${round.id} group by owner_id) as t`,
    );
    expect(most).toBeLessThanOrEqual(2);
    const refusals = new Set(shots.filter((shot) => shot.status !== 201).map((shot) => shot.code));
    expect([...refusals].every((code) => code === 'VOUCHER_SOLD_OUT' || code === 'VOUCHER_LIMIT_REACHED')).toBe(true);
    // 2,000 claims by 400 citizens at 2 each could take 800 packs: the round sold out, to its last pack.
    expect(issued).toBe(quantity);
    expect((await app.services.audit.verify()).ok).toBe(true);
    expect(unansweredAtKill).toBeGreaterThan(0);

    // The gate, reconciled from the database once everything is answered, agrees with it.
    const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
    try {
      const gate = new RedisAdmissionGate({
        redis,
        prefix,
        readRound: async (id) => {
          const row = await db
            .selectFrom('voucher_rounds')
            .select(['quantity', 'issued'])
            .where('id', '=', id)
            .executeTakeFirst();
          return row === undefined ? undefined : { id, ...row };
        },
        log: { warn: () => undefined, info: () => undefined },
      });
      expect(await gate.reconcile(round.id)).toEqual({ left: quantity - issued, live: 0 });
      expect(await gate.state(round.id)).toEqual({ left: 0, live: 0 });
      // A flushed gate is rebuilt from the database at its next admission: still nothing left to admit.
      await redis.del(`${prefix}vgate:{${round.id}}:left`);
      expect(await gate.state(round.id)).toEqual({ left: null, live: 0 });
      expect(await gate.admit({ id: round.id, quantity, issued }, 'gate-citizen-0')).toEqual({ kind: 'sold_out' });
      expect(await gate.state(round.id)).toEqual({ left: 0, live: 0 });
    } finally {
      await redis.quit();
    }
  }, 180_000);
});
