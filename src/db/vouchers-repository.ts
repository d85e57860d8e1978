/**
 * Vouchers in the database: campaigns, rounds, packs claimed, vouchers and redemptions. Every write takes the
 * executor it runs on. Issuing is a conditional UPDATE of the round's counter (`issued < quantity`), redeeming
 * a conditional UPDATE of the voucher's state (`state = 'issued'`): of two at once, one wins and the other
 * changes nothing. A person's claims are serialised by their lock row, as quota holders' are for grants.
 */
import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { FunderKind, VoucherState } from '../domain/vouchers/vocabulary.js';
import type { Claimed, ClaimedTotals } from '../domain/vouchers/limits.js';
import type { DialectName } from './database.js';
import type { Database } from './tables.js';
import type {
  VoucherCampaignsTable,
  VoucherClawbacksTable,
  VoucherPacksTable,
  VoucherRedemptionsTable,
  VoucherRegistrationsTable,
  VoucherRoundsTable,
  VouchersTable,
} from './voucher-tables.js';

export type VoucherCampaignRow = Selectable<VoucherCampaignsTable>;
export type VoucherRoundRow = Selectable<VoucherRoundsTable>;
export type VoucherRow = Selectable<VouchersTable>;
export type VoucherRedemptionRow = Selectable<VoucherRedemptionsTable>;

function claimedOf(row: { packs: number | string | null; face: number | string | null } | undefined): Claimed {
  return { packs: Number(row?.packs ?? 0), faceFen: Number(row?.face ?? 0) };
}

export class VouchersRepository {
  constructor(
    readonly db: Kysely<Database>,
    readonly dialect: DialectName,
  ) {}

  async insertCampaign(trx: Kysely<Database>, row: Insertable<VoucherCampaignsTable>): Promise<void> {
    await trx.insertInto('voucher_campaigns').values(row).execute();
  }

  findCampaign(id: string, executor: Kysely<Database> = this.db): Promise<VoucherCampaignRow | undefined> {
    return executor.selectFrom('voucher_campaigns').selectAll().where('id', '=', id).executeTakeFirst();
  }

