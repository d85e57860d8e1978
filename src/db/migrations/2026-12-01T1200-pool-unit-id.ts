/**
 * Issue 9 (one word per concept): a budget pool's implementing unit was stored in a column named
 * `county` while every other table and the API call it `unit_id`/`unitId` (three of the nine units are
 * management zones, not counties). Renamed; SQLite (3.25+) and PostgreSQL both carry the unique
 * constraint over to the new name.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('budget_pools').renameColumn('county', 'unit_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('budget_pools').renameColumn('unit_id', 'county').execute();
}
