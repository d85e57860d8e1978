/**
 * The security log: sign-ins, refusals, bulk reads and other high-volume events, in a hash chain of
 * its own (docs/access.md). Same columns and same canonical encoding as the audit log, with its own
 * separately kept head, so the busy chain never slows down or interleaves with the audit chain and
 * each can be verified and stated on its own.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('security_events')
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
  await db.schema.createIndex('security_events_actor').on('security_events').columns(['actor', 'sequence']).execute();
  await db.schema
    .createIndex('security_events_subject')
    .on('security_events')
    .columns(['subject', 'sequence'])
    .execute();
  // Auditors look for one kind of event (every failed sign-in) more often than in the audit log.
  await db.schema.createIndex('security_events_action').on('security_events').columns(['action', 'sequence']).execute();

  await db.schema
    .createTable('security_head')
    .addColumn('id', 'integer', (column) => column.primaryKey())
    .addColumn('sequence', 'bigint', (column) => column.notNull())
    .addColumn('hash', 'varchar(64)', (column) => column.notNull())
    .addCheckConstraint('security_head_single_row', sql`id = 1`)
    .execute();
  await db
    .insertInto('security_head')
    .values({ id: 1, sequence: 0, hash: '0'.repeat(64) })
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('security_head').execute();
  await db.schema.dropTable('security_events').execute();
}
