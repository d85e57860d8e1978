/**
 * Vouchers' lists on SQLite and PostgreSQL (issue 13), through the HTTP API as the pages call it: the
 * campaigns newest first with their rounds' totals, one campaign with its rounds exactly as GET …/rounds/{id}
 * reads them, and the citizen's list of open and upcoming rounds (an ended one left out) with packs left,
 * what the caller has claimed and whether the limits allow another; permissions by role; bad input a 4xx
 * with a stable code and field, never a 500.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CampaignDetail, CampaignList, ClaimableRoundList } from '../../src/contract/voucher-listing.js';
import type { RoundView } from '../../src/contract/vouchers.js';
import { quietApp } from '../support/app.js';
import { DIALECTS, testEnvironment, type TestEnvironment } from '../support/databases.js';
import { call, DEMO_ENV, DEMO_LOGINS, signIn, type TestSession } from '../support/sessions.js';
import { fundCityPool } from '../support/uploads.js';

const POOL = 'first_launch.hubin.city';
const HOUR = 3_600_000;

describe.each(DIALECTS)('voucher lists on %s', (dialect) => {
  let environment: TestEnvironment;
  let app: FastifyInstance;
  const s = {} as Record<'citizen' | 'finance' | 'cashier' | 'auditor', TestSession>;
  let key = 0;
  let older = '';
  let newer = '';
  const rounds = {} as Record<'open' | 'later' | 'ended' | 'soldOut' | 'lottery', string>;

  const post = (session: TestSession, url: string, payload?: unknown) =>
    call(app, session, {
      method: 'POST',
      url,
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
      headers: { 'idempotency-key': `listing-${(key += 1)}` },
    });
  const get = (session: TestSession | null, url: string) => call(app, session, { method: 'GET', url });

  async function campaign(name: string, limits: Record<string, unknown> = {}): Promise<string> {
    const made = await post(s.finance, '/api/v1/vouchers/campaigns', {
      name,
      funder: { kind: 'city', poolId: POOL },
      categories: ['catering'],
      excludedCategories: [],
      units: ['hubin'],
      packs: [{ faceFen: 2000, thresholdFen: 10_000, count: 1 }],
      limits,
    });
    expect(made.statusCode, made.body).toBe(201);
    return made.json<{ id: string }>().id;
  }
  async function round(
    campaignId: string,
    releaseAt: number,
    quantity: number,
    validDays = 7,
    mode: 'first_come' | 'lottery' = 'first_come',
  ): Promise<string> {
    const made = await post(s.finance, `/api/v1/vouchers/campaigns/${campaignId}/rounds`, {
      releaseAt: new Date(releaseAt).toISOString(),
      quantity,
      validDays,
      mode,
    });
    expect(made.statusCode, made.body).toBe(201);
    return made.json<RoundView>().id;
  }

  beforeAll(async () => {
    // the real clock: the rounds are released around Date.now()
    environment = await testEnvironment(dialect, { ...DEMO_ENV, HUIMIN_CLOCK_DATE: 'off' });
    app = await quietApp(environment.config);
    s.citizen = await signIn(app, DEMO_LOGINS.citizen);
    s.finance = await signIn(app, DEMO_LOGINS.finance_officer);
    s.cashier = await signIn(app, DEMO_LOGINS.merchant_cashier);
    s.auditor = await signIn(app, DEMO_LOGINS.auditor);
    await fundCityPool(app, s.finance, 'first_launch', 'hubin', 1_000_000);
    const now = Date.now();
    older = await campaign('湖滨区餐饮消费券');
    rounds.ended = await round(older, now - 10 * 24 * HOUR, 5, 1);
    rounds.soldOut = await round(older, now - HOUR, 1);
    // created a moment later: newest first puts it ahead
    await new Promise((resolve) => setTimeout(resolve, 5));
    newer = await campaign('三门峡市百货消费券', { perRound: { maxPacks: 2 } });
    rounds.open = await round(newer, now - HOUR, 10);
    rounds.later = await round(newer, now + 24 * HOUR, 20);
    rounds.lottery = await round(newer, now - HOUR, 3, 7, 'lottery');
  });
  afterAll(async () => {
    await app?.close();
    await environment?.cleanup();
  });

  it('lists campaigns newest first with their rounds’ totals, for finance and the auditor', async () => {
    const listed = await get(s.finance, '/api/v1/vouchers/campaigns');
    expect(listed.statusCode, listed.body).toBe(200);
    const list = listed.json<CampaignList>();
    // (a demo campaign may be there too, older than the test's: only the test's are compared)
    expect(list.items.map((item) => item.id).slice(0, 2)).toEqual([newer, older]);
    expect(list).toMatchObject({ offset: 0, limit: 50 });
    expect(list.total).toBe(list.items.length);
    expect(list.items[0]).toMatchObject({
      name: '三门峡市百货消费券',
      packFaceFen: 2000,
      summary: { rounds: 3, quantity: 33, issued: 0, budgetFen: 66_000, heldFen: 66_000, spentFen: 0 },
    });
    expect(list.items[1]?.summary).toMatchObject({ rounds: 2, quantity: 6, budgetFen: 12_000 });
    const paged = (await get(s.auditor, '/api/v1/vouchers/campaigns?offset=1&limit=1')).json<CampaignList>();
    expect(paged.items.map((item) => item.id)).toEqual([older]);
    expect(paged.total).toBe(list.total);
  });

  it('gives a campaign with its rounds in release order, as GET …/rounds/{id} reads each', async () => {
    const answer = await get(s.finance, `/api/v1/vouchers/campaigns/${newer}`);
    expect(answer.statusCode, answer.body).toBe(200);
    const detail = answer.json<CampaignDetail>();
    expect(detail.campaign).toMatchObject({ id: newer, name: '三门峡市百货消费券' });
    // release order (the lottery round was created last but released with the open one)
    expect(detail.rounds.map((r) => r.id).sort()).toEqual([rounds.open, rounds.later, rounds.lottery].sort());
    expect(detail.rounds.at(-1)?.id).toBe(rounds.later);
    expect(detail.rounds.find((r) => r.id === rounds.open)?.state).toBe('open');
    expect(detail.rounds.find((r) => r.id === rounds.later)?.state).toBe('scheduled');
    expect(Date.parse(detail.now)).toBeGreaterThan(Date.parse(detail.rounds[0]?.releaseAt ?? ''));
    for (const r of detail.rounds) {
      expect((await get(s.finance, `/api/v1/vouchers/rounds/${r.id}`)).json()).toEqual(r);
    }
  });

  it('lists a citizen’s open and upcoming rounds with packs left, what they claimed and whether a limit stops another', async () => {
    const before = (await get(s.citizen, '/api/v1/vouchers/rounds')).json<ClaimableRoundList>();
    const ids = before.items.map((item) => item.id);
    // the ended round is left out; soonest release first
    expect(ids).not.toContain(rounds.ended);
    expect(ids.indexOf(rounds.later)).toBeGreaterThan(ids.indexOf(rounds.open));
    expect(before.items.find((item) => item.id === rounds.open)).toMatchObject({
      campaignName: '三门峡市百货消费券',
      funderKind: 'city',
      state: 'open',
      remaining: 10,
      quantity: 10,
      packs: [{ faceFen: 2000, thresholdFen: 10_000, count: 1 }],
      packFaceFen: 2000,
      categories: ['catering'],
      claimedPacks: 0,
      limitReached: false,
    });
    expect(before.items.find((item) => item.id === rounds.later)).toMatchObject({ state: 'scheduled', remaining: 20 });

    // the sold-out round stays listed (closed, nothing left) so the page can say 已抢完
    const first = await post(s.citizen, `/api/v1/vouchers/rounds/${rounds.soldOut}/claims`);
    expect(first.statusCode, first.body).toBe(201);
    for (let n = 0; n < 2; n += 1) {
      const claimed = await post(s.citizen, `/api/v1/vouchers/rounds/${rounds.open}/claims`);
      expect(claimed.statusCode, claimed.body).toBe(201);
    }
    const after = (await get(s.citizen, '/api/v1/vouchers/rounds')).json<ClaimableRoundList>();
    expect(after.items.find((item) => item.id === rounds.open)).toMatchObject({
      remaining: 8,
      claimedPacks: 2,
      limitReached: true,
    });
    expect(after.items.find((item) => item.id === rounds.soldOut)).toMatchObject({
      state: 'closed',
      remaining: 0,
      claimedPacks: 1,
      limitReached: true,
    });
    // a lottery round: registration, then the list says so
    const lottery = before.items.find((item) => item.id === rounds.lottery);
    expect(lottery).toMatchObject({ mode: 'lottery', state: 'registration', registered: false });
    expect(lottery?.commitment).toMatch(/^[0-9a-f]{64}$/);
    const registration = await post(s.citizen, `/api/v1/vouchers/rounds/${rounds.lottery}/registrations`);
    expect(registration.statusCode, registration.body).toBe(201);
    const registered = (await get(s.citizen, '/api/v1/vouchers/rounds')).json<ClaimableRoundList>();
    expect(registered.items.find((item) => item.id === rounds.lottery)).toMatchObject({ registered: true });
    // and the claim the list says is refused is refused
    const third = await post(s.citizen, `/api/v1/vouchers/rounds/${rounds.open}/claims`);
    expect(third.json()).toMatchObject({ error: { code: 'VOUCHER_LIMIT_REACHED' } });
    const detail = (await get(s.finance, `/api/v1/vouchers/campaigns/${older}`)).json<CampaignDetail>();
    expect(detail.rounds.find((r) => r.id === rounds.soldOut)).toMatchObject({ issued: 1, state: 'closed' });
  });

  it('allows each list only to its roles', async () => {
    expect((await get(null, '/api/v1/vouchers/campaigns')).statusCode).toBe(401);
    expect((await get(null, '/api/v1/vouchers/rounds')).statusCode).toBe(401);
    for (const session of [s.citizen, s.cashier]) {
      const refused = await get(session, '/api/v1/vouchers/campaigns');
      expect(refused.statusCode).toBe(403);
      expect(refused.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
      expect((await get(session, `/api/v1/vouchers/campaigns/${newer}`)).statusCode).toBe(403);
    }
    for (const session of [s.finance, s.cashier, s.auditor]) {
      expect((await get(session, '/api/v1/vouchers/rounds')).statusCode).toBe(403);
    }
  });

  it('answers bad input with a 4xx, a stable code and the field, never a 500', async () => {
    const cases: [string, number, string, string | undefined][] = [
      ['/api/v1/vouchers/campaigns?limit=0', 400, 'VALIDATION_FAILED', 'limit'],
      ['/api/v1/vouchers/campaigns?limit=201', 400, 'VALIDATION_FAILED', 'limit'],
      ['/api/v1/vouchers/campaigns?offset=-1', 400, 'VALIDATION_FAILED', 'offset'],
      ['/api/v1/vouchers/campaigns?limit=abc', 400, 'VALIDATION_FAILED', 'limit'],
      ['/api/v1/vouchers/campaigns?colour=red', 400, 'VALIDATION_FAILED', undefined],
      ['/api/v1/vouchers/campaigns/no-such-campaign', 404, 'VOUCHER_CAMPAIGN_NOT_FOUND', 'id'],
      [`/api/v1/vouchers/campaigns/${'x'.repeat(41)}`, 400, 'VALIDATION_FAILED', 'id'],
    ];
    for (const [url, status, code, field] of cases) {
      const answer = await get(s.finance, url);
      expect(answer.statusCode, `${url}: ${answer.body}`).toBe(status);
      const error = answer.json<{ error: { code: string; field?: string } }>().error;
      expect(error.code, url).toBe(code);
      if (field !== undefined) expect(error.field ?? '', url).toContain(field);
    }
  });
});
