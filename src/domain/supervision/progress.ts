/**
 * From approved reports to each target's standing (docs/supervision.md): the city figure is the lead
 * department's latest approved cumulative value; without one, a city target takes the sum of its units'
 * latest figures. Each unit is judged against its share (set by the commerce bureau) or, for a per-unit
 * target, the target's value; a per-unit target's city status is the worst of its units'. Pure.
 */
import { periodLastDay } from './periods.js';
import { evaluateTarget, worstStatus, type TargetEvaluation } from './status.js';
import { isAdditive, type SupervisedTarget, type SupervisedTask } from './subjects.js';
import type { ReporterKind, SupervisionStatus, TaskStage } from './vocabulary.js';

export interface ApprovedFigure {
  readonly subjectKind: 'target' | 'task';
  readonly subjectId: string;
  readonly reporterKind: ReporterKind;
  readonly reporterId: string;
  readonly period: string;
  readonly value: number | null;
  readonly stage: string | null;
  readonly narrative: string | null;
  readonly problems: string | null;
}

/** Approved figures by subject, each subject's in period order. */
export class FigureIndex {
  private readonly bySubject = new Map<string, ApprovedFigure[]>();

  constructor(figures: Iterable<ApprovedFigure>) {
    for (const figure of figures) {
      const key = `${figure.subjectKind}:${figure.subjectId}`;
      let list = this.bySubject.get(key);
      if (list === undefined) this.bySubject.set(key, (list = []));
      list.push(figure);
    }
    for (const list of this.bySubject.values()) list.sort((a, b) => a.period.localeCompare(b.period));
  }

  /** Each reporter's latest approved figure for the subject up to `period`. */
  latest(kind: 'target' | 'task', id: string, period: string): Map<string, ApprovedFigure> {
    const out = new Map<string, ApprovedFigure>();
    for (const figure of this.bySubject.get(`${kind}:${id}`) ?? []) {
      if (figure.period > period) break;
      out.set(`${figure.reporterKind}:${figure.reporterId}`, figure);
    }
    return out;
  }
}

export interface UnitStanding {
  readonly unitId: string;
  /** What the unit is judged against: its share as set, else an equal part (additive targets) or the value. */
  readonly share: number;
  /** set: by the commerce bureau; equal: the default split of an additive city target; target: the value itself. */
  readonly shareSource: 'set' | 'equal' | 'target';
  readonly reported: number | null;
  readonly status: SupervisionStatus;
  readonly progressBp: number | null;
}

export interface TargetStanding extends TargetEvaluation {
  readonly reported: number | null;
  readonly lastPeriod: string | null;
  readonly narrative: string | null;
  readonly problems: string | null;
  readonly units: readonly UnitStanding[];
}

/** Shares of city targets by target id, then unit id. */
export type ShareTable = ReadonlyMap<string, ReadonlyMap<string, number>>;

/** Where a target stands at the end of `period`. */
export function targetStanding(
  target: SupervisedTarget,
  figures: FigureIndex,
  shares: ShareTable,
  period: string,
  start: string,
): TargetStanding {
  const asOf = periodLastDay(period);
  const latest = figures.latest('target', target.id, period);
  const rule = { ...target, start };
  const units = target.units.map((unitId): UnitStanding => {
    const figure = latest.get(`unit:${unitId}`);
    const set = target.scope === 'city' ? shares.get(target.id)?.get(unitId) : undefined;
    const equal = target.scope === 'city' && isAdditive(target.unit);
    const share = set ?? (equal ? target.value / target.units.length : target.value);
    const shareSource = set !== undefined ? 'set' : equal ? 'equal' : 'target';
    const reported = figure?.value ?? null;
    const evaluation = evaluateTarget({ ...rule, value: share }, reported, asOf);
    return { unitId, share, shareSource, reported, status: evaluation.status, progressBp: evaluation.progressBp };
  });
  const lead = latest.get(`department:${target.lead}`);
  const unitFigures = target.units.map((unitId) => latest.get(`unit:${unitId}`)).filter((f) => f !== undefined);
  let reported: number | null = lead?.value ?? null;
  if (reported === null && target.scope === 'city' && isAdditive(target.unit) && unitFigures.length > 0) {
    reported = unitFigures.reduce((sum, figure) => sum + (figure.value ?? 0), 0);
  }
  const newest = [lead, ...unitFigures]
    .filter((figure) => figure !== undefined)
    .sort((a, b) => b.period.localeCompare(a.period))[0];
  const evaluation = evaluateTarget(rule, reported, asOf);
  const status =
    target.scope === 'per_unit' && lead === undefined
      ? worstStatus(units.map((unit) => unit.status))
      : evaluation.status;
  return {
    ...evaluation,
    status,
    reported,
    lastPeriod: newest?.period ?? null,
    narrative: (lead ?? newest)?.narrative ?? null,
    problems: (lead ?? newest)?.problems ?? null,
    units,
  };
}

export interface TaskStanding {
  readonly stage: TaskStage | null;
  readonly lastPeriod: string | null;
  readonly narrative: string | null;
  readonly problems: string | null;
}

/** A task's stage: its lead department's latest approved report, else the newest of anyone's. */
export function taskStanding(task: SupervisedTask, figures: FigureIndex, period: string): TaskStanding {
  const latest = figures.latest('task', task.id, period);
  const figure =
    latest.get(`department:${task.lead}`) ?? [...latest.values()].sort((a, b) => b.period.localeCompare(a.period))[0];
  return {
    stage: (figure?.stage as TaskStage | undefined) ?? null,
    lastPeriod: figure?.period ?? null,
    narrative: figure?.narrative ?? null,
    problems: figure?.problems ?? null,
  };
}

/** How many of each status. */
export function countStatuses(statuses: Iterable<SupervisionStatus>): Record<string, number> {
  const counts: Record<string, number> = {
    done: 0,
    on_track: 0,
    behind: 0,
    at_risk: 0,
    overdue: 0,
    not_reported: 0,
  };
  for (const status of statuses) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}
