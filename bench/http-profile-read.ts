/**
 * Reads a CPU profile written by a benchmark's server (`BENCH_PROFILE_DIR`, e.g. `npm run bench:checkout`)
 * and prints where the time went (http-profile-analysis.ts): self time by component, total time by
 * component, and the inclusive time of huimin's HTTP, database and named service functions, in µs of CPU
 * per request for the number of requests the profile served (all of them: start-up and warm-up count).
 *
 * Run: node --import tsx bench/http-profile-read.ts PROFILE.cpuprofile REQUESTS [TOP (25)]
 */
import { analyseProfile, readProfile, topRows } from './http-profile-analysis.js';

const [file, requestsText, topText] = process.argv.slice(2);
if (file === undefined || requestsText === undefined) {
  console.error('usage: node --import tsx bench/http-profile-read.ts PROFILE.cpuprofile REQUESTS [TOP]');
  process.exit(2);
}
const requests = Number(requestsText);
const top = Number(topText ?? 25);
const breakdown = analyseProfile(readProfile(file));
console.log(
  `${file}: busy ${(breakdown.busyMicros / 1000).toFixed(0)} ms of ${(breakdown.totalMicros / 1000).toFixed(0)} ms, ` +
    `${(breakdown.busyMicros / Math.max(1, requests)).toFixed(0)} µs of CPU per request (${requests} requests)`,
);
console.log('self time by component');
console.table(topRows(breakdown.selfByComponent, breakdown.busyMicros, requests, top));
console.log('total time by component');
console.table(topRows(breakdown.totalByComponent, breakdown.busyMicros, requests, top));
console.log('total time by function');
console.table(topRows(breakdown.totalByFunction, breakdown.busyMicros, requests, top));
console.log('self time by function');
console.table(topRows(breakdown.selfByFunction, breakdown.busyMicros, requests, top));
