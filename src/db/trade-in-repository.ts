/**
 * Trade-in in the database: memberships and credit listings, qualifications and their daily release,
 * the goods register, redemptions with their funding shares, returns and clawbacks. Every method takes
 * the executor it runs on; decisions are conditional UPDATEs and inserts that conflict, never a read
 * followed by a write that trusts it.
 */
import { sql, type Kysely, type RawBuilder, type Selectable } from 'kysely';
import type { DialectName } from './database.js';
import { jsonList, jsonRows, jsonValues } from './json-params.js';
import { batchedById, batchedRead } from './read-batch.js';
import type { Database } from './tables.js';
import type {
  CreditListingsTable,
  TradeInClawbacksTable,
  TradeInMembershipsTable,
  TradeInQualificationsTable,
  TradeInRedemptionSharesTable,
  TradeInRedemptionsTable,
  TradeInReleasesTable,
  TradeInReturnsTable,
} from './trade-in-tables.js';

export type MembershipRow = Selectable<TradeInMembershipsTable>;
export type CreditListingRow = Selectable<CreditListingsTable>;
export type QualificationRow = Selectable<TradeInQualificationsTable>;
export type ReleaseRow = Selectable<TradeInReleasesTable>;
/** A sale's row as written (its settlement state is in `trade_in_redemption_settlement`). */
export type SaleRecord = Selectable<TradeInRedemptionsTable>;
/**
 * A redemption as read: the sale's row, its settlement state (the batch it is in, whether its holds are
 * committed) and the state it reads as: settled while committed and not returned in full.
 */
export type RedemptionRow = SaleRecord & { settlement_id: string | null; committed: number };
export type ShareRow = Selectable<TradeInRedemptionSharesTable>;
export type ReturnRow = Selectable<TradeInReturnsTable>;
export type ClawbackRow = Selectable<TradeInClawbacksTable>;

export interface RedemptionFilter {
  readonly merchantIds?: readonly string[];
  readonly unitIds?: readonly string[];
  readonly citizenId?: string;
  readonly line?: string;
  readonly state?: string;
  readonly from?: string;
  readonly to?: string;
  readonly offset: number;
  readonly limit: number;
}

/** Rows of a figures query: one per key. */
export interface FigureSum {
  key: string;
  units: number;
  subsidyFen: number;
  paidFen: number;
  salesFen: number;
}

/** Ids per `in (…)` list: well inside SQLite's and PostgreSQL's parameter limits. */
function chunked<T>(items: readonly T[], size = 500): T[][] {
  const parts: T[][] = [];
  for (let index = 0; index < items.length; index += size) parts.push(items.slice(index, index + size));
  return parts;
}

/** A redemption as the engine's quota history reads it (only these columns). */
export type GrantRow = Pick<RedemptionRow, 'citizen_id' | 'line' | 'category' | 'subsidy_fen' | 'day' | 'state'>;

/** A qualification as a checkout batch decides on it. */
export type QualificationState = Pick<QualificationRow, 'id' | 'state' | 'valid_until'>;

/** One use of a qualification by a redemption of a checkout batch. */
export interface QualificationUse {
  readonly id: string;
  readonly redemptionId: string;
  readonly at: string;
}

type ColumnType = 'text' | 'bigint' | 'integer';

const REDEMPTION_COLUMNS = [
  ['id', 'text'],
  ['qualification_id', 'text'],
  ['citizen_id', 'text'],
  ['merchant_id', 'text'],
  ['unit_id', 'text'],
  ['line', 'text'],
  ['category', 'text'],
  ['model', 'text'],
  ['serial_number', 'text'],
  ['goods_key', 'text'],
  ['efficiency_grade', 'integer'],
  ['final_price_fen', 'bigint'],
  ['subsidy_fen', 'bigint'],
  ['returned_price_fen', 'bigint'],
  ['invoice_number', 'text'],
  ['invoice_buyer_cipher', 'text'],
  ['explanation', 'text'],
  ['explanation_en', 'text'],
  ['clause', 'text'],
  ['parameter_version', 'text'],
  ['plan_version_id', 'text'],
  ['state', 'text'],
  ['cashier_id', 'text'],
  ['device_id', 'text'],
  ['day', 'text'],
  ['created_at', 'text'],
] as const satisfies readonly (readonly [keyof SaleRecord, ColumnType])[];

