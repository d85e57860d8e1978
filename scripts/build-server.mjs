// Builds the server and the CLI into dist/server as ESM bundles (esbuild, code-split), because
// loading hundreds of separate modules dominated cold start. Type checking is `npm run typecheck`.
// Native and asset-serving packages stay external: better-sqlite3 and pg load native or optional
// code, and the static-file plugins find their files relative to their own package folders.
import { execFileSync } from 'node:child_process';
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';

await rm('dist/server', { recursive: true, force: true });
await build({
  entryPoints: { main: 'src/main.ts', 'cli/main': 'src/cli/main.ts' },
  outdir: 'dist/server',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  chunkNames: 'chunks/[name]-[hash]',
  external: ['better-sqlite3', 'pg', '@node-rs/argon2', '@fastify/swagger-ui', '@fastify/static'],
  // Bundled CommonJS dependencies call require(); give the ESM bundle one.
  banner: {
    js: "import { createRequire as __huiminCreateRequire } from 'node:module'; const require = __huiminCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});

// The plan bundles are made by the code just built (its schema, lint and hashing), so they are
// remade with it: a bundle never outlives the code that wrote it.
execFileSync(process.execPath, ['bin/huimin.js', 'plan', 'compile'], { stdio: 'inherit' });
