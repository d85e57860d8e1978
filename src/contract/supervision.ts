/**
 * The supervision API's wire contract (docs/supervision.md): what is supervised (targets and tasks),
 * progress reports and their approval, the board, a target's history, alerts, instructions (批示),
 * units' shares of targets and evidence files. Values are the target's own unit (台, 辆, 户 …).
 */
import { Type, type Static } from 'typebox';
import {
  ALERT_KINDS,
  REPORTER_KINDS,
  REPORT_STATES,
  SUBJECT_KINDS,
  SUPERVISION_STATUSES,
  TASK_STAGES,
} from '../domain/supervision/vocabulary.js';

const Instant = Type.String({ description: 'ISO 8601, UTC' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const Period = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'a month, YYYY-MM' });
const OrganisationId = Type.String({ minLength: 1, maxLength: 80 });
const Sha256 = Type.String({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256 of the file, hex' });

export const SupervisionStatusName = Type.Enum(SUPERVISION_STATUSES);
export const TaskStageName = Type.Enum(TASK_STAGES);
export const SubjectKindName = Type.Enum(SUBJECT_KINDS);
export const ReporterKindName = Type.Enum(REPORTER_KINDS);
export const StatusCounts = Type.Record(Type.String(), Type.Integer(), {
  description: 'how many targets have each status',
});
export type StatusCounts = Static<typeof StatusCounts>;

/** A report's figure: a cumulative value for a target, a stage for a task. */
export const ReportInput = Type.Object(
  {
    subjectKind: SubjectKindName,
    subjectId: Type.String({ minLength: 1, maxLength: 80 }),
    /** Which of the caller's organisations reports; needed only when the caller's roles name several. */
    reporterKind: Type.Optional(ReporterKindName),
    reporterId: Type.Optional(OrganisationId),
    period: Period,
    value: Type.Optional(Type.Number({ minimum: 0, maximum: 1e15, description: 'cumulative, for a target' })),
    stage: Type.Optional(TaskStageName),
    narrative: Type.String({ minLength: 1, maxLength: 4000, description: '完成情况' }),
    problems: Type.Optional(Type.String({ maxLength: 4000, description: '存在问题' })),
    evidence: Type.Optional(Type.Array(Sha256, { maxItems: 20, description: 'uploaded evidence files' })),
    /** Needed to change an approved report, or to report less than before; audited. */
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
  },
  { additionalProperties: false },
);
export type ReportInput = Static<typeof ReportInput>;

export const ApprovalInput = Type.Object(
  { note: Type.Optional(Type.String({ maxLength: 1000 })) },
  { additionalProperties: false },
);
export type ApprovalInput = Static<typeof ApprovalInput>;

export const ApprovedFigure = Type.Object(
  {
    value: Nullable(Type.Number()),
    stage: Nullable(TaskStageName),
    narrative: Type.String(),
    problems: Type.String(),
    by: Type.String(),
    at: Instant,
  },
  { additionalProperties: false },
);

export const ReportView = Type.Object(
  {
    id: Type.String(),
    subjectKind: SubjectKindName,
    subjectId: Type.String(),
    reporterKind: ReporterKindName,
    reporterId: Type.String(),
    reporterName: Type.String(),
    period: Period,
    value: Nullable(Type.Number()),
    stage: Nullable(TaskStageName),
    narrative: Type.String(),
    problems: Type.String(),
    evidence: Type.Array(Sha256),
    state: Type.Enum(REPORT_STATES),
    late: Type.Boolean(),
    revision: Type.Integer(),
    changeReason: Nullable(Type.String()),
    submittedBy: Type.String(),
    submittedAt: Instant,
    /** What is visible city-wide: the last approved figure (kept while a change waits). */
    approved: Nullable(ApprovedFigure),
  },
  { additionalProperties: false },
);
export type ReportView = Static<typeof ReportView>;

export const ReportList = Type.Object({ items: Type.Array(ReportView), total: Type.Integer() });
export type ReportList = Static<typeof ReportList>;

export const ReportListQuery = Type.Object(
  {
    state: Type.Optional(Type.Enum(REPORT_STATES)),
    period: Type.Optional(Period),
    subjectId: Type.Optional(Type.String({ maxLength: 80 })),
    reporterKind: Type.Optional(ReporterKindName),
    reporterId: Type.Optional(OrganisationId),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  },
  { additionalProperties: false },
);
export type ReportListQuery = Static<typeof ReportListQuery>;

export const PlatformFigure = Type.Object(
  {
    metric: Type.String({ description: "the platform's metric key, e.g. trade_in.appliance_units" }),
    value: Nullable(Type.Number()),
    /** Reported and platform figures differ by more than 10% of the larger. */
    gap: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type PlatformFigure = Static<typeof PlatformFigure>;

export const UnitProgress = Type.Object(
  {
    unitId: Type.String(),
    name: Type.String(),
    /** What the unit is judged against: its share as the commerce bureau set it, else an equal part, or the value. */
    share: Type.Number(),
    shareSource: Type.Union([Type.Literal('set'), Type.Literal('equal'), Type.Literal('target')]),
    reported: Nullable(Type.Number()),
    status: SupervisionStatusName,
  },
  { additionalProperties: false },
);
export type UnitProgress = Static<typeof UnitProgress>;

export const TargetRow = Type.Object(
  {
    id: Type.String(),
    measure: Type.Integer(),
    action: Type.Integer(),
    metric: Type.String(),
    metricEn: Type.String(),
    quote: Type.String(),
    unit: Type.String(),
    comparator: Type.String(),
    value: Type.Number(),
    deadline: Type.String(),
    scope: Type.String(),
    lead: Type.String(),
    leadName: Type.String(),
    supporting: Type.Array(Type.String()),
    status: SupervisionStatusName,
    reported: Nullable(Type.Number()),
    due: Nullable(Type.Number()),
    progressBp: Nullable(Type.Integer()),
    elapsedBp: Type.Integer(),
    lastPeriod: Nullable(Period),
    narrative: Nullable(Type.String()),
    problems: Nullable(Type.String()),
    platform: Nullable(PlatformFigure),
    units: Type.Array(UnitProgress),
  },
  { additionalProperties: false },
);
export type TargetRow = Static<typeof TargetRow>;

export const TaskRow = Type.Object(
  {
    id: Type.String(),
    measure: Type.Integer(),
    action: Type.Integer(),
    quote: Type.String(),
    lead: Type.String(),
    leadName: Type.String(),
    supporting: Type.Array(Type.String()),
    stage: Nullable(TaskStageName),
    lastPeriod: Nullable(Period),
    narrative: Nullable(Type.String()),
    problems: Nullable(Type.String()),
  },
  { additionalProperties: false },
);
export type TaskRow = Static<typeof TaskRow>;

export const TargetsQuery = Type.Object(
  {
    status: Type.Optional(SupervisionStatusName),
    department: Type.Optional(OrganisationId),
    unit: Type.Optional(OrganisationId),
    period: Type.Optional(Period),
  },
  { additionalProperties: false },
);
export type TargetsQuery = Static<typeof TargetsQuery>;

export const TargetList = Type.Object(
  {
    planVersionId: Type.String(),
    period: Period,
    /** The date statuses are judged at: the last day of the period. */
    asOf: Type.String(),
    targets: Type.Array(TargetRow),
    tasks: Type.Array(TaskRow),
  },
  { additionalProperties: false },
);
export type TargetList = Static<typeof TargetList>;

export const BoardQuery = Type.Object({ period: Type.Optional(Period) }, { additionalProperties: false });
export type BoardQuery = Static<typeof BoardQuery>;

export const ReporterRanking = Type.Object(
  {
    kind: ReporterKindName,
    id: Type.String(),
    name: Type.String(),
    /** Reports due so far (subjects in scope × closed periods) and how many came in on time or late. */
    expected: Type.Integer(),
    onTime: Type.Integer(),
    late: Type.Integer(),
    onTimeBp: Type.Integer(),
    /** Mean progress of the targets it reports (capped at 100%), in bp; null when it has none. */
    progressBp: Nullable(Type.Integer()),
  },
  { additionalProperties: false },
);
export type ReporterRanking = Static<typeof ReporterRanking>;

export const AlertView = Type.Object(
  {
    id: Type.String(),
    kind: Type.Enum(ALERT_KINDS),
    subjectKind: SubjectKindName,
    subjectId: Type.String(),
    ownerKind: ReporterKindName,
    ownerId: Type.String(),
    period: Nullable(Period),
    message: Type.String(),
    messageEn: Type.String(),
    createdAt: Instant,
  },
  { additionalProperties: false },
);
export type AlertView = Static<typeof AlertView>;

export const Board = Type.Object(
  {
    planVersionId: Type.String(),
    period: Period,
    asOf: Type.String(),
    counts: StatusCounts,
    actions: Type.Array(
      Type.Object(
        {
          number: Type.Integer(),
          title: Type.String(),
          titleEn: Type.String(),
          counts: StatusCounts,
          targets: Type.Array(
            Type.Object(
              {
                id: Type.String(),
                metric: Type.String(),
                metricEn: Type.String(),
                status: SupervisionStatusName,
                progressBp: Nullable(Type.Integer()),
              },
              { additionalProperties: false },
            ),
          ),
        },
        { additionalProperties: false },
      ),
    ),
    /** The status counts at the end of every period from the plan's start to this one. */
    trend: Type.Array(Type.Object({ period: Period, counts: StatusCounts }, { additionalProperties: false })),
    tasks: Type.Object({ total: Type.Integer(), stages: StatusCounts }, { additionalProperties: false }),
    departments: Type.Array(ReporterRanking),
    units: Type.Array(ReporterRanking),
    alerts: Type.Array(AlertView),
  },
  { additionalProperties: false },
);
export type Board = Static<typeof Board>;

export const InstructionView = Type.Object(
  {
    id: Type.String(),
    subjectKind: SubjectKindName,
    subjectId: Type.String(),
    ownerId: Type.String(),
    text: Type.String(),
    givenBy: Type.String(),
    givenAt: Instant,
    answer: Nullable(Type.String()),
    answeredBy: Nullable(Type.String()),
    answeredAt: Nullable(Instant),
  },
  { additionalProperties: false },
);
export type InstructionView = Static<typeof InstructionView>;

export const TargetHistory = Type.Object(
  {
    target: TargetRow,
    periods: Type.Array(
      Type.Object(
        {
          period: Period,
          reported: Nullable(Type.Number()),
          platform: Nullable(Type.Number()),
          due: Nullable(Type.Number()),
          status: SupervisionStatusName,
        },
        { additionalProperties: false },
      ),
    ),
    reports: Type.Array(ReportView),
    instructions: Type.Array(InstructionView),
  },
  { additionalProperties: false },
);
export type TargetHistory = Static<typeof TargetHistory>;

export const SubjectParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 80 }) });
export type SubjectParams = Static<typeof SubjectParams>;
export const HistoryQuery = Type.Object({ period: Type.Optional(Period) }, { additionalProperties: false });
export type HistoryQuery = Static<typeof HistoryQuery>;

