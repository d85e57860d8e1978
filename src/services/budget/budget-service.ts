/**
 * The budget ledger's use cases: budget pools (资金池) by programme line, county and funding source;
 * tranches in; holds for pending subsidies, committed when paid or released when not; returns;
 * pause and resume; balances, postings and the burn-rate forecast.
 *
 * "Total control, first come first served, stop when exhausted": a hold succeeds only if the pool is
 * active and its available balance covers the amount, decided by the database in one conditional
 * update (see LedgerRepository), so no concurrency, on SQLite or PostgreSQL or across app processes,
 * can take a pool below zero. Each operation's writes (balances, postings, hold row) commit together.
 *
 * Expected outcomes are values (LedgerOutcome): BUDGET_EXHAUSTED, POOL_PAUSED and the other refusals
 * in domain/ledger/outcomes.ts. AppError is thrown only for what the caller got wrong: an unknown pool
 * or hold (POOL_NOT_FOUND, HOLD_NOT_FOUND) or an invalid argument (VALIDATION_FAILED, naming the field).
 *
 * Money-moving requests that could pay twice on a retry (fund, hold, reverse) take an idempotency
 * key; commit, release, pause and resume are idempotent by nature (doing them again changes nothing
 * and answers `replayed: true`). Every transaction stores the caller's actor and reference: the seam
 * for the audit log of a later module.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  LedgerRepository,
  isUniqueViolation,
  type HoldRow,
  type NewTransaction,
  type PoolFilter,
} from '../../db/ledger-repository.js';
import type { Database } from '../../db/tables.js';
import { addDays, businessDate, isIsoDate } from '../../domain/ledger/calendar.js';
import {
  DEFAULT_FORECAST_WINDOW_DAYS,
  MAX_FORECAST_WINDOW_DAYS,
  forecastRunDry,
  type BurnForecast,
} from '../../domain/ledger/forecast.js';
import { checkBooks, type BooksReport } from '../../domain/ledger/invariants.js';
import { describeRefusal, refused, type LedgerOutcome, type LedgerRefusal } from '../../domain/ledger/outcomes.js';
import {
  balanceDelta,
  commitLegs,
  fundLegs,
  holdLegs,
  releaseLegs,
  reverseLegs,
} from '../../domain/ledger/postings.js';
import {
  COUNTY_PATTERN,
  CITY_WIDE,
  FUNDING_SOURCES,
  MAX_FEN,
  POOL_STATUSES,
  PROGRAMME_LINES,
  REVERSAL_DESTINATIONS,
  poolIdOf,
  type FundingSource,
  type HoldView,
  type PoolKey,
  type PoolStatus,
  type PoolView,
  type PostingLeg,
  type ProgrammeLine,
  type ReversalDestination,
  type TransactionKind,
  type TransactionView,
} from '../../domain/ledger/types.js';
import { AppError } from '../../shared/errors.js';
import type { AuditLog, AuditRecord } from '../audit/audit-log.js';
import { writeOnce, type IdempotencyClaim, type WriteStore } from '../idempotent-write.js';
import { holdStatusOf, holdView, poolView, transactionView } from './budget-views.js';

/** Who asks, stored with every transaction (the audit log of a later module reads it). */
export interface LedgerContext {
  /** A user id or a service name (`subsidy-service`); 1–200 characters. */
  readonly actor: string;
  /** The caller's reference: a claim id, a tranche's document number …; at most 500 characters. */
  readonly reference?: string | null;
  /** For the audit log, when the service has one: the actor's role(s) and the request id. */
  readonly role?: string;
  readonly requestId?: string;
}

export interface BudgetServiceOptions {
  /** The clock (tests pass a fixed one); transactions are booked on its China Standard Time date. */
  readonly now?: () => Date;
  /**
   * The implementing-unit ids pools may be created for (the plan's units). When given, any other
   * county but `city` is refused; when absent, any well-formed id is accepted.
   */
  readonly counties?: readonly string[];
  /** When given, every ledger transaction and pool creation also appends to the audit log, atomically. */
  readonly audit?: AuditLog;
}

