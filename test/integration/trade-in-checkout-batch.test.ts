/**
 * Checkouts in batches (src/services/trade-in/checkout-batcher.ts) on SQLite and PostgreSQL: checkouts
 * submitted together go into one write transaction and are decided in arrival order as if one after the
 * other. In one batch the same qualification twice, the same serial number at two merchants and the same
 * invoice number twice at one merchant: the first wins each, the others are refused with the single
 * path's codes and write nothing. A batch with a member whose pool cannot pay falls back to one
 * checkout at a time: the member is refused alone, the others are answered. A batched checkout's
 * answer is stored with it (a retry answers it byte for byte, two requests with one key run once), a
 * return gives a batched sale's holds back, and the books balance.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QualificationView, RedemptionRequest, RedemptionView } from '../../src/contract/trade-in.js';
import { creditCodeCheckCharacter } from '../../src/domain/identity/index.js';
import { imeiFromBody } from '../../src/domain/trade-in/goods.js';
import { accountContext } from '../../src/services/context.js';
import { IdempotentReplay, storedAnswer, type IdempotencyClaim } from '../../src/services/idempotent-write.js';
import type { PreparedCheckout } from '../../src/services/trade-in/checkout-decision.js';
import { AppError } from '../../src/shared/errors.js';
import { quietApp } from '../support/app.js';
import { DIALECTS, testEnvironment, type TestEnvironment } from '../support/databases.js';
import { CapturingSender, citizenIdNumber, registeredCitizen } from '../support/registration.js';
import { call, DEMO_ENV, DEMO_LOGINS, signIn, type TestSession } from '../support/sessions.js';

/** 11:00 in Sanmenxia on a day of the 2025 plan: the day's release (10:00) is open. */
const START = Date.parse('2025-06-02T03:00:00.000Z');
const ROUTE = 'POST /api/v1/trade-in/redemptions';

interface Citizen {
  readonly name: string;
  readonly session: TestSession;
}

