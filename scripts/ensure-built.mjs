// Rebuilds a build output when any of its sources is newer, so tests never run a stale build
// while an unchanged tree pays nothing. Usage: node scripts/ensure-built.mjs server|web
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const targets = {
  server: {
    output: 'dist/server/main.js',
    sources: ['src', 'scripts/build-server.mjs', 'package.json'],
    script: 'build:server',
  },
  web: { output: 'dist/web/index.html', sources: ['web', 'src/domain', 'package.json'], script: 'build:web' },
};

function newest(entry) {
  const stats = statSync(entry);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return readdirSync(entry).reduce((latest, name) => Math.max(latest, newest(path.join(entry, name))), stats.mtimeMs);
}

const name = process.argv[2];
const target = targets[name];
if (target === undefined) {
  console.error(`usage: node scripts/ensure-built.mjs ${Object.keys(targets).join('|')}`);
  process.exit(2);
}
const built = existsSync(target.output) ? statSync(target.output).mtimeMs : 0;
if (target.sources.some((source) => existsSync(source) && newest(source) > built)) {
  console.log(`${name} build is missing or older than its sources: npm run ${target.script}`);
  execFileSync('npm', ['run', target.script], { stdio: 'inherit' });
}
