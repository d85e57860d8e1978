/**
 * Consumption vouchers end to end on SQLite and PostgreSQL (issue 13): a finance officer creates a campaign and
 * a round (its whole budget held in the pool at once; a round the pool cannot pay is refused and holds
 * nothing), citizens claim (a round not yet released is refused; per-person limits hold), 2,000 concurrent
 * claims by 400 citizens for a round of 500 packs issue exactly 500 with every limit kept, and the cashier
 * redeems at a threshold (the discount spent out of the round's hold, the rest still held), a voucher redeems
 * once even at two tills at once, and the campaign report and the books agree.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClaimedPack, OwnVoucherList, RoundView, VoucherRedemptionView } from '../../src/contract/vouchers.js';
import { DemoActors } from '../../src/app/demo-actors.js';
import { AccountRepository } from '../../src/db/accounts-repository.js';
import { AppError } from '../../src/shared/errors.js';
import { quietApp } from '../support/app.js';
import { DIALECTS, testEnvironment, type TestEnvironment } from '../support/databases.js';
import { call, DEMO_ENV, DEMO_LOGINS, signIn, type TestSession } from '../support/sessions.js';
import { fundCityPool } from '../support/uploads.js';

const POOL = 'first_launch.hubin.city';
/** 2×5 yuan without threshold + 1×20 yuan at 满100: 30 yuan a pack. */
const PACK = [
  { faceFen: 500, thresholdFen: 0, count: 2 },
  { faceFen: 2000, thresholdFen: 10_000, count: 1 },
];
const PACK_FEN = 3000;
const CITIZENS = 400;
const CLAIMS = 2000;
const QUANTITY = 500;

