/**
 * Target supervision (docs/supervision.md): the board, targets and their history, reports and their
 * approval, alerts, instructions (批示) and answers, units' shares, evidence uploads (multipart, by
 * content) and the .xlsx export. Each route names its permission; the service checks scope.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { IdParams } from '../../../contract/common.js';
import { errorResponses } from '../../../contract/errors.js';
import {
  AlertList,
  AlertQuery,
  AnswerInput,
  ApprovalInput,
  Board,
  BoardQuery,
  EvidenceParams,
  EvidenceView,
  ExportQuery,
  HistoryQuery,
  InstructionInput,
  InstructionList,
  InstructionView,
  ReportInput,
  ReportList,
  ReportListQuery,
  ReportView,
  SubjectParams,
  TargetHistory,
  TargetList,
  TargetsQuery,
  UnitShares,
  UnitSharesInput,
} from '../../../contract/supervision.js';
import type { SupervisionService } from '../../../services/supervision/supervision-service.js';
import { contextOf } from '../../plugins/access.js';
import { readUpload, registerUploads } from '../../plugins/uploads.js';

const TAGS = ['supervision'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function registerSupervisionRoutes(app: FastifyInstance, supervision: SupervisionService): void {
  const routes = app.withTypeProvider<TypeBoxTypeProvider>();
  const { reads } = supervision;

  routes.get(
    '/api/v1/supervision/board',
    {
      config: { permission: 'supervision.read' },
      schema: {
        tags: TAGS,
        summary: '督办看板 Every target by action with its status, the trend, departments and units ranked',
        querystring: BoardQuery,
        response: { 200: Board, ...errorResponses(400, 401, 403, 503) },
      },
    },
    (request) => reads.board(contextOf(request), request.query),
  );

  routes.get(
    '/api/v1/supervision/targets',
    {
      config: { permission: 'supervision.read' },
      schema: {
        tags: TAGS,
        summary: '督办事项 Targets (with status, reported and platform figures) and tasks, filtered',
        querystring: TargetsQuery,
        response: { 200: TargetList, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    (request) => reads.targets(contextOf(request), request.query),
  );

  routes.get(
    '/api/v1/supervision/targets/:id/history',
    {
      config: { permission: 'supervision.read' },
      schema: {
        tags: TAGS,
        summary: '目标历程 A target month by month: reported, platform and due figures; its reports and instructions',
        params: SubjectParams,
        querystring: HistoryQuery,
        response: { 200: TargetHistory, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    (request) => reads.history(contextOf(request), request.params.id, request.query),
  );

  routes.put(
    '/api/v1/supervision/targets/:id/shares',
    {
      config: { permission: 'supervision.manage' },
      schema: {
        tags: TAGS,
        summary: '目标分解 Set units’ shares of a city target (the supervising department only; audited)',
        params: SubjectParams,
        body: UnitSharesInput,
        response: { 200: UnitShares, ...errorResponses(400, 401, 403, 404, 413, 415) },
      },
    },
    (request) => supervision.setShares(contextOf(request), request.params.id, request.body),
  );

  routes.get(
    '/api/v1/supervision/reports',
    {
      config: { permission: 'supervision.read' },
      schema: {
        tags: TAGS,
        summary: '进展报告 Reports of the caller’s organisations (all of them for the supervising department)',
        querystring: ReportListQuery,
        response: { 200: ReportList, ...errorResponses(400, 401, 403) },
      },
    },
    (request) => reads.reports(contextOf(request), request.query),
  );

  routes.post(
    '/api/v1/supervision/reports',
    {
      config: { permission: 'supervision.report' },
      schema: {
        tags: TAGS,
        summary: '填报进展 Report a cumulative value (target) or a stage (task) for a period',
        description:
          'A second report for the same period changes the first; after approval that needs a reason. ' +
          'A value below one already reported is 409 VALUE_DECREASED unless a reason is given.',
        body: ReportInput,
        response: { 201: ReportView, ...errorResponses(400, 401, 403, 404, 409, 413, 415) },
      },
    },
    async (request, reply) => reply.code(201).send(await supervision.report(contextOf(request), request.body)),
  );

  routes.post(
    '/api/v1/supervision/reports/:id/approval',
    {
      config: { permission: 'supervision.approve' },
      schema: {
        tags: TAGS,
        summary: '审核进展 The leader of the reporting organisation approves a report (never their own)',
        params: IdParams,
        body: Type.Optional(ApprovalInput),
        response: { 200: ReportView, ...errorResponses(400, 401, 403, 404, 409, 413, 415) },
      },
    },
    (request) => supervision.approve(contextOf(request), request.params.id, request.body ?? {}),
  );

  routes.get(
    '/api/v1/supervision/alerts',
    {
      config: { permission: 'supervision.read' },
      schema: {
        tags: TAGS,
        summary: '预警 Alerts for the caller’s organisations (all for the supervising department), newest first',
        querystring: AlertQuery,
        response: { 200: AlertList, ...errorResponses(400, 401, 403) },
      },
    },
    (request) => reads.alerts(contextOf(request), request.query),
  );

  routes.get(
    '/api/v1/supervision/instructions',
    {
      config: { permission: 'supervision.read' },
      schema: {
        tags: TAGS,
        summary: '领导批示 Instructions for the caller’s departments (all for supervisors)',
        response: { 200: InstructionList, ...errorResponses(401, 403) },
      },
    },
    (request) => reads.instructions(contextOf(request)),
  );

  routes.post(
    '/api/v1/supervision/instructions',
    {
      config: { permission: 'supervision.instruct' },
      schema: {
        tags: TAGS,
        summary: '批示 A city leader’s instruction on a target or task, for its lead department',
        body: InstructionInput,
        response: { 201: InstructionView, ...errorResponses(400, 401, 403, 404, 413, 415) },
      },
    },
    async (request, reply) => reply.code(201).send(await supervision.instruct(contextOf(request), request.body)),
  );

  routes.post(
    '/api/v1/supervision/instructions/:id/answer',
    {
      config: { permission: 'supervision.read' },
      schema: {
        tags: TAGS,
        summary: '答复批示 The lead department’s officer or leader answers an instruction, once',
        params: IdParams,
        body: AnswerInput,
        response: { 200: InstructionView, ...errorResponses(400, 401, 403, 404, 409, 413, 415) },
      },
    },
    (request) => supervision.answer(contextOf(request), request.params.id, request.body),
  );

  routes.get(
    '/api/v1/supervision/export',
    {
      config: { permission: 'supervision.read' },
      schema: {
        tags: TAGS,
        summary:
          '导出台账 The period’s standing as .xlsx: 序号, 任务, 牵头单位, 配合单位, 目标, 完成情况, 进度, 状态, 存在问题',
        querystring: ExportQuery,
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const { period, content } = await supervision.exportWorkbook(request.query.period);
      return reply
        .header('content-type', XLSX)
        .header('content-disposition', `attachment; filename="supervision-${period}.xlsx"`)
        .send(content);
    },
  );

  routes.get(
    '/api/v1/supervision/evidence/:sha256',
    {
      config: { permission: 'supervision.read' },
      schema: {
        tags: TAGS,
        summary: '佐证材料 One evidence file, by its SHA-256',
        params: EvidenceParams,
        response: {
          200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const { view, content } = await supervision.evidence.read(request.params.sha256);
      return reply
        .header('content-type', view.mediaType)
        .header('content-disposition', `attachment; filename="${view.sha256}"`)
        .send(content);
    },
  );

  // Uploads are the one multipart route: the parser is registered in this scope only.
  void app.register(async (scope) => {
    await registerUploads(scope);
    scope.withTypeProvider<TypeBoxTypeProvider>().post(
      '/api/v1/supervision/evidence',
      {
        config: { permission: 'supervision.report' },
        schema: {
          tags: TAGS,
          summary: '上传佐证材料 One PDF, JPEG or PNG (by content, at most 10 MiB), multipart field `file`',
          consumes: ['multipart/form-data'],
          response: { 201: EvidenceView, ...errorResponses(400, 401, 403, 413, 415) },
        },
      },
      async (request, reply) => {
        const { fileName, content } = await readUpload(request);
        const view = await supervision.evidence.upload(contextOf(request), fileName, content);
        return reply.code(201).send(view);
      },
    );
  });
}
