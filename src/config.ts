/**
 * The process configuration: read from the environment once, validated, frozen. Nothing else in
 * the code reads process.env. Every problem is reported at once, so a misconfigured deployment
 * is fixed in one pass instead of one restart per mistake.
 */
import { isIP } from 'node:net';
import { createPrivateKey, type KeyObject } from 'node:crypto';
import path from 'node:path';
import { projectRoot } from './shared/project-root.js';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** PostgreSQL connection string; null selects the embedded SQLite database in dataDir. */
  readonly databaseUrl: string | null;
  /** PostgreSQL schema to use (search_path); tests give each run its own. */
  readonly databaseSchema: string | null;
  readonly logLevel: LogLevel;
  readonly policiesDir: string;
  /** Plan folder under policiesDir that the platform runs. */
  readonly planCode: string;
  /** Built web pages; served at / when present. */
  readonly webDir: string;
  /** Plans compiled at build time (`huimin plan compile`); used only while they match their folder. */
  readonly planBundleDir: string;
  readonly migrateOnStart: boolean;
  /** Demo mode: one account per role is created at start; off, any demo accounts are deleted. */
  readonly demo: boolean;
  /**
   * Demo mode's month of trade-in activity (src/app/demo-activity.ts): 1 is the default (2,000
   * citizens, 37 merchants, about 1,500 sales), N multiplies it, 0 leaves the month out (accounts only).
   */
  readonly demoScale: number;
  /** Keys for personal data; null: use (and create) the keys file in the data folder. */
  readonly personalDataKeys: PersonalDataKeys | null;
  /** Where keys live when the environment gives none. */
  readonly keysFile: string;
  /** Ed25519 key that signs statements of the audit chains' heads; null: use (and create) the keys file's. */
  readonly auditSigningKey: KeyObject | null;
  /** Where signed statements of the chains' heads are written (docs/access.md: copy them elsewhere). */
  readonly auditStatementsDir: string;
  readonly rateLimits: RateLimits;
  /**
   * Redis, for counts that several app processes share (rate limits); null: each process counts in
   * its own memory.
   */
  readonly redisUrl: string | null;
  /** Put before every key huimin keeps in Redis (rate limits: `<prefix>rate:…`). */
  readonly redisPrefix: string;
  /** Which reverse proxies' X-Forwarded-* to believe (client address, https for Secure cookies). */
  readonly trustProxy: TrustProxy;
  /**
   * Bearer token that a Prometheus scraper sends to GET /metrics (docs/operations.md); null: no
   * /metrics at all (it answers 404).
   */
  readonly metricsToken: string | null;
  /**
   * Tests only (NODE_ENV=test): stop the process inside every idempotent write, before or after its
   * commit, so a crash test can kill it there (services/idempotent-write.ts).
   */
  readonly faultPause: 'before-commit' | 'after-commit' | null;
  /**
   * Days after a sale before it is settled (HUIMIN_TRADE_IN_SETTLE_AFTER_DAYS, default 7: the seven-day
   * no-reason return, 七日无理由退货); a platform setting, not a plan rule.
   */
  readonly tradeInSettleAfterDays: number;
  /**
   * Days after a sale within which the merchant takes a return (HUIMIN_TRADE_IN_RETURN_DAYS, default 15:
   * the fifteen-day return for a quality fault under 三包); past the settlement wait, its subsidy is
   * clawed back from the merchant's next settlement.
   */
  readonly tradeInReturnDays: number;
  /**
   * The business day trade-in and settlement judge on (HUIMIN_CLOCK_DATE=YYYY-MM-DD): the clock is
   * moved by whole days so that today is that date, the time of day kept. Demo mode sets 2025-06-16 so
   * that the 2025 plan's rules are in force; `off` or unset outside demo mode: the real date. With a
   * time (YYYY-MM-DDTHH:MM, Asia/Shanghai) the clock starts at that moment and runs on from it.
   */
  readonly clockDate: string | null;
}

