/**
 * The process configuration: read from the environment once, validated, frozen. Nothing else in
 * the code reads process.env. Every problem is reported at once, so a misconfigured deployment
 * is fixed in one pass instead of one restart per mistake.
 */
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

/** Reads and validates the configuration; throws ConfigError listing every problem. */
export function loadConfig(env: Environment = process.env): Config {
  const problems: string[] = [];
  const root = projectRoot();
  const config: Config = {
    port: readPort(env, problems),
    host: env.HOST?.trim() || '0.0.0.0',
    // Relative to the project folder, like the plans, so the CLI run from a subfolder finds the
    // same database as the server.
    dataDir: path.resolve(root, env.HUIMIN_DATA_DIR?.trim() || 'data'),
    databaseUrl: readDatabaseUrl(env, problems),
    databaseSchema: readSchema(env, problems),
    logLevel: readLogLevel(env, problems),
    policiesDir: path.resolve(env.HUIMIN_POLICIES_DIR?.trim() || path.join(root, 'policies')),
    planCode: readPlanCode(env, problems),
    webDir: path.resolve(env.HUIMIN_WEB_DIR?.trim() || path.join(root, 'dist', 'web')),
    planBundleDir: path.join(root, 'dist', 'plans'),
    migrateOnStart: readBoolean(env, 'HUIMIN_MIGRATE_ON_START', true, problems),
  };
  if (config.databaseSchema !== null && config.databaseUrl === null) {
    problems.push('HUIMIN_DATABASE_SCHEMA applies to PostgreSQL only: set DATABASE_URL too, or unset it');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}
