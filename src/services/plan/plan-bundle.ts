/**
 * A plan folder compiled at build time (`huimin plan compile`, run by `npm run build`) into one
 * JSON file beside the build, keyed by a fingerprint of the folder's bytes. Start-up uses the
 * bundle only when the fingerprint still matches, so an edited plan is always read from its YAML;
 * an unchanged one skips YAML parsing, schema compilation and lint, which dominate a cold start.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PlanFolder } from './plan-folder.js';

interface PlanBundle extends PlanFolder {
  readonly fingerprint: string;
}

async function listFiles(folder: string, prefix = ''): Promise<string[]> {
  const entries = await readdir(path.join(folder, prefix), { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    const relative = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) files.push(...(await listFiles(folder, relative)));
    else if (entry.isFile()) files.push(relative);
  }
  return files.sort();
}

/** sha256 over every file's relative path and bytes: any edit, addition or removal changes it. */
export async function fingerprintFolder(folder: string): Promise<string> {
  const hash = createHash('sha256');
  for (const file of await listFiles(folder)) {
    hash
      .update(file)
      .update('\0')
      .update(await readFile(path.join(folder, file)))
      .update('\0');
  }
  return hash.digest('hex');
}

export function bundlePath(bundleDir: string, code: string): string {
  return path.join(bundleDir, `${code}.json`);
}

/** Reads the folder whole (YAML, schema, lint) and writes its bundle; returns the bundle's path. */
export async function compilePlanBundle(
  folder: string,
  bundleDir: string,
): Promise<{ file: string; plan: PlanFolder }> {
  const { readPlanFolder } = await import('./plan-folder.js');
  const fingerprint = await fingerprintFolder(folder);
  const plan = await readPlanFolder(folder);
  const file = bundlePath(bundleDir, plan.document.metadata.code);
  await mkdir(bundleDir, { recursive: true });
  const bundle: PlanBundle = { fingerprint, ...plan };
  await writeFile(file, JSON.stringify(bundle));
  return { file, plan };
}

/** A bundle that does not parse is ignored (the folder is read instead), never fatal. */
function parseBundle(text: string): PlanBundle | null {
  try {
    return JSON.parse(text) as PlanBundle;
  } catch {
    return null;
  }
}

/** The plan folder, from its bundle when the bundle is current, else from its files. */
export async function readPlanFolderCached(
  folder: string,
  bundleDir: string | null,
): Promise<PlanFolder & { fromBundle: boolean }> {
  if (bundleDir !== null) {
    const code = path.basename(folder);
    const [fingerprint, text] = await Promise.all([
      fingerprintFolder(folder),
      readFile(bundlePath(bundleDir, code), 'utf8').catch(() => null),
    ]);
    const bundle = text === null ? null : parseBundle(text);
    if (bundle !== null) {
      if (bundle.fingerprint === fingerprint) {
        return { document: bundle.document, sources: bundle.sources, lint: bundle.lint, fromBundle: true };
      }
    }
  }
  const { readPlanFolder } = await import('./plan-folder.js');
  return { ...(await readPlanFolder(folder)), fromBundle: false };
}
