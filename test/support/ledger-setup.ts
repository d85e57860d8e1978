/** A migrated database with a budget service on it, for the ledger's integration tests. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { parse } from 'yaml';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import type { LedgerOutcome } from '../../src/domain/ledger/outcomes.js';
import { BudgetService } from '../../src/services/budget/budget-service.js';
import { projectRoot } from '../../src/shared/project-root.js';
import type { LedgerDriver } from './ledger-commands.js';
import { testEnvironment, type TestDialect, type TestEnvironment } from './databases.js';

/** The implementing units of the Sanmenxia plan (policies/sanmenxia-2025/units.yaml). */
export function planCounties(): string[] {
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

export interface LedgerDatabase {
  readonly environment: TestEnvironment;
  readonly handle: DatabaseHandle;
  readonly service: BudgetService;
  readonly clock: TestClock;
  close(): Promise<void>;
}

export async function ledgerDatabase(
  dialect: TestDialect,
  options: { poolSize?: number; counties?: readonly string[] } = {},
): Promise<LedgerDatabase> {
  const environment = await testEnvironment(dialect);
  const handle = await openDatabase({ ...environment.config, poolSize: options.poolSize ?? 10 });
  await migrateToLatest(handle);
  const clock = new TestClock(new Date('2025-06-01T02:00:00Z'));
  const service = new BudgetService(handle, {
    now: clock.now,
    ...(options.counties === undefined ? {} : { counties: options.counties }),
  });
  return {
    environment,
    handle,
    service,
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
export function serviceDriver(service: BudgetService): LedgerDriver {
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
