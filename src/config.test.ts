import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
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

describe('configuration of accounts and personal data', () => {
  const key = (byte: number) => Buffer.alloc(32, byte).toString('base64');

  it('turns demo mode on for the embedded database and off for PostgreSQL, unless told', () => {
    expect(loadConfig({}).demo).toBe(true);
    expect(loadConfig({ DATABASE_URL: 'postgres://db/huimin' }).demo).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://db/huimin', HUIMIN_DEMO: 'true' }).demo).toBe(true);
    expect(loadConfig({ HUIMIN_DEMO: 'off' }).demo).toBe(false);
  });

  it('reads personal-data keys; the last listed is active unless one is named', () => {
    const config = loadConfig({ HUIMIN_PII_KEYS: `k1:${key(1)}, k2:${key(2)}`, HUIMIN_PII_HMAC_KEY: key(3) });
    expect(config.personalDataKeys?.activeKeyId).toBe('k2');
    expect([...(config.personalDataKeys?.encryptionKeys.keys() ?? [])]).toEqual(['k1', 'k2']);
    expect(config.personalDataKeys?.lookupKey.equals(Buffer.alloc(32, 3))).toBe(true);
    const named = loadConfig({
      HUIMIN_PII_KEYS: `k1:${key(1)},k2:${key(2)}`,
      HUIMIN_PII_ACTIVE_KEY: 'k1',
      HUIMIN_PII_HMAC_KEY: key(3),
    });
    expect(named.personalDataKeys?.activeKeyId).toBe('k1');
    expect(loadConfig({}).personalDataKeys).toBeNull();
    expect(loadConfig({}).keysFile).toMatch(/data[/\\]keys\.json$/);
  });

  it('refuses keys of the wrong size, unknown active keys and a missing lookup key, all at once', () => {
    let problems: readonly string[] = [];
    try {
      loadConfig({
        HUIMIN_PII_KEYS: `k0:${key(7)},k1:${Buffer.alloc(16).toString('base64')},bad key`,
        HUIMIN_PII_ACTIVE_KEY: 'k9',
      });
    } catch (error) {
      if (error instanceof ConfigError) problems = error.problems;
    }
    expect(problems.join('\n')).toContain('HUIMIN_PII_KEYS key "k1" must be 32 bytes');
    expect(problems.join('\n')).toContain('keyId:base64key pairs');
    expect(problems.join('\n')).toContain('HUIMIN_PII_ACTIVE_KEY "k9"');
    expect(problems.join('\n')).toContain('HUIMIN_PII_HMAC_KEY must be set');
  });

  it('reads rate limits as whole numbers above zero', () => {
    expect(loadConfig({}).rateLimits).toEqual({ signInPerAddress: 20, signInPerAccount: 10, moneyPerAccount: 120 });
    expect(loadConfig({ HUIMIN_RATE_LIMIT_MONEY: '5' }).rateLimits.moneyPerAccount).toBe(5);
    expect(() => loadConfig({ HUIMIN_RATE_LIMIT_SIGN_IN: '0' })).toThrow(/HUIMIN_RATE_LIMIT_SIGN_IN/);
  });
});

describe('configuration of the reverse proxy', () => {
  const problemsOf = (env: Record<string, string>): readonly string[] => {
    try {
      loadConfig(env);
      return [];
    } catch (error) {
      return error instanceof ConfigError ? error.problems : [String(error)];
    }
  };

  it('trusts no proxy by default, a number of hops, or a list of addresses and ranges', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ HUIMIN_TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ HUIMIN_TRUST_PROXY: '0' }).trustProxy).toBe(false);
    expect(loadConfig({ HUIMIN_TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ HUIMIN_TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ HUIMIN_TRUST_PROXY: '10.0.0.5, 10.0.1.0/24,::1,fd00::/8,loopback' }).trustProxy).toEqual([
      '10.0.0.5',
      '10.0.1.0/24',
      '::1',
      'fd00::/8',
      'loopback',
    ]);
  });

  it('takes a metrics token only when it is long enough to go unguessed', () => {
    expect(loadConfig({}).metricsToken).toBeNull();
    const token = 'dGhpcyBpcyBhIG1ldHJpY3MgdG9rZW4=';
    expect(loadConfig({ HUIMIN_METRICS_TOKEN: ` ${token} ` }).metricsToken).toBe(token);
    for (const value of ['short', 'a token with spaces in it, long enough']) {
      expect(problemsOf({ HUIMIN_METRICS_TOKEN: value })[0], value).toMatch(/HUIMIN_METRICS_TOKEN must be 24–200/);
    }
  });

  it('refuses "true", which would let any client choose its own address, and says what to give instead', () => {
    for (const value of ['true', 'TRUE', 'yes', 'on']) {
      const problems = problemsOf({ HUIMIN_TRUST_PROXY: value });
      expect(problems, value).toHaveLength(1);
      expect(problems[0]).toMatch(/HUIMIN_TRUST_PROXY.*every hop.*number of proxies.*\(e\.g\. 1\).*CIDR/);
    }
  });

  it('refuses what is not an address or a range, with the other problems', () => {
    const problems = problemsOf({ HUIMIN_TRUST_PROXY: '10.0.0.5,proxy.internal,10.0.0.0/33', PORT: 'x' });
    expect(problems).toHaveLength(2);
    expect(problems.join('\n')).toMatch(/PORT/);
    expect(problems.join('\n')).toMatch(/HUIMIN_TRUST_PROXY.*proxy\.internal, 10\.0\.0\.0\/33/);
    expect(problemsOf({ HUIMIN_TRUST_PROXY: '99' })[0]).toMatch(/at most 10/);
  });
});

