/**
 * Group commit (docs/glossary.md): requests that arrive while a batch is being written wait for it and
 * then go together, in arrival order, into the next batch, written in one write transaction; each is
 * answered only once its batch has committed. If the batch as a whole fails, each of its requests runs
 * again alone, in arrival order, in a transaction of its own, and is answered by that.
 *
 * This is the queue only: what a batch writes, in which lock order, and what makes it fail as a whole
 * are its user's (the budget's hold batcher, the flash claims' claim batcher, the checkout batcher).
 *
 * A request arriving at an idle queue starts a batch once the promise jobs queued now have run
 * (setImmediate, not a microtask: callers whose previous requests have just been answered need several
 * promise hops to submit their next), so requests submitted together share the batch; later arrivals
 * wait for the batch in flight and make the next one. Between batches the queue yields once more, so
 * that the callers just answered (and the requests read meanwhile) join the next batch. One batch is
 * written at a time, of at most `maxBatch` requests, unless `concurrency` lets more be in flight at once
 * (a database that runs several write transactions at once, PostgreSQL: while one batch waits on the
 * database the next is cut from the requests that arrived meanwhile, and the process answers the first
 * batch's callers while the second is written, instead of the two taking turns). Batches in flight at
 * once are separate transactions: whatever one batch reads under its locks another may change before it
 * commits, exactly as with two processes, so a user that allows more than one must be safe against
 * concurrent batches the way it is against a second process (lock order, and the database's constraints
 * failing a batch, which then runs alone).
 */
import type { Settled } from './idempotent-write.js';

export interface GroupCommitOptions<Request, Answer> {
  /**
   * Writes the requests as one batch in one write transaction and, once it has committed, answers each
   * of them, in order. Throws if the batch as a whole failed: then nothing of it was written (or, if the
   * connection was lost at the commit, all of it may have been, and `alone` must replay).
   */
  readonly write: (requests: readonly Request[]) => Promise<readonly Settled<Answer>[]>;
  /** Runs one request alone, in a transaction of its own: a failed batch's fallback. */
  readonly alone: (request: Request) => Promise<Answer>;
  /** At most this many requests in one batch. */
  readonly maxBatch: number;
  /** At most this many batches in flight at once (default 1: one write transaction at a time). */
  readonly concurrency?: number;
  /** The message of the error a request is rejected with if its committed batch left it unanswered. */
  readonly unanswered: string;
  /** Told each committed batch's requests and their answers, before any of them is answered (figures). */
  readonly onCommitted?: (requests: readonly Request[], results: readonly Settled<Answer>[]) => void;
  /** Told each failed batch's requests, before they run alone (figures). */
  readonly onFallback?: (requests: readonly Request[]) => void;
  /**
   * Whether a request's own failure in a committed batch means it is to run alone after all, before the
   * requests behind it in the batch are answered (the hold batcher's hold that needs its whole pool).
   * Asked once for each request that failed, in order; without it every failure is the request's answer.
   */
  readonly runsAlone?: (error: unknown) => boolean;
}

/**
 * Runs a figures callback (`onCommitted`, `onFallback`): its fault must not keep a committed batch's
 * requests from their answers, nor a failed batch's from running alone.
 */
function figures(tell: () => void): void {
  try {
    tell();
  } catch {
    // Figures only: the answers matter more than a count.
  }
}

interface Waiting<Request, Answer> {
  readonly request: Request;
  readonly resolve: (answer: Answer) => void;
  readonly reject: (error: unknown) => void;
}

export class GroupCommit<Request, Answer> {
  private readonly queue: Waiting<Request, Answer>[] = [];
  private readonly concurrency: number;
  /** Batches being written now. */
  private inFlight = 0;
  /** Whether a turn that cuts batches is already due. */
  private scheduled = false;
  /** The most batches that were in flight at once (figures for the benchmark and the tests). */
  #mostInFlight = 0;

  constructor(private readonly options: GroupCommitOptions<Request, Answer>) {
    this.concurrency = Math.max(1, Math.floor(options.concurrency ?? 1));
  }

  /** The most batches that were being written at once so far. */
  get mostInFlight(): number {
    return this.#mostInFlight;
  }

  /** The request's answer, once the batch it joins has committed (or it has run alone). */
  submit(request: Request): Promise<Answer> {
    return new Promise<Answer>((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      this.schedule();
    });
  }

  /**
   * Cuts the next batches once the promise jobs queued now have run (setImmediate), if a batch may start:
   * requests waiting and fewer than `concurrency` batches in flight.
   */
  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.concurrency || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.start();
    });
  }

  private start(): void {
    while (this.inFlight < this.concurrency && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.options.maxBatch);
      this.inFlight += 1;
      this.#mostInFlight = Math.max(this.#mostInFlight, this.inFlight);
      this.run(batch)
        .catch((error: unknown) => {
          // Only a fault of the queue's own callbacks gets here (`write` and `alone` failures are answers):
          // no request may wait for ever, and the queue goes on with the next batch. A promise already
          // settled stays as it was.
          for (const waiting of batch) waiting.reject(error);
        })
        .finally(() => {
          this.inFlight -= 1;
          // The next batch is cut a turn later: the callers just answered submit their next requests first.
          this.schedule();
        });
    }
  }

  private async run(batch: readonly Waiting<Request, Answer>[]): Promise<void> {
    const requests = batch.map((waiting) => waiting.request);
    let results: readonly Settled<Answer>[];
    try {
      results = await this.options.write(requests);
    } catch {
      // Nothing of the batch was written (or, if the connection was lost at the commit, it may all have
      // been): each request again on its own, in arrival order; a re-run of a committed one replays.
      figures(() => this.options.onFallback?.(requests));
      for (const waiting of batch) await this.runAlone(waiting);
      return;
    }
    figures(() => this.options.onCommitted?.(requests, results));
    for (const [index, waiting] of batch.entries()) {
      const result = results[index];
      if (result === undefined) waiting.reject(new Error(this.options.unanswered));
      else if (result.ok) waiting.resolve(result.value);
      else if (this.options.runsAlone?.(result.error) === true) await this.runAlone(waiting);
      else waiting.reject(result.error);
    }
  }

  private runAlone(waiting: Waiting<Request, Answer>): Promise<void> {
    return this.options.alone(waiting.request).then(waiting.resolve, waiting.reject);
  }
}
