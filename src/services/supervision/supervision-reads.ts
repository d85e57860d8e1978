/**
 * Supervision's reads (docs/supervision.md): every target's standing for a period with the platform's
 * own figure beside the reported one, the tasks' stages, the mayor's board (statuses by action, their
 * trend, departments and units ranked by on-time reporting and progress), a target's history, reports,
 * alerts and instructions. Statuses are judged at the last day of the period asked for (default: the
 * newest period reported, within the plan's year).
 */
import type { SupervisionRepository } from '../../db/supervision-repository.js';
import type { ActionSummary } from '../../domain/plan/schema.js';
import { hasGap, TARGET_METRICS } from '../../domain/supervision/metrics.js';
import { periodLastDay, periodOf, periodsBetween, reportDueAt } from '../../domain/supervision/periods.js';
import {
  countStatuses,
  FigureIndex,
  targetStanding,
  taskStanding,
  type ShareTable,
  type TargetStanding,
} from '../../domain/supervision/progress.js';
import {
  reportsOn,
  type SupervisedPlan,
  type SupervisedTarget,
  type SupervisedTask,
} from '../../domain/supervision/subjects.js';
import { SUPERVISING_DEPARTMENT, type ReporterKind } from '../../domain/supervision/vocabulary.js';
import type {
  AlertList,
  AlertQuery,
  Board,
  HistoryQuery,
  InstructionList,
  ReportList,
  ReportListQuery,
  ReporterRanking,
  SupervisionStatusReport,
  TargetHistory,
  TargetList,
  TargetRow,
  TargetsQuery,
  TaskRow,
} from '../../contract/supervision.js';
import { AppError } from '../../shared/errors.js';
import { assignmentsCarrying } from '../access.js';
import { principalOf, type RequestContext } from '../context.js';
import type { PlanService } from '../plan/plan-service.js';
import { platformFigure, type ProgrammeFigureSource } from './programme-figures.js';
import { staticPlan, targetRow, taskRow, type StaticPlan } from './supervision-rows.js';
import { alertView, approvedFiguresOf, instructionView, reportView, type Names } from './supervision-views.js';

export interface SupervisionPlan {
  readonly versionId: string;
  readonly start: string;
  readonly end: string;
  readonly startPeriod: string;
  readonly endPeriod: string;
  readonly supervised: SupervisedPlan;
  readonly actions: readonly ActionSummary[];
  readonly names: Names;
  readonly departments: readonly { readonly id: string; readonly name: string }[];
  readonly units: readonly { readonly id: string; readonly name: string }[];
  readonly shares: ShareTable;
  subject(kind: 'target' | 'task', id: string): SupervisedTarget | SupervisedTask;
  targetOrNull(id: string): SupervisedTarget | null;
}

/** A platform figure for one target and period, and whether a reported value differs from it. */
export interface PlatformReading {
  readonly metric: string;
  readonly value: number | null;
  gapWith(reported: number | null): boolean;
}

/** Everything judged for one period: the input of the board, the targets list and the exports. */
export interface Standings {
  readonly plan: SupervisionPlan;
  readonly period: string;
  readonly asOf: string;
  readonly figures: FigureIndex;
  readonly targets: readonly {
    readonly target: SupervisedTarget;
    readonly standing: TargetStanding;
    readonly row: TargetRow;
  }[];
  readonly tasks: readonly TaskRow[];
}

export interface SupervisionReadsOptions {
  readonly plans: PlanService;
  readonly repository: SupervisionRepository;
  readonly sources: readonly ProgrammeFigureSource[];
  readonly now: () => Date;
}

export class SupervisionReads {
  private readonly plans: PlanService;
  private readonly repository: SupervisionRepository;
  private readonly sources: readonly ProgrammeFigureSource[];
  private readonly now: () => Date;
  private cached: { id: string; plan: StaticPlan } | null = null;
  /** Every approved figure and the reports received, as of the reports' change marker. */
  private snapshot: {
    marker: string;
    approved: ReturnType<typeof approvedFiguresOf>;
    received: Awaited<ReturnType<SupervisionRepository['receivedUpTo']>>;
    latestPeriod: string | null;
  } | null = null;

  constructor(options: SupervisionReadsOptions) {
    this.plans = options.plans;
    this.repository = options.repository;
    this.sources = options.sources;
    this.now = options.now;
  }

