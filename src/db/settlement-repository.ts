/**
 * Settlement batches in the database: the queue of redemptions past their return window, batches with
 * their lines, reviews and payment results, and the clawbacks netted in them. Every method takes the
 * executor it runs on; a redemption joins a batch only while it is in none (a conditional UPDATE), so
 * two runs at once cannot put one redemption in two batches.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { DialectName } from './database.js';
import { jsonList, jsonRows, jsonValues } from './json-params.js';
import type { Database } from './tables.js';
import type {
  PaymentResultsTable,
  SettlementLinesTable,
  SettlementReviewsTable,
  SettlementsTable,
} from './trade-in-tables.js';
import { redemptionSource, type ClawbackRow, type RedemptionRow } from './trade-in-repository.js';

export type SettlementRow = Selectable<SettlementsTable>;
/** A new batch: its line counts are worked out from its lines as they are written. */
export type NewSettlement = Omit<SettlementRow, 'redemption_count' | 'flagged_count'>;

/** A line the batch's redemption count counts: a redemption or voucher line not held out. */
const countsAsRedemption = (line: Pick<SettlementLineRow, 'kind' | 'held_out'>) =>
  line.kind !== 'clawback' && line.held_out === 0;

/** What building a batch reads of a redemption: its line's amount, its group, and what the risk flags look at. */
export const SALE_COLUMNS = [
  'id',
  'merchant_id',
  'unit_id',
  'line',
  'category',
  'model',
  'citizen_id',
  'device_id',
  'final_price_fen',
  'subsidy_fen',
  'day',
  'created_at',
] as const satisfies readonly (keyof RedemptionRow)[];
export type SaleRow = Pick<RedemptionRow, (typeof SALE_COLUMNS)[number]>;
/** A look-back row: with what says whether it waits for a batch. */
export type LookBackRow = SaleRow & Pick<RedemptionRow, 'settlement_id' | 'state'>;

/** The states of a redemption that waits for settlement (not returned in full). */
const QUEUED_STATES: ReadonlySet<string> = new Set(['redeemed', 'partially_returned', 'settled']);

/**
 * The redemptions waiting for a batch among rows read by `redemptionsBetween`: in none, not returned in
 * full, sold from `from` to `to` and on or before `lastDay` (past the return window), of `unitId` when
 * given; by merchant, unit, time and id (code-unit order: the same on both databases).
 */
export function queueOf<T extends LookBackRow>(
  rows: readonly T[],
  period: { from: string; to: string; lastDay: string; unitId?: string | undefined },
): T[] {
  const until = period.lastDay < period.to ? period.lastDay : period.to;
  const order = (x: string, y: string) => (x === y ? 0 : x < y ? -1 : 1);
  return rows
    .filter(
      (row) =>
        row.settlement_id === null &&
        QUEUED_STATES.has(row.state) &&
        row.day >= period.from &&
        row.day <= until &&
        (period.unitId === undefined || row.unit_id === period.unitId),
    )
    .sort(
      (a, b) =>
        order(a.merchant_id, b.merchant_id) ||
        order(a.unit_id, b.unit_id) ||
        order(a.created_at, b.created_at) ||
        order(a.id, b.id),
    );
}
export type SettlementLineRow = Selectable<SettlementLinesTable>;
/** A line as a review reads it. */
export type ReviewLine = Pick<SettlementLineRow, 'item_id' | 'kind' | 'held_out' | 'amount_fen'>;
export type SettlementReviewRow = Selectable<SettlementReviewsTable>;
export type PaymentResultRow = Selectable<PaymentResultsTable>;

const LINE_COLUMNS = [
  'settlement_id',
  'item_id',
  'kind',
  'redemption_id',
  'amount_fen',
  'held_out',
  'held_out_reason',
  'flags',
] as const satisfies readonly (keyof SettlementLineRow)[];
/** SQLite page cache for a batch's transaction, KiB (pragma cache_size −N). */
const BATCH_CACHE_KIB = 262_144;
/** Lines per insert statement (one JSON parameter). */
const LINE_CHUNK = 10_000;

/** Rows per multi-row statement: well inside SQLite's and PostgreSQL's parameter limits. */
const CHUNK = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let index = 0; index < items.length; index += CHUNK) out.push(items.slice(index, index + CHUNK));
  return out;
}

