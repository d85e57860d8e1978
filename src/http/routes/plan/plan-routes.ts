/**
 * /api/v1/plan: the current plan version, read-only and public (the plan is a published document).
 * Handlers validate, ask the plan service, return; the lookups live in the domain catalogue.
 */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { errorResponses } from '../../../contract/errors.js';
import {
  DepartmentDetail,
  DepartmentList,
  LintReport,
  MeasureList,
  MeasureListQuery,
  MeasureParams,
  ParameterList,
  ParameterListQuery,
  PlanDocument,
  PlanMeasure,
  PlanOverview,
  PlanVersionList,
  SearchQuery,
  SearchResult,
  SlugParams,
  TargetList,
  TargetListQuery,
  UnitDetail,
  UnitList,
} from '../../../contract/plan.js';
import { AppError } from '../../../shared/errors.js';
import type { PlanService } from '../../../services/plan/plan-service.js';

const errors = errorResponses(400, 404, 503);
const tags = ['plan'];

export function registerPlanRoutes(app: FastifyInstance, plans: PlanService): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();

  api.get(
    '/api/v1/plan',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary: '方案概览 The current plan version: metadata, actions, counts, lint summary',
        response: { 200: PlanOverview, ...errors },
      },
    },
    // Prepared once per plan version: ETag/304, gzip and br (plugins/documents.ts).
    async (_request, reply) => reply.sendDocument((await plans.current()).overview),
  );

  api.get(
    '/api/v1/plan/versions',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary: '方案版本 Every imported version of the plan, newest first',
        response: { 200: PlanVersionList, ...errors },
      },
    },
    () => plans.versions(),
  );

  api.get(
    '/api/v1/plan/export',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary: '导出 The whole plan as one document (as `huimin plan export --json`)',
        response: { 200: PlanDocument, ...errors },
      },
    },
    async (_request, reply) => reply.sendDocument((await plans.current()).catalogue.document),
  );

  api.get(
    '/api/v1/plan/measures',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary: '措施 The measures, with their targets and parameters',
        querystring: MeasureListQuery,
        response: { 200: MeasureList, ...errors },
      },
    },
    async (request) => {
      const { catalogue } = await plans.current();
      return request.query.action === undefined ? catalogue.measures : catalogue.measuresOfAction(request.query.action);
    },
  );

  api.get(
    '/api/v1/plan/measures/:number',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary: '措施详情 One measure by number',
        params: MeasureParams,
        response: { 200: PlanMeasure, ...errors },
      },
    },
    async (request) => {
      const measure = (await plans.current()).catalogue.measure(request.params.number);
      if (measure === undefined)
        throw new AppError('MEASURE_NOT_FOUND', `the plan has no measure ${request.params.number}`, 'number');
      return measure;
    },
  );

  api.get(
    '/api/v1/plan/targets',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary: '目标 Quantitative targets',
        querystring: TargetListQuery,
        response: { 200: TargetList, ...errors },
      },
    },
    async (request) => (await plans.current()).catalogue.findTargets(request.query),
  );

  api.get(
    '/api/v1/plan/parameters',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary: '参数 Dated rule values (rates, caps, ceilings) with their clause quotes',
        querystring: ParameterListQuery,
        response: { 200: ParameterList, ...errors },
      },
    },
    async (request) => (await plans.current()).catalogue.findParameters(request.query),
  );

  api.get(
    '/api/v1/plan/departments',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary: '责任部门 Departments the plan names',
        response: { 200: DepartmentList, ...errors },
      },
    },
    async () => (await plans.current()).catalogue.departments,
  );

  api.get(
    '/api/v1/plan/departments/:id',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary: '部门职责 A department with the measures and targets it answers for',
        params: SlugParams,
        response: { 200: DepartmentDetail, ...errors },
      },
    },
    async (request) => {
      const detail = (await plans.current()).catalogue.departmentDetail(request.params.id);
      if (detail === undefined)
        throw new AppError('DEPARTMENT_NOT_FOUND', `the plan names no department "${request.params.id}"`, 'id');
      return detail;
    },
  );

  api.get(
    '/api/v1/plan/units',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary: '实施单位 County-level units and management zones',
        response: { 200: UnitList, ...errors },
      },
    },
    async () => (await plans.current()).catalogue.units,
  );

  api.get(
    '/api/v1/plan/units/:id',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary: '单位职责 An implementing unit with its measures and targets',
        params: SlugParams,
        response: { 200: UnitDetail, ...errors },
      },
    },
    async (request) => {
      const detail = (await plans.current()).catalogue.unitDetail(request.params.id);
      if (detail === undefined)
        throw new AppError('UNIT_NOT_FOUND', `the plan has no implementing unit "${request.params.id}"`, 'id');
      return detail;
    },
  );

  api.get(
    '/api/v1/plan/lint',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary: '方案体检 Lint findings: repeated sentences, implausible targets, missing quotes',
        response: { 200: LintReport, ...errors },
      },
    },
    async () => (await plans.current()).lint,
  );

  api.get(
    '/api/v1/plan/search',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary: '搜索 Search the plan (measures, targets, parameters, departments, units)',
        querystring: SearchQuery,
        response: { 200: SearchResult, ...errors },
      },
    },
    async (request) => {
      const { catalogue } = await plans.current();
      return { query: request.query.q, ...catalogue.search(request.query.q, request.query.limit) };
    },
  );
}
