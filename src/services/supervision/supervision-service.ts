/**
 * Supervision's use cases (docs/supervision.md): an officer of a department or unit reports progress on
 * a target or task in its scope; the leader of the same organisation approves it (never their own), and
 * it becomes visible city-wide; a change after approval needs a reason and is audited; a report after
 * its period's due date is marked late; a cumulative value never silently goes down. The commerce
 * bureau sets units' shares of targets; city leaders give instructions (批示) that the owner answers.
 * Every write is one writeOnce with its audit entry; alerts are written in the same transaction.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/tables.js';
import type { ReportRow, SupervisionRepository } from '../../db/supervision-repository.js';
import { isLate, isOpen, periodOf } from '../../domain/supervision/periods.js';
import {
  FigureIndex,
  targetStanding,
  type ShareTable,
  type TargetStanding,
} from '../../domain/supervision/progress.js';
import { reportsOn, type SupervisedTarget } from '../../domain/supervision/subjects.js';
import type { ReporterKind } from '../../domain/supervision/vocabulary.js';
import type {
  AnswerInput,
  ApprovalInput,
  InstructionInput,
  InstructionView,
  ReportInput,
  ReportView,
  UnitShares,
  UnitSharesInput,
} from '../../contract/supervision.js';
import { AppError } from '../../shared/errors.js';
import { assignmentsCarrying, refuseOwnCase, requireAccess } from '../access.js';
import type { AuditLog } from '../audit/audit-log.js';
import { auditContextOf, principalOf, type RequestContext } from '../context.js';
import { writeOnce, type WriteStore } from '../idempotent-write.js';
import type { PlanService } from '../plan/plan-service.js';
import { seedSupervisionDemo } from './demo.js';
import { approvalAlerts } from './supervision-alerts.js';
import { SupervisionDirection } from './supervision-direction.js';
import { EvidenceFiles } from './evidence-files.js';
import type { ProgrammeFigureSource } from './programme-figures.js';
import { exportWorkbook } from './supervision-export.js';
import { SupervisionReads } from './supervision-reads.js';
import { alertRow, approvedFiguresOf, caseOf, reportView } from './supervision-views.js';

export interface SupervisionServiceOptions {
  readonly store: WriteStore;
  readonly repository: SupervisionRepository;
  /** Every report, approval, share, instruction and answer appends to it, in the same transaction. */
  readonly audit: AuditLog;
  readonly plans: PlanService;
  /** The platform's own figures: each programme's source (programme-figures.ts). */
  readonly sources: readonly ProgrammeFigureSource[];
  /** Where evidence files are kept (content-addressed). */
  readonly evidenceFolder: string;
  readonly now: () => Date;
}

export class SupervisionService {
  private readonly store: WriteStore;
  private readonly repository: SupervisionRepository;
  private readonly audit: AuditLog;
  private readonly now: () => Date;
  /** The board, targets, history, reports, alerts and instructions. */
  readonly reads: SupervisionReads;
  readonly evidence: EvidenceFiles;
  private readonly direction: SupervisionDirection;

  constructor(options: SupervisionServiceOptions) {
    this.store = options.store;
    this.repository = options.repository;
    this.audit = options.audit;
    this.now = options.now;
    this.reads = new SupervisionReads({
      plans: options.plans,
      repository: options.repository,
      sources: options.sources,
      now: options.now,
    });
    this.direction = new SupervisionDirection({
      store: options.store,
      repository: options.repository,
      audit: options.audit,
      reads: this.reads,
      now: options.now,
    });
    this.evidence = new EvidenceFiles({
      store: options.store,
      repository: options.repository,
      audit: options.audit,
      folder: options.evidenceFolder,
      now: options.now,
    });
  }

  /** Demo mode: half a year of reports, once (demo.ts). */
  seedDemo(): Promise<number> {
    return seedSupervisionDemo(this.store, this.repository, this.reads, this.audit);
  }

  /** The .xlsx of a period's standings (supervision-export.ts). */
  async exportWorkbook(period?: string): Promise<{ period: string; content: Buffer }> {
    const standings = await this.reads.standings(period);
    return { period: standings.period, content: await exportWorkbook(standings) };
  }

  /** Which of the caller's organisations reports: the one named, or the only one its roles name. */
  private reporterOf(context: RequestContext, input: ReportInput): { kind: ReporterKind; id: string } {
    const principal = principalOf(context);
    const own = assignmentsCarrying(principal, 'supervision.report')
      .map((assignment) => assignment.organisation)
      .filter((organisation) => organisation?.kind === 'department' || organisation?.kind === 'unit')
      .map((organisation) => ({ kind: organisation?.kind as ReporterKind, id: organisation?.id ?? '' }));
    if (input.reporterId !== undefined) {
      const kind = input.reporterKind ?? own.find((o) => o.id === input.reporterId)?.kind ?? 'department';
      return { kind, id: input.reporterId };
    }
    const [only, ...more] = own;
    if (only === undefined || more.length > 0) {
      throw new AppError(
        'VALIDATION_FAILED',
        'say which of your organisations reports (reporterKind, reporterId)',
        'reporterId',
      );
    }
    return only;
  }

