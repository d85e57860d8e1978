/**
 * The server's daily statement (docs/access.md): at start, and then every hour, it publishes the
 * day's statement unless the statements folder already has one for today's business date (China
 * Standard Time). Checking hourly instead of sleeping until midnight keeps it right across clock
 * changes and long pauses. The timer is unref'd, so it never keeps a process alive.
 */
import type { AuditContext } from './audit-log.js';
import type { AuditStatements } from './statements.js';

export const STATEMENT_CHECK_INTERVAL_MS = 60 * 60 * 1000;

export interface ScheduleLog {
  info(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

const DAILY: AuditContext = { actor: 'system:statements', role: 'system', requestId: 'daily-statement' };

export class StatementSchedule {
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<void> = Promise.resolve();

  constructor(
    private readonly statements: AuditStatements,
    private readonly now: () => Date,
    private readonly log: ScheduleLog,
  ) {}

  /** Publishes today's statement if it is missing; never throws (a failure is logged). */
  runOnce(): Promise<void> {
    this.#running = this.#running.then(() => this.#publishIfMissing());
    return this.#running;
  }

  /** Runs once now (awaited), then every interval. */
  async start(intervalMs = STATEMENT_CHECK_INTERVAL_MS): Promise<void> {
    await this.runOnce();
    this.#timer = setInterval(() => void this.runOnce(), intervalMs);
    this.#timer.unref();
  }

  /** Stops the timer and waits for a publication under way (before the database closes). */
  async stop(): Promise<void> {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
    await this.#running;
  }

  async #publishIfMissing(): Promise<void> {
    try {
      if (await this.statements.hasDaily(this.now())) return;
      const { file, statement } = await this.statements.publish('daily', DAILY);
      this.log.info(
        { file, folder: this.statements.folder, chains: statement.chains, keyId: statement.keyId },
        'published the daily audit statement; copy it out of the data folder (docs/access.md)',
      );
    } catch (error) {
      this.log.error({ err: error }, 'could not publish the daily audit statement');
    }
  }
}
