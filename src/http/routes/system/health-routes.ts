/** Liveness (/healthz: the process answers) and readiness (/readyz: the database answers too). */
import type { FastifyInstance } from 'fastify';
import { sql, type Kysely } from 'kysely';
import { Type } from 'typebox';
import type { Database } from '../../../db/tables.js';
import { ErrorBody } from '../../../domain/plan/views.js';
import { sendError } from '../../plugins/errors.js';

const Status = Type.Object({ status: Type.String(), database: Type.Optional(Type.String()) });

export function registerHealthRoutes(app: FastifyInstance, db: Kysely<Database>, dialect: string): void {
  app.get(
    '/healthz',
    { schema: { tags: ['system'], summary: 'The process is alive', response: { 200: Status } } },
    () => ({ status: 'ok' }),
  );
  app.get(
    '/readyz',
    {
      schema: {
        tags: ['system'],
        summary: 'The process can serve: the database answers',
        response: { 200: Status, 503: ErrorBody },
      },
    },
    async (request, reply) => {
      try {
        await sql`select 1`.execute(db);
        return { status: 'ready', database: dialect };
      } catch (error) {
        request.log.warn({ err: error }, 'readiness check failed');
        return sendError(request, reply, 'DATABASE_UNAVAILABLE', 'the database does not answer');
      }
    },
  );
}
