/** The OpenAPI document (built from the route schemas) at /openapi.json and a browsable page at /docs. */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'huimin 惠民 API',
        version,
        description:
          'The plan as versioned data, and (as they arrive) the subsidy and voucher programmes that spend its money. ' +
          'Errors are `{ "error": { "code", "message", "field"?, "requestId" } }`; codes are listed in docs/errors.md.',
        license: { name: 'Apache-2.0' },
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'huimin_session', description: 'set by sign-in' },
          csrf: {
            type: 'apiKey',
            in: 'header',
            name: 'X-CSRF-Token',
            description: 'from the session; on POST/PUT/PATCH/DELETE',
          },
        },
      },
      tags: [
        { name: 'plan', description: '方案 The plan: actions, measures, targets, parameters, departments, units' },
        { name: 'subsidy', description: "补贴 Subsidy quotes from the plan's rules" },
        { name: 'accounts', description: '账户 Registration, sign-in, sessions, staff accounts, roles, merchants' },
        { name: 'budget', description: '资金池 Budget pools, tranches, pause/resume, forecasts, books' },
        { name: 'audit', description: '审计 The hash-chained audit log and its verification' },
        { name: 'system', description: 'Health and readiness' },
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list', deepLinking: true } });
  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());
}
