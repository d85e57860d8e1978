/**
 * Reads a V8 CPU profile (`node --cpu-prof`) of the built server and says where the time went, in
 * the terms of the source rather than of the esbuild bundle: every frame is mapped back through the
 * bundle's source maps to its package (`fastify`, `pino`, `@fastify/helmet` …) or to huimin's own file
 * (`src/http/plugins/access.ts`), and to the function's line there.
 *
 * - self time by component: where the CPU was (each sample once; builtins such as JSON.stringify or
 *   setHeader count for the component that called them). Sums to the profile's busy time.
 * - total time by component and by huimin/plugin function: time with that component or function
 *   anywhere on the stack (a hook's whole cost, including the framework and builtins it calls).
 *   These overlap, so they do not sum to anything.
 */
import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
  readonly columnNumber: number;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}

export interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Where a frame's code comes from, after source maps. */
interface Origin {
  /** `fastify`, `@fastify/helmet`, `src/http/plugins/access.ts`, `node:http`, `(garbage collector)` … */
  readonly component: string;
  /** `src/http/plugins/access.ts:131 (anonymous)`; null for frames without a source. */
  readonly fn: string | null;
}

export interface Breakdown {
  /** Microseconds of samples outside `(idle)`. */
  readonly busyMicros: number;
  readonly totalMicros: number;
  readonly selfByComponent: ReadonlyMap<string, number>;
  readonly totalByComponent: ReadonlyMap<string, number>;
  /** Inclusive time of each function whose source is huimin's src/http or a Fastify plugin package. */
  readonly totalByFunction: ReadonlyMap<string, number>;
  readonly selfByFunction: ReadonlyMap<string, number>;
}

const SPECIAL = new Set(['(garbage collector)', '(program)', '(idle)', '(root)']);

