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
 * of one that did commit (a connection lost at the commit) into a replay. The queue itself (arrival,
 * one batch at a time, the fallback alone) is the group commit's (src/services/group-commit.ts).
 */
import type { Kysely } from 'kysely';
import { BudgetBatchRepository, type BatchTransaction, type Settlement } from '../../db/budget-batch-repository.js';
import type { BudgetRepository, HoldRow, PoolRow, TransactionRow } from '../../db/budget-repository.js';
import {
  holdSliceOf,
  rowSliceBalances,
  sliceBalancesOf,
  sliceCountOf,
  type BudgetSliceRepository,
  type SliceBalances,
} from '../../db/budget-slice-repository.js';
import type { Database } from '../../db/tables.js';
import { refused } from '../../domain/budget/outcomes.js';
import { commitLegs, holdLegs, onSlice, releaseLegs, sliceDelta } from '../../domain/budget/postings.js';
import type { PostingLeg, TransactionKind } from '../../domain/budget/types.js';
import type { AuditLog } from '../audit/audit-log.js';
import { auditContextOf, type RequestContext } from '../context.js';
import { GroupCommit } from '../group-commit.js';
import { writeOnceEach, type Settled, type WriteStore } from '../idempotent-write.js';
import { holdNotFound, invalid, poolNotFound } from './budget-arguments.js';
import { ledgerAuditRecord, newHoldRow, type Moment } from './budget-book.js';
import type { HoldOutcome, SettleOutcome } from './budget-requests.js';
import { moveDelta, topUp, type Move, type PoolSlices, type SliceState } from './budget-slices.js';
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

export interface HoldBatcherOptions {
  readonly store: WriteStore;
  /** The pools' one guarded balance update (BudgetRepository.applyToPool), shared with the steps. */
  readonly pools: Pick<BudgetRepository, 'applyToPool'>;
  /** The slice rows of split pools, and the moves between slices (docs/ledger.md "Slices"). */
  readonly sliceRows: BudgetSliceRepository;
  readonly slices: PoolSlices;
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
/**
 * Operations per chunk inside a caller's transaction (`writeWithin`): nobody waits on its answers one by
 * one, so chunks are larger (fewer rounds of pool locks, head moves and statements; the audit insert's
 * ten parameters a row stay inside both databases' limits).
 */
const WITHIN_BATCH = 1024;

/**
 * The answer of a hold on a split pool that its batch's slice could not pay even after taking money
 * from the slices nobody else had locked: it is run again alone, after the batch, through the step,
 * which locks the whole pool and refuses only if the whole pool cannot pay.
 */
const WHOLE_POOL = new Error('the hold needs the whole pool');

/** Where a batch's slices' balances are kept in memory: `<pool id>#<slice>`. */
const sliceKey = (poolId: string, slice: number): string => `${poolId}#${slice}`;

/** A slice's change as its allotment follows its money (holds, commits, releases, moves). */
function withAllotment(change: { availableFen: number; heldFen: number; spentFen: number }): SliceBalances {
  return { ...change, allottedFen: change.availableFen + change.heldFen + change.spentFen };
}

function addTo(a: SliceBalances, b: SliceBalances): SliceBalances {
  return {
    allottedFen: a.allottedFen + b.allottedFen,
    availableFen: a.availableFen + b.availableFen,
    heldFen: a.heldFen + b.heldFen,
    spentFen: a.spentFen + b.spentFen,
  };
}

export class HoldBatcher {
  private readonly queue: GroupCommit<BatchOperation, BatchOutcome>;
  private readonly batches: BudgetBatchRepository;
  private readonly maxBatch: number;
  /** Batches written and operations in them, for the benchmark and the tests. */
  readonly stats = { batches: 0, operations: 0, fallbacks: 0, largest: 0, moves: 0, wholePool: 0 };
  /** How many slices each pool had when last read (a pool is only ever split further). */
  private readonly sliceCounts = new Map<string, number>();
  /** Which slice the next batch draws on: each batch the next one, from a start of this process's own. */
  private rotation = Math.floor(Math.random() * 1_000_000);

  constructor(private readonly options: HoldBatcherOptions) {
    this.batches = new BudgetBatchRepository(options.store.dialect);
    this.maxBatch = options.maxBatch ?? MAX_BATCH;
    this.queue = new GroupCommit({
      write: (operations) =>
        writeOnceEach(
          options.store,
          operations.map((operation) => operation.context.idempotency),
          (trx, admitted) => this.write(trx, operations, admitted),
        ),
      alone: (operation) => options.alone(operation),
      maxBatch: this.maxBatch,
      unanswered: 'the batch left an operation unanswered',
      onCommitted: (operations) => {
        this.stats.batches += 1;
        this.stats.operations += operations.length;
        this.stats.largest = Math.max(this.stats.largest, operations.length);
        options.onBatch?.(operations.length, 'committed');
      },
      onFallback: (operations) => {
        this.stats.fallbacks += 1;
        options.onBatch?.(operations.length, 'fallback');
      },
      // A hold its slice could not pay runs alone after its batch, through the step (the whole pool).
      runsAlone: (error) => {
        if (error !== WHOLE_POOL) return false;
        this.stats.wholePool += 1;
        return true;
      },
    });
  }

