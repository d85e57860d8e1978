/**
 * The budget's use cases and steps (docs/ledger.md): budget pools (资金池) by subsidy line, implementing
 * unit and funding source; tranches in; holds for pending subsidies, committed when paid or released
 * when not; returns; pause and resume.
 *
 * "Total control, first come first served, stop when exhausted": a hold succeeds only if the pool is
 * active and its available balance covers the amount, decided by the database in one conditional
 * update (see BudgetRepository), so no concurrency, on SQLite or PostgreSQL or across app processes,
 * can take a pool below zero. Each operation's writes (balances, postings, hold row, audit entry)
 * commit together.
 *
 * Two kinds of method. Use cases (`createPool`, `fund`, `pause`, `resume`) open their own write
 * transaction. Steps (`hold`, `commit`, `release`, `reverse`) run inside the caller's write
 * transaction, given as their first argument, so a use case of another module (a grant, a checkout)
 * composes them with its own writes: everything commits together or nothing does.
 *
 * Expected outcomes are values (LedgerOutcome): BUDGET_EXHAUSTED, POOL_PAUSED and the other refusals
 * in domain/budget/outcomes.ts; a refusal writes nothing. AppError is thrown only for what the caller
 * got wrong: an unknown pool or hold (POOL_NOT_FOUND, HOLD_NOT_FOUND) or an invalid argument
 * (VALIDATION_FAILED, naming the field).
 *
 * Operations that could move money twice on a retry (fund, hold, reverse) take a ledger idempotency
 * key, unique in the database; commit, release, pause and resume are idempotent by nature (doing them
 * again changes nothing and answers `replayed: true`). Every ledger transaction stores the actor and the
 * caller's reference and appends its audit entry.
 */
import type { Kysely } from 'kysely';
import type { BudgetRepository, HoldRow, PoolFilter, PoolRow } from '../../db/budget-repository.js';
import {
  BudgetSliceRepository,
  holdSliceOf,
  sliceCountOf,
  type SliceBalances,
} from '../../db/budget-slice-repository.js';
import type { Database } from '../../db/tables.js';
import { isUniqueViolation } from '../../db/write-transaction.js';
import { refused } from '../../domain/budget/outcomes.js';
import {
  commitLegs,
  fundLegs,
  holdLegs,
  onSlice,
  releaseLegs,
  reverseLegs,
  balanceDelta,
  sliceDelta,
} from '../../domain/budget/postings.js';
import {
  FUNDING_SOURCES,
  MAX_FEN,
  MAX_SLICES,
  POOL_STATUSES,
  BUDGET_LINES,
  REVERSAL_DESTINATIONS,
  poolIdOf,
  type PoolStatus,
  type TransactionKind,
} from '../../domain/budget/types.js';
import type { HoldView, PoolView } from '../../contract/budget.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { RequestContext } from '../context.js';
import { writeOnce, type WriteStore } from '../idempotent-write.js';
import {
  MAX_KEY_LENGTH,
  poolKeyOf,
  invalid,
  oneOf,
  optionalText,
  poolNotFound,
  requireFen,
  requireText,
} from './budget-arguments.js';
import { BudgetBook, newHoldRow, type Moment } from './budget-book.js';
import { PoolSlices } from './budget-slices.js';
import type {
  CreatePoolRequest,
  Referenced,
  FundRequest,
  HoldRequest,
  CommitRequest,
  ReverseRequest,
  PoolFilterRequest,
  FundOutcome,
  HoldOutcome,
  SettleOutcome,
  ReverseOutcome,
  PoolStatusOutcome,
  CommitSetOutcome,
} from './budget-requests.js';
import { BudgetReports } from './budget-reports.js';
import { HoldBatcher, type BatchOperation, type BatchOutcome } from './hold-batcher.js';
import { commitSet } from './commit-set.js';
import { BudgetBatchRepository } from '../../db/budget-batch-repository.js';
import { holdStatusOf, holdView, poolView } from './budget-views.js';

export { refusalError } from './budget-arguments.js';

