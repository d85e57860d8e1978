/**
 * budget_holds' pool index without the status: `budget_holds_pool` on (pool_id) instead of (pool_id,
 * status). No query looks holds up by pool and status (the books sum every hold; a hold is found by its
 * id or its idempotency key); the index is there for the foreign key to the pool. With the status in it,
 * every hold that is committed or released moved in the index too: 200,000 index entries deleted and
 * written again at a settlement's final approval (bench/README.md, "Settlement, narrow settlement rows and holds in hold order").
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('budget_holds_pool').execute();
  await db.schema.createIndex('budget_holds_pool').on('budget_holds').column('pool_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('budget_holds_pool').execute();
  await db.schema.createIndex('budget_holds_pool').on('budget_holds').columns(['pool_id', 'status']).execute();
}
