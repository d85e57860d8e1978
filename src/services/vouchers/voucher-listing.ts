/**
 * Vouchers' lists for the pages (issue 13): campaigns newest first with their rounds' totals, one campaign
 * with its rounds (VoucherService.roundView, so the figures are the ones GET …/rounds/{id} gives), and the
 * rounds a citizen can claim now or soon with what the caller already has of each, the limits decided as the
 * claim would decide them (domain/vouchers/limits.ts) so the page can say 已达上限 before anyone presses.
 * Read-only: the queries run on the store's database outside any transaction.
 */
import type {
  CampaignDetail,
  CampaignList,
  CampaignListQuery,
  CampaignRoundsSummary,
  ClaimableRound,
  ClaimableRoundList,
} from '../../contract/voucher-listing.js';
import type { VoucherCampaignRow } from '../../db/vouchers-repository.js';
import { decideClaim, limitYearOf } from '../../domain/vouchers/limits.js';
import { requireAccess } from '../access.js';
import { principalOf, type RequestContext } from '../context.js';
import { campaignView, endsAtOf, limitsOfRow, packOf, type VoucherService } from './voucher-service.js';

const DEFAULT_LIMIT = 50;
/** The citizen's list: at most this many rounds (open and upcoming ones are few). */
const CLAIMABLE_MAX = 100;

const EMPTY_SUMMARY: CampaignRoundsSummary = {
  rounds: 0,
  quantity: 0,
  issued: 0,
  budgetFen: 0,
  heldFen: 0,
  spentFen: 0,
  lastReleaseAt: null,
};

export class VoucherListing {
  constructor(private readonly vouchers: VoucherService) {}

  private get db() {
    return this.vouchers.options.store.db;
  }

  /** `GET /api/v1/vouchers/campaigns` (vouchers.read). */
  async campaigns(context: RequestContext, query: CampaignListQuery): Promise<CampaignList> {
    requireAccess(context, 'vouchers.read', {}, { message: 'not yours', field: 'id' });
    const offset = query.offset ?? 0;
    const limit = query.limit ?? DEFAULT_LIMIT;
    const total = await this.db
      .selectFrom('voucher_campaigns')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirst();
    const rows = await this.db
      .selectFrom('voucher_campaigns')
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .offset(offset)
      .limit(limit)
      .execute();
    const sums =
      rows.length === 0
        ? []
        : await this.db
            .selectFrom('voucher_rounds')
            .select((eb) => [
              'campaign_id',
              eb.fn.countAll<number | string>().as('rounds'),
              eb.fn.sum<number | string>('quantity').as('quantity'),
              eb.fn.sum<number | string>('issued').as('issued'),
              eb.fn.sum<number | string>('budget_fen').as('budget'),
              eb.fn.sum<number | string>('held_fen').as('held'),
              eb.fn.sum<number | string>('spent_fen').as('spent'),
              eb.fn.max('release_at').as('last_release'),
            ])
            .where(
              'campaign_id',
              'in',
              rows.map((row) => row.id),
            )
            .groupBy('campaign_id')
            .execute();
    const byCampaign = new Map(
      sums.map((sum) => [
        sum.campaign_id,
        {
          rounds: Number(sum.rounds),
          quantity: Number(sum.quantity ?? 0),
          issued: Number(sum.issued ?? 0),
          budgetFen: Number(sum.budget ?? 0),
          heldFen: Number(sum.held ?? 0),
          spentFen: Number(sum.spent ?? 0),
          lastReleaseAt: sum.last_release === null ? null : String(sum.last_release),
        },
      ]),
    );
    return {
      items: rows.map((row) => ({ ...campaignView(row), summary: byCampaign.get(row.id) ?? EMPTY_SUMMARY })),
      total: Number(total?.n ?? 0),
      offset,
      limit,
    };
  }

  /** `GET /api/v1/vouchers/campaigns/{id}` (vouchers.read): the campaign and its rounds in release order. */
  async campaign(context: RequestContext, id: string): Promise<CampaignDetail> {
    requireAccess(context, 'vouchers.read', {}, { message: 'not yours', field: 'id' });
    const campaign = await this.vouchers.requireCampaign(id);
    const rounds = await this.vouchers.options.repository.roundsOf(id);
    const views = [];
    for (const round of rounds) views.push(await this.vouchers.roundView(round, campaign));
    return { campaign: campaignView(campaign), rounds: views, now: this.vouchers.options.now().toISOString() };
  }