  /** The plan in force as supervision sees it, with units' current shares. */
  async plan(): Promise<SupervisionPlan> {
    const current = await this.plans.current();
    if (this.cached?.id !== current.version.id) {
      this.cached = { id: current.version.id, plan: staticPlan(current.version.id, current.catalogue.document) };
    }
    const shares = new Map<string, Map<string, number>>();
    for (const row of await this.repository.shares()) {
      let byUnit = shares.get(row.target_id);
      if (byUnit === undefined) shares.set(row.target_id, (byUnit = new Map<string, number>()));
      byUnit.set(row.unit_id, Number(row.value));
    }
    return { ...this.cached.plan, shares };
  }

  async platformFor(target: SupervisedTarget, period: string, unitId?: string): Promise<PlatformReading | null> {
    const metric = TARGET_METRICS[target.id];
    if (metric === undefined) return null;
    const plan = await this.plan();
    const value = await platformFigure(
      this.sources,
      metric,
      { from: plan.start, to: periodLastDay(period) },
      unitId === undefined ? {} : { unitId },
    );
    return { metric, value, gapWith: (reported) => hasGap(reported, value) };
  }

  /**
   * The reports as the board reads them, re-read only when they changed (one small query tells): a
   * year of monthly reports from every department and unit is some 20,000 rows.
   */
  private async reportRows(): Promise<NonNullable<SupervisionReads['snapshot']>> {
    const marker = await this.repository.changeMarker();
    if (this.snapshot?.marker !== marker) {
      const [approved, received, latestPeriod] = await Promise.all([
        this.repository.approvedUpTo('9999-12'),
        this.repository.receivedUpTo('9999-12'),
        this.repository.latestPeriod(),
      ]);
      this.snapshot = { marker, approved: approvedFiguresOf(approved), received, latestPeriod };
    }
    return this.snapshot;
  }

  /** The period asked for, or the newest reported one, within the plan's year. */
  private async periodOr(plan: SupervisionPlan, period: string | undefined): Promise<string> {
    const chosen = period ?? (await this.reportRows()).latestPeriod ?? periodOf(this.now());
    if (chosen < plan.startPeriod) return plan.startPeriod;
    if (chosen > plan.endPeriod) return plan.endPeriod;
    return chosen;
  }

  /** Every target's and task's standing at the end of a period. */
  async standings(period?: string): Promise<Standings> {
    const plan = await this.plan();
    const chosen = await this.periodOr(plan, period);
    const snapshot = await this.reportRows();
    const figures = new FigureIndex(snapshot.approved.filter((figure) => figure.period <= chosen));
    const targets = [];
    for (const target of plan.supervised.targets) {
      const standing = targetStanding(target, figures, plan.shares, chosen, plan.start);
      const platform = await this.platformFor(target, chosen);
      targets.push({ target, standing, row: targetRow(plan, target, standing, platform) });
    }
    const tasks = plan.supervised.tasks.map((task) => taskRow(plan, task, taskStanding(task, figures, chosen)));
    return { plan, period: chosen, asOf: periodLastDay(chosen), figures, targets, tasks };
  }

  async targets(_context: RequestContext, query: TargetsQuery): Promise<TargetList> {
    const standings = await this.standings(query.period);
    const { plan } = standings;
    if (query.department !== undefined && !plan.names.has(query.department)) {
      throw new AppError('DEPARTMENT_NOT_FOUND', `no department ${query.department}`, 'department');
    }
    if (query.unit !== undefined && !plan.units.some((unit) => unit.id === query.unit)) {
      throw new AppError('UNIT_NOT_FOUND', `no implementing unit ${query.unit}`, 'unit');
    }
    const named = (subject: SupervisedTarget | SupervisedTask): boolean =>
      (query.department === undefined ||
        subject.lead === query.department ||
        subject.supporting.includes(query.department)) &&
      (query.unit === undefined || subject.units.includes(query.unit));
    const targets = standings.targets
      .filter(({ target }) => named(target))
      .map(({ row }) => row)
      .filter((row) => {
        if (query.status === undefined) return true;
        if (query.unit === undefined) return row.status === query.status;
        return row.units.find((unit) => unit.unitId === query.unit)?.status === query.status;
      });
    const tasks =
      query.status === undefined
        ? plan.supervised.tasks
            .filter(named)
            .map((task) => standings.tasks.find((row) => row.id === task.id) as TaskRow)
        : [];
    return { planVersionId: plan.versionId, period: standings.period, asOf: standings.asOf, targets, tasks };
  }

