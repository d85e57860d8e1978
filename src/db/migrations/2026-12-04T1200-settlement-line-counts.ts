/**
 * A batch's line counts kept on the batch: `settlements.redemption_count` (redemption and voucher lines
 * not held out) and `settlements.flagged_count` (lines with a risk flag). A batch's view shows both, and
 * it is built after every review and for every row of the queue: counting 100,000 lines each time cost
 * 150 ms a view (bench/README.md, "Settlement"). Written with the lines, and lowered when a line is held
 * out (SettlementRepository); filled here from the lines of existing batches.
 */
import { sql, type Kysely } from 'kysely';
import { isPostgres, rebuild, replaceOnce } from './sqlite-rebuild.js';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('settlements')
    .addColumn('redemption_count', 'integer', (column) => column.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('settlements')
    .addColumn('flagged_count', 'integer', (column) => column.notNull().defaultTo(0))
    .execute();
  await sql`update settlements set
    redemption_count = (select count(*) from settlement_lines l
      where l.settlement_id = settlements.id and l.kind <> 'clawback' and l.held_out = 0),
    flagged_count = (select count(*) from settlement_lines l
      where l.settlement_id = settlements.id and l.flags <> '[]')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await db.schema.alterTable('settlements').dropColumn('flagged_count').execute();
    await db.schema.alterTable('settlements').dropColumn('redemption_count').execute();
    return;
  }
  // SQLite cannot drop them beside the report triggers (sqlite-rebuild.ts): the table again without them,
  // as ALTER TABLE … ADD COLUMN appended them to its CREATE statement.
  await rebuild(db, 'settlements', (create) =>
    replaceOnce(
      replaceOnce(create, ', "flagged_count" integer default 0 not null', ''),
      ', "redemption_count" integer default 0 not null',
      '',
    ),
  );
}
