/**
 * Random sequences of ledger operations for property tests, and one runner that plays them against
 * anything that looks like the ledger: the pure model (src/domain/budget/model.ts) or the service on
 * a real database. Holds are named by position (the n-th hold created in the run), so two ledgers that
 * give their holds different ids can still be compared step by step.
 */
import fc from 'fast-check';
import type { LedgerModel } from '../../src/domain/budget/model.js';
import type { LedgerOutcome } from '../../src/domain/budget/outcomes.js';
import type {
  FundingSource,
  HoldStatus,
  PoolBalances,
  PoolKey,
  PoolStatus,
  ReversalDestination,
} from '../../src/domain/budget/types.js';

export type LedgerCommand =
  | { readonly op: 'fund'; readonly pool: number; readonly amountFen: number; readonly key: number }
  | { readonly op: 'hold'; readonly pool: number; readonly amountFen: number; readonly key: number }
  /** partBp: the share of the held amount to commit, in basis points; null commits it all. */
  | { readonly op: 'commit'; readonly hold: number; readonly partBp: number | null }
  | { readonly op: 'release'; readonly hold: number }
  | {
      readonly op: 'reverse';
      readonly hold: number;
      readonly amountFen: number | null;
      readonly key: number;
      readonly destination: ReversalDestination;
    }
  | { readonly op: 'pause'; readonly pool: number }
  | { readonly op: 'resume'; readonly pool: number }
  /** The previous command again, exactly: a client's retry. */
  | { readonly op: 'repeat' };

/** Each run works on its own pools: two, of different funding sources. */
export const RUN_SOURCES: readonly FundingSource[] = ['central', 'city'];

export function runPoolKeys(run: string): PoolKey[] {
  return RUN_SOURCES.map((source) => ({ line: 'appliance', unitId: `run-${run}`, source }));
}

const pool = fc.nat({ max: RUN_SOURCES.length - 1 });
const holdIndex = fc.nat({ max: 1000 });
// A small key space, so that retries (same key, same request) and misuse (same key, another
// request) both happen.
const key = fc.nat({ max: 24 });

export const ledgerCommand: fc.Arbitrary<LedgerCommand> = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('fund' as const),
      pool,
      amountFen: fc.integer({ min: 1, max: 20_000 }),
      key,
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      op: fc.constant('hold' as const),
      pool,
      amountFen: fc.integer({ min: 1, max: 6_000 }),
      key,
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      op: fc.constant('commit' as const),
      hold: holdIndex,
      partBp: fc.option(fc.integer({ min: 1, max: 10_000 }), { nil: null }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('release' as const), hold: holdIndex }) },
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('reverse' as const),
      hold: holdIndex,
      amountFen: fc.option(fc.integer({ min: 1, max: 4_000 }), { nil: null }),
      key,
      destination: fc.constantFrom<ReversalDestination>('pool', 'treasury'),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('pause' as const), pool }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('resume' as const), pool }) },
  { weight: 2, arbitrary: fc.constant({ op: 'repeat' as const }) },
);

/**
 * Up to `maxLength` operations. Most runs start by funding their pools (so that holds, commits and
 * returns happen, not only refusals); some start empty.
 */
export function ledgerCommands(maxLength: number): fc.Arbitrary<LedgerCommand[]> {
  const opening = fc.array(fc.integer({ min: 1, max: 40_000 }), {
    minLength: 0,
    maxLength: RUN_SOURCES.length,
  });
  return fc
    .tuple(
      opening,
      fc.array(ledgerCommand, { minLength: 1, maxLength: Math.max(1, maxLength - RUN_SOURCES.length), size: 'max' }),
    )
    .map(([tranches, commands]) => [
      ...tranches.map((amountFen, index): LedgerCommand => ({ op: 'fund', pool: index, amountFen, key: 100 + index })),
      ...commands,
    ]);
}

/** What must agree between two ledgers for one step. */
export type StepResult =
  | { readonly ok: true; readonly replayed: boolean }
  | { readonly ok: false; readonly code: string }
  | { readonly skipped: true };

export interface HoldState {
  readonly amountFen: number;
  readonly status: HoldStatus;
  readonly committedFen: number;
  readonly reversedFen: number;
}

export interface PoolState extends PoolBalances {
  readonly status: PoolStatus;
}