export interface BudgetServiceOptions {
  readonly store: WriteStore;
  /** Every ledger transaction and pool creation appends to it, in the same transaction. */
  readonly audit: AuditLog;
  /** The clock (tests pass a fixed one); transactions are booked on its China Standard Time date. */
  readonly now?: () => Date;
  /**
   * The implementing-unit ids pools may be opened for (the plan in force's units), asked when a pool
   * is opened. When it answers, any other unit but `city` is refused; when absent or answering
   * undefined (no plan yet), any well-formed id is accepted.
   */
  readonly units?: () => Promise<readonly string[] | undefined>;
  readonly repository: BudgetRepository;
  /** The largest batch the standalone holds, commits and releases are gathered into (256). */
  readonly maxBatch?: number;
  /** Told the size of each batch of standalone holds, commits and releases (the server's metrics). */
  readonly onBatch?: (size: number, outcome: 'committed' | 'fallback') => void;
}

const NO_POOL_CHANGE = { fundedFen: 0, availableFen: 0, heldFen: 0, spentFen: 0, withdrawnFen: 0 };

/** How many times a hold re-asks the database when a refusal's reason vanished meanwhile. */
const HOLD_ATTEMPTS = 3;

/** PostgreSQL chose this transaction as a deadlock's victim (40P01): it was rolled back whole. */
function isDeadlock(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === '40P01';
}

/** Who asks must be named: the actor goes into every ledger transaction and audit entry. */
function requireActor(context: RequestContext): void {
  requireText(context.actor.id, 'actor', 200);
}

export class BudgetService {
  readonly reports: BudgetReports;
  private readonly repository: BudgetRepository;
  private readonly store: WriteStore;
  private readonly audit: AuditLog;
  private readonly now: () => Date;
  private readonly units: () => Promise<readonly string[] | undefined>;
  private readonly book: BudgetBook;
  /** Gathers concurrent standalone holds, commits and releases into one transaction per batch. */
  readonly batcher: HoldBatcher;
  private readonly sliceRows: BudgetSliceRepository;
  private readonly slices: PoolSlices;
  private readonly batches: BudgetBatchRepository;

  constructor(options: BudgetServiceOptions) {
    this.store = options.store;
    this.repository = options.repository;
    this.sliceRows = new BudgetSliceRepository(this.store.dialect);
    this.batches = new BudgetBatchRepository(this.store.dialect);
    this.reports = new BudgetReports(this.repository, this.store.db, this.sliceRows);
    this.audit = options.audit;
    this.now = options.now ?? (() => new Date());
    this.units = options.units ?? (() => Promise.resolve(undefined));
    this.book = new BudgetBook(this.repository, this.audit, this.now);
    this.slices = new PoolSlices(this.repository, this.sliceRows, this.book);
    this.batcher = new HoldBatcher({
      store: this.store,
      pools: this.repository,
      sliceRows: this.sliceRows,
      slices: this.slices,
      audit: this.audit,
      moment: () => this.book.moment(),
      alone: (operation) => this.alone(operation),
      ...(options.maxBatch === undefined ? {} : { maxBatch: options.maxBatch }),
      ...(options.onBatch === undefined ? {} : { onBatch: options.onBatch }),
    });
  }

  // Pools

  /** Opens the pool of a line, implementing unit and source, or finds it: calling twice opens one pool. */
  async createPool(context: RequestContext, request: CreatePoolRequest): Promise<{ created: boolean; pool: PoolView }> {
    requireActor(context);
    const key = await poolKeyOf(request, this.units);
    const id = poolIdOf(key);
    const at = this.book.moment();
    const created = await writeOnce(this.store, context.idempotency, async (trx) => {
      const inserted = await this.repository.insertPool(trx, {
        id,
        line: key.line,
        unit_id: key.unitId,
        source: key.source,
        created_at: at.iso,
      });
      if (inserted)
        await this.book.audited(trx, context, { action: 'budget.pool_create', subject: `pool:${id}`, after: key });
      return inserted;
    });
    return { created, pool: await this.getPool(id) };
  }

  /** A pool as it stands; inside a write transaction, pass its executor to read what it will change. */
  async getPool(poolId: string, executor: Kysely<Database> = this.store.db): Promise<PoolView> {
    const row = await this.repository.findPool(executor, poolId);
    if (row === undefined) throw poolNotFound(poolId);
    return this.viewOf(executor, row);
  }