/** The sale's columns a read of redemptions selects as they are (`state` is read through the settlement row). */
const SALE_SELECTION = REDEMPTION_COLUMNS.filter(([column]) => column !== 'state').map(
  ([column]) => `r.${column}` as const,
);

/** The state a redemption reads as (`r` its sale row, `s` its settlement row, left-joined). */
export const READ_STATE = sql<RedemptionRow['state']>`case when s.committed = 1 and r.state <> 'returned'
  then 'settled' else r.state end`;

/** The sale rows (`r`) beside their settlement rows (`s`), nothing selected yet. */
export function redemptionSource(executor: Kysely<Database>) {
  return executor
    .selectFrom('trade_in_redemptions as r')
    .leftJoin('trade_in_redemption_settlement as s', 's.redemption_id', 'r.id');
}

/** What a RedemptionRow holds beside the sale's own columns. */
const SETTLEMENT_SELECTION = [
  's.settlement_id',
  sql<number>`coalesce(s.committed, 0)`.as('committed'),
  READ_STATE.as('state'),
] as const;

/** Redemptions with their settlement state: every read that answers with a RedemptionRow. */
function redemptionsOn(executor: Kysely<Database>) {
  return redemptionSource(executor).select(SALE_SELECTION).select(SETTLEMENT_SELECTION);
}

const SHARE_COLUMNS = [
  ['redemption_id', 'text'],
  ['source', 'text'],
  ['pool_id', 'text'],
  ['hold_id', 'text'],
  ['amount_fen', 'bigint'],
] as const satisfies readonly (readonly [keyof ShareRow, ColumnType])[];

const GOODS_COLUMNS = [
  ['goods_key', 'text'],
  ['subject', 'text'],
  ['created_at', 'text'],
] as const;

const sumOf = (expression: ReturnType<typeof sql>) => sql<number>`cast(coalesce(sum(${expression}), 0) as bigint)`;

export class TradeInRepository {
  /** The till's hot reads outside transactions, batched per turn (read-batch.ts). */
  readonly #qualification: (id: string) => Promise<QualificationRow | undefined>;
  readonly #memberships: (merchantId: string) => Promise<MembershipRow[] | undefined>;