/** The ledger operations the runner needs; ids are the ledger's own. */
export interface LedgerDriver {
  fund(poolId: string, amountFen: number, key: string): Promise<LedgerOutcome<object>>;
  hold(poolId: string, amountFen: number, key: string): Promise<LedgerOutcome<{ hold: { id: string } }>>;
  commit(holdId: string, amountFen: number | undefined): Promise<LedgerOutcome<object>>;
  release(holdId: string): Promise<LedgerOutcome<object>>;
  reverse(
    holdId: string,
    amountFen: number | undefined,
    key: string,
    destination: ReversalDestination,
  ): Promise<LedgerOutcome<object>>;
  pause(poolId: string): Promise<LedgerOutcome<object>>;
  resume(poolId: string): Promise<LedgerOutcome<object>>;
  holdState(holdId: string): Promise<HoldState>;
  poolState(poolId: string): Promise<PoolState>;
}

/** One run's progress: its pools, the holds it created in order, and its key prefix. */
export class LedgerRun {
  readonly holdIds: string[] = [];
  private previous: LedgerCommand | undefined;
  constructor(
    readonly driver: LedgerDriver,
    readonly poolIds: readonly string[],
    readonly keyPrefix: string,
  ) {}

  async step(command: LedgerCommand): Promise<StepResult> {
    if (command.op === 'repeat') {
      return this.previous === undefined ? { skipped: true } : this.step(this.previous);
    }
    this.previous = command;
    const { driver } = this;
    const poolId = (index: number): string => this.poolIds[index % this.poolIds.length] ?? '';
    const holdId = (index: number): string | undefined =>
      this.holdIds.length === 0 ? undefined : this.holdIds[index % this.holdIds.length];
    const keyOf = (index: number): string => `${this.keyPrefix}-${index}`;
    let outcome: LedgerOutcome<object>;
    switch (command.op) {
      case 'fund':
        outcome = await driver.fund(poolId(command.pool), command.amountFen, keyOf(command.key));
        break;
      case 'hold': {
        const held = await driver.hold(poolId(command.pool), command.amountFen, keyOf(command.key));
        if (held.ok && !held.replayed) this.holdIds.push(held.hold.id);
        outcome = held;
        break;
      }
      case 'commit': {
        const id = holdId(command.hold);
        if (id === undefined) return { skipped: true };
        const { amountFen } = await driver.holdState(id);
        const part =
          command.partBp === null ? undefined : Math.max(1, Math.floor((amountFen * command.partBp) / 10_000));
        outcome = await driver.commit(id, part);
        break;
      }
      case 'release': {
        const id = holdId(command.hold);
        if (id === undefined) return { skipped: true };
        outcome = await driver.release(id);
        break;
      }
      case 'reverse': {
        const id = holdId(command.hold);
        if (id === undefined) return { skipped: true };
        outcome = await driver.reverse(id, command.amountFen ?? undefined, keyOf(command.key), command.destination);
        break;
      }
      case 'pause':
        outcome = await driver.pause(poolId(command.pool));
        break;
      case 'resume':
        outcome = await driver.resume(poolId(command.pool));
        break;
    }
    return outcome.ok ? { ok: true, replayed: outcome.replayed } : { ok: false, code: outcome.refusal.code };
  }

  async poolStates(): Promise<PoolState[]> {
    return Promise.all(this.poolIds.map((id) => this.driver.poolState(id)));
  }

  async holdStates(): Promise<HoldState[]> {
    return Promise.all(this.holdIds.map((id) => this.driver.holdState(id)));
  }
}

/** The pure model behind the driver interface. */
export function modelDriver(model: LedgerModel): LedgerDriver {
  const pool = (id: string): PoolState => {
    const { status, fundedFen, availableFen, heldFen, spentFen, withdrawnFen } = model.getPool(id);
    return { status, fundedFen, availableFen, heldFen, spentFen, withdrawnFen };
  };
  return {
    fund: (poolId, amountFen, key) => Promise.resolve(model.fund(poolId, amountFen, key)),
    hold: (poolId, amountFen, key) => Promise.resolve(model.hold(poolId, amountFen, key)),
    commit: (holdId, amountFen) => Promise.resolve(model.commit(holdId, amountFen)),
    release: (holdId) => Promise.resolve(model.release(holdId)),
    reverse: (holdId, amountFen, key, destination) =>
      Promise.resolve(model.reverse(holdId, { amountFen, idempotencyKey: key, destination })),
    pause: (poolId) => Promise.resolve(model.pause(poolId, 'test')),
    resume: (poolId) => Promise.resolve(model.resume(poolId)),
    holdState: (holdId) => {
      const { amountFen, status, committedFen, reversedFen } = model.getHold(holdId);
      return Promise.resolve({ amountFen, status, committedFen, reversedFen });
    },
    poolState: (poolId) => Promise.resolve(pool(poolId)),
  };
}
