import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/**
 * The folder holding huimin's package.json, found from this file's location, so that the
 * compiled code (dist/server) and the sources (src, run by tsx or Vitest) find policies/ alike.
 */
export function projectRoot(): string {
  if (cached !== undefined) return cached;
  let folder = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(folder, 'package.json'))) {
    const parent = path.dirname(folder);
    if (parent === folder) throw new Error('huimin: cannot find the project folder (no package.json above the code)');
    folder = parent;
  }
  cached = folder;
  return folder;
}
