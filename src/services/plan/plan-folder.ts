/**
 * A plan folder read whole: the validated document, the source texts its quotes point into, and
 * the lint report over both. The CLI reads folders (an editor lints the files being edited); the
 * server imports a folder into the database as a version.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { lintPlan, type LintSources } from '../../domain/plan/lint.js';
import type { PlanDocument } from '../../domain/plan/schema.js';
import type { LintReport } from '../../contract/plan.js';
import { loadPlanDirectory } from './plan-files.js';

/** National and Henan rules that national/henan parameters quote; optional for other plans. */
export const REFERENCE_FILE = 'sources/reference.md';

export interface PlanFolder {
  readonly document: PlanDocument;
  readonly sources: LintSources;
  readonly lint: LintReport;
}

export async function readPlanFolder(folder: string): Promise<PlanFolder> {
  const document = await loadPlanDirectory(folder);
  const plan = await readFile(path.join(folder, document.metadata.source.file), 'utf8');
  const reference = await readFile(path.join(folder, REFERENCE_FILE), 'utf8').catch(() => '');
  const sources = { plan, reference };
  return { document, sources, lint: lintPlan(document, sources) };
}
