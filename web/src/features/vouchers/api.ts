/**
 * The vouchers API (issue 13: /api/v1/vouchers): campaigns and rounds for finance, the campaign's report,
 * the rounds a citizen can claim and the claim itself, one's own vouchers, and redemption at the till.
 * Every write sends an Idempotency-Key: the same attempt again (a retry after a lost answer) reuses its key.
 * Query keys start with 'vouchers' so a change invalidates them all.
 */
import { queryOptions } from '@tanstack/react-query';
import type {
  CampaignDetail,
  CampaignList,
  ClaimableRound,
  ClaimableRoundList,
} from '../../../../src/contract/voucher-listing';
import type {
  CampaignInput,
  CampaignReport,
  CampaignView,
  ClaimedPack,
  DrawView,
  OwnVoucherList,
  OwnVoucherView,
  RegistrationView,
  RoundInput,
  RoundView,
  VoucherRedemptionInput,
  VoucherRedemptionView,
  VoucherRefundInput,
  VoucherRefundView,
} from '../../../../src/contract/vouchers';
import { getJson, sendJson } from '../../lib/api/client';

export type {
  CampaignDetail,
  CampaignInput,
  CampaignList,
  CampaignReport,
  CampaignView,
  ClaimableRound,
  ClaimedPack,
  OwnVoucherView,
  RoundInput,
  RoundView,
  VoucherRedemptionInput,
  VoucherRedemptionView,
  VoucherRefundView,
};
/** One group's figures (the report's groups are all present when no `part` is asked for). */
export type ReportFigures = NonNullable<CampaignReport['total']>;

const base = '/api/v1/vouchers';
const keyed = (key: string) => ({ 'idempotency-key': key });
const enc = encodeURIComponent;

export const voucherKeys = { all: ['vouchers'] as const };

export const voucherQueries = {
  campaigns: () =>
    queryOptions({
      queryKey: ['vouchers', 'campaigns'],
      queryFn: ({ signal }) => getJson<CampaignList>(`${base}/campaigns`, { limit: 200 }, signal),
    }),
  campaign: (id: string) =>
    queryOptions({
      queryKey: ['vouchers', 'campaign', id],
      queryFn: ({ signal }) => getJson<CampaignDetail>(`${base}/campaigns/${enc(id)}`, undefined, signal),
    }),
  report: (id: string) =>
    queryOptions({
      queryKey: ['vouchers', 'report', id],
      queryFn: ({ signal }) => getJson<CampaignReport>(`${base}/campaigns/${enc(id)}/report`, undefined, signal),
    }),
  claimable: () =>
    queryOptions({
      queryKey: ['vouchers', 'claimable'],
      queryFn: ({ signal }) => getJson<ClaimableRoundList>(`${base}/rounds`, undefined, signal),
      select: (answer) => answer.items,
      refetchInterval: 30_000,
    }),
  mine: () =>
    queryOptions({
      queryKey: ['vouchers', 'mine'],
      queryFn: ({ signal }) => getJson<OwnVoucherList>(`${base}/mine`, undefined, signal),
      select: (answer) => answer.vouchers,
    }),
};

export const vouchersApi = {
  createCampaign: (input: CampaignInput, key: string) =>
    sendJson<CampaignView>('POST', `${base}/campaigns`, input, keyed(key)),
  createRound: (campaignId: string, input: RoundInput, key: string) =>
    sendJson<RoundView>('POST', `${base}/campaigns/${enc(campaignId)}/rounds`, input, keyed(key)),
  claim: (roundId: string, key: string) =>
    sendJson<ClaimedPack>('POST', `${base}/rounds/${enc(roundId)}/claims`, undefined, keyed(key)),
  redeem: (input: VoucherRedemptionInput, key: string) =>
    sendJson<VoucherRedemptionView>('POST', `${base}/redemptions`, input, keyed(key)),
  register: (roundId: string, key: string) =>
    sendJson<RegistrationView>('POST', `${base}/rounds/${enc(roundId)}/registrations`, undefined, keyed(key)),
  draw: (roundId: string, key: string) =>
    sendJson<DrawView>('POST', `${base}/rounds/${enc(roundId)}/draw`, undefined, keyed(key)),
  refund: (redemptionId: string, input: VoucherRefundInput, key: string) =>
    sendJson<VoucherRefundView>('POST', `${base}/redemptions/${enc(redemptionId)}/refunds`, input, keyed(key)),
  /** 结束本轮: only once the round's end has passed (ROUND_NOT_ENDED before). */
  expire: (roundId: string, key: string) =>
    sendJson<RoundView>('POST', `${base}/rounds/${enc(roundId)}/expire`, undefined, keyed(key)),
  /** The campaign's figures as a spreadsheet (GET …/campaigns/{id}/report.xlsx). */
  reportXlsxUrl: (campaignId: string) => `${base}/campaigns/${enc(campaignId)}/report.xlsx`,
};
