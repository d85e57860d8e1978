/**
 * The composition root: the one place that builds huimin's repositories and services from a
 * configuration and an open database. The HTTP app (src/http/app.ts), the CLI and the start-up jobs
 * (startup.ts) all take their services from here, so each is built once, the same way, with the same
 * write store, clock and audit log: a money-moving service cannot be built without the audit log.
 *
 * Building touches no table: a fresh database can be composed, then migrated by the start-up jobs.
 */
import path from 'node:path';
import type { Config } from '../config.js';
import { AccountRepository } from '../db/accounts-repository.js';
import { AuditRepository } from '../db/audit-repository.js';
import { BudgetRepository } from '../db/budget-repository.js';
import { openDatabase, type DatabaseHandle } from '../db/database.js';
import { PlanRepository } from '../db/plan-repository.js';
import { GrantRepository } from '../db/subsidy-repository.js';
import { MetricsRepository } from '../db/metrics-repository.js';
import { SupervisionRepository } from '../db/supervision-repository.js';
import { AccountService } from '../services/accounts/account-service.js';
import { AdminService } from '../services/accounts/admin-service.js';
import { LogOneTimeCodeSender, type OneTimeCodeSender } from '../services/accounts/one-time-code-sender.js';
import { OrganisationDirectory } from '../services/accounts/organisations.js';
import { AuditLog } from '../services/audit/audit-log.js';
import { SecurityLog } from '../services/audit/security-log.js';
import { AuditStatements } from '../services/audit/statements.js';
import { BudgetService } from '../services/budget/budget-service.js';
import type { WriteStore } from '../services/idempotent-write.js';
import { PlanService } from '../services/plan/plan-service.js';
import { loadAuditSigningKey, loadPersonalDataKeys, type KeySource } from '../services/security/keys-file.js';
import { PersonalDataCipher } from '../services/security/personal-data-cipher.js';
import { GrantService } from '../services/subsidy/grant-service.js';
import { QuoteService } from '../services/subsidy/quote-service.js';
import { businessClock, composeTradeIn, type TradeInServices } from './compose-trade-in.js';
import { GrantFigureSource, type ProgrammeFigureSource } from '../services/supervision/programme-figures.js';
import { TradeInFigureSource } from '../services/trade-in/trade-in-figures.js';
import { SupervisionService } from '../services/supervision/supervision-service.js';
import { composeClaims, type ClaimServices } from '../services/claims/index.js';
import { ClaimsRepository } from '../db/claims-repository.js';
import { VoucherReportRepository } from '../db/voucher-report-repository.js';
import { VouchersRepository } from '../db/vouchers-repository.js';
import { VoucherClaimsRepository } from '../db/voucher-claims-repository.js';
import { openAdmissionGate } from '../services/vouchers/admission-gate.js';
import { composeVouchers, type VoucherServices } from '../services/vouchers/index.js';
import type { PlatformMetrics } from './metrics.js';

/** What the composition root logs: pino's (Fastify's) logger, or the CLI's. */
export interface Log {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface ComposeOptions {
  /** The clock; tests pass a fixed one. */
  readonly now?: () => Date;
  /** Where one-time codes go; default: the log (development). */
  readonly oneTimeCodeSender?: OneTimeCodeSender;
  readonly log: Log;
  /** Whether a missing audit signing key is created in the keys file (default true; the CLI's verify: false). */
  readonly createSigningKey?: boolean;
  /** The process's metrics (the server, when /metrics is on): told every query's time, read at scrape time. */
  readonly metrics?: PlatformMetrics | null;
  /** Programme figure sources beyond the subsidy grants' (supervision: the platform's own figures). */
  readonly programmeFigures?: readonly ProgrammeFigureSource[];
}

/** Every service of the platform, as routes, the CLI and the start-up jobs use them. */
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
  readonly tradeIn: TradeInServices;
  readonly supervision: SupervisionService;
  readonly claims: ClaimServices;
  readonly vouchers: VoucherServices;
}

/** The composed platform: its services and the parts the start-up jobs and HTTP wiring need. */
export interface Application {
  readonly config: Config;
  readonly now: () => Date;
  readonly log: Log;
  readonly services: AppServices;
  /** Personal data's keys: the rate limiter hashes client addresses and logins with its lookups. */
  readonly cipher: PersonalDataCipher;
  /** Where the keys came from: `file`/`new-file` is a development or demo setup (startup.ts warns). */
  readonly keySources: { readonly personalData: KeySource; readonly signing: KeySource | null };
  /** Repositories the start-up jobs use directly (demo accounts, expired sessions). */
  readonly repositories: { readonly accounts: AccountRepository };
  /** Where services write: the database and, in crash tests only, where writes pause. */
  readonly store: WriteStore;
  /** The metrics, when asked for (ComposeOptions.metrics). */
  readonly metrics: PlatformMetrics | null;
  /** Closes the database. */
  close(): Promise<void>;
}

