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
});
