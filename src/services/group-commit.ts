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
 * written at a time, of at most `maxBatch` requests.
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
  private draining = false;

  constructor(private readonly options: GroupCommitOptions<Request, Answer>) {}

  /** The request's answer, once the batch it joins has committed (or it has run alone). */
  submit(request: Request): Promise<Answer> {
    return new Promise<Answer>((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      if (!this.draining) {
        this.draining = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.options.maxBatch);
        try {
          await this.run(batch);
        } catch (error) {
          // Only a fault of the queue's own callbacks gets here (`write` and `alone` failures are answers):
          // no request may wait for ever, and the queue goes on with the next batch. A promise already
          // settled stays as it was.
          for (const waiting of batch) waiting.reject(error);
        }
        // Let the callers just answered submit their next requests before the next batch is cut.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } finally {
      this.draining = false;
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
