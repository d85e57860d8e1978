/**
 * A voucher round's life after release, on SQLite and PostgreSQL (issue 13 §3–§4), on a clock the test moves:
 * a round that ends expires (ROUND_NOT_ENDED before; lapsed vouchers expire; whole packs of the rest re-released
 * into the next round of a campaign that rolls over, the odd rest back to the pool; the books balance); refunds
 * at the till (partial below the threshold scales the discount; a full refund restores the voucher, which can be
 * redeemed again); a lottery round (registration, the draw after the close, winners issued, the published draw
 * rechecked by `huimin voucher verify-draw`, which also finds a changed list); and measure 24's union cap of
 * 500 yuan a member a year across two unions' campaigns, under concurrency; and the redeemed discounts settled
 * through the trade-in settlement batches (every stage, the discount holds committed in the voucher pool, the
 * payout file, the payment results).
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoActor } from '../../src/app/demo-actors.js';
import type {
  ClaimedPack,
  DrawView,
  OwnVoucherList,
  RoundView,
  VoucherRedemptionView,
  VoucherRefundView,
} from '../../src/contract/vouchers.js';
import type { SettlementRunResult } from '../../src/contract/settlement.js';
import { AppError } from '../../src/shared/errors.js';
import { quietApp } from '../support/app.js';
import { huimin } from '../support/cli.js';
import { DIALECTS, testEnvironment, type TestEnvironment } from '../support/databases.js';
import { call, DEMO_ENV, DEMO_LOGINS, signIn, type TestSession } from '../support/sessions.js';
import { insertCitizens } from '../support/vouchers.js';

const DAY = 24 * 60 * 60 * 1000;
const CITY_POOL = 'voucher.city.city';
/** 2 × 满50减10: 20 yuan a pack. */
const PACK = [{ faceFen: 1000, thresholdFen: 5000, count: 2 }];
const PACK_FEN = 2000;

