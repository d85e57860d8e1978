/**
 * The campaign report's reads (services/vouchers/voucher-report.ts): each figure group reads the running sums the
 * database keeps by trigger in the transaction of every write (migration 2026-12-03T1800-voucher-report-sums):
 * a few hundred rows whatever the number of redemptions, never a load or a scan of every row.
 *
 * Sums come back exact: cast to text in SQL (PostgreSQL's sum of a bigint is a numeric, SQLite's an 8-byte
 * integer that a JS number could round) and read as whole numbers, refused past Number.MAX_SAFE_INTEGER.
 */
import { sql, type Kysely } from 'kysely';
import type { VoucherState } from '../domain/vouchers/vocabulary.js';
import type { DialectName } from './database.js';
import type { Database } from './tables.js';

/** A text or number the database gave for a count or sum, as an exact safe integer. */
export function wholeOf(value: string | number | bigint | null | undefined): number {
  if (value === null || value === undefined) return 0;
  const exact = typeof value === 'bigint' ? value : BigInt(value);
  if (exact > BigInt(Number.MAX_SAFE_INTEGER) || exact < 0n) {
    throw new RangeError(`a report sum passes Number.MAX_SAFE_INTEGER: ${exact}`);
  }
  return Number(exact);
}

/** Claimed vouchers of one round in one state with one end of validity: how many, and their face. */
export interface VoucherGroupRow {
  readonly roundId: string;
  readonly state: VoucherState;
  readonly validUntil: string;
  readonly vouchers: number;
  readonly faceFen: number;
}

/** Redemptions of one group: how many, the voucher money and the bills. */
export interface RedemptionGroupRow {
  /** null: the merchant's unit was not recorded on the redemption. */
  readonly key: string | null;
  readonly redeemed: number;
  readonly voucherFen: number;
  readonly salesFen: number;
}

export interface ReportRoundRow {
  readonly id: string;
  readonly quantity: number;
  readonly budgetFen: number;
  /** Packs carried into this round from `rereleasedFrom`'s expiry. */
  readonly rereleasedPacks: number;
  readonly rereleasedFrom: string | null;
}

export const REDEMPTION_GROUPS = ['round', 'category', 'unit', 'merchant'] as const;
export type RedemptionGroup = (typeof REDEMPTION_GROUPS)[number];

/** A redemption with what the cash-out flags look at (domain/vouchers/cashout-flags.ts). */
export interface FlagRedemptionRow {
  readonly id: string;
  readonly merchantId: string;
  readonly unitId: string | null;
  readonly ownerId: string;
  readonly billFen: number;
  readonly thresholdFen: number;
  readonly claimedAt: string;
  readonly at: string;
  /** The last refund of the bill (in part or in full), or null. */
  readonly refundedAt: string | null;
}

export class VoucherReportRepository {
  constructor(
    readonly db: Kysely<Database>,
    readonly dialect: DialectName,
  ) {}

  async rounds(campaignId: string): Promise<ReportRoundRow[]> {
    const rows = await this.db
      .selectFrom('voucher_rounds')
      .select([
        'id',
        'quantity',
        'rereleased_packs',
        'rereleased_from',
        sql<string>`cast(budget_fen as text)`.as('budget'),
      ])
      .where('campaign_id', '=', campaignId)
      .execute();
    return rows.map((row) => ({
      id: row.id,
      quantity: row.quantity,
      budgetFen: wholeOf(row.budget),
      rereleasedPacks: wholeOf(row.rereleased_packs),
      rereleasedFrom: row.rereleased_from,
    }));
  }

