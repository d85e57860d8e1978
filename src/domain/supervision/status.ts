/**
 * A target's status (docs/supervision.md): from the reported cumulative value, the comparator
 * (≥; ≈ with a tolerance; ≤), the deadline and the share of the period elapsed (linear unless the target
 * declares a profile). Pure: the date it is judged at is an argument.
 */
import { daysBetween } from './periods.js';
import {
  BEHIND_PACE_BP,
  DEFAULT_APPROX_TOLERANCE_BP,
  ON_TRACK_PACE_BP,
  SUPERVISION_STATUSES,
  type SupervisionStatus,
} from './vocabulary.js';

export interface StatusRule {
  /** `eq` (an exact count the text sets: 建成1000个) is reached like `gte`. */
  readonly comparator: 'gte' | 'approx' | 'lte' | 'eq';
  readonly value: number;
  /** The first day of the period the target counts from (the plan's start), `YYYY-MM-DD`. */
  readonly start: string;
  /** `YYYY-MM-DD`, the last day that counts. */
  readonly deadline: string;
  readonly toleranceBp?: number | undefined;
  /** Cumulative share due at the end of each month from `start`, in bp; absent: linear by days. */
  readonly profile?: readonly number[] | undefined;
}

export interface TargetEvaluation {
  readonly status: SupervisionStatus;
  /** What should have been reached by the date judged (null when nothing was reported). */
  readonly due: number | null;
  /** Reported ÷ value, in bp (null: not reported). */
  readonly progressBp: number | null;
  /** Share of the period elapsed at the date judged, in bp. */
  readonly elapsedBp: number;
}

/** Rank of a status, 0 best; "not reported" ranks worst. */
export function statusRank(status: SupervisionStatus): number {
  return SUPERVISION_STATUSES.indexOf(status);
}

/** Whether going from `before` to `after` is a worsening (a first report is not). */
export function worsened(before: SupervisionStatus | null, after: SupervisionStatus): boolean {
  if (before === null || before === 'not_reported') return false;
  return statusRank(after) > statusRank(before);
}

/** The worst of several statuses (not reported counts as worst); `not_reported` for none. */
export function worstStatus(statuses: readonly SupervisionStatus[]): SupervisionStatus {
  let worst: SupervisionStatus | null = null;
  for (const status of statuses) if (worst === null || statusRank(status) > statusRank(worst)) worst = status;
  return worst ?? 'not_reported';
}

/** Share of the period due at `asOf`, 0..10000 bp: the declared profile's month, or days elapsed. */
export function dueShareBp(rule: Pick<StatusRule, 'start' | 'deadline' | 'profile'>, asOf: string): number {
  return Math.round(dueShare(rule, asOf) * 10000);
}

function dueShare(rule: Pick<StatusRule, 'start' | 'deadline' | 'profile'>, asOf: string): number {
  if (asOf < rule.start) return 0;
  if (asOf >= rule.deadline) return 1;
  if (rule.profile !== undefined && rule.profile.length > 0) {
    const months =
      (Number(asOf.slice(0, 4)) - Number(rule.start.slice(0, 4))) * 12 +
      (Number(asOf.slice(5, 7)) - Number(rule.start.slice(5, 7)));
    return (rule.profile[Math.min(months, rule.profile.length - 1)] ?? 10000) / 10000;
  }
  const total = daysBetween(rule.start, rule.deadline) + 1;
  const elapsed = daysBetween(rule.start, asOf) + 1;
  return elapsed / total;
}

function pace(reported: number, due: number): SupervisionStatus {
  if (due <= 0 || reported * 10000 >= due * ON_TRACK_PACE_BP) return 'on_track';
  if (reported * 10000 >= due * BEHIND_PACE_BP) return 'behind';
  return 'at_risk';
}

/** The status of a target with `reported` (cumulative; null: nothing approved yet) judged at `asOf`. */
export function evaluateTarget(rule: StatusRule, reported: number | null, asOf: string): TargetEvaluation {
  const elapsedBp = dueShareBp(rule, asOf);
  if (reported === null) return { status: 'not_reported', due: null, progressBp: null, elapsedBp };
  const progressBp = rule.value === 0 ? 10000 : Math.round((reported / rule.value) * 10000);
  const passed = asOf > rule.deadline;
  if (rule.comparator === 'lte') {
    // A ceiling: met while the figure stays at or under it.
    const status: SupervisionStatus =
      reported <= rule.value
        ? 'done'
        : passed
          ? 'overdue'
          : reported * ON_TRACK_PACE_BP <= rule.value * 10000
            ? 'behind'
            : 'at_risk';
    return { status, due: rule.value, progressBp, elapsedBp };
  }
  const tolerance = rule.comparator === 'approx' ? (rule.toleranceBp ?? DEFAULT_APPROX_TOLERANCE_BP) : 0;
  const threshold = (rule.value * (10000 - tolerance)) / 10000;
  const due = threshold * dueShare(rule, asOf);
  if (reported >= threshold) return { status: 'done', due, progressBp, elapsedBp };
  if (passed) return { status: 'overdue', due, progressBp, elapsedBp };
  return { status: pace(reported, due), due, progressBp, elapsedBp };
}
