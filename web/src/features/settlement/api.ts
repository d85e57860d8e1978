/** The settlement API (src/http/routes/settlement/settlement-routes.ts). */
import type {
  PaymentResultsRequest,
  SettlementDetail,
  SettlementList,
  SettlementListQuery,
  SettlementReview,
  SettlementRunRequest,
  SettlementRunResult,
  SettlementView,
} from '../../../../src/contract/settlement';
import { getJson, sendJson } from '../../lib/api/client';

export type { SettlementDetail, SettlementLineView, SettlementView } from '../../../../src/contract/settlement';

const base = '/api/v1/settlements';
const one = (id: string, rest = '') => `${base}/${encodeURIComponent(id)}${rest}`;

export const settlementApi = {
  list: (awaitingMe: boolean, signal?: AbortSignal) =>
    getJson<SettlementList>(base, awaitingMe ? { awaitingMe: 'true', limit: 200 } : { limit: 200 }, signal),
  page: (query: Omit<SettlementListQuery, 'awaitingMe'>, signal?: AbortSignal) =>
    getJson<SettlementList>(base, { ...query }, signal),
  run: (request: SettlementRunRequest, key: string) =>
    sendJson<SettlementRunResult>('POST', base, request, { 'idempotency-key': key }),
  detail: (id: string, signal?: AbortSignal) => getJson<SettlementDetail>(one(id), undefined, signal),
  review: (id: string, review: SettlementReview, key: string) =>
    sendJson<SettlementView>('POST', one(id, '/reviews'), review, { 'idempotency-key': key }),
  results: (id: string, request: PaymentResultsRequest, key: string) =>
    sendJson<SettlementView>('POST', one(id, '/payment-results'), request, { 'idempotency-key': key }),
  payoutUrl: (id: string, format: 'xlsx' | 'csv') => one(id, `/payout-file?format=${format}`),
};
