/**
 * The HTTP application: takes the composed services (src/app/compose.ts), runs the start-up jobs
 * (src/app/startup.ts), and wires them to Fastify: plugins, then routes. Tests call buildApp(config)
 * and inject requests; main.ts calls it and listens.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { openApplication, type AppServices } from '../app/compose.js';
import { PlatformMetrics } from '../app/metrics.js';
import { prepareDatabase, reportKeySources, startStatementSchedule } from '../app/startup.js';
import type { Config, TrustProxy } from '../config.js';
import type { OneTimeCodeSender } from '../services/accounts/one-time-code-sender.js';
import { packageVersion } from '../shared/package-version.js';
import { registerAccess } from './plugins/access.js';
import { registerAccessLog } from './plugins/access-log.js';
import { registerDocuments } from './plugins/documents.js';
import { registerErrorHandling, sendError } from './plugins/errors.js';
import { registerIdempotency } from './plugins/idempotency.js';
import { registerMetrics } from './plugins/metrics.js';
import { lazySchemaCompilers } from './plugins/lazy-schema-compilers.js';
import { registerOpenApi } from './plugins/openapi.js';
import { openRateCounter } from './plugins/rate-counters.js';
import { registerSecurity } from './plugins/security.js';
import { registerSecurityEvents } from './plugins/security-events.js';
import { registerWeb } from './plugins/web.js';
import { registerAccountRoutes } from './routes/accounts/account-routes.js';
import { registerAuthRoutes } from './routes/accounts/auth-routes.js';
import { registerAuditRoutes } from './routes/audit/audit-routes.js';
import { registerBudgetRoutes } from './routes/budget/budget-routes.js';
import { registerPlanRoutes } from './routes/plan/plan-routes.js';
import { registerGrantRoutes } from './routes/subsidy/grant-routes.js';
import { registerQuoteRoutes } from './routes/subsidy/quote-routes.js';
import { registerSupervisionRoutes } from './routes/supervision/supervision-routes.js';
import { registerHealthRoutes } from './routes/system/health-routes.js';
import { registerSettlementRoutes } from './routes/settlement/settlement-routes.js';
import { registerClaimRoutes } from './routes/claims/claim-routes.js';
import { registerVoucherListingRoutes } from './routes/vouchers/voucher-listing-routes.js';
import { registerVoucherReportRoutes } from './routes/vouchers/voucher-report-routes.js';
import { registerVoucherRoutes } from './routes/vouchers/voucher-routes.js';
import { registerTradeInRoutes } from './routes/trade-in/trade-in-routes.js';

export type { AppServices } from '../app/compose.js';

export interface AppOptions {
  /** The clock; tests pass a fixed one. */
  readonly now?: () => Date;
  /** Where one-time sign-in codes go; default: the log (development). */
  readonly oneTimeCodeSender?: OneTimeCodeSender;
}

declare module 'fastify' {
  interface FastifyInstance {
    services: AppServices;
    /** Resolves when start-up's background work (the demo's month) is done; at once when there is none. */
    demoActivity: Promise<void>;
  }
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * HUIMIN_TRUST_PROXY as Fastify takes it. Fastify refuses a bare hop count (it cannot tell a proxy
 * from a client that reaches the server directly), so a count becomes a function that trusts that many
 * hops from the socket inward: right only when huimin can be reached through its proxies alone, as
 * docs/access.md says. Addresses and ranges go to Fastify as they are.
 */
function trustProxyOption(trust: TrustProxy): false | string[] | ((address: string, hop: number) => boolean) {
  if (trust === false) return false;
  if (typeof trust === 'number') return (_address, hop) => hop < trust;
  return [...trust];
}

export async function buildApp(config: Config, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: config.logLevel,
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], remove: true },
    },
    // One access-log line per request, without the URL or the address (plugins/access-log.ts).
    logController: new LogController({ disableRequestLogging: true }),
    // A caller's (or proxy's) X-Request-Id is kept so one id follows a request across services.
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    bodyLimit: 1024 * 1024,
    trustProxy: trustProxyOption(config.trustProxy),
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
    schemaController: { compilersFactory: lazySchemaCompilers() },
    // Errors Fastify raises before routing (a malformed URL) take the same shape as every other.
    frameworkErrors: (error, request, reply) => {
      request.log.info({ err: error }, 'request refused before routing');
      void sendError(request, reply, 'VALIDATION_FAILED', error.message);
    },
  });

  const application = await openApplication(config, {
    log: app.log,
    metrics: config.metricsToken === null ? null : new PlatformMetrics(),
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.oneTimeCodeSender === undefined ? {} : { oneTimeCodeSender: options.oneTimeCodeSender }),
  });
  app.addHook('onClose', () => application.close());
  try {
    reportKeySources(application);
    const prepared = await prepareDatabase(application);
    const demoActivity = prepared.demoActivity ?? Promise.resolve();
    app.decorate('demoActivity', demoActivity);
    // Runs before the database closes (onClose hooks run last-added first): the month stops after its day.
    app.addHook('onClose', () => {
      prepared.stop();
      return demoActivity;
    });
    const { services, cipher } = application;
    const { database, plans, quotes, accounts, admin, audit, security, statements, budget, grants } = services;
    app.decorate('services', services);
    // The daily statement of the chains' heads (stopped before the database closes: onClose hooks
    // run last-added first).
    const schedule = await startStatementSchedule(application);
    app.addHook('onClose', () => schedule.stop());

    app.addHook('onRequest', (request, reply, done) => {
      reply.header('x-request-id', request.id);
      done();
    });
    registerErrorHandling(app);
    registerAccessLog(app);
    registerDocuments(app);
    registerSecurityEvents(app, security);
    const rateCounter = await openRateCounter({
      redisUrl: config.redisUrl,
      redisPrefix: config.redisPrefix,
      hashKey: (key) => cipher.lookup('rate_limit', key),
      log: app.log,
    });
    app.addHook('onClose', () => rateCounter.close());
    const limits = registerSecurity(app, config.rateLimits, rateCounter);
    await registerAccess(app, accounts);
    registerIdempotency(app, database, application.now);
    // Every route from here on: the plugins above attach their hooks as each route is added (onRoute),
    // so a route registered before them would miss its permission check, limiter or idempotency.
    registerMetrics(app, application.metrics, config.metricsToken);
    await registerOpenApi(app, packageVersion());
    registerHealthRoutes(app, plans, database.dialect);
    registerPlanRoutes(app, plans);
    registerQuoteRoutes(app, quotes);
    registerAuthRoutes(app, accounts, limits);
    registerAccountRoutes(app, admin);
    registerAuditRoutes(app, audit, security, statements);
    registerBudgetRoutes(app, budget, limits, application.now);
    registerGrantRoutes(app, grants, limits);
    registerTradeInRoutes(app, application.services.tradeIn, limits);
    registerSettlementRoutes(app, application.services.tradeIn.settlements);
    registerSupervisionRoutes(app, services.supervision);
    registerClaimRoutes(app, services.claims);
    registerVoucherRoutes(app, services.vouchers);
    registerVoucherListingRoutes(app, services.vouchers.listing);
    registerVoucherReportRoutes(app, services.vouchers.reports);
    await registerWeb(app, config.webDir);
    await app.ready();
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  return app;
}