  /** The pool row as the whole pool: with the sums of its slices when it is split. */
  private async viewOf(executor: Kysely<Database>, row: PoolRow): Promise<PoolView> {
    if (sliceCountOf(row) === 1) return poolView(row);
    return poolView(row, (await this.sliceRows.sums(executor, [row.id])).get(row.id));
  }

  async listPools(filter: PoolFilterRequest = {}): Promise<PoolView[]> {
    const query: PoolFilter = {
      ...(filter.line === undefined ? {} : { line: oneOf(BUDGET_LINES, filter.line, 'line') }),
      ...(filter.unitId === undefined ? {} : { unitId: requireText(filter.unitId, 'unitId', 80) }),
      ...(filter.source === undefined ? {} : { source: oneOf(FUNDING_SOURCES, filter.source, 'source') }),
      ...(filter.status === undefined ? {} : { status: oneOf<PoolStatus>(POOL_STATUSES, filter.status, 'status') }),
    };
    const rows = await this.repository.listPools(query);
    const split = rows.filter((row) => sliceCountOf(row) > 1).map((row) => row.id);
    const sums =
      split.length === 0 ? new Map<string, SliceBalances>() : await this.sliceRows.sums(this.store.db, split);
    return rows.map((row) => poolView(row, sums.get(row.id)));
  }

  /**
   * A tranche arrives from the pool's funding source. Allowed while the pool is paused. With the
   * context's idempotency claim, the request's answer is stored with the tranche.
   */
  async fund(context: RequestContext, poolId: string, request: FundRequest): Promise<FundOutcome> {
    requireActor(context);
    const amountFen = requireFen(request.amountFen, 'amountFen');
    const idempotencyKey = requireText(request.idempotencyKey, 'idempotencyKey', MAX_KEY_LENGTH);
    const reference = optionalText(request.reference, 'reference');
    return this.onceOnly(async () => {
      const at = this.book.moment();
      return writeOnce(this.store, context.idempotency, async (trx): Promise<FundOutcome> => {
        const previous = await this.repository.findTransactionByKey(trx, idempotencyKey);
        if (previous !== undefined) {
          if (previous.kind !== 'fund' || previous.pool_id !== poolId || previous.amount_fen !== amountFen) {
            return refused({ code: 'IDEMPOTENCY_KEY_REUSED', idempotencyKey });
          }
          return { ok: true, replayed: true, pool: await this.getPool(poolId, trx), transactionId: previous.id };
        }
        const current = await this.repository.findPool(trx, poolId);
        if (current === undefined) throw poolNotFound(poolId);
        if (current.funded_fen > MAX_FEN - amountFen) {
          throw invalid('amountFen', `the pool would hold more than ${MAX_FEN} fen`);
        }
        const legs = fundLegs(poolId, oneOf(FUNDING_SOURCES, current.source, 'source'), amountFen);
        const pool = await this.repository.applyToPool(
          trx,
          poolId,
          balanceDelta(legs),
          { requireActive: false },
          at.iso,
        );
        if (pool === undefined) throw new Error(`pool ${poolId} refused a tranche`);
        const transactionId = await this.book.record(trx, context, 'fund', poolId, legs, at, reference, {
          amount_fen: amountFen,
          idempotency_key: idempotencyKey,
        });
        return { ok: true, replayed: false, pool: await this.viewOf(trx, pool), transactionId };
      });
    });
  }