/**
 * false: none (the socket's address is the client's); a number: that many proxy hops in front of
 * huimin (the client is that many entries from the right of X-Forwarded-For); a list: the proxies'
 * addresses or CIDR ranges (and proxy-addr's names loopback, linklocal, uniquelocal). Never "every
 * hop": a client could then name its own address and walk past the per-address rate limits.
 */
export type TrustProxy = false | number | readonly string[];

export interface PersonalDataKeys {
  /** AES-256 keys by id; `activeKeyId` encrypts, all decrypt. */
  readonly encryptionKeys: ReadonlyMap<string, Buffer>;
  readonly activeKeyId: string;
  /** HMAC-SHA-256 key for lookups of personal data without decrypting. */
  readonly lookupKey: Buffer;
}

/** Requests per minute. */
export interface RateLimits {
  /** Sign-in, registration and one-time codes, per client address. */
  readonly signInPerAddress: number;
  /** Sign-in attempts per login (account), whatever the address. */
  readonly signInPerAccount: number;
  /** Money-moving routes, per signed-in account. */
  readonly moneyPerAccount: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Environment = Readonly<Record<string, string | undefined>>;

function readPort(env: Environment, problems: string[]): number {
  const raw = env.PORT?.trim();
  if (raw === undefined || raw === '') return 3000;
  if (!/^\d+$/.test(raw) || Number(raw) > 65535) {
    problems.push(`PORT must be an integer from 0 to 65535 (got "${raw}")`);
    return 0;
  }
  return Number(raw);
}

function readDatabaseUrl(env: Environment, problems: string[]): string | null {
  const raw = env.DATABASE_URL?.trim();
  if (raw === undefined || raw === '') return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    problems.push('DATABASE_URL must be a URL such as postgres://user@host:5432/database');
    return null;
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    problems.push(`DATABASE_URL must use postgres:// or postgresql:// (got "${url.protocol}")`);
  }
  return raw;
}

function readRedisUrl(env: Environment, problems: string[]): string | null {
  const raw = env.REDIS_URL?.trim();
  if (raw === undefined || raw === '') return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    problems.push('REDIS_URL must be a URL such as redis://redis:6379/0');
    return null;
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    problems.push(`REDIS_URL must use redis:// or rediss:// (got "${url.protocol}")`);
  }
  return raw;
}

function readRedisPrefix(env: Environment, problems: string[]): string {
  const raw = env.HUIMIN_REDIS_PREFIX?.trim();
  if (raw === undefined || raw === '') return 'huimin:';
  if (!/^[A-Za-z0-9:._-]{1,64}$/.test(raw)) {
    problems.push(`HUIMIN_REDIS_PREFIX must be 1–64 letters, digits and :._- (got "${raw}")`);
  }
  return raw;
}

function readSchema(env: Environment, problems: string[]): string | null {
  const raw = env.HUIMIN_DATABASE_SCHEMA?.trim();
  if (raw === undefined || raw === '') return null;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(raw)) {
    problems.push(`HUIMIN_DATABASE_SCHEMA must be a lower-case SQL identifier (got "${raw}")`);
  }
  return raw;
}

function readLogLevel(env: Environment, problems: string[]): LogLevel {
  const raw = env.LOG_LEVEL?.trim().toLowerCase();
  if (raw === undefined || raw === '') return 'info';
  const level = LOG_LEVELS.find((candidate) => candidate === raw);
  if (level === undefined) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${raw}")`);
    return 'info';
  }
  return level;
}

function readBoolean(env: Environment, name: string, fallback: boolean, problems: string[]): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  problems.push(`${name} must be true or false (got "${raw}")`);
  return fallback;
}