  submit(operation: BatchOperation): Promise<BatchOutcome> {
    return this.queue.submit(operation);
  }

  /**
   * Operations inside the caller's write transaction (a settlement's final approval commits every hold
   * of its lines with the approval), decided and written set-wise as a batch is, in chunks of the
   * largest batch, in order. Each answer is the one its step would give; one that fails throws, and the
   * caller's transaction rolls back.
   */
  async writeWithin(trx: Kysely<Database>, operations: readonly BatchOperation[]): Promise<BatchOutcome[]> {
    const outcomes: BatchOutcome[] = [];
    const size = Math.max(this.maxBatch, WITHIN_BATCH);
    for (let start = 0; start < operations.length; start += size) {
      const chunk = operations.slice(start, start + size);
      for (const result of await this.write(
        trx,
        chunk,
        chunk.map(() => true),
      )) {
        if (!result.ok) throw result.error;
        outcomes.push(result.value);
      }
    }
    return outcomes;
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

    // Which slice each pool's new holds draw on. A pool not split (or not known to be) draws on its
    // row, slice 0, locked as before; a split pool on the slice whose turn it is, and its row is read,
    // not locked, after the slices are (so a pause that locks them is seen: hold-batcher and pause
    // agree on the order). Commits and releases lock the slice their hold draws on.
    const poolIds = new Set(live.flatMap((op) => (op?.kind === 'hold' ? [op.poolId] : [])));
    for (const hold of holds.values()) poolIds.add(hold.pool_id);
    this.rotation += 1;
    const homes = new Map<string, number>();
    const rowLocked = new Set<string>();
    const sliceLocks = new Map<string, Set<number>>();
    const lockSlice = (poolId: string, slice: number): void => {
      if (slice === 0) rowLocked.add(poolId);
      else sliceLocks.set(poolId, (sliceLocks.get(poolId) ?? new Set()).add(slice));
    };
    for (const poolId of poolIds) {
      const count = this.sliceCounts.get(poolId) ?? 1;
      const home = count > 1 ? this.rotation % count : 0;
      if (live.some((op) => op?.kind === 'hold' && op.poolId === poolId)) {
        homes.set(poolId, home);
        lockSlice(poolId, home);
      }
    }
    for (const op of live) {
      if (op === undefined || op.kind === 'hold') continue;
      const hold = holds.get(op.holdId);
      if (hold !== undefined) lockSlice(hold.pool_id, holdSliceOf(hold));
    }
    const pools = new Map<string, PoolRow>(
      (await this.batches.lockPools(trx, [...rowLocked])).map((row) => [row.id, row]),
    );
    const state = new Map<string, SliceBalances>();
    for (const pool of pools.values()) state.set(sliceKey(pool.id, 0), rowSliceBalances(pool));
    for (const poolId of [...sliceLocks.keys()].sort()) {
      for (const row of await this.options.sliceRows.lockSlices(trx, poolId, [...(sliceLocks.get(poolId) ?? [])])) {
        state.set(sliceKey(poolId, row.slice), sliceBalancesOf(row));
      }
    }
    const unlocked = [...poolIds].filter((poolId) => !pools.has(poolId));
    for (const row of await this.batches.readPools(trx, unlocked)) pools.set(row.id, row);
    for (const pool of pools.values()) {
      this.sliceCounts.set(pool.id, sliceCountOf(pool));
      // A pool split since this process last read it: this batch draws on its row (locked).
      if (sliceCountOf(pool) === 1 && homes.has(pool.id)) homes.set(pool.id, 0);
    }

    // The operations in arrival order, against the locked state as the ones before them left it.
    const net = new Map<string, { delta: SliceBalances; holds: boolean }>();
    const change = (poolId: string, slice: number, delta: SliceBalances, isHold: boolean): void => {
      const key = sliceKey(poolId, slice);
      const current = state.get(key);
      if (current === undefined) throw new Error(`the batch did not lock slice ${slice} of pool ${poolId}`);
      state.set(key, addTo(current, delta));
      const sum = net.get(key);
      net.set(key, {
        delta: sum === undefined ? delta : addTo(sum.delta, delta),
        holds: isHold || sum?.holds === true,
      });
    };
    const move = (poolId: string, legs: readonly PostingLeg[], slice: number, isHold: boolean): void => {
      if (!pools.has(poolId)) throw poolNotFound(poolId);
      change(poolId, slice, withAllotment(sliceDelta(legs, slice)), isHold);
    };
    const moves: { poolId: string; move: Move }[] = [];
    const toppedUp = new Set<string>();
    /** Takes money for `needFen` into the home slice from the pool's slices nobody else holds now. */
    const topUpHome = async (poolId: string, home: number, needFen: number): Promise<void> => {
      toppedUp.add(poolId);
      const donors: SliceState[] = [];
      for (const [key, balances] of state) {
        const [id, slice] = [key.slice(0, key.lastIndexOf('#')), Number(key.slice(key.lastIndexOf('#') + 1))];
        if (id === poolId && slice !== home) donors.push({ slice, balances });
      }
      const mine = new Set(donors.map((donor) => donor.slice));
      for (const row of await this.options.sliceRows.lockDonors(trx, poolId, [home, ...mine])) {
        const balances = sliceBalancesOf(row);
        state.set(sliceKey(poolId, row.slice), balances);
        donors.push({ slice: row.slice, balances });
      }
      if (home !== 0 && !mine.has(0)) {
        const row = await this.options.sliceRows.lockPoolIfFree(trx, poolId);
        if (row !== undefined) {
          const balances = rowSliceBalances(row);
          state.set(sliceKey(poolId, 0), balances);
          donors.push({ slice: 0, balances });
        }
      }
      for (const decided of topUp(donors, home, needFen)) {
        change(poolId, decided.from, moveDelta(-decided.amountFen), false);
        change(poolId, decided.to, moveDelta(decided.amountFen), false);
        moves.push({ poolId, move: decided });
      }
    };
    const newHolds: (HoldRow & { readonly slice: number })[] = [];
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

    for (const [index, operation] of live.entries()) {
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
            const home = homes.get(poolId) ?? 0;
            const split = sliceCountOf(pool) > 1;
            const availableFen = (): number => state.get(sliceKey(poolId, home))?.availableFen ?? 0;
            if (availableFen() < amountFen && split && !toppedUp.has(poolId)) {
              // Enough for this hold and the batch's later ones on this pool.
              const later = live
                .slice(index + 1)
                .reduce((sum, op) => sum + (op?.kind === 'hold' && op.poolId === poolId ? op.amountFen : 0), 0);
              await topUpHome(poolId, home, amountFen + later - availableFen());
            }
            if (availableFen() < amountFen) {
              if (split) {
                answers.push({ ok: false, error: WHOLE_POOL });
                break;
              }
              const value = refused({
                code: 'BUDGET_EXHAUSTED',
                poolId,
                requestedFen: amountFen,
                availableFen: availableFen(),
              });
              answers.push({ ok: true, value });
              break;
            }
            const legs = onSlice(holdLegs(poolId, amountFen), home);
            const hold = {
              ...newHoldRow({
                poolId,
                amountFen,
                idempotencyKey: key,
                reference: operation.reference,
                actor: operation.context.actor.id,
                at,
              }),
              slice: home,
            };
            move(poolId, legs, home, true);
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
            move(hold.pool_id, legs, holdSliceOf(hold), false);
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

    // The writes: hold rows first, then pools in id order with their slices (the locks are held
    // already), then the rest.
    if ((await this.batches.settleHolds(trx, settlements, at.iso)) !== settlements.length) {
      throw new Error('a hold the batch settled was settled meanwhile');
    }
    const changes = [...net.entries()]
      .map(([key, value]) => ({
        poolId: key.slice(0, key.lastIndexOf('#')),
        slice: Number(key.slice(key.lastIndexOf('#') + 1)),
        ...value,
      }))
      .sort((a, b) => (a.poolId < b.poolId ? -1 : a.poolId > b.poolId ? 1 : a.slice - b.slice));
    for (const { poolId, slice, delta, holds: tookHolds } of changes) {
      // The database decides again: the net change must leave no balance below zero.
      const applied = await this.options.slices.apply(trx, poolId, slice, delta, { requireActive: tookHolds }, at.iso);
      if (!applied) throw new Error(`slice ${slice} of pool ${poolId} refused the batch's net change`);
    }
    // Moves between slices first: their ledger transactions and audit entries come before the batch's.
    const byPool = new Map<string, Move[]>();
    for (const { poolId, move: decided } of moves) byPool.set(poolId, [...(byPool.get(poolId) ?? []), decided]);
    for (const [poolId, list] of byPool) {
      const context = live.find((op) => op?.kind === 'hold' && op.poolId === poolId)?.context;
      if (context === undefined) throw new Error(`a move between slices of pool ${poolId} without a hold`);
      await this.options.slices.recordMoves(trx, context, poolId, list, at);
      this.stats.moves += list.length;
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
        return { settled, legs: onSlice(releaseLegs(hold.pool_id, hold.amount_fen), holdSliceOf(hold)) };
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
        return { settled, legs: onSlice(commitLegs(hold.pool_id, hold.amount_fen, committedFen), holdSliceOf(hold)) };
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
