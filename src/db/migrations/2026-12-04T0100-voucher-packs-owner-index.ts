/**
 * One index on a person's packs, not two. Every query of `voucher_packs` by person starts with `owner_id`
 * (the claim's totals, "my rounds"), and a person has a few packs, so `voucher_packs_owner`
 * (owner_id, round_id) serves them all; `voucher_packs_owner_year` (owner_id, funder_kind, year) only
 * cost every flash claim one more randomly placed index page to write (bench/README.md, "Flash claims").
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('voucher_packs_owner_year').ifExists().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('voucher_packs_owner_year')
    .on('voucher_packs')
    .columns(['owner_id', 'funder_kind', 'year'])
    .execute();
}
