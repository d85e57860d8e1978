/**
 * Granting subsidies on SQLite and PostgreSQL: quotas are checked against the applicant's stored
 * grants atomically with the budget hold (concurrent grants for one person cannot both pass a quota
 * of one; concurrent grants against a small pool never overspend it), a return gives the money back
 * and keeps the qualification used, merchants grant only in their own units, a retry with the same
 * Idempotency-Key grants once, and a reform simulation recomputes every standing grant, writing nothing.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GrantOutcome } from '../../src/contract/subsidy.js';
import { quietApp } from '../support/app.js';
import { DIALECTS, testEnvironment, type TestEnvironment } from '../support/databases.js';
import { CapturingSender, citizenIdNumber, registeredCitizen } from '../support/registration.js';
import { call, DEMO_ENV, DEMO_LOGINS, signIn, type TestSession } from '../support/sessions.js';

const AIR_CONDITIONER = {
  line: 'appliance',
  category: 'air_conditioner',
  efficiencyGrade: 1,
  finalPriceFen: 399900,
  purchaseDate: '2025-05-01',
} as const;

describe.each(DIALECTS)('subsidy grants on %s', (dialect) => {
  let environment: TestEnvironment;
  let app: FastifyInstance;
  let finance: TestSession;
  let reviewer: TestSession;
  let keyCounter = 0;
  const codes = new CapturingSender();

  beforeAll(async () => {
    environment = await testEnvironment(dialect, DEMO_ENV);
    app = await quietApp(environment.config, { oneTimeCodeSender: codes });
    finance = await signIn(app, DEMO_LOGINS.finance_officer);
    reviewer = await signIn(app, DEMO_LOGINS.reviewer);
    for (const [line, unit, amountFen] of [
      ['appliance', 'hubin', 10_000_00],
      ['appliance', 'lingbao', 2_000_00],
    ] as const) {
      await call(app, finance, {
        method: 'POST',
        url: '/api/v1/budget/pools',
        payload: { line, unitId: unit, source: 'city' },
      });
      const funded = await call(app, finance, {
        method: 'POST',
        url: `/api/v1/budget/pools/${line}.${unit}.city/tranches`,
        headers: { 'idempotency-key': `fund-${unit}` },
        payload: { amountFen },
      });
      expect(funded.statusCode, funded.body).toBe(201);
    }
  });
  afterAll(async () => {
    await app?.close();
    await environment?.cleanup();
  });

  async function citizen(n: number): Promise<string> {
    const session = await registeredCitizen(
      app,
      {
        name: `市民${n}`,
        idNumber: citizenIdNumber(n),
        mobile: `1390000${String(1000 + n)}`,
        password: 'a fine password',
      },
      codes,
    );
    return session.accountId;
  }

  function grant(
    session: TestSession,
    applicantId: string,
    purchase: Record<string, unknown> = AIR_CONDITIONER,
    unitId = 'hubin',
    key = `grant-${(keyCounter += 1)}`,
  ) {
    return call(app, session, {
      method: 'POST',
      url: '/api/v1/subsidy/grants',
      headers: { 'idempotency-key': key },
      payload: { purchase, applicantId, unitId, source: 'city' },
    });
  }

  const pool = async (id: string) =>
    (await call(app, finance, { method: 'GET', url: `/api/v1/budget/pools/${id}` })).json<{
      availableFen: number;
      heldFen: number;
    }>();

  it('grants 20% of the final price, holds it in the pool, and keeps the explanation and clause', async () => {
    const before = await pool('appliance.hubin.city');
    const response = await grant(reviewer, 'demo-citizen');
    expect(response.statusCode, response.body).toBe(201);
    const outcome = response.json<GrantOutcome>();
    expect(outcome).toMatchObject({ granted: true, grant: { subsidyFen: 79980, status: 'granted', unitId: 'hubin' } });
    expect(outcome.decision.explanation).toContain('799.80');
    expect(outcome.grant?.parameterVersion).toMatch(/^sanmenxia-2025@/);
    const after = await pool('appliance.hubin.city');
    expect(after.heldFen - before.heldFen).toBe(79980);
    expect(before.availableFen - after.availableFen).toBe(79980);
    const entry = (await app.services.audit.page({ action: 'subsidy.grant' })).items[0];
    expect(entry).toMatchObject({ actor: 'demo-reviewer', subject: `grant:${outcome.grant?.id ?? ''}` });
  });

  it('counts quotas across purchases: three air conditioners a year, then not eligible with nothing held', async () => {
    await grant(reviewer, 'demo-citizen');
    await grant(reviewer, 'demo-citizen');
    const before = await pool('appliance.hubin.city');
    const fourth = await grant(reviewer, 'demo-citizen');
    expect(fourth.statusCode).toBe(200);
    const outcome = fourth.json<GrantOutcome>();
    expect(outcome).toMatchObject({ granted: false, grant: null });
    expect(outcome.decision.reasons.map((reason) => reason.code)).toContain('QUOTA_USED');
    expect(await pool('appliance.hubin.city')).toEqual(before);
  });

  it('lets only one of ten concurrent grants through a quota of one', async () => {
    const applicant = await citizen(1);
    const fridge = { ...AIR_CONDITIONER, category: 'refrigerator' };
    const answers = await Promise.all(Array.from({ length: 10 }, () => grant(reviewer, applicant, fridge)));
    const granted = answers.filter((answer) => answer.statusCode === 201);
    expect(granted).toHaveLength(1);
    for (const answer of answers.filter((item) => item.statusCode !== 201)) {
      expect(answer.statusCode, answer.body).toBe(200);
      expect(answer.json<GrantOutcome>().decision.reasons.map((reason) => reason.code)).toContain('QUOTA_USED');
    }
    const list = await call(app, reviewer, { method: 'GET', url: `/api/v1/subsidy/grants?applicantId=${applicant}` });
    expect(list.json<{ total: number }>().total).toBe(1);
  });

  it('never overspends a pool under concurrent grants: the rest get BUDGET_EXHAUSTED, nothing written', async () => {
    // 2,000 元 in the pool; each grant is 799.80 元: two fit.
    const applicants = await Promise.all([2, 3, 4, 5, 6].map((n) => citizen(n)));
    const answers = await Promise.all(
      applicants.map((applicant) => grant(reviewer, applicant, AIR_CONDITIONER, 'lingbao')),
    );
    const statuses = answers.map((answer) => answer.statusCode).sort();
    expect(statuses).toEqual([201, 201, 409, 409, 409]);
    for (const answer of answers.filter((item) => item.statusCode === 409)) {
      expect(answer.json()).toMatchObject({ error: { code: 'BUDGET_EXHAUSTED' } });
    }
    expect(await pool('appliance.lingbao.city')).toMatchObject({
      availableFen: 2_000_00 - 2 * 79980,
      heldFen: 2 * 79980,
    });
    const grants = await sql<{ n: number }>`select count(*) as n from subsidy_grants where unit_id = 'lingbao'`.execute(
      app.services.database.db,
    );
    expect(Number(grants.rows[0]?.n)).toBe(2);
    expect((await app.services.budget.reports.verifyBooks()).balanced).toBe(true);
  });

  it('takes a return: the money goes back to the pool, the qualification stays used', async () => {
    const applicant = await citizen(7);
    const tv = { ...AIR_CONDITIONER, category: 'tv', finalPriceFen: 500000 };
    const granted = (await grant(reviewer, applicant, tv)).json<GrantOutcome>();
    const before = await pool('appliance.hubin.city');
    const returned = await call(app, reviewer, {
      method: 'POST',
      url: `/api/v1/subsidy/grants/${granted.grant?.id ?? ''}/return`,
      headers: { 'idempotency-key': 'return-1' },
      payload: { reason: '退货 订单 2025-05-0001' },
    });
    expect(returned.statusCode, returned.body).toBe(200);
    expect(returned.json()).toMatchObject({ status: 'reversed' });
    const after = await pool('appliance.hubin.city');
    expect(after.availableFen - before.availableFen).toBe(granted.grant?.subsidyFen);
    const again = await call(app, reviewer, {
      method: 'POST',
      url: `/api/v1/subsidy/grants/${granted.grant?.id ?? ''}/return`,
      headers: { 'idempotency-key': 'return-2' },
      payload: { reason: 'twice' },
    });
    expect(again.json()).toMatchObject({ error: { code: 'GRANT_NOT_GRANTED' } });
    const rebuy = (await grant(reviewer, applicant, tv)).json<GrantOutcome>();
    expect(rebuy.granted).toBe(false);
    expect(rebuy.decision.reasons.map((reason) => reason.code)).toContain('QUOTA_USED');
  });

  it('grants once for a retried request with the same Idempotency-Key', async () => {
    const applicant = await citizen(8);
    const before = await pool('appliance.hubin.city');
    const first = await grant(reviewer, applicant, AIR_CONDITIONER, 'hubin', 'same-key');
    const retry = await grant(reviewer, applicant, AIR_CONDITIONER, 'hubin', 'same-key');
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toBe(first.body);
    const after = await pool('appliance.hubin.city');
    expect(after.heldFen - before.heldFen).toBe(79980);
  });

  it('lets merchant staff grant only in their own merchant’s unit', async () => {
    const cashier = await signIn(app, DEMO_LOGINS.merchant_cashier);
    const applicant = await citizen(9);
    const elsewhere = await grant(cashier, applicant, AIR_CONDITIONER, 'lingbao');
    expect(elsewhere.statusCode).toBe(403);
    expect(elsewhere.json()).toMatchObject({ error: { code: 'FORBIDDEN', field: 'unitId' } });
    const home = await grant(cashier, applicant, AIR_CONDITIONER, 'hubin');
    expect(home.statusCode, home.body).toBe(201);
  });

  it('refuses a applicantId chosen by the caller and an unknown applicant', async () => {
    const chosen = await grant(reviewer, 'demo-citizen', { ...AIR_CONDITIONER, applicantId: 'someone-else' });
    expect(chosen.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', field: 'purchase.applicantId' } });
    const unknown = await grant(reviewer, 'nobody');
    expect(unknown.json()).toMatchObject({ error: { code: 'ACCOUNT_NOT_FOUND', field: 'applicantId' } });
  });

  it('simulates a reform over every standing grant and writes nothing', async () => {
    const count = async () =>
      Number(
        (await sql<{ n: number }>`select count(*) as n from subsidy_grants`.execute(app.services.database.db)).rows[0]
          ?.n,
      );
    const before = await count();
    const response = await call(app, finance, {
      method: 'POST',
      url: '/api/v1/subsidy/reform-simulations',
      payload: { changes: [{ key: 'appliance.grade1.rate_bp', value: 1500 }] },
    });
    expect(response.statusCode, response.body).toBe(200);
    const report = response.json<{
      total: { decisions: number; baseFen: number; changedFen: number; differenceFen: number };
    }>();
    const standing = (
      await sql<{
        n: number;
        fen: number;
      }>`select count(*) as n, sum(subsidy_fen) as fen from subsidy_grants where status = 'granted'`.execute(
        app.services.database.db,
      )
    ).rows[0];
    expect(report.total.decisions).toBe(Number(standing?.n));
    // 15% of 3,999.00 is 599.85 instead of 799.80 for every grade-1 air conditioner at that price.
    expect(report.total.differenceFen).toBe(report.total.changedFen - report.total.baseFen);
    expect(report.total.differenceFen).toBeLessThan(0);
    expect(await count()).toBe(before);
    const bad = await call(app, finance, {
      method: 'POST',
      url: '/api/v1/subsidy/reform-simulations',
      payload: { changes: [{ key: 'no.such.key', value: 1 }] },
    });
    expect(bad.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', field: 'changes' } });
  });

  it('holds a cumulative cap across purchases: 12,000 yuan per dwelling for home adaptation', async () => {
    await call(app, finance, {
      method: 'POST',
      url: '/api/v1/budget/pools',
      payload: { line: 'elderly_adaptation', unitId: 'hubin', source: 'city' },
    });
    await call(app, finance, {
      method: 'POST',
      url: '/api/v1/budget/pools/elderly_adaptation.hubin.city/tranches',
      headers: { 'idempotency-key': 'fund-elderly' },
      payload: { amountFen: 100_000_00 },
    });
    const applicant = await citizen(10);
    // 30% of 30,000 yuan of products is 9,000 yuan; the dwelling's cap is 12,000 yuan in all.
    const adaptation = {
      line: 'elderly_adaptation',
      productCostFen: 30_000_00,
      labourCostFen: 5_000_00,
      purchaseDate: '2025-05-01',
      dwellingId: 'dwelling-hubin-0001',
    };
    const subsidies = [];
    for (const purchaseDate of ['2025-05-01', '2025-06-01', '2025-07-01']) {
      subsidies.push((await grant(reviewer, applicant, { ...adaptation, purchaseDate })).json<GrantOutcome>());
    }
    expect(subsidies.map((outcome) => outcome.grant?.subsidyFen ?? 0)).toEqual([9_000_00, 3_000_00, 0]);
    expect(subsidies[2]?.decision.reasons.map((reason) => reason.code)).toContain('CAP_REACHED');
    // Another person in the same dwelling shares the cap.
    const neighbour = await citizen(11);
    const shared = (await grant(reviewer, neighbour, adaptation)).json<GrantOutcome>();
    expect(shared.granted).toBe(false);
  });

  /** A staff account with these roles, signed in. */
  async function staff(username: string, roles: { role: string; organisationId?: string }[]): Promise<TestSession> {
    const admin = await signIn(app, DEMO_LOGINS.admin);
    const created = await call(app, admin, {
      method: 'POST',
      url: '/api/v1/accounts',
      payload: { username, name: `测试${username}`, password: 'a fine password', roles },
    });
    expect(created.statusCode, created.body).toBe(201);
    return signIn(app, username, 'a fine password');
  }

  it('decides scope by the roles that carry subsidy.grant, not by any other role the account holds', async () => {
    const admin = await signIn(app, DEMO_LOGINS.admin);
    // A registered citizen who is also given a cashier's role keeps the citizen role.
    const cashierId = await citizen(20);
    const roles = await call(app, admin, {
      method: 'PUT',
      url: `/api/v1/accounts/${cashierId}/roles`,
      payload: { roles: [{ role: 'citizen' }, { role: 'merchant_cashier', organisationId: 'demo-merchant' }] },
    });
    expect(roles.statusCode, roles.body).toBe(200);
    const citizenCashier = await signIn(app, '13900001020', 'a fine password');
    const applicant = await citizen(21);
    const elsewhere = await grant(citizenCashier, applicant, AIR_CONDITIONER, 'lingbao');
    expect(elsewhere.statusCode, elsewhere.body).toBe(403);
    expect(elsewhere.json()).toMatchObject({ error: { code: 'FORBIDDEN', field: 'unitId' } });
    const toSelf = await grant(citizenCashier, cashierId, AIR_CONDITIONER, 'hubin');
    expect(toSelf.statusCode, toSelf.body).toBe(403);
    expect(toSelf.json()).toMatchObject({ error: { code: 'CONFLICT_OF_INTEREST' } });
    const home = await grant(citizenCashier, applicant, AIR_CONDITIONER, 'hubin');
    expect(home.statusCode, home.body).toBe(201);
    expect(home.json<GrantOutcome>().grant).toMatchObject({ merchantId: 'demo-merchant', unitId: 'hubin' });

    // A department officer who also works a till is a cashier for grants, nothing more.
    const officerCashier = await staff('officer.cashier', [
      { role: 'department_officer', organisationId: 'commerce' },
      { role: 'merchant_cashier', organisationId: 'demo-merchant' },
    ]);
    const far = await grant(officerCashier, applicant, { ...AIR_CONDITIONER, category: 'tv' }, 'lingbao');
    expect(far.json()).toMatchObject({ error: { code: 'FORBIDDEN', field: 'unitId' } });
    // A reviewer may not grant to themselves either.
    const reviewerSelf = await grant(reviewer, reviewer.accountId, AIR_CONDITIONER);
    expect(reviewerSelf.json()).toMatchObject({ error: { code: 'CONFLICT_OF_INTEREST' } });
    expect((await app.services.budget.reports.verifyBooks()).balanced).toBe(true);
  });

  it('lets merchant staff return only what their own merchant sold', async () => {
    const admin = await signIn(app, DEMO_LOGINS.admin);
    const other = await call(app, admin, {
      method: 'POST',
      url: '/api/v1/merchants',
      payload: { name: '湖滨区另一家电器店', creditCode: '91440300708461136T', unitId: 'hubin' },
    });
    expect(other.statusCode, other.body).toBe(201);
    const otherCashier = await staff('other.cashier', [
      { role: 'merchant_cashier', organisationId: other.json<{ id: string }>().id },
    ]);
    const cashier = await signIn(app, DEMO_LOGINS.merchant_cashier);
    const owner = await signIn(app, DEMO_LOGINS.merchant_owner);
    const applicant = await citizen(22);
    const sold = (
      await grant(cashier, applicant, { ...AIR_CONDITIONER, category: 'refrigerator' })
    ).json<GrantOutcome>();
    const byReviewer = (await grant(reviewer, applicant, { ...AIR_CONDITIONER, category: 'tv' })).json<GrantOutcome>();
    const returnAs = (session: TestSession, id: string, key: string) =>
      call(app, session, {
        method: 'POST',
        url: `/api/v1/subsidy/grants/${id}/return`,
        headers: { 'idempotency-key': key },
        payload: { reason: '退货' },
      });
    const foreign = await returnAs(otherCashier, sold.grant?.id ?? '', 'r-foreign');
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json()).toMatchObject({ error: { code: 'FORBIDDEN', field: 'id' } });
    const notSold = await returnAs(cashier, byReviewer.grant?.id ?? '', 'r-reviewers');
    expect(notSold.json()).toMatchObject({ error: { code: 'FORBIDDEN', field: 'id' } });
    const ownShop = await returnAs(owner, sold.grant?.id ?? '', 'r-own');
    expect(ownShop.statusCode, ownShop.body).toBe(200);
    expect(ownShop.json()).toMatchObject({ status: 'reversed', merchantId: 'demo-merchant' });
  });

  it('refuses grants to a disabled account', async () => {
    const admin = await signIn(app, DEMO_LOGINS.admin);
    const applicant = await citizen(23);
    const disabled = await call(app, admin, { method: 'POST', url: `/api/v1/accounts/${applicant}/disable` });
    expect(disabled.statusCode, disabled.body).toBe(200);
    const before = await pool('appliance.hubin.city');
    const response = await grant(reviewer, applicant);
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ error: { code: 'APPLICANT_DISABLED', field: 'applicantId' } });
    expect(await pool('appliance.hubin.city')).toEqual(before);
  });

  it('refuses an ID number or a mobile number where an opaque key is expected', async () => {
    const applicant = await citizen(24);
    const adaptation = {
      line: 'elderly_adaptation',
      productCostFen: 10_000_00,
      purchaseDate: '2025-05-01',
    };
    const cases = [
      ['dwellingId', citizenIdNumber(24)],
      ['dwellingId', '13900001024'],
      ['entityId', `owner-${citizenIdNumber(25)}`],
      ['newCarId', '+86 139 0000 1024'],
    ] as const;
    const count = async () =>
      Number(
        (await sql<{ n: number }>`select count(*) as n from subsidy_grants`.execute(app.services.database.db)).rows[0]
          ?.n,
      );
    const before = await count();
    for (const [field, value] of cases) {
      const response = await grant(reviewer, applicant, { ...adaptation, [field]: value });
      expect(response.statusCode, `${field}=${value}`).toBe(400);
      expect(response.json()).toMatchObject({
        error: { code: 'PERSONAL_DATA_NOT_ALLOWED', field: `purchase.${field}` },
      });
    }
    expect(await count()).toBe(before);
  });

  it('answers concurrent copies of one request with one grant and one answer', async () => {
    const applicant = await citizen(26);
    const purchase = { ...AIR_CONDITIONER, category: 'washing_machine' };
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => grant(reviewer, applicant, purchase, 'hubin', 'copies')),
    );
    expect(answers.map((answer) => answer.statusCode)).toEqual(Array.from({ length: 8 }, () => 201));
    expect(new Set(answers.map((answer) => answer.body)).size).toBe(1);
    expect(answers.filter((answer) => answer.headers['idempotent-replayed'] === 'true')).toHaveLength(7);
    const grants = await sql<{
      n: number;
    }>`select count(*) as n from subsidy_grants where applicant_id = ${applicant}`.execute(app.services.database.db);
    expect(Number(grants.rows[0]?.n)).toBe(1);
  });

  it('finds a grant whose amount no longer matches its hold in the books check', async () => {
    const applicant = await citizen(27);
    const granted = (
      await grant(reviewer, applicant, { ...AIR_CONDITIONER, category: 'computer' })
    ).json<GrantOutcome>();
    const id = granted.grant?.id ?? '';
    const db = app.services.database.db;
    expect((await app.services.budget.reports.verifyBooks()).balanced).toBe(true);
    await sql`update subsidy_grants set subsidy_fen = subsidy_fen + 1 where id = ${id}`.execute(db);
    const report = await app.services.budget.reports.verifyBooks();
    expect(report.balanced).toBe(false);
    expect(report.problems.join('\n')).toContain(`grant:${id}`);
    await sql`update subsidy_grants set subsidy_fen = subsidy_fen - 1 where id = ${id}`.execute(db);
    await sql`update subsidy_grants set status = 'reversed' where id = ${id}`.execute(db);
    expect((await app.services.budget.reports.verifyBooks()).problems.join('\n')).toContain('was returned');
    await sql`update subsidy_grants set status = 'granted' where id = ${id}`.execute(db);
    expect((await app.services.budget.reports.verifyBooks()).balanced).toBe(true);
  });

  it('shows citizens their own grants', async () => {
    const session = await signIn(app, DEMO_LOGINS.citizen);
    const mine = await call(app, session, { method: 'GET', url: '/api/v1/subsidy/grants/mine' });
    expect(
      mine.json<{ items: { applicantId: string }[] }>().items.every((item) => item.applicantId === 'demo-citizen'),
    ).toBe(true);
    expect(mine.json<{ total: number }>().total).toBe(3);
  });
});
