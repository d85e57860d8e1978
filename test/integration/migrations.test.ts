import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.js';
import { knownMigrations, migrateToLatest, rollbackAll, rollbackOne } from '../../src/db/migrate.js';
import { DIALECTS, testEnvironment, type TestEnvironment } from '../support/databases.js';

async function tableNames(handle: DatabaseHandle): Promise<string[]> {
  const tables = await handle.db.introspection.getTables();
  // On PostgreSQL, only this test's schema: other test files (and other processes) migrate their own.
  return tables
    .filter((table) => handle.schema === null || table.schema === handle.schema)
    .map((table) => table.name)
    .filter((name) => !name.startsWith('huimin_migrations'))
    .sort();
}

describe.each(DIALECTS)('migrations on %s', (dialect) => {
  let environment: TestEnvironment;
  let handle: DatabaseHandle;

  beforeAll(async () => {
    environment = await testEnvironment(dialect);
    handle = await openDatabase(environment.config);
  });
  afterAll(async () => {
    await handle?.destroy();
    await environment?.cleanup();
  });

  it('run up, down and up again, leaving the same tables', async () => {
    const first = await migrateToLatest(handle);
    expect(first.applied).toEqual(knownMigrations());
    const tables = await tableNames(handle);
    expect(tables).toContain('plan_versions');

    await rollbackAll(handle);
    expect(await tableNames(handle)).toEqual([]);

    await migrateToLatest(handle);
    expect(await tableNames(handle)).toEqual(tables);
    expect((await migrateToLatest(handle)).applied).toEqual([]);
  });

  it('rolls back one step at a time', async () => {
    const newest = knownMigrations().at(-1);
    expect((await rollbackOne(handle)).applied).toEqual([newest]);
    await migrateToLatest(handle);
  });

  it('lets the database refuse a second current version of a plan', async () => {
    const row = (id: string, hash: string, current: number) => ({
      id,
      code: 'p',
      content_hash: hash,
      title: 't',
      status: 'draft',
      year: 2025,
      imported_at: '2026-01-01T00:00:00.000Z',
      is_current: current,
      document: '{}',
      source_text: '',
      lint_report: '{}',
    });
    await handle.db
      .insertInto('plan_versions')
      .values(row('p@1', '1'.repeat(64), 1))
      .execute();
    await expect(
      handle.db
        .insertInto('plan_versions')
        .values(row('p@2', '2'.repeat(64), 1))
        .execute(),
    ).rejects.toThrow();
    await expect(
      handle.db
        .insertInto('plan_versions')
        .values(row('p@3', '3'.repeat(64), 2))
        .execute(),
    ).rejects.toThrow();
    const count = await sql<{ n: number }>`select count(*) as n from plan_versions`.execute(handle.db);
    expect(Number(count.rows[0]?.n)).toBe(1);
  });

  it('keeps one-time codes per mobile number and purpose, and carries sign-in codes through down and up', async () => {
    // written as the database sees it: the check constraint, not the type, is under test
    const code = (purpose: 'sign_in' | 'register', hash: string) => ({
      mobile_lookup: 'm'.repeat(64),
      purpose,
      code_hash: hash,
      attempts: 0,
      created_at: '2026-01-01T00:00:00.000Z',
      expires_at: '2026-01-01T00:05:00.000Z',
    });
    await handle.db
      .insertInto('one_time_codes')
      .values(code('sign_in', 'a'.repeat(64)))
      .execute();
    await handle.db
      .insertInto('one_time_codes')
      .values(code('register', 'b'.repeat(64)))
      .execute();
    await expect(
      handle.db
        .insertInto('one_time_codes')
        .values(code('register', 'c'.repeat(64)))
        .execute(),
    ).rejects.toThrow();
    await expect(
      handle.db
        .insertInto('one_time_codes')
        .values(code('reset' as 'register', 'd'.repeat(64)))
        .execute(),
    ).rejects.toThrow();

    // Undo migrations, newest first, down to (and including) the one that added the purpose.
    const undone: string[] = [];
    while (!undone.includes('2026-12-01T2100-one-time-code-purpose')) {
      const step = (await rollbackOne(handle)).applied;
      expect(step).toHaveLength(1);
      undone.push(...step);
    }
    const before = await sql<{ code_hash: string }>`select code_hash from one_time_codes`.execute(handle.db);
    expect(before.rows.map((row) => row.code_hash)).toEqual(['a'.repeat(64)]);
    await migrateToLatest(handle);
    const after = await sql<{
      purpose: string;
      code_hash: string;
    }>`select purpose, code_hash from one_time_codes`.execute(handle.db);
    expect(after.rows).toEqual([{ purpose: 'sign_in', code_hash: 'a'.repeat(64) }]);
  });

  it('moves a redemption’s settlement state into its own table and back (2026-12-06T2100)', async () => {
    const undoThrough = async (name: string) => {
      for (let step = await rollbackOne(handle); !step.applied.includes(name); step = await rollbackOne(handle)) {
        expect(step.applied).toHaveLength(1);
      }
    };
    await undoThrough('2026-12-06T2100-redemption-settlement-state');
    // Written as the old schema had them: in a batch and committed; in a batch; in none.
    const sale = (id: string, state: string, settlementId: string | null, committed: number) => sql`
      insert into trade_in_redemptions (id, qualification_id, citizen_id, merchant_id, unit_id, line, category,
        model, serial_number, goods_key, efficiency_grade, final_price_fen, subsidy_fen, returned_price_fen,
        invoice_number, invoice_buyer_cipher, explanation, explanation_en, clause, parameter_version,
        plan_version_id, state, settlement_id, committed, cashier_id, device_id, day, created_at)
      values (${id}, ${`q-${id}`}, 'c', 'm', 'hubin', 'appliance', 'tv', 'TV', ${`S-${id}`}, ${`g-${id}`}, 1,
        100000, 20000, 0, ${`I-${id}`}, 'x', '说明', 'why', '条款', 'v', 'p', ${state}, ${settlementId},
        ${committed}, 'k', null, '2025-06-01', '2025-06-01T02:00:00.000Z')`;
    await sale('r-1', 'settled', 'batch-1', 1).execute(handle.db);
    await sale('r-2', 'redeemed', 'batch-2', 0).execute(handle.db);
    await sale('r-3', 'redeemed', null, 0).execute(handle.db);
    await migrateToLatest(handle);
    const moved = await sql<{ redemption_id: string; settlement_id: string | null; committed: number }>`
      select redemption_id, settlement_id, committed from trade_in_redemption_settlement order by redemption_id`.execute(
      handle.db,
    );
    expect(moved.rows.map((row) => ({ ...row, committed: Number(row.committed) }))).toEqual([
      { redemption_id: 'r-1', settlement_id: 'batch-1', committed: 1 },
      { redemption_id: 'r-2', settlement_id: 'batch-2', committed: 0 },
    ]);
    const columns = await handle.db.introspection.getTables();
    const sales = columns.find(
      (table) => table.name === 'trade_in_redemptions' && (handle.schema === null || table.schema === handle.schema),
    );
    expect(sales?.columns.map((column) => column.name)).not.toContain('settlement_id');
    // And back: the columns again, with what the narrow table held.
    await undoThrough('2026-12-06T2100-redemption-settlement-state');
    const back = await sql<{ id: string; settlement_id: string | null; committed: number; state: string }>`
      select id, settlement_id, committed, state from trade_in_redemptions order by id`.execute(handle.db);
    expect(back.rows.map((row) => ({ ...row, committed: Number(row.committed) }))).toEqual([
      { id: 'r-1', settlement_id: 'batch-1', committed: 1, state: 'settled' },
      { id: 'r-2', settlement_id: 'batch-2', committed: 0, state: 'redeemed' },
      { id: 'r-3', settlement_id: null, committed: 0, state: 'redeemed' },
    ]);
    await migrateToLatest(handle);
    await sql`delete from trade_in_redemption_settlement`.execute(handle.db);
    await sql`delete from trade_in_redemptions`.execute(handle.db);
  });
});
