/**
 * "Last seen" for sessions, written in batches. A session's `last_seen_at` decides its idle timeout
 * (SESSION_IDLE_MINUTES) and is moved at most once a minute per session; written as it happened, a
 * crowd of signed-in citizens (a flash claim at 10:00) made one single-row write transaction per person
 * per minute, each queueing for SQLite's one writer beside the claims themselves. Here the sessions seen
 * are collected and written together at most every FLUSH_MS in one statement: a session's idle clock can
 * lag by that second, which the two-hour idle timeout does not notice, and a process that stops loses at
 * most that second of touches (the session then looks a minute older than it is).
 */
const FLUSH_MS = 1000;

export class SessionTouches {
  readonly #due = new Map<string, string>();
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly write: (sessionIds: readonly string[], at: string) => Promise<void>,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  /** The session was seen at `at` (ISO): written with the next flush. */
  note(sessionId: string, at: string): void {
    this.#due.set(sessionId, at);
    if (this.#timer === undefined) {
      this.#timer = setTimeout(() => void this.flush(), FLUSH_MS);
      this.#timer.unref();
    }
  }

  /** Writes every touch noted so far (the latest time of the batch for all: they lie within a second). */
  flush(): Promise<void> {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#due.size === 0) return this.#flushing;
    const ids = [...this.#due.keys()];
    const at = [...this.#due.values()].reduce((latest, each) => (each > latest ? each : latest));
    this.#due.clear();
    this.#flushing = this.#flushing.then(() => this.write(ids, at)).catch(this.onError);
    return this.#flushing;
  }
}
