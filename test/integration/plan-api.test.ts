import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanDocument, PlanMeasure } from '../../src/domain/plan/schema.js';
import type {
  DepartmentDetail,
  LintReport,
  ParameterView,
  PlanOverview,
  SearchResult,
  TargetView,
  UnitDetail,
} from '../../src/contract/plan.js';
import { quietApp } from '../support/app.js';
import { DIALECTS, testEnvironment, type TestEnvironment } from '../support/databases.js';

describe.each(DIALECTS)('plan API on %s', (dialect) => {
  let environment: TestEnvironment;
  let app: FastifyInstance;

  beforeAll(async () => {
    environment = await testEnvironment(dialect);
    app = await quietApp(environment.config, { now: () => new Date('2026-01-02T03:04:05Z') });
  });
  afterAll(async () => {
    await app?.close();
    await environment?.cleanup();
  });

  async function get<T>(url: string, status = 200): Promise<T> {
    const response = await app.inject({ method: 'GET', url });
    expect(response.statusCode, `${url}: ${response.body.slice(0, 300)}`).toBe(status);
    return response.json<T>();
  }

  it('serves the current plan with its version, counts and lint summary', async () => {
    const overview = await get<PlanOverview>('/api/v1/plan');
    expect(overview.metadata).toMatchObject({
      code: 'sanmenxia-2025',
      title: '三门峡市提振消费专项行动方案',
      status: 'draft',
      year: 2025,
    });
    expect(overview.version).toMatchObject({ current: true, importedAt: '2026-01-02T03:04:05.000Z' });
    expect(overview.version.id).toBe(`sanmenxia-2025@${overview.version.contentHash.slice(0, 12)}`);
    expect(overview.counts).toMatchObject({ actions: 8, measures: 26, units: 9 });
    expect(overview.actions.flatMap((action) => action.measureNumbers)).toEqual(
      Array.from({ length: 26 }, (_, index) => index + 1),
    );
    expect(overview.lintSummary.errors).toBe(0);
    expect(overview.lintSummary.warnings).toBeGreaterThan(0);
  });

  it('serves measures whole and one by one', async () => {
    const measures = await get<PlanMeasure[]>('/api/v1/plan/measures');
    expect(measures.map((measure) => measure.number)).toEqual(Array.from({ length: 26 }, (_, index) => index + 1));
    const six = await get<PlanMeasure>('/api/v1/plan/measures/6');
    expect(six).toMatchObject({ number: 6, action: 2, title: '加力推进以旧换新' });
    expect(six.parameters.find((parameter) => parameter.key === 'appliance.grade1.rate_bp')).toMatchObject({
      value: 2000,
      unit: 'bp',
      source: 'plan',
    });
    const ofAction = await get<PlanMeasure[]>('/api/v1/plan/measures?action=2');
    expect(ofAction.map((measure) => measure.number)).toEqual([6, 7, 8]);
  });

  it('answers a missing measure with a 404 code naming the field', async () => {
    const body = await get<{ error: { code: string; field: string; requestId: string } }>(
      '/api/v1/plan/measures/27',
      404,
    );
    expect(body.error).toMatchObject({ code: 'MEASURE_NOT_FOUND', field: 'number' });
    expect(body.error.requestId).toBeTruthy();
  });

  it('refuses bad input with 400 and the field, never 500', async () => {
    for (const url of [
      '/api/v1/plan/measures/abc',
      '/api/v1/plan/measures/0',
      '/api/v1/plan/targets?measure=x',
      '/api/v1/plan/parameters?source=city',
      '/api/v1/plan/search',
      '/api/v1/plan/targets?colour=red',
    ]) {
      const body = await get<{ error: { code: string; field?: string; message: string } }>(url, 400);
      expect(body.error.code, url).toBe('VALIDATION_FAILED');
      expect(body.error.field, url).toBeTruthy();
    }
  });

  it('filters targets by measure and department', async () => {
    const ofSix = await get<TargetView[]>('/api/v1/plan/targets?measure=6');
    expect(ofSix.map((target) => target.value).sort((a, b) => a - b)).toEqual([6000, 150000]);
    const commerce = await get<TargetView[]>('/api/v1/plan/targets?department=commerce');
    expect(commerce.length).toBeGreaterThan(0);
    expect(commerce.every((target) => target.responsibleDepartments.includes('commerce'))).toBe(true);
  });

  it('filters parameters by source, programme and date', async () => {
    const national = await get<ParameterView[]>('/api/v1/plan/parameters?source=national');
    expect(national.length).toBeGreaterThan(0);
    expect(national.every((parameter) => parameter.measure === null)).toBe(true);
    const appliance = await get<ParameterView[]>('/api/v1/plan/parameters?programme=appliance&on=2025-05-01');
    expect(appliance.map((parameter) => parameter.key)).toEqual(
      expect.arrayContaining([
        'appliance.grade1.rate_bp',
        'appliance.grade2.rate_bp',
        'appliance.max_subsidy_per_item_fen',
      ]),
    );
    expect(await get<ParameterView[]>('/api/v1/plan/parameters?programme=appliance&on=2024-05-01')).toEqual([]);
  });

  it('gives each department and unit its measures and targets', async () => {
    const hrss = await get<DepartmentDetail>('/api/v1/plan/departments/hrss');
    expect(hrss.department.shortName).toBe('市人力资源社会保障局');
    expect(hrss.measures.map((measure) => measure.number)).toEqual(expect.arrayContaining([1, 2, 5]));
    await get('/api/v1/plan/departments/nobody', 404);
    const lingbao = await get<UnitDetail>('/api/v1/plan/units/lingbao');
    expect(lingbao.unit.regionCode).toBe('411282');
    expect(lingbao.measures).toHaveLength(26);
  });

  it('reports lint findings with measures and quotes', async () => {
    const lint = await get<LintReport>('/api/v1/plan/lint');
    const repeated = lint.findings.filter((finding) => finding.rule === 'repeated_sentence');
    expect(repeated.map((finding) => finding.quote)).toEqual(
      expect.arrayContaining(['延续实施失业保险稳岗返还政策', '推动实施零售业创新提升工程', '引导商贸企业向农村延伸']),
    );
    const implausible = lint.findings
      .filter((finding) => finding.rule === 'implausible_target')
      .map((finding) => finding.quote)
      .join('\n');
    for (const figure of ['300万', '1000个以上乡镇敬老院', '1000个村级', '100家县级'])
      expect(implausible).toContain(figure);
  });

  it('searches across the plan', async () => {
    const result = await get<SearchResult>(`/api/v1/plan/search?q=${encodeURIComponent('以旧换新')}`);
    expect(result.hits.some((hit) => hit.kind === 'measure' && hit.measure === 6)).toBe(true);
    const hit = result.hits[0];
    expect(hit?.snippet.slice(hit.matchStart, hit.matchStart + hit.matchLength)).toBe('以旧换新');
    expect((await get<SearchResult>('/api/v1/plan/search?q=zzzz')).total).toBe(0);
  });

  it('exports the whole plan and lists its versions', async () => {
    const document = await get<PlanDocument>('/api/v1/plan/export');
    expect(document.measures).toHaveLength(26);
    const versions = await get<{ id: string; current: boolean }[]>('/api/v1/plan/versions');
    expect(versions).toHaveLength(1);
    expect(versions[0]?.current).toBe(true);
  });

  it('re-imports the same content without a new version', async () => {
    const { plans } = app.services;
    const again = await plans.importFolder(
      `${environment.config.policiesDir}/${environment.config.planCode}`,
      new Date(),
    );
    expect(again.created).toBe(false);
    expect(await plans.versions()).toHaveLength(1);
  });

  it('publishes an OpenAPI document covering every API route, and a docs page', async () => {
    const openapi = await get<{ openapi: string; paths: Record<string, unknown> }>('/openapi.json');
    expect(openapi.openapi).toBe('3.1.0');
    const documented = Object.keys(openapi.paths);
    const routes = app.printRoutes({ commonPrefix: false });
    for (const path of [
      '/api/v1/plan',
      '/api/v1/plan/measures',
      '/api/v1/plan/measures/{number}',
      '/api/v1/plan/targets',
      '/api/v1/plan/parameters',
      '/api/v1/plan/departments',
      '/api/v1/plan/departments/{id}',
      '/api/v1/plan/units',
      '/api/v1/plan/units/{id}',
      '/api/v1/plan/lint',
      '/api/v1/plan/search',
      '/api/v1/plan/export',
      '/api/v1/plan/versions',
      '/api/v1/quote',
      '/healthz',
      '/readyz',
    ]) {
      expect(documented, path).toContain(path);
    }
    expect(routes).toContain('api/v1/plan');
    const docs = await app.inject({ method: 'GET', url: '/docs' });
    expect(docs.statusCode).toBeLessThan(400);
  });

  it('is alive and ready, with request ids on every response', async () => {
    expect(await get('/healthz')).toEqual({ status: 'ok' });
    expect(await get('/readyz')).toMatchObject({
      status: 'ready',
      database: dialect,
      planVersion: expect.stringMatching(/^sanmenxia-2025@/) as unknown,
    });
    const response = await app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'trace-123' } });
    expect(response.headers['x-request-id']).toBe('trace-123');
  });

  it('answers a malformed URL and an unknown value with its code, field and allowed values', async () => {
    const bad = await get<{ error: { code: string; requestId: string } }>('/api/v1/plan/departments/%ZZ', 400);
    expect(bad.error.code).toBe('VALIDATION_FAILED');
    expect(bad.error.requestId).toBeTruthy();
    const source = await get<{ error: { field: string; message: string } }>('/api/v1/plan/parameters?source=city', 400);
    expect(source.error).toMatchObject({ field: 'source' });
    expect(source.error.message).toContain('"national"');
  });

  it('answers unknown API paths with a JSON 404', async () => {
    const body = await get<{ error: { code: string } }>('/api/v1/nothing', 404);
    expect(body.error.code).toBe('NOT_FOUND');
  });
});
