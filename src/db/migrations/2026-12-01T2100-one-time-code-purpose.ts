/**
 * One-time codes are kept per mobile number *and purpose* (`sign_in` or `register`), so a code asked
 * for to register cannot sign anyone in, and asking for one kind does not cancel the other.
 *
 * SQLite cannot change a table's primary key, so on both databases the table is rebuilt: a new table
 * with the composite key, the existing codes copied as sign-in codes (the only kind there was), the old
 * table dropped and the new one renamed. Down keeps only the sign-in codes.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('one_time_codes_next')
    .addColumn('mobile_lookup', 'varchar(64)', (column) => column.notNull())
    .addColumn('purpose', 'varchar(20)', (column) => column.notNull())
    .addColumn('code_hash', 'varchar(64)', (column) => column.notNull())
    .addColumn('attempts', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('created_at', 'varchar(30)', (column) => column.notNull())
    .addColumn('expires_at', 'varchar(30)', (column) => column.notNull())
    .addPrimaryKeyConstraint('one_time_codes_purpose_pk', ['mobile_lookup', 'purpose'])
    .addCheckConstraint('one_time_codes_purpose', sql`purpose in ('sign_in', 'register')`)
    .execute();
  await sql`insert into one_time_codes_next (mobile_lookup, purpose, code_hash, attempts, created_at, expires_at)
    select mobile_lookup, 'sign_in', code_hash, attempts, created_at, expires_at from one_time_codes`.execute(db);
  await db.schema.dropTable('one_time_codes').execute();
  await db.schema.alterTable('one_time_codes_next').renameTo('one_time_codes').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('one_time_codes_previous')
    .addColumn('mobile_lookup', 'varchar(64)', (column) => column.primaryKey())
    .addColumn('code_hash', 'varchar(64)', (column) => column.notNull())
    .addColumn('attempts', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('created_at', 'varchar(30)', (column) => column.notNull())
    .addColumn('expires_at', 'varchar(30)', (column) => column.notNull())
    .execute();
  await sql`insert into one_time_codes_previous (mobile_lookup, code_hash, attempts, created_at, expires_at)
    select mobile_lookup, code_hash, attempts, created_at, expires_at from one_time_codes
    where purpose = 'sign_in'`.execute(db);
  await db.schema.dropTable('one_time_codes').execute();
  await db.schema.alterTable('one_time_codes_previous').renameTo('one_time_codes').execute();
}
