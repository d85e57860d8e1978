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
