/**
 * Group commit for the budget (issue 10, docs/ledger.md "Group commit"): standalone holds, commits and
 * releases (those not already inside a caller's transaction) that arrive while a batch is being
 * written wait for it and then go together, in arrival order, into the next batch: one write
 * transaction, one round of statements and one commit for all of them.
 *
 * Each operation stays all-or-nothing and is decided as if the batch's operations had run one after
 * the other in arrival order. The batch first locks what it touches (hold rows, then pool rows by id:
 * the step path's lock order) and reads it; then it plays the operations against that locked state in
 * memory: a hold that the pool can no longer afford is refused with BUDGET_EXHAUSTED (what is left is
 * what the holds before it left), one on a paused pool with POOL_PAUSED, and a refused or failed
 * operation contributes nothing to the writes. Then it writes the accepted operations' effects set-wise:
 * one conditional UPDATE per pool by the net change (the database still refuses anything that would take
 * a balance below zero, and the CHECK constraints stay), one multi-row insert each for holds, ledger
 * transactions with their postings, and audit entries (one per ledger transaction, chained in order
 * behind the head locked once), one UPDATE settling the settled holds. An operation is answered only
 * after its batch has committed.
 *
 * Idempotency: each operation's request claim (context.idempotency) is taken in the batch transaction
 * and its answer stored there (writeOnceEach), so a crash leaves each operation's effect with its
 * answer, or neither. A hold's ledger key is checked against the ledger and against the holds earlier
 * in the same batch (a retry arriving with its original answers `replayed`).
 *
 * If the batch as a whole fails (a concurrent duplicate key from another process, a deadlock, a lost
 * connection), nothing of it was written and each operation is run again alone, in arrival order,
 * through the step path in a transaction of its own: the keys and the settle-once rule turn a re-run
 * of one that did commit (a connection lost at the commit) into a replay.
 */
import type { Kysely } from 'kysely';
import { BudgetBatchRepository, type BatchTransaction, type Settlement } from '../../db/budget-batch-repository.js';
import type { BudgetRepository, HoldRow, PoolRow, TransactionRow } from '../../db/budget-repository.js';
import type { Database } from '../../db/tables.js';
import { refused } from '../../domain/budget/outcomes.js';
import { applyDelta, balanceDelta, commitLegs, holdLegs, releaseLegs } from '../../domain/budget/postings.js';
import type { PoolBalances, PostingLeg, TransactionKind } from '../../domain/budget/types.js';
import type { AuditLog } from '../audit/audit-log.js';
import { auditContextOf, type RequestContext } from '../context.js';
import { writeOnceEach, type Settled, type WriteStore } from '../idempotent-write.js';
import { holdNotFound, invalid, poolNotFound } from './budget-arguments.js';
import { ledgerAuditRecord, newHoldRow, type Moment } from './budget-book.js';
import type { HoldOutcome, SettleOutcome } from './budget-requests.js';
import { holdStatusOf, holdView } from './budget-views.js';

/** A standalone operation, validated, as it waits for its batch. */
export type BatchOperation =
  | {
      readonly kind: 'hold';
      readonly context: RequestContext;
      readonly poolId: string;
      readonly amountFen: number;
      readonly idempotencyKey: string;
      readonly reference: string | null;
    }
  | {
      readonly kind: 'commit';
      readonly context: RequestContext;
      readonly holdId: string;
      readonly amountFen: number | undefined;
      readonly reference: string | null;
    }
  | {
      readonly kind: 'release';
      readonly context: RequestContext;
      readonly holdId: string;
      readonly reference: string | null;
    };

export type BatchOutcome = HoldOutcome | SettleOutcome;

interface Waiting {
  readonly operation: BatchOperation;
  readonly resolve: (outcome: BatchOutcome) => void;
  readonly reject: (error: unknown) => void;
}

export interface HoldBatcherOptions {
  readonly store: WriteStore;
  /** The pools' one guarded balance update (BudgetRepository.applyToPool), shared with the steps. */
  readonly pools: Pick<BudgetRepository, 'applyToPool'>;
  readonly audit: AuditLog;
  readonly moment: () => Moment;
  /** Runs one operation alone through the step path, in its own transaction (a failed batch's fallback). */
  readonly alone: (operation: BatchOperation) => Promise<BatchOutcome>;
  /** At most this many operations in one batch (bounded by the databases' parameter limits). */
  readonly maxBatch?: number;
  /** Told each batch's size once it commits, and `fallback` when a batch failed and ran one by one (metrics). */
  readonly onBatch?: (size: number, outcome: 'committed' | 'fallback') => void;
}

