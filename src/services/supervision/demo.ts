/**
 * Demo mode's supervision data (docs/supervision.md, "Demo"): half a year of monthly reports (2025-01 to
 * 2025-06) from every department and unit on every target and task in its scope, approved by their
 * leaders; some late, some missing, some behind, the newest month partly still waiting for approval.
 * Deterministic (a hash of the names decides), written once in one transaction with one audit entry,
 * and only when no report exists yet. The figures are invented: they show the platform, not Sanmenxia.
 */
import type { AlertRow, ReportRow, SupervisionRepository } from '../../db/supervision-repository.js';
import { periodLastDay, periodsBetween, reportDueAt } from '../../domain/supervision/periods.js';
import { isAdditive, reportsOn } from '../../domain/supervision/subjects.js';
import { SUPERVISING_DEPARTMENT, type ReporterKind, type TaskStage } from '../../domain/supervision/vocabulary.js';
import type { AuditLog } from '../audit/audit-log.js';
import { writeOnce, type WriteStore } from '../idempotent-write.js';
import type { SupervisionPlan, SupervisionReads } from './supervision-reads.js';
import { alertRow } from './supervision-views.js';

const DEMO_PERIODS = periodsBetween('2025-01', '2025-06');
/** How far along each target is against its pace: some ahead, most near, some behind or at risk. */
const PACE = [2.1, 1.15, 1.0, 0.95, 0.92, 0.85, 0.75, 0.6, 0.45];

/** FNV-1a: a stable small hash of a text. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

function stageAt(index: number, seed: number): TaskStage {
  if (index === 0 && seed % 3 === 0) return 'not_started';
  return index >= 4 + (seed % 4) ? 'completed' : 'in_progress';
}

/**
 * Demo reports of every department and unit for `periods` (and the late ones' alerts): the seed's
 * half year, or, in tests, a whole year to measure the board by.
 */
export function demoReports(
  plan: SupervisionPlan,
  periods: readonly string[],
): { readonly rows: ReportRow[]; readonly alerts: AlertRow[] } {
  const rows: ReportRow[] = [];
  const alerts: AlertRow[] = [];
  const reporters: { kind: ReporterKind; id: string }[] = [
    ...plan.departments.map((d) => ({ kind: 'department' as const, id: d.id })),
    ...plan.units.map((u) => ({ kind: 'unit' as const, id: u.id })),
  ];
  const subjects = [...plan.supervised.targets, ...plan.supervised.tasks];
  for (const subject of subjects) {
    const pace = PACE[hash(subject.id) % PACE.length] ?? 1;
    for (const reporter of reporters.filter((r) => reportsOn(subject, r.kind, r.id))) {
      const seed = hash(`${subject.id}|${reporter.id}`);
      // One reporter in thirteen stops reporting after March.
      const reported = seed % 13 === 0 ? periods.filter((period) => period <= '2025-03') : periods;
      reported.forEach((period) => {
        const index = Number(period.slice(5, 7)) - 1;
        const late = hash(`${seed}|${period}`) % 6 === 0;
        const due = reportDueAt(period).getTime();
        const submittedAt = new Date(due + (late ? 3 : -2) * 86_400_000).toISOString();
        const pending = period === periods.at(-1) && seed % 4 === 0;
        let value: number | null = null;
        let stage: TaskStage | null = null;
        if (subject.kind === 'target') {
          const elapsed = (index + 1) / 12;
          const whole =
            reporter.kind === 'department' || subject.scope === 'per_unit' || !isAdditive(subject.unit)
              ? subject.value
              : subject.value / plan.units.length;
          const raw = whole * Math.min(1, elapsed * pace);
          value = Number.isInteger(subject.value) ? Math.round(raw) : Math.round(raw * 100) / 100;
        } else {
          stage = stageAt(index, seed);
        }
        const narrative =
          subject.kind === 'target'
            ? `${period} 累计完成 ${value ?? 0}，按月调度推进。`
            : `${period} ${stage === 'completed' ? '已完成' : stage === 'in_progress' ? '正在推进' : '尚未启动'}：${subject.quote.slice(0, 30)}`;
        const problems = pace < 0.8 && subject.kind === 'target' ? '进度低于序时，需加大调度力度。' : '';
        const approvedAt = pending ? null : new Date(Date.parse(submittedAt) + 86_400_000).toISOString();
        rows.push({
          id: `demo-${hash(`${subject.kind}|${subject.id}|${reporter.kind}|${reporter.id}|${period}`).toString(16)}-${rows.length}`,
          plan_version_id: plan.versionId,
          subject_kind: subject.kind,
          subject_id: subject.id,
          reporter_kind: reporter.kind,
          reporter_id: reporter.id,
          period,
          value,
          stage,
          narrative,
          problems,
          evidence: '[]',
          state: pending ? 'submitted' : 'approved',
          late: late ? 1 : 0,
          revision: 1,
          change_reason: null,
          submitted_by: `system:demo:officer:${reporter.id}`,
          submitted_at: submittedAt,
          approved_value: pending ? null : value,
          approved_stage: pending ? null : stage,
          approved_narrative: pending ? null : narrative,
          approved_problems: pending ? null : problems,
          approved_by: pending ? null : `system:demo:leader:${reporter.id}`,
          approved_at: approvedAt,
        });
        if (late && subject.kind === 'target') {
          alerts.push(
            alertRow(new Date(submittedAt), 'report_late', subject, reporter, period, {
              zh: `${period} 的进展报告逾期报送`,
              en: `the report for ${period} came in after its due date`,
            }),
          );
        }
      });
    }
  }
  return { rows, alerts };
}

/** Reports per demo-seed transaction. */
const CHUNK = 1000;

export async function seedSupervisionDemo(
  store: WriteStore,
  repository: SupervisionRepository,
  reads: SupervisionReads,
  audit: AuditLog,
): Promise<number> {
  const plan = await reads.plan();
  const { rows, alerts } = demoReports(plan, DEMO_PERIODS);
  // Written once; a seed cut short by a stop is finished by the next start (the rows' ids are fixed).
  if ((await repository.countReports()) >= rows.length) return 0;
  const appliance = plan.targetOrNull('appliance-trade-in-units');
  // In transactions of CHUNK rows with a pause between, after the server answers: one transaction of
  // every row would hold SQLite's one connection for the first requests' whole wait.
  for (let start = 0; start < rows.length; start += CHUNK) {
    await writeOnce(store, null, (trx) =>
      repository.insertReports(trx, rows.slice(start, start + CHUNK), { skipExisting: true }),
    );
    await new Promise((resolve) => setImmediate(resolve));
  }
  return writeOnce(store, null, async (trx) => {
    if (appliance !== null && (await repository.findInstruction('demo-instruction-appliance', trx)) === undefined) {
      await repository.insertInstruction(trx, {
        id: 'demo-instruction-appliance',
        subject_kind: 'target',
        subject_id: appliance.id,
        owner_id: appliance.lead,
        text: '家电以旧换新要加快进度，6月底前拿出分县区推进方案。',
        given_by: 'system:demo:mayor',
        given_at: `${periodLastDay('2025-06')}T02:00:00.000Z`,
        answer: null,
        answered_by: null,
        answered_at: null,
      });
    }
    await audit.append(
      trx,
      { actor: 'system:demo', role: 'system', requestId: 'startup' },
      {
        action: 'supervision.demo_seed',
        subject: `department:${SUPERVISING_DEPARTMENT}`,
        after: { reports: rows.length, alerts: alerts.length, periods: DEMO_PERIODS },
      },
    );
    return rows.length;
  });
}
