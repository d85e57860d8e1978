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
