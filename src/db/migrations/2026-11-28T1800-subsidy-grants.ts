/**
 * Subsidies granted: one row per decision that reserved money (a budget hold), with the input it was
 * judged on, so quotas can be counted and a reform can be simulated over every stored decision.
 * `quota_locks` has one row per holder (person, dwelling, entity, new car) that a grant locks first,
 * so two grants for one holder decide one after the other, on any number of app processes.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('subsidy_grants')
    .addColumn('id', 'varchar(40)', (column) => column.primaryKey())
    .addColumn('line', 'varchar(40)', (column) => column.notNull())
    .addColumn('category', 'varchar(80)')
    .addColumn('unit_id', 'varchar(80)', (column) => column.notNull())
    .addColumn('pool_id', 'varchar(200)', (column) => column.notNull().references('budget_pools.id'))
    .addColumn('hold_id', 'varchar(40)', (column) => column.notNull().unique().references('budget_holds.id'))
    .addColumn('person_id', 'varchar(80)')
    .addColumn('dwelling_id', 'varchar(80)')
    .addColumn('entity_id', 'varchar(80)')
    .addColumn('new_car_id', 'varchar(80)')
    .addColumn('rule_date', 'varchar(10)', (column) => column.notNull())
    .addColumn('subsidy_fen', 'bigint', (column) => column.notNull())
    .addColumn('status', 'varchar(10)', (column) => column.notNull())
    .addColumn('plan_version_id', 'varchar(100)', (column) => column.notNull())
    .addColumn('parameter_version', 'text', (column) => column.notNull())
    /** The QuoteInput judged (holder ids included), as JSON: what a reform simulation recomputes. */
    .addColumn('input', 'text', (column) => column.notNull())
    .addColumn('explanation', 'text', (column) => column.notNull())
    .addColumn('actor', 'varchar(200)', (column) => column.notNull())
    .addColumn('created_at', 'varchar(30)', (column) => column.notNull())
    .addColumn('reversed_at', 'varchar(30)')
    .addCheckConstraint('subsidy_grants_status', sql`status in ('granted', 'reversed')`)
    .addCheckConstraint('subsidy_grants_subsidy_positive', sql`subsidy_fen > 0`)
    .execute();
  for (const column of ['person_id', 'dwelling_id', 'entity_id', 'new_car_id'] as const) {
    await db.schema.createIndex(`subsidy_grants_${column}`).on('subsidy_grants').column(column).execute();
  }
  await db.schema
    .createTable('quota_locks')
    .addColumn('holder', 'varchar(120)', (column) => column.primaryKey())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('quota_locks').execute();
  await db.schema.dropTable('subsidy_grants').execute();
}
