import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';
import { projectRoot } from './shared/project-root.js';

describe('configuration', () => {
  it('has working defaults: port 3000, SQLite in ./data, info logs', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeNull();
    expect(config.dataDir).toBe(path.join(projectRoot(), 'data'));
    expect(config.logLevel).toBe('info');
    expect(config.planCode).toBe('sanmenxia-2025');
    expect(config.policiesDir.endsWith(`${path.sep}policies`)).toBe(true);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads every setting', () => {
    const config = loadConfig({
      PORT: '8080',
      HUIMIN_DATA_DIR: '/tmp/huimin',
      DATABASE_URL: 'postgres://u@h:5432/d',
      HUIMIN_DATABASE_SCHEMA: 'tenant_a',
      LOG_LEVEL: 'DEBUG',
      HUIMIN_MIGRATE_ON_START: 'false',
    });
    expect(config).toMatchObject({
      port: 8080,
      dataDir: '/tmp/huimin',
      databaseUrl: 'postgres://u@h:5432/d',
      databaseSchema: 'tenant_a',
      logLevel: 'debug',
      migrateOnStart: false,
    });
  });

  it('lists every problem at once', () => {
    let caught: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x@y/z',
        LOG_LEVEL: 'loud',
        HUIMIN_MIGRATE_ON_START: 'maybe',
        HUIMIN_DATABASE_SCHEMA: 'Bad-Name',
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const { problems } = caught as ConfigError;
    expect(problems).toHaveLength(5);
    expect(problems.join('\n')).toMatch(
      /PORT.*DATABASE_URL.*HUIMIN_DATABASE_SCHEMA.*LOG_LEVEL.*HUIMIN_MIGRATE_ON_START/s,
    );
  });

  it('refuses a PostgreSQL schema without PostgreSQL', () => {
    expect(() => loadConfig({ HUIMIN_DATABASE_SCHEMA: 'tenant_a' })).toThrow(/HUIMIN_DATABASE_SCHEMA/);
  });

  it('refuses a port out of range and a URL that is not one', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'not a url' })).toThrow(/DATABASE_URL/);
  });
});
