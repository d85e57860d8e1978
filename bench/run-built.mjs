// Runs a benchmark on the code as `npm start` runs it: bundled by esbuild the way scripts/build-server.mjs
// builds dist/server (ESM, node20, dependencies left to node_modules), not transformed module by module by
// tsx. tsx keeps every function's name (esbuild's keepNames), which wraps each function made at run time in
// a naming call: in the settlement's per-line risk flags that was about a third of their time
// (bench/README.md, "Settlement, narrow settlement rows and holds in hold order"). The bundle goes to
// node_modules/.cache/huimin-bench.
//
// Usage: node bench/run-built.mjs bench/settlement.bench.ts
import { build } from 'esbuild';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const entry = process.argv[2];
if (entry === undefined) {
  console.error('usage: node bench/run-built.mjs <bench file>');
  process.exit(2);
}
const outfile = path.resolve('node_modules/.cache/huimin-bench', `${path.basename(entry, '.ts')}.mjs`);
await build({
  entryPoints: [entry],
  outfile,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  packages: 'external',
  logLevel: 'warning',
});
process.setSourceMapsEnabled(true);
await import(pathToFileURL(outfile).href);
