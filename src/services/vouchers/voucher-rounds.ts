/**
 * A voucher round's end (issue 13 §4): at `ends_at` (release day + valid days) claims close and the round's
 * vouchers lapse. Expiring the round, in one transaction: its issued vouchers that were never redeemed become
 * `expired`; what the round still holds (unclaimed packs, lapsed vouchers, the restored value of refunds) is
 * released from its hold; and where the campaign rolls over (`rollover`) and a later first-come round is still
 * to be released, as many whole packs as that money buys are re-released into it — its quantity, budget and
 * hold grow by them — and only the odd remainder goes back to the pool. Every step is a ledger posting and the
 * expiry and the re-release are audit entries with the figures, so an auditor can follow each yuan.
 *
 * Finance staff expire a round by hand once it is due (`POST /api/v1/vouchers/rounds/{id}/expire`) and the
 * sweep `huimin voucher expire` expires every round that is due (a timer or cron runs it after midnight).
 */
import type { Kysely } from 'kysely';
import type { RoundView } from '../../contract/vouchers.js';
import type { Database } from '../../db/tables.js';
import type { VoucherCampaignRow, VoucherRoundRow } from '../../db/vouchers-repository.js';
import { AppError } from '../../shared/errors.js';
import { requireAccess } from '../access.js';
import { refusalError } from '../budget/budget-service.js';
import { auditContextOf, type RequestContext } from '../context.js';
import { writeOnce } from '../idempotent-write.js';
import { endsAtOf, type VoucherService } from './voucher-service.js';

export interface ExpirySweep {
  readonly expired: readonly RoundView[];
}

export class VoucherRounds {
  constructor(private readonly vouchers: VoucherService) {}

  /** Expires one round that is due (ROUND_NOT_ENDED before its end, ROUND_ALREADY_EXPIRED after an expiry). */
  async expire(context: RequestContext, roundId: string): Promise<RoundView> {
    requireAccess(context, 'vouchers.manage', {}, { message: 'only finance staff expire rounds', field: 'id' });
    const round = await this.vouchers.requireRound(roundId);
    const now = this.vouchers.options.now();
    if (round.state === 'expired' || round.state === 'cancelled') throw alreadyExpired(round);
    if (Date.parse(endsAtOf(round)) > now.getTime()) {
      throw new AppError(
        'ROUND_NOT_ENDED',
        `本轮 ${endsAtOf(round)} 才结束 the round ends at ${endsAtOf(round)}`,
        'id',
      );
    }
    const campaign = await this.vouchers.requireCampaign(round.campaign_id);
    return writeOnce(this.vouchers.options.store, context.idempotency, async (trx) => {
      await this.expireIn(trx, context, roundId, campaign, now);
      return this.vouchers.roundView(await this.vouchers.requireRound(roundId, trx), campaign, trx);
    });
  }

  /** Every round past its end, each in its own transaction (the CLI sweep; a retry expires what is left). */
  async expireDue(context: RequestContext): Promise<ExpirySweep> {
    const now = this.vouchers.options.now();
    const due = await this.vouchers.options.repository.roundsDue(now.toISOString());
    const expired: RoundView[] = [];
    for (const round of due) {
      const campaign = await this.vouchers.requireCampaign(round.campaign_id);
      const view = await writeOnce(this.vouchers.options.store, null, async (trx) => {
        await this.expireIn(trx, context, round.id, campaign, now);
        return this.vouchers.roundView(await this.vouchers.requireRound(round.id, trx), campaign, trx);
      });
      expired.push(view);
    }
    return { expired };
  }

