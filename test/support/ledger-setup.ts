/** A migrated database with a budget service on it, for the ledger's integration tests. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { parse } from 'yaml';
import { AuditRepository } from '../../src/db/audit-repository.js';
import { BudgetRepository } from '../../src/db/budget-repository.js';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { isUniqueViolation, writeTransaction } from '../../src/db/write-transaction.js';
import type { LedgerOutcome } from '../../src/domain/budget/outcomes.js';
import { AuditLog } from '../../src/services/audit/audit-log.js';
import {
  type CommitRequest,
  type CreatePoolRequest,
  type FundRequest,
  type HoldRequest,
  type ReverseRequest,
} from '../../src/services/budget/budget-requests.js';
import { BudgetService } from '../../src/services/budget/budget-service.js';
import type { RequestContext } from '../../src/services/context.js';
import { projectRoot } from '../../src/shared/project-root.js';
import type { LedgerDriver } from './ledger-commands.js';
import { testEnvironment, type TestDialect, type TestEnvironment } from './databases.js';

/** The implementing units of the Sanmenxia plan (policies/sanmenxia-2025/units.yaml). */
export function planUnits(): string[] {
  const file = path.join(projectRoot(), 'policies', 'sanmenxia-2025', 'units.yaml');
  const { units } = parse(readFileSync(file, 'utf8')) as { units: { id: string }[] };
  return units.map((unit) => unit.id);
}

/** A clock the test moves by hand. */
export class TestClock {
  constructor(private instant: Date) {}
  readonly now = (): Date => this.instant;
  set(iso: string): void {
    this.instant = new Date(iso);
  }
}

/** Who asks, as the ledger tests name it: an actor and the reference stored with the transaction. */
export interface TestWho {
  readonly actor: string;
  readonly reference?: string | null;
}

export function contextOf(who: TestWho): RequestContext {
  return { actor: { id: who.actor, role: 'test', principal: null }, requestId: 'test', idempotency: null };
}

/** How a standalone hold, commit or release reaches the ledger in a test. */
export type LedgerPath = 'batched' | 'steps';

/**
 * The budget as a caller with nothing else to do in the transaction uses it. `batched` (the default):
 * holds, commits and releases through the standalone use cases (placeHold, commitHold, releaseHold),
 * which the hold batcher gathers into one transaction per batch. `steps`: each step in a write
 * transaction of its own; two identical requests at once: one writes, the other fails on the unique
 * ledger key and, asked again, answers `replayed` (as every caller of a step may do).
 */
export function standaloneLedger(service: BudgetService, handle: DatabaseHandle, path: LedgerPath = 'batched') {
  const once = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      return work();
    }
  };
  const step = <T>(work: (trx: Parameters<Parameters<typeof writeTransaction>[2]>[0]) => Promise<T>) =>
    once(() => writeTransaction(handle.db, handle.dialect, work));
  const refer = <T extends object>(request: T, who: TestWho) => ({ reference: who.reference ?? null, ...request });
  return {
    createPool: (request: CreatePoolRequest, who: TestWho = { actor: 'test' }) =>
      service.createPool(contextOf(who), request),
    fund: (poolId: string, request: FundRequest, who: TestWho) =>
      service.fund(contextOf(who), poolId, refer(request, who)),
    hold: (poolId: string, request: HoldRequest, who: TestWho) =>
      path === 'batched'
        ? service.placeHold(contextOf(who), poolId, refer(request, who))
        : step((trx) => service.hold(trx, contextOf(who), poolId, refer(request, who))),
    commit: (holdId: string, request: CommitRequest, who: TestWho) =>
      path === 'batched'
        ? service.commitHold(contextOf(who), holdId, refer(request, who))
        : step((trx) => service.commit(trx, contextOf(who), holdId, refer(request, who))),
    release: (holdId: string, who: TestWho) =>
      path === 'batched'
        ? service.releaseHold(contextOf(who), holdId, refer({}, who))
        : step((trx) => service.release(trx, contextOf(who), holdId, refer({}, who))),
    reverse: (holdId: string, request: ReverseRequest, who: TestWho) =>
      path === 'batched'
        ? service.reverseHold(contextOf(who), holdId, refer(request, who))
        : step((trx) => service.reverse(trx, contextOf(who), holdId, refer(request, who))),
    pause: (poolId: string, request: { reason?: string | null }, who: TestWho) =>
      service.pause(contextOf(who), poolId, request),
    resume: (poolId: string, who: TestWho) => service.resume(contextOf(who), poolId),
    getPool: (poolId: string) => service.getPool(poolId),
    getHold: (holdId: string) => service.getHold(holdId),
    listPools: (filter: Parameters<BudgetService['listPools']>[0] = {}) => service.listPools(filter),
    postings: (...args: Parameters<BudgetService['reports']['postings']>) => service.reports.postings(...args),
    forecast: (...args: Parameters<BudgetService['reports']['forecast']>) => service.reports.forecast(...args),
    verifyBooks: () => service.reports.verifyBooks(),
  };
}
export type StandaloneLedger = ReturnType<typeof standaloneLedger>;

