/**
 * The alerts an approval raises (docs/supervision.md, "Alerts"), for the target's lead department:
 * its city status worsened, its deadline is near and it is not done, or the lead's figure and the
 * platform's differ by more than 10%.
 */
import type { AlertRow } from '../../db/supervision-repository.js';
import { STATUS_LABELS } from '../../domain/supervision/labels.js';
import { dateOf, daysBetween } from '../../domain/supervision/periods.js';
import { worsened } from '../../domain/supervision/status.js';
import type { SupervisedTarget } from '../../domain/supervision/subjects.js';
import { DEADLINE_NEAR_DAYS, type ReporterKind, type SupervisionStatus } from '../../domain/supervision/vocabulary.js';
import type { PlatformReading } from './supervision-reads.js';
import { alertRow } from './supervision-views.js';

export interface ApprovalChange {
  readonly now: Date;
  readonly target: SupervisedTarget;
  readonly period: string;
  readonly before: SupervisionStatus;
  readonly after: SupervisionStatus;
  readonly reporterKind: ReporterKind;
  readonly reported: number | null;
  readonly platform: PlatformReading | null;
}

export function approvalAlerts(change: ApprovalChange): AlertRow[] {
  const { now, target, period, before, after, platform, reported } = change;
  const owner = { kind: 'department' as const, id: target.lead };
  const alerts: AlertRow[] = [];
  if (worsened(before, after)) {
    alerts.push(
      alertRow(now, 'status_worsened', target, owner, period, {
        zh: `状态由「${STATUS_LABELS[before].zh}」变为「${STATUS_LABELS[after].zh}」`,
        en: `status went from ${STATUS_LABELS[before].en} to ${STATUS_LABELS[after].en}`,
      }),
    );
  }
  const daysLeft = daysBetween(dateOf(now), target.deadline);
  if (after !== 'done' && daysLeft >= 0 && daysLeft <= DEADLINE_NEAR_DAYS) {
    alerts.push(
      alertRow(now, 'deadline_near', target, owner, period, {
        zh: `距截止日期 ${target.deadline} 还有 ${daysLeft} 天，目标尚未完成`,
        en: `${daysLeft} days to the deadline ${target.deadline} and the target is not met`,
      }),
    );
  }
  if (platform !== null && change.reporterKind === 'department' && platform.gapWith(reported)) {
    alerts.push(
      alertRow(now, 'gap', target, owner, period, {
        zh: `报送数 ${reported ?? '—'} 与平台数 ${platform.value ?? '—'} 差距超过 10%`,
        en: `reported ${reported ?? '—'} and platform ${platform.value ?? '—'} differ by more than 10%`,
      }),
    );
  }
  return alerts;
}