  async board(context: RequestContext, query: { period?: string | undefined }): Promise<Board> {
    const standings = await this.standings(query.period);
    const { plan, period } = standings;
    const actions = plan.actions.map((action) => {
      const inAction = standings.targets.filter(({ target }) => target.action === action.number);
      return {
        number: action.number,
        title: action.title,
        titleEn: action.titleEn,
        counts: countStatuses(inAction.map(({ row }) => row.status)),
        targets: inAction.map(({ row }) => ({
          id: row.id,
          metric: row.metric,
          metricEn: row.metricEn,
          status: row.status,
          progressBp: row.progressBp,
        })),
      };
    });
    const trend = periodsBetween(plan.startPeriod, period).map((month) => ({
      period: month,
      counts: countStatuses(
        plan.supervised.targets.map(
          (target) => targetStanding(target, standings.figures, plan.shares, month, plan.start).status,
        ),
      ),
    }));
    const stages: Record<string, number> = { not_started: 0, in_progress: 0, completed: 0, not_reported: 0 };
    for (const task of standings.tasks)
      stages[task.stage ?? 'not_reported'] = (stages[task.stage ?? 'not_reported'] ?? 0) + 1;
    const rankings = await this.rankings(standings);
    const alerts = await this.alerts(context, { limit: 20 });
    return {
      planVersionId: plan.versionId,
      period,
      asOf: standings.asOf,
      counts: countStatuses(standings.targets.map(({ row }) => row.status)),
      actions,
      trend,
      tasks: { total: standings.tasks.length, stages },
      departments: rankings.filter((ranking) => ranking.kind === 'department'),
      units: rankings.filter((ranking) => ranking.kind === 'unit'),
      alerts: alerts.items,
    };
  }

  /** Departments and units by on-time reporting, then progress: reports due are subjects × closed periods. */
  private async rankings(standings: Standings): Promise<ReporterRanking[]> {
    const { plan, period } = standings;
    const now = this.now().getTime();
    const closed = periodsBetween(plan.startPeriod, period).filter(
      (month) => reportDueAt(month).getTime() <= now,
    ).length;
    const received = (await this.reportRows()).received.filter((row) => row.period <= period);
    const counts = new Map<string, { onTime: number; late: number }>();
    for (const row of received) {
      const key = `${row.reporter_kind}:${row.reporter_id}`;
      const entry = counts.get(key) ?? { onTime: 0, late: 0 };
      if (row.late === 1) entry.late += row.count;
      else entry.onTime += row.count;
      counts.set(key, entry);
    }
    const subjects = [...plan.supervised.targets, ...plan.supervised.tasks];
    const rank = (kind: ReporterKind, id: string, name: string): ReporterRanking | null => {
      const inScope = subjects.filter((subject) => reportsOn(subject, kind, id)).length;
      if (inScope === 0) return null;
      const expected = inScope * closed;
      const { onTime, late } = counts.get(`${kind}:${id}`) ?? { onTime: 0, late: 0 };
      const progress =
        kind === 'department'
          ? standings.targets.filter(({ target }) => target.lead === id).map(({ standing }) => standing.progressBp)
          : standings.targets.map(
              ({ standing }) => standing.units.find((unit) => unit.unitId === id)?.progressBp ?? null,
            );
      const known = progress.filter((value): value is number => value !== null).map((value) => Math.min(value, 10000));
      return {
        kind,
        id,
        name,
        expected,
        onTime,
        late,
        onTimeBp: expected === 0 ? 10000 : Math.min(10000, Math.round((onTime / expected) * 10000)),
        progressBp: known.length === 0 ? null : Math.round(known.reduce((a, b) => a + b, 0) / known.length),
      };
    };
    const rankings = [
      ...plan.departments.map((d) => rank('department', d.id, d.name)),
      ...plan.units.map((u) => rank('unit', u.id, u.name)),
    ].filter((ranking): ranking is ReporterRanking => ranking !== null);
    return rankings.sort(
      (a, b) => b.onTimeBp - a.onTimeBp || (b.progressBp ?? -1) - (a.progressBp ?? -1) || a.id.localeCompare(b.id),
    );
  }

