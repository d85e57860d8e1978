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
      tags: [
        { name: 'plan', description: '方案 The plan: actions, measures, targets, parameters, departments, units' },
        { name: 'subsidy', description: "补贴 Subsidy quotes from the plan's rules" },
        { name: 'system', description: 'Health and readiness' },
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list', deepLinking: true } });
  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());
}
