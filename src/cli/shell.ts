/**
 * What every `huimin` command shares: the configuration (a bad one ends the command with every
 * problem listed), output, who runs it (for audit entries), and the database or the whole platform
 * composed as the server composes it.
 */
import { AppError } from '../shared/errors.js';
import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import { openApplication, type Application, type Log } from '../app/compose.js';
import { ConfigError, loadConfig, type Config } from '../config.js';
import { openDatabase, type DatabaseHandle } from '../db/database.js';
import type { AuditContext } from '../services/audit/audit-log.js';
import { systemContext, type RequestContext } from '../services/context.js';

export function config(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message, 2);
    throw error;
  }
}

export function fail(message: string, code = 1): never {
  process.stderr.write(`huimin: ${message}\n`);
  process.exit(code);
}

export function print(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

export function printJson(value: unknown): void {
  print(JSON.stringify(value, null, 2));
}

/** The OS user running the command, or '' (a container without a passwd entry: still recorded, as `system:cli`). */
export function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return '';
  }
}

/** Who runs a command, as audit entries name them: `system:cli`, with the OS user when known. */
export function cliContext(): AuditContext {
  const user = osUser();
  return { actor: user === '' ? 'system:cli' : `system:cli:${user}`, role: 'system', requestId: `cli:${randomUUID()}` };
}

/** The same, as services take it. */
export function cliRequestContext(): RequestContext {
  const user = osUser();
  return systemContext(user === '' ? 'cli' : `cli:${user}`, `cli:${randomUUID()}`);
}

export async function withDatabase<T>(work: (handle: DatabaseHandle, settings: Config) => Promise<T>): Promise<T> {
  const settings = config();
  const handle = await openDatabase(settings);
  try {
    return await work(handle, settings);
  } finally {
    await handle.destroy();
  }
}

/** The CLI's log: it prints warnings and errors to standard error, info not at all. */
export const CLI_LOG: Log = {
  info: () => undefined,
  warn: (_fields, message) => process.stderr.write(`huimin: ${message}\n`),
  error: (_fields, message) => process.stderr.write(`huimin: ${message}\n`),
};

/** Runs `work` on the platform composed as the server composes it (src/app/compose.ts). */
export async function withApplication<T>(
  work: (application: Application) => Promise<T>,
  options: { readonly createSigningKey?: boolean } = {},
): Promise<T> {
  const application = await openApplication(config(), { log: CLI_LOG, ...options });
  try {
    return await work(application);
  } finally {
    await application.close();
  }
}

/** Runs a use case; an AppError ends the command with its code, field and message (exit 1). */
export async function orFail<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError) fail(`${error.code}${error.field ? ` (${error.field})` : ''}: ${error.message}`);
    throw error;
  }
}
