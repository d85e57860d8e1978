/**
 * The campaign report's reads (services/vouchers/voucher-report.ts): each figure group is one GROUP BY over one
 * campaign's rows, answered from a covering index (migration 2026-12-03T1800-voucher-report-indexes), so the
 * report costs a few index scans whatever the number of redemptions, never a load of every row.
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
}

export const REDEMPTION_GROUPS = ['round', 'category', 'unit', 'merchant'] as const;
export type RedemptionGroup = (typeof REDEMPTION_GROUPS)[number];

const COLUMN: Record<RedemptionGroup, 'round_id' | 'category' | 'unit_id' | 'merchant_id'> = {
  round: 'round_id',
  category: 'category',
  unit: 'unit_id',
  merchant: 'merchant_id',
};

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
}

export class VoucherReportRepository {
  constructor(
    readonly db: Kysely<Database>,
    readonly dialect: DialectName,
  ) {}

  async rounds(campaignId: string): Promise<ReportRoundRow[]> {
    const rows = await this.db
      .selectFrom('voucher_rounds')
      .select(['id', 'quantity', sql<string>`cast(budget_fen as text)`.as('budget')])
      .where('campaign_id', '=', campaignId)
      .execute();
    return rows.map((row) => ({ id: row.id, quantity: row.quantity, budgetFen: wholeOf(row.budget) }));
  }

  /**
   * Claimed vouchers by round, state and end of validity (a round's claims share a few days of validity, so this
   * is a few rows per round): the caller decides which `issued` ones have lapsed, with the domain's own rule.
   */
  async voucherGroups(campaignId: string): Promise<VoucherGroupRow[]> {
    const rows = await this.db
      .selectFrom('vouchers')
      .select([
        'round_id',
        'state',
        'valid_until',
        sql<string>`cast(count(*) as text)`.as('n'),
        sql<string>`cast(sum(face_fen) as text)`.as('face'),
      ])
      .where('campaign_id', '=', campaignId)
      .groupBy(['round_id', 'state', 'valid_until'])
      .execute();
    return rows.map((row) => ({
      roundId: row.round_id,
      state: row.state,
      validUntil: row.valid_until,
      vouchers: wholeOf(row.n),
      faceFen: wholeOf(row.face),
    }));
  }

  /** Redemptions of the campaign by one grouping. */
  async redemptionGroups(campaignId: string, group: RedemptionGroup): Promise<RedemptionGroupRow[]> {
    const column = COLUMN[group];
    const rows = await this.db
      .selectFrom('voucher_redemptions')
      .select([
        sql<string | null>`${sql.ref(column)}`.as('key'),
        sql<string>`cast(count(*) as text)`.as('n'),
        sql<string>`cast(sum(discount_fen) as text)`.as('voucher'),
        sql<string>`cast(sum(bill_fen) as text)`.as('sales'),
      ])
      .where('campaign_id', '=', campaignId)
      .groupBy(column)
      .execute();
    return rows.map((row) => ({
      key: row.key,
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

  /** The campaign's redemptions in [from, to) with their voucher's owner, threshold and claim time. */
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
    }));
  }
}
