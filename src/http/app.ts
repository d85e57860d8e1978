/**
 * The application: database, services and routes wired from one configuration. Tests call
 * buildApp(config) and inject requests; main.ts calls it and listens.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Config, TrustProxy } from '../config.js';
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
import { AccountRepository } from '../db/account-repository.js';
import { AuditRepository } from '../db/audit-repository.js';
import { AccountService } from '../services/accounts/account-service.js';
import { AdminService } from '../services/accounts/admin-service.js';
import { ensureDemoAccounts, removeDemoAccounts } from '../services/accounts/demo-accounts.js';
import { LogOneTimeCodeSender, type OneTimeCodeSender } from '../services/accounts/one-time-code-sender.js';
import { OrganisationDirectory } from '../services/accounts/organisations.js';
import { AuditLog } from '../services/audit/audit-log.js';
import { SecurityLog } from '../services/audit/security-log.js';
import { StatementSchedule } from '../services/audit/statement-schedule.js';
import { AuditStatements } from '../services/audit/statements.js';
import { loadAuditSigningKey, loadPersonalDataKeys } from '../services/security/keys-file.js';
import { PersonalDataCipher } from '../services/security/personal-data-cipher.js';
import { registerAccess } from './plugins/access.js';
import { registerIdempotency } from './plugins/idempotency.js';
import { openRateCounter } from './plugins/rate-counters.js';
import { registerSecurity } from './plugins/security.js';
import { registerSecurityEvents } from './plugins/security-events.js';
import { registerAccountRoutes } from './routes/accounts/account-routes.js';
import { registerAuthRoutes } from './routes/accounts/auth-routes.js';
import { registerAuditRoutes } from './routes/audit/audit-routes.js';
import { registerBudgetRoutes } from './routes/budget/budget-routes.js';
import { registerGrantRoutes } from './routes/subsidy/grant-routes.js';
import { GrantRepository } from '../db/subsidy-repository.js';
import { GrantService } from '../services/subsidy/grant-service.js';
import { BudgetService } from '../services/budget/budget-service.js';

export interface AppOptions {
  /** The clock; tests pass a fixed one. */
  readonly now?: () => Date;
  /** Where one-time sign-in codes go; default: the log (development). */
  readonly oneTimeCodeSender?: OneTimeCodeSender;
}

export interface AppServices {
  readonly database: DatabaseHandle;
  readonly plans: PlanService;
  readonly quotes: QuoteService;
  readonly accounts: AccountService;
  readonly admin: AdminService;
  readonly audit: AuditLog;
  readonly security: SecurityLog;
  readonly statements: AuditStatements;
  readonly budget: BudgetService;
  readonly grants: GrantService;
}

declare module 'fastify' {
  interface FastifyInstance {
    services: AppServices;
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
    trustProxy: trustProxyOption(config.trustProxy),
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
    const audit = new AuditLog(new AuditRepository(database.db, database.dialect), now);
    const security = new SecurityLog(database.db, database.dialect, now);
    const plans = new PlanService(database.db, config.planCode, audit);
    if (config.migrateOnStart) {
      const folder = path.join(config.policiesDir, config.planCode);
      const imported = await plans.importFolder(folder, now(), config.planBundleDir, 'if-new', {
        actor: 'system:start',
        role: 'system',
        requestId: `start:${randomUUID()}`,
      });
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
    const keys = loadPersonalDataKeys(config);
    if (keys.source !== 'environment') {
      app.log.warn(
        { keysFile: config.keysFile, created: keys.source === 'new-file' },
        'personal-data keys come from the keys file in the data folder (development/demo); production sets HUIMIN_PII_KEYS',
      );
    }
    const cipher = new PersonalDataCipher(keys.keys);
    const signing = loadAuditSigningKey(config);
    if (signing?.source !== 'environment') {
      app.log.warn(
        { keysFile: config.keysFile, created: signing?.source === 'new-file' },
        'the audit signing key comes from the keys file in the data folder (development/demo); production sets HUIMIN_AUDIT_SIGNING_KEY',
      );
    }
    const statements = new AuditStatements({
      db: database.db,
      audit,
      security: security.log.repository,
      signingKey: signing?.key ?? null,
      folder: config.auditStatementsDir,
      now,
    });
    const accountRepository = new AccountRepository(database.db, database.dialect);
    const organisations = new OrganisationDirectory(plans, accountRepository);
    const accounts = new AccountService({
      repository: accountRepository,
      cipher,
      audit,
      organisations,
      codeSender: options.oneTimeCodeSender ?? new LogOneTimeCodeSender(app.log),
      now,
      demo: config.demo,
      security,
    });
    const admin = new AdminService({ repository: accountRepository, cipher, audit, organisations, plans, now });
    if (config.migrateOnStart) {
      if (config.demo) {
        const created = await ensureDemoAccounts(accountRepository, cipher, audit, now());
        app.log.info({ created }, 'demo mode: one account per role (password in README)');
      } else {
        const removed = await removeDemoAccounts(accountRepository, audit);
        if (removed.accounts > 0) app.log.warn(removed, 'demo mode is off: demo accounts deleted');
      }
      await accountRepository.deleteExpiredSessions(now().toISOString());
    }
    // Pools are opened for the plan's implementing units; without a plan yet, any well-formed id.
    const units = await plans.current().then(
      (plan) => plan.catalogue.units.map((unit) => unit.id),
      () => undefined,
    );
    const budget = new BudgetService({ store: database, now, audit, ...(units === undefined ? {} : { units }) });
    const grants = new GrantService({
      store: database,
      grants: new GrantRepository(database.db, database.dialect),
      accounts: accountRepository,
      budget,
      quotes,
      plans,
      audit,
      now,
    });
    app.decorate('services', { database, plans, quotes, accounts, admin, audit, security, statements, budget, grants });
    // Today's statement of the chains' heads, if it is missing, then hourly checks (stopped before
    // the database closes: onClose hooks run last-added first).
    const schedule = new StatementSchedule(statements, now, app.log);
    app.addHook('onClose', () => schedule.stop());
    await schedule.start();

    app.addHook('onRequest', (request, reply, done) => {
      reply.header('x-request-id', request.id);
      done();
    });
    registerErrorHandling(app);
    registerSecurityEvents(app, security);
    const rateCounter = await openRateCounter({
      redisUrl: config.redisUrl,
      redisPrefix: config.redisPrefix,
      hashKey: (key) => cipher.lookup('rate_limit', key),
      log: app.log,
    });
    app.addHook('onClose', () => rateCounter.close());
    const limits = await registerSecurity(app, config.rateLimits, rateCounter);
    await registerAccess(app, accounts);
    registerIdempotency(app, database, now);
    await registerOpenApi(app, packageVersion());
    registerHealthRoutes(app, plans, database.dialect);
    registerPlanRoutes(app, plans);
    registerQuoteRoutes(app, quotes);
    registerAuthRoutes(app, accounts, limits);
    registerAccountRoutes(app, admin);
    registerAuditRoutes(app, audit, security, statements);
    registerBudgetRoutes(app, budget, limits, now);
    registerGrantRoutes(app, grants, limits);
    await registerWeb(app, config.webDir);
    await app.ready();
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  return app;
}