/** Statement parameters per operation stay far below SQLite's 32,766 and PostgreSQL's 65,535 at this size. */
const MAX_BATCH = 256;

export class HoldBatcher {
  private readonly queue: Waiting[] = [];
  private draining = false;
  private readonly batches: BudgetBatchRepository;
  private readonly maxBatch: number;
  /** Batches written and operations in them, for the benchmark and the tests. */
  readonly stats = { batches: 0, operations: 0, fallbacks: 0, largest: 0 };

  constructor(private readonly options: HoldBatcherOptions) {
    this.batches = new BudgetBatchRepository(options.store.dialect);
    this.maxBatch = options.maxBatch ?? MAX_BATCH;
  }

  submit(operation: BatchOperation): Promise<BatchOutcome> {
    return new Promise<BatchOutcome>((resolve, reject) => {
      this.queue.push({ operation, resolve, reject });
      // Start once the promise jobs queued now have run (setImmediate, not a microtask: the callers
      // whose previous operations have just been answered need several promise hops to submit their
      // next), so that operations submitted together share the batch; later arrivals wait for the
      // batch in flight and make the next one.
      if (!this.draining) {
        this.draining = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch);
        await this.run(batch);
        // Let the callers just answered submit their next operations before the next batch is cut.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } finally {
      this.draining = false;
    }
  }

  private async run(batch: readonly Waiting[]): Promise<void> {
    const operations = batch.map((waiting) => waiting.operation);
    let results: Settled<BatchOutcome>[];
    try {
      results = await writeOnceEach(
        this.options.store,
        operations.map((operation) => operation.context.idempotency),
        (trx, admitted) => this.write(trx, operations, admitted),
      );
    } catch {
      // Nothing of the batch was written (or, if the connection was lost at the commit, it may all have
      // been): each operation again on its own, in arrival order; a re-run of a committed one replays.
      this.stats.fallbacks += 1;
      this.options.onBatch?.(batch.length, 'fallback');
      for (const waiting of batch) {
        await this.options.alone(waiting.operation).then(waiting.resolve, waiting.reject);
      }
      return;
    }
    this.stats.batches += 1;
    this.stats.operations += batch.length;
    this.stats.largest = Math.max(this.stats.largest, batch.length);
    this.options.onBatch?.(batch.length, 'committed');
    for (const [index, waiting] of batch.entries()) {
      const result = results[index];
      if (result === undefined) waiting.reject(new Error('the batch left an operation unanswered'));
      else if (result.ok) waiting.resolve(result.value);
      else waiting.reject(result.error);
    }
  }

  /** Decides every admitted operation against the locked rows, in arrival order, then writes the batch. */
  private async write(
    trx: Kysely<Database>,
    operations: readonly BatchOperation[],
    admitted: readonly boolean[],
  ): Promise<Settled<BatchOutcome>[]> {
    const at = this.options.moment();
    const live = operations.map((operation, index) => (admitted[index] === true ? operation : undefined));
    const holdKeys = [...new Set(live.flatMap((op) => (op?.kind === 'hold' ? [op.idempotencyKey] : [])))];
    const known = new Map<string, TransactionRow>(
      (await this.batches.transactionsByKeys(trx, holdKeys)).map((row) => [row.idempotency_key ?? '', row]),
    );
    const holdIds = new Set(live.flatMap((op) => (op !== undefined && op.kind !== 'hold' ? [op.holdId] : [])));
    for (const row of known.values()) if (row.kind === 'hold' && row.hold_id !== null) holdIds.add(row.hold_id);
    const holds = new Map<string, HoldRow>(
      (await this.batches.lockHolds(trx, [...holdIds])).map((row) => [row.id, row]),
    );
    const poolIds = new Set(live.flatMap((op) => (op?.kind === 'hold' ? [op.poolId] : [])));
    for (const hold of holds.values()) poolIds.add(hold.pool_id);
    const pools = new Map<string, PoolRow>(
      (await this.batches.lockPools(trx, [...poolIds])).map((row) => [row.id, row]),
    );

    // The operations in arrival order, against the locked state as the ones before them left it.
    const balances = new Map<string, PoolBalances>();
    const balanceOf = (pool: PoolRow): PoolBalances =>
      balances.get(pool.id) ?? {
        fundedFen: pool.funded_fen,
        availableFen: pool.available_fen,
        heldFen: pool.held_fen,
        spentFen: pool.spent_fen,
        withdrawnFen: pool.withdrawn_fen,
      };
    const net = new Map<string, { delta: PoolBalances; holds: boolean }>();
    const move = (poolId: string, legs: readonly PostingLeg[], isHold: boolean): void => {
      const pool = pools.get(poolId);
      if (pool === undefined) throw poolNotFound(poolId);
      const delta = balanceDelta(legs);
      balances.set(poolId, applyDelta(balanceOf(pool), delta));
      const sum = net.get(poolId);
      net.set(poolId, {
        delta: sum === undefined ? delta : applyDelta(sum.delta, delta),
        holds: isHold || sum?.holds === true,
      });
    };
    const newHolds: HoldRow[] = [];
    const transactions: (BatchTransaction & { readonly context: RequestContext })[] = [];
    const settlements: Settlement[] = [];
    /** Holds written by this batch, by ledger key: a retry in the same batch replays them. */
    const fresh = new Map<string, HoldRow>();
    const answers: (Settled<BatchOutcome> | ((ids: Map<string, number>) => Settled<BatchOutcome>))[] = [];
    const record = (
      context: RequestContext,
      kind: TransactionKind,
      hold: HoldRow,
      legs: readonly PostingLeg[],
      amountFen: number,
      key: string | null,
      reference: string | null,
    ): void => {
      transactions.push({
        context,
        legs,
        transaction: {
          pool_id: hold.pool_id,
          kind,
          hold_id: hold.id,
          amount_fen: amountFen,
          idempotency_key: key,
          destination: null,
          actor: context.actor.id,
          reference,
          note: null,
          created_at: at.iso,
          booked_on: at.bookedOn,
        },
      });
    };
    const transactionIdOf = (ids: Map<string, number>, holdId: string): number => {
      const id = ids.get(holdId);
      if (id === undefined) throw new Error(`no ledger transaction was written for hold ${holdId}`);
      return id;
    };

    for (const operation of live) {
      if (operation === undefined) {
        answers.push({ ok: false, error: new Error('not admitted') });
        continue;
      }
      try {
        switch (operation.kind) {
          case 'hold': {
            const { poolId, amountFen, idempotencyKey: key } = operation;
            const earlier = known.get(key);
            const mine = fresh.get(key);
            if (earlier !== undefined || mine !== undefined) {
              const [kind, pool, amount] =
                earlier === undefined
                  ? ['hold', mine?.pool_id, mine?.amount_fen]
                  : [earlier.kind, earlier.pool_id, earlier.amount_fen];
              if (kind !== 'hold' || pool !== poolId || amount !== amountFen) {
                answers.push({ ok: true, value: refused({ code: 'IDEMPOTENCY_KEY_REUSED', idempotencyKey: key }) });
              } else if (earlier !== undefined) {
                const hold = holds.get(earlier.hold_id ?? '');
                if (hold === undefined) throw holdNotFound(earlier.hold_id ?? '');
                const value: HoldOutcome = {
                  ok: true,
                  replayed: true,
                  hold: holdView(hold),
                  transactionId: earlier.id,
                };
                answers.push({ ok: true, value });
              } else if (mine !== undefined) {
                answers.push((ids) => ({
                  ok: true,
                  value: {
                    ok: true,
                    replayed: true,
                    hold: holdView(mine),
                    transactionId: transactionIdOf(ids, mine.id),
                  },
                }));
              }
              break;
            }
            const pool = pools.get(poolId);
            if (pool === undefined) throw poolNotFound(poolId);
            if (pool.status !== 'active') {
              answers.push({ ok: true, value: refused({ code: 'POOL_PAUSED', poolId, reason: pool.pause_reason }) });
              break;
            }
            const { availableFen } = balanceOf(pool);
            if (availableFen < amountFen) {
              const value = refused({ code: 'BUDGET_EXHAUSTED', poolId, requestedFen: amountFen, availableFen });
              answers.push({ ok: true, value });
              break;
            }
            const legs = holdLegs(poolId, amountFen);
            const hold = newHoldRow({
              poolId,
              amountFen,
              idempotencyKey: key,
              reference: operation.reference,
              actor: operation.context.actor.id,
              at,
            });
            move(poolId, legs, true);
            newHolds.push(hold);
            fresh.set(key, hold);
            record(operation.context, 'hold', hold, legs, amountFen, key, operation.reference);
            answers.push((ids) => ({
              ok: true,
              value: { ok: true, replayed: false, hold: holdView(hold), transactionId: transactionIdOf(ids, hold.id) },
            }));
            break;
          }
          case 'commit':
          case 'release': {
            const hold = holds.get(operation.holdId);
            if (hold === undefined) throw holdNotFound(operation.holdId);
            const answer = this.settle(operation, hold, at);
            if ('outcome' in answer) {
              answers.push({ ok: true, value: answer.outcome });
              break;
            }
            const { settled, legs } = answer;
            move(hold.pool_id, legs, false);
            holds.set(settled.id, settled);
            settlements.push({
              holdId: settled.id,
              status: operation.kind === 'commit' ? 'committed' : 'released',
              committedFen: settled.committed_fen,
            });
            const amountFen = operation.kind === 'commit' ? settled.committed_fen : settled.amount_fen;
            record(operation.context, operation.kind, settled, legs, amountFen, null, operation.reference);
            answers.push((ids) => ({
              ok: true,
              value: {
                ok: true,
                replayed: false,
                hold: holdView(settled),
                transactionId: transactionIdOf(ids, settled.id),
              },
            }));
            break;
          }
        }
      } catch (error) {
        // This operation alone fails (an unknown pool or hold, an amount out of range): it wrote nothing.
        answers.push({ ok: false, error });
      }
    }

    // The writes: hold rows first, then pools in id order (the locks are held already), then the rest.
    if ((await this.batches.settleHolds(trx, settlements, at.iso)) !== settlements.length) {
      throw new Error('a hold the batch settled was settled meanwhile');
    }
    for (const poolId of [...net.keys()].sort()) {
      const { delta, holds: tookHolds } = net.get(poolId) ?? { delta: undefined, holds: false };
      if (delta === undefined) continue;
      // The database decides again: the net change must leave no balance below zero.
      const pool = await this.options.pools.applyToPool(trx, poolId, delta, { requireActive: tookHolds }, at.iso);
      if (pool === undefined) throw new Error(`pool ${poolId} refused the batch's net change`);
    }
    await this.batches.insertHolds(trx, newHolds);
    const ids = await this.batches.insertTransactions(trx, transactions);
    const entries = transactions
      .map(({ context, transaction }) => ({ context, transaction, id: transactionIdOf(ids, transaction.hold_id) }))
      .sort((a, b) => a.id - b.id)
      .map(({ context, transaction, id }) => ({
        context: auditContextOf(context),
        record: ledgerAuditRecord(transaction.kind as TransactionKind, transaction.pool_id, id, transaction.reference, {
          hold_id: transaction.hold_id,
          amount_fen: transaction.amount_fen,
        }),
      }));
    await this.options.audit.appendMany(trx, entries);
    return answers.map((answer) => (typeof answer === 'function' ? answer(ids) : answer));
  }

  /** A commit or release of a hold as the batch has it: the settled row and its legs, or the answer. */
  private settle(
    operation: Extract<BatchOperation, { kind: 'commit' | 'release' }>,
    hold: HoldRow,
    at: Moment,
  ): { settled: HoldRow; legs: PostingLeg[] } | { outcome: SettleOutcome } {
    const status = holdStatusOf(hold);
    const { holdId } = operation;
    if (operation.kind === 'release') {
      if (status === 'held') {
        const settled = { ...hold, status: 'released', settled_at: at.iso };
        return { settled, legs: releaseLegs(hold.pool_id, hold.amount_fen) };
      }
      if (status === 'released')
        return { outcome: { ok: true, replayed: true, hold: holdView(hold), transactionId: null } };
      return { outcome: refused({ code: 'HOLD_NOT_HELD', holdId, status }) };
    }
    const { amountFen } = operation;
    switch (status) {
      case 'held': {
        if (amountFen !== undefined && amountFen > hold.amount_fen) {
          throw invalid('amountFen', `cannot commit ${amountFen} fen of a hold of ${hold.amount_fen} fen`);
        }
        const committedFen = amountFen ?? hold.amount_fen;
        const settled = { ...hold, status: 'committed', committed_fen: committedFen, settled_at: at.iso };
        return { settled, legs: commitLegs(hold.pool_id, hold.amount_fen, committedFen) };
      }
      case 'committed':
      case 'reversed':
        if (amountFen === undefined || amountFen === hold.committed_fen) {
          return { outcome: { ok: true, replayed: true, hold: holdView(hold), transactionId: null } };
        }
        return { outcome: refused({ code: 'HOLD_NOT_HELD', holdId, status }) };
      case 'released':
        return { outcome: refused({ code: 'HOLD_NOT_HELD', holdId, status }) };
    }
  }
}