  constructor(
    readonly db: Kysely<Database>,
    readonly dialect: DialectName,
  ) {
    this.#qualification = batchedById((ids) =>
      db.selectFrom('trade_in_qualifications').selectAll().where('id', 'in', jsonList(dialect, ids)).execute(),
    );
    this.#memberships = batchedRead({
      many: async (merchantIds) => {
        const byMerchant = new Map<string, MembershipRow[]>();
        for (const row of await this.membershipRows([...new Set(merchantIds)], db)) {
          const rows = byMerchant.get(row.merchant_id);
          if (rows === undefined) byMerchant.set(row.merchant_id, [row]);
          else rows.push(row);
        }
        return byMerchant;
      },
      keyOf: (merchantId) => merchantId,
    });
  }

  // ------------------------------------------------------------------------------ memberships

  async insertMembership(trx: Kysely<Database>, row: MembershipRow): Promise<void> {
    await trx.insertInto('trade_in_memberships').values(row).execute();
  }

  findMembership(id: string, executor: Kysely<Database> = this.db): Promise<MembershipRow | undefined> {
    return executor.selectFrom('trade_in_memberships').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The merchants' memberships, newest first (one merchant's, outside a transaction, batched per turn). */
  async membershipsOf(merchantIds: readonly string[], executor: Kysely<Database> = this.db): Promise<MembershipRow[]> {
    if (merchantIds.length === 0) return [];
    const [only] = merchantIds;
    if (merchantIds.length === 1 && only !== undefined && executor === this.db) {
      return (await this.#memberships(only)) ?? [];
    }
    return this.membershipRows(merchantIds, executor);
  }

  private membershipRows(merchantIds: readonly string[], executor: Kysely<Database>): Promise<MembershipRow[]> {
    return executor
      .selectFrom('trade_in_memberships')
      .selectAll()
      .where('merchant_id', 'in', merchantIds)
      .orderBy('created_at', 'desc')
      .execute();
  }

  async listMemberships(filter: { state?: string; offset: number; limit: number }): Promise<{
    rows: MembershipRow[];
    total: number;
  }> {
    let query = this.db.selectFrom('trade_in_memberships');
    if (filter.state !== undefined) query = query.where('state', '=', filter.state as MembershipRow['state']);
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

  /** Decides a membership still in `from`; false when another decision came first. */
  async decideMembership(
    trx: Kysely<Database>,
    id: string,
    from: readonly MembershipRow['state'][],
    change: { state: MembershipRow['state']; reason: string | null; decided_by: string; decided_at: string },
  ): Promise<boolean> {
    const result = await trx
      .updateTable('trade_in_memberships')
      .set(change)
      .where('id', '=', id)
      .where('state', 'in', from)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async suspendMembershipsOf(
    trx: Kysely<Database>,
    merchantIds: readonly string[],
    reason: string,
    by: string,
    at: string,
  ): Promise<number> {
    if (merchantIds.length === 0) return 0;
    const result = await trx
      .updateTable('trade_in_memberships')
      .set({ state: 'suspended', reason, decided_by: by, decided_at: at })
      .where('merchant_id', 'in', merchantIds)
      .where('state', 'in', ['approved', 'applied'])
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async upsertCreditListing(trx: Kysely<Database>, row: CreditListingRow): Promise<void> {
    await trx
      .insertInto('credit_listings')
      .values(row)
      .onConflict((conflict) =>
        conflict.columns(['credit_code', 'list', 'listed_on']).doUpdateSet({
          removed_on: row.removed_on,
          source: row.source,
          recorded_by: row.recorded_by,
          recorded_at: row.recorded_at,
        }),
      )
      .execute();
  }

  creditListings(creditCodes: readonly string[], executor: Kysely<Database> = this.db): Promise<CreditListingRow[]> {
    let query = executor.selectFrom('credit_listings').selectAll();
    if (creditCodes.length > 0) query = query.where('credit_code', 'in', creditCodes);
    return query.orderBy('recorded_at', 'desc').limit(1000).execute();
  }

  /**
   * Serialises decisions about one holder until the transaction ends (PostgreSQL: a row lock on the
   * shared quota_locks table; SQLite: BEGIN IMMEDIATE already runs the transaction alone).
   */
  async lockHolder(trx: Kysely<Database>, holder: string): Promise<void> {
    await trx
      .insertInto('quota_locks')
      .values({ holder })
      .onConflict((conflict) => conflict.column('holder').doNothing())
      .execute();
    if (this.dialect === 'postgres') {
      await trx.selectFrom('quota_locks').select('holder').where('holder', '=', holder).forUpdate().execute();
    }
  }

  /**
   * lockHolder for every holder of a checkout batch at once, in one order (sorted), so that two
   * batches, or a batch and a single checkout, never wait on each other's holders crosswise.
   */
  async lockHolders(trx: Kysely<Database>, holders: readonly string[]): Promise<void> {
    if (holders.length === 0) return;
    const sorted = [...new Set(holders)].sort();
    // `where true`: SQLite reads an ON CONFLICT after a bare SELECT's FROM as a join's constraint.
    await sql`insert into quota_locks (holder) select value from ${jsonValues(this.dialect, sorted)} where true
      on conflict (holder) do nothing`.execute(trx);
    if (this.dialect === 'postgres') {
      await sql`select holder from quota_locks where holder in (select value from ${jsonValues(this.dialect, sorted)})
        order by holder for update`.execute(trx);
    }
  }

  /** What a checkout batch reads under its holder locks: the qualifications' states now. */
  async qualificationStates(trx: Kysely<Database>, ids: readonly string[]): Promise<QualificationState[]> {
    if (ids.length === 0) return [];
    const result = await sql<QualificationState>`select id, state, valid_until from trade_in_qualifications
      where id in (select value from ${jsonValues(this.dialect, ids)})`.execute(trx);
    return result.rows;
  }

  /**
   * Marks each qualification used by its redemption, each only while active and unexpired at its
   * checkout's time (one statement for a batch); returns how many changed.
   */
  async useQualifications(trx: Kysely<Database>, uses: readonly QualificationUse[]): Promise<number> {
    if (uses.length === 0) return 0;
    const rows = JSON.stringify(uses.map((use) => [use.id, use.redemptionId, use.at]));
    const result = await sql<{ id: string }>`update trade_in_qualifications
      set state = 'used', used_at = v.value ->> 2, redemption_id = v.value ->> 1
      from ${jsonRows(this.dialect, rows)}
      where trade_in_qualifications.id = v.value ->> 0 and trade_in_qualifications.state = 'active'
        and trade_in_qualifications.valid_until > v.value ->> 2
      returning trade_in_qualifications.id`.execute(trx);
    return result.rows.length;
  }

  // ---------------------------------------------------------------------------- qualifications

  findRelease(line: string, day: string, executor: Kysely<Database> = this.db): Promise<ReleaseRow | undefined> {
    return executor
      .selectFrom('trade_in_releases')
      .selectAll()
      .where('line', '=', line)
      .where('day', '=', day)
      .executeTakeFirst();
  }

  /** The day's release of a line, created once: the first claim of the day fixes its number. */
  async ensureRelease(trx: Kysely<Database>, row: ReleaseRow): Promise<ReleaseRow> {
    await trx
      .insertInto('trade_in_releases')
      .values(row)
      .onConflict((conflict) => conflict.columns(['line', 'day']).doNothing())
      .execute();
    const stored = await this.findRelease(row.line, row.day, trx);
    if (stored === undefined) throw new Error(`release ${row.line} ${row.day} vanished`);
    return stored;
  }

  /** Takes one qualification from the day's release; false when none is left (the CHECK also guards it). */
  async takeFromRelease(trx: Kysely<Database>, line: string, day: string): Promise<boolean> {
    const result = await trx
      .updateTable('trade_in_releases')
      .set((eb) => ({ claimed: eb('claimed', '+', 1) }))
      .where('line', '=', line)
      .where('day', '=', day)
      .whereRef('claimed', '<', 'released')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Used and still valid qualifications of a citizen in a category and year: what the quota counts. */
  async countingQualifications(
    trx: Kysely<Database>,
    citizenId: string,
    category: string,
    year: number,
    nowIso: string,
  ): Promise<QualificationRow[]> {
    return trx
      .selectFrom('trade_in_qualifications')
      .selectAll()
      .where('citizen_id', '=', citizenId)
      .where('category', '=', category)
      .where('year', '=', year)
      .where((eb) =>
        eb.or([eb('state', '=', 'used'), eb.and([eb('state', '=', 'active'), eb('valid_until', '>', nowIso)])]),
      )
      .execute();
  }

  async insertQualification(trx: Kysely<Database>, row: QualificationRow): Promise<void> {
    await trx.insertInto('trade_in_qualifications').values(row).execute();
  }

  findQualification(id: string, executor: Kysely<Database> = this.db): Promise<QualificationRow | undefined> {
    if (executor === this.db) return this.#qualification(id);
    return executor.selectFrom('trade_in_qualifications').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findQualificationByShortCode(code: string): Promise<QualificationRow | undefined> {
    return this.db.selectFrom('trade_in_qualifications').selectAll().where('short_code', '=', code).executeTakeFirst();
  }

  qualificationsOf(citizenId: string): Promise<QualificationRow[]> {
    return this.db
      .selectFrom('trade_in_qualifications')
      .selectAll()
      .where('citizen_id', '=', citizenId)
      .orderBy('claimed_at', 'desc')
      .limit(200)
      .execute();
  }

  /** Marks an active, unexpired qualification used by a redemption; false when it is not (any more). */
  async useQualification(trx: Kysely<Database>, id: string, redemptionId: string, nowIso: string): Promise<boolean> {
    const result = await trx
      .updateTable('trade_in_qualifications')
      .set({ state: 'used', used_at: nowIso, redemption_id: redemptionId })
      .where('id', '=', id)
      .where('state', '=', 'active')
      .where('valid_until', '>', nowIso)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async restoreQualification(trx: Kysely<Database>, id: string): Promise<void> {
    await trx.updateTable('trade_in_qualifications').set({ state: 'expired' }).where('id', '=', id).execute();
  }

  // ------------------------------------------------------------------------------------- goods

  /** Registers goods as subsidised; false when the key is already registered (by anyone). */
  async registerGoods(trx: Kysely<Database>, goodsKey: string, subject: string, at: string): Promise<boolean> {
    const inserted = await trx
      .insertInto('subsidised_goods')
      .values({ goods_key: goodsKey, subject, created_at: at })
      .onConflict((conflict) => conflict.column('goods_key').doNothing())
      .returning('goods_key')
      .executeTakeFirst();
    return inserted !== undefined;
  }

  /** Which of these goods keys are registered already. */
  async registeredGoods(trx: Kysely<Database>, goodsKeys: readonly string[]): Promise<Set<string>> {
    if (goodsKeys.length === 0) return new Set();
    const result = await sql<{ goods_key: string }>`select goods_key from subsidised_goods
      where goods_key in (select value from ${jsonValues(this.dialect, goodsKeys)})`.execute(trx);
    return new Set(result.rows.map((row) => row.goods_key));
  }

  /** registerGoods for a batch in one statement; returns how many were registered (the others were taken). */
  async registerGoodsMany(
    trx: Kysely<Database>,
    rows: readonly { goods_key: string; subject: string; created_at: string }[],
  ): Promise<number> {
    if (rows.length === 0) return 0;
    const json = JSON.stringify(rows.map((row) => GOODS_COLUMNS.map(([column]) => row[column])));
    const result = await sql<{ goods_key: string }>`insert into subsidised_goods (goods_key, subject, created_at)
      ${this.selectRows(json, GOODS_COLUMNS)} where true
      on conflict (goods_key) do nothing
      returning goods_key`.execute(trx);
    return result.rows.length;
  }

  /** Takes goods off the register that `subject` put there (a claim rejected after its hold). */
  async releaseGoods(trx: Kysely<Database>, subject: string): Promise<void> {
    await trx.deleteFrom('subsidised_goods').where('subject', '=', subject).execute();
  }

  async goodsSubject(goodsKey: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('subsidised_goods')
      .select('subject')
      .where('goods_key', '=', goodsKey)
      .executeTakeFirst();
    return row?.subject;
  }

  // ------------------------------------------------------------------------------- redemptions

  async invoiceUsed(trx: Kysely<Database>, merchantId: string, invoiceNumber: string): Promise<boolean> {
    const row = await trx
      .selectFrom('trade_in_redemptions')
      .select('id')
      .where('merchant_id', '=', merchantId)
      .where('invoice_number', '=', invoiceNumber)
      .executeTakeFirst();
    return row !== undefined;
  }

  async insertRedemption(trx: Kysely<Database>, row: RedemptionRow, shares: readonly ShareRow[]): Promise<void> {
    const sale = Object.fromEntries(REDEMPTION_COLUMNS.map(([column]) => [column, row[column]])) as SaleRecord;
    await trx.insertInto('trade_in_redemptions').values(sale).execute();
    if (shares.length > 0)
      await trx
        .insertInto('trade_in_redemption_shares')
        .values([...shares])
        .execute();
  }

  /** Which of these merchants' invoice numbers already carry a subsidy (`merchant id`, tab, `number`). */
  async invoicesUsed(
    trx: Kysely<Database>,
    invoices: readonly { merchantId: string; number: string }[],
  ): Promise<Set<string>> {
    if (invoices.length === 0) return new Set();
    // Looked up on the unique index (merchant_id, invoice_number), both columns: a number alone is its
    // second column, and `invoice_number in (…)` read the whole table for every batch (it grew with every
    // sale). SQLite searches the index once per pair; PostgreSQL is given both columns' lists (with a pair
    // list it chose a hash join over the whole table), and the pairs not asked for are dropped here.
    const asked = new Set(invoices.map((invoice) => invoiceKey(invoice.merchantId, invoice.number)));
    type Found = { merchant_id: string; invoice_number: string };
    const result =
      this.dialect === 'postgres'
        ? await sql<Found>`select merchant_id, invoice_number from trade_in_redemptions
            where merchant_id = any(${[...new Set(invoices.map((invoice) => invoice.merchantId))]}::text[])
              and invoice_number = any(${[...new Set(invoices.map((invoice) => invoice.number))]}::text[])`.execute(trx)
        : await sql<Found>`select r.merchant_id, r.invoice_number
            from ${jsonRows(this.dialect, JSON.stringify(invoices.map((invoice) => [invoice.merchantId, invoice.number])))}
            join trade_in_redemptions r on r.merchant_id = v.value ->> 0 and r.invoice_number = v.value ->> 1`.execute(
            trx,
          );
    return new Set(
      result.rows.map((row) => invoiceKey(row.merchant_id, row.invoice_number)).filter((key) => asked.has(key)),
    );
  }

  /** The redemptions of several citizens with the columns the engine's quota history reads. */
  async grantsOfCitizens(trx: Kysely<Database>, citizenIds: readonly string[]): Promise<GrantRow[]> {
    if (citizenIds.length === 0) return [];
    const result = await sql<GrantRow>`select citizen_id, line, category, subsidy_fen, day, state
      from trade_in_redemptions
      where citizen_id in (select value from ${jsonValues(this.dialect, [...new Set(citizenIds)])})`.execute(trx);
    return result.rows.map((row) => ({ ...row, subsidy_fen: Number(row.subsidy_fen) }));
  }

  /** The redemptions of a checkout batch and their shares: one statement each, whatever the batch's size. */
  async insertRedemptions(
    trx: Kysely<Database>,
    rows: readonly RedemptionRow[],
    shares: readonly ShareRow[],
  ): Promise<void> {
    if (rows.length === 0) return;
    const redemptions = JSON.stringify(rows.map((row) => REDEMPTION_COLUMNS.map(([column]) => row[column])));
    await sql`insert into trade_in_redemptions (${columnList(REDEMPTION_COLUMNS)})
      ${this.selectRows(redemptions, REDEMPTION_COLUMNS)}`.execute(trx);
    if (shares.length === 0) return;
    const json = JSON.stringify(shares.map((share) => SHARE_COLUMNS.map(([column]) => share[column])));
    await sql`insert into trade_in_redemption_shares (${columnList(SHARE_COLUMNS)})
      ${this.selectRows(json, SHARE_COLUMNS)}`.execute(trx);
  }

  findRedemption(id: string, executor: Kysely<Database> = this.db): Promise<RedemptionRow | undefined> {
    return redemptionsOn(executor).where('r.id', '=', id).executeTakeFirst();
  }

  /** Many redemptions by id, read in chunks (a settlement batch may hold 100,000). */
  async findRedemptions(ids: readonly string[], executor: Kysely<Database> = this.db): Promise<RedemptionRow[]> {
    const rows: RedemptionRow[] = [];
    for (const part of chunked(ids)) {
      rows.push(...(await redemptionsOn(executor).where('r.id', 'in', part).execute()));
    }
    return rows;
  }

  async sharesOf(redemptionIds: readonly string[], executor: Kysely<Database> = this.db): Promise<ShareRow[]> {
    const rows: ShareRow[] = [];
    for (const part of chunked(redemptionIds)) {
      rows.push(
        ...(await executor
          .selectFrom('trade_in_redemption_shares')
          .selectAll()
          .where('redemption_id', 'in', part)
          .orderBy('redemption_id')
          .orderBy('source')
          .execute()),
      );
    }
    return rows;
  }

  /**
   * The funding shares a batch's final approval commits: those of these redemptions not committed before
   * (a line paid before and failed at the bank is not spent twice), in one statement.
   */
  async sharesToCommit(
    redemptionIds: readonly string[],
    executor: Kysely<Database> = this.db,
  ): Promise<Pick<ShareRow, 'redemption_id' | 'hold_id' | 'amount_fen'>[]> {
    if (redemptionIds.length === 0) return [];
    return executor
      .selectFrom('trade_in_redemption_shares as s')
      .leftJoin('trade_in_redemption_settlement as t', 't.redemption_id', 's.redemption_id')
      .select(['s.redemption_id', 's.hold_id', 's.amount_fen'])
      .where('s.redemption_id', 'in', jsonList(this.dialect, redemptionIds))
      .where(sql<number>`coalesce(t.committed, 0)`, '=', 0)
      .orderBy('s.hold_id')
      .execute();
  }

  async setShareAmount(trx: Kysely<Database>, redemptionId: string, source: string, amountFen: number): Promise<void> {
    await trx
      .updateTable('trade_in_redemption_shares')
      .set({ amount_fen: amountFen })
      .where('redemption_id', '=', redemptionId)
      .where('source', '=', source)
      .execute();
  }

  /** Every redemption of a citizen (for the quota history). */
  redemptionsOfCitizen(trx: Kysely<Database>, citizenId: string): Promise<RedemptionRow[]> {
    return redemptionsOn(trx).where('r.citizen_id', '=', citizenId).execute();
  }

  async listRedemptions(filter: RedemptionFilter): Promise<{ rows: RedemptionRow[]; total: number }> {
    let query = redemptionSource(this.db);
    if (filter.merchantIds !== undefined) {
      if (filter.merchantIds.length === 0) return { rows: [], total: 0 };
      query = query.where('r.merchant_id', 'in', filter.merchantIds);
    }
    if (filter.unitIds !== undefined) {
      if (filter.unitIds.length === 0) return { rows: [], total: 0 };
      query = query.where('r.unit_id', 'in', filter.unitIds);
    }
    if (filter.citizenId !== undefined) query = query.where('r.citizen_id', '=', filter.citizenId);
    if (filter.line !== undefined) query = query.where('r.line', '=', filter.line);
    if (filter.state !== undefined) query = query.where(READ_STATE, '=', filter.state as RedemptionRow['state']);
    if (filter.from !== undefined) query = query.where('r.day', '>=', filter.from);
    if (filter.to !== undefined) query = query.where('r.day', '<=', filter.to);
    const rows = await query
      .select(SALE_SELECTION)
      .select(SETTLEMENT_SELECTION)
      .orderBy('r.created_at', 'desc')
      .orderBy('r.id')
      .offset(filter.offset)
      .limit(filter.limit)
      .execute();
    const total = await query.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    return { rows, total: Number(total.count) };
  }

  /**
   * Records a return on a redemption as it was read (its returned amount and its settlement state);
   * false when either changed meanwhile. Its settlement row is taken first (made if it had none, and
   * locked on PostgreSQL), so a batch cannot take the redemption or commit it while the return is written.
   * A return during review takes the line out of its batch: it goes into the next one.
   */
  async recordReturn(
    trx: Kysely<Database>,
    redemption: RedemptionRow,
    change: { state: 'returned' | 'partially_returned'; subsidy_fen: number; returned_price_fen: number },
    row: ReturnRow,
  ): Promise<boolean> {
    await trx
      .insertInto('trade_in_redemption_settlement')
      .values({ redemption_id: redemption.id, settlement_id: null, committed: 0 })
      .onConflict((conflict) => conflict.column('redemption_id').doNothing())
      .execute();
    const query = trx
      .selectFrom('trade_in_redemption_settlement')
      .select(['settlement_id', 'committed'])
      .where('redemption_id', '=', redemption.id);
    const settlement = await (this.dialect === 'postgres' ? query.forUpdate() : query).executeTakeFirst();
    if (settlement?.settlement_id !== redemption.settlement_id || settlement.committed !== redemption.committed) {
      return false;
    }
    const result = await trx
      .updateTable('trade_in_redemptions')
      .set(change)
      .where('id', '=', redemption.id)
      .where('state', '<>', 'returned')
      .where('returned_price_fen', '=', redemption.returned_price_fen)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return false;
    if (redemption.committed === 0 && redemption.settlement_id !== null) {
      await trx
        .updateTable('trade_in_redemption_settlement')
        .set({ settlement_id: null })
        .where('redemption_id', '=', redemption.id)
        .execute();
    }
    await trx.insertInto('trade_in_returns').values(row).execute();
    return true;
  }

  returnsOf(redemptionId: string): Promise<ReturnRow[]> {
    return this.db
      .selectFrom('trade_in_returns')
      .selectAll()
      .where('redemption_id', '=', redemptionId)
      .orderBy('created_at')
      .execute();
  }

  /** Takes a redemption's line out of a batch under review (a return meanwhile); the batch's sum follows. */
  async holdOutOfSettlement(
    trx: Kysely<Database>,
    settlementId: string,
    redemptionId: string,
    reason: string,
  ): Promise<void> {
    const line = await trx
      .selectFrom('settlement_lines')
      .select(['amount_fen', 'held_out'])
      .where('settlement_id', '=', settlementId)
      .where('item_id', '=', redemptionId)
      .executeTakeFirst();
    if (line === undefined || line.held_out === 1) return;
    await trx
      .updateTable('settlement_lines')
      .set({ held_out: 1, held_out_reason: reason })
      .where('settlement_id', '=', settlementId)
      .where('item_id', '=', redemptionId)
      .execute();
    await trx
      .updateTable('settlements')
      .set((eb) => ({
        gross_fen: eb('gross_fen', '-', Number(line.amount_fen)),
        redemption_count: eb('redemption_count', '-', 1),
      }))
      .where('id', '=', settlementId)
      .execute();
  }

  async insertClawback(trx: Kysely<Database>, row: ClawbackRow): Promise<void> {
    await trx.insertInto('trade_in_clawbacks').values(row).execute();
  }

  /** Items sold and not returned in full, of some lines, in a period (and unit). */
  async unitsSold(lines: readonly string[], from: string, to: string, unitId?: string): Promise<number> {
    let query = this.db
      .selectFrom('trade_in_redemptions')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('line', 'in', lines)
      .where('state', '!=', 'returned')
      .where('day', '>=', from)
      .where('day', '<=', to);
    if (unitId !== undefined) query = query.where('unit_id', '=', unitId);
    return Number((await query.executeTakeFirstOrThrow()).count);
  }

  /** Sums by line, category, unit or day over the redemptions of a period. */
  async figures(by: 'line' | 'category' | 'unit' | 'day', from: string, to: string): Promise<FigureSum[]> {
    const column = by === 'unit' ? 'unit_id' : by;
    const key = sql.ref(`r.${column}`);
    const rows = await redemptionSource(this.db)
      .where('r.day', '>=', from)
      .where('r.day', '<=', to)
      .select([
        sql<string>`${key}`.as('key'),
        sumOf(sql`case when r.state = 'returned' then 0 else 1 end`).as('units'),
        sumOf(sql`r.subsidy_fen`).as('subsidyFen'),
        sumOf(sql`case when s.committed = 1 then r.subsidy_fen else 0 end`).as('paidFen'),
        sumOf(sql`r.final_price_fen - r.returned_price_fen`).as('salesFen'),
      ])
      .groupBy(key)
      .orderBy(key)
      .execute();
    return rows.map((row) => ({
      key: row.key,
      units: Number(row.units),
      subsidyFen: Number(row.subsidyFen),
      paidFen: Number(row.paidFen),
      salesFen: Number(row.salesFen),
    }));
  }

  /**
   * `select …` of the rows in a JSON array of arrays, values in `columns`' order: one parameter, so the
   * statement's text is the same for a batch of one and of a hundred (SQLite keeps it prepared).
   */
  private selectRows(rows: string, columns: readonly (readonly [string, ColumnType])[]): RawBuilder<unknown> {
    const values = columns.map(([, type], index) => {
      const value = sql`v.value ->> ${sql.raw(String(index))}`;
      return this.dialect === 'postgres' && type !== 'text' ? sql`cast(${value} as ${sql.raw(type)})` : value;
    });
    return sql`select ${sql.join(values)} from ${jsonRows(this.dialect, rows)}`;
  }
}

/** How a batch names one merchant's invoice. */
export function invoiceKey(merchantId: string, invoiceNumber: string): string {
  return `${merchantId}\t${invoiceNumber}`;
}

function columnList(columns: readonly (readonly [string, ColumnType])[]): RawBuilder<unknown> {
  return sql.join(columns.map(([column]) => sql.ref(column)));
}
