/**
 * Target supervision (docs/supervision.md): reports of departments and units on the plan's targets and
 * tasks, their evidence files, unit shares of targets, alerts and leaders' instructions (批示); and the
 * three supervision roles (department and county leaders who approve reports, city leaders who read
 * the board and give instructions) admitted by role_assignments' check.
 *
 * A role's check cannot be changed in place on SQLite, so there the role table is rebuilt (as the
 * one-time-code migration does); PostgreSQL swaps the constraint. Down removes the new roles'
 * assignments first.
 */
import { sql, type Kysely } from 'kysely';

const OLD_ROLES = [
  'citizen',
  'merchant_owner',
  'merchant_cashier',
  'department_officer',
  'county_officer',
  'reviewer',
  'finance_officer',
  'auditor',
  'admin',
];
const NEW_ROLES = ['department_leader', 'county_leader', 'city_leader'];

function isPostgres(db: Kysely<any>): boolean {
  return sql`select ${1}`.compile(db).sql.includes('$1');
}

const list = (roles: readonly string[]) => sql.raw(roles.map((role) => `'${role}'`).join(', '));

async function admitRoles(db: Kysely<any>, roles: readonly string[]): Promise<void> {
  if (isPostgres(db)) {
    await sql`alter table role_assignments drop constraint role_assignments_role`.execute(db);
    await sql`alter table role_assignments add constraint role_assignments_role check (role in (${list(roles)}))`.execute(
      db,
    );
    return;
  }
  await db.schema
    .createTable('role_assignments_next')
    .addColumn('account_id', 'varchar(40)', (column) => column.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('role', 'varchar(30)', (column) => column.notNull())
    .addColumn('organisation_kind', 'varchar(20)', (column) => column.notNull().defaultTo(''))
    .addColumn('organisation_id', 'varchar(80)', (column) => column.notNull().defaultTo(''))
    .addPrimaryKeyConstraint('role_assignments_pk', ['account_id', 'role', 'organisation_id'])
    .addCheckConstraint('role_assignments_role', sql`role in (${list(roles)})`)
    .addCheckConstraint(
      'role_assignments_organisation_kind',
      sql`organisation_kind in ('', 'department', 'unit', 'merchant')`,
    )
    .execute();
  await sql`insert into role_assignments_next (account_id, role, organisation_kind, organisation_id)
    select account_id, role, organisation_kind, organisation_id from role_assignments
    where role in (${list(roles)})`.execute(db);
  await db.schema.dropTable('role_assignments').execute();
  await db.schema.alterTable('role_assignments_next').renameTo('role_assignments').execute();
}

export async function up(db: Kysely<any>): Promise<void> {
  await admitRoles(db, [...OLD_ROLES, ...NEW_ROLES]);

  await db.schema
    .createTable('supervision_reports')
    .addColumn('id', 'varchar(40)', (column) => column.primaryKey())
    .addColumn('plan_version_id', 'varchar(120)', (column) => column.notNull())
    .addColumn('subject_kind', 'varchar(10)', (column) => column.notNull())
    .addColumn('subject_id', 'varchar(80)', (column) => column.notNull())
    .addColumn('reporter_kind', 'varchar(12)', (column) => column.notNull())
    .addColumn('reporter_id', 'varchar(80)', (column) => column.notNull())
    .addColumn('period', 'varchar(7)', (column) => column.notNull())
    // What was last submitted (pending approval when state is submitted) …
    .addColumn('value', 'double precision')
    .addColumn('stage', 'varchar(20)')
    .addColumn('narrative', 'text', (column) => column.notNull())
    .addColumn('problems', 'text', (column) => column.notNull())
    .addColumn('evidence', 'text', (column) => column.notNull())
    .addColumn('state', 'varchar(10)', (column) => column.notNull())
    .addColumn('late', 'integer', (column) => column.notNull())
    .addColumn('revision', 'integer', (column) => column.notNull())
    .addColumn('change_reason', 'text')
    .addColumn('submitted_by', 'varchar(80)', (column) => column.notNull())
    .addColumn('submitted_at', 'varchar(30)', (column) => column.notNull())
    // … and what was last approved: visible city-wide, kept while a change waits for approval.
    .addColumn('approved_value', 'double precision')
    .addColumn('approved_stage', 'varchar(20)')
    .addColumn('approved_narrative', 'text')
    .addColumn('approved_problems', 'text')
    .addColumn('approved_by', 'varchar(80)')
    .addColumn('approved_at', 'varchar(30)')
    .addUniqueConstraint('supervision_reports_one_per_period', [
      'subject_kind',
      'subject_id',
      'reporter_kind',
      'reporter_id',
      'period',
    ])
    .addCheckConstraint('supervision_reports_subject_kind', sql`subject_kind in ('target', 'task')`)
    .addCheckConstraint('supervision_reports_reporter_kind', sql`reporter_kind in ('department', 'unit')`)
    .addCheckConstraint('supervision_reports_state', sql`state in ('submitted', 'approved')`)
    .addCheckConstraint(
      'supervision_reports_stage',
      sql`stage is null or stage in ('not_started', 'in_progress', 'completed')`,
    )
    .addCheckConstraint('supervision_reports_figure', sql`(value is null) <> (stage is null)`)
    .execute();
  await db.schema.createIndex('supervision_reports_period').on('supervision_reports').column('period').execute();
  await db.schema
    .createIndex('supervision_reports_reporter')
    .on('supervision_reports')
    .columns(['reporter_kind', 'reporter_id'])
    .execute();

  await db.schema
    .createTable('supervision_evidence')
    .addColumn('sha256', 'varchar(64)', (column) => column.primaryKey())
    .addColumn('media_type', 'varchar(40)', (column) => column.notNull())
    .addColumn('size_bytes', 'integer', (column) => column.notNull())
    .addColumn('file_name', 'varchar(200)', (column) => column.notNull())
    .addColumn('uploaded_by', 'varchar(80)', (column) => column.notNull())
    .addColumn('uploaded_at', 'varchar(30)', (column) => column.notNull())
    .addCheckConstraint(
      'supervision_evidence_media_type',
      sql`media_type in ('application/pdf', 'image/jpeg', 'image/png')`,
    )
    .execute();

  await db.schema
    .createTable('supervision_unit_shares')
    .addColumn('target_id', 'varchar(80)', (column) => column.notNull())
    .addColumn('unit_id', 'varchar(80)', (column) => column.notNull())
    .addColumn('value', 'double precision', (column) => column.notNull())
    .addColumn('updated_by', 'varchar(80)', (column) => column.notNull())
    .addColumn('updated_at', 'varchar(30)', (column) => column.notNull())
    .addPrimaryKeyConstraint('supervision_unit_shares_pk', ['target_id', 'unit_id'])
    .addCheckConstraint('supervision_unit_shares_value', sql`value >= 0`)
    .execute();

  await db.schema
    .createTable('supervision_alerts')
    .addColumn('id', 'varchar(40)', (column) => column.primaryKey())
    .addColumn('kind', 'varchar(20)', (column) => column.notNull())
    .addColumn('subject_kind', 'varchar(10)', (column) => column.notNull())
    .addColumn('subject_id', 'varchar(80)', (column) => column.notNull())
    .addColumn('owner_kind', 'varchar(12)', (column) => column.notNull())
    .addColumn('owner_id', 'varchar(80)', (column) => column.notNull())
    .addColumn('period', 'varchar(7)')
    .addColumn('message', 'text', (column) => column.notNull())
    .addColumn('message_en', 'text', (column) => column.notNull())
    .addColumn('created_at', 'varchar(30)', (column) => column.notNull())
    .addCheckConstraint(
      'supervision_alerts_kind',
      sql`kind in ('status_worsened', 'report_late', 'deadline_near', 'instruction', 'gap')`,
    )
    .execute();
  await db.schema
    .createIndex('supervision_alerts_owner')
    .on('supervision_alerts')
    .columns(['owner_kind', 'owner_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('supervision_instructions')
    .addColumn('id', 'varchar(40)', (column) => column.primaryKey())
    .addColumn('subject_kind', 'varchar(10)', (column) => column.notNull())
    .addColumn('subject_id', 'varchar(80)', (column) => column.notNull())
    .addColumn('owner_id', 'varchar(80)', (column) => column.notNull())
    .addColumn('text', 'text', (column) => column.notNull())
    .addColumn('given_by', 'varchar(80)', (column) => column.notNull())
    .addColumn('given_at', 'varchar(30)', (column) => column.notNull())
    .addColumn('answer', 'text')
    .addColumn('answered_by', 'varchar(80)')
    .addColumn('answered_at', 'varchar(30)')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'supervision_instructions',
    'supervision_alerts',
    'supervision_unit_shares',
    'supervision_evidence',
    'supervision_reports',
  ]) {
    await db.schema.dropTable(table).execute();
  }
  await sql`delete from role_assignments where role in (${list(NEW_ROLES)})`.execute(db);
  await admitRoles(db, OLD_ROLES);
}