export const AlertList = Type.Object({ items: Type.Array(AlertView) });
export type AlertList = Static<typeof AlertList>;
export const AlertQuery = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) },
  { additionalProperties: false },
);
export type AlertQuery = Static<typeof AlertQuery>;

export const InstructionInput = Type.Object(
  {
    subjectKind: SubjectKindName,
    subjectId: Type.String({ minLength: 1, maxLength: 80 }),
    text: Type.String({ minLength: 1, maxLength: 2000 }),
  },
  { additionalProperties: false },
);
export type InstructionInput = Static<typeof InstructionInput>;
export const AnswerInput = Type.Object(
  { answer: Type.String({ minLength: 1, maxLength: 4000 }) },
  { additionalProperties: false },
);
export type AnswerInput = Static<typeof AnswerInput>;
export const InstructionList = Type.Object({ items: Type.Array(InstructionView) });
export type InstructionList = Static<typeof InstructionList>;

export const UnitSharesInput = Type.Object(
  {
    shares: Type.Array(
      Type.Object(
        { unitId: OrganisationId, value: Type.Number({ minimum: 0, maximum: 1e15 }) },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 20 },
    ),
  },
  { additionalProperties: false },
);
export type UnitSharesInput = Static<typeof UnitSharesInput>;
export const UnitShares = Type.Object({
  targetId: Type.String(),
  shares: Type.Array(Type.Object({ unitId: Type.String(), value: Type.Number() }, { additionalProperties: false })),
});
export type UnitShares = Static<typeof UnitShares>;

export const EvidenceView = Type.Object(
  {
    sha256: Sha256,
    mediaType: Type.String(),
    sizeBytes: Type.Integer(),
    fileName: Type.String(),
  },
  { additionalProperties: false },
);
export type EvidenceView = Static<typeof EvidenceView>;
export const EvidenceParams = Type.Object({ sha256: Sha256 });
export type EvidenceParams = Static<typeof EvidenceParams>;

export const ExportQuery = Type.Object({ period: Type.Optional(Period) }, { additionalProperties: false });
export type ExportQuery = Static<typeof ExportQuery>;

export const SupervisionStatusReport = Type.Object(
  {
    planVersionId: Type.String(),
    period: Period,
    asOf: Type.String(),
    counts: StatusCounts,
    targets: Type.Array(
      Type.Object(
        {
          id: Type.String(),
          measure: Type.Integer(),
          status: SupervisionStatusName,
          reported: Nullable(Type.Number()),
          value: Type.Number(),
          progressBp: Nullable(Type.Integer()),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type SupervisionStatusReport = Static<typeof SupervisionStatusReport>;
