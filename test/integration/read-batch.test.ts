/**
 * Read batching (src/db/read-batch.ts) on SQLite and PostgreSQL: the reads a turn of requests asks for
 * come back exactly as the single reads would (rows, missing keys, the same key twice), and reach the
 * database as one statement per kind, counted by a plugin on the real database.
 */
import type { FastifyInstance } from 'fastify';
import { sql, type KyselyPlugin, type PluginTransformQueryArgs, type RootOperationNode } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountRepository } from '../../src/db/accounts-repository.js';
import { TradeInRepository } from '../../src/db/trade-in-repository.js';
import { storedAnswer } from '../../src/services/idempotent-write.js';
import { quietApp } from '../support/app.js';
import { DIALECTS, testEnvironment, type TestEnvironment } from '../support/databases.js';
import { DEMO_ENV, DEMO_LOGINS, signIn } from '../support/sessions.js';

/** Counts the statements run through the Kysely instance it is plugged into. */
class StatementCount implements KyselyPlugin {
  count = 0;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.count += 1;
    return args.node;
  }
  transformResult<T>(args: { result: T }): Promise<T> {
    return Promise.resolve(args.result);
  }
}

describe.each(DIALECTS)('read batching on %s', (dialect) => {
  let environment: TestEnvironment;
  let app: FastifyInstance;
  const counter = new StatementCount();
  let accounts: AccountRepository;
  let tradeIn: TradeInRepository;
  let ids: string[];

  beforeAll(async () => {
    environment = await testEnvironment(dialect, DEMO_ENV);
    app = await quietApp(environment.config);
    const { db } = app.services.database;
    accounts = new AccountRepository(db.withPlugin(counter), dialect);
    tradeIn = new TradeInRepository(db.withPlugin(counter), dialect);
    ids = (await db.selectFrom('accounts').select('id').orderBy('id').limit(5).execute()).map((row) => row.id);
  });
  afterAll(async () => {
    await app?.close();
    await environment?.cleanup();
  });

  /** The statements `reads` ran, all asked for in one turn. */
  async function statementsOf<T>(reads: () => Promise<T>[]): Promise<{ results: T[]; statements: number }> {
    const before = counter.count;
    const results = await Promise.all(reads());
    return { results, statements: counter.count - before };
  }

  it('reads accounts by id as the single read does: each row, a missing one, the same one twice', async () => {
    const { db } = app.services.database;
    expect(ids.length).toBeGreaterThanOrEqual(3);
    const asked = [...ids, 'no-such-account', ids[0] ?? ''];
    const { results, statements } = await statementsOf(() => asked.map((id) => accounts.findById(id)));
    const single = await Promise.all(asked.map((id) => accounts.findById(id, db)));
    expect(results).toEqual(single);
    expect(results[asked.length - 2]).toBeUndefined();
    expect(results[0]?.id).toBe(ids[0]);
    expect(statements).toBe(1);
  });

  it('reads sessions with their accounts and roles in one statement a turn', async () => {
    await signIn(app, DEMO_LOGINS.admin);
    await signIn(app, DEMO_LOGINS.merchant_cashier);
    const { db } = app.services.database;
    const sessionIds = (await db.selectFrom('sessions').select('id').orderBy('id').execute()).map((row) => row.id);
    expect(sessionIds.length).toBeGreaterThanOrEqual(2);
    const asked = [...sessionIds, 'no-such-session'];
    const { results, statements } = await statementsOf(() => asked.map((id) => accounts.sessionWithAccount(id)));
    for (const [index, id] of sessionIds.entries()) {
      expect(results[index]?.session.id).toBe(id);
      expect(results[index]?.roles.length).toBeGreaterThan(0);
    }
    expect(results[sessionIds.length]).toBeUndefined();
    // The same answers one at a time, each in a turn of its own.
    for (const [index, id] of asked.entries()) expect(await accounts.sessionWithAccount(id)).toEqual(results[index]);
    expect(statements).toBe(1);
  });

  it('reads merchants and one merchant’s memberships per turn, and leaves reads in a transaction alone', async () => {
    const { db } = app.services.database;
    const merchantIds = (await db.selectFrom('merchants').select('id').execute()).map((row) => row.id);
    expect(merchantIds.length).toBeGreaterThan(0);
    const asked = [...merchantIds, 'no-such-merchant'];
    const merchants = await statementsOf(() => asked.map((id) => accounts.findMerchant(id)));
    expect(merchants.results.map((row) => row?.id)).toEqual([...merchantIds, undefined]);
    expect(merchants.statements).toBe(1);
    const memberships = await statementsOf(() => asked.map((id) => tradeIn.membershipsOf([id])));
    expect(memberships.results).toEqual(await Promise.all(asked.map((id) => tradeIn.membershipsOf([id], db))));
    expect(memberships.results.at(-1)).toEqual([]);
    expect(memberships.statements).toBe(1);
    // Inside a transaction each read is the transaction's own statement, on its connection.
    const inside = await db.transaction().execute(async (trx) => {
      const before = counter.count;
      const rows = await Promise.all(ids.map((id) => accounts.findById(id, trx)));
      return { rows, counted: counter.count - before };
    });
    expect(inside.rows.map((row) => row?.id)).toEqual(ids);
    expect(inside.counted).toBe(0);
  });

  it('reads stored answers of idempotency keys as they are, batched per turn', async () => {
    const { db } = app.services.database;
    const at = new Date().toISOString();
    await db
      .insertInto('idempotency_records')
      .values(
        [1, 2].map((n) => ({
          scope: 'read-batch-test',
          key: `key-${n}`,
          route: 'POST /x',
          request_hash: `hash-${n}`,
          created_at: at,
          state: 'done',
          status_code: 201,
          response_body: JSON.stringify({ n }),
        })),
      )
      .execute();
    const store = { db: db.withPlugin(counter), dialect };
    const claims = [1, 2, 3].map((n) => ({
      scope: 'read-batch-test',
      key: `key-${n}`,
      route: 'POST /x',
      requestHash: `hash-${n}`,
    }));
    const { results: answers, statements } = await statementsOf(() =>
      claims.map((claim) => storedAnswer(store, claim)),
    );
    expect(statements).toBe(1);
    expect(answers.map((answer) => (answer === null ? null : [answer.statusCode, answer.body]))).toEqual([
      [201, '{"n":1}'],
      [201, '{"n":2}'],
      null,
    ]);
    const stored = await sql<{ n: number }>`select count(*) as n from idempotency_records
      where scope = 'read-batch-test'`.execute(db);
    expect(Number(stored.rows[0]?.n)).toBe(2);
  });
});