function readPlanCode(env: Environment, problems: string[]): string {
  const raw = env.HUIMIN_PLAN?.trim();
  if (raw === undefined || raw === '') return 'sanmenxia-2025';
  if (!/^[a-z0-9][a-z0-9-]*$/.test(raw)) {
    problems.push(`HUIMIN_PLAN must name a folder under the policies folder, like sanmenxia-2025 (got "${raw}")`);
  }
  return raw;
}

/** Demo mode's business day: inside the 2025 plan's year, a month after the demo's activity begins. */
export const DEMO_CLOCK_DATE = '2025-06-16';

function readClockDate(env: Environment, embedded: boolean, problems: string[]): string | null {
  const raw = env.HUIMIN_CLOCK_DATE?.trim();
  if (raw === 'off') return null;
  if (raw === undefined || raw === '') {
    const demo = env.HUIMIN_DEMO?.trim();
    const demoOn =
      demo === undefined || demo === '' ? embedded : ['1', 'true', 'yes', 'on'].includes(demo.toLowerCase());
    return demoOn ? DEMO_CLOCK_DATE : null;
  }
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?$/.test(raw) || Number.isNaN(Date.parse(`${raw.slice(0, 10)}T00:00:00Z`))) {
    problems.push(`HUIMIN_CLOCK_DATE must be YYYY-MM-DD, YYYY-MM-DDTHH:MM (Asia/Shanghai) or off (got "${raw}")`);
    return null;
  }
  return raw;
}

function readPositiveInteger(env: Environment, name: string, fallback: number, problems: string[]): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d{1,9}$/.test(raw) || Number(raw) === 0) {
    problems.push(`${name} must be a whole number above 0 (got "${raw}")`);
    return fallback;
  }
  return Number(raw);
}

function readDemoScale(env: Environment, problems: string[]): number {
  const raw = env.HUIMIN_DEMO_SCALE?.trim();
  if (raw === undefined || raw === '') return 1;
  if (!/^\d{1,2}$/.test(raw)) {
    problems.push(`HUIMIN_DEMO_SCALE must be a whole number from 0 to 99 (got "${raw}")`);
    return 1;
  }
  return Number(raw);
}

const TRUST_PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

