/**
 * Settlement (issue 11): build a period's batches, list and read them with their lines and risk flags,
 * decide a stage, download the payout file (.xlsx or bank CSV), import the bank's payment results.
 * Fixed paths: GET|POST /api/v1/settlements, POST …/{id}/reviews, GET …/{id}/payout-file, POST
 * …/{id}/payment-results.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { BinaryFile, IdempotencyHeader, IdParams } from '../../../contract/common.js';
import { errorResponses } from '../../../contract/errors.js';
import {
  PaymentResultsRequest,
  PayoutFormatQuery,
  SettlementDetail,
  SettlementList,
  SettlementListQuery,
  SettlementReview,
  SettlementRunRequest,
  SettlementRunResult,
  SettlementView,
} from '../../../contract/settlement.js';
import type { SettlementService } from '../../../services/settlement/settlement-service.js';
import { contextOf } from '../../plugins/access.js';

const TAGS = ['settlement'];

export function registerSettlementRoutes(app: FastifyInstance, settlements: SettlementService): void {
  const routes = app.withTypeProvider<TypeBoxTypeProvider>();

  routes.post(
    '/api/v1/settlements',
    {
      config: { permission: 'settlement.run', idempotent: { status: () => 201 } },
      schema: {
        tags: TAGS,
        summary: '生成清算批次 One batch per merchant and unit of the period’s redemptions past their return window',
        headers: IdempotencyHeader,
        body: SettlementRunRequest,
        response: { 201: SettlementRunResult, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => reply.code(201).send(await settlements.run(contextOf(request), request.body)),
  );

  routes.get(
    '/api/v1/settlements',
    {
      config: { permission: 'settlement.read' },
      schema: {
        tags: TAGS,
        summary: '清算批次 Batches in the caller’s scope (awaitingMe: those waiting at a stage the caller decides)',
        querystring: SettlementListQuery,
        response: { 200: SettlementList, ...errorResponses(400, 401, 403) },
      },
    },
    (request) => settlements.list(contextOf(request), request.query),
  );

  routes.get(
    '/api/v1/settlements/:id',
    {
      config: { permission: 'settlement.read' },
      schema: {
        tags: TAGS,
        summary: '清算批次详情 A batch with its lines, clawbacks and risk flags',
        params: IdParams,
        response: { 200: SettlementDetail, ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => settlements.get(contextOf(request), request.params.id),
  );

  routes.post(
    '/api/v1/settlements/:id/reviews',
    {
      config: { permission: 'settlement.review', idempotent: { status: () => 200 } },
      schema: {
        tags: TAGS,
        summary: '审核 Approve the stage the batch waits at (holding lines out if need be), or reject with a reason',
        headers: IdempotencyHeader,
        params: IdParams,
        body: SettlementReview,
        response: { 200: SettlementView, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    (request) => settlements.review(contextOf(request), request.params.id, request.body),
  );

  routes.get(
    '/api/v1/settlements/:id/payout-file',
    {
      config: { permission: 'settlement.pay' },
      schema: {
        tags: TAGS,
        summary: '付款文件 The payout file of an approved batch: .xlsx (default) or bank CSV (full account, logged)',
        params: IdParams,
        querystring: PayoutFormatQuery,
        response: { 200: BinaryFile, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const file = await settlements.payoutFile(contextOf(request), request.params.id, request.query.format ?? 'xlsx');
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', `attachment; filename="${file.filename}"`)
        .header('cache-control', 'no-store')
        .send(file.body);
    },
  );

  routes.post(
    '/api/v1/settlements/:id/payment-results',
    {
      config: { permission: 'settlement.pay', idempotent: { status: () => 200 } },
      schema: {
        tags: TAGS,
        summary: '付款结果 Import the bank’s results: paid closes the batch, failed re-queues its lines',
        headers: IdempotencyHeader,
        params: IdParams,
        body: PaymentResultsRequest,
        response: { 200: SettlementView, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    (request) => settlements.paymentResults(contextOf(request), request.params.id, request.body),
  );
}
