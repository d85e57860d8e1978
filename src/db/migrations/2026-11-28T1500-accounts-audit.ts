/**
 * Accounts and their roles, merchants, sessions, one-time codes, the hash-chained audit log with its
 * separately kept head, and stored answers of idempotent requests.
 *
 * Personal data (ID numbers, mobile numbers, bank accounts) is stored only as ciphertext plus, where
 * it must be found or kept unique, a keyed hash (`*_lookup`); the unique constraints on the lookups are
 * what make "one account per person" hold under concurrent registrations.
 */
import { sql, type Kysely } from 'kysely';

const ROLES = sql.raw(
  [
    'citizen',
    'merchant_owner',
    'merchant_cashier',
    'department_officer',
    'county_officer',
    'reviewer',
    'finance_officer',
    'auditor',
    'admin',
  ]
    .map((role) => `'${role}'`)
    .join(', '),
);

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('accounts')
    .addColumn('id', 'varchar(40)', (column) => column.primaryKey())
    .addColumn('kind', 'varchar(10)', (column) => column.notNull())
    .addColumn('username', 'varchar(40)', (column) => column.unique())
    .addColumn('name', 'varchar(100)', (column) => column.notNull())
    .addColumn('id_number_cipher', 'text')
    .addColumn('id_number_lookup', 'varchar(64)', (column) => column.unique())
    .addColumn('mobile_cipher', 'text')
    .addColumn('mobile_lookup', 'varchar(64)', (column) => column.unique())
    .addColumn('bank_account_cipher', 'text')
    .addColumn('password_hash', 'text', (column) => column.notNull())
    .addColumn('status', 'varchar(10)', (column) => column.notNull().defaultTo('active'))
    .addColumn('failed_sign_ins', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('locked_until', 'varchar(30)')
    .addColumn('demo', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('created_at', 'varchar(30)', (column) => column.notNull())
    .addColumn('updated_at', 'varchar(30)', (column) => column.notNull())
    .addColumn('last_sign_in_at', 'varchar(30)')
    .addCheckConstraint('accounts_kind', sql`kind in ('citizen', 'staff')`)
    .addCheckConstraint('accounts_status', sql`status in ('active', 'disabled')`)
    .addCheckConstraint('accounts_demo', sql`demo in (0, 1)`)
    .addCheckConstraint('accounts_failed_sign_ins', sql`failed_sign_ins >= 0`)
    // A citizen is a known person; staff sign in with a username.
    .addCheckConstraint(
      'accounts_identity',
      sql`(kind = 'citizen' and id_number_lookup is not null and mobile_lookup is not null)
        or (kind = 'staff' and username is not null)`,
    )
    .execute();

  await db.schema
    .createTable('merchants')
    .addColumn('id', 'varchar(40)', (column) => column.primaryKey())
    .addColumn('name', 'varchar(200)', (column) => column.notNull())
    .addColumn('credit_code', 'varchar(18)', (column) => column.notNull().unique())
    .addColumn('credit_code_status', 'varchar(30)', (column) => column.notNull())
    .addColumn('unit_id', 'varchar(80)', (column) => column.notNull())
    .addColumn('demo', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('created_at', 'varchar(30)', (column) => column.notNull())
    .addCheckConstraint(
      'merchants_credit_code_status',
      sql`credit_code_status in ('verified', 'needs_manual_verification')`,
    )
    .execute();

  await db.schema
    .createTable('role_assignments')
    .addColumn('account_id', 'varchar(40)', (column) => column.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('role', 'varchar(30)', (column) => column.notNull())
    // '' when the role names no organisation, so the primary key stays simple on both databases.
    .addColumn('organisation_kind', 'varchar(20)', (column) => column.notNull().defaultTo(''))
    .addColumn('organisation_id', 'varchar(80)', (column) => column.notNull().defaultTo(''))
    .addPrimaryKeyConstraint('role_assignments_pk', ['account_id', 'role', 'organisation_id'])
    .addCheckConstraint('role_assignments_role', sql`role in (${ROLES})`)
    .addCheckConstraint(
      'role_assignments_organisation_kind',
      sql`organisation_kind in ('', 'department', 'unit', 'merchant')`,
    )
    .execute();

  await db.schema
    .createTable('sessions')
    // SHA-256 of the cookie's token: a copy of this table lets nobody sign in.
    .addColumn('id', 'varchar(64)', (column) => column.primaryKey())
    .addColumn('account_id', 'varchar(40)', (column) => column.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('csrf_token', 'varchar(64)', (column) => column.notNull())
    .addColumn('created_at', 'varchar(30)', (column) => column.notNull())
    .addColumn('expires_at', 'varchar(30)', (column) => column.notNull())
    .addColumn('last_seen_at', 'varchar(30)', (column) => column.notNull())
    .addColumn('address', 'varchar(64)')
    .addColumn('user_agent', 'varchar(300)')
    .execute();
  await db.schema.createIndex('sessions_account').on('sessions').column('account_id').execute();

  await db.schema
    .createTable('one_time_codes')
    .addColumn('mobile_lookup', 'varchar(64)', (column) => column.primaryKey())
    .addColumn('code_hash', 'varchar(64)', (column) => column.notNull())
    .addColumn('attempts', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('created_at', 'varchar(30)', (column) => column.notNull())
    .addColumn('expires_at', 'varchar(30)', (column) => column.notNull())
    .execute();

  await db.schema
    .createTable('audit_entries')
    .addColumn('sequence', 'bigint', (column) => column.primaryKey())
    .addColumn('at', 'varchar(30)', (column) => column.notNull())
    .addColumn('actor', 'varchar(200)', (column) => column.notNull())
    .addColumn('role', 'varchar(40)', (column) => column.notNull())
    .addColumn('action', 'varchar(80)', (column) => column.notNull())
    .addColumn('subject', 'varchar(300)', (column) => column.notNull())
    .addColumn('summary', 'text', (column) => column.notNull())
    .addColumn('request_id', 'varchar(80)', (column) => column.notNull())
    .addColumn('previous_hash', 'varchar(64)', (column) => column.notNull())
    .addColumn('hash', 'varchar(64)', (column) => column.notNull())
    .execute();
  await db.schema.createIndex('audit_entries_actor').on('audit_entries').columns(['actor', 'sequence']).execute();
  await db.schema.createIndex('audit_entries_subject').on('audit_entries').columns(['subject', 'sequence']).execute();

  // The chain's head, kept apart from the entries: rows cut from the end of the log leave the head
  // pointing past them. One row; appenders lock it, which orders concurrent appends.
  await db.schema
    .createTable('audit_head')
    .addColumn('id', 'integer', (column) => column.primaryKey())
    .addColumn('sequence', 'bigint', (column) => column.notNull())
    .addColumn('hash', 'varchar(64)', (column) => column.notNull())
    .addCheckConstraint('audit_head_single_row', sql`id = 1`)
    .execute();
  await db
    .insertInto('audit_head')
    .values({ id: 1, sequence: 0, hash: '0'.repeat(64) })
    .execute();

  await db.schema
    .createTable('idempotency_records')
    // Keys are per caller: two accounts may pick the same key.
    .addColumn('scope', 'varchar(80)', (column) => column.notNull())
    .addColumn('key', 'varchar(200)', (column) => column.notNull())
    .addColumn('route', 'varchar(300)', (column) => column.notNull())
    .addColumn('request_hash', 'varchar(64)', (column) => column.notNull())
    .addColumn('state', 'varchar(10)', (column) => column.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('response_body', 'text')
    .addColumn('created_at', 'varchar(30)', (column) => column.notNull())
    .addPrimaryKeyConstraint('idempotency_records_pk', ['scope', 'key'])
    .addCheckConstraint('idempotency_records_state', sql`state in ('pending', 'done')`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'idempotency_records',
    'audit_head',
    'audit_entries',
    'one_time_codes',
    'sessions',
    'role_assignments',
    'merchants',
    'accounts',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