export interface CreatePoolRequest {
  readonly line: ProgrammeLine;
  /** An implementing-unit id, or `city` for a city-wide pool. */
  readonly county: string;
  readonly source: FundingSource;
}

export interface FundRequest {
  readonly amountFen: number;
  /** A retry with the same key does not fund twice. */
  readonly idempotencyKey: string;
}

export interface HoldRequest {
  readonly amountFen: number;
  /** A retry with the same key returns the same hold; the same key with another amount is refused. */
  readonly idempotencyKey: string;
}

export interface CommitRequest {
  /** What to spend, at most the held amount (the rest goes back to available); all of it when absent. */
  readonly amountFen?: number;
}

export interface ReverseRequest {
  /** What to return, at most committed minus already returned; all of that when absent. */
  readonly amountFen?: number;
  readonly idempotencyKey: string;
  /** `pool` (default): back to the pool's available balance; `treasury`: out of the programme. */
  readonly destination?: ReversalDestination;
}

export type PoolFilterRequest = {
  readonly line?: string;
  readonly county?: string;
  readonly source?: string;
  readonly status?: string;
};

export type FundOutcome = LedgerOutcome<{ readonly pool: PoolView; readonly transactionId: number }>;
export type HoldOutcome = LedgerOutcome<{ readonly hold: HoldView; readonly transactionId: number }>;
/** transactionId is null when nothing new was written (replayed). */
export type SettleOutcome = LedgerOutcome<{ readonly hold: HoldView; readonly transactionId: number | null }>;
export type ReverseOutcome = LedgerOutcome<{ readonly hold: HoldView; readonly transactionId: number }>;
export type PoolStatusOutcome = LedgerOutcome<{ readonly pool: PoolView; readonly transactionId: number | null }>;

const MAX_KEY_LENGTH = 200;
const MAX_TEXT_LENGTH = 500;
const MAX_PAGE = 1000;

function invalid(field: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', message, field);
}

function requireFen(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw invalid(field, `${field} must be a positive whole number of fen (got ${String(value)})`);
  }
  return value;
}

function requireText(value: unknown, field: string, maxLength: number): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > maxLength) {
    throw invalid(field, `${field} must be a non-empty string of at most ${maxLength} characters`);
  }
  return value;
}

function optionalText(value: unknown, field: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value.length > MAX_TEXT_LENGTH) {
    throw invalid(field, `${field} must be a string of at most ${MAX_TEXT_LENGTH} characters`);
  }
  return value;
}

function oneOf<T extends string>(values: readonly T[], value: unknown, field: string): T {
  const found = values.find((candidate) => candidate === value);
  if (found === undefined) throw invalid(field, `${field} must be one of ${values.join(', ')} (got ${String(value)})`);
  return found;
}

/** A ledger refusal as the error a caller who cannot go on answers with (its stable code, zh-CN words). */
export function refusalError(refusal: LedgerRefusal): AppError {
  return new AppError(refusal.code, describeRefusal(refusal));
}

function poolNotFound(poolId: string): AppError {
  return new AppError('POOL_NOT_FOUND', `there is no budget pool "${poolId}"`, 'poolId');
}

function holdNotFound(holdId: string): AppError {
  return new AppError('HOLD_NOT_FOUND', `there is no budget hold "${holdId}"`, 'holdId');
}

/** A pool's balances at the end of one business day. */
export interface PoolDay {
  readonly date: string;
  readonly availableFen: number;
  readonly heldFen: number;
  readonly spentFen: number;
}

/** Who asks, validated. */
interface Who {
  readonly actor: string;
  readonly reference: string | null;
  readonly role?: string;
  readonly requestId?: string;
}

/** The moment of an operation, as stored: ISO instant and China Standard Time business date. */
interface Moment {
  readonly iso: string;
  readonly bookedOn: string;
}

/** How many times a hold re-asks the database when a refusal's reason vanished meanwhile. */
const HOLD_ATTEMPTS = 3;

export class BudgetService {
  private readonly repository: LedgerRepository;
  private readonly store: WriteStore;
  private readonly now: () => Date;
  private readonly counties: ReadonlySet<string> | null;
  private readonly audit: AuditLog | null;

