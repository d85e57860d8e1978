/**
 * Reimbursement claims (issue 12): apply, upload evidence, submit, the applicant's list, the reviewers'
 * queue, stage decisions (one by one or in bulk), payout batches with their files and payment results.
 * Fixed paths: POST /api/v1/claims, POST …/{id}/evidence (multipart), POST …/{id}/submit,
 * GET /api/v1/claims/mine, GET /api/v1/claims?stage=&overdue=, POST …/{id}/reviews.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import {
  BulkApproval,
  BulkApprovalResult,
  ClaimApplication,
  ClaimCreated,
  ClaimList,
  ClaimListQuery,
  ClaimPaymentOutcome,
  ClaimPayoutBatchDetail,
  ClaimPaymentResults,
  ClaimPayoutBatchList,
  ClaimPayoutBatchView,
  ClaimPayoutRun,
  ClaimReview,
  ClaimSettings,
  ClaimView,
  EvidenceFileView,
  EvidenceParams,
  EvidenceUploadQuery,
  PayeeCorrection,
} from '../../../contract/claims.js';
import { BinaryFile, IdempotencyHeader, IdParams } from '../../../contract/common.js';
import { errorResponses } from '../../../contract/errors.js';
import { PayoutFormatQuery } from '../../../contract/settlement.js';
import type { ClaimServices } from '../../../services/claims/index.js';
import { contextOf } from '../../plugins/access.js';
import { readUpload, registerUploads } from '../../plugins/uploads.js';

const TAGS = ['claims'];

export function registerClaimRoutes(app: FastifyInstance, services: ClaimServices): void {
  const { claims, queue, changes, reviews, payouts } = services;
  const routes = app.withTypeProvider<TypeBoxTypeProvider>();

  routes.get(
    '/api/v1/claims/settings',
    {
      config: { permission: 'session' },
      schema: {
        tags: TAGS,
        summary: '申请设置 Lines, their review stages with working-day deadlines, required evidence, reason templates',
        response: { 200: ClaimSettings, ...errorResponses(401) },
      },
    },
    () => claims.settings(),
  );

  routes.post(
    '/api/v1/claims',
    {
      config: { permission: 'claims.apply', idempotent: { status: () => 201 } },
      schema: {
        tags: TAGS,
        summary: '申请补贴 A draft claim with the line’s facts, priced by the engine with its explanation',
        headers: IdempotencyHeader,
        body: ClaimApplication,
        response: { 201: ClaimCreated, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => reply.code(201).send(await claims.apply(contextOf(request), request.body)),
  );

  routes.get(
    '/api/v1/claims/mine',
    {
      config: { permission: 'claims.apply' },
      schema: {
        tags: TAGS,
        summary: '我的申请 The caller’s claims with every stage, reason, deadline and the evidence list',
        response: { 200: ClaimList, ...errorResponses(401, 403) },
      },
    },
    (request) => queue.mine(contextOf(request)),
  );

  routes.get(
    '/api/v1/claims',
    {
      config: { permission: 'claims.read' },
      schema: {
        tags: TAGS,
        summary: '审核队列 Claims in the caller’s scope; stage= waiting at that stage, overdue= past its deadline',
        querystring: ClaimListQuery,
        response: { 200: ClaimList, ...errorResponses(400, 401, 403) },
      },
    },
    (request) => queue.list(contextOf(request), request.query),
  );

  routes.get(
    '/api/v1/claims/:id',
    {
      config: { permission: 'session' },
      schema: {
        tags: TAGS,
        summary: '申请详情 One claim: to its applicant, the reviewers of its stages in scope, auditors',
        params: IdParams,
        response: { 200: ClaimView, ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => queue.get(contextOf(request), request.params.id),
  );

  routes.post(
    '/api/v1/claims/:id/submit',
    {
      config: { permission: 'claims.apply', idempotent: { status: () => 200 } },
      schema: {
        tags: TAGS,
        summary: '提交申请 Send a draft (or a returned claim) to its stage, with the stage’s deadline in working days',
        headers: IdempotencyHeader,
        params: IdParams,
        response: { 200: ClaimView, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    (request) => claims.submit(contextOf(request), request.params.id),
  );

  routes.post(
    '/api/v1/claims/:id/withdrawal',
    {
      config: { permission: 'claims.apply', idempotent: { status: () => 200 } },
      schema: {
        tags: TAGS,
        summary: '撤回申请 Take back a claim not yet decided; money held for it goes back to the pool',
        headers: IdempotencyHeader,
        params: IdParams,
        response: { 200: ClaimView, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    (request) => changes.withdraw(contextOf(request), request.params.id),
  );

  routes.put(
    '/api/v1/claims/:id/payee',
    {
      config: { permission: 'claims.apply', idempotent: { status: () => 200 } },
      schema: {
        tags: TAGS,
        summary: '收款账户 Set the account (in a draft) or correct it after a failed payout; fixed otherwise',
        headers: IdempotencyHeader,
        params: IdParams,
        body: PayeeCorrection,
        response: { 200: ClaimView, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    (request) => claims.correctPayee(contextOf(request), request.params.id, request.body.payee),
  );

  routes.post(
    '/api/v1/claims/:id/reviews',
    {
      config: { permission: 'claims.review', idempotent: { status: () => 200 } },
      schema: {
        tags: TAGS,
        summary: '审核 Approve the stage, reject with reasons, or return for more evidence',
        headers: IdempotencyHeader,
        params: IdParams,
        body: ClaimReview,
        response: { 200: ClaimView, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    (request) => reviews.review(contextOf(request), request.params.id, request.body),
  );

  routes.post(
    '/api/v1/claims/bulk-approval',
    {
      config: { permission: 'claims.review' },
      schema: {
        tags: TAGS,
        summary: '批量通过 Approve clean claims one by one; says which could not be approved and why',
        body: BulkApproval,
        response: { 200: BulkApprovalResult, ...errorResponses(400, 401, 403) },
      },
    },
    (request) => reviews.bulkApprove(contextOf(request), request.body.ids),
  );

  routes.get(
    '/api/v1/claims/:id/evidence/:evidenceId',
    {
      config: { permission: 'session' },
      schema: {
        tags: TAGS,
        summary: '佐证材料 One evidence file, shown inline, to the applicant and the reviewers in scope',
        params: EvidenceParams,
        response: { 200: BinaryFile, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { view, content } = await changes.readEvidence(
        contextOf(request),
        request.params.id,
        request.params.evidenceId,
      );
      return (
        reply
          .header('content-type', view.mediaType)
          .header('content-disposition', `inline; filename="${view.sha256}"`)
          .header('cache-control', 'private, no-store')
          .header('x-content-type-options', 'nosniff')
          // Shown beside the application in the review page (an <iframe> for PDFs): framed by huimin only.
          .header(
            'content-security-policy',
            "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'",
          )
          .header('x-frame-options', 'SAMEORIGIN')
          .send(content)
      );
    },
  );

  routes.post(
    '/api/v1/claims/payouts',
    {
      config: { permission: 'claims.pay', idempotent: { status: () => 201 } },
      schema: {
        tags: TAGS,
        summary: '生成发放批次 Every approved claim not yet in a batch (of the line or unit, if named)',
        headers: IdempotencyHeader,
        body: ClaimPayoutRun,
        response: { 201: ClaimPayoutBatchView, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => reply.code(201).send(await payouts.run(contextOf(request), request.body)),
  );

  routes.get(
    '/api/v1/claims/payouts',
    {
      config: { permission: 'claims.pay' },
      schema: {
        tags: TAGS,
        summary: '发放批次 Claims payout batches, newest first',
        response: { 200: ClaimPayoutBatchList, ...errorResponses(401, 403) },
      },
    },
    () => payouts.list(),
  );

  routes.get(
    '/api/v1/claims/payouts/:id',
    {
      config: { permission: 'claims.pay' },
      schema: {
        tags: TAGS,
        summary: '发放批次详情 A batch with one line per claim: reference, amount, masked payee, the bank’s result',
        params: IdParams,
        response: { 200: ClaimPayoutBatchDetail, ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => payouts.get(request.params.id),
  );

  routes.get(
    '/api/v1/claims/payouts/:id/file',
    {
      config: { permission: 'claims.pay' },
      schema: {
        tags: TAGS,
        summary: '付款文件 The batch’s payout file: .xlsx (default) or bank CSV (full accounts, logged)',
        params: IdParams,
        querystring: PayoutFormatQuery,
        response: { 200: BinaryFile, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const format = request.query.format ?? 'xlsx';
      const file = await payouts.file(contextOf(request), request.params.id, format);
      return reply
        .header(
          'content-type',
          format === 'csv'
            ? 'text/csv; charset=utf-8'
            : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        )
        .header('content-disposition', `attachment; filename="${file.name}"`)
        .header('cache-control', 'no-store')
        .send(file.content);
    },
  );

  routes.post(
    '/api/v1/claims/payouts/:id/payment-results',
    {
      config: { permission: 'claims.pay', idempotent: { status: () => 200 } },
      schema: {
        tags: TAGS,
        summary: '支付结果 The bank’s results: paid closes a claim; failed sends it back to correct the account',
        headers: IdempotencyHeader,
        params: IdParams,
        body: ClaimPaymentResults,
        response: { 200: ClaimPaymentOutcome, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    (request) => payouts.recordResults(contextOf(request), request.params.id, request.body),
  );

  // Uploads are multipart: the parser is registered in this scope only.
  void app.register(async (scope) => {
    await registerUploads(scope);
    scope.withTypeProvider<TypeBoxTypeProvider>().post(
      '/api/v1/claims/:id/evidence',
      {
        config: { permission: 'claims.apply' },
        schema: {
          tags: TAGS,
          summary:
            '上传材料 One PDF, JPEG or PNG (by content, at most 10 MiB), multipart field `file`; ?kind= what it is',
          consumes: ['multipart/form-data'],
          params: IdParams,
          querystring: EvidenceUploadQuery,
          response: { 201: EvidenceFileView, ...errorResponses(400, 401, 403, 404, 409, 413, 415) },
        },
      },
      async (request, reply) => {
        const { fileName, content } = await readUpload(request);
        const view = await changes.uploadEvidence(
          contextOf(request),
          request.params.id,
          request.query.kind,
          fileName,
          content,
        );
        return reply.code(201).send(view);
      },
    );
  });
}