export interface LedgerDatabase {
  readonly environment: TestEnvironment;
  readonly handle: DatabaseHandle;
  /** The budget, each call a transaction of its own (see standaloneLedger). */
  readonly service: StandaloneLedger;
  readonly budget: BudgetService;
  readonly clock: TestClock;
  close(): Promise<void>;
}

export async function ledgerDatabase(
  dialect: TestDialect,
  options: { poolSize?: number; units?: readonly string[]; path?: LedgerPath } = {},
): Promise<LedgerDatabase> {
  const environment = await testEnvironment(dialect);
  const handle = await openDatabase({ ...environment.config, poolSize: options.poolSize ?? 10 });
  await migrateToLatest(handle);
  const clock = new TestClock(new Date('2025-06-01T02:00:00Z'));
  const budget = new BudgetService({
    store: handle,
    repository: new BudgetRepository(handle.db, handle.dialect),
    audit: new AuditLog(new AuditRepository(handle.db, handle.dialect), clock.now),
    now: clock.now,
    ...(options.units === undefined ? {} : { units: () => Promise.resolve(options.units) }),
  });
  return {
    environment,
    handle,
    service: standaloneLedger(budget, handle, options.path),
    budget,
    clock,
    async close() {
      await handle.destroy();
      await environment.cleanup();
    },
  };
}

/** Rows in a table, counted by the database. */
export async function countRows(handle: DatabaseHandle, table: string): Promise<number> {
  const result = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(handle.db);
  return Number(result.rows[0]?.n ?? 0);
}

/** Sum of every posting, by the database (an independent check of the books). */
export async function postingTotal(handle: DatabaseHandle): Promise<number> {
  const result = await sql<{
    total: number;
  }>`select cast(coalesce(sum(amount_fen), 0) as bigint) as total from ledger_postings`.execute(handle.db);
  return Number(result.rows[0]?.total ?? Number.NaN);
}

/** Unwraps a successful outcome or fails the test with the refusal. */
export function ok<T extends object>(outcome: LedgerOutcome<T>): T & { ok: true; replayed: boolean } {
  if (!outcome.ok) throw new Error(`expected success, got ${JSON.stringify(outcome.refusal)}`);
  return outcome;
}

const ACTOR = { actor: 'property-test' };

/** The service behind the property tests' driver interface. */
export function serviceDriver(service: StandaloneLedger): LedgerDriver {
  return {
    fund: (poolId, amountFen, idempotencyKey) => service.fund(poolId, { amountFen, idempotencyKey }, ACTOR),
    hold: (poolId, amountFen, idempotencyKey) => service.hold(poolId, { amountFen, idempotencyKey }, ACTOR),
    commit: (holdId, amountFen) => service.commit(holdId, amountFen === undefined ? {} : { amountFen }, ACTOR),
    release: (holdId) => service.release(holdId, ACTOR),
    reverse: (holdId, amountFen, idempotencyKey, destination) =>
      service.reverse(
        holdId,
        { idempotencyKey, destination, ...(amountFen === undefined ? {} : { amountFen }) },
        ACTOR,
      ),
    pause: (poolId) => service.pause(poolId, { reason: 'test' }, ACTOR),
    resume: (poolId) => service.resume(poolId, ACTOR),
    holdState: async (holdId) => {
      const { amountFen, status, committedFen, reversedFen } = await service.getHold(holdId);
      return { amountFen, status, committedFen, reversedFen };
    },
    poolState: async (poolId) => {
      const { status, fundedFen, availableFen, heldFen, spentFen, withdrawnFen } = await service.getPool(poolId);
      return { status, fundedFen, availableFen, heldFen, spentFen, withdrawnFen };
    },
  };
}
