/**
 * Claims over time, on SQLite and PostgreSQL: stage deadlines in working days across the 2025 National
 * Day holiday and its make-up working Saturday; the overdue queue; reminders to the stage's reviewers
 * through the SMS sender (`huimin claims remind` does the same); a late decision marked late; and a
 * standard raised mid-year: `huimin claims recompute --from` finds the standing claims and creates
 * top-up claims that go through review, leaving the paid record as it was.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClaimCreated, ClaimList, ClaimView, RecomputeResult } from '../../src/contract/claims.js';
import { systemContext } from '../../src/services/context.js';
import { projectRoot } from '../../src/shared/project-root.js';
import { quietApp } from '../support/app.js';
import { huimin } from '../support/cli.js';
import { DIALECTS, testEnvironment, type TestEnvironment } from '../support/databases.js';
import { fundCityPool, multipart } from '../support/uploads.js';
import { CapturingSender } from '../support/registration.js';
import { call, DEMO_ENV, DEMO_LOGINS, signIn, type TestSession } from '../support/sessions.js';

const PDF = Buffer.from('%PDF-1.4\n%%EOF\n');
/** Tuesday 30 September 2025, 10:00 in Sanmenxia: the day before the National Day holiday (1–8 October). */
const EVE_OF_HOLIDAY = Date.parse('2025-09-30T02:00:00.000Z');
const NAME = '演示市民 张三';
const PAYEE = { name: NAME, bankName: '中国工商银行三门峡分行', bankAccount: '6222020000000000001' };

