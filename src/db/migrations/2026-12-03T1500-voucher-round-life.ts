/**
 * A voucher round's life after release (issue 13 §3, §4): its end (claims close and its vouchers lapse at
 * `ends_at`, release day + valid days), its expiry (what came back to the pool, or was re-released into the
 * next round of a campaign that rolls over: `rollover`), the lottery (the seed's commitment published at
 * creation, the seed sealed with the data key until the draw and revealed after it, the registrants and the
 * list digest), and refunds of redeemed bills. Existing rounds get their end computed here.
 */
import { sql, type Kysely } from 'kysely';

const DAY_MS = 24 * 60 * 60 * 1000;
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/** Midnight (Asia/Shanghai) after the release day plus `validDays` − 1 days, as domain/trade-in/calendar.ts. */
function endOf(releaseAt: string, validDays: number): string {
  const chinaMidnight = Math.floor((Date.parse(releaseAt) + CHINA_OFFSET_MS) / DAY_MS) * DAY_MS - CHINA_OFFSET_MS;
  return new Date(chinaMidnight + Math.max(1, validDays) * DAY_MS).toISOString();
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('voucher_campaigns')
    .addColumn('rollover', 'integer', (column) => column.notNull().defaultTo(0))
    .execute();

  for (const [name, type] of [
    ['ends_at', 'varchar(30)'],
    ['rereleased_from', 'varchar(40)'],
    ['rereleased_into', 'varchar(40)'],
    ['expired_at', 'varchar(30)'],
    ['seed_commitment', 'varchar(64)'],
    ['seed_sealed', 'text'],
    ['seed', 'varchar(64)'],
    ['registration_closes_at', 'varchar(30)'],
    ['list_digest', 'varchar(64)'],
    ['drawn_at', 'varchar(30)'],
  ] as const) {
    await db.schema.alterTable('voucher_rounds').addColumn(name, type).execute();
  }
  await db.schema
    .alterTable('voucher_rounds')
    .addColumn('rereleased_packs', 'integer', (column) => column.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('voucher_rounds')
    .addColumn('returned_fen', 'bigint', (column) => column.notNull().defaultTo(0))
    .execute();
  const rounds = await db.selectFrom('voucher_rounds').select(['id', 'release_at', 'valid_days']).execute();
  for (const round of rounds) {
    await db
      .updateTable('voucher_rounds')
      .set({ ends_at: endOf(round.release_at, Number(round.valid_days)) })
      .where('id', '=', round.id)
      .execute();
  }

  await db.schema
    .createTable('voucher_registrations')
    .addColumn('round_id', 'varchar(40)', (column) => column.notNull())
    .addColumn('person_id', 'varchar(80)', (column) => column.notNull())
    .addColumn('entry_hash', 'varchar(64)', (column) => column.notNull())
    .addColumn('registered_at', 'varchar(30)', (column) => column.notNull())
    .addColumn('outcome', 'varchar(20)')
    .addPrimaryKeyConstraint('voucher_registrations_pk', ['round_id', 'person_id'])
    .addCheckConstraint(
      'voucher_registrations_outcome',
      sql`outcome is null or outcome in ('won', 'not_drawn', 'won_over_limit')`,
    )
    .execute();
  await db.schema
    .createIndex('voucher_registrations_entry')
    .on('voucher_registrations')
    .columns(['round_id', 'entry_hash'])
    .unique()
    .execute();

  await db.schema
    .alterTable('voucher_redemptions')
    .addColumn('refunded_bill_fen', 'bigint', (column) => column.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('voucher_redemptions')
    .addColumn('returned_discount_fen', 'bigint', (column) => column.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('voucher_redemptions').addColumn('refunded_at', 'varchar(30)').execute();
  await db.schema.alterTable('voucher_redemptions').addColumn('settlement_id', 'varchar(40)').execute();
  await db.schema
    .alterTable('voucher_redemptions')
    .addColumn('committed', 'integer', (column) => column.notNull().defaultTo(0))
    .execute();
  // A voucher restored by a full refund may be redeemed again: one *standing* redemption per voucher (1 while
  // it stands, NULL once refunded in full: NULLs never collide in a unique index, on SQLite and PostgreSQL).
  await db.schema
    .alterTable('voucher_redemptions')
    .addColumn('standing', 'integer', (column) => column.defaultTo(1))
    .execute();
  await db.schema.dropIndex('voucher_redemptions_voucher').execute();
  await db.schema
    .createIndex('voucher_redemptions_standing')
    .on('voucher_redemptions')
    .columns(['voucher_id', 'standing'])
    .unique()
    .execute();
  await db.schema
    .createIndex('voucher_redemptions_queue')
    .on('voucher_redemptions')
    .columns(['settlement_id', 'at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('voucher_registrations').ifExists().execute();
  await db.schema.dropIndex('voucher_redemptions_queue').ifExists().execute();
  await db.schema.dropIndex('voucher_redemptions_standing').ifExists().execute();
  await db.schema.alterTable('voucher_redemptions').dropColumn('standing').execute();
  await db.schema
    .createIndex('voucher_redemptions_voucher')
    .on('voucher_redemptions')
    .column('voucher_id')
    .unique()
    .execute();
  for (const column of ['refunded_bill_fen', 'returned_discount_fen', 'refunded_at', 'settlement_id', 'committed']) {
    await db.schema.alterTable('voucher_redemptions').dropColumn(column).execute();
  }
  for (const column of [
    'ends_at',
    'rereleased_from',
    'rereleased_into',
    'expired_at',
    'seed_commitment',
    'seed_sealed',
    'seed',
    'registration_closes_at',
    'list_digest',
    'drawn_at',
    'rereleased_packs',
    'returned_fen',
  ]) {
    await db.schema.alterTable('voucher_rounds').dropColumn(column).execute();
  }
  await db.schema.alterTable('voucher_campaigns').dropColumn('rollover').execute();
}
