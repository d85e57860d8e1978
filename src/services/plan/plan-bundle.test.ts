import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { projectRoot } from '../../shared/project-root.js';
import { compilePlanBundle, fingerprintFolder, readPlanFolderCached } from './plan-bundle.js';

let work: string;
let folder: string;
let bundles: string;

beforeEach(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'huimin-bundle-'));
  folder = path.join(work, 'sanmenxia-2025');
  bundles = path.join(work, 'bundles');
  await cp(path.join(projectRoot(), 'policies', 'sanmenxia-2025'), folder, { recursive: true });
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('plan bundles', () => {
  it('serve an unchanged plan exactly as its files would', async () => {
    const { plan } = await compilePlanBundle(folder, bundles);
    const cached = await readPlanFolderCached(folder, bundles);
    expect(cached.fromBundle).toBe(true);
    expect(cached.document).toEqual(plan.document);
    expect(cached.lint).toEqual(plan.lint);
  });

  it('are ignored as soon as any file of the folder changes', async () => {
    await compilePlanBundle(folder, bundles);
    const before = await fingerprintFolder(folder);
    const file = path.join(folder, 'plan.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('titleEn:', '# edited\ntitleEn:'));
    expect(await fingerprintFolder(folder)).not.toBe(before);
    const cached = await readPlanFolderCached(folder, bundles);
    expect(cached.fromBundle).toBe(false);
    expect(cached.document.measures).toHaveLength(26);
  });

  it('fall back to the files when there is no bundle', async () => {
    expect((await readPlanFolderCached(folder, bundles)).fromBundle).toBe(false);
    expect((await readPlanFolderCached(folder, null)).fromBundle).toBe(false);
  });
});
