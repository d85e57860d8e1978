import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { projectRoot } from '../../shared/project-root.js';
import { loadPlanDirectory, PlanFilesError, type PlanFileProblem } from './plan-files.js';

const original = path.join(projectRoot(), 'policies', 'sanmenxia-2025');
let folder: string;

beforeEach(async () => {
  folder = path.join(await mkdtemp(path.join(tmpdir(), 'huimin-plan-')), 'sanmenxia-2025');
  await cp(original, folder, { recursive: true });
});
afterEach(async () => {
  await rm(path.dirname(folder), { recursive: true, force: true });
});

async function problemsAfter(edit: () => Promise<void>): Promise<readonly PlanFileProblem[]> {
  await edit();
  try {
    await loadPlanDirectory(folder);
  } catch (error) {
    if (error instanceof PlanFilesError) return error.problems;
    throw error;
  }
  throw new Error('the plan loaded although it was broken');
}

async function replaceIn(file: string, from: string | RegExp, to: string): Promise<void> {
  const full = path.join(folder, file);
  const text = await readFile(full, 'utf8');
  const changed = text.replace(from, to);
  if (changed === text) throw new Error(`nothing to replace in ${file}`);
  await writeFile(full, changed);
}

describe('loading a plan folder', () => {
  it('loads the shipped plan with a stable content hash', async () => {
    const first = await loadPlanDirectory(original);
    const second = await loadPlanDirectory(folder);
    expect(first.measures).toHaveLength(26);
    expect(second.contentHash).toBe(first.contentHash);
  });

  it('names the file, the path, the line and the problem for a wrong type', async () => {
    const problems = await problemsAfter(() =>
      replaceIn('units.yaml', /regionCode: ['"]?411202['"]?/, 'regionCode: 41120'),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      file: 'units.yaml',
      path: 'units[0].regionCode',
      message: 'must be string or null',
    });
    expect(problems[0]?.line).toBeGreaterThan(1);
  });

  it('refuses unknown keys instead of dropping them', async () => {
    const problems = await problemsAfter(() => replaceIn('plan.yaml', /^year:/m, 'yaer: 2025\nyear:'));
    expect(problems.some((problem) => problem.file === 'plan.yaml' && problem.message.includes('yaer'))).toBe(true);
  });

  it('reports a missing field by name', async () => {
    const problems = await problemsAfter(() => replaceIn('plan.yaml', /^issuerEn:.*$/m, ''));
    expect(problems[0]?.message).toContain('issuerEn');
  });

  it('reports every problem of every file at once', async () => {
    const problems = await problemsAfter(async () => {
      await replaceIn('plan.yaml', /^year:.*$/m, 'year: twenty');
      await replaceIn('units.yaml', /regionCode: ['"]?411202['"]?/, 'regionCode: 41120');
    });
    expect(new Set(problems.map((problem) => problem.file))).toEqual(new Set(['plan.yaml', 'units.yaml']));
  });

  it('reports broken YAML with its line', async () => {
    const problems = await problemsAfter(() =>
      writeFile(path.join(folder, 'departments.yaml'), 'departments:\n  - id: [unclosed\n'),
    );
    expect(problems[0]).toMatchObject({ file: 'departments.yaml' });
    expect(problems[0]?.message).toMatch(/^YAML/);
    expect(problems[0]?.line).not.toBeNull();
  });

  it('refuses fractional fen and an unknown department reference', async () => {
    const problems = await problemsAfter(async () => {
      await replaceIn('actions/02-product-consumption.yaml', /value: 200000\b/, 'value: 200000.5');
      await replaceIn(
        'actions/02-product-consumption.yaml',
        /departments:\n(\s+)- commerce/,
        'departments:\n$1- no-such-bureau',
      );
    });
    expect(problems.map((problem) => problem.message).join('\n')).toMatch(
      /whole number[\s\S]*no-such-bureau|no-such-bureau[\s\S]*whole number/,
    );
  });

  it('refuses files it would otherwise skip, instead of dropping them', async () => {
    const problems = await problemsAfter(async () => {
      const { rename } = await import('node:fs/promises');
      await rename(
        path.join(folder, 'actions', '08-consumption-environment.yaml'),
        path.join(folder, 'actions', '08-consumption-environment.yml'),
      );
      await writeFile(path.join(folder, 'targets.yaml'), 'targets: []\n');
    });
    expect(problems.map((problem) => problem.file)).toEqual(
      expect.arrayContaining(['targets.yaml', 'actions/08-consumption-environment.yml']),
    );
  });

  it('requires the plan code to be the folder name', async () => {
    const problems = await problemsAfter(() => replaceIn('plan.yaml', /^code: .*$/m, 'code: another-plan'));
    expect(problems[0]).toMatchObject({ file: 'plan.yaml', path: 'code' });
  });

  it('notices a source text that no longer matches its hash', async () => {
    const problems = await problemsAfter(() => writeFile(path.join(folder, 'sources', 'plan.txt'), 'changed'));
    expect(problems[0]).toMatchObject({ file: 'plan.yaml', path: 'source.sha256' });
  });
});