describe.each(DIALECTS)('a voucher round’s life on %s', (dialect) => {
  let environment: TestEnvironment;
  let app: FastifyInstance;
  let clock = Date.parse('2026-03-02T02:00:00Z'); // 10:00 in Sanmenxia
  const s = {} as Record<'citizen' | 'finance' | 'cashier' | 'auditor', TestSession>;
  let key = 0;
  let citizens: DemoActor[] = [];

  const post = (session: TestSession, url: string, payload?: unknown) =>
    call(app, session, {
      method: 'POST',
      url,
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
      headers: { 'idempotency-key': `life-${(key += 1)}` },
    });
  const get = (session: TestSession | null, url: string) => call(app, session, { method: 'GET', url });
  const round = async (id: string) => (await get(s.finance, `/api/v1/vouchers/rounds/${id}`)).json<RoundView>();
  const pool = async (id: string) =>
    (await get(s.finance, `/api/v1/budget/pools/${id}`)).json<{
      availableFen: number;
      heldFen: number;
      spentFen: number;
    }>();
  const signInAll = async () => {
    s.citizen = await signIn(app, DEMO_LOGINS.citizen);
    s.finance = await signIn(app, DEMO_LOGINS.finance_officer);
    s.cashier = await signIn(app, DEMO_LOGINS.merchant_cashier);
    s.auditor = await signIn(app, DEMO_LOGINS.auditor);
  };
  const at = (offsetMs: number) => new Date(clock + offsetMs).toISOString();
  async function fundedPool(line: string, amountFen: number): Promise<string> {
    const created = await post(s.finance, '/api/v1/budget/pools', { line, unitId: 'city', source: 'city' });
    expect(created.statusCode, created.body).toBeLessThan(300);
    const id = created.json<{ pool: { id: string } }>().pool.id;
    const funded = await post(s.finance, `/api/v1/budget/pools/${id}/tranches`, { amountFen });
    expect(funded.statusCode, funded.body).toBe(201);
    return id;
  }
  async function books(): Promise<void> {
    const report = (await get(s.auditor, '/api/v1/budget/books')).json<{ balanced: boolean; problems: string[] }>();
    expect(report.problems).toEqual([]);
    expect(report.balanced).toBe(true);
  }

  beforeAll(async () => {
    environment = await testEnvironment(dialect, { ...DEMO_ENV, HUIMIN_CLOCK_DATE: 'off' });
    app = await quietApp(environment.config, { now: () => new Date(clock) });
    await signInAll();
    expect(await fundedPool('voucher', 1_000_000)).toBe(CITY_POOL);
    citizens = await insertCitizens(app, `life-${dialect}`, 40);
  });
  afterAll(async () => {
    await app?.close();
    await environment?.cleanup();
  });

  let campaignId = '';
  let first = '';
  let second = '';
  const codes: ClaimedPack['vouchers'] = [];

  it('expires a round at its end and re-releases its whole packs into the next round', async () => {
    const campaign = await post(s.finance, '/api/v1/vouchers/campaigns', {
      name: '三门峡市餐饮消费券（滚动）',
      funder: { kind: 'city', poolId: CITY_POOL },
      categories: [],
      excludedCategories: ['pharmacy'],
      units: [],
      packs: PACK,
      limits: { perRound: { maxPacks: 1 } },
      rollover: true,
    });
    expect(campaign.statusCode, campaign.body).toBe(201);
    campaignId = campaign.json<{ id: string }>().id;
    expect(campaign.json()).toMatchObject({ rollover: true });
    const one = await post(s.finance, `/api/v1/vouchers/campaigns/${campaignId}/rounds`, {
      releaseAt: at(-60_000),
      quantity: 5,
      validDays: 1,
      mode: 'first_come',
    });
    expect(one.statusCode, one.body).toBe(201);
    first = one.json<RoundView>().id;
    // Release day + 1 day: the next midnight in Sanmenxia.
    expect(one.json<RoundView>().endsAt).toBe('2026-03-02T16:00:00.000Z');
    const two = await post(s.finance, `/api/v1/vouchers/campaigns/${campaignId}/rounds`, {
      releaseAt: at(2 * DAY),
      quantity: 3,
      validDays: 3,
      mode: 'first_come',
    });
    expect(two.statusCode, two.body).toBe(201);
    second = two.json<RoundView>().id;
    expect(await pool(CITY_POOL)).toMatchObject({ heldFen: 8 * PACK_FEN, spentFen: 0 });

    const claimed = await post(s.citizen, `/api/v1/vouchers/rounds/${first}/claims`);
    expect(claimed.statusCode, claimed.body).toBe(201);
    codes.push(...claimed.json<ClaimedPack>().vouchers);
    expect(codes.every((voucher) => voucher.validUntil === '2026-03-02T16:00:00.000Z')).toBe(true);
    await app.services.vouchers.vouchers.claim(citizens[0]!.context('life-claim-0'), first);
    const redeemed = await post(s.cashier, '/api/v1/vouchers/redemptions', {
      voucherCode: codes[0]!.code,
      billFen: 5000,
      category: 'dining',
    });
    expect(redeemed.statusCode, redeemed.body).toBe(201);

    const early = await post(s.finance, `/api/v1/vouchers/rounds/${first}/expire`);
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ error: { code: 'ROUND_NOT_ENDED' } });

    clock += DAY; // past the round's end
    await signInAll();
    const late = await post(s.citizen, `/api/v1/vouchers/rounds/${first}/claims`);
    expect(late.json()).toMatchObject({ error: { code: 'ROUND_NOT_OPEN' } });
    expect((await round(first)).state).toBe('closed');
    const expired = await post(s.finance, `/api/v1/vouchers/rounds/${first}/expire`);
    expect(expired.statusCode, expired.body).toBe(200);
    // Held: 5 packs (100 yuan) less the 10 yuan redeemed = 90 yuan: 4 whole packs roll over, 10 yuan returns.
    expect(expired.json<RoundView>()).toMatchObject({
      state: 'expired',
      heldFen: 0,
      spentFen: 1000,
      returnedFen: 1000,
      rereleasedInto: second,
      expired: 3,
      redeemed: 1,
    });
    expect(await round(second)).toMatchObject({
      quantity: 7,
      rereleasedPacks: 4,
      rereleasedFrom: first,
      budgetFen: 7 * PACK_FEN,
      heldFen: 7 * PACK_FEN,
    });
    // The redeemed 10 yuan stay held for the merchant; 7 packs held for round 2; 10 yuan back.
    expect(await pool(CITY_POOL)).toMatchObject({
      heldFen: 1000 + 7 * PACK_FEN,
      availableFen: 1_000_000 - 1000 - 7 * PACK_FEN,
    });
    const mine = (await get(s.citizen, '/api/v1/vouchers/mine')).json<OwnVoucherList>();
    expect(
      mine.vouchers
        .filter((voucher) => voucher.roundId === first)
        .map((voucher) => voucher.state)
        .sort(),
    ).toEqual(['expired', 'redeemed']);
    const again = await post(s.finance, `/api/v1/vouchers/rounds/${first}/expire`);
    expect(again.json()).toMatchObject({ error: { code: 'ROUND_ALREADY_EXPIRED' } });
    const late2 = await post(s.cashier, '/api/v1/vouchers/redemptions', {
      voucherCode: codes[1]!.code,
      billFen: 5000,
      category: 'dining',
    });
    expect(late2.statusCode).toBe(409);
    await books();
    const trail = await sql<{
      action: string;
    }>`select action from audit_entries where subject in (${`voucher-round:${first}`}, ${`voucher-round:${second}`}) order by sequence`.execute(
      app.services.database.db,
    );
    expect(trail.rows.map((row) => row.action)).toEqual(
      expect.arrayContaining(['voucher.round.create', 'voucher.round.expire', 'voucher.round.rerelease']),
    );
  });

  it('refunds at the till: a partial refund below the threshold scales the discount; a full one restores the voucher', async () => {
    clock += 2 * DAY; // round 2 is open
    await signInAll();
    const claimed = await post(s.citizen, `/api/v1/vouchers/rounds/${second}/claims`);
    expect(claimed.statusCode, claimed.body).toBe(201);
    const [a, b] = claimed.json<ClaimedPack>().vouchers;
    const bill = await post(s.cashier, '/api/v1/vouchers/redemptions', {
      voucherCode: a!.code,
      billFen: 6000,
      category: 'dining',
    });
    expect(bill.statusCode, bill.body).toBe(201);
    const redemption = bill.json<VoucherRedemptionView>();
    // Goods worth 20 yuan back: 40 kept is below the 50 threshold, so the 10-yuan discount scales to 40/60 of it.
    const partial = await post(s.cashier, `/api/v1/vouchers/redemptions/${redemption.id}/refunds`, {
      refundBillFen: 2000,
    });
    expect(partial.statusCode, partial.body).toBe(201);
    expect(partial.json<VoucherRefundView>()).toMatchObject({
      kind: 'partial',
      keptBillFen: 4000,
      discountFen: 667,
      cashBackFen: 1667,
      reversedFen: 333,
      voucherState: 'redeemed',
    });
    const other = await post(s.citizen, `/api/v1/vouchers/redemptions/${redemption.id}/refunds`, { refundBillFen: 1 });
    expect(other.statusCode).toBe(403);
    const full = await post(s.cashier, `/api/v1/vouchers/redemptions/${redemption.id}/refunds`, {
      refundBillFen: 4000,
    });
    expect(full.json<VoucherRefundView>()).toMatchObject({
      kind: 'full',
      discountFen: 0,
      reversedFen: 667,
      voucherState: 'issued',
    });
    const more = await post(s.cashier, `/api/v1/vouchers/redemptions/${redemption.id}/refunds`, { refundBillFen: 1 });
    expect(more.json()).toMatchObject({ error: { code: 'VOUCHER_NOT_REDEEMED' } });
    // Restored: the voucher can be used again, and the round holds its face again.
    const reused = await post(s.cashier, '/api/v1/vouchers/redemptions', {
      voucherCode: a!.code,
      billFen: 5000,
      category: 'dining',
    });
    expect(reused.statusCode, reused.body).toBe(201);
    expect(b).toBeDefined();
    const view = await round(second);
    expect(view).toMatchObject({ redeemed: 1, spentFen: 1000, heldFen: 7 * PACK_FEN - 1000 - 333, returnedFen: 333 });
    await books();
  });

  it('runs a lottery anyone can check, and the check finds a changed list', async () => {
    const campaign = await post(s.finance, '/api/v1/vouchers/campaigns', {
      name: '文旅消费券（摇号）',
      funder: { kind: 'city', poolId: CITY_POOL },
      categories: ['tourism'],
      excludedCategories: [],
      units: [],
      packs: PACK,
      limits: {},
    });
    const lotteryCampaign = campaign.json<{ id: string }>().id;
    const created = await post(s.finance, `/api/v1/vouchers/campaigns/${lotteryCampaign}/rounds`, {
      releaseAt: at(-1000),
      quantity: 10,
      validDays: 5,
      mode: 'lottery',
      registrationClosesAt: at(DAY / 2),
    });
    expect(created.statusCode, created.body).toBe(201);
    const lottery = created.json<RoundView>();
    expect(lottery.state).toBe('registration');
    expect(lottery.commitment).toMatch(/^[0-9a-f]{64}$/);
    const direct = await post(s.citizen, `/api/v1/vouchers/rounds/${lottery.id}/claims`);
    expect(direct.json()).toMatchObject({ error: { code: 'ROUND_NOT_OPEN' } });
    const mine = await post(s.citizen, `/api/v1/vouchers/rounds/${lottery.id}/registrations`);
    expect(mine.statusCode, mine.body).toBe(201);
    const twice = await post(s.citizen, `/api/v1/vouchers/rounds/${lottery.id}/registrations`);
    expect(twice.json()).toMatchObject({ error: { code: 'ALREADY_REGISTERED' } });
    for (const [index, citizen] of citizens.slice(0, 29).entries()) {
      await app.services.vouchers.lottery.register(citizen.context(`life-register-${index}`), lottery.id);
    }
    const early = await post(s.finance, `/api/v1/vouchers/rounds/${lottery.id}/draw`);
    expect(early.json()).toMatchObject({ error: { code: 'DRAW_NOT_DUE' } });
    const before = (await get(null, `/api/v1/vouchers/rounds/${lottery.id}/draw`)).json<DrawView>();
    expect(before).toMatchObject({ seed: null, winners: [], commitment: lottery.commitment });
    expect(before.entries).toHaveLength(30);

    clock += DAY;
    await signInAll();
    const late = await post(s.citizen, `/api/v1/vouchers/rounds/${lottery.id}/registrations`);
    expect(late.json()).toMatchObject({ error: { code: 'REGISTRATION_CLOSED' } });
    const drawn = await post(s.finance, `/api/v1/vouchers/rounds/${lottery.id}/draw`);
    expect(drawn.statusCode, drawn.body).toBe(200);
    const draw = drawn.json<DrawView>();
    expect(draw.winners).toHaveLength(10);
    expect(draw.seed).toMatch(/^[0-9a-f]{64}$/);
    expect((await round(lottery.id)).issued).toBe(10);
    const again = await post(s.finance, `/api/v1/vouchers/rounds/${lottery.id}/draw`);
    expect(again.json()).toMatchObject({ error: { code: 'ROUND_ALREADY_DRAWN' } });

    // A winner spends with the voucher: the winners' mean spending is above the non-winners'.
    const { db } = app.services.database;
    const winner = await db
      .selectFrom('vouchers')
      .select(['code', 'owner_id'])
      .where('round_id', '=', lottery.id)
      .orderBy('code')
      .executeTakeFirstOrThrow();
    const spent = await post(s.cashier, '/api/v1/vouchers/redemptions', {
      voucherCode: winner.code,
      billFen: 8000,
      category: 'tourism',
    });
    expect(spent.statusCode, spent.body).toBe(201);
    const effect = await get(s.auditor, `/api/v1/vouchers/rounds/${lottery.id}/lottery-difference`);
    expect(effect.statusCode, effect.body).toBe(200);
    // 张三's 50-yuan bill of round 2 (a second before the release) is in the window too, on whichever side he drew.
    const zhang = await db
      .selectFrom('voucher_registrations')
      .select('outcome')
      .where('round_id', '=', lottery.id)
      .where('person_id', '=', 'demo-citizen')
      .executeTakeFirstOrThrow();
    const zhangWon = zhang.outcome === 'won';
    expect(effect.json()).toMatchObject({
      winners: 10,
      nonWinners: 20,
      meanWinnersFen: (8000 + (zhangWon ? 5000 : 0)) / 10,
      meanNonWinnersFen: zhangWon ? 0 : 5000 / 20,
    });
    const ok = await huimin(['voucher', 'verify-draw', lottery.id], environment.env);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('the draw checks out');
    // Someone slips an entry into the list after the close: the check finds it.
    await sql`insert into voucher_registrations (round_id, person_id, entry_hash, registered_at, outcome)
      values (${lottery.id}, 'intruder', ${'f'.repeat(64)}, ${at(0)}, 'won')`.execute(app.services.database.db);
    const changed = await huimin(['voucher', 'verify-draw', lottery.id, '--json'], environment.env);
    expect(changed.code).toBe(1);
    const findings = (JSON.parse(changed.stdout) as { findings: { problem: string }[] }).findings.map((f) => f.problem);
    expect(findings).toEqual(expect.arrayContaining(['list_changed', 'winners_differ']));
  });

  it('keeps the 500-yuan union cap per member a year across two unions’ campaigns, under concurrency', async () => {
    const unionPool = await fundedPool('first_launch', 10_000_000);
    const campaignOf = async (name: string, creditCode: string) => {
      const created = await post(s.finance, '/api/v1/vouchers/campaigns', {
        name,
        funder: { kind: 'union', poolId: unionPool, unionName: name, creditCode },
        categories: [],
        excludedCategories: [],
        units: [],
        // 300 yuan a pack: a member can hold one pack from one union and none from the other.
        packs: [{ faceFen: 10_000, thresholdFen: 0, count: 3 }],
        limits: { perRound: { maxPacks: 1 } },
      });
      expect(created.statusCode, created.body).toBe(201);
      const id = created.json<{ id: string }>().id;
      const released = await post(s.finance, `/api/v1/vouchers/campaigns/${id}/rounds`, {
        releaseAt: at(-1000),
        quantity: 100,
        validDays: 5,
        mode: 'first_come',
      });
      expect(released.statusCode, released.body).toBe(201);
      return released.json<RoundView>().id;
    };
    const unionA = await campaignOf('三门峡市总工会', '81411200MC1234567A');
    const unionB = await campaignOf('湖滨区机关工会', '81411202MC7654321B');
    const members = citizens.slice(0, 20);
    const outcomes = await Promise.all(
      members.flatMap((member, index) =>
        [unionA, unionB, unionA, unionB].map((roundId, n) =>
          app.services.vouchers.vouchers.claim(member.context(`union-${index}-${n}`), roundId).then(
            () => 'claimed',
            (error: unknown) => (error instanceof AppError ? error.code : String(error)),
          ),
        ),
      ),
    );
    expect(outcomes.filter((outcome) => outcome === 'claimed')).toHaveLength(members.length);
    expect(new Set(outcomes)).toEqual(new Set(['claimed', 'VOUCHER_LIMIT_REACHED']));
    const totals = await sql<{ owner_id: string; face: number | string }>`
      select owner_id, sum(face_fen) as face from voucher_packs where funder_kind = 'union' group by owner_id`.execute(
      app.services.database.db,
    );
    expect(totals.rows).toHaveLength(members.length);
    expect(Math.max(...totals.rows.map((row) => Number(row.face)))).toBeLessThanOrEqual(50_000);
  });

  it('settles the redeemed discounts through the trade-in settlement batches, paid from the voucher pool', async () => {
    clock += 10 * DAY; // every redemption is past the return window
    await signInAll();
    const reviewers = await Promise.all(
      [DEMO_LOGINS.county_officer, DEMO_LOGINS.county_finance_officer, DEMO_LOGINS.department_officer].map((login) =>
        signIn(app, login),
      ),
    );
    // The merchant's bank account on record for its unit, where the payout goes (its membership, as for trade-in).
    const owner = await signIn(app, DEMO_LOGINS.merchant_owner);
    const applied = await post(owner, '/api/v1/trade-in/memberships', {
      merchantId: 'demo-merchant',
      lines: ['appliance'],
      units: ['hubin'],
      categories: ['refrigerator'],
      stores: ['湖滨店 三门峡市湖滨区崤山路1号'],
      bankAccountName: '演示家电卖场（湖滨店）',
      bankAccount: '6222 0200 0000 0000 99',
      bankName: '中国工商银行三门峡分行',
    });
    expect(applied.statusCode, applied.body).toBe(201);
    const decided = await post(
      reviewers[0]!,
      `/api/v1/trade-in/memberships/${applied.json<{ id: string }>().id}/decision`,
      {
        decision: 'approve',
      },
    );
    expect(decided.statusCode, decided.body).toBe(200);
    const day = (offset: number) => new Date(clock + offset).toISOString().slice(0, 10);
    const run = await post(reviewers[2]!, '/api/v1/settlements', {
      periodFrom: day(-40 * DAY),
      periodTo: day(-DAY),
      programme: 'voucher',
    });
    expect(run.statusCode, run.body).toBe(201);
    const created = run.json<SettlementRunResult>().created;
    expect(created).toHaveLength(1);
    const batch = created[0]!;
    // Round 1's 10 yuan, round 2's 10 yuan (the refunded bill's discount is gone with its refund) and the
    // lottery winner's 10 yuan.
    expect(batch).toMatchObject({ programme: 'voucher', poolId: CITY_POOL, redemptions: 3, grossFen: 3000 });
    const refund = await post(s.cashier, '/api/v1/vouchers/redemptions/' + (await firstLine(batch.id)) + '/refunds', {
      refundBillFen: 1,
    });
    expect(refund.json()).toMatchObject({ error: { code: 'VOUCHER_IN_SETTLEMENT' } });
    for (const session of [...reviewers, s.finance]) {
      const decided = await post(session, `/api/v1/settlements/${batch.id}/reviews`, { decision: 'approve' });
      expect(decided.statusCode, decided.body).toBe(200);
    }
    const spent = await pool(CITY_POOL);
    expect(spent.spentFen).toBe(3000);
    const file = await get(s.finance, `/api/v1/settlements/${batch.id}/payout-file?format=csv`);
    expect(file.statusCode, file.body).toBe(200);
    expect(file.body).toContain(batch.reference);
    const paid = await post(s.finance, `/api/v1/settlements/${batch.id}/payment-results`, {
      results: [{ reference: batch.reference, status: 'paid', amountFen: 3000, bankReference: 'V-1' }],
    });
    expect(paid.json()).toMatchObject({ state: 'paid', paidFen: 3000 });
    const again = await post(reviewers[2]!, '/api/v1/settlements', {
      periodFrom: day(-40 * DAY),
      periodTo: day(-DAY),
      programme: 'voucher',
    });
    expect(again.json<SettlementRunResult>().created).toHaveLength(0);
    await books();

    // A refund after payment: what is no longer owed is reversed at once and netted in the next voucher batch.
    const detail = (await get(s.finance, `/api/v1/settlements/${batch.id}`)).json<{
      lines: { redemptionId: string; finalPriceFen: number; kind: string }[];
    }>();
    const atThreshold = detail.lines.find((line) => line.finalPriceFen === 5000)!;
    const late = await post(s.cashier, `/api/v1/vouchers/redemptions/${atThreshold.redemptionId}/refunds`, {
      refundBillFen: 2000,
    });
    expect(late.statusCode, late.body).toBe(201);
    expect(late.json<VoucherRefundView>()).toMatchObject({ discountFen: 600, reversedFen: 400 });
    expect(late.json<VoucherRefundView>().explanation).toContain('扣回');
    expect(await pool(CITY_POOL)).toMatchObject({ spentFen: 3000 - 400 });
    const campaign = await post(s.finance, '/api/v1/vouchers/campaigns', {
      name: '餐饮消费券（第二期）',
      funder: { kind: 'city', poolId: CITY_POOL },
      categories: [],
      excludedCategories: [],
      units: [],
      packs: PACK,
      limits: {},
    });
    const released = await post(s.finance, `/api/v1/vouchers/campaigns/${campaign.json<{ id: string }>().id}/rounds`, {
      releaseAt: at(-1000),
      quantity: 2,
      validDays: 3,
      mode: 'first_come',
    });
    const claimed = await post(s.citizen, `/api/v1/vouchers/rounds/${released.json<RoundView>().id}/claims`);
    const fresh = await post(s.cashier, '/api/v1/vouchers/redemptions', {
      voucherCode: claimed.json<ClaimedPack>().vouchers[0]!.code,
      billFen: 7000,
      category: 'dining',
    });
    expect(fresh.statusCode, fresh.body).toBe(201);
    clock += 10 * DAY;
    await signInAll();
    const commerce = await signIn(app, DEMO_LOGINS.department_officer);
    const next = await post(commerce, '/api/v1/settlements', {
      periodFrom: day(-60 * DAY),
      periodTo: day(-DAY),
      programme: 'voucher',
    });
    const [netted] = next.json<SettlementRunResult>().created;
    expect(netted).toMatchObject({ redemptions: 1, grossFen: 1000, clawbackFen: 400, netFen: 600, poolId: CITY_POOL });
    await books();
  });

  it('the sweep `huimin voucher expire` expires every round past its end, and the books still balance', async () => {
    // The CLI runs on the real clock, months after this test's: every round left is due.
    const swept = await huimin(['voucher', 'expire', '--json'], environment.env);
    expect(swept.code, swept.stderr).toBe(0);
    const { expired } = JSON.parse(swept.stdout) as { expired: RoundView[] };
    expect(expired.length).toBeGreaterThan(0);
    expect(expired.every((view) => view.state === 'expired' && view.heldFen === 0)).toBe(true);
    const left = await sql<{
      n: number | string;
    }>`select count(*) as n from voucher_rounds where state <> 'expired'`.execute(app.services.database.db);
    expect(Number(left.rows[0]?.n)).toBe(0);
    const again = await huimin(['voucher', 'expire'], environment.env);
    expect(again.stdout).toContain('0 rounds expired');
    await books();
  });

  async function firstLine(batchId: string): Promise<string> {
    const detail = (await get(s.finance, `/api/v1/settlements/${batchId}`)).json<{
      lines: { redemptionId: string }[];
    }>();
    return detail.lines[0]!.redemptionId;
  }
});
