/** Helpers shared by the benchmarks: summaries and ratios (child servers: test/support/child-server.ts). */
export { freePort, startServer, type ChildServer } from '../test/support/child-server.js';

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

export function ratio(value: number, baseline: number): string {
  return baseline === 0 ? 'n/a' : `${(value / baseline).toFixed(2)}×`;
}

/** Runs `count` operations, `concurrency` at a time; returns operations per second. */
export async function perSecond(
  count: number,
  concurrency: number,
  operation: (index: number) => Promise<void>,
): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let index = next++; index < count; index = next++) await operation(index);
    }),
  );
  return count / ((performance.now() - started) / 1000);
}

/** Like perSecond, and the latency of every operation (milliseconds), for percentiles. */
export async function timedRun(
  count: number,
  concurrency: number,
  operation: (index: number) => Promise<void>,
): Promise<{ perSecond: number; latenciesMs: number[] }> {
  const latenciesMs: number[] = [];
  const rate = await perSecond(count, concurrency, async (index) => {
    const started = performance.now();
    await operation(index);
    latenciesMs.push(performance.now() - started);
  });
  return { perSecond: rate, latenciesMs };
}

/** The p-th percentile (0–100) of `values`, nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}

/**
 * The span of an autocannon run that sends a fixed `amount` of requests: from its first request sent to
 * its last answer received. autocannon notices that such a run is over only at its next one-second
 * sample, so its own `duration` rounds every such run up to whole seconds (a run of 7.1 s reads as
 * 8.03 s, one of 0.4 s as 1.02 s): rates from it were up to an eighth low for an 8-second run, and the
 * bare baselines, which finish in about a second, read as whatever count was sent per second.
 */
export class LoadSpan {
  #first = Number.NaN;
  #last = Number.NaN;

  /** Call as each request is built (autocannon's `setupRequest`). */
  sent(): void {
    if (Number.isNaN(this.#first)) this.#first = performance.now();
  }

  /** Call as each answer arrives (autocannon's `onResponse`). */
  answered(): void {
    this.#last = performance.now();
  }

  get firstAt(): number {
    return this.#first;
  }

  get lastAt(): number {
    return this.#last;
  }

  /** Seconds from the first request to the last answer; `fallback` (autocannon's) if nothing was answered. */
  seconds(fallback: number): number {
    return spanSeconds(this.#first, this.#last, fallback);
  }
}

/** Seconds between two performance.now() moments, or `fallback` when they do not make a span. */
export function spanSeconds(firstAt: number, lastAt: number, fallback: number): number {
  const span = (lastAt - firstAt) / 1000;
  return Number.isFinite(span) && span > 0 ? span : fallback;
}
