/**
 * The jobs a server runs as it starts, before it takes requests (when HUIMIN_MIGRATE_ON_START is on,
 * the default): migrate the database, import the plan folder (audited as `system:start`), keep the
 * demo accounts as the demo setting says, delete expired sessions; then the daily statement of the
 * audit chains' heads, published if missing and checked hourly until the application closes.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { migrateToLatest } from '../db/migrate.js';
import { ensureDemoAccounts, removeDemoAccounts } from '../services/accounts/demo-accounts.js';
import { StatementSchedule } from '../services/audit/statement-schedule.js';
import type { Application } from './compose.js';
import { prepareDemoActivity } from './demo-activity.js';

/** Warns when keys come from the keys file in the data folder (fine for development and the demo only). */
export function reportKeySources(application: Application): void {
  const { config, keySources, log } = application;
  if (keySources.personalData !== 'environment') {
    log.warn(
      { keysFile: config.keysFile, created: keySources.personalData === 'new-file' },
      'personal-data keys come from the keys file in the data folder (development/demo); production sets HUIMIN_PII_KEYS',
    );
  }
  if (keySources.signing !== 'environment') {
    log.warn(
      { keysFile: config.keysFile, created: keySources.signing === 'new-file' },
      'the audit signing key comes from the keys file in the data folder (development/demo); production sets HUIMIN_AUDIT_SIGNING_KEY',
    );
  }
}

/** What start-up leaves running: the demo's month, played in the background (null when not seeding). */
export interface Prepared {
  readonly demoActivity: Promise<void> | null;
  /** Stops the background work early (the server is closing); a month stopped half-way stays half-played. */
  stop(): void;
}

/**
 * Migrates, imports the plan and settles the demo accounts and old sessions. In demo mode on a new
 * database the demo's people and pools are written before it returns; the half year of supervision
 * reports and the month of trade-in are written in the background (a few seconds), so the server
 * answers at once (the promise returned says when they are done).
 */
export async function prepareDatabase(application: Application): Promise<Prepared> {
  const { config, services, log, now, store, cipher } = application;
  const { database, plans, audit } = services;
  let demoActivity: Promise<void> | null = null;
  const stopping = new AbortController();
  const stop = () => stopping.abort();
  if (!config.migrateOnStart) return { demoActivity, stop };
  await migrateToLatest(database);

  const folder = path.join(config.policiesDir, config.planCode);
  const imported = await plans.importFolder(folder, now(), config.planBundleDir, 'if-new', {
    actor: 'system:start',
    role: 'system',
    requestId: `start:${randomUUID()}`,
  });
  const fields = { version: imported.version.id, created: imported.created, database: database.location };
  if (imported.version.current) log.info(fields, 'plan ready');
  else {
    log.warn(
      fields,
      `the plan folder holds version ${imported.version.id}, but another version is current; ` +
        'run `huimin plan import` to make the folder current',
    );
  }

  const accounts = application.repositories.accounts;
  if (config.demo) {
    const created = await ensureDemoAccounts(store, accounts, cipher, audit, now());
    log.info({ created }, 'demo mode: one account per role (password in README)');
    // Every demo citizen can sign in once this returns; the reports and the month follow in the background.
    const play = await prepareDemoActivity(application, config.demoScale);
    if (play !== null) {
      log.info({ scale: config.demoScale }, 'demo mode: demo citizens, merchants and funded pools; playing the month');
    }
    demoActivity = (async () => {
      const reports = await services.supervision.seedDemo();
      if (reports > 0) log.info({ reports }, 'demo mode: half a year of supervision reports');
      if (play !== null) {
        log.info(await play(stopping.signal), 'demo mode: a month of trade-in activity (2025-05-16 to 2025-06-15)');
      }
    })().catch((error: unknown) => {
      if (stopping.signal.aborted)
        log.warn({}, 'demo mode: the month of trade-in was stopped by the shutdown, half-played');
      else log.error({ err: error }, 'demo mode: seeding the demo data stopped');
    });
  } else {
    const removed = await removeDemoAccounts(store, accounts, audit);
    if (removed.accounts > 0) log.warn(removed, 'demo mode is off: demo accounts deleted');
  }
  await accounts.deleteExpiredSessions(now().toISOString());
  return { demoActivity, stop };
}

/** Starts the daily statements (today's published now if missing); stop it before the database closes. */
export async function startStatementSchedule(application: Application): Promise<StatementSchedule> {
  const schedule = new StatementSchedule(application.services.statements, application.now, application.log);
  await schedule.start();
  return schedule;
}
