/**
 * The supervision API (docs/supervision.md, src/http/routes/supervision/supervision-routes.ts): the
 * board, targets and tasks, a target's history, reports and their approval, alerts, instructions and
 * evidence uploads. Query keys start with 'supervision' and the viewer's account id.
 */
import { queryOptions } from '@tanstack/react-query';
import type {
  AlertList,
  AnswerInput,
  Board,
  EvidenceView,
  InstructionInput,
  InstructionList,
  InstructionView,
  ReportInput,
  ReportList,
  ReportView,
  TargetHistory,
  TargetList,
  TargetRow,
  TaskRow,
  TargetsQuery,
} from '../../../../src/contract/supervision';
import type { SupervisionStatus, TaskStage } from '../../../../src/domain/supervision/vocabulary';
import { ApiError, getJson, sendJson } from '../../lib/api/client';
import { csrfToken } from '../../lib/api/csrf';

export type { Board, ReportView, SupervisionStatus, TargetHistory, TargetList, TargetRow, TaskRow, TaskStage };
export { SUPERVISION_STATUSES, TASK_STAGES } from '../../../../src/domain/supervision/vocabulary';

const base = '/api/v1/supervision';

export const supervisionKeys = { all: ['supervision'] as const };

export function supervisionQueries(viewer: string) {
  return {
    board: (period?: string) =>
      queryOptions({
        queryKey: ['supervision', viewer, 'board', period ?? ''],
        queryFn: ({ signal }) => getJson<Board>(`${base}/board`, { period }, signal),
        staleTime: 15_000,
      }),
    targets: (query: TargetsQuery) =>
      queryOptions({
        queryKey: ['supervision', viewer, 'targets', query],
        queryFn: ({ signal }) => getJson<TargetList>(`${base}/targets`, { ...query }, signal),
        staleTime: 15_000,
      }),
    history: (id: string, period?: string) =>
      queryOptions({
        queryKey: ['supervision', viewer, 'history', id, period ?? ''],
        queryFn: ({ signal }) =>
          getJson<TargetHistory>(`${base}/targets/${encodeURIComponent(id)}/history`, { period }, signal),
      }),
    reports: (state?: 'submitted' | 'approved', reporter?: { kind: 'department' | 'unit'; id: string }) =>
      queryOptions({
        queryKey: ['supervision', viewer, 'reports', state ?? '', reporter?.kind ?? '', reporter?.id ?? ''],
        queryFn: ({ signal }) =>
          getJson<ReportList>(
            `${base}/reports`,
            { state, limit: 200, reporterKind: reporter?.kind, reporterId: reporter?.id },
            signal,
          ),
      }),
    alerts: () =>
      queryOptions({
        queryKey: ['supervision', viewer, 'alerts'],
        queryFn: ({ signal }) => getJson<AlertList>(`${base}/alerts`, { limit: 50 }, signal),
      }),
    instructions: () =>
      queryOptions({
        queryKey: ['supervision', viewer, 'instructions'],
        queryFn: ({ signal }) => getJson<InstructionList>(`${base}/instructions`, undefined, signal),
      }),
  };
}

export const submitReport = (input: ReportInput) => sendJson<ReportView>('POST', `${base}/reports`, input);
export const approveReport = (id: string) =>
  sendJson<ReportView>('POST', `${base}/reports/${encodeURIComponent(id)}/approval`, {});
export const giveInstruction = (input: InstructionInput) =>
  sendJson<InstructionView>('POST', `${base}/instructions`, input);
export const answerInstruction = (id: string, input: AnswerInput) =>
  sendJson<InstructionView>('POST', `${base}/instructions/${encodeURIComponent(id)}/answer`, input);

/** Uploads one evidence file (multipart, field `file`); the server judges its type by its bytes. */
export async function uploadEvidence(file: File): Promise<EvidenceView> {
  const form = new FormData();
  form.append('file', file, file.name);
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = csrfToken();
  if (token) headers['x-csrf-token'] = token;
  const response = await fetch(`${base}/evidence`, { method: 'POST', body: form, headers, credentials: 'same-origin' });
  const body = (await response.json().catch(() => undefined)) as
    EvidenceView | { error: { code: string; message: string; requestId?: string; field?: string } } | undefined;
  if (!response.ok || body === undefined || 'error' in body) {
    const error = body !== undefined && 'error' in body ? body.error : undefined;
    throw new ApiError(response.status, error?.code ?? `HTTP_${response.status}`, error?.message ?? 'Upload failed');
  }
  return body;
}

export const exportUrl = (period: string) => `${base}/export?period=${encodeURIComponent(period)}`;
export const evidenceUrl = (sha256: string) => `${base}/evidence/${sha256}`;

/** The plan's months, January to December of its year. */
export function planPeriods(year = 2025): string[] {
  return Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
}
