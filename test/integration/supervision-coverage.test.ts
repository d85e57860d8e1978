/**
 * On SQLite and PostgreSQL: every target and every measure of the plan is under supervision; with a
 * year of monthly reports from every department and unit the board answers in under 200 ms and the
 * export in under 2 s; and the CLI prints the statuses as JSON and writes the .xlsx the API serves.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Board, SupervisionStatusReport, TargetList } from '../../src/contract/supervision.js';
import type { PlanDocument } from '../../src/domain/plan/schema.js';
import { SupervisionRepository } from '../../src/db/supervision-repository.js';
import { periodsBetween } from '../../src/domain/supervision/periods.js';
import { quietApp } from '../support/app.js';
import { writeOnce } from '../../src/services/idempotent-write.js';
import { demoReports } from '../../src/services/supervision/demo.js';
import { huimin } from '../support/cli.js';
import { DIALECTS, testEnvironment, type TestEnvironment } from '../support/databases.js';
import { call, DEMO_ENV, DEMO_LOGINS, signIn, type TestSession } from '../support/sessions.js';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

describe.each(DIALECTS)('supervision coverage, speed and CLI on %s', (dialect) => {
  let environment: TestEnvironment;
  let app: FastifyInstance;
  let mayor: TestSession;
  let plan: PlanDocument;
  let folder: string;

  beforeAll(async () => {
    environment = await testEnvironment(dialect, DEMO_ENV);
    app = await quietApp(environment.config);
    await app.demoActivity;
    mayor = await signIn(app, DEMO_LOGINS.city_leader);
    plan = (await call(app, null, { method: 'GET', url: '/api/v1/plan/export' })).json<PlanDocument>();
    folder = await mkdtemp(path.join(tmpdir(), 'huimin-supervision-'));
  });
  afterAll(async () => {
    await app?.close();
    await environment?.cleanup();
    if (folder !== undefined) await rm(folder, { recursive: true, force: true });
  });

  it('finds every target and every measure of the plan under supervision', async () => {
    const list = (await call(app, mayor, { method: 'GET', url: '/api/v1/supervision/targets' })).json<TargetList>();
    const planTargets = plan.measures.flatMap((measure) => measure.targets.map((target) => target.id)).sort();
    expect(planTargets).toHaveLength(29);
    expect(list.targets.map((target) => target.id).sort()).toEqual(planTargets);
    const measures = new Set(list.tasks.map((task) => task.measure));
    for (const measure of plan.measures) expect(measures.has(measure.number), `measure ${measure.number}`).toBe(true);
    expect(measures.size).toBe(26);
    for (const task of list.tasks) {
      const measure = plan.measures.find((m) => m.number === task.measure);
      expect(measure?.text, task.id).toContain(task.quote);
    }
  });

  it('filters targets by department, unit and status', async () => {
    const health = (
      await call(app, mayor, { method: 'GET', url: '/api/v1/supervision/targets?department=health' })
    ).json<TargetList>();
    expect(health.targets.length).toBeGreaterThan(0);
    for (const target of health.targets) expect([target.lead, ...target.supporting]).toContain('health');
    const all = (await call(app, mayor, { method: 'GET', url: '/api/v1/supervision/targets' })).json<TargetList>();
    const atRisk = (
      await call(app, mayor, { method: 'GET', url: '/api/v1/supervision/targets?status=at_risk' })
    ).json<TargetList>();
    expect(atRisk.targets.map((t) => t.id)).toEqual(all.targets.filter((t) => t.status === 'at_risk').map((t) => t.id));
    const unknown = await call(app, mayor, { method: 'GET', url: '/api/v1/supervision/targets?unit=atlantis' });
    expect(unknown.json()).toMatchObject({ error: { code: 'UNIT_NOT_FOUND', field: 'unit' } });
    const badStatus = await call(app, mayor, { method: 'GET', url: '/api/v1/supervision/targets?status=fine' });
    expect(badStatus.statusCode).toBe(400);
  });

  it('answers the board in under 200 ms and the export in under 2 s with a year of reports', async () => {
    const repository = new SupervisionRepository(app.services.database.db);
    const supervisionPlan = await app.services.supervision.reads.plan();
    const { rows } = demoReports(supervisionPlan, periodsBetween('2025-07', '2025-12'));
    await writeOnce(app.services.database, null, (trx) => repository.insertReports(trx, rows));
    const stored = await repository.listReports({ limit: 1 });
    expect(stored.total).toBeGreaterThan(20_000);

    const first = await call(app, mayor, { method: 'GET', url: '/api/v1/supervision/board' });
    expect(first.statusCode).toBe(200);
    const board = first.json<Board>();
    expect(board.period).toBe('2025-12');
    expect(board.trend).toHaveLength(12);
    expect(board.units).toHaveLength(9);
    expect(board.units.every((unit) => unit.onTime + unit.late > 0)).toBe(true);
    const boardTimes: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const started = performance.now();
      const response = await call(app, mayor, { method: 'GET', url: '/api/v1/supervision/board' });
      boardTimes.push(performance.now() - started);
      expect(response.statusCode).toBe(200);
    }
    expect(median(boardTimes)).toBeLessThan(200);

    const started = performance.now();
    const exported = await call(app, mayor, { method: 'GET', url: '/api/v1/supervision/export' });
    const exportMs = performance.now() - started;
    console.info(
      `supervision with ${stored.total} reports: board median ${median(boardTimes).toFixed(1)} ms (first ${boardTimes[0]?.toFixed(1)} ms), export ${exportMs.toFixed(0)} ms`,
    );
    expect(exportMs).toBeLessThan(2000);
    expect(exported.statusCode).toBe(200);
  });

  it('prints every target’s status as JSON and writes the period’s .xlsx from the CLI', async () => {
    const status = await huimin(['supervision', 'status', '--json', '--period', '2025-06'], environment.env);
    expect(status.code, status.stderr).toBe(0);
    const report = JSON.parse(status.stdout) as SupervisionStatusReport;
    expect(report.period).toBe('2025-06');
    expect(report.targets).toHaveLength(29);
    expect(Object.values(report.counts).reduce((a, b) => a + b, 0)).toBe(29);
    const api = (
      await call(app, mayor, { method: 'GET', url: '/api/v1/supervision/targets?period=2025-06' })
    ).json<TargetList>();
    for (const target of report.targets) {
      expect(target.status, target.id).toBe(api.targets.find((t) => t.id === target.id)?.status);
    }

    const file = path.join(folder, 'supervision-2025-06.xlsx');
    const exported = await huimin(['supervision', 'export', '--period', '2025-06', '--xlsx', file], environment.env);
    expect(exported.code, exported.stderr).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readFile(file)) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet?.getRow(2).getCell(9).text).toBe('存在问题');
    expect(sheet?.getRow(1).getCell(1).text).toContain('2025-06-30');
    expect((sheet?.rowCount ?? 0) - 2).toBe(api.targets.length + api.tasks.length);

    const bad = await huimin(['supervision', 'export', '--period', '2025-6', '--xlsx', file], environment.env);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('YYYY-MM');
  });
});
