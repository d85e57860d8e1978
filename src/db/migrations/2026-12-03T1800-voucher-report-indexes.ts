/**
 * Covering indexes for the campaign report (issue 13 §6, services/vouchers/voucher-report.ts): each figure group
 * is one GROUP BY over one campaign's rows, and each index below holds every column its query reads, in the
 * group's order, so the database reads the index alone (SQLite: a covering index scan with no sort; PostgreSQL:
 * an index-only scan once the visibility map is set) instead of the table.
 *
 * - vouchers (campaign, round, state, valid_until, face): claimed, expired and redeemed vouchers by round.
 * - voucher_redemptions (campaign, <group>, discount, bill) for the round, category, merchant's unit and merchant.
 *
 * The redemption indexes cost each redemption four index entries more; the redemption benchmark's figures are
 * where to watch that.
 */
import type { Kysely } from 'kysely';

const REDEMPTION_GROUPS = ['round_id', 'category', 'unit_id', 'merchant_id'] as const;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('vouchers_report')
    .on('vouchers')
    .columns(['campaign_id', 'round_id', 'state', 'valid_until', 'face_fen'])
    .execute();
  for (const group of REDEMPTION_GROUPS) {
    await db.schema
      .createIndex(`voucher_redemptions_report_${group.replace('_id', '')}`)
      .on('voucher_redemptions')
      .columns(['campaign_id', group, 'discount_fen', 'bill_fen'])
      .execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const group of REDEMPTION_GROUPS) {
    await db.schema
      .dropIndex(`voucher_redemptions_report_${group.replace('_id', '')}`)
      .ifExists()
      .execute();
  }
  await db.schema.dropIndex('vouchers_report').ifExists().execute();
}
