/**
 * Supervision's words (docs/supervision.md, docs/glossary.md), shared by the contract and the domain:
 * imports nothing.
 */

/** A target's status for a period, from best to worst, then "not reported". */
export const SUPERVISION_STATUSES = ['done', 'on_track', 'behind', 'at_risk', 'overdue', 'not_reported'] as const;
export type SupervisionStatus = (typeof SUPERVISION_STATUSES)[number];

/** Where a qualitative task stands, as its owner reports it. */
export const TASK_STAGES = ['not_started', 'in_progress', 'completed'] as const;
export type TaskStage = (typeof TASK_STAGES)[number];

/** What a report is about: a quantitative target or a qualitative task of a measure. */
export const SUBJECT_KINDS = ['target', 'task'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

/** Who reports: a department (the city figure, as lead) or an implementing unit (its own figure). */
export const REPORTER_KINDS = ['department', 'unit'] as const;
export type ReporterKind = (typeof REPORTER_KINDS)[number];

/** A report's life: submitted by an officer, approved by the leader of the same organisation. */
export const REPORT_STATES = ['submitted', 'approved'] as const;
export type ReportState = (typeof REPORT_STATES)[number];

export const ALERT_KINDS = ['status_worsened', 'report_late', 'deadline_near', 'instruction', 'gap'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** The department that runs supervision city-wide: sets unit shares, receives every alert. */
export const SUPERVISING_DEPARTMENT = 'commerce';

/** Reports for a month are due by this day of the following month (China Standard Time); later is late. */
export const REPORT_DUE_DAY = 5;

/** `≈` targets count as met within this band around the value unless the target declares its own (bp). */
export const DEFAULT_APPROX_TOLERANCE_BP = 500;

/** Pace thresholds: reported ÷ due so far. At or above ON_TRACK: on track; at or above BEHIND: behind; else at risk. */
export const ON_TRACK_PACE_BP = 9000;
export const BEHIND_PACE_BP = 7000;

/** A deadline this many days ahead or nearer raises an alert while the target is not done. */
export const DEADLINE_NEAR_DAYS = 30;

/** Platform figure and reported figure differing by more than this share of the larger are flagged (bp). */
export const GAP_THRESHOLD_BP = 1000;
