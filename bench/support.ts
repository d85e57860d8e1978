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