  /** Submits (or changes) a report: the cumulative value of a target or the stage of a task. */
  async report(context: RequestContext, input: ReportInput): Promise<ReportView> {
    const reporter = this.reporterOf(context, input);
    requireAccess(context, 'supervision.report', caseOf(reporter.kind, reporter.id), {
      message: `you do not report for ${reporter.kind} ${reporter.id}`,
      field: 'reporterId',
    });
    const plan = await this.reads.plan();
    const subject = plan.subject(input.subjectKind, input.subjectId);
    if (!reportsOn(subject, reporter.kind, reporter.id)) {
      const what =
        subject.kind === 'target' ? "the target's lead department and its units" : 'its departments and units';
      throw new AppError(
        'FORBIDDEN',
        `${reporter.kind} ${reporter.id} does not report on ${subject.kind} ${subject.id}: ${what} do`,
        'subjectId',
      );
    }
    const now = this.now();
    if (input.period < plan.startPeriod || input.period > plan.endPeriod) {
      throw new AppError(
        'VALIDATION_FAILED',
        `the plan runs from ${plan.startPeriod} to ${plan.endPeriod}: no period ${input.period}`,
        'period',
      );
    }
    if (!isOpen(input.period, now)) {
      throw new AppError('PERIOD_NOT_OPEN', `period ${input.period} begins after ${periodOf(now)}`, 'period');
    }
    if (subject.kind === 'target' && (input.value === undefined || input.stage !== undefined)) {
      throw new AppError('VALIDATION_FAILED', 'a target is reported with a cumulative value, not a stage', 'value');
    }
    if (subject.kind === 'task' && (input.stage === undefined || input.value !== undefined)) {
      throw new AppError('VALIDATION_FAILED', 'a task is reported with a stage, not a value', 'stage');
    }
    const evidence = [...new Set(input.evidence ?? [])];
    const found = new Set((await this.repository.findEvidence(evidence)).map((row) => row.sha256));
    const missing = evidence.findIndex((hash) => !found.has(hash));
    if (missing >= 0) {
      throw new AppError(
        'EVIDENCE_NOT_FOUND',
        `no evidence file ${evidence[missing]} was uploaded`,
        `evidence[${missing}]`,
      );
    }
    const key = {
      subject_kind: subject.kind,
      subject_id: subject.id,
      reporter_kind: reporter.kind,
      reporter_id: reporter.id,
      period: input.period,
    } as const;
    const late = isLate(input.period, now) ? 1 : 0;
    const at = now.toISOString();
    const reason = input.reason ?? null;
    const figure = {
      value: input.value ?? null,
      stage: input.stage ?? null,
      narrative: input.narrative,
      problems: input.problems ?? null,
      evidence: input.evidence === undefined ? null : JSON.stringify(evidence),
    };
    return writeOnce(this.store, context.idempotency, async (trx) => {
      const existing = await this.repository.findReportFor(trx, key);
      if (figure.value !== null) {
        const largest = await this.repository.largestValueUpTo(trx, key);
        if (largest !== null && figure.value < largest && reason === null) {
          throw new AppError(
            'VALUE_DECREASED',
            `${figure.value} is less than the ${largest} already reported up to ${input.period}; ` +
              'cumulative values do not go down: send a reason to record a correction',
            'value',
          );
        }
      }
      let id: string;
      if (existing === undefined) {
        id = randomUUID();
        const row: ReportRow = {
          id,
          plan_version_id: plan.versionId,
          ...key,
          ...figure,
          evidence: figure.evidence ?? '[]',
          problems: figure.problems ?? '',
          state: 'submitted',
          late,
          revision: 1,
          change_reason: reason,
          submitted_by: context.actor.id,
          submitted_at: at,
          approved_value: null,
          approved_stage: null,
          approved_narrative: null,
          approved_problems: null,
          approved_by: null,
          approved_at: null,
        };
        await this.repository.insertReport(trx, row);
        await this.audit.append(trx, auditContextOf(context), {
          action: 'supervision.report_submit',
          subject: `report:${id}`,
          after: { ...key, value: figure.value, stage: figure.stage, late: late === 1, evidence, reason },
        });
      } else {
        id = existing.id;
        if (existing.approved_at !== null && reason === null) {
          throw new AppError(
            'CHANGE_REASON_REQUIRED',
            `the report for ${input.period} was approved on ${existing.approved_at}: say why it changes`,
            'reason',
          );
        }
        // A change that leaves out its problems or evidence keeps what was given before.
        const changed = await this.repository.resubmit(trx, id, existing.revision, {
          ...figure,
          evidence: figure.evidence ?? existing.evidence,
          problems: figure.problems ?? existing.problems,
          late: Math.max(existing.late, late),
          change_reason: reason,
          submitted_by: context.actor.id,
          submitted_at: at,
        });
        if (!changed) throw new AppError('VALIDATION_FAILED', 'the report changed meanwhile; send it again', 'period');
        await this.audit.append(trx, auditContextOf(context), {
          action: 'supervision.report_change',
          subject: `report:${id}`,
          before: {
            value: existing.value,
            stage: existing.stage,
            state: existing.state,
            revision: existing.revision,
            approvedValue: existing.approved_value,
          },
          after: {
            value: figure.value,
            stage: figure.stage,
            state: 'submitted',
            revision: existing.revision + 1,
            reason,
          },
        });
      }
      if (late === 1 && (existing === undefined || existing.late === 0)) {
        await this.repository.insertAlerts(trx, [
          alertRow(now, 'report_late', subject, reporter, input.period, {
            zh: `${input.period} 的进展报告逾期报送`,
            en: `the report for ${input.period} came in after its due date`,
          }),
        ]);
      }
      const row = await this.repository.findReport(id, trx);
      if (row === undefined) throw new Error(`report ${id} vanished inside its transaction`);
      return reportView(row, plan.names);
    });
  }