describe.each(DIALECTS)('claims over time on %s', (dialect) => {
  let environment: TestEnvironment;
  let app: FastifyInstance;
  let clock = EVE_OF_HOLIDAY;
  const sender = new CapturingSender();
  const s = {} as Record<'citizen' | 'commerce' | 'police' | 'finance' | 'county' | 'admin', TestSession>;
  let key = 0;

  async function signInAll(): Promise<void> {
    s.citizen = await signIn(app, DEMO_LOGINS.citizen);
    s.commerce = await signIn(app, DEMO_LOGINS.department_officer);
    s.police = await signIn(app, 'demo-police');
    s.finance = await signIn(app, DEMO_LOGINS.finance_officer);
    s.county = await signIn(app, DEMO_LOGINS.county_officer);
    s.admin = await signIn(app, DEMO_LOGINS.admin);
  }

  beforeAll(async () => {
    environment = await testEnvironment(dialect, { ...DEMO_ENV, HUIMIN_CLOCK_DATE: 'off' });
    app = await quietApp(environment.config, { oneTimeCodeSender: sender, now: () => new Date(clock) });
    await signInAll();
    for (const line of ['car_scrap', 'elderly_adaptation']) {
      await fundCityPool(app, s.finance, line, 'hubin', 100_000_00);
    }
  });
  afterAll(async () => {
    await app?.close();
    await environment?.cleanup();
  });

  const post = (session: TestSession, url: string, payload?: unknown) =>
    call(app, session, {
      method: 'POST',
      url,
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
      headers: { 'idempotency-key': `k-${(key += 1)}` },
    });
  const get = (session: TestSession, url: string) => call(app, session, { method: 'GET', url });

  async function submitted(body: Record<string, unknown>): Promise<ClaimView> {
    const created = await post(s.citizen, '/api/v1/claims', { unitId: 'hubin', payee: PAYEE, ...body });
    expect(created.statusCode, created.body).toBe(201);
    const claim = created.json<ClaimCreated>().claim;
    for (const kind of claim.requiredEvidence) {
      const uploaded = await call(app, s.citizen, {
        method: 'POST',
        url: `/api/v1/claims/${claim.id}/evidence?kind=${kind}`,
        ...multipart(`${kind}.pdf`, Buffer.concat([PDF, Buffer.from(`${kind}-${claim.id}`)])),
      });
      expect(uploaded.statusCode, uploaded.body).toBe(201);
    }
    const sent = await post(s.citizen, `/api/v1/claims/${claim.id}/submit`);
    expect(sent.statusCode, sent.body).toBe(200);
    return sent.json<ClaimView>();
  }

  const elderly = {
    line: 'elderly_adaptation',
    dwelling: { address: '三门峡市湖滨区黄河路 1 号', residentName: '张老汉', residentBirthDate: '1948-02-02' },
    purchaseDate: '2025-09-20',
    items: [{ name: '适老化卫浴', productCostFen: 2_000_000, labourCostFen: 100_000 }],
  };
  const car = {
    line: 'car_scrap',
    oldCar: { ownerName: NAME, vin: 'LSVAA4182E2200001', registeredOn: '2015-05-05' },
    newCar: {
      vin: 'LNBSCB3F5PW200001',
      kind: 'nev',
      invoiceNumber: '04100099',
      invoiceDate: '2025-09-15',
      priceFen: 12_000_000,
      registeredOn: '2025-09-20',
    },
  };
  let civil: ClaimView;
  let scrap: ClaimView;

  it('counts working days across the National Day holiday and its make-up Saturday', async () => {
    civil = await submitted(elderly);
    // 3 working days after Tue 30 Sep: Thu 9 Oct, Fri 10 Oct, Sat 11 Oct (调休上班).
    expect(civil).toMatchObject({ stage: { id: 'civil_affairs', deadlineWorkingDays: 3 }, dueOn: '2025-10-11' });
    scrap = await submitted(car);
    // 5 working days: 9, 10, 11 (Saturday, worked), 13, 14 October.
    expect(scrap).toMatchObject({ stage: { id: 'commerce', deadlineWorkingDays: 5 }, dueOn: '2025-10-14' });
    const settings = (await get(s.citizen, '/api/v1/claims/settings')).json<{
      lines: { line: string; stages: { id: string; deadlineSource: string }[] }[];
    }>();
    expect(settings.lines.find((line) => line.line === 'elderly_adaptation')?.stages[0]?.deadlineSource).toContain(
      '3 working days',
    );
  });

  it('lists overdue claims per stage, reminds the stage’s reviewers, and marks a late decision late', async () => {
    // A county officer of hubin with a mobile number, who decides the civil-affairs stage.
    const created = await call(app, s.admin, {
      method: 'POST',
      url: '/api/v1/accounts',
      payload: {
        username: 'li.civil',
        name: '李民政',
        password: 'a staff password',
        mobile: '13900000077',
        roles: [{ role: 'county_officer', organisationId: 'hubin' }],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    clock = Date.parse('2025-10-13T02:00:00.000Z'); // Monday 13 October: civil affairs' deadline passed on Saturday.
    await signInAll();
    const overdue = (await get(s.county, '/api/v1/claims?overdue=true')).json<ClaimList>();
    expect(overdue.items.map((item) => item.id)).toEqual([civil.id]);
    expect(overdue.items[0]?.overdue).toBe(true);
    expect((await get(s.commerce, '/api/v1/claims?overdue=true&stage=commerce')).json<ClaimList>().items).toHaveLength(
      0,
    );

    const result = await app.services.claims.reminders.remindOverdue(systemContext('test'));
    expect(result).toEqual({ reminded: 1, claims: 1 });
    expect(sender.notices).toContainEqual({ mobile: '13900000077', notice: 'claims_overdue' });

    const decided = await post(s.county, `/api/v1/claims/${civil.id}/reviews`, { decision: 'approve' });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json<ClaimView>()).toMatchObject({
      state: 'approved',
      reviews: [{ late: true, dueOn: '2025-10-11' }],
    });
  });

  it('after a raised standard, `huimin claims recompute` creates top-ups that go through review; paid records stay', async () => {
    for (const session of [s.commerce, s.police, s.finance]) {
      const approved = await post(session, `/api/v1/claims/${scrap.id}/reviews`, { decision: 'approve' });
      expect(approved.statusCode, approved.body).toBe(200);
    }
    // The city raises the scrappage subsidy for a new-energy car from 20,000 to 25,000 yuan, for the whole year.
    const folder = path.join(await mkdtemp(path.join(tmpdir(), 'huimin-raise-')), 'sanmenxia-2025');
    try {
      await cp(path.join(projectRoot(), 'policies', 'sanmenxia-2025'), folder, { recursive: true });
      const file = path.join(folder, 'actions', '02-product-consumption.yaml');
      const text = await readFile(file, 'utf8');
      const raised = text.replace(/(- id: car-scrap-nev-max-subsidy-2025\n(?:.*\n)*?\s+value: )2000000/, '$12500000');
      expect(raised).not.toBe(text);
      await writeFile(file, raised);
      await app.services.plans.importFolder(folder, new Date(clock), null, 'always', {
        actor: 'test',
        role: 'operator',
        requestId: 'raise',
      });
    } finally {
      await rm(path.dirname(folder), { recursive: true, force: true });
    }

    const dry = await huimin(['claims', 'recompute', '--from', '2025-01-01', '--dry-run', '--json'], environment.env);
    expect(dry.code, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ topUps: [{ claimId: scrap.id, amountFen: 500_000 }] });
    // Two runs at once (the CLI's process and the server's): one top-up between them.
    const [cli, inProcess] = await Promise.all([
      huimin(['claims', 'recompute', '--from', '2025-01-01', '--json'], environment.env),
      app.services.claims.recompute.recompute(systemContext('test'), { from: '2025-01-01' }),
    ]);
    expect(cli.code, cli.stderr).toBe(0);
    const created = [...(JSON.parse(cli.stdout) as RecomputeResult).topUps, ...inProcess.topUps];
    expect(created).toEqual([{ claimId: scrap.id, topUpId: expect.any(String) as unknown, amountFen: 500_000 }]);
    const result = { topUps: created };
    // A second run finds the top-up already there.
    const again = await huimin(['claims', 'recompute', '--from', '2025-01-01', '--json'], environment.env);
    expect(JSON.parse(again.stdout)).toMatchObject({ topUps: [] });

    const topUpId = result.topUps[0]?.topUpId ?? '';
    const topUp = (await get(s.citizen, `/api/v1/claims/${topUpId}`)).json<ClaimView>();
    expect(topUp).toMatchObject({
      topUpOf: scrap.id,
      state: 'reviewing',
      subsidyFen: 500_000,
      stage: { id: 'commerce' },
    });
    expect(topUp.explanation).toContain('补差');
    const original = (await get(s.citizen, `/api/v1/claims/${scrap.id}`)).json<ClaimView>();
    expect(original).toMatchObject({ state: 'approved', subsidyFen: 2_000_000 });
    for (const session of [s.commerce, s.police, s.finance]) {
      const approved = await post(session, `/api/v1/claims/${topUpId}/reviews`, { decision: 'approve' });
      expect(approved.statusCode, approved.body).toBe(200);
    }
    const pool = (await get(s.finance, '/api/v1/budget/pools/car_scrap.hubin.city')).json<{ spentFen: number }>();
    expect(pool.spentFen).toBe(2_500_000);
    const batch = await post(s.finance, '/api/v1/claims/payouts', { line: 'car_scrap' });
    expect(batch.json()).toMatchObject({ claims: 2, totalFen: 2_500_000 });

    const reminded = await huimin(['claims', 'remind'], environment.env);
    expect(reminded.code, reminded.stderr).toBe(0);
    expect(reminded.stdout).toMatch(/overdue claims; \d+ reviewers reminded/);
  });
});
