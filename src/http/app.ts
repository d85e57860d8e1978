/**
 * The application: database, services and routes wired from one configuration. Tests call
 * buildApp(config) and inject requests; main.ts calls it and listens.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import { openDatabase, type DatabaseHandle } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { PlanService } from '../services/plan/plan-service.js';
import { registerErrorHandling, sendError } from './plugins/errors.js';
import { lazySchemaCompilers } from './plugins/lazy-schema-compilers.js';
import { registerOpenApi } from './plugins/openapi.js';
import { registerWeb } from './plugins/web.js';
import { registerPlanRoutes } from './routes/plan/plan-routes.js';
import { registerHealthRoutes } from './routes/system/health-routes.js';
import { registerQuoteRoutes } from './routes/subsidy/quote-routes.js';
import { QuoteService } from '../services/subsidy/quote-service.js';
import { packageVersion } from '../shared/package-version.js';

export interface AppOptions {
  /** The clock; tests pass a fixed one. */
  readonly now?: () => Date;
}

export interface AppServices {
  readonly database: DatabaseHandle;
  readonly plans: PlanService;
  readonly quotes: QuoteService;
}

declare module 'fastify' {
  interface FastifyInstance {
    services: AppServices;
  }
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export async function buildApp(config: Config, options: AppOptions = {}): Promise<FastifyInstance> {
  const now = options.now ?? (() => new Date());
  const app = Fastify({
    logger: {
      level: config.logLevel,
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], remove: true },
    },
    // A caller's (or proxy's) X-Request-Id is kept so one id follows a request across services.
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    bodyLimit: 1024 * 1024,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
    schemaController: { compilersFactory: lazySchemaCompilers() },
    // Errors Fastify raises before routing (a malformed URL) take the same shape as every other.
    frameworkErrors: (error, request, reply) => {
      request.log.info({ err: error }, 'request refused before routing');
      void sendError(request, reply, 'VALIDATION_FAILED', error.message);
    },
  });

  const database = await openDatabase(config);
  app.addHook('onClose', () => database.destroy());
  try {
    if (config.migrateOnStart) await migrateToLatest(database);
    const plans = new PlanService(database.db, config.planCode);
    if (config.migrateOnStart) {
      const folder = path.join(config.policiesDir, config.planCode);
      const imported = await plans.importFolder(folder, now(), config.planBundleDir, 'if-new');
      const fields = { version: imported.version.id, created: imported.created, database: database.location };
      if (imported.version.current) app.log.info(fields, 'plan ready');
      else {
        app.log.warn(
          fields,
          `the plan folder holds version ${imported.version.id}, but another version is current; ` +
            'run `huimin plan import` to make the folder current',
        );
      }
    }
    const quotes = new QuoteService(plans);
    app.decorate('services', { database, plans, quotes });

    app.addHook('onRequest', (request, reply, done) => {
      reply.header('x-request-id', request.id);
      reply.header('x-content-type-options', 'nosniff');
      done();
    });
    registerErrorHandling(app);
    await registerOpenApi(app, packageVersion());
    registerHealthRoutes(app, plans, database.dialect);
    registerPlanRoutes(app, plans);
    registerQuoteRoutes(app, quotes);
    await registerWeb(app, config.webDir);
    await app.ready();
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  return app;
}
