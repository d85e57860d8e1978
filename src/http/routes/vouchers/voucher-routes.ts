/**
 * Consumption vouchers (issue 13): campaigns and rounds (finance), flash claims and one's own vouchers
 * (citizens), redemption at the till (merchant staff), a round's figures (the campaign's report and flags:
 * voucher-report-routes.ts).
 * Fixed paths: POST /api/v1/vouchers/campaigns, POST …/campaigns/{id}/rounds, POST …/rounds/{id}/claims,
 * GET /api/v1/vouchers/mine, GET …/rounds/{id}, POST /api/v1/vouchers/redemptions.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { IdempotencyHeader, IdParams } from '../../../contract/common.js';
import { errorResponses } from '../../../contract/errors.js';
import {
  CampaignInput,
  CampaignView,
  ClaimedPack,
  DrawView,
  LotteryDifferenceView,
  RegistrationView,
  VoucherRefundInput,
  VoucherRefundView,
  OwnVoucherList,
  RoundInput,
  RoundView,
  VoucherRedemptionInput,
  VoucherRedemptionView,
} from '../../../contract/vouchers.js';
import type { VoucherServices } from '../../../services/vouchers/index.js';
import { contextOf } from '../../plugins/access.js';

const TAGS = ['vouchers'];

export function registerVoucherRoutes(app: FastifyInstance, services: VoucherServices): void {
  const { vouchers, redemptions, rounds, lottery, refunds } = services;
  const routes = app.withTypeProvider<TypeBoxTypeProvider>();

  routes.post(
    '/api/v1/vouchers/campaigns',
    {
      config: { permission: 'vouchers.manage', idempotent: { status: () => 201 } },
      schema: {
        tags: TAGS,
        summary: '创建消费券活动 A campaign: funder and pool, categories, units, the pack, per-person limits',
        headers: IdempotencyHeader,
        body: CampaignInput,
        response: { 201: CampaignView, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => reply.code(201).send(await vouchers.createCampaign(contextOf(request), request.body)),
  );

  routes.post(
    '/api/v1/vouchers/campaigns/:id/rounds',
    {
      config: { permission: 'vouchers.manage', idempotent: { status: () => 201 } },
      schema: {
        tags: TAGS,
        summary: '发放批次 A round of packs; its whole budget is held in the funder’s pool now (BUDGET_EXHAUSTED)',
        headers: IdempotencyHeader,
        params: IdParams,
        body: RoundInput,
        response: { 201: RoundView, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await vouchers.createRound(contextOf(request), request.params.id, request.body)),
  );

  routes.get(
    '/api/v1/vouchers/rounds/:id',
    {
      config: { permission: 'vouchers.read' },
      schema: {
        tags: TAGS,
        summary: '批次情况 A round: quantity, issued, redeemed, expired, what it holds and has spent',
        params: IdParams,
        response: { 200: RoundView, ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => vouchers.round(contextOf(request), request.params.id),
  );

  routes.post(
    '/api/v1/vouchers/rounds/:id/claims',
    {
      config: { permission: 'vouchers.claim', idempotent: { status: () => 201 } },
      schema: {
        tags: TAGS,
        summary: '领券 One pack of the round, or VOUCHER_SOLD_OUT, VOUCHER_LIMIT_REACHED, ROUND_NOT_OPEN at once',
        headers: IdempotencyHeader,
        params: IdParams,
        response: { 201: ClaimedPack, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => reply.code(201).send(await vouchers.claim(contextOf(request), request.params.id)),
  );

  routes.get(
    '/api/v1/vouchers/mine',
    {
      config: { permission: 'vouchers.claim' },
      schema: {
        tags: TAGS,
        summary: '我的消费券 The caller’s vouchers with their state and validity',
        response: { 200: OwnVoucherList, ...errorResponses(401, 403) },
      },
    },
    (request) => vouchers.mine(contextOf(request)),
  );

  routes.post(
    '/api/v1/vouchers/redemptions',
    {
      config: { permission: 'vouchers.redeem', idempotent: { status: () => 201 } },
      schema: {
        tags: TAGS,
        summary: '核销 Redeem a voucher on a bill at the caller’s merchant: the discount and what is left to pay',
        headers: IdempotencyHeader,
        body: VoucherRedemptionInput,
        response: { 201: VoucherRedemptionView, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => reply.code(201).send(await redemptions.redeem(contextOf(request), request.body)),
  );

  routes.post(
    '/api/v1/vouchers/rounds/:id/expire',
    {
      config: { permission: 'vouchers.manage', idempotent: { status: () => 200 } },
      schema: {
        tags: TAGS,
        summary:
          '本轮到期 Expire a round past its end: lapsed vouchers expire, the rest goes back to the pool or (rollover) into the next round',
        headers: IdempotencyHeader,
        params: IdParams,
        response: { 200: RoundView, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    (request) => rounds.expire(contextOf(request), request.params.id),
  );

  routes.post(
    '/api/v1/vouchers/rounds/:id/registrations',
    {
      config: { permission: 'vouchers.claim', idempotent: { status: () => 201 } },
      schema: {
        tags: TAGS,
        summary:
          '抽签登记 Register for a lottery round (REGISTRATION_CLOSED, ALREADY_REGISTERED, VOUCHER_LIMIT_REACHED)',
        headers: IdempotencyHeader,
        params: IdParams,
        response: { 201: RegistrationView, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => reply.code(201).send(await lottery.register(contextOf(request), request.params.id)),
  );

  routes.post(
    '/api/v1/vouchers/rounds/:id/draw',
    {
      config: { permission: 'vouchers.manage', idempotent: { status: () => 200 } },
      schema: {
        tags: TAGS,
        summary: '开奖 Draw a lottery round after registration closed: the seed revealed, one pack to each winner',
        headers: IdempotencyHeader,
        params: IdParams,
        response: { 200: DrawView, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    (request) => lottery.draw(contextOf(request), request.params.id),
  );

  routes.get(
    '/api/v1/vouchers/rounds/:id/draw',
    {
      config: { permission: 'public' },
      schema: {
        tags: TAGS,
        summary:
          '抽签公示 A lottery round as published, for anyone to check: commitment, entries, digest, seed, winners',
        params: IdParams,
        response: { 200: DrawView, ...errorResponses(400, 404, 409) },
      },
    },
    (request) => lottery.published(request.params.id),
  );

  routes.post(
    '/api/v1/vouchers/redemptions/:id/refunds',
    {
      config: { permission: 'vouchers.redeem', idempotent: { status: () => 201 } },
      schema: {
        tags: TAGS,
        summary:
          '退货 Refund goods of a redeemed bill: cash back, the voucher’s money back as the campaign’s rule says',
        headers: IdempotencyHeader,
        params: IdParams,
        body: VoucherRefundInput,
        response: { 201: VoucherRefundView, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await refunds.refund(contextOf(request), request.params.id, request.body)),
  );

  routes.get(
    '/api/v1/vouchers/rounds/:id/lottery-difference',
    {
      config: { permission: 'vouchers.read' },
      schema: {
        tags: TAGS,
        summary: '中签效果 Mean spending of a drawn lottery’s winners minus its registered non-winners (an estimate)',
        params: IdParams,
        response: { 200: LotteryDifferenceView, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    (request) => lottery.difference(contextOf(request), request.params.id),
  );
}
