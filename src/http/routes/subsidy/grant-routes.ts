/**
 * Granting subsidies: judge a purchase against the plan and the applicant's earlier grants and reserve
 * the money, atomically (money-moving: Idempotency-Key); take a return; list grants; simulate a reform
 * over every grant still standing.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { IdempotencyHeader, IdParams } from '../../../contract/common.js';
import { errorResponses } from '../../../contract/errors.js';
import {
  GrantList,
  GrantListQuery,
  GrantOutcome,
  GrantRequest,
  GrantReturnInput,
  GrantView,
  ReformReportView,
  ReformRequest,
} from '../../../contract/subsidy.js';
import type { GrantService } from '../../../services/subsidy/grant-service.js';
import { contextOf, principalOf } from '../../plugins/access.js';
import type { RateLimiters } from '../../plugins/security.js';

const TAGS = ['subsidy'];

export function registerGrantRoutes(app: FastifyInstance, grants: GrantService, limits: RateLimiters): void {
  const routes = app.withTypeProvider<TypeBoxTypeProvider>();

  routes.post(
    '/api/v1/subsidy/grants',
    {
      config: {
        permission: 'subsidy.grant',
        idempotent: { status: (outcome: GrantOutcome) => (outcome.granted ? 201 : 200) },
      },
      preHandler: [limits.moneyByAccount],
      schema: {
        tags: TAGS,
        summary: '发放补贴 Judge a purchase (quotas included) and reserve the subsidy from the pool, atomically',
        description:
          'Not eligible is an answer (200, granted false, with reasons); a pool that cannot pay is 409 ' +
          'BUDGET_EXHAUSTED or POOL_PAUSED with nothing written. Needs Idempotency-Key.',
        headers: IdempotencyHeader,
        body: GrantRequest,
        response: { 200: GrantOutcome, 201: GrantOutcome, ...errorResponses(400, 401, 403, 404, 409, 413, 415, 429) },
      },
    },
    async (request, reply) => {
      const outcome = await grants.grant(contextOf(request), request.body);
      return reply.code(outcome.granted ? 201 : 200).send(outcome);
    },
  );

  routes.get(
    '/api/v1/subsidy/grants',
    {
      config: { permission: 'subsidy.read' },
      schema: {
        tags: TAGS,
        summary: '补贴发放记录 Granted subsidies, newest first',
        querystring: GrantListQuery,
        response: { 200: GrantList, ...errorResponses(400, 401, 403) },
      },
    },
    (request) => grants.list(request.query),
  );

  routes.get(
    '/api/v1/subsidy/grants/mine',
    {
      config: { permission: 'session' },
      schema: {
        tags: TAGS,
        summary: '我的补贴 The subsidies granted to the signed-in citizen',
        response: { 200: GrantList, ...errorResponses(401) },
      },
    },
    (request) => grants.list({ applicantId: principalOf(request).accountId }),
  );

  routes.post(
    '/api/v1/subsidy/grants/:id/return',
    {
      config: { permission: 'subsidy.grant', idempotent: { status: 200 } },
      preHandler: [limits.moneyByAccount],
      schema: {
        tags: TAGS,
        summary: '退货 A return: the grant stops standing and its money goes back to the pool (Idempotency-Key)',
        params: IdParams,
        headers: IdempotencyHeader,
        body: GrantReturnInput,
        response: { 200: GrantView, ...errorResponses(400, 401, 403, 404, 409, 413, 415, 429) },
      },
    },
    (request) => grants.returnGrant(contextOf(request), request.params.id, request.body.reason),
  );

  routes.post(
    '/api/v1/subsidy/reform-simulations',
    {
      config: { permission: 'budget.read', securityEvent: 'subsidy.reform_simulated' },
      schema: {
        tags: TAGS,
        summary: '政策调整测算 What every standing grant would cost under changed parameters (writes nothing)',
        body: ReformRequest,
        response: { 200: ReformReportView, ...errorResponses(400, 401, 403, 413, 415) },
      },
    },
    (request) => grants.simulateReform(request.body),
  );
}
