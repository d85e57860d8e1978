/**
 * Trade-in (issue 11): a citizen's qualifications, the till's checkout and returns (money-moving:
 * Idempotency-Key), merchants joining and credit listings, today's public release counts and the
 * programme's figures. Fixed paths: POST /api/v1/trade-in/qualifications, GET …/qualifications/mine,
 * POST /api/v1/trade-in/redemptions, POST …/redemptions/{id}/returns.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { IdempotencyHeader, IdParams } from '../../../contract/common.js';
import { errorResponses } from '../../../contract/errors.js';
import {
  CreditImportResult,
  CreditListingImport,
  CreditListingList,
  FiguresQuery,
  FiguresView,
  MembershipApplication,
  MembershipDecision,
  MembershipList,
  MembershipListQuery,
  MembershipView,
  QualificationClaim,
  QualificationList,
  QualificationView,
  RedemptionList,
  RedemptionListQuery,
  RedemptionRequest,
  RedemptionView,
  ReleaseList,
  ReturnRequest,
  ReturnView,
} from '../../../contract/trade-in.js';
import type { TradeInServices } from '../../../app/compose-trade-in.js';
import { contextOf } from '../../plugins/access.js';
import type { RateLimiters } from '../../plugins/security.js';

const TAGS = ['trade-in'];

export function registerTradeInRoutes(app: FastifyInstance, tradeIn: TradeInServices, limits: RateLimiters): void {
  const routes = app.withTypeProvider<TypeBoxTypeProvider>();
  const { qualifications, checkout, memberships } = tradeIn;

  routes.post(
    '/api/v1/trade-in/qualifications',
    {
      config: { permission: 'trade_in.claim' },
      preHandler: [limits.moneyByAccount],
      schema: {
        tags: TAGS,
        summary: '领取补贴资格 Claim a qualification for a line and category (holds no money)',
        description:
          'Released daily at the plan’s hour in a number the pools can pay; quotas count used and outstanding ' +
          'qualifications. Refusals: QUALIFICATIONS_NOT_RELEASED, QUALIFICATIONS_SOLD_OUT, QUALIFICATION_QUOTA_USED, ' +
          'QUALIFICATION_OUTSTANDING, CATEGORY_NOT_ELIGIBLE.',
        body: QualificationClaim,
        response: { 201: QualificationView, ...errorResponses(400, 401, 403, 409, 429) },
      },
    },
    async (request, reply) => reply.code(201).send(await qualifications.claim(contextOf(request), request.body)),
  );

  routes.get(
    '/api/v1/trade-in/qualifications/mine',
    {
      config: { permission: 'trade_in.claim' },
      schema: {
        tags: TAGS,
        summary: '我的补贴资格 The signed-in citizen’s qualifications, with their codes while usable',
        response: { 200: QualificationList, ...errorResponses(401, 403) },
      },
    },
    async (request) => ({ items: await qualifications.mine(contextOf(request)) }),
  );

  routes.get(
    '/api/v1/trade-in/releases/today',
    {
      config: { permission: 'public' },
      schema: {
        tags: TAGS,
        summary: '今日剩余名额 Today’s release per line: released, claimed, remaining, and why',
        response: { 200: ReleaseList },
      },
    },
    async () => ({ items: await qualifications.releases() }),
  );

  routes.post(
    '/api/v1/trade-in/redemptions',
    {
      config: { permission: 'trade_in.redeem', idempotent: { status: () => 201 } },
      preHandler: [limits.moneyByAccount],
      schema: {
        tags: TAGS,
        summary: '支付立减 Checkout: price, hold each funding share, use the qualification, in one transaction',
        description:
          'A refusal is a 4xx with its code (QUALIFICATION_USED, GOODS_ALREADY_SUBSIDISED, INVOICE_TO_COMPANY, ' +
          'INVOICE_BUYER_MISMATCH, SUBSIDY_NOT_ELIGIBLE, BUDGET_EXHAUSTED, MERCHANT_SUSPENDED …) and nothing written. ' +
          'Needs Idempotency-Key: a retry answers the first answer.',
        headers: IdempotencyHeader,
        body: RedemptionRequest,
        response: { 201: RedemptionView, ...errorResponses(400, 401, 403, 404, 409, 413, 415, 429) },
      },
    },
    async (request, reply) => reply.code(201).send(await checkout.redeem(contextOf(request), request.body)),
  );

  routes.get(
    '/api/v1/trade-in/redemptions',
    {
      config: { permission: 'trade_in.read' },
      schema: {
        tags: TAGS,
        summary: '核销记录 Redemptions in the caller’s scope, newest first',
        querystring: RedemptionListQuery,
        response: { 200: RedemptionList, ...errorResponses(400, 401, 403) },
      },
    },
    (request) => checkout.list(contextOf(request), request.query),
  );

  routes.get(
    '/api/v1/trade-in/redemptions/mine',
    {
      config: { permission: 'trade_in.claim' },
      schema: {
        tags: TAGS,
        summary: '我的补贴 The citizen’s own redemptions, with their explanations',
        response: { 200: RedemptionList, ...errorResponses(401, 403) },
      },
    },
    (request) => checkout.mine(contextOf(request)),
  );

  routes.get(
    '/api/v1/trade-in/redemptions/:id',
    {
      config: { permission: 'session' },
      schema: {
        tags: TAGS,
        summary: '核销详情 One redemption (its citizen, or staff in scope)',
        params: IdParams,
        response: { 200: RedemptionView, ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => checkout.get(contextOf(request), request.params.id),
  );

  routes.post(
    '/api/v1/trade-in/redemptions/:id/returns',
    {
      config: { permission: 'trade_in.redeem', idempotent: { status: () => 201 } },
      preHandler: [limits.moneyByAccount],
      schema: {
        tags: TAGS,
        summary: '退货 A full or partial return: the subsidy goes back (released, or clawed back after settlement)',
        headers: IdempotencyHeader,
        params: IdParams,
        body: ReturnRequest,
        response: { 201: ReturnView, ...errorResponses(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await checkout.returnGoods(contextOf(request), request.params.id, request.body)),
  );

  routes.get(
    '/api/v1/trade-in/figures',
    {
      config: { permission: 'public' },
      schema: {
        tags: TAGS,
        summary: '以旧换新成效 Units sold, subsidy and sales driven by line, category, unit or day',
        querystring: FiguresQuery,
        response: { 200: FiguresView, ...errorResponses(400) },
      },
    },
    (request) => checkout.figures(request.query),
  );

  routes.post(
    '/api/v1/trade-in/memberships',
    {
      config: { permission: 'merchants.join' },
      schema: {
        tags: TAGS,
        summary: '商户申请加入 A merchant applies for lines and units (bank account in its own name)',
        body: MembershipApplication,
        response: { 201: MembershipView, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => reply.code(201).send(await memberships.apply(contextOf(request), request.body)),
  );

  routes.get(
    '/api/v1/trade-in/memberships',
    {
      config: { permission: 'session' },
      schema: {
        tags: TAGS,
        summary: '商户加入申请 Applications and members in the caller’s scope',
        querystring: MembershipListQuery,
        response: { 200: MembershipList, ...errorResponses(400, 401) },
      },
    },
    (request) => memberships.list(contextOf(request), request.query),
  );

  routes.post(
    '/api/v1/trade-in/memberships/:id/decision',
    {
      config: { permission: 'merchants.approve' },
      schema: {
        tags: TAGS,
        summary: '审批加入申请 Approve, or refuse with a reason the merchant sees',
        params: IdParams,
        body: MembershipDecision,
        response: { 200: MembershipView, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    (request) => memberships.decide(contextOf(request), request.params.id, request.body),
  );

  routes.post(
    '/api/v1/trade-in/credit-listings',
    {
      config: { permission: 'merchants.credit' },
      schema: {
        tags: TAGS,
        summary: '信用名单 Record or import listings (abnormal operation, dishonest); listed members are suspended',
        body: CreditListingImport,
        response: { 200: CreditImportResult, ...errorResponses(400, 401, 403) },
      },
    },
    (request) => memberships.recordListings(contextOf(request), request.body.listings),
  );

  routes.get(
    '/api/v1/trade-in/credit-listings',
    {
      config: { permission: 'merchants.credit' },
      schema: {
        tags: TAGS,
        summary: '信用名单 The recorded listings, newest first',
        response: { 200: CreditListingList, ...errorResponses(401, 403) },
      },
    },
    async () => ({ items: await memberships.listings() }),
  );
}