  private async expireIn(
    trx: Kysely<Database>,
    context: RequestContext,
    roundId: string,
    campaign: VoucherCampaignRow,
    now: Date,
  ): Promise<void> {
    const { repository, budget, audit } = this.vouchers.options;
    const at = now.toISOString();
    const round = await this.vouchers.requireRound(roundId, trx);
    if (round.state === 'expired' || round.state === 'cancelled') throw alreadyExpired(round);
    const lapsed = await repository.lapsedVouchers(trx, roundId);
    await repository.expireVouchers(trx, roundId, at);
    const heldFen = Number(round.held_fen);
    const packFaceFen = Number(campaign.pack_face_fen);
    const next =
      campaign.rollover === 1 && heldFen >= packFaceFen
        ? await repository.nextRound(trx, campaign.id, { releaseAt: round.release_at, nowIso: at })
        : undefined;
    const carriedPacks = next === undefined ? 0 : Math.floor(heldFen / packFaceFen);
    const carriedFen = carriedPacks * packFaceFen;
    const returnedFen = heldFen - carriedFen;
    if (round.hold_id !== null) {
      const released = await budget.release(trx, context, round.hold_id, {
        reference: `voucher-round-expiry:${roundId}`,
      });
      if (!released.ok) throw refusalError(released.refusal);
    }
    if (next !== undefined && carriedPacks > 0)
      await this.rerelease(trx, context, round, next, carriedPacks, carriedFen);
    const moved = await repository.moveRound(trx, roundId, [round.state], {
      state: 'expired',
      held_fen: 0,
      hold_id: null,
      returned_fen: returnedFen,
      rereleased_into: next !== undefined && carriedPacks > 0 ? next.id : null,
      expired_at: at,
    });
    if (!moved) throw alreadyExpired(round);
    await audit.append(trx, auditContextOf(context), {
      action: 'voucher.round.expire',
      subject: `voucher-round:${roundId}`,
      before: { state: round.state, heldFen, holdId: round.hold_id },
      after: {
        state: 'expired',
        unclaimedPacks: round.quantity - round.issued,
        lapsedVouchers: lapsed.count,
        lapsedFen: lapsed.faceFen,
        returnedFen,
        rereleasedPacks: carriedPacks,
        rereleasedInto: carriedPacks > 0 ? (next?.id ?? null) : null,
      },
    });
  }

  /** The whole packs of an expired round's rest into the campaign's next round: its hold grows by them. */
  private async rerelease(
    trx: Kysely<Database>,
    context: RequestContext,
    from: VoucherRoundRow,
    next: VoucherRoundRow,
    packs: number,
    amountFen: number,
  ): Promise<void> {
    const { repository, budget, audit } = this.vouchers.options;
    const campaign = await this.vouchers.requireCampaign(next.campaign_id, trx);
    if (next.hold_id !== null) {
      const released = await budget.release(trx, context, next.hold_id, { reference: `voucher-rerelease:${from.id}` });
      if (!released.ok) throw refusalError(released.refusal);
    }
    const heldFen = Number(next.held_fen) + amountFen;
    const hold = await budget.hold(trx, context, campaign.pool_id, {
      amountFen: heldFen,
      idempotencyKey: `voucher-rerelease:${from.id}`,
      reference: `voucher-round:${next.id}`,
    });
    if (!hold.ok) throw refusalError(hold.refusal);
    const moved = await repository.moveRound(trx, next.id, ['scheduled'], {
      quantity: next.quantity + packs,
      budget_fen: Number(next.budget_fen) + amountFen,
      held_fen: heldFen,
      hold_id: hold.hold.id,
      rereleased_packs: Number(next.rereleased_packs) + packs,
      rereleased_from: from.id,
    });
    if (!moved) throw new AppError('ROUND_ALREADY_EXPIRED', `round ${next.id} changed meanwhile: expire again`, 'id');
    await audit.append(trx, auditContextOf(context), {
      action: 'voucher.round.rerelease',
      subject: `voucher-round:${next.id}`,
      before: { quantity: next.quantity, budgetFen: Number(next.budget_fen), holdId: next.hold_id },
      after: {
        quantity: next.quantity + packs,
        budgetFen: Number(next.budget_fen) + amountFen,
        holdId: hold.hold.id,
        rereleasedPacks: packs,
        rereleasedFen: amountFen,
        from: from.id,
      },
    });
  }
}

function alreadyExpired(round: VoucherRoundRow): AppError {
  return new AppError('ROUND_ALREADY_EXPIRED', `本轮已结束清算 round ${round.id} has already expired`, 'id');
}
