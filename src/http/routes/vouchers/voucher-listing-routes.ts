/**
 * Vouchers' lists for the pages (issue 13): GET /api/v1/vouchers/campaigns (vouchers.read, newest first),
 * GET /api/v1/vouchers/campaigns/{id} (the campaign and its rounds), GET /api/v1/vouchers/rounds
 * (vouchers.claim: open and upcoming rounds with what the caller has claimed).
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { IdParams } from '../../../contract/common.js';
import { errorResponses } from '../../../contract/errors.js';
import {
  CampaignDetail,
  CampaignList,
  CampaignListQuery,
  ClaimableRoundList,
} from '../../../contract/voucher-listing.js';
import type { VoucherListing } from '../../../services/vouchers/voucher-listing.js';
import { contextOf } from '../../plugins/access.js';

const TAGS = ['vouchers'];

export function registerVoucherListingRoutes(app: FastifyInstance, listing: VoucherListing): void {
  const routes = app.withTypeProvider<TypeBoxTypeProvider>();

  routes.get(
    '/api/v1/vouchers/campaigns',
    {
      config: { permission: 'vouchers.read' },
      schema: {
        tags: TAGS,
        summary: '消费券活动 The campaigns, newest first, with their rounds’ totals',
        querystring: CampaignListQuery,
        response: { 200: CampaignList, ...errorResponses(400, 401, 403) },
      },
    },
    (request) => listing.campaigns(contextOf(request), request.query),
  );

  routes.get(
    '/api/v1/vouchers/campaigns/:id',
    {
      config: { permission: 'vouchers.read' },
      schema: {
        tags: TAGS,
        summary: '活动详情 A campaign and its rounds (quantity, issued, redeemed, expired, held, spent)',
        params: IdParams,
        response: { 200: CampaignDetail, ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => listing.campaign(contextOf(request), request.params.id),
  );

  routes.get(
    '/api/v1/vouchers/rounds',
    {
      config: { permission: 'vouchers.claim' },
      schema: {
        tags: TAGS,
        summary: '可领批次 Rounds open now and upcoming, with packs left and what the caller has claimed',
        response: { 200: ClaimableRoundList, ...errorResponses(401, 403) },
      },
    },
    (request) => listing.claimable(contextOf(request)),
  );
}
