/**
 * The plan as versioned data: every imported version of a plan, whole (document) and in the
 * tables later modules reference (targets for progress reports, parameters for subsidy decisions).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('plan_versions')
    .addColumn('id', 'varchar(120)', (column) => column.primaryKey())
    .addColumn('code', 'varchar(80)', (column) => column.notNull())
    .addColumn('content_hash', 'char(64)', (column) => column.notNull().unique())
    .addColumn('title', 'text', (column) => column.notNull())
    .addColumn('status', 'varchar(20)', (column) => column.notNull())
    .addColumn('year', 'integer', (column) => column.notNull())
    .addColumn('imported_at', 'varchar(30)', (column) => column.notNull())
    .addColumn('is_current', 'integer', (column) =>
      column
        .notNull()
        .defaultTo(0)
        .check(sql`is_current in (0, 1)`),
    )
    .addColumn('document', 'text', (column) => column.notNull())
    // The exact source text the version encodes, so an auditor can compare without the files.
    .addColumn('source_text', 'text', (column) => column.notNull())
    // The lint report computed at import: a property of the version, like its hash.
    .addColumn('lint_report', 'text', (column) => column.notNull())
    .execute();
  // At most one current version per plan code, enforced by the database.
  await db.schema
    .createIndex('plan_versions_one_current')
    .on('plan_versions')
    .column('code')
    .unique()
    .where(sql.ref('is_current'), '=', 1)
    .execute();

  await db.schema
    .createTable('plan_measures')
    .addColumn('plan_version_id', 'varchar(120)', (column) =>
      column.notNull().references('plan_versions.id').onDelete('cascade'),
    )
    .addColumn('number', 'integer', (column) => column.notNull())
    .addColumn('action', 'integer', (column) => column.notNull())
    .addColumn('title', 'text', (column) => column.notNull())
    .addColumn('text', 'text', (column) => column.notNull())
    .addPrimaryKeyConstraint('plan_measures_pk', ['plan_version_id', 'number'])
    .execute();

  await db.schema
    .createTable('plan_departments')
    .addColumn('plan_version_id', 'varchar(120)', (column) =>
      column.notNull().references('plan_versions.id').onDelete('cascade'),
    )
    .addColumn('id', 'varchar(80)', (column) => column.notNull())
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('short_name', 'text', (column) => column.notNull())
    .addColumn('kind', 'varchar(40)', (column) => column.notNull())
    .addPrimaryKeyConstraint('plan_departments_pk', ['plan_version_id', 'id'])
    .execute();

  await db.schema
    .createTable('plan_measure_departments')
    .addColumn('plan_version_id', 'varchar(120)', (column) => column.notNull())
    .addColumn('measure', 'integer', (column) => column.notNull())
    .addColumn('department_id', 'varchar(80)', (column) => column.notNull())
    .addPrimaryKeyConstraint('plan_measure_departments_pk', ['plan_version_id', 'measure', 'department_id'])
    .addForeignKeyConstraint(
      'plan_measure_departments_measure_fk',
      ['plan_version_id', 'measure'],
      'plan_measures',
      ['plan_version_id', 'number'],
      (constraint) => constraint.onDelete('cascade'),
    )
    .addForeignKeyConstraint(
      'plan_measure_departments_department_fk',
      ['plan_version_id', 'department_id'],
      'plan_departments',
      ['plan_version_id', 'id'],
      (constraint) => constraint.onDelete('cascade'),
    )
    .execute();

  await db.schema
    .createTable('plan_units')
    .addColumn('plan_version_id', 'varchar(120)', (column) =>
      column.notNull().references('plan_versions.id').onDelete('cascade'),
    )
    .addColumn('id', 'varchar(80)', (column) => column.notNull())
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('kind', 'varchar(40)', (column) => column.notNull())
    .addColumn('region_code', 'char(6)')
    .addPrimaryKeyConstraint('plan_units_pk', ['plan_version_id', 'id'])
    .execute();

  await db.schema
    .createTable('plan_targets')
    .addColumn('plan_version_id', 'varchar(120)', (column) => column.notNull())
    .addColumn('id', 'varchar(80)', (column) => column.notNull())
    .addColumn('measure', 'integer', (column) => column.notNull())
    .addColumn('metric', 'text', (column) => column.notNull())
    .addColumn('unit', 'varchar(40)', (column) => column.notNull())
    .addColumn('comparator', 'varchar(10)', (column) => column.notNull())
    // double precision holds every integer below 2^53 exactly and the plan's few decimals (4.8).
    .addColumn('value', 'double precision', (column) => column.notNull())
    .addColumn('deadline', 'varchar(10)', (column) => column.notNull())
    .addColumn('scope', 'varchar(20)', (column) => column.notNull())
    .addColumn('quote', 'text')
    .addPrimaryKeyConstraint('plan_targets_pk', ['plan_version_id', 'id'])
    .addForeignKeyConstraint(
      'plan_targets_measure_fk',
      ['plan_version_id', 'measure'],
      'plan_measures',
      ['plan_version_id', 'number'],
      (constraint) => constraint.onDelete('cascade'),
    )
    .execute();

  await db.schema
    .createTable('plan_parameters')
    .addColumn('plan_version_id', 'varchar(120)', (column) =>
      column.notNull().references('plan_versions.id').onDelete('cascade'),
    )
    .addColumn('id', 'varchar(80)', (column) => column.notNull())
    .addColumn('key', 'varchar(120)', (column) => column.notNull())
    .addColumn('measure', 'integer')
    .addColumn('value', 'double precision', (column) => column.notNull())
    .addColumn('unit', 'varchar(40)', (column) => column.notNull())
    .addColumn('comparator', 'varchar(10)', (column) => column.notNull())
    .addColumn('effective_from', 'varchar(10)', (column) => column.notNull())
    .addColumn('effective_to', 'varchar(10)', (column) => column.notNull())
    .addColumn('source', 'varchar(20)', (column) => column.notNull())
    .addColumn('quote', 'text')
    .addPrimaryKeyConstraint('plan_parameters_pk', ['plan_version_id', 'id'])
    .execute();
  await db.schema
    .createIndex('plan_parameters_key')
    .on('plan_parameters')
    .columns(['plan_version_id', 'key', 'effective_from'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'plan_parameters',
    'plan_targets',
    'plan_units',
    'plan_measure_departments',
    'plan_departments',
    'plan_measures',
    'plan_versions',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