  /**
   * Splits a hot pool into `slices` slices (2 … 64), sub-accounts that concurrent holds draw on without
   * all of them locking one row (docs/ledger.md "Slices"), and spreads its available money evenly over
   * them (ledger transactions of kind `rebalance`). A pool is only ever split further: asking for as
   * many slices as it has, or fewer, changes nothing (`replayed`). The pool's balances, its views, its
   * reports and its books stay those of one pool.
   */
  async splitPool(
    context: RequestContext,
    poolId: string,
    request: { readonly slices: number },
  ): Promise<PoolStatusOutcome> {
    requireActor(context);
    const count = request.slices;
    if (!Number.isSafeInteger(count) || count < 1 || count > MAX_SLICES) {
      throw invalid('slices', `slices must be an integer from 1 to ${MAX_SLICES}`);
    }
    const at = this.book.moment();
    return writeOnce(this.store, context.idempotency, async (trx): Promise<PoolStatusOutcome> => {
      const before = await this.sliceRows.grow(trx, poolId, count, at.iso);
      if (before === undefined) throw poolNotFound(poolId);
      if (count <= before)
        return { ok: true, replayed: true, pool: await this.getPool(poolId, trx), transactionId: null };
      await this.book.audited(trx, context, {
        action: 'budget.pool_split',
        subject: `pool:${poolId}`,
        before: { slices: before },
        after: { slices: count },
      });
      await this.slices.spread(trx, context, poolId, at);
      return { ok: true, replayed: false, pool: await this.getPool(poolId, trx), transactionId: null };
    });
  }

  /** Spreads a split pool's available money evenly over its slices again (an operator's rebalance). */
  async rebalancePool(context: RequestContext, poolId: string): Promise<PoolStatusOutcome> {
    requireActor(context);
    const at = this.book.moment();
    return writeOnce(this.store, context.idempotency, async (trx): Promise<PoolStatusOutcome> => {
      const moves = await this.slices.spread(trx, context, poolId, at);
      return { ok: true, replayed: moves.length === 0, pool: await this.getPool(poolId, trx), transactionId: null };
    });
  }

  /** Stops new holds (existing holds may still be committed or released; tranches still arrive). */
  async pause(
    context: RequestContext,
    poolId: string,
    request: { readonly reason?: string | null },
  ): Promise<PoolStatusOutcome> {
    const reason = optionalText(request.reason, 'reason');
    return this.changeStatus(context, poolId, 'active', 'paused', reason);
  }

  async resume(context: RequestContext, poolId: string): Promise<PoolStatusOutcome> {
    return this.changeStatus(context, poolId, 'paused', 'active', null);
  }

  // Standalone use cases: a hold, commit or release that is the whole request (an API call, a checkout
  // with nothing else to write). Concurrent ones are written together, one transaction per batch
  // (hold-batcher.ts), with the same outcomes as the steps below; each is answered once its batch has
  // committed. The request's idempotency claim, if any, commits with its operation.

  /** `hold` as a request of its own: batched with the concurrent ones (group commit). */
  async placeHold(context: RequestContext, poolId: string, request: HoldRequest): Promise<HoldOutcome> {
    requireActor(context);
    const amountFen = requireFen(request.amountFen, 'amountFen');
    const idempotencyKey = requireText(request.idempotencyKey, 'idempotencyKey', MAX_KEY_LENGTH);
    const reference = optionalText(request.reference, 'reference');
    const operation = { kind: 'hold', context, poolId, amountFen, idempotencyKey, reference } as const;
    return (await this.batcher.submit(operation)) as HoldOutcome;
  }

  /** `commit` as a request of its own, batched. */
  async commitHold(context: RequestContext, holdId: string, request: CommitRequest = {}): Promise<SettleOutcome> {
    requireActor(context);
    const amountFen = request.amountFen === undefined ? undefined : requireFen(request.amountFen, 'amountFen');
    const reference = optionalText(request.reference, 'reference');
    return this.batcher.submit({ kind: 'commit', context, holdId, amountFen, reference });
  }

  /** `release` as a request of its own, batched. */
  async releaseHold(context: RequestContext, holdId: string, request: Referenced = {}): Promise<SettleOutcome> {
    requireActor(context);
    const reference = optionalText(request.reference, 'reference');
    return this.batcher.submit({ kind: 'release', context, holdId, reference });
  }

  /** `reverse` as a request of its own (returns are rare: not batched). */
  async reverseHold(context: RequestContext, holdId: string, request: ReverseRequest): Promise<ReverseOutcome> {
    return this.onceOnly(() =>
      writeOnce(this.store, context.idempotency, (trx) => this.reverse(trx, context, holdId, request)),
    );
  }