describe('configuration of Redis', () => {
  it('counts in each process unless REDIS_URL is set; keys start with huimin: unless told', () => {
    expect(loadConfig({})).toMatchObject({ redisUrl: null, redisPrefix: 'huimin:' });
    expect(loadConfig({ REDIS_URL: 'redis://cache:6379/2', HUIMIN_REDIS_PREFIX: 'huimin-staging:' })).toMatchObject({
      redisUrl: 'redis://cache:6379/2',
      redisPrefix: 'huimin-staging:',
    });
    expect(loadConfig({ REDIS_URL: 'rediss://user:secret@cache:6380' }).redisUrl).toBe(
      'rediss://user:secret@cache:6380',
    );
  });

  it('refuses what is not a Redis URL or a usable prefix, with the other problems', () => {
    let problems: readonly string[] = [];
    try {
      loadConfig({ REDIS_URL: 'http://cache:6379', HUIMIN_REDIS_PREFIX: 'has space', LOG_LEVEL: 'loud' });
    } catch (error) {
      if (error instanceof ConfigError) problems = error.problems;
    }
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/REDIS_URL must use redis:\/\/ or rediss:\/\//);
    expect(problems.join('\n')).toMatch(/HUIMIN_REDIS_PREFIX/);
    expect(() => loadConfig({ REDIS_URL: 'not a url' })).toThrow(/REDIS_URL must be a URL/);
  });
});

describe('configuration of the audit signing key', () => {
  it('accepts base64 of a 32-byte Ed25519 seed or of a PKCS#8 DER key; the two name the same key', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const der = privateKey.export({ format: 'der', type: 'pkcs8' });
    const seed = der.subarray(-32);
    const fromSeed = loadConfig({ HUIMIN_AUDIT_SIGNING_KEY: seed.toString('base64') }).auditSigningKey;
    const fromDer = loadConfig({ HUIMIN_AUDIT_SIGNING_KEY: der.toString('base64') }).auditSigningKey;
    expect(fromSeed?.asymmetricKeyType).toBe('ed25519');
    const publicOf = (key: KeyObject | null | undefined) =>
      key === null || key === undefined
        ? ''
        : createPublicKey(key).export({ format: 'der', type: 'spki' }).toString('hex');
    expect(publicOf(fromSeed)).toBe(publicOf(privateKey));
    expect(publicOf(fromDer)).toBe(publicOf(privateKey));
  });

  it('is null when unset (the keys file keeps one), and refuses anything else', () => {
    expect(loadConfig({}).auditSigningKey).toBeNull();
    expect(() => loadConfig({ HUIMIN_AUDIT_SIGNING_KEY: 'not a key' })).toThrow(/HUIMIN_AUDIT_SIGNING_KEY/);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
    const rsaDer = rsa.export({ format: 'der', type: 'pkcs8' }).toString('base64');
    expect(() => loadConfig({ HUIMIN_AUDIT_SIGNING_KEY: rsaDer })).toThrow(/Ed25519/);
    expect(() => loadConfig({ HUIMIN_AUDIT_SIGNING_KEY: Buffer.alloc(31).toString('base64') })).toThrow(
      /HUIMIN_AUDIT_SIGNING_KEY/,
    );
  });

  it('writes statements to the data folder unless told where', () => {
    expect(loadConfig({ HUIMIN_DATA_DIR: '/tmp/huimin' }).auditStatementsDir).toBe('/tmp/huimin/audit-statements');
    expect(loadConfig({ HUIMIN_AUDIT_STATEMENTS_DIR: '/mnt/worm/huimin' }).auditStatementsDir).toBe('/mnt/worm/huimin');
  });
});
