/**
 * Vouchers' lists for the pages (issue 13): the campaigns with their rounds' totals (finance and readers),
 * one campaign with its rounds as RoundView, and the rounds a citizen can claim now or soon, each with what
 * the caller has already claimed in it, so the claim button says at once what a claim would get.
 * Paths: `GET /api/v1/vouchers/campaigns`, `GET /api/v1/vouchers/campaigns/{id}`, `GET /api/v1/vouchers/rounds`.
 */
import { Type, type Static } from 'typebox';
import { Paging, Timestamp } from './common.js';
import { CampaignView, ClaimMode, Denomination, FunderKind, RoundState, RoundView } from './vouchers.js';

export const CampaignListQuery = Type.Object(Paging, { additionalProperties: false });
export type CampaignListQuery = Static<typeof CampaignListQuery>;

export const CampaignRoundsSummary = Type.Object({
  rounds: Type.Integer({ description: 'rounds created' }),
  quantity: Type.Integer({ description: 'packs put up, every round' }),
  issued: Type.Integer({ description: 'packs claimed, every round' }),
  budgetFen: Type.Integer({ description: 'what the rounds held when created' }),
  heldFen: Type.Integer({ description: 'what they still hold' }),
  spentFen: Type.Integer({ description: 'voucher money redeemed' }),
  lastReleaseAt: Type.Union([Type.String(), Type.Null()], { description: 'the latest round’s release' }),
});
export type CampaignRoundsSummary = Static<typeof CampaignRoundsSummary>;

export const CampaignListItem = Type.Object({ ...CampaignView.properties, summary: CampaignRoundsSummary });
export type CampaignListItem = Static<typeof CampaignListItem>;

/** `GET /api/v1/vouchers/campaigns`: newest first. */
export const CampaignList = Type.Object({
  items: Type.Array(CampaignListItem),
  total: Type.Integer(),
  offset: Type.Integer(),
  limit: Type.Integer(),
});
export type CampaignList = Static<typeof CampaignList>;

/** `GET /api/v1/vouchers/campaigns/{id}`: the campaign and its rounds in release order. */
export const CampaignDetail = Type.Object({
  campaign: CampaignView,
  rounds: Type.Array(RoundView),
  now: Type.String({
    description: 'the server’s (business) clock: a round is due to expire once its endsAt has passed',
  }),
});
export type CampaignDetail = Static<typeof CampaignDetail>;

/** One round as a citizen sees it on 领消费券. */
export const ClaimableRound = Type.Object({
  id: Type.String(),
  campaignId: Type.String(),
  campaignName: Type.String(),
  funderKind: FunderKind,
  unionName: Type.Union([Type.String(), Type.Null()]),
  releaseAt: Timestamp,
  endsAt: Type.String({ description: 'claims close and vouchers lapse: the release day + validDays (China time)' }),
  mode: ClaimMode,
  state: RoundState,
  validDays: Type.Integer(),
  quantity: Type.Integer(),
  remaining: Type.Integer({ description: 'packs left to claim' }),
  packs: Type.Array(Denomination),
  packFaceFen: Type.Integer(),
  categories: Type.Array(Type.String()),
  excludedCategories: Type.Array(Type.String()),
  claimedPacks: Type.Integer({ description: 'packs the caller has claimed in this round' }),
  limitReached: Type.Boolean({ description: 'another claim by the caller would be refused VOUCHER_LIMIT_REACHED' }),
  registered: Type.Boolean({ description: 'lottery rounds: the caller has registered for the draw' }),
  registrationClosesAt: Type.Union([Type.String(), Type.Null()], { description: 'lottery rounds' }),
  commitment: Type.Union([Type.String(), Type.Null()], { description: 'lottery rounds: sha256 of the seed' }),
});
export type ClaimableRound = Static<typeof ClaimableRound>;

/** `GET /api/v1/vouchers/rounds`: rounds open now and upcoming (sold-out ones too, until they end), soonest first. */
export const ClaimableRoundList = Type.Object({ items: Type.Array(ClaimableRound) });
export type ClaimableRoundList = Static<typeof ClaimableRoundList>;