  async history(context: RequestContext, id: string, query: HistoryQuery): Promise<TargetHistory> {
    const standings = await this.standings(query.period);
    const found = standings.targets.find(({ target }) => target.id === id);
    if (found === undefined) throw new AppError('SUBJECT_NOT_FOUND', `the plan in force has no target ${id}`, 'id');
    const { plan } = standings;
    const periods = [];
    for (const month of periodsBetween(plan.startPeriod, standings.period)) {
      const standing = targetStanding(found.target, standings.figures, plan.shares, month, plan.start);
      const platform = await this.platformFor(found.target, month);
      periods.push({
        period: month,
        reported: standing.reported,
        platform: platform?.value ?? null,
        due: standing.due === null ? null : Math.round(standing.due * 100) / 100,
        status: standing.status,
      });
    }
    const own = this.ownOrganisations(context);
    const reports = (await this.repository.reportsOfSubject('target', id))
      .filter(
        (row) =>
          row.approved_at !== null ||
          own === 'all' ||
          own.some((o) => o.kind === row.reporter_kind && o.id === row.reporter_id),
      )
      .sort((a, b) => b.period.localeCompare(a.period) || b.submitted_at.localeCompare(a.submitted_at))
      .map((row) => reportView(row, plan.names));
    const instructions = (await this.repository.instructions({ subjectId: id })).map(instructionView);
    return { target: found.row, periods, reports, instructions };
  }

  /** The organisations whose pending reports and alerts the caller sees; 'all' for supervisors. */
  ownOrganisations(context: RequestContext): 'all' | { kind: ReporterKind; id: string }[] {
    const principal = principalOf(context);
    if (principal.roleNames.includes('city_leader') || principal.roleNames.includes('auditor')) return 'all';
    const organisations = assignmentsCarrying(principal, 'supervision.read')
      .map((assignment) => assignment.organisation)
      .filter((o) => o?.kind === 'department' || o?.kind === 'unit')
      .map((o) => ({ kind: o?.kind as ReporterKind, id: o?.id ?? '' }));
    if (organisations.some((o) => o.kind === 'department' && o.id === SUPERVISING_DEPARTMENT)) return 'all';
    return organisations;
  }

  async reports(context: RequestContext, query: ReportListQuery): Promise<ReportList> {
    const plan = await this.plan();
    const own = this.ownOrganisations(context);
    let reporters = own === 'all' ? undefined : own;
    if (query.reporterId !== undefined) {
      const asked = {
        kind: query.reporterKind ?? (plan.units.some((u) => u.id === query.reporterId) ? 'unit' : 'department'),
        id: query.reporterId,
      } as const;
      reporters =
        reporters === undefined || reporters.some((o) => o.kind === asked.kind && o.id === asked.id) ? [asked] : [];
    }
    const { rows, total } = await this.repository.listReports({
      state: query.state,
      period: query.period,
      subjectId: query.subjectId,
      reporters,
      limit: query.limit,
    });
    return { items: rows.map((row) => reportView(row, plan.names)), total };
  }

  async alerts(context: RequestContext, query: AlertQuery): Promise<AlertList> {
    const own = this.ownOrganisations(context);
    const rows = await this.repository.alerts(own === 'all' ? undefined : own, query.limit ?? 100);
    return { items: rows.map(alertView) };
  }

  async instructions(context: RequestContext): Promise<InstructionList> {
    const own = this.ownOrganisations(context);
    const ownerIds = own === 'all' ? undefined : own.filter((o) => o.kind === 'department').map((o) => o.id);
    const rows = await this.repository.instructions(ownerIds === undefined ? {} : { ownerIds });
    return { items: rows.map(instructionView) };
  }

  /** What `huimin supervision status --json` prints. */
  async statusReport(period?: string): Promise<SupervisionStatusReport> {
    const standings = await this.standings(period);
    return {
      planVersionId: standings.plan.versionId,
      period: standings.period,
      asOf: standings.asOf,
      counts: countStatuses(standings.targets.map(({ row }) => row.status)),
      targets: standings.targets.map(({ row }) => ({
        id: row.id,
        measure: row.measure,
        status: row.status,
        reported: row.reported,
        value: row.value,
        progressBp: row.progressBp,
      })),
    };
  }
}
