/**
 * The county finance officer (县区财政审核人, issue 11): settlement's second stage is the county finance
 * bureau's review (reference.md: "county commerce + finance review, then city review"), a role scoped
 * to a unit. The role list is a CHECK constraint: PostgreSQL swaps it; SQLite cannot alter a CHECK, so
 * the small table is rebuilt with the new list and its rows copied.
 */
import { sql, type Kysely } from 'kysely';

const BEFORE = [
  'citizen',
  'merchant_owner',
  'merchant_cashier',
  'department_officer',
  'county_officer',
  'reviewer',
  'finance_officer',
  'auditor',
  'admin',
  // admitted by 2026-12-02T0900-supervision
  'department_leader',
  'county_leader',
  'city_leader',
];
const AFTER = [...BEFORE, 'county_finance_officer'];

async function isPostgres(db: Kysely<any>): Promise<boolean> {
  try {
    await sql`select version()`.execute(db);
    return true;
  } catch {
    return false;
  }
}

async function setRoles(db: Kysely<any>, roles: readonly string[]): Promise<void> {
  const list = sql.raw(roles.map((role) => `'${role}'`).join(', '));
  if (await isPostgres(db)) {
    await sql`alter table role_assignments drop constraint role_assignments_role`.execute(db);
    await sql`alter table role_assignments add constraint role_assignments_role check (role in (${list}))`.execute(db);
    return;
  }
  await db.schema
    .createTable('role_assignments_next')
    .addColumn('account_id', 'varchar(40)', (column) => column.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('role', 'varchar(30)', (column) => column.notNull())
    .addColumn('organisation_kind', 'varchar(20)', (column) => column.notNull().defaultTo(''))
    .addColumn('organisation_id', 'varchar(80)', (column) => column.notNull().defaultTo(''))
    .addPrimaryKeyConstraint('role_assignments_pk', ['account_id', 'role', 'organisation_id'])
    .addCheckConstraint('role_assignments_role', sql`role in (${list})`)
    .addCheckConstraint(
      'role_assignments_organisation_kind',
      sql`organisation_kind in ('', 'department', 'unit', 'merchant')`,
    )
    .execute();
  await sql`insert into role_assignments_next (account_id, role, organisation_kind, organisation_id)
    select account_id, role, organisation_kind, organisation_id from role_assignments`.execute(db);
  await db.schema.dropTable('role_assignments').execute();
  await db.schema.alterTable('role_assignments_next').renameTo('role_assignments').execute();
}

export async function up(db: Kysely<any>): Promise<void> {
  await setRoles(db, AFTER);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('role_assignments').where('role', '=', 'county_finance_officer').execute();
  await setRoles(db, BEFORE);
}