  /**
   * One batched operation alone, through its step in a transaction of its own (a failed batch's
   * fallback, a hold on a split pool that needs the whole pool). PostgreSQL may pick it as the victim
   * of a deadlock between app processes (the lock order makes that rare, not impossible: a caller's
   * own transaction may lock pools in its order); nothing of it was written then, and it is asked again.
   */
  private async alone(operation: BatchOperation): Promise<BatchOutcome> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.aloneOnce(operation);
      } catch (error) {
        if (attempt >= HOLD_ATTEMPTS || !isDeadlock(error)) throw error;
      }
    }
  }

  private aloneOnce(operation: BatchOperation): Promise<BatchOutcome> {
    const { context } = operation;
    return this.onceOnly(() =>
      writeOnce(this.store, context.idempotency, (trx): Promise<BatchOutcome> => {
        const reference = { reference: operation.reference };
        switch (operation.kind) {
          case 'hold':
            return this.hold(trx, context, operation.poolId, {
              amountFen: operation.amountFen,
              idempotencyKey: operation.idempotencyKey,
              ...reference,
            });
          case 'commit':
            return this.commit(trx, context, operation.holdId, {
              ...(operation.amountFen === undefined ? {} : { amountFen: operation.amountFen }),
              ...reference,
            });
          case 'release':
            return this.release(trx, context, operation.holdId, reference);
        }
      }),
    );
  }

  // Steps, inside the caller's write transaction

  /**
   * Reserves money for a pending subsidy. Refused with BUDGET_EXHAUSTED when the pool's available
   * balance is less than the amount, POOL_PAUSED when the pool is paused. A refusal writes nothing;
   * the caller rolls back or goes on without the hold.
   */
  async hold(
    trx: Kysely<Database>,
    context: RequestContext,
    poolId: string,
    request: HoldRequest,
  ): Promise<HoldOutcome> {
    requireActor(context);
    const amountFen = requireFen(request.amountFen, 'amountFen');
    const idempotencyKey = requireText(request.idempotencyKey, 'idempotencyKey', MAX_KEY_LENGTH);
    const reference = optionalText(request.reference, 'reference');
    const at = this.book.moment();
    const replay = async (): Promise<HoldOutcome | undefined> => {
      const previous = await this.repository.findTransactionByKey(trx, idempotencyKey);
      if (previous === undefined) return undefined;
      if (previous.kind !== 'hold' || previous.pool_id !== poolId || previous.amount_fen !== amountFen) {
        return refused({ code: 'IDEMPOTENCY_KEY_REUSED', idempotencyKey });
      }
      const hold = await this.book.requireHold(trx, previous.hold_id ?? '');
      return { ok: true, replayed: true, hold: holdView(hold), transactionId: previous.id };
    };
    const earlier = await replay();
    if (earlier !== undefined) return earlier;
    const legs = holdLegs(poolId, amountFen);
    for (let attempt = 1; ; attempt += 1) {
      // The decision: available_fen >= amount and status = 'active', in one UPDATE.
      const pool = await this.repository.applyToPool(trx, poolId, balanceDelta(legs), { requireActive: true }, at.iso);
      if (pool !== undefined) break;
      // Refused. The same request may have run meanwhile and taken the money (PostgreSQL: the
      // UPDATE waited for it); then it is a replay, not a refusal.
      const meanwhile = await replay();
      if (meanwhile !== undefined) return meanwhile;
      // Say why. Reading after the decision cannot overspend; it only names the reason.
      const current = await this.repository.findPool(trx, poolId);
      if (current === undefined) throw poolNotFound(poolId);
      if (current.status !== 'active') {
        return refused({ code: 'POOL_PAUSED', poolId, reason: current.pause_reason });
      }
      if (sliceCountOf(current) > 1) {
        // A split pool refuses only when the whole pool cannot pay: with the pool row and every slice
        // locked, what slice 0 lacks is moved to it from the others, and the hold is asked again.
        const wholeFen = await this.slices.gather(trx, context, poolId, amountFen, at);
        if (wholeFen === undefined) throw poolNotFound(poolId);
        if (wholeFen < amountFen) {
          return refused({ code: 'BUDGET_EXHAUSTED', poolId, requestedFen: amountFen, availableFen: wholeFen });
        }
        if (attempt < HOLD_ATTEMPTS) continue;
      }
      // A tranche (or a release) landed between the UPDATE and this read: ask again.
      if (current.available_fen < amountFen || attempt === HOLD_ATTEMPTS) {
        return refused({
          code: 'BUDGET_EXHAUSTED',
          poolId,
          requestedFen: amountFen,
          availableFen: current.available_fen,
        });
      }
    }
    const hold = newHoldRow({ poolId, amountFen, idempotencyKey, reference, actor: context.actor.id, at });
    await this.repository.insertHold(trx, hold);
    const transactionId = await this.book.record(trx, context, 'hold', poolId, legs, at, reference, {
      hold_id: hold.id,
      amount_fen: amountFen,
      idempotency_key: idempotencyKey,
    });
    return { ok: true, replayed: false, hold: holdView(hold), transactionId };
  }

  /**
   * The subsidy is paid: the hold's money is spent. With `amountFen` below the held amount only that
   * much is spent and the rest goes back to available, in the same transaction.
   */
  async commit(
    trx: Kysely<Database>,
    context: RequestContext,
    holdId: string,
    request: CommitRequest = {},
  ): Promise<SettleOutcome> {
    requireActor(context);
    const amountFen = request.amountFen === undefined ? undefined : requireFen(request.amountFen, 'amountFen');
    const reference = optionalText(request.reference, 'reference');
    const at = this.book.moment();
    const settled = await this.repository.settleHold(
      trx,
      holdId,
      { status: 'committed', committedFen: amountFen ?? null },
      at.iso,
    );
    if (settled === undefined) {
      const hold = await this.book.requireHold(trx, holdId);
      const status = holdStatusOf(hold);
      switch (status) {
        case 'held':
          throw invalid('amountFen', `cannot commit ${amountFen} fen of a hold of ${hold.amount_fen} fen`);
        case 'committed':
        case 'reversed':
          if (amountFen === undefined || amountFen === hold.committed_fen) {
            return { ok: true, replayed: true, hold: holdView(hold), transactionId: null };
          }
          return refused({ code: 'HOLD_NOT_HELD', holdId, status });
        case 'released':
          return refused({ code: 'HOLD_NOT_HELD', holdId, status });
      }
    }
    const legs = onSlice(commitLegs(settled.pool_id, settled.amount_fen, settled.committed_fen), holdSliceOf(settled));
    await this.applyOwnMovement(trx, settled, legs, at);
    const transactionId = await this.book.record(trx, context, 'commit', settled.pool_id, legs, at, reference, {
      hold_id: holdId,
      amount_fen: settled.committed_fen,
    });
    return { ok: true, replayed: false, hold: holdView(settled), transactionId };
  }

  /**
   * `commit` of many holds inside the caller's transaction, written set-wise as group commit writes a
   * batch (a settlement's final approval: two holds per line, 100,000 lines). The answers, in order,
   * are those `commit` would give one by one.
   */
  async commitAll(
    trx: Kysely<Database>,
    context: RequestContext,
    commits: readonly ({ readonly holdId: string } & CommitRequest)[],
  ): Promise<SettleOutcome[]> {
    requireActor(context);
    const operations = commits.map((request) => ({
      kind: 'commit' as const,
      context,
      holdId: request.holdId,
      amountFen: request.amountFen === undefined ? undefined : requireFen(request.amountFen, 'amountFen'),
      reference: optionalText(request.reference, 'reference'),
    }));
    return this.batcher.writeWithin(trx, operations);
  }

  /**
   * `commit` of many holds inside the caller's transaction, recorded as one ledger transaction per pool
   * (kind `commit_set`, one audit entry each, every hold pointing at its pool's; docs/ledger.md "Commits
   * of a settlement"): a settlement batch's final approval. `reference` names what they are committed
   * for (`settlement:<id>`). A hold already committed as asked is a replay and is left out; a refusal
   * (HOLD_NOT_HELD) writes nothing, and the caller rolls back.
   */
  async commitSet(
    trx: Kysely<Database>,
    context: RequestContext,
    commits: readonly { readonly holdId: string; readonly amountFen?: number }[],
    request: Referenced = {},
  ): Promise<CommitSetOutcome> {
    requireActor(context);
    const reference = optionalText(request.reference, 'reference');
    const set = commits.map((commit, index) => ({
      holdId: requireText(commit.holdId, `commits[${index}].holdId`, 40),
      committedFen: commit.amountFen === undefined ? null : requireFen(commit.amountFen, 'amountFen'),
    }));
    return commitSet(
      trx,
      context,
      { batches: this.batches, repository: this.repository, slices: this.slices, audit: this.audit },
      set,
      reference,
      this.book.moment(),
    );
  }

  /** The subsidy will not be paid: the hold's money goes back to available. */
  async release(
    trx: Kysely<Database>,
    context: RequestContext,
    holdId: string,
    request: Referenced = {},
  ): Promise<SettleOutcome> {
    requireActor(context);
    const reference = optionalText(request.reference, 'reference');
    const at = this.book.moment();
    const settled = await this.repository.settleHold(trx, holdId, { status: 'released' }, at.iso);
    if (settled === undefined) {
      const hold = await this.book.requireHold(trx, holdId);
      const status = holdStatusOf(hold);
      switch (status) {
        case 'released':
          return { ok: true, replayed: true, hold: holdView(hold), transactionId: null };
        case 'held': // cannot be: the update above would have released it
        case 'committed':
        case 'reversed':
          return refused({ code: 'HOLD_NOT_HELD', holdId, status });
      }
    }
    const legs = onSlice(releaseLegs(settled.pool_id, settled.amount_fen), holdSliceOf(settled));
    await this.applyOwnMovement(trx, settled, legs, at);
    const transactionId = await this.book.record(trx, context, 'release', settled.pool_id, legs, at, reference, {
      hold_id: holdId,
      amount_fen: settled.amount_fen,
    });
    return { ok: true, replayed: false, hold: holdView(settled), transactionId };
  }

  /**
   * A return (退货): spent money comes back, all of it or part (`amountFen`). By default it goes back
   * to the pool's available balance, so the pool can spend it again ("a return restores pool money");
   * with destination `treasury` it leaves the programme.
   */
  async reverse(
    trx: Kysely<Database>,
    context: RequestContext,
    holdId: string,
    request: ReverseRequest,
  ): Promise<ReverseOutcome> {
    requireActor(context);
    const requestedFen = request.amountFen === undefined ? undefined : requireFen(request.amountFen, 'amountFen');
    const idempotencyKey = requireText(request.idempotencyKey, 'idempotencyKey', MAX_KEY_LENGTH);
    const destination = oneOf(REVERSAL_DESTINATIONS, request.destination ?? 'pool', 'destination');
    const reference = optionalText(request.reference, 'reference');
    const at = this.book.moment();
    const replay = async (): Promise<ReverseOutcome | undefined> => {
      const previous = await this.repository.findTransactionByKey(trx, idempotencyKey);
      if (previous === undefined) return undefined;
      if (
        previous.kind !== 'reverse' ||
        previous.hold_id !== holdId ||
        previous.destination !== destination ||
        (requestedFen !== undefined && requestedFen !== previous.amount_fen)
      ) {
        return refused({ code: 'IDEMPOTENCY_KEY_REUSED', idempotencyKey });
      }
      const hold = await this.book.requireHold(trx, holdId);
      return { ok: true, replayed: true, hold: holdView(hold), transactionId: previous.id };
    };
    const earlier = await replay();
    if (earlier !== undefined) return earlier;
    const hold = await this.book.requireHold(trx, holdId);
    const status = holdStatusOf(hold);
    if (status === 'held' || status === 'released') {
      return refused({ code: 'HOLD_NOT_COMMITTED', holdId, status });
    }
    const reversibleFen = hold.committed_fen - hold.reversed_fen;
    const amountFen = requestedFen ?? reversibleFen;
    // The conditional update decides (committed − reversed ≥ amount); the read above only
    // supplies the default amount and the reason for a refusal.
    const updated =
      amountFen === 0 || amountFen > reversibleFen
        ? undefined
        : await this.repository.addReversal(trx, holdId, amountFen);
    if (updated === undefined) {
      // The same return may have run meanwhile (PostgreSQL: the UPDATE waited for it).
      const meanwhile = await replay();
      if (meanwhile !== undefined) return meanwhile;
      const now = await this.book.requireHold(trx, holdId);
      return refused({
        code: 'REVERSAL_EXCEEDS_SPENT',
        holdId,
        requestedFen: amountFen,
        reversibleFen: now.committed_fen - now.reversed_fen,
      });
    }
    const legs = onSlice(reverseLegs(hold.pool_id, amountFen, destination), holdSliceOf(hold));
    await this.applyOwnMovement(trx, hold, legs, at);
    const transactionId = await this.book.record(trx, context, 'reverse', hold.pool_id, legs, at, reference, {
      hold_id: holdId,
      amount_fen: amountFen,
      idempotency_key: idempotencyKey,
      destination,
    });
    return { ok: true, replayed: false, hold: holdView(updated), transactionId };
  }

  /** A hold as it stands; inside a write transaction, pass its executor to read what it will change. */
  async getHold(holdId: string, executor: Kysely<Database> = this.store.db): Promise<HoldView> {
    return holdView(await this.book.requireHold(executor, holdId));
  }

  private async changeStatus(
    context: RequestContext,
    poolId: string,
    from: PoolStatus,
    to: PoolStatus,
    reason: string | null,
  ): Promise<PoolStatusOutcome> {
    requireActor(context);
    const at = this.book.moment();
    return writeOnce(this.store, context.idempotency, async (trx): Promise<PoolStatusOutcome> => {
      const pool = await this.repository.setPoolStatus(trx, poolId, from, to, reason, at.iso);
      if (pool === undefined) {
        return { ok: true, replayed: true, pool: await this.getPool(poolId, trx), transactionId: null };
      }
      // A split pool: wait for the batches writing holds on its slices, so that every hold either
      // committed before this change or reads the new status (hold-batcher.ts reads it after locking).
      if (sliceCountOf(pool) > 1) await this.sliceRows.lockAllSlices(trx, poolId);
      const kind: TransactionKind = to === 'paused' ? 'pause' : 'resume';
      const transactionId = await this.book.record(trx, context, kind, poolId, [], at, null, {
        amount_fen: 0,
        note: reason,
      });
      return { ok: true, replayed: false, pool: await this.viewOf(trx, pool), transactionId };
    });
  }

  /**
   * Applies a movement of money the hold already owns (commit, release, reverse) to the slice the hold
   * draws on. It cannot lack money (the legs take from `held` or `spent` only what the hold row says
   * is there), so a refusal means the books disagree with the holds: stop, and roll it all back. A
   * return to the treasury from a slice also moves that much of the slice's allotment to the pool
   * row, where what was withdrawn is kept.
   */
  private async applyOwnMovement(
    trx: Kysely<Database>,
    hold: HoldRow,
    legs: ReturnType<typeof onSlice>,
    at: Moment,
  ): Promise<void> {
    const slice = holdSliceOf(hold);
    if (slice === 0) {
      await this.book.applyOwnMovement(trx, hold.pool_id, legs, at);
      return;
    }
    const change = sliceDelta(legs, slice);
    const delta = { ...change, allottedFen: change.availableFen + change.heldFen + change.spentFen };
    const whole = balanceDelta(legs);
    const applied = await this.slices.apply(trx, hold.pool_id, slice, delta, { requireActive: false }, at.iso);
    const rowApplied =
      whole.withdrawnFen === 0 ||
      (await this.repository.applyToPool(
        trx,
        hold.pool_id,
        { ...NO_POOL_CHANGE, fundedFen: whole.withdrawnFen, withdrawnFen: whole.withdrawnFen },
        { requireActive: false },
        at.iso,
      )) !== undefined;
    if (!applied || !rowApplied) {
      throw new Error(
        `pool ${hold.pool_id} refused a movement of its own held or spent money: the books need checking`,
      );
    }
  }

  /**
   * Two identical tranches at the same moment: one writes, the other hits the unique ledger key and
   * rolls back; asked again, it finds the first one's transaction and answers `replayed`.
   */
  private async onceOnly<T>(attempt: () => Promise<T>): Promise<T> {
    try {
      return await attempt();
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      return attempt();
    }
  }
}
