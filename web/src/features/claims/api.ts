/**
 * The claims API (issue 12: /api/v1/claims): the settings, applications and their evidence, the
 * applicant's claims, the reviewers' queue and decisions, payout batches and payment results. Every
 * write sends an Idempotency-Key (keys.ts): the server requires one where money moves and a retry
 * with the same key gets the first answer.
 */
import { keepPreviousData, queryOptions, type QueryClient } from '@tanstack/react-query';
import type { ErrorBody } from '../../../../src/contract/errors';
import type {
  BulkApprovalResult,
  ClaimApplication,
  ClaimCreated,
  ClaimList,
  ClaimListQuery,
  ClaimPaymentOutcome,
  ClaimPaymentResults,
  ClaimPayoutBatchDetail,
  ClaimPayoutBatchList,
  ClaimPayoutBatchView,
  ClaimPayoutRun,
  ClaimReview,
  ClaimSettings,
  ClaimView,
  EvidenceFileView,
  EvidenceKind,
  PayeeInput,
} from '../../../../src/contract/claims';
import { ApiError, getJson, sendJson, type QueryParams } from '../../lib/api/client';
import { csrfToken } from '../../lib/api/csrf';

export type {
  BulkApprovalResult,
  ClaimCreated,
  ClaimLine,
  ClaimPayoutBatchDetail,
  ClaimPayoutBatchView,
  ClaimPayoutLineView,
  ClaimReasonCode,
  ClaimSettings,
  ClaimStageView,
  ClaimState,
  ClaimView,
  EvidenceFileView,
  EvidenceKind,
} from '../../../../src/contract/claims';

const base = '/api/v1/claims';
const one = (id: string, rest = '') => `${base}/${encodeURIComponent(id)}${rest}`;
const keyed = (key: string) => ({ 'idempotency-key': key });

/** A list query as URL parameters: true flags as "true", false and empty ones left out. */
export function queueParams(query: ClaimListQuery): QueryParams {
  const out: QueryParams = {};
  for (const [name, value] of Object.entries(query) as [string, string | number | boolean | undefined][]) {
    if (value === undefined || value === false || value === '') continue;
    out[name] = value === true ? 'true' : value;
  }
  return out;
}

function isErrorBody(body: unknown): body is ErrorBody {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error = body.error;
  return typeof error === 'object' && error !== null && 'code' in error && 'message' in error;
}

/** POSTs a multipart form (an evidence file) with the CSRF token and the attempt's key; failures become ApiErrors. */
async function sendForm<T>(path: string, form: FormData, key: string): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...keyed(key) };
  const token = csrfToken();
  if (token) headers['x-csrf-token'] = token;
  let response: Response;
  try {
    response = await fetch(path, { method: 'POST', body: form, headers, credentials: 'same-origin' });
  } catch (cause) {
    throw new ApiError(0, 'NETWORK_ERROR', cause instanceof Error ? cause.message : String(cause));
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw failure(response, body);
  if (body === undefined) throw new ApiError(response.status, 'INVALID_RESPONSE', 'The response is not JSON');
  return body as T;
}

function failure(response: Response, body: unknown): ApiError {
  if (isErrorBody(body)) {
    const { code, message, requestId, field } = body.error;
    return new ApiError(response.status, code, message, requestId, field);
  }
  return new ApiError(response.status, `HTTP_${response.status}`, response.statusText || 'Request failed');
}

export const claimsApi = {
  apply: (application: ClaimApplication, key: string) => sendJson<ClaimCreated>('POST', base, application, keyed(key)),
  uploadEvidence: (id: string, kind: EvidenceKind, file: File, key: string) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return sendForm<EvidenceFileView>(one(id, `/evidence?kind=${encodeURIComponent(kind)}`), form, key);
  },
  /** The file itself, shown inline (images in <img>, PDFs in an <iframe>). */
  evidenceUrl: (id: string, evidenceId: string) => one(id, `/evidence/${encodeURIComponent(evidenceId)}`),
  submit: (id: string, key: string) => sendJson<ClaimView>('POST', one(id, '/submit'), undefined, keyed(key)),
  /** 撤回申请: a draft, returned or reviewing claim taken back; the money held for it is released. */
  withdraw: (id: string, key: string) => sendJson<ClaimView>('POST', one(id, '/withdrawal'), undefined, keyed(key)),
  setPayee: (id: string, payee: PayeeInput, key: string) =>
    sendJson<ClaimView>('PUT', one(id, '/payee'), { payee }, keyed(key)),
  review: (id: string, review: ClaimReview, key: string) =>
    sendJson<ClaimView>('POST', one(id, '/reviews'), review, keyed(key)),
  bulkApprove: (ids: string[], key: string) =>
    sendJson<BulkApprovalResult>('POST', `${base}/bulk-approval`, { ids }, keyed(key)),
  buildPayout: (run: ClaimPayoutRun, key: string) =>
    sendJson<ClaimPayoutBatchView>('POST', `${base}/payouts`, run, keyed(key)),
  payoutFileUrl: (id: string, format: 'xlsx' | 'csv') =>
    `${base}/payouts/${encodeURIComponent(id)}/file?format=${format}`,
  recordResults: (id: string, results: ClaimPaymentResults, key: string) =>
    sendJson<ClaimPaymentOutcome>(
      'POST',
      `${base}/payouts/${encodeURIComponent(id)}/payment-results`,
      results,
      keyed(key),
    ),
};

export const claimQueries = {
  settings: () =>
    queryOptions({
      queryKey: ['claims', 'settings'],
      queryFn: ({ signal }) => getJson<ClaimSettings>(`${base}/settings`, undefined, signal),
      staleTime: 5 * 60_000,
    }),
  mine: () =>
    queryOptions({
      queryKey: ['claims', 'mine'],
      queryFn: ({ signal }) => getJson<ClaimList>(`${base}/mine`, undefined, signal),
    }),
  one: (id: string) =>
    queryOptions({
      queryKey: ['claims', 'one', id],
      queryFn: ({ signal }) => getJson<ClaimView>(one(id), undefined, signal),
    }),
  queue: (query: ClaimListQuery) =>
    queryOptions({
      queryKey: ['claims', 'queue', queueParams(query)],
      queryFn: ({ signal }) => getJson<ClaimList>(base, queueParams(query), signal),
      placeholderData: keepPreviousData,
    }),
  payouts: () =>
    queryOptions({
      queryKey: ['claims', 'payouts'],
      queryFn: ({ signal }) => getJson<ClaimPayoutBatchList>(`${base}/payouts`, undefined, signal),
    }),
  /** A payout batch with one line per claim (masked payee, the bank's result so far): claims.pay. */
  payout: (batchId: string) =>
    queryOptions({
      queryKey: ['claims', 'payout', batchId],
      queryFn: ({ signal }) =>
        getJson<ClaimPayoutBatchDetail>(`${base}/payouts/${encodeURIComponent(batchId)}`, undefined, signal),
    }),
};

/** After a write: the claim's new view in place, every list asked again (the settings stay). */
export function refreshClaims(client: QueryClient, claim?: ClaimView): void {
  if (claim) client.setQueryData(claimQueries.one(claim.id).queryKey, claim);
  void client.invalidateQueries({
    queryKey: ['claims'],
    predicate: (query) => query.queryKey[1] !== 'settings' && (!claim || query.queryKey[2] !== claim.id),
  });
}