  /**
   * Claimed vouchers by round, state and end of validity, from the running sums (migration 2026-12-03T1800):
   * redeemed ones are those with a standing redemption, expired and refunded ones are counted as they move, and
   * `issued` ones are the claims less those. A round's claims share a few days of validity, so this is a few rows
   * per round; the caller decides which `issued` ones have lapsed, with the domain's own rule.
   */
  async voucherGroups(campaignId: string): Promise<VoucherGroupRow[]> {
    const [claims, states, redeemed] = await Promise.all([
      this.db
        .selectFrom('voucher_report_claims')
        .select([
          'round_id',
          'valid_until',
          sql<string>`cast(vouchers as text)`.as('n'),
          sql<string>`cast(face_fen as text)`.as('face'),
        ])
        .where('campaign_id', '=', campaignId)
        .execute(),
      this.db
        .selectFrom('voucher_report_states')
        .select(['round_id', 'state', 'valid_until'])
        .select([sql<string>`cast(sum(vouchers) as text)`.as('n'), sql<string>`cast(sum(face_fen) as text)`.as('face')])
        .where('campaign_id', '=', campaignId)
        .groupBy(['round_id', 'state', 'valid_until'])
        .execute(),
      this.db
        .selectFrom('voucher_report_redemptions')
        .select(['key', sql<string>`cast(redeemed as text)`.as('n'), sql<string>`cast(face_fen as text)`.as('face')])
        .where('campaign_id', '=', campaignId)
        .where('grouping', '=', 'validity')
        .execute(),
    ]);
    const issued = new Map(
      claims.map((row) => [
        `${row.round_id}|${row.valid_until}`,
        { roundId: row.round_id, validUntil: row.valid_until, vouchers: wholeOf(row.n), faceFen: wholeOf(row.face) },
      ]),
    );
    const groups: VoucherGroupRow[] = [];
    const take = (key: string, state: VoucherState, vouchers: number, faceFen: number) => {
      const claimed = issued.get(key);
      if (claimed === undefined || claimed.vouchers < vouchers || claimed.faceFen < faceFen) {
        throw new Error(`the voucher report's sums disagree for ${key}`);
      }
      claimed.vouchers -= vouchers;
      claimed.faceFen -= faceFen;
      if (vouchers > 0)
        groups.push({ roundId: claimed.roundId, state, validUntil: claimed.validUntil, vouchers, faceFen });
    };
    for (const row of redeemed) take(row.key, 'redeemed', wholeOf(row.n), wholeOf(row.face));
    for (const row of states) {
      take(`${row.round_id}|${row.valid_until}`, row.state, wholeOf(row.n), wholeOf(row.face));
    }
    for (const row of issued.values()) if (row.vouchers > 0) groups.push({ ...row, state: 'issued' });
    return groups;
  }

  /** Redemptions of the campaign by one grouping, from the running sums. */
  async redemptionGroups(campaignId: string, group: RedemptionGroup): Promise<RedemptionGroupRow[]> {
    const rows = await this.db
      .selectFrom('voucher_report_redemptions')
      .select([
        'key',
        sql<string>`cast(redeemed as text)`.as('n'),
        sql<string>`cast(voucher_fen as text)`.as('voucher'),
        sql<string>`cast(sales_fen as text)`.as('sales'),
      ])
      .where('campaign_id', '=', campaignId)
      .where('grouping', '=', group)
      .where('redeemed', '>', 0)
      .execute();
    return rows.map((row) => ({
      // '' stands for a redemption whose merchant unit was not recorded.
      key: row.key === '' ? null : row.key,
      redeemed: wholeOf(row.n),
      voucherFen: wholeOf(row.voucher),
      salesFen: wholeOf(row.sales),
    }));
  }

  /** How many redemptions the flags would read (a review period's size, checked before reading it). */
  async countRedemptions(campaignId: string, from: string | null, to: string | null): Promise<number> {
    let query = this.db
      .selectFrom('voucher_redemptions')
      .select(sql<string>`cast(count(*) as text)`.as('n'))
      .where('campaign_id', '=', campaignId);
    if (from !== null) query = query.where('at', '>=', from);
    if (to !== null) query = query.where('at', '<', to);
    return wholeOf((await query.executeTakeFirst())?.n);
  }

  /**
   * The campaign's redemptions in [from, to), standing or refunded in full, with their voucher's owner, threshold
   * and claim time.
   */
  async flagRedemptions(campaignId: string, from: string | null, to: string | null): Promise<FlagRedemptionRow[]> {
    let query = this.db
      .selectFrom('voucher_redemptions as r')
      .innerJoin('vouchers as v', 'v.id', 'r.voucher_id')
      .select([
        'r.id',
        'r.merchant_id',
        'r.unit_id',
        'v.owner_id',
        sql<string>`cast(r.bill_fen as text)`.as('bill'),
        sql<string>`cast(v.threshold_fen as text)`.as('threshold'),
        'v.claimed_at',
        'r.at',
        'r.refunded_at',
      ])
      .where('r.campaign_id', '=', campaignId);
    if (from !== null) query = query.where('r.at', '>=', from);
    if (to !== null) query = query.where('r.at', '<', to);
    const rows = await query.orderBy('r.at').orderBy('r.id').execute();
    return rows.map((row) => ({
      id: row.id,
      merchantId: row.merchant_id,
      unitId: row.unit_id,
      ownerId: row.owner_id,
      billFen: wholeOf(row.bill),
      thresholdFen: wholeOf(row.threshold),
      claimedAt: row.claimed_at,
      at: row.at,
      refundedAt: row.refunded_at,
    }));
  }
}