  /**
   * `GET /api/v1/vouchers/rounds` (vouchers.claim): first-come and lottery rounds not yet ended whose state
   * is still live (scheduled, open, registration, drawn; sold-out ones read `closed` until they end), soonest
   * release first, each with what the caller has claimed in it and whether the limits allow another pack.
   */
  async claimable(context: RequestContext): Promise<ClaimableRoundList> {
    const principal = principalOf(context);
    const now = this.vouchers.options.now();
    const rounds = await this.db
      .selectFrom('voucher_rounds')
      .selectAll()
      .where('state', 'in', ['scheduled', 'open', 'registration', 'drawn'])
      .orderBy('release_at')
      .orderBy('id')
      .limit(CLAIMABLE_MAX * 4)
      .execute();
    const live = rounds.filter((round) => Date.parse(endsAtOf(round)) > now.getTime());
    if (live.length === 0) return { items: [] };
    const campaigns = new Map(
      (await this.vouchers.options.repository.campaigns([...new Set(live.map((round) => round.campaign_id))])).map(
        (row) => [row.id, row] as const,
      ),
    );
    const mine = await this.db
      .selectFrom('voucher_packs')
      .select((eb) => ['round_id', eb.fn.countAll<number | string>().as('n')])
      .where('owner_id', '=', principal.accountId)
      .where(
        'round_id',
        'in',
        live.map((round) => round.id),
      )
      .groupBy('round_id')
      .execute();
    const claimedIn = new Map(mine.map((row) => [row.round_id, Number(row.n)]));
    const lotteries = live.filter((round) => round.mode === 'lottery').map((round) => round.id);
    const registered = new Set(
      lotteries.length === 0
        ? []
        : (
            await this.db
              .selectFrom('voucher_registrations')
              .select('round_id')
              .where('person_id', '=', principal.accountId)
              .where('round_id', 'in', lotteries)
              .execute()
          ).map((row) => row.round_id),
    );
    const year = limitYearOf(now);
    const items: ClaimableRound[] = [];
    for (const round of live.slice(0, CLAIMABLE_MAX)) {
      const campaign = campaigns.get(round.campaign_id);
      if (campaign === undefined) continue;
      const view = await this.vouchers.roundView(round, campaign);
      items.push({
        id: round.id,
        campaignId: campaign.id,
        campaignName: campaign.name,
        funderKind: campaign.funder_kind,
        unionName: campaign.union_name,
        releaseAt: round.release_at,
        endsAt: endsAtOf(round),
        mode: round.mode,
        state: view.state,
        validDays: round.valid_days,
        quantity: round.quantity,
        remaining: Math.max(0, round.quantity - round.issued),
        packs: packOf(campaign).map((item) => ({ ...item })),
        packFaceFen: Number(campaign.pack_face_fen),
        categories: JSON.parse(campaign.categories) as string[],
        excludedCategories: JSON.parse(campaign.excluded_categories) as string[],
        claimedPacks: claimedIn.get(round.id) ?? 0,
        limitReached: await this.limitReached(principal.accountId, round.id, campaign, year),
        registered: registered.has(round.id),
        registrationClosesAt: view.registrationClosesAt,
        commitment: view.commitment,
      });
    }
    return { items };
  }

  /** Whether the caller's next claim in the round would be refused by a limit (as the claim decides it). */
  private async limitReached(
    personId: string,
    roundId: string,
    campaign: VoucherCampaignRow,
    year: number,
  ): Promise<boolean> {
    const claimed = await this.vouchers.options.repository.claimedTotals(this.db, personId, {
      roundId,
      campaignId: campaign.id,
      funderKind: campaign.funder_kind,
      year,
    });
    return !decideClaim({
      limits: limitsOfRow(campaign),
      funderKind: campaign.funder_kind,
      claimed,
      pack: packOf(campaign),
    }).ok;
  }
}
