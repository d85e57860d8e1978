/** Rows of supervision's tables as the API shows them (src/contract/supervision.ts). */
import { randomUUID } from 'node:crypto';
import type { AlertRow, InstructionRow, ReportRow } from '../../db/supervision-repository.js';
import type { ApprovedFigure } from '../../domain/supervision/progress.js';
import type { AlertKind, ReporterKind, TaskStage } from '../../domain/supervision/vocabulary.js';
import type { AlertView, InstructionView, ReportView } from '../../contract/supervision.js';

/** Names of departments and units by id, Chinese and English. */
export type Names = ReadonlyMap<string, { readonly name: string; readonly nameEn: string }>;

export function reportView(row: ReportRow, names: Names): ReportView {
  return {
    id: row.id,
    subjectKind: row.subject_kind,
    subjectId: row.subject_id,
    reporterKind: row.reporter_kind,
    reporterId: row.reporter_id,
    reporterName: names.get(row.reporter_id)?.name ?? row.reporter_id,
    period: row.period,
    value: row.value === null ? null : Number(row.value),
    stage: row.stage as TaskStage | null,
    narrative: row.narrative,
    problems: row.problems,
    evidence: JSON.parse(row.evidence) as string[],
    state: row.state,
    late: Number(row.late) === 1,
    revision: Number(row.revision),
    changeReason: row.change_reason,
    submittedBy: row.submitted_by,
    submittedAt: row.submitted_at,
    approved:
      row.approved_at === null
        ? null
        : {
            value: row.approved_value === null ? null : Number(row.approved_value),
            stage: row.approved_stage as TaskStage | null,
            narrative: row.approved_narrative ?? '',
            problems: row.approved_problems ?? '',
            by: row.approved_by ?? '',
            at: row.approved_at,
          },
  };
}

/** The approved figures among report rows. */
export function approvedFiguresOf(
  rows: readonly Pick<
    ReportRow,
    | 'subject_kind'
    | 'subject_id'
    | 'reporter_kind'
    | 'reporter_id'
    | 'period'
    | 'approved_value'
    | 'approved_stage'
    | 'approved_narrative'
    | 'approved_problems'
  >[],
): ApprovedFigure[] {
  return rows
    .filter((row) => row.approved_value !== null || row.approved_stage !== null)
    .map((row) => ({
      subjectKind: row.subject_kind,
      subjectId: row.subject_id,
      reporterKind: row.reporter_kind,
      reporterId: row.reporter_id,
      period: row.period,
      value: row.approved_value === null ? null : Number(row.approved_value),
      stage: row.approved_stage,
      narrative: row.approved_narrative,
      problems: row.approved_problems,
    }));
}

export function alertRow(
  now: Date,
  kind: AlertKind,
  subject: { readonly kind: 'target' | 'task'; readonly id: string },
  owner: { readonly kind: ReporterKind; readonly id: string },
  period: string | null,
  message: { readonly zh: string; readonly en: string },
): AlertRow {
  return {
    id: randomUUID(),
    kind,
    subject_kind: subject.kind,
    subject_id: subject.id,
    owner_kind: owner.kind,
    owner_id: owner.id,
    period,
    message: message.zh,
    message_en: message.en,
    created_at: now.toISOString(),
  };
}

export function alertView(row: AlertRow): AlertView {
  return {
    id: row.id,
    kind: row.kind as AlertKind,
    subjectKind: row.subject_kind as 'target' | 'task',
    subjectId: row.subject_id,
    ownerKind: row.owner_kind as ReporterKind,
    ownerId: row.owner_id,
    period: row.period,
    message: row.message,
    messageEn: row.message_en,
    createdAt: row.created_at,
  };
}

export function instructionView(row: InstructionRow): InstructionView {
  return {
    id: row.id,
    subjectKind: row.subject_kind as 'target' | 'task',
    subjectId: row.subject_id,
    ownerId: row.owner_id,
    text: row.text,
    givenBy: row.given_by,
    givenAt: row.given_at,
    answer: row.answer,
    answeredBy: row.answered_by,
    answeredAt: row.answered_at,
  };
}

/**
 * The case of a report or instruction: one organisation, and none of the other kind, so that a county
 * role never reaches a department's case (nor a department role a unit's) through the kind not applying.
 */
export function caseOf(kind: ReporterKind, id: string): { departmentId: string | null; unitId: string | null } {
  return kind === 'department' ? { departmentId: id, unitId: null } : { departmentId: null, unitId: id };
}
