/**
 * Reads a V8 CPU profile (`node --cpu-prof …`) and prints where the time went: self time by
 * function and by file (node_modules grouped by package), the idle and garbage-collector shares, and
 * the inclusive time of the ledger's own functions. Used to profile the batched hold path (issue 10,
 * bench/README.md "Where a batched hold's time goes").
 *
 * Run: node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/ledger.bench.ts
 *      node --import tsx bench/ledger-profile.ts /tmp/prof/CPU.*.cpuprofile [top=30]
 */
import { readFileSync } from 'node:fs';

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}
interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}
interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
  readonly startTime: number;
  readonly endTime: number;
}

const [file, topArgument] = process.argv.slice(2);
if (file === undefined) {
  console.error('usage: node --import tsx bench/ledger-profile.ts <file.cpuprofile> [top]');
  process.exit(2);
}
const top = Number(topArgument ?? 30);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;

/** A file as a reader names it: `pkg:<name>` for a dependency, the project path for ours. */
function fileOf(url: string): string {
  if (url === '') return '(native)';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/');
    return `pkg:${rest[0]?.startsWith('@') === true ? `${rest[0]}/${rest[1] ?? ''}` : (rest[0] ?? '?')}`;
  }
  if (url.startsWith('node:')) return url;
  const project = url.indexOf('/src/') >= 0 ? url.indexOf('/src/') : url.indexOf('/bench/');
  return project >= 0 ? url.slice(project + 1) : url;
}

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parentOf = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);

const selfMicros = new Map<number, number>();
for (const [index, sample] of profile.samples.entries()) {
  selfMicros.set(sample, (selfMicros.get(sample) ?? 0) + (profile.timeDeltas[index] ?? 0));
}
const total = [...selfMicros.values()].reduce((sum, value) => sum + value, 0);

const byFunction = new Map<string, number>();
const byFile = new Map<string, number>();
/** Inclusive time of our own functions (each counted once per sample, however deep the recursion). */
const inclusive = new Map<string, number>();
for (const [id, micros] of selfMicros) {
  const node = byId.get(id);
  if (node === undefined) continue;
  const { functionName, url, lineNumber } = node.callFrame;
  const where = fileOf(url);
  const name = `${functionName === '' ? '(anonymous)' : functionName}  ${where}${url === '' ? '' : `:${lineNumber + 1}`}`;
  byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
  byFile.set(where, (byFile.get(where) ?? 0) + micros);
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
    const frame = byId.get(at)?.callFrame;
    if (frame === undefined || !fileOf(frame.url).startsWith('src/')) continue;
    const key = `${frame.functionName === '' ? '(anonymous)' : frame.functionName}  ${fileOf(frame.url)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    inclusive.set(key, (inclusive.get(key) ?? 0) + micros);
  }
}

function print(title: string, rows: Map<string, number>, count: number): void {
  console.log(`\n${title}`);
  const sorted = [...rows.entries()].sort((a, b) => b[1] - a[1]).slice(0, count);
  for (const [name, micros] of sorted) {
    console.log(
      `${((micros / total) * 100).toFixed(1).padStart(6)} %  ${(micros / 1000).toFixed(0).padStart(7)} ms  ${name}`,
    );
  }
}

console.log(`${file}: ${(total / 1e6).toFixed(2)} s sampled`);
print('self time by file', byFile, top);
print('self time by function', byFunction, top);
print('inclusive time of our functions (src/)', inclusive, top);