function nodeComponent(url: string): string {
  const name = url.slice('node:'.length);
  if (/http|_http/.test(name)) return 'node:http';
  if (/stream/.test(name)) return 'node:streams';
  if (/^net$|internal\/net|stream_base|tcp/.test(name)) return 'node:net';
  if (/timers|task_queues|promise|async_hooks|process\//.test(name)) return 'node:event loop';
  if (/crypto/.test(name)) return 'node:crypto';
  if (/zlib/.test(name)) return 'node:zlib';
  if (/url|querystring/.test(name)) return 'node:url';
  return 'node:other';
}

/** `node_modules/@fastify/helmet/index.js` → `@fastify/helmet`; `src/http/app.ts` stays a path. */
function componentOfSource(source: string): string {
  const normalized = source.replace(/\\/g, '/');
  const modules = normalized.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const parts = normalized.slice(modules + 'node_modules/'.length).split('/');
    return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1] ?? ''}` : (parts[0] ?? source);
  }
  const src = normalized.lastIndexOf('src/');
  return src >= 0 ? normalized.slice(src) : normalized;
}

class SourceMaps {
  readonly #maps = new Map<string, SourceMap | null>();

  origin(frame: CallFrame): Origin | null {
    if (SPECIAL.has(frame.functionName)) return { component: frame.functionName, fn: null };
    if (frame.url === '') return null; // a builtin: counted for its caller
    if (frame.url.startsWith('node:')) return { component: nodeComponent(frame.url), fn: null };
    if (!frame.url.startsWith('file:')) return { component: 'other', fn: null };
    const file = fileURLToPath(frame.url);
    const map = this.#map(file);
    const name = frame.functionName === '' ? '(anonymous)' : frame.functionName;
    if (map === null) {
      const component = componentOfSource(file);
      return { component, fn: `${component}:${frame.lineNumber + 1} ${name}` };
    }
    const entry = map.findEntry(frame.lineNumber, frame.columnNumber) as {
      originalSource?: string;
      originalLine?: number;
    };
    if (entry.originalSource === undefined) return { component: 'bundle (unmapped)', fn: null };
    const source = entry.originalSource.startsWith('file:')
      ? fileURLToPath(entry.originalSource)
      : path.resolve(path.dirname(file), entry.originalSource);
    const component = componentOfSource(source);
    const relative = source.includes('node_modules/')
      ? source.slice(source.lastIndexOf('node_modules/') + 'node_modules/'.length)
      : component;
    return { component, fn: `${relative}:${(entry.originalLine ?? 0) + 1} ${name}` };
  }

  #map(file: string): SourceMap | null {
    let map = this.#maps.get(file);
    if (map === undefined) {
      try {
        map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')) as never);
      } catch {
        map = null;
      }
      this.#maps.set(file, map);
    }
    return map;
  }
}

/** Functions whose inclusive time is worth naming: huimin's HTTP layer, Fastify, its plugins, pino. */
function isNamedFunction(component: string): boolean {
  return (
    component.startsWith('src/http/') ||
    component.startsWith('@fastify/') ||
    component === 'fastify' ||
    component === 'pino' ||
    component === 'helmet' ||
    component.startsWith('src/services/plan') ||
    component.startsWith('src/services/accounts') ||
    component.startsWith('src/db/')
  );
}

function add(map: Map<string, number>, key: string, micros: number): void {
  map.set(key, (map.get(key) ?? 0) + micros);
}

/**
 * `window`: only samples taken between these two instants (microseconds of the monotonic clock, which
 * V8's profile timestamps share with `process.hrtime` in any process on the machine), so the start-up
 * and warm-up before a benchmark's load are left out.
 */
export function analyseProfile(profile: CpuProfile, window?: { from: number; to: number }): Breakdown {
  const maps = new SourceMaps();
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const origins = new Map<number, Origin | null>();
  const originOf = (id: number): Origin | null => {
    if (!origins.has(id)) origins.set(id, maps.origin((byId.get(id) as ProfileNode).callFrame));
    return origins.get(id) ?? null;
  };

  const selfByComponent = new Map<string, number>();
  const totalByComponent = new Map<string, number>();
  const totalByFunction = new Map<string, number>();
  const selfByFunction = new Map<string, number>();
  let busyMicros = 0;
  let totalMicros = 0;
  const { samples, timeDeltas } = profile;
  let at = profile.startTime;
  for (let index = 0; index < samples.length; index += 1) {
    at += timeDeltas[index] ?? 0;
    if (window !== undefined && (at < window.from || at > window.to)) continue;
    // A sample lasts until the next one (as Chrome's DevTools count it).
    const micros = Math.max(0, timeDeltas[index + 1] ?? 0);
    totalMicros += micros;
    const leaf = samples[index] as number;
    let owner: Origin | null = null;
    const components = new Set<string>();
    const functions = new Set<string>();
    for (let id: number | undefined = leaf; id !== undefined; id = parent.get(id)) {
      const origin = originOf(id);
      if (origin === null) continue;
      owner ??= origin;
      components.add(origin.component);
      if (origin.fn !== null && isNamedFunction(origin.component)) functions.add(origin.fn);
    }
    const component = owner?.component ?? '(builtin)';
    if (component === '(idle)') continue;
    busyMicros += micros;
    add(selfByComponent, component, micros);
    if (owner?.fn != null) add(selfByFunction, owner.fn, micros);
    for (const each of components) if (each !== '(root)') add(totalByComponent, each, micros);
    for (const fn of functions) add(totalByFunction, fn, micros);
  }
  return { busyMicros, totalMicros, selfByComponent, totalByComponent, totalByFunction, selfByFunction };
}

export function readProfile(file: string): CpuProfile {
  return JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
}

/** The top rows of a breakdown map as a table: µs per request and share of busy time. */
export function topRows(
  map: ReadonlyMap<string, number>,
  busyMicros: number,
  requests: number,
  limit: number,
): Record<string, { 'µs/request': number; '% of busy': string }> {
  const rows: Record<string, { 'µs/request': number; '% of busy': string }> = {};
  for (const [key, micros] of [...map].sort((a, b) => b[1] - a[1]).slice(0, limit)) {
    rows[key] = {
      'µs/request': Math.round((micros / Math.max(1, requests)) * 10) / 10,
      '% of busy': `${((100 * micros) / Math.max(1, busyMicros)).toFixed(1)}%`,
    };
  }
  return rows;
}