function isAddressOrRange(entry: string): boolean {
  if (TRUST_PROXY_NAMES.includes(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

function readTrustProxy(env: Environment, problems: string[]): TrustProxy {
  const raw = env.HUIMIN_TRUST_PROXY?.trim();
  if (raw === undefined || raw === '') return false;
  const lower = raw.toLowerCase();
  if (['false', 'no', 'off'].includes(lower)) return false;
  if (['true', 'yes', 'on'].includes(lower)) {
    problems.push(
      `HUIMIN_TRUST_PROXY=${raw} would trust every hop, so any client could pick its own address with X-Forwarded-For ` +
        'and escape the per-address rate limits: give the number of proxies in front of huimin (e.g. 1) or their ' +
        'addresses or CIDR ranges (e.g. 10.0.0.5,10.0.1.0/24), or false',
    );
    return false;
  }
  if (/^\d+$/.test(raw)) {
    const hops = Number(raw);
    if (hops > 10) problems.push(`HUIMIN_TRUST_PROXY must be at most 10 proxy hops (got ${raw})`);
    return hops === 0 ? false : hops;
  }
  const entries = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  const wrong = entries.filter((entry) => !isAddressOrRange(entry));
  if (wrong.length > 0 || entries.length === 0) {
    problems.push(
      'HUIMIN_TRUST_PROXY must be false, a number of proxy hops (e.g. 1), or a comma-separated list of proxy ' +
        `addresses or CIDR ranges (e.g. 10.0.0.5,10.0.1.0/24); not an address: ${wrong.join(', ') || raw}`,
    );
    return false;
  }
  return Object.freeze(entries);
}

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

function readKey(raw: string, what: string, problems: string[]): Buffer | null {
  const key = Buffer.from(raw, 'base64');
  if (key.length !== 32 || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(raw)) {
    problems.push(`${what} must be 32 bytes in base64 (e.g. \`openssl rand -base64 32\`)`);
    return null;
  }
  return key;
}

function readPersonalDataKeys(env: Environment, problems: string[]): PersonalDataKeys | null {
  const rawKeys = env.HUIMIN_PII_KEYS?.trim() ?? '';
  const rawActive = env.HUIMIN_PII_ACTIVE_KEY?.trim() ?? '';
  const rawLookup = env.HUIMIN_PII_HMAC_KEY?.trim() ?? '';
  if (rawKeys === '' && rawActive === '' && rawLookup === '') return null;
  const encryptionKeys = new Map<string, Buffer>();
  for (const entry of rawKeys.split(',').filter((part) => part.trim() !== '')) {
    const separator = entry.indexOf(':');
    const id = entry.slice(0, separator).trim();
    if (separator < 0 || !KEY_ID.test(id)) {
      problems.push('HUIMIN_PII_KEYS must list keyId:base64key pairs separated by commas (key ids: A-Z a-z 0-9 _ -)');
      continue;
    }
    if (encryptionKeys.has(id)) problems.push(`HUIMIN_PII_KEYS names key "${id}" twice`);
    const key = readKey(entry.slice(separator + 1).trim(), `HUIMIN_PII_KEYS key "${id}"`, problems);
    if (key !== null) encryptionKeys.set(id, key);
  }
  if (encryptionKeys.size === 0) problems.push('HUIMIN_PII_KEYS must give at least one key');
  const activeKeyId = rawActive || ([...encryptionKeys.keys()].at(-1) ?? '');
  if (activeKeyId !== '' && encryptionKeys.size > 0 && !encryptionKeys.has(activeKeyId)) {
    problems.push(`HUIMIN_PII_ACTIVE_KEY "${activeKeyId}" is not one of the keys in HUIMIN_PII_KEYS`);
  }
  if (rawLookup === '') problems.push('HUIMIN_PII_HMAC_KEY must be set with HUIMIN_PII_KEYS');
  const lookupKey = rawLookup === '' ? null : readKey(rawLookup, 'HUIMIN_PII_HMAC_KEY', problems);
  if (lookupKey === null) return null;
  return { encryptionKeys, activeKeyId, lookupKey };
}

function readMetricsToken(env: Environment, problems: string[]): string | null {
  const raw = env.HUIMIN_METRICS_TOKEN?.trim();
  if (raw === undefined || raw === '') return null;
  // What a scraper can send in an Authorization header, and long enough not to be guessed.
  if (!/^[A-Za-z0-9._~+/=-]{24,200}$/.test(raw)) {
    problems.push('HUIMIN_METRICS_TOKEN must be 24–200 letters, digits and ._~+/=- (e.g. `openssl rand -base64 32`)');
    return null;
  }
  return raw;
}

function readFaultPause(env: Environment, problems: string[]): Config['faultPause'] {
  const raw = env.HUIMIN_FAULT_PAUSE?.trim();
  if (raw === undefined || raw === '') return null;
  if (env.NODE_ENV !== 'test') {
    problems.push('HUIMIN_FAULT_PAUSE stops the server mid-transaction and is for crash tests only (NODE_ENV=test)');
    return null;
  }
  if (raw !== 'before-commit' && raw !== 'after-commit') {
    problems.push(`HUIMIN_FAULT_PAUSE must be before-commit or after-commit (got "${raw}")`);
    return null;
  }
  return raw;
}

/** DER prefix of a PKCS#8 Ed25519 private key (RFC 8410); the 32-byte seed follows it. */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** An Ed25519 private key from base64 of its 32-byte seed or of its PKCS#8 DER encoding. */
export function ed25519PrivateKey(base64: string): KeyObject {
  const bytes = Buffer.from(base64, 'base64');
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(base64)) throw new Error('not base64');
  const der = bytes.length === 32 ? Buffer.concat([ED25519_PKCS8_PREFIX, bytes]) : bytes;
  const key = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`a ${key.asymmetricKeyType ?? 'unknown'} key`);
  return key;
}

function readAuditSigningKey(env: Environment, problems: string[]): KeyObject | null {
  const raw = env.HUIMIN_AUDIT_SIGNING_KEY?.trim() ?? '';
  if (raw === '') return null;
  try {
    return ed25519PrivateKey(raw);
  } catch {
    problems.push(
      'HUIMIN_AUDIT_SIGNING_KEY must be an Ed25519 private key: base64 of its 32-byte seed ' +
        '(e.g. `openssl rand -base64 32`) or of its PKCS#8 DER encoding',
    );
    return null;
  }
}

/** Reads and validates the configuration; throws ConfigError listing every problem. */
export function loadConfig(env: Environment = process.env): Config {
  const problems: string[] = [];
  const root = projectRoot();
  // Relative to the project folder, like the plans, so the CLI run from a subfolder finds the
  // same database as the server.
  const dataDir = path.resolve(root, env.HUIMIN_DATA_DIR?.trim() || 'data');
  const config: Config = {
    port: readPort(env, problems),
    host: env.HOST?.trim() || '0.0.0.0',
    dataDir,
    databaseUrl: readDatabaseUrl(env, problems),
    databaseSchema: readSchema(env, problems),
    logLevel: readLogLevel(env, problems),
    policiesDir: path.resolve(env.HUIMIN_POLICIES_DIR?.trim() || path.join(root, 'policies')),
    planCode: readPlanCode(env, problems),
    webDir: path.resolve(env.HUIMIN_WEB_DIR?.trim() || path.join(root, 'dist', 'web')),
    planBundleDir: path.join(root, 'dist', 'plans'),
    migrateOnStart: readBoolean(env, 'HUIMIN_MIGRATE_ON_START', true, problems),
    // The embedded database is the try-it-out setup: demo accounts on unless switched off.
    // PostgreSQL is production: demo only when asked for.
    demo: readBoolean(env, 'HUIMIN_DEMO', !env.DATABASE_URL?.trim(), problems),
    demoScale: readDemoScale(env, problems),
    personalDataKeys: readPersonalDataKeys(env, problems),
    keysFile: path.join(dataDir, 'keys.json'),
    auditSigningKey: readAuditSigningKey(env, problems),
    auditStatementsDir: path.resolve(
      root,
      env.HUIMIN_AUDIT_STATEMENTS_DIR?.trim() || path.join(dataDir, 'audit-statements'),
    ),
    rateLimits: {
      signInPerAddress: readPositiveInteger(env, 'HUIMIN_RATE_LIMIT_SIGN_IN', 20, problems),
      signInPerAccount: readPositiveInteger(env, 'HUIMIN_RATE_LIMIT_SIGN_IN_ACCOUNT', 10, problems),
      moneyPerAccount: readPositiveInteger(env, 'HUIMIN_RATE_LIMIT_MONEY', 120, problems),
    },
    redisUrl: readRedisUrl(env, problems),
    redisPrefix: readRedisPrefix(env, problems),
    trustProxy: readTrustProxy(env, problems),
    metricsToken: readMetricsToken(env, problems),
    faultPause: readFaultPause(env, problems),
    tradeInSettleAfterDays: readPositiveInteger(env, 'HUIMIN_TRADE_IN_SETTLE_AFTER_DAYS', 7, problems),
    tradeInReturnDays: readPositiveInteger(env, 'HUIMIN_TRADE_IN_RETURN_DAYS', 15, problems),
    clockDate: readClockDate(env, !env.DATABASE_URL?.trim(), problems),
  };
  if (config.databaseSchema !== null && config.databaseUrl === null) {
    problems.push('HUIMIN_DATABASE_SCHEMA applies to PostgreSQL only: set DATABASE_URL too, or unset it');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}
