/**
 * The trade-in API (src/http/routes/trade-in/trade-in-routes.ts): today's releases, a citizen's
 * qualifications and redemptions, the till's redemption (Idempotency-Key), returns, memberships.
 */
import type {
  MembershipList,
  QualificationClaim,
  QualificationList,
  QualificationView,
  RedemptionList,
  RedemptionRequest,
  RedemptionView,
  ReleaseList,
  ReturnRequest,
  ReturnView,
} from '../../../../src/contract/trade-in';
import { getJson, sendJson } from '../../lib/api/client';

export type { QualificationView, RedemptionRequest, RedemptionView, ReleaseList, ReturnView };

const base = '/api/v1/trade-in';

export const tradeInApi = {
  releases: (signal?: AbortSignal) => getJson<ReleaseList>(`${base}/releases/today`, undefined, signal),
  myQualifications: (signal?: AbortSignal) =>
    getJson<QualificationList>(`${base}/qualifications/mine`, undefined, signal),
  myRedemptions: (signal?: AbortSignal) => getJson<RedemptionList>(`${base}/redemptions/mine`, undefined, signal),
  redemptions: (signal?: AbortSignal) => getJson<RedemptionList>(`${base}/redemptions`, undefined, signal),
  memberships: (signal?: AbortSignal) => getJson<MembershipList>(`${base}/memberships`, undefined, signal),
  claim: (claim: QualificationClaim) => sendJson<QualificationView>('POST', `${base}/qualifications`, claim),
  redeem: (request: RedemptionRequest, idempotencyKey: string) =>
    sendJson<RedemptionView>('POST', `${base}/redemptions`, request, { 'idempotency-key': idempotencyKey }),
  giveBack: (id: string, request: ReturnRequest, idempotencyKey: string) =>
    sendJson<ReturnView>('POST', `${base}/redemptions/${encodeURIComponent(id)}/returns`, request, {
      'idempotency-key': idempotencyKey,
    }),
};

/** The categories a citizen may claim per line (those the integration test plays; the server judges). */
export const CATEGORIES = {
  appliance: ['air_conditioner', 'refrigerator', 'washing_machine', 'tv'],
  digital: ['phone'],
} as const;
export type ClaimLine = keyof typeof CATEGORIES;
