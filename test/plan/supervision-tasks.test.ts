/**
 * The measures' tasks (supervision, docs/supervision.md) are the plan's own words: each task quotes a
 * sentence of its measure's text exactly, is led by one of the measure's departments and supported by
 * others of them, and together the tasks leave no qualitative sentence of a measure out.
 */
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PlanDocument } from '../../src/domain/plan/schema.js';
import { supervisedPlan } from '../../src/domain/supervision/subjects.js';
import { loadPlanDirectory } from '../../src/services/plan/plan-files.js';

const POLICY_DIR = fileURLToPath(new URL('../../policies/sanmenxia-2025/', import.meta.url));

describe('the tasks of the Sanmenxia plan', () => {
  let plan: PlanDocument;
  beforeAll(async () => {
    plan = await loadPlanDirectory(POLICY_DIR);
  });

  it('quote their measure exactly and name only its departments, the lead not among the supporting', () => {
    for (const measure of plan.measures) {
      for (const task of measure.tasks ?? []) {
        expect(measure.text, task.id).toContain(task.quote);
        expect(measure.departments, task.id).toContain(task.lead);
        for (const department of task.supporting) expect(measure.departments, task.id).toContain(department);
        expect(task.supporting, task.id).not.toContain(task.lead);
      }
    }
  });

  it('cover every sentence of every measure that is not only a quantitative target', () => {
    for (const measure of plan.measures) {
      const quoted = new Set((measure.tasks ?? []).map((task) => task.quote));
      for (const sentence of measure.text.split(/(?<=。)/).map((part) => part.trim())) {
        if (sentence === '') continue;
        const rest = measure.targets.reduce((text, target) => text.replace(target.quote ?? '', ''), sentence);
        const qualitative = rest.replace(/[，。、；;,\s]|同时|以及|和|并/g, '').length >= 6;
        expect(quoted.has(sentence) || !qualitative, `measure ${measure.number}: ${sentence}`).toBe(true);
      }
    }
  });

  it('give every measure at least one task and keep task ids unique', () => {
    const supervised = supervisedPlan(plan);
    expect(new Set(supervised.tasks.map((task) => task.measure)).size).toBe(26);
    expect(new Set(supervised.tasks.map((task) => task.id)).size).toBe(supervised.tasks.length);
    expect(supervised.targets).toHaveLength(29);
  });
});