export interface SettlementFilter {
  readonly state?: string;
  readonly unitIds?: readonly string[];
  readonly merchantIds?: readonly string[];
  readonly offset: number;
  readonly limit: number;
}

export class SettlementRepository {
  constructor(
    readonly db: Kysely<Database>,
    readonly dialect: DialectName,
  ) {}

  /**
   * SQLite: runs `work` (a batch's one write transaction: 100,000 lines, or every hold of them committed)
   * with a page cache of BATCH_CACHE_KIB on the connection, and gives the connection its own size back
   * after. With the default 2 MiB such a transaction spills dirty pages into the WAL again and again
   * before it commits. PostgreSQL: just `work`.
   */
  async withBatchCache<T>(work: () => Promise<T>): Promise<T> {
    if (this.dialect !== 'sqlite') return work();
    const found = await sql<{ cache_size: number }>`pragma cache_size`.execute(this.db);
    const before = Number(found.rows[0]?.cache_size ?? -2000);
    await sql.raw(`pragma cache_size = ${-BATCH_CACHE_KIB}`).execute(this.db);
    try {
      return await work();
    } finally {
      await sql.raw(`pragma cache_size = ${Math.trunc(before)}`).execute(this.db);
    }
  }

  /** Merchants' names by id, read on the given executor (inside a write transaction: its own). */
  async merchantNames(ids: readonly string[], executor: Kysely<Database> = this.db): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await executor.selectFrom('merchants').select(['id', 'name']).where('id', 'in', ids).execute();
    return new Map(rows.map((row) => [row.id, row.name]));
  }

  /** Clawbacks not yet netted in any batch. */
  openClawbacks(trx: Kysely<Database>, unitId?: string): Promise<ClawbackRow[]> {
    let query = trx.selectFrom('trade_in_clawbacks').selectAll().where('settlement_id', 'is', null);
    if (unitId !== undefined) query = query.where('unit_id', '=', unitId);
    return query.orderBy('created_at').orderBy('id').execute();
  }

  /**
   * Redemptions sold from `from` to `to`: the flag checks' look-back window (prices, devices, bursts, units
   * per day), which also holds the period's queue (`queueOf`), so a run reads the rows once.
   */
  redemptionsBetween(trx: Kysely<Database>, from: string, to: string): Promise<LookBackRow[]> {
    return redemptionSource(trx)
      .select(SALE_COLUMNS.map((column) => `r.${column}` as const))
      .select(['s.settlement_id', 'r.state'])
      .where('r.day', '>=', from)
      .where('r.day', '<=', to)
      .execute();
  }

  /** Clawbacks (returns after settlement) created since `sinceIso`, per merchant. */
  async clawbackCounts(trx: Kysely<Database>, sinceIso: string): Promise<Map<string, number>> {
    const rows = await trx
      .selectFrom('trade_in_clawbacks')
      .select(['merchant_id', (eb) => eb.fn.countAll<number>().as('count')])
      .where('created_at', '>=', sinceIso)
      .groupBy('merchant_id')
      .execute();
    return new Map(rows.map((row) => [row.merchant_id, Number(row.count)]));
  }

  /** A new batch with its lines; its counts, worked out from the lines and written with it. */
  async insertSettlement(
    trx: Kysely<Database>,
    row: NewSettlement,
    lines: readonly SettlementLineRow[],
  ): Promise<Pick<SettlementRow, 'redemption_count' | 'flagged_count'>> {
    const counts = {
      redemption_count: lines.filter(countsAsRedemption).length,
      flagged_count: lines.filter((line) => line.flags !== '[]').length,
    };
    await trx
      .insertInto('settlements')
      .values({ ...row, ...counts })
      .execute();
    // Lines as JSON parameters of LINE_CHUNK rows each (constant statement text; a 500-row VALUES list
    // of 4,000 placeholders cost more to build and prepare than to run).
    for (let start = 0; start < lines.length; start += LINE_CHUNK) {
      const rows = JSON.stringify(
        lines.slice(start, start + LINE_CHUNK).map((line) => LINE_COLUMNS.map((column) => line[column])),
      );
      const values = LINE_COLUMNS.map((column, index) => {
        const value = sql`v.value ->> ${sql.raw(String(index))}`;
        return this.dialect === 'postgres' && (column === 'amount_fen' || column === 'held_out')
          ? sql`cast(${value} as bigint)`
          : value;
      });
      const source = jsonRows(this.dialect, rows);
      await sql`insert into settlement_lines (${sql.join(LINE_COLUMNS.map((column) => sql.ref(column)))})
        select ${sql.join(values)} from ${source}`.execute(trx);
    }
    return counts;
  }

  /**
   * Puts redemptions into a batch, in one statement (the ids as one JSON parameter): a settlement row
   * each, or the batch written into the row of one given back to the queue before; the number taken
   * (fewer than asked: another run took some). The sale rows themselves are not written.
   */
  async claimRedemptions(trx: Kysely<Database>, ids: readonly string[], settlementId: string): Promise<number> {
    if (ids.length === 0) return 0;
    // `where true`: SQLite's parser needs it between an INSERT's SELECT and its ON CONFLICT.
    const result = await sql`insert into trade_in_redemption_settlement (redemption_id, settlement_id, committed)
      select l.value, ${settlementId}, 0 from ${jsonValues(this.dialect, ids)} where true
      on conflict (redemption_id) do update set settlement_id = excluded.settlement_id
      where trade_in_redemption_settlement.settlement_id is null`.execute(trx);
    return Number(result.numAffectedRows ?? 0);
  }

  async claimClawbacks(trx: Kysely<Database>, ids: readonly string[], settlementId: string): Promise<number> {
    let taken = 0;
    for (const part of chunks(ids)) {
      const result = await trx
        .updateTable('trade_in_clawbacks')
        .set({ settlement_id: settlementId })
        .where('id', 'in', part)
        .where('settlement_id', 'is', null)
        .executeTakeFirst();
      taken += Number(result.numUpdatedRows);
    }
    return taken;
  }

  find(id: string, executor: Kysely<Database> = this.db): Promise<SettlementRow | undefined> {
    return executor.selectFrom('settlements').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findByReference(reference: string, executor: Kysely<Database> = this.db): Promise<SettlementRow | undefined> {
    return executor.selectFrom('settlements').selectAll().where('reference', '=', reference).executeTakeFirst();
  }

  lines(id: string, executor: Kysely<Database> = this.db): Promise<SettlementLineRow[]> {
    return executor
      .selectFrom('settlement_lines')
      .selectAll()
      .where('settlement_id', '=', id)
      .orderBy('kind', 'desc')
      .orderBy('item_id')
      .execute();
  }

  /** What a review needs of a batch's lines (to check what is held out, and to commit): no flags. */
  reviewLines(id: string, executor: Kysely<Database> = this.db): Promise<ReviewLine[]> {
    return executor
      .selectFrom('settlement_lines')
      .select(['item_id', 'kind', 'held_out', 'amount_fen'])
      .where('settlement_id', '=', id)
      .execute();
  }

  /**
   * The lines a payout file lists (those not held out), with only what it shows of them, in the order of
   * `lines`: by kind (vouchers, redemptions, then clawbacks), then item. Read in the primary key's order
   * and put in kind order here, so the database does not sort 100,000 rows.
   */
  async payoutLines(
    id: string,
    executor: Kysely<Database> = this.db,
  ): Promise<Pick<SettlementLineRow, 'item_id' | 'kind' | 'redemption_id' | 'amount_fen'>[]> {
    const rows = await executor
      .selectFrom('settlement_lines')
      .select(['item_id', 'kind', 'redemption_id', 'amount_fen'])
      .where('settlement_id', '=', id)
      .where('held_out', '=', 0)
      .orderBy('item_id')
      .execute();
    const kinds = ['voucher', 'redemption', 'clawback'] as const;
    return kinds.flatMap((kind) => rows.filter((row) => row.kind === kind));
  }

  reviews(id: string, executor: Kysely<Database> = this.db): Promise<SettlementReviewRow[]> {
    return executor
      .selectFrom('settlement_reviews')
      .selectAll()
      .where('settlement_id', '=', id)
      .orderBy('sequence')
      .execute();
  }

  async list(filter: SettlementFilter): Promise<{ rows: SettlementRow[]; total: number }> {
    let query = this.db.selectFrom('settlements');
    if (filter.state !== undefined) query = query.where('state', '=', filter.state as SettlementRow['state']);
    if (filter.unitIds !== undefined) {
      if (filter.unitIds.length === 0) return { rows: [], total: 0 };
      query = query.where('unit_id', 'in', filter.unitIds);
    }
    if (filter.merchantIds !== undefined) {
      if (filter.merchantIds.length === 0) return { rows: [], total: 0 };
      query = query.where('merchant_id', 'in', filter.merchantIds);
    }
    const rows = await query
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .offset(filter.offset)
      .limit(filter.limit)
      .execute();
    const total = await query.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    return { rows, total: Number(total.count) };
  }

  /** Moves a batch on from (state, stage) to a new one; false when another review came first. */
  async advance(
    trx: Kysely<Database>,
    settlement: SettlementRow,
    change: Partial<
      Pick<SettlementRow, 'state' | 'stage_index' | 'approved_at' | 'gross_fen' | 'clawback_fen' | 'paid_fen'>
    >,
  ): Promise<boolean> {
    const result = await trx
      .updateTable('settlements')
      .set(change)
      .where('id', '=', settlement.id)
      .where('state', '=', settlement.state)
      .where('stage_index', '=', settlement.stage_index)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async addReview(trx: Kysely<Database>, row: SettlementReviewRow): Promise<void> {
    await trx.insertInto('settlement_reviews').values(row).execute();
  }

  async holdOut(
    trx: Kysely<Database>,
    settlementId: string,
    itemIds: readonly string[],
    reason: (id: string) => string,
  ): Promise<void> {
    let heldOut = 0;
    for (const id of itemIds) {
      const result = await trx
        .updateTable('settlement_lines')
        .set({ held_out: 1, held_out_reason: reason(id) })
        .where('settlement_id', '=', settlementId)
        .where('item_id', '=', id)
        .where('kind', '<>', 'clawback')
        .where('held_out', '=', 0)
        .executeTakeFirst();
      heldOut += Number(result.numUpdatedRows);
    }
    await this.lowerRedemptionCount(trx, settlementId, heldOut);
    for (const part of chunks(itemIds)) {
      await trx
        .updateTable('trade_in_redemption_settlement')
        .set({ settlement_id: null })
        .where('redemption_id', 'in', part)
        .where('settlement_id', '=', settlementId)
        .execute();
      await trx
        .updateTable('voucher_redemptions')
        .set({ settlement_id: null })
        .where('id', 'in', part)
        .where('settlement_id', '=', settlementId)
        .execute();
    }
  }

  /** A batch's redemption count after `lines` of it were held out. */
  async lowerRedemptionCount(trx: Kysely<Database>, settlementId: string, lines: number): Promise<void> {
    if (lines === 0) return;
    await trx
      .updateTable('settlements')
      .set((eb) => ({ redemption_count: eb('redemption_count', '-', lines) }))
      .where('id', '=', settlementId)
      .execute();
  }

  /** Gives every redemption and clawback of a batch back to the queue (a rejection, a failed payment). */
  async releaseAll(trx: Kysely<Database>, settlementId: string): Promise<void> {
    await trx
      .updateTable('trade_in_redemption_settlement')
      .set({ settlement_id: null })
      .where('settlement_id', '=', settlementId)
      .execute();
    await trx
      .updateTable('voucher_redemptions')
      .set({ settlement_id: null })
      .where('settlement_id', '=', settlementId)
      .execute();
    await trx
      .updateTable('voucher_clawbacks')
      .set({ settlement_id: null })
      .where('settlement_id', '=', settlementId)
      .execute();
    await trx
      .updateTable('trade_in_clawbacks')
      .set({ settlement_id: null })
      .where('settlement_id', '=', settlementId)
      .execute();
  }

  /** Final approval: these redemptions' holds are committed (they read as settled from now on). */
  async markCommitted(trx: Kysely<Database>, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await trx
      .updateTable('trade_in_redemption_settlement')
      .set({ committed: 1 })
      .where('redemption_id', 'in', jsonList(this.dialect, ids))
      .execute();
  }

  async addPaymentResult(trx: Kysely<Database>, row: PaymentResultRow): Promise<void> {
    await trx.insertInto('payment_results').values(row).execute();
  }

  paymentResults(id: string): Promise<PaymentResultRow[]> {
    return this.db
      .selectFrom('payment_results')
      .selectAll()
      .where('settlement_id', '=', id)
      .orderBy('sequence')
      .execute();
  }
}