  /** The leader of the reporting organisation approves the revision as it stands. */
  async approve(context: RequestContext, id: string, input: ApprovalInput): Promise<ReportView> {
    const existing = await this.repository.findReport(id);
    if (existing === undefined) throw new AppError('REPORT_NOT_FOUND', `no progress report ${id}`, 'id');
    const principal = requireAccess(
      context,
      'supervision.approve',
      caseOf(existing.reporter_kind, existing.reporter_id),
      { message: `report ${id} is not one of your organisation's`, field: 'id' },
    );
    refuseOwnCase(principal, existing.submitted_by, 'progress report');
    if (existing.state === 'approved') {
      throw new AppError('REPORT_ALREADY_APPROVED', `report ${id} is approved as it stands`, 'id');
    }
    const plan = await this.reads.plan();
    const target = existing.subject_kind === 'target' ? plan.targetOrNull(existing.subject_id) : null;
    const now = this.now();
    const platform = target === null ? null : await this.reads.platformFor(target, existing.period);
    return writeOnce(this.store, context.idempotency, async (trx) => {
      const before =
        target === null ? null : await this.standingOf(trx, target, existing.period, plan.start, plan.shares);
      if (!(await this.repository.approve(trx, id, existing.revision, context.actor.id, now.toISOString()))) {
        throw new AppError('REPORT_ALREADY_APPROVED', `report ${id} was approved or changed meanwhile`, 'id');
      }
      await this.audit.append(trx, auditContextOf(context), {
        action: 'supervision.report_approve',
        subject: `report:${id}`,
        before: { state: 'submitted', approvedValue: existing.approved_value, approvedStage: existing.approved_stage },
        after: {
          state: 'approved',
          value: existing.value,
          stage: existing.stage,
          period: existing.period,
          revision: existing.revision,
          note: input.note ?? null,
        },
      });
      if (target !== null && before !== null) {
        const after = await this.standingOf(trx, target, existing.period, plan.start, plan.shares);
        const alerts = approvalAlerts({
          now,
          target,
          period: existing.period,
          before: before.status,
          after: after.status,
          reporterKind: existing.reporter_kind,
          reported: existing.value === null ? null : Number(existing.value),
          platform,
        });
        await this.repository.insertAlerts(trx, alerts);
      }
      const row = await this.repository.findReport(id, trx);
      if (row === undefined) throw new Error(`report ${id} vanished inside its transaction`);
      return reportView(row, plan.names);
    });
  }

  private async standingOf(
    trx: Kysely<Database>,
    target: SupervisedTarget,
    period: string,
    start: string,
    shares: ShareTable,
  ): Promise<TargetStanding> {
    const rows = await this.repository.reportsOfSubject('target', target.id, trx);
    return targetStanding(target, new FigureIndex(approvedFiguresOf(rows)), shares, period, start);
  }

  /** The commerce bureau sets units' shares of a city target (audited, before and after). */
  setShares(context: RequestContext, targetId: string, input: UnitSharesInput): Promise<UnitShares> {
    return this.direction.setShares(context, targetId, input);
  }

  /** A city leader's instruction on a target or task, for its lead department to answer. */
  instruct(context: RequestContext, input: InstructionInput): Promise<InstructionView> {
    return this.direction.instruct(context, input);
  }

  /** The owner (an officer or leader of the lead department) answers an instruction, once. */
  answer(context: RequestContext, id: string, input: AnswerInput): Promise<InstructionView> {
    return this.direction.answer(context, id, input);
  }
}