/** Builds every repository and service on `database`. */
export function composeServices(database: DatabaseHandle, config: Config, options: ComposeOptions): Application {
  const now = options.now ?? (() => new Date());
  const { log } = options;
  const store: WriteStore = database;
  const audit = new AuditLog(new AuditRepository(database.db, database.dialect), now);
  const security = new SecurityLog(store, new AuditRepository(database.db, database.dialect, 'security'), now);
  const plans = new PlanService({
    store,
    repository: new PlanRepository(database.db),
    audit,
    planCode: config.planCode,
  });
  const quotes = new QuoteService(plans);

  const keys = loadPersonalDataKeys(config);
  const cipher = new PersonalDataCipher(keys.keys);
  const signing = loadAuditSigningKey(config, { create: options.createSigningKey ?? true });
  const statements = new AuditStatements({
    store,
    audit,
    security: security.log.repository,
    signingKey: signing?.key ?? null,
    folder: config.auditStatementsDir,
    now,
  });

  const accountRepository = new AccountRepository(database.db, database.dialect);
  const codeSender = options.oneTimeCodeSender ?? new LogOneTimeCodeSender(log);
  const organisations = new OrganisationDirectory(plans, accountRepository);
  const accounts = new AccountService({
    store,
    repository: accountRepository,
    cipher,
    audit,
    organisations,
    codeSender,
    now,
    demo: config.demo,
    security,
  });
  const admin = new AdminService({ store, repository: accountRepository, cipher, audit, organisations, plans, now });

  // Pools are opened for the implementing units of the plan in force; without a plan yet, any well-formed id.
  const units = (): Promise<readonly string[] | undefined> =>
    plans.current().then(
      (plan) => plan.catalogue.units.map((unit) => unit.id),
      () => undefined,
    );
  const metrics = options.metrics ?? null;
  const budget = new BudgetService({
    store,
    repository: new BudgetRepository(database.db, database.dialect),
    now,
    audit,
    units,
    ...(metrics === null ? {} : { onBatch: metrics.observeBatch }),
  });
  const grants = new GrantService({
    store,
    grants: new GrantRepository(database.db, database.dialect),
    accounts: accountRepository,
    budget,
    quotes,
    plans,
    audit,
    now,
  });
  const tradeIn = composeTradeIn({
    database,
    config,
    store,
    audit,
    security,
    accounts: accountRepository,
    budget,
    quotes,
    plans,
    cipher,
    now,
  });
  const supervisionRepository = new SupervisionRepository(database.db);
  const supervision = new SupervisionService({
    store,
    repository: supervisionRepository,
    audit,
    plans,
    sources: [
      ...(options.programmeFigures ?? []),
      new TradeInFigureSource(tradeIn.repository, new GrantFigureSource(supervisionRepository)),
      new GrantFigureSource(supervisionRepository),
    ],
    evidenceFolder: path.join(config.dataDir, 'supervision-evidence'),
    now,
  });
  const claims = composeClaims(
    {
      store,
      repository: new ClaimsRepository(database.db, database.dialect),
      grants: new GrantRepository(database.db, database.dialect),
      goods: tradeIn.repository,
      accounts: accountRepository,
      budget,
      quotes,
      plans,
      audit,
      cipher,
      evidenceFolder: path.join(config.dataDir, 'claim-evidence'),
      now,
    },
    codeSender,
  );
  const voucherRepository = new VouchersRepository(database.db, database.dialect);
  // Several app processes on PostgreSQL share a round's hot counter in Redis (REDIS_URL); without it the
  // database decides alone (docs/vouchers.md, "Flash claims at scale").
  const gate = openAdmissionGate({
    redisUrl: config.redisUrl,
    redisPrefix: config.redisPrefix,
    readRound: async (id) => {
      const round = await voucherRepository.findRound(id);
      return round === undefined ? undefined : { id, quantity: round.quantity, issued: round.issued };
    },
    log: {
      warn: (fields, message) => log.warn(fields, message),
      info: (fields, message) => log.info(fields, message),
    },
  });
  const vouchers = composeVouchers({
    store,
    repository: voucherRepository,
    claims: new VoucherClaimsRepository(database.dialect),
    gate,
    reports: new VoucherReportRepository(database.db, database.dialect),
    accounts: accountRepository,
    budget,
    audit,
    cipher,
    // Rounds open, end and expire on the business clock, as trade-in sales are judged (HUIMIN_CLOCK_DATE).
    now: businessClock(now, config.clockDate),
  });
  metrics?.watch({ budget, repository: new MetricsRepository(database.db) });
  return {
    config,
    now,
    log,
    services: {
      database,
      plans,
      quotes,
      accounts,
      admin,
      audit,
      security,
      statements,
      budget,
      grants,
      tradeIn,
      supervision,
      claims,
      vouchers,
    },
    cipher,
    keySources: { personalData: keys.source, signing: signing?.source ?? null },
    repositories: { accounts: accountRepository },
    store,
    metrics,
    close: async () => {
      await gate.close();
      await accounts.touches.flush();
      await database.destroy();
    },
  };
}

/** Opens the configured database and composes the platform on it. */
export async function openApplication(config: Config, options: ComposeOptions): Promise<Application> {
  const observeQuery = options.metrics?.observeQuery;
  const database = await openDatabase(observeQuery === undefined ? config : { ...config, onQuery: observeQuery });
  try {
    return composeServices(database, config, options);
  } catch (error) {
    await database.destroy();
    throw error;
  }
}
