/**
 * Real databases for integration tests: a fresh SQLite file in a temporary folder, or a fresh
 * schema on the PostgreSQL server (HUIMIN_TEST_DATABASE_URL, default the local `test` database),
 * so runs never collide and leave nothing behind.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../../src/config.js';
import { dropPostgresSchema, ensurePostgresSchema } from '../../src/db/database.js';

export type TestDialect = 'sqlite' | 'postgres';
export const DIALECTS: readonly TestDialect[] = ['sqlite', 'postgres'];

export const POSTGRES_URL = process.env.HUIMIN_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestEnvironment {
  readonly config: Config;
  readonly env: Record<string, string>;
  cleanup(): Promise<void>;
}

/** A configuration on a new, empty database of the given dialect. */
export async function testEnvironment(
  dialect: TestDialect,
  extra: Record<string, string> = {},
): Promise<TestEnvironment> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'huimin-test-'));
  // The demo's month of activity only where a test asks for it (HUIMIN_DEMO_SCALE): the others start clean.
  const env: Record<string, string> = {
    HUIMIN_DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    PORT: '0',
    HUIMIN_DEMO_SCALE: '0',
    ...extra,
  };
  let schema: string | null = null;
  if (dialect === 'postgres') {
    schema = `huimin_test_${process.pid}_${randomBytes(4).toString('hex')}`;
    await ensurePostgresSchema(POSTGRES_URL, schema);
    env.DATABASE_URL = POSTGRES_URL;
    env.HUIMIN_DATABASE_SCHEMA = schema;
  }
  return {
    config: loadConfig(env),
    env,
    async cleanup() {
      if (schema !== null) await dropPostgresSchema(POSTGRES_URL, schema);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
