/** The plan as supervision holds it, and the rows of the targets list (supervision-reads.ts). */
import type { PlanDocument } from '../../domain/plan/schema.js';
import type { TargetStanding, TaskStanding } from '../../domain/supervision/progress.js';
import { supervisedPlan, type SupervisedTarget, type SupervisedTask } from '../../domain/supervision/subjects.js';
import type { TargetRow, TaskRow } from '../../contract/supervision.js';
import { AppError } from '../../shared/errors.js';
import type { PlatformReading, SupervisionPlan } from './supervision-reads.js';

export type StaticPlan = Omit<SupervisionPlan, 'shares'>;

export function staticPlan(versionId: string, document: PlanDocument): StaticPlan {
  const supervised = supervisedPlan(document);
  const names = new Map<string, { name: string; nameEn: string }>();
  for (const department of document.departments)
    names.set(department.id, { name: department.name, nameEn: department.nameEn });
  for (const unit of document.units) names.set(unit.id, { name: unit.name, nameEn: unit.nameEn });
  const targets = new Map(supervised.targets.map((target) => [target.id, target]));
  const tasks = new Map(supervised.tasks.map((task) => [task.id, task]));
  return {
    versionId,
    start: document.metadata.effectiveFrom,
    end: document.metadata.effectiveTo,
    startPeriod: document.metadata.effectiveFrom.slice(0, 7),
    endPeriod: document.metadata.effectiveTo.slice(0, 7),
    supervised,
    actions: document.actions,
    names,
    departments: document.departments.map((d) => ({ id: d.id, name: d.name })),
    units: document.units.map((u) => ({ id: u.id, name: u.name })),
    subject(kind, id) {
      const found = kind === 'target' ? targets.get(id) : tasks.get(id);
      if (found === undefined)
        throw new AppError('SUBJECT_NOT_FOUND', `the plan in force has no ${kind} ${id}`, 'subjectId');
      return found;
    },
    targetOrNull: (id) => targets.get(id) ?? null,
  };
}

export function targetRow(
  plan: SupervisionPlan,
  target: SupervisedTarget,
  standing: TargetStanding,
  platform: PlatformReading | null,
): TargetRow {
  return {
    id: target.id,
    measure: target.measure,
    action: target.action,
    metric: target.metric,
    metricEn: target.metricEn,
    quote: target.quote,
    unit: target.unit,
    comparator: target.comparator,
    value: target.value,
    deadline: target.deadline,
    scope: target.scope,
    lead: target.lead,
    leadName: plan.names.get(target.lead)?.name ?? target.lead,
    supporting: [...target.supporting],
    status: standing.status,
    reported: standing.reported,
    due: standing.due === null ? null : Math.round(standing.due * 100) / 100,
    progressBp: standing.progressBp,
    elapsedBp: standing.elapsedBp,
    lastPeriod: standing.lastPeriod,
    narrative: standing.narrative,
    problems: standing.problems,
    platform:
      platform === null
        ? null
        : { metric: platform.metric, value: platform.value, gap: platform.gapWith(standing.reported) },
    units: standing.units.map((unit) => ({
      unitId: unit.unitId,
      name: plan.names.get(unit.unitId)?.name ?? unit.unitId,
      share: unit.share,
      shareSource: unit.shareSource,
      reported: unit.reported,
      status: unit.status,
    })),
  };
}

export function taskRow(plan: SupervisionPlan, task: SupervisedTask, standing: TaskStanding): TaskRow {
  return {
    id: task.id,
    measure: task.measure,
    action: task.action,
    quote: task.quote,
    lead: task.lead,
    leadName: plan.names.get(task.lead)?.name ?? task.lead,
    supporting: [...task.supporting],
    stage: standing.stage,
    lastPeriod: standing.lastPeriod,
    narrative: standing.narrative,
    problems: standing.problems,
  };
}