  constructor(handle: WriteStore, options: BudgetServiceOptions = {}) {
    this.repository = new LedgerRepository(handle.db, handle.dialect);
    this.store = handle;
    this.now = options.now ?? (() => new Date());
    this.counties = options.counties === undefined ? null : new Set(options.counties);
    this.audit = options.audit ?? null;
  }

  /** Creates the pool of a line, county and source, or finds it: calling twice creates one pool. */
  async createPool(request: CreatePoolRequest, context?: LedgerContext): Promise<{ created: boolean; pool: PoolView }> {
    const key = this.poolKey(request);
    const id = poolIdOf(key);
    const at = this.moment();
    const who = context === undefined ? null : this.context(context);
    const created = await this.repository.write(async (trx) => {
      const inserted = await this.repository.insertPool(trx, { id, ...key, created_at: at.iso });
      if (inserted && who !== null) {
        await this.audited(trx, who, { action: 'ledger.pool_create', subject: `pool:${id}`, after: key });
      }
      return inserted;
    });
    return { created, pool: await this.getPool(id) };
  }

  async getPool(poolId: string): Promise<PoolView> {
    const row = await this.repository.findPool(this.repository.reader, poolId);
    if (row === undefined) throw poolNotFound(poolId);
    return poolView(row);
  }

  async listPools(filter: PoolFilterRequest = {}): Promise<PoolView[]> {
    const query: PoolFilter = {
      ...(filter.line === undefined ? {} : { line: oneOf(PROGRAMME_LINES, filter.line, 'line') }),
      ...(filter.county === undefined ? {} : { county: requireText(filter.county, 'county', 80) }),
      ...(filter.source === undefined ? {} : { source: oneOf(FUNDING_SOURCES, filter.source, 'source') }),
      ...(filter.status === undefined ? {} : { status: oneOf<PoolStatus>(POOL_STATUSES, filter.status, 'status') }),
    };
    return (await this.repository.listPools(query)).map(poolView);
  }