describe.each(DIALECTS)('checkout batches on %s', (dialect) => {
  let environment: TestEnvironment;
  let app: FastifyInstance;
  const codes = new CapturingSender();
  let finance: TestSession;
  let cashier: TestSession;
  let lingbaoCashier: TestSession;
  const citizens: Citizen[] = [];
  let key = 0;
  let request = 0;

  const post = (session: TestSession, url: string, payload: unknown, idempotent = true) =>
    call(app, session, {
      method: 'POST',
      url,
      payload: payload as Record<string, unknown>,
      ...(idempotent ? { headers: { 'idempotency-key': `k-${(key += 1)}` } } : {}),
    });
  const pool = async (id: string) =>
    (await call(app, finance, { method: 'GET', url: `/api/v1/budget/pools/${id}` })).json<{
      availableFen: number;
      heldFen: number;
    }>();

  async function fund(line: string, unitId: string, source: string, amountFen: number): Promise<void> {
    await post(finance, '/api/v1/budget/pools', { line, unitId, source }, false);
    const funded = await post(finance, `/api/v1/budget/pools/${line}.${unitId}.${source}/tranches`, { amountFen });
    expect(funded.statusCode, funded.body).toBe(201);
  }

  async function approve(session: TestSession, merchantId: string, unit: string, name: string, account: string) {
    const commerce = await signIn(app, DEMO_LOGINS.department_officer);
    const applied = await post(
      session,
      '/api/v1/trade-in/memberships',
      {
        merchantId,
        lines: ['appliance', 'digital'],
        units: [unit],
        categories: ['air_conditioner', 'phone'],
        stores: ['门店'],
        bankAccountName: name,
        bankAccount: account,
        bankName: '农业银行',
      },
      false,
    );
    expect(applied.statusCode, applied.body).toBe(201);
    const decided = await post(
      commerce,
      `/api/v1/trade-in/memberships/${applied.json<{ id: string }>().id}/decision`,
      { decision: 'approve' },
      false,
    );
    expect(decided.statusCode, decided.body).toBe(200);
  }

  beforeAll(async () => {
    environment = await testEnvironment(dialect, { ...DEMO_ENV, HUIMIN_CLOCK_DATE: 'off' });
    app = await quietApp(environment.config, { oneTimeCodeSender: codes, now: () => new Date(START) });
    finance = await signIn(app, DEMO_LOGINS.finance_officer);
    cashier = await signIn(app, DEMO_LOGINS.merchant_cashier);
    const owner = await signIn(app, DEMO_LOGINS.merchant_owner);
    await approve(owner, 'demo-merchant', 'hubin', '演示家电卖场（湖滨店）', '622202000000000099');
    // A second merchant, in another unit, with its own cashier.
    const admin = await signIn(app, DEMO_LOGINS.admin);
    const body = '91411282MA46BAT1';
    const creditCode = `${body}0${creditCodeCheckCharacter(`${body}0`)}`;
    const merchant = await post(
      admin,
      '/api/v1/merchants',
      { name: '灵宝家电城', creditCode, unitId: 'lingbao' },
      false,
    );
    expect(merchant.statusCode, merchant.body).toBe(201);
    const merchantId = merchant.json<{ id: string }>().id;
    for (const [username, role] of [
      ['batch-lingbao-owner', 'merchant_owner'],
      ['batch-lingbao-cashier', 'merchant_cashier'],
    ] as const) {
      const created = await post(
        admin,
        '/api/v1/accounts',
        { username, name: username, password: 'a fine password 2025', roles: [{ role, organisationId: merchantId }] },
        false,
      );
      expect(created.statusCode, created.body).toBe(201);
    }
    await approve(
      await signIn(app, 'batch-lingbao-owner', 'a fine password 2025'),
      merchantId,
      'lingbao',
      '灵宝家电城',
      '622202000000000777',
    );
    lingbaoCashier = await signIn(app, 'batch-lingbao-cashier', 'a fine password 2025');
    for (const unit of ['hubin', 'lingbao']) {
      await fund('appliance', unit, 'central', 9_000_000_00);
      await fund('appliance', unit, 'city', 1_000_000_00);
    }
    // The digital line's city pool in hubin holds less than any phone's city share.
    await fund('digital', 'hubin', 'central', 9_000_000_00);
    await fund('digital', 'hubin', 'city', 100);
    const surnames = [
      '赵',
      '钱',
      '孙',
      '李',
      '周',
      '吴',
      '郑',
      '王',
      '冯',
      '陈',
      '褚',
      '卫',
      '蒋',
      '沈',
      '韩',
      '杨',
      '朱',
      '秦',
      '尤',
    ];
    for (const [index, surname] of surnames.entries()) {
      const name = `${surname}批量`;
      const mobile = `1390001${String(index).padStart(4, '0')}`;
      const details = { name, idNumber: citizenIdNumber(300 + index), mobile, password: 'a fine password' };
      citizens.push({ name, session: await registeredCitizen(app, details, codes) });
    }
  });
  afterAll(async () => {
    await app?.close();
    await environment?.cleanup();
  });

  const checkout = () => app.services.tradeIn.checkout;

  async function claim(citizen: Citizen, line: string, category: string): Promise<QualificationView> {
    const response = await post(citizen.session, '/api/v1/trade-in/qualifications', { line, category }, false);
    expect(response.statusCode, response.body).toBe(201);
    return response.json<QualificationView>();
  }

  function airConditioner(code: string, buyerName: string, serial: string, invoice: string): RedemptionRequest {
    return {
      qualificationCode: code,
      product: {
        category: 'air_conditioner',
        model: 'KFR-35GW',
        serialNumber: serial,
        efficiencyGrade: 1,
        finalPriceFen: 399900,
      },
      invoice: { number: invoice, buyerName, amountFen: 399900 },
    };
  }

  /** A till's checkout read and checked (the part before the batch), with an idempotency claim if given. */
  async function prepared(
    till: TestSession,
    body: RedemptionRequest,
    claimKey?: string,
  ): Promise<{ prepared: PreparedCheckout; claim: IdempotencyClaim | null }> {
    const token = till.cookie.slice('huimin_session='.length);
    const principal = await app.services.accounts.authenticate(token);
    if (principal === null) throw new Error('the till is not signed in');
    const claim: IdempotencyClaim | null =
      claimKey === undefined
        ? null
        : {
            scope: principal.accountId,
            key: claimKey,
            route: ROUTE,
            requestHash: `hash-${claimKey}`,
            createdAt: new Date(START).toISOString(),
            statusOf: () => 201,
            committed: false,
          };
    request += 1;
    const context = accountContext(principal, `batch-test-${request}`, claim);
    return { prepared: await checkout().prepare(context, body), claim };
  }

  /** Submits the checkouts in one tick (so into one batch) and says how each ended. */
  async function oneBatch(checkouts: readonly PreparedCheckout[]) {
    const settled = await Promise.allSettled(checkouts.map((each) => checkout().batcher.submit(each)));
    return settled.map((result) =>
      result.status === 'fulfilled'
        ? { ok: true as const, view: result.value, code: null, error: null }
        : {
            ok: false as const,
            view: null,
            code: result.reason instanceof AppError ? result.reason.code : (result.reason as Error).name,
            error: result.reason as unknown,
          },
    );
  }

  async function redemptionCount(): Promise<number> {
    const rows = await sql<{ n: number }>`select count(*) as n from trade_in_redemptions`.execute(
      app.services.database.db,
    );
    return Number(rows.rows[0]?.n ?? 0);
  }

  it('one batch: the same qualification twice, one serial at two merchants, one invoice twice: the first wins, the others write nothing', async () => {
    const [a, b, c, d, e] = citizens;
    if (a === undefined || b === undefined || c === undefined || d === undefined || e === undefined) throw new Error();
    const qa = await claim(a, 'appliance', 'air_conditioner');
    const qb = await claim(b, 'appliance', 'air_conditioner');
    const qc = await claim(c, 'appliance', 'air_conditioner');
    const qd = await claim(d, 'appliance', 'air_conditioner');
    const qe = await claim(e, 'appliance', 'air_conditioner');
    const hubinBefore = (await pool('appliance.hubin.central')).heldFen;
    const lingbaoBefore = (await pool('appliance.lingbao.central')).heldFen;
    const countBefore = await redemptionCount();
    const batch = [
      await prepared(cashier, airConditioner(qa.code ?? '', a.name, 'B1AC1', 'B1-INV-1')),
      // The same qualification at another till of the batch.
      await prepared(lingbaoCashier, airConditioner(qa.code ?? '', a.name, 'B1AC2', 'B1-INV-2')),
      await prepared(cashier, airConditioner(qb.code ?? '', b.name, 'B1AC3', 'B1-INV-3')),
      // The same serial number at the other merchant.
      await prepared(lingbaoCashier, airConditioner(qc.code ?? '', c.name, 'B1AC3', 'B1-INV-4')),
      // The same invoice number at the same merchant.
      await prepared(cashier, airConditioner(qd.code ?? '', d.name, 'B1AC5', 'B1-INV-3')),
      // The same invoice number at another merchant is another invoice.
      await prepared(lingbaoCashier, airConditioner(qe.code ?? '', e.name, 'B1AC6', 'B1-INV-3')),
    ];
    const stats = { ...checkout().batcher.stats };
    const outcomes = await oneBatch(batch.map((each) => each.prepared));
    expect(checkout().batcher.stats.batches - stats.batches).toBe(1);
    expect(checkout().batcher.stats.fallbacks - stats.fallbacks).toBe(0);
    expect(checkout().batcher.stats.largest).toBeGreaterThanOrEqual(6);
    expect(outcomes.map((outcome) => outcome.code)).toEqual([
      null,
      'QUALIFICATION_USED',
      null,
      'GOODS_ALREADY_SUBSIDISED',
      'INVOICE_ALREADY_USED',
      null,
    ]);
    const refusals = outcomes.filter((outcome) => !outcome.ok).map((outcome) => outcome.error as AppError);
    expect(refusals.map((error) => error.field)).toEqual([
      'qualificationCode',
      'product.serialNumber',
      'invoice.number',
    ]);
    const granted = outcomes.flatMap((outcome) => (outcome.view === null ? [] : [outcome.view]));
    expect(granted.map((view) => view.serialNumber)).toEqual(['B1AC1', 'B1AC3', 'B1AC6']);
    for (const view of granted) {
      expect(view).toMatchObject({ subsidyFen: 79980, payFen: 399900 - 79980, state: 'redeemed' });
      expect(view.shares.map((share) => [share.source, share.amountFen])).toEqual([
        ['central', 71982],
        ['city', 7998],
      ]);
    }
    // Only the three granted were written: redemptions, holds, the refused ones' qualifications untouched.
    expect((await redemptionCount()) - countBefore).toBe(3);
    expect((await pool('appliance.hubin.central')).heldFen - hubinBefore).toBe(2 * 71982);
    expect((await pool('appliance.lingbao.central')).heldFen - lingbaoBefore).toBe(71982);
    const { repository } = app.services.tradeIn;
    for (const refused of [qc, qd]) expect((await repository.findQualification(refused.id))?.state).toBe('active');
    expect((await repository.findQualification(qa.id))?.redemption_id).toBe(granted[0]?.id);
    expect(await repository.goodsSubject('serial:B1AC2')).toBeUndefined();
    expect(await repository.goodsSubject('serial:B1AC5')).toBeUndefined();
    expect(await repository.goodsSubject('serial:B1AC3')).toBe(`redemption:${granted[1]?.id ?? ''}`);
  });

  it('batches in flight at once (PostgreSQL): one overtakes another held at a lock; a serial and an invoice in both are granted once', async () => {
    const buyers = citizens.slice(14, 19);
    const [k, l, m, n, o] = buyers;
    if (k === undefined || l === undefined || m === undefined || n === undefined || o === undefined) throw new Error();
    const [qk, ql, qm, qn, qo] = await Promise.all(buyers.map((buyer) => claim(buyer, 'appliance', 'air_conditioner')));
    const countBefore = await redemptionCount();
    const heldBefore =
      (await pool('appliance.hubin.central')).heldFen + (await pool('appliance.lingbao.central')).heldFen;
    const first = [
      await prepared(cashier, airConditioner(qk?.code ?? '', k.name, 'B5AC1', 'B5-INV-1')),
      await prepared(cashier, airConditioner(ql?.code ?? '', l.name, 'B5AC2', 'B5-INV-2')),
    ];
    const second = [
      // The first batch's serial number at the other merchant, its invoice number at the same merchant.
      await prepared(lingbaoCashier, airConditioner(qm?.code ?? '', m.name, 'B5AC1', 'B5-INV-3')),
      await prepared(cashier, airConditioner(qn?.code ?? '', n.name, 'B5AC4', 'B5-INV-2')),
      await prepared(cashier, airConditioner(qo?.code ?? '', o.name, 'B5AC5', 'B5-INV-5')),
    ];
    const { db } = app.services.database;
    const holder = `applicant:${first[0]?.prepared.citizenId ?? ''}`;
    let release = (): void => undefined;
    let blocker: Promise<void> = Promise.resolve();
    if (dialect === 'postgres') {
      // Another connection holds the first buyer's holder lock: the first batch waits at its first statement.
      let locked = (): void => undefined;
      const held = new Promise<void>((resolve) => (locked = resolve));
      const released = new Promise<void>((resolve) => (release = resolve));
      blocker = db.transaction().execute(async (trx) => {
        await sql`insert into quota_locks (holder) values (${holder}) on conflict (holder) do nothing`.execute(trx);
        await sql`select holder from quota_locks where holder = ${holder} for update`.execute(trx);
        locked();
        await released;
      });
      await held;
    }
    const firstOutcomes = oneBatch(first.map((each) => each.prepared));
    if (dialect === 'postgres') {
      // Until the first batch is seen waiting for that lock.
      for (let tries = 0; ; tries += 1) {
        const waiting = await sql<{ n: number }>`select count(*) as n from pg_stat_activity
          where wait_event_type = 'Lock' and datname = current_database() and query like '%quota_locks%'`.execute(db);
        if (Number(waiting.rows[0]?.n ?? 0) > 0) break;
        if (tries > 500) throw new Error('the first batch never waited for the lock');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }
    // PostgreSQL: the second batch is written while the first waits, and commits first. SQLite: one
    // writer, the first batch is written (it waits for nothing) and then the second.
    const secondOutcomes = await oneBatch(second.map((each) => each.prepared));
    release();
    await blocker;
    const outcomes = [...(await firstOutcomes), ...secondOutcomes];
    expect(checkout().batcher.mostInFlight).toBe(dialect === 'postgres' ? 2 : 1);
    expect(outcomes.map((outcome) => outcome.code)).toEqual(
      dialect === 'postgres'
        ? ['GOODS_ALREADY_SUBSIDISED', 'INVOICE_ALREADY_USED', null, null, null]
        : [null, null, 'GOODS_ALREADY_SUBSIDISED', 'INVOICE_ALREADY_USED', null],
    );
    expect((await redemptionCount()) - countBefore).toBe(3);
    const heldAfter =
      (await pool('appliance.hubin.central')).heldFen + (await pool('appliance.lingbao.central')).heldFen;
    expect(heldAfter - heldBefore).toBe(3 * 71982);
    expect((await app.services.budget.reports.verifyBooks()).balanced).toBe(true);
  });

  it('a batch with a member whose pool cannot pay: each runs alone, the member is refused, the others are answered', async () => {
    const [, , , , , f, g, h] = citizens;
    if (f === undefined || g === undefined || h === undefined) throw new Error();
    const phone = await claim(f, 'digital', 'phone');
    const qg = await claim(g, 'appliance', 'air_conditioner');
    const qh = await claim(h, 'appliance', 'air_conditioner');
    const digitalCity = await pool('digital.hubin.city');
    const digitalCentral = await pool('digital.hubin.central');
    const stats = { ...checkout().batcher.stats };
    const outcomes = await oneBatch([
      (await prepared(cashier, airConditioner(qg.code ?? '', g.name, 'B2AC1', 'B2-INV-1'))).prepared,
      (
        await prepared(cashier, {
          qualificationCode: phone.code ?? '',
          product: {
            category: 'phone',
            model: 'P70',
            serialNumber: imeiFromBody('86012345000001'),
            finalPriceFen: 499900,
          },
          invoice: { number: 'B2-PH-1', buyerName: f.name, amountFen: 499900 },
        })
      ).prepared,
      (await prepared(lingbaoCashier, airConditioner(qh.code ?? '', h.name, 'B2AC2', 'B2-INV-2'))).prepared,
    ]);
    expect(checkout().batcher.stats.fallbacks - stats.fallbacks).toBe(1);
    expect(outcomes.map((outcome) => outcome.code)).toEqual([null, 'BUDGET_EXHAUSTED', null]);
    // The refused phone wrote nothing: neither share held, the qualification still active.
    expect((await pool('digital.hubin.city')).heldFen).toBe(digitalCity.heldFen);
    expect((await pool('digital.hubin.central')).heldFen).toBe(digitalCentral.heldFen);
    expect((await app.services.tradeIn.repository.findQualification(phone.id))?.state).toBe('active');
  });

  it('a batched checkout stores its answer: two with one key run once, a retry answers the first answer', async () => {
    const [, , , , , , , , i, j] = citizens;
    if (i === undefined || j === undefined) throw new Error();
    const qi = await claim(i, 'appliance', 'air_conditioner');
    const qj = await claim(j, 'appliance', 'air_conditioner');
    const first = await prepared(cashier, airConditioner(qi.code ?? '', i.name, 'B3AC1', 'B3-INV-1'), 'b3-once');
    const twin = await prepared(cashier, airConditioner(qi.code ?? '', i.name, 'B3AC1', 'B3-INV-1'), 'b3-once');
    const other = await prepared(cashier, airConditioner(qj.code ?? '', j.name, 'B3AC2', 'B3-INV-2'), 'b3-other');
    const countBefore = await redemptionCount();
    const outcomes = await oneBatch([first.prepared, twin.prepared, other.prepared]);
    expect(outcomes[0]?.ok).toBe(true);
    expect(outcomes[2]?.ok).toBe(true);
    // The twin found its key taken: it answers with the first's stored answer, byte for byte.
    const replay = outcomes[1]?.error;
    expect(replay).toBeInstanceOf(IdempotentReplay);
    expect((replay as IdempotentReplay).body).toBe(JSON.stringify(outcomes[0]?.view));
    expect((await redemptionCount()) - countBefore).toBe(2);
    for (const [index, each] of [first, other].entries()) {
      if (each.claim === null) throw new Error();
      expect(each.claim.committed).toBe(true);
      const stored = await storedAnswer(app.services.database, each.claim);
      expect(stored?.statusCode).toBe(201);
      expect(stored?.body).toBe(JSON.stringify(outcomes[index * 2]?.view));
    }
  });

  it('over HTTP: tills at once are answered from their batches, retries answer the first answers, a return gives the holds back, the books balance', async () => {
    const buyers = citizens.slice(10, 14);
    const qualifications = await Promise.all(buyers.map((buyer) => claim(buyer, 'appliance', 'air_conditioner')));
    const sales = buyers.map((buyer, index) => ({
      till: index % 2 === 0 ? cashier : lingbaoCashier,
      key: `b4-${index}`,
      body: airConditioner(qualifications[index]?.code ?? '', buyer.name, `B4AC${index}`, `B4-INV-${index}`),
    }));
    const send = (sale: (typeof sales)[number]) =>
      call(app, sale.till, {
        method: 'POST',
        url: '/api/v1/trade-in/redemptions',
        headers: { 'idempotency-key': sale.key },
        payload: sale.body,
      });
    const answers = await Promise.all(sales.map(send));
    expect(answers.map((answer) => answer.statusCode)).toEqual([201, 201, 201, 201]);
    const held = (await pool('appliance.hubin.central')).heldFen;
    const retries = await Promise.all(sales.map(send));
    expect(retries.map((retry) => retry.body)).toEqual(answers.map((answer) => answer.body));
    expect(retries.map((retry) => retry.headers['idempotent-replayed'])).toEqual(['true', 'true', 'true', 'true']);
    expect((await pool('appliance.hubin.central')).heldFen).toBe(held);

    const sold = answers[0]?.json<RedemptionView>();
    if (sold === undefined) throw new Error();
    const returned = await post(cashier, `/api/v1/trade-in/redemptions/${sold.id}/returns`, { reason: '质量问题' });
    expect(returned.statusCode, returned.body).toBe(201);
    expect((await pool('appliance.hubin.central')).heldFen).toBe(held - 71982);

    const books = await app.services.budget.reports.verifyBooks();
    expect(books.balanced).toBe(true);
    const { db } = app.services.database;
    const shares = await sql<{ fen: number }>`
      select coalesce(sum(amount_fen), 0) as fen from trade_in_redemption_shares`.execute(db);
    const holds = await sql<{ fen: number }>`select coalesce(sum(held_fen), 0) as fen from budget_pools`.execute(db);
    // Every share of a sale not returned is still held, and nothing else is.
    expect(Number(holds.rows[0]?.fen)).toBe(Number(shares.rows[0]?.fen));
    expect((await app.services.audit.verify()).ok).toBe(true);
  });
});
