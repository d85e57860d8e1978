/** The audit log for auditors: entries newest first, and verification of the whole chain. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { AuditEntryList, AuditListQuery, AuditVerification } from '../../../domain/access/views.js';
import type { AuditLog } from '../../../services/audit/audit-log.js';
import { errorResponses } from '../../../contract/errors.js';

const TAGS = ['audit'];

export function registerAuditRoutes(app: FastifyInstance, audit: AuditLog): void {
  const routes = app.withTypeProvider<TypeBoxTypeProvider>();

  routes.get(
    '/api/v1/audit/entries',
    {
      config: { permission: 'audit.read' },
      schema: {
        tags: TAGS,
        summary: '审计日志 Audit entries, newest first; page with `before`',
        querystring: AuditListQuery,
        response: { 200: AuditEntryList, ...errorResponses(400, 401, 403) },
      },
    },
    (request) => audit.page(request.query),
  );

  routes.get(
    '/api/v1/audit/verification',
    {
      config: { permission: 'audit.read' },
      schema: {
        tags: TAGS,
        summary: '校验审计链 Re-compute every hash and link; report the first broken entry',
        response: { 200: AuditVerification, ...errorResponses(401, 403) },
      },
    },
    () => audit.verify(),
  );
}
