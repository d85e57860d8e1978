/**
 * Target supervision on SQLite and PostgreSQL: an officer reports progress with evidence, the leader of
 * the same organisation approves it (never their own), and the board and targets show it; refusals for
 * organisations out of scope, a report's own author, a decreasing cumulative value, a change after
 * approval without a reason, a period not yet begun; late reports marked and alerted; the platform's
 * own figure (subsidy grants) beside the reported one; units' shares; instructions and answers; the
 * .xlsx export parsed back. The clock is fixed and moved: reports are late or on time by it.
 */
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Board, ReportView, TargetHistory, TargetList } from '../../src/contract/supervision.js';
import type { PlanDocument } from '../../src/domain/plan/schema.js';
import { quietApp } from '../support/app.js';
import { DIALECTS, testEnvironment, type TestEnvironment } from '../support/databases.js';
import { multipart } from '../support/uploads.js';
import { call, DEMO_ENV, DEMO_LOGINS, DEMO_PASSWORD, signIn, type TestSession } from '../support/sessions.js';

const APPLIANCE = 'appliance-trade-in-units';
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('IHDR evidence of 7月 trade-ins'),
]);

describe.each(DIALECTS)('target supervision on %s', (dialect) => {
  let environment: TestEnvironment;
  let app: FastifyInstance;
  let clock = new Date('2025-08-03T02:00:00.000Z');
  const sessions = new Map<string, TestSession>();

  /** A session for `login`, opened again after the clock moved (sessions age with it). */
  async function as(login: string): Promise<TestSession> {
    const key = `${login}@${clock.toISOString()}`;
    let session = sessions.get(key);
    if (session === undefined) {
      session = await signIn(app, login, login === 'both.roles' ? 'a fine password 1' : DEMO_PASSWORD);
      sessions.set(key, session);
    }
    return session;
  }
  const officer = () => as(DEMO_LOGINS.department_officer);
  const leader = () => as(DEMO_LOGINS.department_leader);

  function report(session: TestSession, payload: Record<string, unknown>) {
    return call(app, session, { method: 'POST', url: '/api/v1/supervision/reports', payload });
  }
  function approve(session: TestSession, id: string) {
    return call(app, session, { method: 'POST', url: `/api/v1/supervision/reports/${id}/approval`, payload: {} });
  }
  async function target(id: string, period: string) {
    const list = await call(app, await leader(), {
      method: 'GET',
      url: `/api/v1/supervision/targets?period=${period}`,
    });
    expect(list.statusCode, list.body).toBe(200);
    const row = list.json<TargetList>().targets.find((item) => item.id === id);
    if (row === undefined) throw new Error(`no target ${id}`);
    return row;
  }

  beforeAll(async () => {
    environment = await testEnvironment(dialect, DEMO_ENV);
    app = await quietApp(environment.config, { now: () => clock });
    await app.demoActivity;
  });
  afterAll(async () => {
    await app?.close();
    await environment?.cleanup();
  });

  let evidence = '';
  let julyId = '';
  let juneValue = 0;

  it('takes evidence by its content: a PNG once by its hash, not a text file named .png', async () => {
    const session = await officer();
    const upload = () =>
      call(app, session, { method: 'POST', url: '/api/v1/supervision/evidence', ...multipart('7月.png', PNG) });
    const first = await upload();
    expect(first.statusCode, first.body).toBe(201);
    const second = await upload();
    expect(second.json()).toEqual(first.json());
    evidence = first.json<{ sha256: string; mediaType: string }>().sha256;
    expect(first.json()).toMatchObject({ mediaType: 'image/png', sizeBytes: PNG.length });
    const fake = await call(app, session, {
      method: 'POST',
      url: '/api/v1/supervision/evidence',
      ...multipart('report.png', Buffer.from('just some text'), 'image/png'),
    });
    expect(fake.statusCode, fake.body).toBe(415);
    expect(fake.json()).toMatchObject({ error: { code: 'EVIDENCE_TYPE_NOT_ALLOWED', field: 'file' } });
    const back = await call(app, session, { method: 'GET', url: `/api/v1/supervision/evidence/${evidence}` });
    expect(back.statusCode).toBe(200);
    expect(back.rawPayload.equals(PNG)).toBe(true);
  });

  it('lets the commerce officer report July on time; the board keeps June until the leader approves', async () => {
    juneValue = (await target(APPLIANCE, '2025-06')).reported ?? 0;
    expect(juneValue).toBeGreaterThan(0);
    const response = await report(await officer(), {
      subjectKind: 'target',
      subjectId: APPLIANCE,
      period: '2025-07',
      value: juneValue + 20000,
      narrative: '7月家电以旧换新持续放量',
      problems: '部分县区门店备货不足',
      evidence: [evidence],
    });
    expect(response.statusCode, response.body).toBe(201);
    const view = response.json<ReportView>();
    expect(view).toMatchObject({ state: 'submitted', late: false, reporterKind: 'department', reporterId: 'commerce' });
    expect(view.approved).toBeNull();
    julyId = view.id;
    expect((await target(APPLIANCE, '2025-07')).reported).toBe(juneValue);
  });

  it('refuses approval by the officer, by another organisation’s leader and by the report’s own author', async () => {
    const byOfficer = await approve(await officer(), julyId);
    expect(byOfficer.statusCode).toBe(403);
    const byHubin = await approve(await as(DEMO_LOGINS.county_leader), julyId);
    expect(byHubin.statusCode).toBe(403);
    expect(byHubin.json()).toMatchObject({ error: { code: 'FORBIDDEN', field: 'id' } });

    const admin = await as(DEMO_LOGINS.admin);
    const created = await call(app, admin, {
      method: 'POST',
      url: '/api/v1/accounts',
      payload: {
        username: 'both.roles',
        name: '王既报又审',
        password: 'a fine password 1',
        roles: [
          { role: 'department_officer', organisationId: 'commerce' },
          { role: 'department_leader', organisationId: 'commerce' },
        ],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const both = await as('both.roles');
    const own = await report(both, {
      subjectKind: 'task',
      subjectId: 'm06-t2',
      period: '2025-07',
      stage: 'in_progress',
      narrative: '新增品类已纳入补贴范围',
    });
    expect(own.statusCode, own.body).toBe(201);
    const refused = await approve(both, own.json<ReportView>().id);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ error: { code: 'CONFLICT_OF_INTEREST' } });
  });

  it('lets the commerce leader approve: the report is visible city-wide with its status, audited', async () => {
    const approved = await approve(await leader(), julyId);
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json<ReportView>()).toMatchObject({ state: 'approved', approved: { value: juneValue + 20000 } });
    const again = await approve(await leader(), julyId);
    expect(again.json()).toMatchObject({ error: { code: 'REPORT_ALREADY_APPROVED' } });
    const row = await target(APPLIANCE, '2025-07');
    expect(row.reported).toBe(juneValue + 20000);
    expect(row.problems).toBe('部分县区门店备货不足');
    expect(['on_track', 'behind', 'at_risk', 'done']).toContain(row.status);
    const hubinView = await call(app, await as(DEMO_LOGINS.county_officer), {
      method: 'GET',
      url: '/api/v1/supervision/board?period=2025-07',
    });
    expect(hubinView.statusCode).toBe(200);
    const board = hubinView.json<Board>();
    const status = board.actions.flatMap((action) => action.targets).find((item) => item.id === APPLIANCE)?.status;
    expect(status).toBe(row.status);
    const entries = (await app.services.audit.page({ action: 'supervision.report_approve' })).items;
    expect(entries[0]).toMatchObject({ actor: 'demo-department-leader', subject: `report:${julyId}` });
  });

  it('keeps reports inside their scope', async () => {
    const notLead = await report(await officer(), {
      subjectKind: 'target',
      subjectId: 'vocational-training',
      period: '2025-07',
      value: 1,
      narrative: '不归商务局牵头',
    });
    expect(notLead.statusCode).toBe(403);
    expect(notLead.json()).toMatchObject({ error: { code: 'FORBIDDEN', field: 'subjectId' } });
    const otherOrganisation = await report(await as(DEMO_LOGINS.county_officer), {
      subjectKind: 'target',
      subjectId: APPLIANCE,
      reporterKind: 'department',
      reporterId: 'commerce',
      period: '2025-07',
      value: 1,
      narrative: '冒名填报',
    });
    expect(otherOrganisation.statusCode).toBe(403);
    expect(otherOrganisation.json()).toMatchObject({ error: { code: 'FORBIDDEN', field: 'reporterId' } });
    const auditor = await report(await as(DEMO_LOGINS.auditor), {
      subjectKind: 'target',
      subjectId: APPLIANCE,
      period: '2025-07',
      value: 1,
      narrative: '审计不填报',
    });
    expect(auditor.statusCode).toBe(403);
  });

  it('never lets a cumulative value go down silently, and needs a reason to change an approved report', async () => {
    const session = await officer();
    const lower = {
      subjectKind: 'target',
      subjectId: APPLIANCE,
      period: '2025-08',
      value: juneValue,
      narrative: '8月',
    };
    const refused = await report(session, lower);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ error: { code: 'VALUE_DECREASED', field: 'value' } });

    const change = {
      subjectKind: 'target',
      subjectId: APPLIANCE,
      period: '2025-07',
      value: juneValue + 25000,
      narrative: '更正',
    };
    const withoutReason = await report(session, change);
    expect(withoutReason.statusCode).toBe(400);
    expect(withoutReason.json()).toMatchObject({ error: { code: 'CHANGE_REASON_REQUIRED', field: 'reason' } });
    const withReason = await report(session, { ...change, reason: '补录灵宝市7月数据' });
    expect(withReason.statusCode, withReason.body).toBe(201);
    expect(withReason.json<ReportView>()).toMatchObject({
      id: julyId,
      state: 'submitted',
      revision: 2,
      changeReason: '补录灵宝市7月数据',
      approved: { value: juneValue + 20000 },
    });
    const entry = (await app.services.audit.page({ action: 'supervision.report_change' })).items[0];
    expect(entry?.summary).toMatchObject({ after: { reason: '补录灵宝市7月数据', revision: 2 } });
    expect((await target(APPLIANCE, '2025-07')).reported).toBe(juneValue + 20000);
    expect((await approve(await leader(), julyId)).statusCode).toBe(200);
    expect((await target(APPLIANCE, '2025-07')).reported).toBe(juneValue + 25000);
  });

  it('marks a report after its due date late and alerts its owner and the commerce bureau', async () => {
    clock = new Date('2025-09-10T02:00:00.000Z');
    const hubin = await as(DEMO_LOGINS.county_officer);
    const late = await report(hubin, {
      subjectKind: 'task',
      subjectId: 'm06-t1',
      period: '2025-07',
      stage: 'in_progress',
      narrative: '湖滨区汽车以旧换新活动',
    });
    expect(late.statusCode, late.body).toBe(201);
    expect(late.json<ReportView>()).toMatchObject({ late: true, reporterKind: 'unit', reporterId: 'hubin' });
    const alertOf = (items: { kind: string; subjectId: string; ownerId: string; period: string | null }[]) =>
      items.find(
        (a) => a.kind === 'report_late' && a.subjectId === 'm06-t1' && a.ownerId === 'hubin' && a.period === '2025-07',
      );
    const own = await call(app, hubin, { method: 'GET', url: '/api/v1/supervision/alerts' });
    expect(alertOf(own.json<{ items: never[] }>().items)).toBeDefined();
    const bureau = await call(app, await officer(), { method: 'GET', url: '/api/v1/supervision/alerts?limit=500' });
    expect(alertOf(bureau.json<{ items: never[] }>().items)).toBeDefined();
    const lingbao = await call(app, await as(DEMO_LOGINS.county_leader), {
      method: 'GET',
      url: '/api/v1/supervision/alerts',
    });
    for (const alert of lingbao.json<{ items: { ownerId: string }[] }>().items) expect(alert.ownerId).toBe('hubin');
  });

  it('refuses a period not begun, a figure of the wrong kind, unknown subjects and evidence, naming the field', async () => {
    const session = await officer();
    const base = { subjectKind: 'target', subjectId: APPLIANCE, period: '2025-09', value: 999999, narrative: '—' };
    const cases: [Record<string, unknown>, number, string, string][] = [
      [{ period: '2025-10' }, 400, 'PERIOD_NOT_OPEN', 'period'],
      [{ value: undefined, stage: 'completed' }, 400, 'VALIDATION_FAILED', 'value'],
      [{ subjectId: 'no-such-target' }, 404, 'SUBJECT_NOT_FOUND', 'subjectId'],
      [{ evidence: ['0'.repeat(64)] }, 404, 'EVIDENCE_NOT_FOUND', 'evidence[0]'],
      [{ narrative: 'x'.repeat(4001) }, 400, 'VALIDATION_FAILED', 'narrative'],
      [{ value: '100' }, 400, 'VALIDATION_FAILED', 'value'],
      [{ period: '2025-13' }, 400, 'VALIDATION_FAILED', 'period'],
    ];
    for (const [change, status, code, field] of cases) {
      const response = await report(session, { ...base, ...change });
      expect(response.statusCode, `${JSON.stringify(change)}: ${response.body}`).toBe(status);
      expect(response.json()).toMatchObject({ error: { code, field } });
    }
  });

  it('shows the platform’s own figure beside the reported one and flags the gap', async () => {
    const finance = await as(DEMO_LOGINS.finance_officer);
    await call(app, finance, {
      method: 'POST',
      url: '/api/v1/budget/pools',
      payload: { line: 'appliance', unitId: 'hubin', source: 'city' },
    });
    const funded = await call(app, finance, {
      method: 'POST',
      url: '/api/v1/budget/pools/appliance.hubin.city/tranches',
      headers: { 'idempotency-key': 'supervision-fund' },
      payload: { amountFen: 1_000_000_00 },
    });
    expect(funded.statusCode, funded.body).toBe(201);
    const granted = await call(app, await as(DEMO_LOGINS.reviewer), {
      method: 'POST',
      url: '/api/v1/subsidy/grants',
      headers: { 'idempotency-key': 'supervision-grant' },
      payload: {
        purchase: {
          line: 'appliance',
          category: 'refrigerator',
          efficiencyGrade: 1,
          finalPriceFen: 399900,
          purchaseDate: '2025-07-20',
        },
        applicantId: 'demo-citizen',
        unitId: 'hubin',
        source: 'city',
      },
    });
    expect(granted.statusCode, granted.body).toBe(201);
    const row = await target(APPLIANCE, '2025-07');
    expect(row.platform).toEqual({ metric: 'trade_in.appliance_units', value: 1, gap: true });
    const june = await target(APPLIANCE, '2025-06');
    expect(june.platform?.value).toBe(0);
    const history = await call(app, await leader(), {
      method: 'GET',
      url: `/api/v1/supervision/targets/${APPLIANCE}/history?period=2025-07`,
    });
    const body = history.json<TargetHistory>();
    expect(body.periods.map((p) => p.period)).toEqual([
      '2025-01',
      '2025-02',
      '2025-03',
      '2025-04',
      '2025-05',
      '2025-06',
      '2025-07',
    ]);
    expect(body.periods.at(-1)).toMatchObject({ reported: juneValue + 25000, platform: 1 });
    expect(body.reports.some((r) => r.id === julyId && r.evidence.includes(evidence))).toBe(true);
    expect((await target('vocational-training', '2025-07')).platform).toBeNull();
  });

  it('lets only the commerce bureau set units’ shares, audited', async () => {
    const shares = {
      shares: [
        { unitId: 'hubin', value: 30000 },
        { unitId: 'lingbao', value: 25000 },
      ],
    };
    const hubin = await call(app, await as(DEMO_LOGINS.county_officer), {
      method: 'PUT',
      url: `/api/v1/supervision/targets/${APPLIANCE}/shares`,
      payload: shares,
    });
    expect(hubin.statusCode).toBe(403);
    const set = await call(app, await officer(), {
      method: 'PUT',
      url: `/api/v1/supervision/targets/${APPLIANCE}/shares`,
      payload: shares,
    });
    expect(set.statusCode, set.body).toBe(200);
    const row = await target(APPLIANCE, '2025-07');
    expect(row.units.find((unit) => unit.unitId === 'hubin')?.share).toBe(30000);
    const entry = (await app.services.audit.page({ action: 'supervision.shares_set' })).items[0];
    expect(entry).toMatchObject({ actor: 'demo-department-officer', subject: `target:${APPLIANCE}` });
    const unknown = await call(app, await officer(), {
      method: 'PUT',
      url: `/api/v1/supervision/targets/${APPLIANCE}/shares`,
      payload: { shares: [{ unitId: 'atlantis', value: 1 }] },
    });
    expect(unknown.json()).toMatchObject({ error: { code: 'UNIT_NOT_FOUND', field: 'shares[0].unitId' } });
  });

  it('carries a city leader’s instruction to the lead department, which answers it once', async () => {
    const mayor = await as(DEMO_LOGINS.city_leader);
    const given = await call(app, mayor, {
      method: 'POST',
      url: '/api/v1/supervision/instructions',
      payload: { subjectKind: 'target', subjectId: APPLIANCE, text: '9月底前补齐县区短板' },
    });
    expect(given.statusCode, given.body).toBe(201);
    const id = given.json<{ id: string; ownerId: string }>().id;
    expect(given.json()).toMatchObject({ ownerId: 'commerce', answer: null });
    const byHubin = await call(app, await as(DEMO_LOGINS.county_officer), {
      method: 'POST',
      url: `/api/v1/supervision/instructions/${id}/answer`,
      payload: { answer: '收到' },
    });
    expect(byHubin.statusCode).toBe(403);
    const answered = await call(app, await officer(), {
      method: 'POST',
      url: `/api/v1/supervision/instructions/${id}/answer`,
      payload: { answer: '已制定分县区推进表，9月25日前完成' },
    });
    expect(answered.statusCode, answered.body).toBe(200);
    const twice = await call(app, await leader(), {
      method: 'POST',
      url: `/api/v1/supervision/instructions/${id}/answer`,
      payload: { answer: '再答' },
    });
    expect(twice.json()).toMatchObject({ error: { code: 'INSTRUCTION_ANSWERED' } });
    const alerts = await call(app, await officer(), { method: 'GET', url: '/api/v1/supervision/alerts?limit=500' });
    expect(alerts.json<{ items: { kind: string }[] }>().items.some((alert) => alert.kind === 'instruction')).toBe(true);
  });

  it('exports a real .xlsx with the supervision office’s columns, every target and task', async () => {
    const response = await call(app, await as(DEMO_LOGINS.city_leader), {
      method: 'GET',
      url: '/api/v1/supervision/export?period=2025-07',
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    if (sheet === undefined) throw new Error('no sheet');
    expect(sheet.getRow(2).values).toEqual([
      undefined,
      '序号',
      '任务',
      '牵头单位',
      '配合单位',
      '目标',
      '完成情况',
      '进度',
      '状态',
      '存在问题',
    ]);
    const rows = sheet.getRows(3, sheet.rowCount - 2) ?? [];
    const plan = (await call(app, null, { method: 'GET', url: '/api/v1/plan/export' })).json<PlanDocument>();
    const subjects = plan.measures.reduce((n, measure) => n + measure.targets.length + (measure.tasks ?? []).length, 0);
    expect(rows.length).toBe(subjects);
    const appliance = rows.find((row) => row.getCell(2).text.includes('家电产品以旧换新15万台以上'));
    expect(appliance?.getCell(3).value).toBe('三门峡市商务局');
    expect((appliance?.getCell(6).text ?? '').replace(/,/g, '')).toContain(String(juneValue + 25000));
    expect(appliance?.getCell(9).value).toBe('部分县区门店备货不足');
  });
});
