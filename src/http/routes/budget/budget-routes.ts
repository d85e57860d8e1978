/**
 * Budget pools for finance officers (docs/ledger.md): list and read pools, their transactions, daily
 * balances and burn-rate forecast, and the books check (finance officers and auditors); create pools,
 * receive tranches, pause and resume (finance officers). A tranche moves money, so it needs an
 * Idempotency-Key; refusals (POOL_PAUSED, IDEMPOTENCY_KEY_REUSED …) come back with their stable codes.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import {
  BooksReport,
  BurnForecast,
  CreatePoolInput,
  ForecastQuery,
  PauseInput,
  PoolCreated,
  PoolHistory,
  PoolList,
  PoolListQuery,
  PoolParams,
  PoolStatusChanged,
  PoolView,
  TrancheInput,
  TrancheReceived,
  TransactionList,
  TransactionListQuery,
} from '../../../contract/budget.js';
import { IdempotencyHeader } from '../../../contract/common.js';
import { errorResponses } from '../../../contract/errors.js';
import { businessDate } from '../../../domain/budget/calendar.js';
import type { LedgerOutcome } from '../../../domain/budget/outcomes.js';
import { refusalError, type BudgetService } from '../../../services/budget/budget-service.js';
import { contextOf, principalOf } from '../../plugins/access.js';
import type { RateLimiters } from '../../plugins/security.js';

const TAGS = ['budget'];

/** A refusal becomes its stable error code; success passes through (the response schema drops `ok`). */
function settled<T>(outcome: LedgerOutcome<T>): { readonly replayed: boolean } & T {
  if (!outcome.ok) throw refusalError(outcome.refusal);
  return outcome;
}

export function registerBudgetRoutes(
  app: FastifyInstance,
  budget: BudgetService,
  limits: RateLimiters,
  now: () => Date,
): void {
  const routes = app.withTypeProvider<TypeBoxTypeProvider>();

  routes.get(
    '/api/v1/budget/pools',
    {
      config: { permission: 'budget.read' },
      schema: {
        tags: TAGS,
        summary: '资金池 Budget pools with their balances; filter by line, unit, source, status',
        querystring: PoolListQuery,
        response: { 200: PoolList, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => ({ items: await budget.listPools(request.query) }),
  );

  routes.post(
    '/api/v1/budget/pools',
    {
      config: { permission: 'budget.manage' },
      schema: {
        tags: TAGS,
        summary: '新建资金池 Open the pool of a line, implementing unit (or `city`) and funding source; again finds it',
        body: CreatePoolInput,
        response: {
          200: PoolCreated,
          201: PoolCreated,
          ...errorResponses(400, 401, 403, 413, 415),
        },
      },
    },
    async (request, reply) => {
      const result = await budget.createPool(contextOf(request), request.body);
      return reply.code(result.created ? 201 : 200).send(result);
    },
  );

  routes.get(
    '/api/v1/budget/pools/:poolId',
    {
      config: { permission: 'budget.read' },
      schema: {
        tags: TAGS,
        summary: '资金池详情 One pool',
        params: PoolParams,
        response: { 200: PoolView, ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => budget.getPool(request.params.poolId),
  );

  routes.post(
    '/api/v1/budget/pools/:poolId/tranches',
    {
      config: {
        permission: 'budget.manage',
        // A refusal (a ledger key used for another tranche) becomes an error and stores no answer.
        idempotent: { status: (outcome: LedgerOutcome<unknown>) => (outcome.ok ? 201 : null) },
      },
      preHandler: [limits.moneyByAccount],
      schema: {
        tags: TAGS,
        summary: '资金拨付 A tranche arrives from the pool’s funding source (needs Idempotency-Key)',
        params: PoolParams,
        headers: IdempotencyHeader,
        body: TrancheInput,
        response: {
          201: TrancheReceived,
          ...errorResponses(400, 401, 403, 404, 409, 413, 415, 429),
        },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const key = String(request.headers['idempotency-key']);
      const outcome = await budget.fund(contextOf(request), request.params.poolId, {
        amountFen: request.body.amountFen,
        idempotencyKey: `http:${principal.accountId}:${key}`,
        reference: request.body.reference ?? null,
      });
      return reply.code(201).send(settled(outcome));
    },
  );

  routes.post(
    '/api/v1/budget/pools/:poolId/pause',
    {
      config: { permission: 'budget.manage' },
      schema: {
        tags: TAGS,
        summary: '暂停资金池 Stop new holds (held money may still be paid or released)',
        params: PoolParams,
        body: PauseInput,
        response: { 200: PoolStatusChanged, ...errorResponses(400, 401, 403, 404, 413, 415) },
      },
    },
    async (request) =>
      settled(await budget.pause(contextOf(request), request.params.poolId, { reason: request.body.reason ?? null })),
  );

  routes.post(
    '/api/v1/budget/pools/:poolId/resume',
    {
      config: { permission: 'budget.manage' },
      schema: {
        tags: TAGS,
        summary: '恢复资金池 Take holds again',
        params: PoolParams,
        response: { 200: PoolStatusChanged, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => settled(await budget.resume(contextOf(request), request.params.poolId)),
  );

  routes.get(
    '/api/v1/budget/pools/:poolId/transactions',
    {
      config: { permission: 'budget.read' },
      schema: {
        tags: TAGS,
        summary:
          '流水 The pool’s transactions with their postings: in ledger order after `after`, or newest first ' +
          'before `before` (`before` = a very large number for the newest page)',
        params: PoolParams,
        querystring: TransactionListQuery,
        response: { 200: TransactionList, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => ({
      items: await budget.reports.postings(request.params.poolId, {
        ...(request.query.after === undefined ? {} : { afterTransactionId: request.query.after }),
        ...(request.query.before === undefined ? {} : { beforeTransactionId: request.query.before }),
        limit: request.query.limit ?? 100,
      }),
    }),
  );

  routes.get(
    '/api/v1/budget/pools/:poolId/history',
    {
      config: { permission: 'budget.read' },
      schema: {
        tags: TAGS,
        summary: '余额走势 End-of-day balances on each day money moved (burn-down chart)',
        params: PoolParams,
        response: { 200: PoolHistory, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => ({ days: await budget.reports.balanceHistory(request.params.poolId) }),
  );

  routes.get(
    '/api/v1/budget/pools/:poolId/forecast',
    {
      config: { permission: 'budget.read' },
      schema: {
        tags: TAGS,
        summary: '耗尽预测 When the pool runs dry at the pace of the last N complete days',
        params: PoolParams,
        querystring: ForecastQuery,
        response: { 200: BurnForecast, ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) =>
      budget.reports.forecast(
        request.params.poolId,
        businessDate(now()),
        request.query.windowDays === undefined ? {} : { windowDays: request.query.windowDays },
      ),
  );

  routes.get(
    '/api/v1/budget/books',
    {
      config: { permission: 'budget.read' },
      schema: {
        tags: TAGS,
        summary: '账务核对 Check the whole ledger: postings balance, pools agree with postings and holds',
        response: { 200: BooksReport, ...errorResponses(401, 403) },
      },
    },
    async () => {
      const report = await budget.reports.verifyBooks();
      return { ...report, problems: [...report.problems] };
    },
  );
}