  /** A tranche arrives from the pool's funding source. Allowed while the pool is paused. */
  async fund(
    poolId: string,
    request: FundRequest,
    context: LedgerContext,
    claim: IdempotencyClaim | null = null,
  ): Promise<FundOutcome> {
    const amountFen = requireFen(request.amountFen, 'amountFen');
    const idempotencyKey = requireText(request.idempotencyKey, 'idempotencyKey', MAX_KEY_LENGTH);
    const who = this.context(context);
    return this.onceOnly(async () => {
      const at = this.moment();
      return writeOnce(this.store, claim, async (trx): Promise<FundOutcome> => {
        const previous = await this.repository.findTransactionByKey(trx, idempotencyKey);
        if (previous !== undefined) {
          if (previous.kind !== 'fund' || previous.pool_id !== poolId || previous.amount_fen !== amountFen) {
            return refused({ code: 'IDEMPOTENCY_KEY_REUSED', idempotencyKey });
          }
          const pool = await this.repository.findPool(trx, poolId);
          if (pool === undefined) throw poolNotFound(poolId);
          return { ok: true, replayed: true, pool: poolView(pool), transactionId: previous.id };
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
        const transactionId = await this.record(trx, 'fund', poolId, legs, at, who, {
          amount_fen: amountFen,
          idempotency_key: idempotencyKey,
        });
        return { ok: true, replayed: false, pool: poolView(pool), transactionId };
      });
    });
  }

  /**
   * Reserves money for a pending subsidy. Refused with BUDGET_EXHAUSTED when the pool's available
   * balance is less than the amount, POOL_PAUSED when the pool is paused.
   */
  async hold(poolId: string, request: HoldRequest, context: LedgerContext): Promise<HoldOutcome> {
    const amountFen = requireFen(request.amountFen, 'amountFen');
    const idempotencyKey = requireText(request.idempotencyKey, 'idempotencyKey', MAX_KEY_LENGTH);
    const who = this.context(context);
    return this.onceOnly(async () => {
      const at = this.moment();
      return this.repository.write((trx) => this.holdIn(trx, poolId, amountFen, idempotencyKey, who, at));
    });
  }

  /**
   * A hold inside the caller's write transaction (see db/write-transaction.ts), for a use case that
   * must decide something else atomically with it (a subsidy grant checks quotas and holds the money
   * in one transaction). A refusal writes nothing; the caller rolls back or goes on without the hold.
   */
  async holdWithin(
    trx: Kysely<Database>,
    poolId: string,
    request: HoldRequest,
    context: LedgerContext,
  ): Promise<HoldOutcome> {
    const amountFen = requireFen(request.amountFen, 'amountFen');
    const idempotencyKey = requireText(request.idempotencyKey, 'idempotencyKey', MAX_KEY_LENGTH);
    return this.holdIn(trx, poolId, amountFen, idempotencyKey, this.context(context), this.moment());
  }

  private async holdIn(
    trx: Kysely<Database>,
    poolId: string,
    amountFen: number,
    idempotencyKey: string,
    who: Who,
    at: Moment,
  ): Promise<HoldOutcome> {
    const replay = async (): Promise<HoldOutcome | undefined> => {
      const previous = await this.repository.findTransactionByKey(trx, idempotencyKey);
      if (previous === undefined) return undefined;
      if (previous.kind !== 'hold' || previous.pool_id !== poolId || previous.amount_fen !== amountFen) {
        return refused({ code: 'IDEMPOTENCY_KEY_REUSED', idempotencyKey });
      }
      const hold = await this.requireHold(trx, previous.hold_id ?? '');
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
    const hold: HoldRow = {
      id: randomUUID(),
      pool_id: poolId,
      amount_fen: amountFen,
      status: 'held',
      committed_fen: 0,
      reversed_fen: 0,
      idempotency_key: idempotencyKey,
      reference: who.reference,
      actor: who.actor,
      created_at: at.iso,
      settled_at: null,
    };
    await this.repository.insertHold(trx, hold);
    const transactionId = await this.record(trx, 'hold', poolId, legs, at, who, {
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
  async commit(holdId: string, request: CommitRequest, context: LedgerContext): Promise<SettleOutcome> {
    const amountFen = request.amountFen === undefined ? undefined : requireFen(request.amountFen, 'amountFen');
    const who = this.context(context);
    const at = this.moment();
    return this.repository.write(async (trx): Promise<SettleOutcome> => {
      const settled = await this.repository.settleHold(
        trx,
        holdId,
        { status: 'committed', committedFen: amountFen ?? null },
        at.iso,
      );
      if (settled === undefined) {
        const hold = await this.requireHold(trx, holdId);
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
      const legs = commitLegs(settled.pool_id, settled.amount_fen, settled.committed_fen);
      await this.applyOwnMovement(trx, settled.pool_id, legs, at);
      const transactionId = await this.record(trx, 'commit', settled.pool_id, legs, at, who, {
        hold_id: holdId,
        amount_fen: settled.committed_fen,
      });
      return { ok: true, replayed: false, hold: holdView(settled), transactionId };
    });
  }

  /** The subsidy will not be paid: the hold's money goes back to available. */
  async release(holdId: string, context: LedgerContext): Promise<SettleOutcome> {
    const who = this.context(context);
    const at = this.moment();
    return this.repository.write((trx) => this.releaseIn(trx, holdId, who, at));
  }

  /** A release inside the caller's write transaction (see {@link holdWithin}). */
  async releaseWithin(trx: Kysely<Database>, holdId: string, context: LedgerContext): Promise<SettleOutcome> {
    return this.releaseIn(trx, holdId, this.context(context), this.moment());
  }

  private async releaseIn(trx: Kysely<Database>, holdId: string, who: Who, at: Moment): Promise<SettleOutcome> {
    const settled = await this.repository.settleHold(trx, holdId, { status: 'released' }, at.iso);
    if (settled === undefined) {
      const hold = await this.requireHold(trx, holdId);
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
    const legs = releaseLegs(settled.pool_id, settled.amount_fen);
    await this.applyOwnMovement(trx, settled.pool_id, legs, at);
    const transactionId = await this.record(trx, 'release', settled.pool_id, legs, at, who, {
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
  async reverse(holdId: string, request: ReverseRequest, context: LedgerContext): Promise<ReverseOutcome> {
    const requestedFen = request.amountFen === undefined ? undefined : requireFen(request.amountFen, 'amountFen');
    const idempotencyKey = requireText(request.idempotencyKey, 'idempotencyKey', MAX_KEY_LENGTH);
    const destination = oneOf(REVERSAL_DESTINATIONS, request.destination ?? 'pool', 'destination');
    const who = this.context(context);
    return this.onceOnly(async () => {
      const at = this.moment();
      return this.repository.write((trx) =>
        this.reverseIn(trx, holdId, requestedFen, idempotencyKey, destination, who, at),
      );
    });
  }

  /** A return inside the caller's write transaction (see {@link holdWithin}). */
  async reverseWithin(
    trx: Kysely<Database>,
    holdId: string,
    request: ReverseRequest,
    context: LedgerContext,
  ): Promise<ReverseOutcome> {
    const requestedFen = request.amountFen === undefined ? undefined : requireFen(request.amountFen, 'amountFen');
    const idempotencyKey = requireText(request.idempotencyKey, 'idempotencyKey', MAX_KEY_LENGTH);
    const destination = oneOf(REVERSAL_DESTINATIONS, request.destination ?? 'pool', 'destination');
    const who = this.context(context);
    return this.reverseIn(trx, holdId, requestedFen, idempotencyKey, destination, who, this.moment());
  }

  private async reverseIn(
    trx: Kysely<Database>,
    holdId: string,
    requestedFen: number | undefined,
    idempotencyKey: string,
    destination: ReversalDestination,
    who: Who,
    at: Moment,
  ): Promise<ReverseOutcome> {
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
      const hold = await this.requireHold(trx, holdId);
      return { ok: true, replayed: true, hold: holdView(hold), transactionId: previous.id };
    };
    const earlier = await replay();
    if (earlier !== undefined) return earlier;
    const hold = await this.requireHold(trx, holdId);
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
      const now = await this.requireHold(trx, holdId);
      return refused({
        code: 'REVERSAL_EXCEEDS_SPENT',
        holdId,
        requestedFen: amountFen,
        reversibleFen: now.committed_fen - now.reversed_fen,
      });
    }
    const legs = reverseLegs(hold.pool_id, amountFen, destination);
    await this.applyOwnMovement(trx, hold.pool_id, legs, at);
    const transactionId = await this.record(trx, 'reverse', hold.pool_id, legs, at, who, {
      hold_id: holdId,
      amount_fen: amountFen,
      idempotency_key: idempotencyKey,
      destination,
    });
    return { ok: true, replayed: false, hold: holdView(updated), transactionId };
  }

  /** Stops new holds (existing holds may still be committed or released; tranches still arrive). */
  async pause(
    poolId: string,
    request: { readonly reason?: string | null },
    context: LedgerContext,
  ): Promise<PoolStatusOutcome> {
    const reason = optionalText(request.reason, 'reason');
    return this.changeStatus(poolId, 'active', 'paused', reason, context);
  }

  async resume(poolId: string, context: LedgerContext): Promise<PoolStatusOutcome> {
    return this.changeStatus(poolId, 'paused', 'active', null, context);
  }

  /** A hold as it stands; inside a write transaction, pass its executor to read what it will change. */
  async getHold(holdId: string, executor: Kysely<Database> = this.repository.reader): Promise<HoldView> {
    return holdView(await this.requireHold(executor, holdId));
  }

  /**
   * The pool's transactions with their postings, a page at a time: in ledger order after
   * `afterTransactionId`, or newest first before `beforeTransactionId`.
   */
  async postings(
    poolId: string,
    page: {
      readonly afterTransactionId?: number;
      readonly beforeTransactionId?: number;
      readonly limit?: number;
    } = {},
  ): Promise<TransactionView[]> {
    const afterId = page.afterTransactionId ?? 0;
    if (!Number.isSafeInteger(afterId) || afterId < 0) {
      throw invalid('afterTransactionId', 'afterTransactionId must be a non-negative integer');
    }
    const beforeId = page.beforeTransactionId;
    if (beforeId !== undefined && (!Number.isSafeInteger(beforeId) || beforeId < 1)) {
      throw invalid('beforeTransactionId', 'beforeTransactionId must be a positive integer');
    }
    if (beforeId !== undefined && page.afterTransactionId !== undefined) {
      throw invalid('beforeTransactionId', 'give afterTransactionId or beforeTransactionId, not both');
    }
    const limit = page.limit ?? 100;
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_PAGE) {
      throw invalid('limit', `limit must be an integer from 1 to ${MAX_PAGE}`);
    }
    await this.getPool(poolId);
    const rows = await this.repository.transactionsOfPool(
      poolId,
      beforeId === undefined ? { after: afterId } : { before: beforeId },
      limit,
    );
    return rows.map(({ transaction, postings }) => transactionView(transaction, postings));
  }

  /**
   * When the pool runs dry at the pace of the last `windowDays` complete days (default 7) before
   * `today` (YYYY-MM-DD, China Standard Time; the caller's clock). See domain/ledger/forecast.ts.
   */
  async forecast(poolId: string, today: string, options: { readonly windowDays?: number } = {}): Promise<BurnForecast> {
    if (typeof today !== 'string' || !isIsoDate(today)) throw invalid('today', 'today must be a date YYYY-MM-DD');
    const windowDays = options.windowDays ?? DEFAULT_FORECAST_WINDOW_DAYS;
    if (!Number.isSafeInteger(windowDays) || windowDays < 1 || windowDays > MAX_FORECAST_WINDOW_DAYS) {
      throw invalid('windowDays', `windowDays must be an integer from 1 to ${MAX_FORECAST_WINDOW_DAYS}`);
    }
    const pool = await this.getPool(poolId);
    const dailyBurn = await this.repository.dailyBurn(poolId, addDays(today, -windowDays), addDays(today, -1));
    const openedOn = await this.repository.firstFundedOn(poolId);
    return forecastRunDry({ availableFen: pool.availableFen, dailyBurn, today, windowDays, openedOn });
  }

  /**
   * The pool's balances at the end of each business day that moved money (for the burn-down chart),
   * rebuilt from the postings, oldest first.
   */
  async balanceHistory(poolId: string): Promise<PoolDay[]> {
    await this.getPool(poolId);
    const days = new Map<string, PoolDay>();
    const running = { available: 0, held: 0, spent: 0 };
    for (const flow of await this.repository.dailyFlows(poolId)) {
      if (flow.account === 'available' || flow.account === 'held' || flow.account === 'spent') {
        running[flow.account] += flow.flowFen;
      }
      days.set(flow.date, {
        date: flow.date,
        availableFen: running.available,
        heldFen: running.held,
        spentFen: running.spent,
      });
    }
    return [...days.values()];
  }

  /** Checks the whole ledger: postings sum to zero, and every pool agrees with its postings and holds. */
  async verifyBooks(): Promise<BooksReport> {
    return checkBooks(await this.repository.booksSnapshot());
  }

  private async changeStatus(
    poolId: string,
    from: PoolStatus,
    to: PoolStatus,
    reason: string | null,
    context: LedgerContext,
  ): Promise<PoolStatusOutcome> {
    const who = this.context(context);
    const at = this.moment();
    return this.repository.write(async (trx): Promise<PoolStatusOutcome> => {
      const pool = await this.repository.setPoolStatus(trx, poolId, from, to, reason, at.iso);
      if (pool === undefined) {
        const current = await this.repository.findPool(trx, poolId);
        if (current === undefined) throw poolNotFound(poolId);
        return { ok: true, replayed: true, pool: poolView(current), transactionId: null };
      }
      const kind: TransactionKind = to === 'paused' ? 'pause' : 'resume';
      const transactionId = await this.record(trx, kind, poolId, [], at, who, { amount_fen: 0, note: reason });
      return { ok: true, replayed: false, pool: poolView(pool), transactionId };
    });
  }

  /**
   * Applies a movement of money the hold already owns (commit, release, reverse). It cannot lack
   * money (the legs take from `held` or `spent` only what the hold row says is there), so a refusal
   * means the books disagree with the holds: stop, and roll the whole operation back.
   */
  private async applyOwnMovement(
    trx: Kysely<Database>,
    poolId: string,
    legs: readonly PostingLeg[],
    at: Moment,
  ): Promise<void> {
    const pool = await this.repository.applyToPool(trx, poolId, balanceDelta(legs), { requireActive: false }, at.iso);
    if (pool === undefined) {
      throw new Error(`pool ${poolId} refused a movement of its own held or spent money: the books need checking`);
    }
  }

  private async record(
    trx: Kysely<Database>,
    kind: TransactionKind,
    poolId: string,
    legs: readonly PostingLeg[],
    at: Moment,
    who: Who,
    fields: Partial<Pick<NewTransaction, 'hold_id' | 'idempotency_key' | 'destination' | 'note'>> &
      Pick<NewTransaction, 'amount_fen'>,
  ): Promise<number> {
    const transactionId = await this.repository.insertTransaction(
      trx,
      {
        pool_id: poolId,
        kind,
        hold_id: fields.hold_id ?? null,
        amount_fen: fields.amount_fen,
        idempotency_key: fields.idempotency_key ?? null,
        destination: fields.destination ?? null,
        actor: who.actor,
        reference: who.reference,
        note: fields.note ?? null,
        created_at: at.iso,
        booked_on: at.bookedOn,
      },
      legs,
    );
    await this.audited(trx, who, {
      action: `ledger.${kind}`,
      subject: `pool:${poolId}`,
      after: {
        transactionId,
        amountFen: fields.amount_fen,
        holdId: fields.hold_id ?? null,
        destination: fields.destination ?? null,
        note: fields.note ?? null,
        reference: who.reference,
      },
    });
    return transactionId;
  }

  /** Appends to the audit log in the ledger's transaction, when the service has one and the caller said who. */
  private async audited(trx: Kysely<Database>, who: Who, record: AuditRecord): Promise<void> {
    if (this.audit === null) return;
    await this.audit.append(
      trx,
      { actor: who.actor, role: who.role ?? 'service', requestId: who.requestId ?? 'none' },
      record,
    );
  }

  private async requireHold(executor: Kysely<Database>, holdId: string): Promise<HoldRow> {
    const hold = await this.repository.findHold(executor, holdId);
    if (hold === undefined) throw holdNotFound(holdId);
    return hold;
  }

  /**
   * Two identical requests at the same moment: one writes, the other hits the unique idempotency key
   * and rolls back; asked again, it finds the first one's transaction and answers `replayed`.
   */
  private async onceOnly<T>(attempt: () => Promise<T>): Promise<T> {
    try {
      return await attempt();
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      return attempt();
    }
  }

  private poolKey(request: CreatePoolRequest): PoolKey {
    const line = oneOf(PROGRAMME_LINES, request.line, 'line');
    const source = oneOf(FUNDING_SOURCES, request.source, 'source');
    const county = request.county;
    if (typeof county !== 'string' || !COUNTY_PATTERN.test(county)) {
      throw invalid('county', 'county must be an implementing-unit id (lower case, digits, hyphens) or "city"');
    }
    if (this.counties !== null && county !== CITY_WIDE && !this.counties.has(county)) {
      throw invalid('county', `county "${county}" is not an implementing unit of the plan`);
    }
    return { line, county, source };
  }

  private context(context: LedgerContext): Who {
    return {
      actor: requireText(context?.actor, 'actor', 200),
      reference: optionalText(context?.reference, 'reference'),
      ...(context.role === undefined ? {} : { role: context.role }),
      ...(context.requestId === undefined ? {} : { requestId: context.requestId }),
    };
  }

  private moment(): Moment {
    const now = this.now();
    return { iso: now.toISOString(), bookedOn: businessDate(now) };
  }
}
