/**
 * What is supervised in a plan version: every quantitative target and every qualitative task of every
 * measure, each with the department that leads it, those that support it and the implementing units
 * that carry it out, as the plan's data says (policies/<plan>/actions/*.yaml).
 */
import type { PlanDocument, PlanMeasure } from '../plan/schema.js';
import type { ReporterKind, SubjectKind } from './vocabulary.js';

export interface SupervisedSubject {
  readonly kind: SubjectKind;
  readonly id: string;
  readonly measure: number;
  readonly action: number;
  /** The exact words of the plan. */
  readonly quote: string;
  readonly lead: string;
  readonly supporting: readonly string[];
  readonly units: readonly string[];
}

export interface SupervisedTarget extends SupervisedSubject {
  readonly kind: 'target';
  readonly metric: string;
  readonly metricEn: string;
  readonly unit: string;
  readonly comparator: 'gte' | 'approx' | 'lte' | 'eq';
  readonly value: number;
  readonly deadline: string;
  readonly scope: 'city' | 'per_unit';
  readonly toleranceBp?: number | undefined;
  readonly profile?: readonly number[] | undefined;
}

export interface SupervisedTask extends SupervisedSubject {
  readonly kind: 'task';
}

export interface SupervisedPlan {
  readonly planVersionStart: string;
  readonly targets: readonly SupervisedTarget[];
  readonly tasks: readonly SupervisedTask[];
}

function unitsOf(plan: PlanDocument, measure: PlanMeasure): readonly string[] {
  return measure.units === 'all' ? plan.units.map((unit) => unit.id) : measure.units;
}

/** Every target and task of `plan`, in the plan's order. */
export function supervisedPlan(plan: PlanDocument): SupervisedPlan {
  const targets: SupervisedTarget[] = [];
  const tasks: SupervisedTask[] = [];
  for (const measure of plan.measures) {
    const units = unitsOf(plan, measure);
    for (const target of measure.targets) {
      // A target's own departments, else its measure's, in the order the text lists them: first leads.
      const departments = target.departments.length > 0 ? target.departments : measure.departments;
      const lead = departments[0] ?? measure.departments[0] ?? '';
      targets.push({
        kind: 'target',
        id: target.id,
        measure: measure.number,
        action: measure.action,
        quote: target.quote ?? target.metric,
        lead,
        supporting: measure.departments.filter((department) => department !== lead),
        units,
        metric: target.metric,
        metricEn: target.metricEn,
        unit: target.unit,
        comparator: target.comparator,
        value: target.value,
        deadline: target.deadline,
        scope: target.scope,
        toleranceBp: target.toleranceBp,
        profile: target.profile,
      });
    }
    for (const task of measure.tasks ?? []) {
      tasks.push({
        kind: 'task',
        id: task.id,
        measure: measure.number,
        action: measure.action,
        quote: task.quote,
        lead: task.lead,
        supporting: task.supporting,
        units,
      });
    }
  }
  return { planVersionStart: plan.metadata.effectiveFrom, targets, tasks };
}

/**
 * Whether an organisation reports on a subject: for a target, its lead department (the city figure) and
 * its implementing units (their own figures); for a task, its lead and supporting departments and its
 * units.
 */
export function reportsOn(subject: SupervisedSubject, kind: ReporterKind, organisationId: string): boolean {
  if (kind === 'unit') return subject.units.includes(organisationId);
  if (subject.lead === organisationId) return true;
  return subject.kind === 'task' && subject.supporting.includes(organisationId);
}

/** Whether a department is named on a subject at all (lead or supporting). */
export function namesDepartment(subject: SupervisedSubject, departmentId: string): boolean {
  return subject.lead === departmentId || subject.supporting.includes(departmentId);
}

/** Whether units' figures of a target add up to the city's (counts and money do; rates and dates do not). */
export function isAdditive(unit: string): boolean {
  return !['percent', 'per_thousand_people', 'bp', 'date_yyyymmdd'].includes(unit);
}
