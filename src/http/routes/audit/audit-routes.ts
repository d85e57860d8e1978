/**
 * The audit and security logs for auditors: entries and security events newest first, verification
 * of both chains, and signed statements of their heads (publish one, read the newest, check one).
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import {
  AuditEntryList,
  AuditListQuery,
  AuditStatementView,
  AuditVerification,
  StatementCheckView,
} from '../../../contract/audit.js';
import { auditContextOf } from '../../../services/context.js';
import type { AuditLog } from '../../../services/audit/audit-log.js';
import { errorResponses } from '../../../contract/errors.js';
import { verifyChains } from '../../../services/audit/chains.js';
import type { SecurityLog } from '../../../services/audit/security-log.js';
import type { AuditStatements } from '../../../services/audit/statements.js';
import { AppError } from '../../../shared/errors.js';
import { contextOf } from '../../plugins/access.js';

const TAGS = ['audit'];

export function registerAuditRoutes(
  app: FastifyInstance,
  audit: AuditLog,
  security: SecurityLog,
  statements: AuditStatements,
): void {
  const routes = app.withTypeProvider<TypeBoxTypeProvider>();

  routes.get(
    '/api/v1/audit/entries',
    {
      config: { permission: 'audit.read', securityEvent: 'audit.entries_read' },
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
    '/api/v1/audit/security-events',
    {
      config: { permission: 'audit.read', securityEvent: 'audit.security_events_read' },
      schema: {
        tags: TAGS,
        summary: '安全事件 Security events (sign-ins, refusals, bulk reads), newest first; page with `before`',
        querystring: AuditListQuery,
        response: { 200: AuditEntryList, ...errorResponses(400, 401, 403) },
      },
    },
    (request) => security.page(request.query),
  );

  routes.get(
    '/api/v1/audit/verification',
    {
      config: { permission: 'audit.read' },
      schema: {
        tags: TAGS,
        summary: '校验审计链 Re-compute every hash and link of both chains; report the first broken entry of each',
        description: 'The top-level fields are the audit chain’s; `security` is the security chain’s; `allOk` is both.',
        response: { 200: AuditVerification, ...errorResponses(401, 403) },
      },
    },
    () => verifyChains(audit, security),
  );

  routes.post(
    '/api/v1/audit/statements',
    {
      config: { permission: 'audit.read' },
      schema: {
        tags: TAGS,
        summary: '发布链头声明 Sign and store a statement of both chains’ heads now; returns it',
        description:
          'Refused with AUDIT_CHAIN_REWRITTEN when the chains no longer match the newest stored statement. ' +
          'Keep the statement outside the server (docs/access.md).',
        response: { 201: AuditStatementView, ...errorResponses(401, 403, 409) },
      },
    },
    async (request, reply) => {
      const { statement } = await statements.publish('on_demand', auditContextOf(contextOf(request)));
      return reply.code(201).send(statement);
    },
  );

  routes.get(
    '/api/v1/audit/statements/latest',
    {
      config: { permission: 'audit.read' },
      schema: {
        tags: TAGS,
        summary: '最新链头声明 The newest stored statement of the chains’ heads',
        response: { 200: AuditStatementView, ...errorResponses(401, 403, 404) },
      },
    },
    async () => {
      const statement = await statements.latest();
      if (statement === null) throw new AppError('STATEMENT_NOT_FOUND', 'no audit statement has been published');
      return statement;
    },
  );

  routes.post(
    '/api/v1/audit/statements/verification',
    {
      config: { permission: 'audit.read' },
      schema: {
        tags: TAGS,
        summary:
          '核对链头声明 Check a statement kept elsewhere: its signature, and that the chains still agree with it',
        body: AuditStatementView,
        response: { 200: StatementCheckView, ...errorResponses(400, 401, 403, 413, 415) },
      },
    },
    (request) => statements.check(request.body),
  );
}
