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
import type { GrantOutcome } from '../../src/domain/subsidy/grants.js';
import { buildApp } from '../../src/http/app.js';
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
    app = await buildApp(environment.config, { oneTimeCodeSender: codes });
    finance = await signIn(app, DEMO_LOGINS.finance_officer);
    reviewer = await signIn(app, DEMO_LOGINS.reviewer);
    for (const [line, unit, amountFen] of [
      ['appliance', 'hubin', 10_000_00],
      ['appliance', 'lingbao', 2_000_00],
    ] as const) {
      await call(app, finance, {
        method: 'POST',
        url: '/api/v1/budget/pools',
        payload: { line, county: unit, source: 'city' },
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
    expect((await app.services.budget.verifyBooks()).balanced).toBe(true);
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

  it('refuses a personId chosen by the caller and an unknown applicant', async () => {
    const chosen = await grant(reviewer, 'demo-citizen', { ...AIR_CONDITIONER, personId: 'someone-else' });
    expect(chosen.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', field: 'purchase.personId' } });
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
      payload: { line: 'elderly_adaptation', county: 'hubin', source: 'city' },
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

  it('shows citizens their own grants', async () => {
    const session = await signIn(app, DEMO_LOGINS.citizen);
    const mine = await call(app, session, { method: 'GET', url: '/api/v1/subsidy/grants/mine' });
    expect(
      mine.json<{ items: { applicantId: string }[] }>().items.every((item) => item.applicantId === 'demo-citizen'),
    ).toBe(true);
    expect(mine.json<{ total: number }>().total).toBe(3);
  });
});
