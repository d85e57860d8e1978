/**
 * The trade-in API (src/http/routes/trade-in/trade-in-routes.ts): today's releases, a citizen's
 * qualifications and redemptions, the till's redemption (Idempotency-Key), returns, memberships and
 * their decisions, credit listings, and the public figures.
 */
import type {
  CreditImportResult,
  CreditListing,
  CreditListingList,
  CreditListingView,
  FiguresQuery,
  FiguresView,
  MembershipApplication,
  MembershipDecision,
  MembershipList,
  MembershipListQuery,
  MembershipView,
  QualificationClaim,
  QualificationList,
  QualificationView,
  RedemptionList,
  RedemptionListQuery,
  RedemptionRequest,
  RedemptionView,
  ReleaseList,
  ReturnRequest,
  ReturnView,
  TradeInLine,
} from '../../../../src/contract/trade-in';
import type { QuoteResult } from '../../../../src/contract/subsidy';
import { getJson, sendJson, type QueryParams } from '../../lib/api/client';

export type {
  CreditListing,
  CreditListingView,
  FiguresView,
  MembershipApplication,
  MembershipView,
  QualificationView,
  RedemptionRequest,
  RedemptionView,
  ReleaseList,
  ReturnView,
  TradeInLine,
};

const base = '/api/v1/trade-in';

/** A query object as URL parameters (undefined left out). */
function params(query: object): QueryParams {
  return Object.fromEntries<string | number>(
    Object.entries(query as Record<string, string | number | undefined>).filter(
      (entry): entry is [string, string | number] => entry[1] !== undefined && entry[1] !== '',
    ),
  );
}

export const tradeInApi = {
  releases: (signal?: AbortSignal) => getJson<ReleaseList>(`${base}/releases/today`, undefined, signal),
  myQualifications: (signal?: AbortSignal) =>
    getJson<QualificationList>(`${base}/qualifications/mine`, undefined, signal),
  myRedemptions: (signal?: AbortSignal) => getJson<RedemptionList>(`${base}/redemptions/mine`, undefined, signal),
  redemptions: (query: RedemptionListQuery = {}, signal?: AbortSignal) =>
    getJson<RedemptionList>(`${base}/redemptions`, params(query), signal),
  memberships: (query: MembershipListQuery = {}, signal?: AbortSignal) =>
    getJson<MembershipList>(`${base}/memberships`, params(query), signal),
  apply: (application: MembershipApplication) => sendJson<MembershipView>('POST', `${base}/memberships`, application),
  decide: (id: string, decision: MembershipDecision) =>
    sendJson<MembershipView>('POST', `${base}/memberships/${encodeURIComponent(id)}/decision`, decision),
  creditListings: (signal?: AbortSignal) => getJson<CreditListingList>(`${base}/credit-listings`, undefined, signal),
  recordListings: (listings: CreditListing[]) =>
    sendJson<CreditImportResult>('POST', `${base}/credit-listings`, { listings }),
  figures: (query: FiguresQuery, signal?: AbortSignal) =>
    getJson<FiguresView>(`${base}/figures`, params(query), signal),
  claim: (claim: QualificationClaim) => sendJson<QualificationView>('POST', `${base}/qualifications`, claim),
  redeem: (request: RedemptionRequest, idempotencyKey: string) =>
    sendJson<RedemptionView>('POST', `${base}/redemptions`, request, { 'idempotency-key': idempotencyKey }),
  giveBack: (id: string, request: ReturnRequest, idempotencyKey: string) =>
    sendJson<ReturnView>('POST', `${base}/redemptions/${encodeURIComponent(id)}/returns`, request, {
      'idempotency-key': idempotencyKey,
    }),
  /** The public quote of what the kept part of a sale would receive (the return's preview). */
  quoteKept: (r: RedemptionView, keptPriceFen: number, purchaseDate: string) =>
    sendJson<QuoteResult>('POST', '/api/v1/quote', {
      line: r.line,
      category: r.category,
      finalPriceFen: keptPriceFen,
      purchaseDate,
      ...(r.efficiencyGrade === null ? {} : { efficiencyGrade: r.efficiencyGrade }),
    }),
};

/** The categories a citizen may claim per line (those the integration test plays; the server judges). */
export const CATEGORIES = {
  appliance: ['air_conditioner', 'refrigerator', 'washing_machine', 'tv'],
  digital: ['phone'],
} as const;
export type QualificationLine = keyof typeof CATEGORIES;

/** Appliances are priced by their efficiency grade: the till asks for it. */
export function needsGrade(category: string | undefined): boolean {
  return (CATEGORIES.appliance as readonly string[]).includes(category ?? '');
}
