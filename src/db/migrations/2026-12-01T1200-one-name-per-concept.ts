/**
 * Issue 9 (one word per concept, docs/glossary.md):
 * - A budget pool's implementing unit was stored in a column named `county` while every other table
 *   and the API call it `unit_id`/`unitId` (three of the nine units are management zones, not counties).
 * - A grant's quota holder was `person_id` here, `personId` in the engine's input and `applicantId` in
 *   the API: it is the applicant everywhere.
 * SQLite (3.25+) and PostgreSQL carry constraints and indexes over to the new names.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('budget_pools').renameColumn('county', 'unit_id').execute();
  await db.schema.alterTable('subsidy_grants').renameColumn('person_id', 'applicant_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('subsidy_grants').renameColumn('applicant_id', 'person_id').execute();
  await db.schema.alterTable('budget_pools').renameColumn('unit_id', 'county').execute();
}