  campaigns(ids: readonly string[], executor: Kysely<Database> = this.db): Promise<VoucherCampaignRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return executor.selectFrom('voucher_campaigns').selectAll().where('id', 'in', ids).execute();
  }

  async insertRound(trx: Kysely<Database>, row: Insertable<VoucherRoundsTable>): Promise<void> {
    await trx.insertInto('voucher_rounds').values(row).execute();
  }

  findRound(id: string, executor: Kysely<Database> = this.db): Promise<VoucherRoundRow | undefined> {
    return executor.selectFrom('voucher_rounds').selectAll().where('id', '=', id).executeTakeFirst();
  }

  roundsOf(campaignId: string, executor: Kysely<Database> = this.db): Promise<VoucherRoundRow[]> {
    return executor
      .selectFrom('voucher_rounds')
      .selectAll()
      .where('campaign_id', '=', campaignId)
      .orderBy('release_at')
      .orderBy('id')
      .execute();
  }

  /** Takes the person's lock row for the rest of the transaction (SQLite: the write transaction is the lock). */
  async lockPerson(trx: Kysely<Database>, personId: string): Promise<void> {
    await trx
      .insertInto('voucher_person_locks')
      .values({ person_id: personId })
      .onConflict((conflict) => conflict.column('person_id').doNothing())
      .execute();
    if (this.dialect === 'postgres') {
      await trx
        .selectFrom('voucher_person_locks')
        .select('person_id')
        .where('person_id', '=', personId)
        .forUpdate()
        .execute();
    }
  }

  /** What the person has claimed in the round, the campaign, and the funder kind's campaigns that year. */
  async claimedTotals(
    trx: Kysely<Database>,
    personId: string,
    where: { roundId: string; campaignId: string; funderKind: FunderKind; year: number },
  ): Promise<ClaimedTotals> {
    const totals = (query: 'round' | 'campaign' | 'funderYear') => {
      let select = trx
        .selectFrom('voucher_packs')
        .select((eb) => [
          eb.fn.countAll<number | string>().as('packs'),
          eb.fn.sum<number | string>('face_fen').as('face'),
        ])
        .where('owner_id', '=', personId);
      if (query === 'round') select = select.where('round_id', '=', where.roundId);
      if (query === 'campaign') select = select.where('campaign_id', '=', where.campaignId);
      if (query === 'funderYear')
        select = select.where('funder_kind', '=', where.funderKind).where('year', '=', where.year);
      return select.executeTakeFirst();
    };
    return {
      round: claimedOf(await totals('round')),
      campaign: claimedOf(await totals('campaign')),
      funderYear: claimedOf(await totals('funderYear')),
    };
  }

  /** Issues one pack of the round if any is left: false when sold out (the one guard against over-issue). */
  async issueOne(trx: Kysely<Database>, roundId: string): Promise<boolean> {
    const result = await trx
      .updateTable('voucher_rounds')
      .set((eb) => ({ issued: eb('issued', '+', 1) }))
      .where('id', '=', roundId)
      .whereRef('issued', '<', 'quantity')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async insertPack(
    trx: Kysely<Database>,
    pack: Insertable<VoucherPacksTable>,
    vouchers: readonly Insertable<VouchersTable>[],
  ): Promise<void> {
    await trx.insertInto('voucher_packs').values(pack).execute();
    await trx
      .insertInto('vouchers')
      .values([...vouchers])
      .execute();
  }

  findVoucherByCode(code: string, executor: Kysely<Database> = this.db): Promise<VoucherRow | undefined> {
    return executor.selectFrom('vouchers').selectAll().where('code', '=', code).executeTakeFirst();
  }

  vouchersOf(ownerId: string, executor: Kysely<Database> = this.db): Promise<VoucherRow[]> {
    return executor
      .selectFrom('vouchers')
      .selectAll()
      .where('owner_id', '=', ownerId)
      .orderBy('claimed_at', 'desc')
      .orderBy('id')
      .limit(1000)
      .execute();
  }

  /** Moves a voucher only from the state the caller read: false when another till (or job) moved it first. */
  async moveVoucher(
    trx: Kysely<Database>,
    id: string,
    from: VoucherState,
    to: VoucherState,
    at: string,
  ): Promise<boolean> {
    const result = await trx
      .updateTable('vouchers')
      .set({ state: to, updated_at: at })
      .where('id', '=', id)
      .where('state', '=', from)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /**
   * Counts a redemption on its round and returns the round as it now stands: the UPDATE takes the round's
   * row (PostgreSQL: until commit), so redemptions of one round change its hold one after another.
   */
  async countRedemption(trx: Kysely<Database>, roundId: string): Promise<VoucherRoundRow | undefined> {
    await trx
      .updateTable('voucher_rounds')
      .set((eb) => ({ redeemed: eb('redeemed', '+', 1) }))
      .where('id', '=', roundId)
      .execute();
    return this.findRound(roundId, trx);
  }

  async updateRound(trx: Kysely<Database>, id: string, changes: Updateable<VoucherRoundsTable>): Promise<void> {
    await trx.updateTable('voucher_rounds').set(changes).where('id', '=', id).execute();
  }

  async insertRedemption(trx: Kysely<Database>, row: Insertable<VoucherRedemptionsTable>): Promise<void> {
    await trx.insertInto('voucher_redemptions').values(row).execute();
  }

  /** Vouchers of a round by state; `issued` ones past validUntil at `nowIso` count as expired. */
  async roundCounts(roundId: string, nowIso: string, executor: Kysely<Database> = this.db) {
    const rows = await executor
      .selectFrom('vouchers')
      .select((eb) => ['state', eb.fn.countAll<number | string>().as('n')])
      .where('round_id', '=', roundId)
      .where((eb) => eb.or([eb('state', '!=', 'issued'), eb('valid_until', '>', nowIso)]))
      .groupBy('state')
      .execute();
    const lapsed = await executor
      .selectFrom('vouchers')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('round_id', '=', roundId)
      .where('state', '=', 'issued')
      .where('valid_until', '<=', nowIso)
      .executeTakeFirst();
    const by = new Map(rows.map((row) => [row.state, Number(row.n)]));
    return {
      redeemed: by.get('redeemed') ?? 0,
      expired: (by.get('expired') ?? 0) + Number(lapsed?.n ?? 0),
    };
  }

  campaignVouchers(campaignId: string, executor: Kysely<Database> = this.db) {
    return executor
      .selectFrom('vouchers')
      .select(['round_id', 'face_fen', 'state', 'valid_until'])
      .where('campaign_id', '=', campaignId)
      .execute();
  }

  campaignRedemptions(campaignId: string, executor: Kysely<Database> = this.db): Promise<VoucherRedemptionRow[]> {
    return executor.selectFrom('voucher_redemptions').selectAll().where('campaign_id', '=', campaignId).execute();
  }

  // ----------------------------------------------------------------------------- a round's end

  /** Rounds past their end that have not expired yet (the sweep's work list), oldest end first. */
  roundsDue(nowIso: string, executor: Kysely<Database> = this.db): Promise<VoucherRoundRow[]> {
    return executor
      .selectFrom('voucher_rounds')
      .selectAll()
      .where('state', 'not in', ['expired', 'cancelled'])
      .where('ends_at', '<=', nowIso)
      .orderBy('ends_at')
      .orderBy('id')
      .limit(500)
      .execute();
  }

  /** The round's issued vouchers that lapsed unredeemed: how many and their face, before they are marked. */
  async lapsedVouchers(trx: Kysely<Database>, roundId: string): Promise<{ count: number; faceFen: number }> {
    const row = await trx
      .selectFrom('vouchers')
      .select((eb) => [eb.fn.countAll<number | string>().as('n'), eb.fn.sum<number | string>('face_fen').as('face')])
      .where('round_id', '=', roundId)
      .where('state', '=', 'issued')
      .executeTakeFirst();
    return { count: Number(row?.n ?? 0), faceFen: Number(row?.face ?? 0) };
  }

  async expireVouchers(trx: Kysely<Database>, roundId: string, at: string): Promise<number> {
    const result = await trx
      .updateTable('vouchers')
      .set({ state: 'expired', updated_at: at })
      .where('round_id', '=', roundId)
      .where('state', '=', 'issued')
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** The campaign's next round still to be released after `releaseAt`, first come first served, or none. */
  nextRound(
    trx: Kysely<Database>,
    campaignId: string,
    after: { releaseAt: string; nowIso: string },
  ): Promise<VoucherRoundRow | undefined> {
    return trx
      .selectFrom('voucher_rounds')
      .selectAll()
      .where('campaign_id', '=', campaignId)
      .where('state', '=', 'scheduled')
      .where('mode', '=', 'first_come')
      .where('release_at', '>', after.releaseAt)
      .where('ends_at', '>', after.nowIso)
      .orderBy('release_at')
      .orderBy('id')
      .executeTakeFirst();
  }

  /** Moves a round only from the state the caller read: false when another expiry took it first. */
  async moveRound(
    trx: Kysely<Database>,
    id: string,
    from: readonly VoucherRoundRow['state'][],
    changes: Updateable<VoucherRoundsTable>,
  ): Promise<boolean> {
    const result = await trx
      .updateTable('voucher_rounds')
      .set(changes)
      .where('id', '=', id)
      .where('state', 'in', [...from])
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  // ------------------------------------------------------------------------------------ refunds

  findRedemption(id: string, executor: Kysely<Database> = this.db): Promise<VoucherRedemptionRow | undefined> {
    return executor.selectFrom('voucher_redemptions').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findVoucher(id: string, executor: Kysely<Database> = this.db): Promise<VoucherRow | undefined> {
    return executor.selectFrom('vouchers').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /**
   * Applies a refund only to the redemption as the caller read it (its refunded part and hold): false when
   * another refund or a settlement run changed it first, so two refunds at once never both count.
   */
  async refundRedemption(
    trx: Kysely<Database>,
    id: string,
    expected: { refundedBillFen: number; holdId: string; settlementId: string | null },
    changes: Updateable<VoucherRedemptionsTable>,
  ): Promise<boolean> {
    const result = await trx
      .updateTable('voucher_redemptions')
      .set(changes)
      .where('id', '=', id)
      .where('refunded_bill_fen', '=', expected.refundedBillFen)
      .where('hold_id', '=', expected.holdId)
      .where('settlement_id', expected.settlementId === null ? 'is' : '=', expected.settlementId)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Takes the round's row for the rest of the transaction, moving its redeemed count by `redeemedBy`. */
  async takeRound(trx: Kysely<Database>, roundId: string, redeemedBy: number): Promise<VoucherRoundRow | undefined> {
    await trx
      .updateTable('voucher_rounds')
      .set((eb) => ({ redeemed: eb('redeemed', '+', redeemedBy) }))
      .where('id', '=', roundId)
      .execute();
    return this.findRound(roundId, trx);
  }

  // ------------------------------------------------------------------------------------ lottery

  /** Adds the registration; false when the person is registered already (the primary key decides). */
  async register(trx: Kysely<Database>, row: Insertable<VoucherRegistrationsTable>): Promise<boolean> {
    const result = await trx
      .insertInto('voucher_registrations')
      .values(row)
      .onConflict((conflict) => conflict.columns(['round_id', 'person_id']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  registrations(executor: Kysely<Database>, roundId: string) {
    return executor
      .selectFrom('voucher_registrations')
      .selectAll()
      .where('round_id', '=', roundId)
      .orderBy('entry_hash')
      .execute();
  }

  async setOutcome(
    trx: Kysely<Database>,
    roundId: string,
    personId: string,
    outcome: NonNullable<VoucherRegistrationsTable['outcome']>,
  ): Promise<void> {
    await trx
      .updateTable('voucher_registrations')
      .set({ outcome })
      .where('round_id', '=', roundId)
      .where('person_id', '=', personId)
      .execute();
  }

  // --------------------------------------------------------------------------------- settlement

  /**
   * Redemptions waiting for a settlement batch: in none, still standing, with discount left to pay, made
   * from `fromIso` up to `untilIso` (the period's China days, and never inside the return window); a
   * committed one is back after its payment failed and is paid again without a second commit.
   */
  settlementQueue(
    trx: Kysely<Database>,
    period: { fromIso: string; untilIso: string; unitId?: string | undefined },
  ): Promise<(VoucherRedemptionRow & { pool_id: string })[]> {
    let query = trx
      .selectFrom('voucher_redemptions as r')
      .innerJoin('voucher_campaigns as c', 'c.id', 'r.campaign_id')
      .selectAll('r')
      .select('c.pool_id')
      .where('r.settlement_id', 'is', null)
      .where('r.standing', '=', 1)
      .whereRef('r.discount_fen', '>', 'r.returned_discount_fen')
      .where('r.at', '>=', period.fromIso)
      .where('r.at', '<', period.untilIso);
    if (period.unitId !== undefined) query = query.where('r.unit_id', '=', period.unitId);
    return query.orderBy('r.merchant_id').orderBy('r.at').orderBy('r.id').execute();
  }

  /** Puts redemptions into a batch; the number taken (fewer than asked: another run or a refund came first). */
  async claimForSettlement(trx: Kysely<Database>, ids: readonly string[], settlementId: string): Promise<number> {
    let taken = 0;
    for (let start = 0; start < ids.length; start += 500) {
      const result = await trx
        .updateTable('voucher_redemptions')
        .set({ settlement_id: settlementId })
        .where('id', 'in', ids.slice(start, start + 500))
        .where('settlement_id', 'is', null)
        .executeTakeFirst();
      taken += Number(result.numUpdatedRows);
    }
    return taken;
  }

  redemptionsIn(ids: readonly string[], executor: Kysely<Database> = this.db): Promise<VoucherRedemptionRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return executor
      .selectFrom('voucher_redemptions')
      .selectAll()
      .where('id', 'in', [...ids])
      .execute();
  }

  /** A settlement batch's state (a refund after the merchant was paid is a clawback, during review none). */
  async settlementState(settlementId: string, executor: Kysely<Database> = this.db): Promise<string | undefined> {
    const row = await executor
      .selectFrom('settlements')
      .select('state')
      .where('id', '=', settlementId)
      .executeTakeFirst();
    return row?.state;
  }

  async insertClawback(trx: Kysely<Database>, row: Insertable<VoucherClawbacksTable>): Promise<void> {
    await trx.insertInto('voucher_clawbacks').values(row).execute();
  }

  /** Clawbacks of the merchant, unit and pool not yet netted in a batch, oldest first. */
  openClawbacks(trx: Kysely<Database>, unitId?: string): Promise<Selectable<VoucherClawbacksTable>[]> {
    let query = trx.selectFrom('voucher_clawbacks').selectAll().where('settlement_id', 'is', null);
    if (unitId !== undefined) query = query.where('unit_id', '=', unitId);
    return query.orderBy('created_at').orderBy('id').execute();
  }

  async claimClawbacks(trx: Kysely<Database>, ids: readonly string[], settlementId: string): Promise<number> {
    if (ids.length === 0) return 0;
    const result = await trx
      .updateTable('voucher_clawbacks')
      .set({ settlement_id: settlementId })
      .where('id', 'in', [...ids])
      .where('settlement_id', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async markSettled(trx: Kysely<Database>, ids: readonly string[]): Promise<void> {
    for (let start = 0; start < ids.length; start += 500) {
      await trx
        .updateTable('voucher_redemptions')
        .set({ committed: 1 })
        .where('id', 'in', ids.slice(start, start + 500))
        .execute();
    }
  }

  /**
   * What each of `personIds` spent in [fromIso, untilIso) as far as the platform sees it: bills paid with a
   * voucher of any campaign (less refunds) and trade-in purchases (less returns), summed per person.
   */
  async spendingOf(
    personIds: readonly string[],
    fromIso: string,
    untilIso: string,
    executor: Kysely<Database> = this.db,
  ): Promise<{ personKey: string; spendFen: number }[]> {
    const out: { personKey: string; spendFen: number }[] = [];
    for (let start = 0; start < personIds.length; start += 500) {
      const part = personIds.slice(start, start + 500);
      const vouchers = await executor
        .selectFrom('voucher_redemptions as r')
        .innerJoin('vouchers as v', 'v.id', 'r.voucher_id')
        .select((eb) => [
          'v.owner_id as person',
          eb.fn.sum<number | string>(eb('r.bill_fen', '-', eb.ref('r.refunded_bill_fen'))).as('fen'),
        ])
        .where('v.owner_id', 'in', part)
        .where('r.at', '>=', fromIso)
        .where('r.at', '<', untilIso)
        .groupBy('v.owner_id')
        .execute();
      const tradeIn = await executor
        .selectFrom('trade_in_redemptions')
        .select((eb) => [
          'citizen_id as person',
          eb.fn.sum<number | string>(eb('final_price_fen', '-', eb.ref('returned_price_fen'))).as('fen'),
        ])
        .where('citizen_id', 'in', part)
        .where('created_at', '>=', fromIso)
        .where('created_at', '<', untilIso)
        .groupBy('citizen_id')
        .execute();
      for (const row of [...vouchers, ...tradeIn]) out.push({ personKey: row.person, spendFen: Number(row.fen ?? 0) });
    }
    return out;
  }
}