describe.each(DIALECTS)('vouchers on %s', (dialect) => {
  let environment: TestEnvironment;
  let app: FastifyInstance;
  const s = {} as Record<'citizen' | 'finance' | 'cashier' | 'owner' | 'auditor', TestSession>;
  let key = 0;
  let campaignId = '';
  let roundId = '';
  const mine: ClaimedPack['vouchers'] = [];

  beforeAll(async () => {
    environment = await testEnvironment(dialect, { ...DEMO_ENV, HUIMIN_CLOCK_DATE: 'off' });
    app = await quietApp(environment.config);
    s.citizen = await signIn(app, DEMO_LOGINS.citizen);
    s.finance = await signIn(app, DEMO_LOGINS.finance_officer);
    s.cashier = await signIn(app, DEMO_LOGINS.merchant_cashier);
    s.owner = await signIn(app, DEMO_LOGINS.merchant_owner);
    s.auditor = await signIn(app, DEMO_LOGINS.auditor);
    await fundCityPool(app, s.finance, 'first_launch', 'hubin', 2_000_000);
    // 400 citizens, written straight into the accounts table (they never sign in: the service is called).
    const { db } = app.services.database;
    const accounts = new AccountRepository(db, app.services.database.dialect);
    const at = new Date().toISOString();
    await db.transaction().execute(async (trx) => {
      await accounts.insertAccounts(
        trx,
        Array.from({ length: CITIZENS }, (_, index) => ({
          id: `voucher-citizen-${index}`,
          kind: 'citizen' as const,
          username: null,
          name: `市民${index}`,
          // Stand-ins for the encrypted ID number and mobile: these accounts only claim.
          id_number_cipher: null,
          id_number_lookup: `voucher-test-id-${index}`,
          mobile_cipher: null,
          mobile_lookup: `voucher-test-mobile-${index}`,
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
        Array.from({ length: CITIZENS }, (_, index) => ({
          account_id: `voucher-citizen-${index}`,
          role: 'citizen',
          organisation_kind: '' as const,
          organisation_id: '',
        })),
      );
    });
  });
  afterAll(async () => {
    await app?.close();
    await environment?.cleanup();
  });

  function post(session: TestSession, url: string, payload?: unknown) {
    return call(app, session, {
      method: 'POST',
      url,
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
      headers: { 'idempotency-key': `k-${(key += 1)}` },
    });
  }
  const get = (session: TestSession, url: string) => call(app, session, { method: 'GET', url });
  const pool = async () =>
    (await get(s.finance, `/api/v1/budget/pools/${POOL}`)).json<{
      availableFen: number;
      heldFen: number;
      spentFen: number;
    }>();
  const round = async (id: string) => (await get(s.finance, `/api/v1/vouchers/rounds/${id}`)).json<RoundView>();

  it('creates a campaign and a round whose whole budget is held at once; refuses a round the pool cannot pay', async () => {
    const campaign = await post(s.finance, '/api/v1/vouchers/campaigns', {
      name: '三门峡市餐饮消费券',
      funder: { kind: 'city', poolId: POOL },
      categories: [],
      excludedCategories: ['pharmacy', 'fuel'],
      units: ['hubin'],
      packs: PACK,
      limits: { perRound: { maxPacks: 2 }, perCampaign: { maxPacks: 3 } },
    });
    expect(campaign.statusCode, campaign.body).toBe(201);
    campaignId = campaign.json<{ id: string }>().id;
    expect(campaign.json()).toMatchObject({ packFaceFen: PACK_FEN, vouchersPerPack: 3 });

    const released = await post(s.finance, `/api/v1/vouchers/campaigns/${campaignId}/rounds`, {
      releaseAt: new Date(Date.now() - 60_000).toISOString(),
      quantity: QUANTITY,
      validDays: 7,
      mode: 'first_come',
    });
    expect(released.statusCode, released.body).toBe(201);
    const view = released.json<RoundView>();
    roundId = view.id;
    expect(view).toMatchObject({ quantity: QUANTITY, issued: 0, budgetFen: QUANTITY * PACK_FEN, state: 'open' });
    expect(await pool()).toMatchObject({ availableFen: 500_000, heldFen: 1_500_000, spentFen: 0 });

    const tooBig = await post(s.finance, `/api/v1/vouchers/campaigns/${campaignId}/rounds`, {
      releaseAt: new Date().toISOString(),
      quantity: QUANTITY,
      validDays: 7,
      mode: 'first_come',
    });
    expect(tooBig.statusCode, tooBig.body).toBe(409);
    expect(tooBig.json()).toMatchObject({ error: { code: 'BUDGET_EXHAUSTED' } });
    expect(await pool()).toMatchObject({ availableFen: 500_000, heldFen: 1_500_000 });

    const other = await post(s.citizen, '/api/v1/vouchers/campaigns', campaign.json());
    expect(other.statusCode).toBe(403);
  });

  it('refuses a round not yet released, then gives a citizen a pack and keeps the per-round limit', async () => {
    const later = await post(s.finance, `/api/v1/vouchers/campaigns/${campaignId}/rounds`, {
      releaseAt: new Date(Date.now() + 3_600_000).toISOString(),
      quantity: 10,
      validDays: 7,
      mode: 'first_come',
    });
    expect(later.statusCode, later.body).toBe(201);
    const early = await post(s.citizen, `/api/v1/vouchers/rounds/${later.json<RoundView>().id}/claims`);
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ error: { code: 'ROUND_NOT_OPEN' } });

    for (let n = 0; n < 2; n += 1) {
      const claimed = await post(s.citizen, `/api/v1/vouchers/rounds/${roundId}/claims`);
      expect(claimed.statusCode, claimed.body).toBe(201);
      const pack = claimed.json<ClaimedPack>().vouchers;
      expect(pack.map((voucher) => [voucher.faceFen, voucher.thresholdFen])).toEqual([
        [500, 0],
        [500, 0],
        [2000, 10_000],
      ]);
      mine.push(...pack);
    }
    const third = await post(s.citizen, `/api/v1/vouchers/rounds/${roundId}/claims`);
    expect(third.statusCode).toBe(409);
    expect(third.json()).toMatchObject({ error: { code: 'VOUCHER_LIMIT_REACHED', field: 'per_round' } });
    const list = (await get(s.citizen, '/api/v1/vouchers/mine')).json<OwnVoucherList>();
    expect(list.vouchers.map((voucher) => voucher.code).sort()).toEqual(mine.map((voucher) => voucher.code).sort());
    expect(list.vouchers.every((voucher) => voucher.usable && voucher.state === 'issued')).toBe(true);
    expect((await round(roundId)).issued).toBe(2);
  });

  it(`issues exactly ${QUANTITY} packs for ${CLAIMS} concurrent claims by ${CITIZENS} citizens, within every limit`, async () => {
    const actors = new DemoActors(new AccountRepository(app.services.database.db, app.services.database.dialect));
    const contexts: Awaited<ReturnType<DemoActors['of']>>[] = [];
    for (let index = 0; index < CITIZENS; index += 1) contexts.push(await actors.of(`voucher-citizen-${index}`));
    const service = app.services.vouchers.vouchers;
    const outcomes = await Promise.all(
      Array.from({ length: CLAIMS }, (_, n) =>
        service.claim((contexts[n % CITIZENS] ?? contexts[0])!.context(`claim-${n}`), roundId).then(
          () => 'claimed',
          (error: unknown) => (error instanceof AppError ? error.code : String(error)),
        ),
      ),
    );
    const tally = new Map<string, number>();
    for (const outcome of outcomes) tally.set(outcome, (tally.get(outcome) ?? 0) + 1);
    expect([...tally.keys()].sort()).toEqual(['VOUCHER_LIMIT_REACHED', 'VOUCHER_SOLD_OUT', 'claimed']);
    expect(tally.get('claimed')).toBe(QUANTITY - 2);
    expect((await round(roundId)).issued).toBe(QUANTITY);
    const { db } = app.services.database;
    const perPerson = await sql<{ owner_id: string; n: number | string }>`
      select owner_id, count(*) as n from voucher_packs where round_id = ${roundId} group by owner_id`.execute(db);
    expect(perPerson.rows.reduce((sum, row) => sum + Number(row.n), 0)).toBe(QUANTITY);
    expect(Math.max(...perPerson.rows.map((row) => Number(row.n)))).toBe(2);
    const vouchers = await sql<{
      n: number | string;
    }>`select count(*) as n from vouchers where round_id = ${roundId}`.execute(db);
    expect(Number(vouchers.rows[0]?.n)).toBe(QUANTITY * 3);
    const more = await post(s.citizen, `/api/v1/vouchers/rounds/${roundId}/claims`);
    expect(more.json()).toMatchObject({ error: { code: 'VOUCHER_SOLD_OUT' } });
  }, 120_000);

  it('redeems at a threshold at the till: the discount is spent out of the round’s hold, the rest still held', async () => {
    const big = mine.find((voucher) => voucher.thresholdFen === 10_000)!;
    const below = await post(s.cashier, '/api/v1/vouchers/redemptions', {
      voucherCode: big.code,
      billFen: 9_999,
      category: 'dining',
    });
    expect(below.statusCode).toBe(409);
    expect(below.json()).toMatchObject({ error: { code: 'VOUCHER_THRESHOLD_NOT_MET' } });
    const excluded = await post(s.cashier, '/api/v1/vouchers/redemptions', {
      voucherCode: big.code,
      billFen: 20_000,
      category: 'pharmacy',
    });
    expect(excluded.json()).toMatchObject({ error: { code: 'VOUCHER_CATEGORY_EXCLUDED' } });
    const own = await post(s.citizen, '/api/v1/vouchers/redemptions', {
      voucherCode: big.code,
      billFen: 10_000,
      category: 'dining',
    });
    expect(own.statusCode).toBe(403);

    const redeemed = await post(s.cashier, '/api/v1/vouchers/redemptions', {
      voucherCode: big.code,
      billFen: 10_000,
      category: 'dining',
    });
    expect(redeemed.statusCode, redeemed.body).toBe(201);
    expect(redeemed.json<VoucherRedemptionView>()).toMatchObject({
      discountFen: 2000,
      payFen: 8000,
      state: 'redeemed',
    });
    // The discount stays held, now for the merchant, until a settlement batch pays (commits) it.
    expect(await pool()).toMatchObject({ spentFen: 0, heldFen: 1_500_000 + 10 * PACK_FEN });
    expect(await round(roundId)).toMatchObject({ redeemed: 1, spentFen: 2000, heldFen: QUANTITY * PACK_FEN - 2000 });

    const again = await post(s.owner, '/api/v1/vouchers/redemptions', {
      voucherCode: big.code,
      billFen: 10_000,
      category: 'dining',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: { code: 'VOUCHER_ALREADY_REDEEMED' } });
  });

  it('redeems one voucher once even at two tills at the same moment', async () => {
    const small = mine.filter((voucher) => voucher.thresholdFen === 0);
    for (const voucher of small) {
      const body = { voucherCode: voucher.code, billFen: 300, category: 'dining' };
      const answers = await Promise.all([
        post(s.cashier, '/api/v1/vouchers/redemptions', body),
        post(s.owner, '/api/v1/vouchers/redemptions', body),
      ]);
      const codes = answers.map((answer) => answer.statusCode).sort();
      expect(codes, answers.map((answer) => answer.body).join('\n')).toEqual([201, 409]);
      const loser = answers.find((answer) => answer.statusCode === 409);
      expect(loser?.json()).toMatchObject({ error: { code: 'VOUCHER_ALREADY_REDEEMED' } });
      // A small bill: the 5-yuan voucher takes off 3 yuan (no change given), the rest stays with the round.
      expect(answers.find((answer) => answer.statusCode === 201)?.json()).toMatchObject({
        discountFen: 300,
        payFen: 0,
      });
    }
    const spent = 2000 + small.length * 300;
    expect(await round(roundId)).toMatchObject({
      redeemed: 1 + small.length,
      spentFen: spent,
      heldFen: QUANTITY * PACK_FEN - spent,
    });
    expect(await pool()).toMatchObject({ spentFen: 0, heldFen: 1_500_000 + 10 * PACK_FEN });
    const books = (await get(s.auditor, '/api/v1/budget/books')).json<{ balanced: boolean; problems: string[] }>();
    expect(books.problems).toEqual([]);
    expect(books.balanced).toBe(true);
  });

  it('reports what the campaign drove, leverage labelled gross', async () => {
    const response = await get(s.auditor, `/api/v1/vouchers/campaigns/${campaignId}/report`);
    expect(response.statusCode, response.body).toBe(200);
    const report = response.json<{ total: Record<string, unknown> }>();
    const redeemedCount = 1 + mine.filter((voucher) => voucher.thresholdFen === 0).length;
    expect(report.total).toMatchObject({
      issued: (QUANTITY + 10) * 3,
      claimed: QUANTITY * 3,
      redeemed: redeemedCount,
      voucherFen: 2000 + (redeemedCount - 1) * 300,
      salesFen: 10_000 + (redeemedCount - 1) * 300,
      leverageKind: 'gross',
    });
    const denied = await get(s.citizen, `/api/v1/vouchers/campaigns/${campaignId}/report`);
    expect(denied.statusCode).toBe(403);
  });
});
