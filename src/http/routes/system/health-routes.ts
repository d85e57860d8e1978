/**
 * Liveness (/healthz: the process answers) and readiness (/readyz: the database answers and a plan
 * version is in force, i.e. the API can serve).
 */
import type { FastifyInstance } from 'fastify';
import { ErrorBody } from '../../../contract/errors.js';
import { HealthStatus } from '../../../contract/system.js';
import type { PlanService } from '../../../services/plan/plan-service.js';

export function registerHealthRoutes(app: FastifyInstance, plans: PlanService, dialect: string): void {
  app.get(
    '/healthz',
    {
      config: { permission: 'public' },
      schema: { tags: ['system'], summary: 'The process is alive', response: { 200: HealthStatus } },
    },
    () => ({ status: 'ok' }),
  );
  app.get(
    '/readyz',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['system'],
        summary: 'The process can serve: the database answers and a plan version is current',
        response: { 200: HealthStatus, 503: ErrorBody },
      },
    },
    // PlanService reports a silent database as DATABASE_UNAVAILABLE and a missing plan as
    // PLAN_NOT_LOADED (both 503), through the one error handler.
    async () => ({ status: 'ready', database: dialect, planVersion: await plans.readyVersion() }),
  );
}
