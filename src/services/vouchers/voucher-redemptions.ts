/**
 * Redemption at the till (核销, issue 13 §4) by the merchant's own staff (the campaign's report: voucher-report.ts).
 *
 * The money: a round's whole budget is one ledger hold from its creation. A redemption, in its one
 * transaction, (1) moves the voucher issued → redeemed by a conditional UPDATE (of two tills at once one wins,
 * the other gets VOUCHER_ALREADY_REDEEMED and writes nothing), (2) takes the round's row (its UPDATE locks it
 * until commit, so one round's redemptions change its hold one after another), (3) releases the round's hold
 * and at once holds the discount for this redemption — the merchant's money, committed (spent) when a
 * settlement batch pays it, as a trade-in subsidy is — and the rest again as the round's new hold, (4) writes
 * the redemption and its audit entry. The released money is "available" only inside the uncommitted
 * transaction, whose pool row is locked, so nobody else can take it: the round stays pre-funded. A paused pool
 * refuses the holds (POOL_PAUSED), so a paused pool stops redemptions too. Refunds (refund()) release the
 * discount's hold in part or whole and, where the voucher is restored, give its value back to the round.
 */
import { randomUUID } from 'node:crypto';
import type { VoucherRedemptionInput, VoucherRedemptionView } from '../../contract/vouchers.js';
import { decideRedemption } from '../../domain/vouchers/redemption.js';
import { AppError } from '../../shared/errors.js';
import { organisationsCarrying, refuseOwnCase } from '../access.js';
import type { Principal } from '../accounts/account-service.js';
import { refusalError } from '../budget/budget-service.js';
import { auditContextOf, principalOf, type RequestContext } from '../context.js';
import { writeOnce } from '../idempotent-write.js';
import type { VoucherService } from './voucher-service.js';

export class VoucherRedemptions {
  constructor(private readonly vouchers: VoucherService) {}

  async redeem(context: RequestContext, input: VoucherRedemptionInput): Promise<VoucherRedemptionView> {
    const { repository, accounts, budget, audit, now, store } = this.vouchers.options;
    const principal = principalOf(context);
    const merchantId = merchantOf(principal, input.merchantId);
    const code = input.voucherCode.trim().toUpperCase();
    const voucher = await repository.findVoucherByCode(code);
    if (voucher === undefined) throw new AppError('VOUCHER_NOT_FOUND', `no voucher ${code}`, 'voucherCode');
    refuseOwnCase(principal, voucher.owner_id, 'voucher');
    const campaign = await this.vouchers.requireCampaign(voucher.campaign_id);
    const [merchant] = await accounts.merchants([merchantId]);
    const accepted = JSON.parse(campaign.merchants) as string[];
    const moment = now();
    const decision = decideRedemption(
      {
        faceFen: Number(voucher.face_fen),
        thresholdFen: Number(voucher.threshold_fen),
        validUntil: voucher.valid_until,
        state: voucher.state,
        campaign: {
          // An empty list: the campaign takes every merchant.
          acceptedMerchantIds: accepted.length === 0 ? [merchantId] : accepted,
          categories: JSON.parse(campaign.categories) as string[],
          excludedCategories: JSON.parse(campaign.excluded_categories) as string[],
          stacking: campaign.stacking === 1,
          refundRule: campaign.refund_rule,
        },
      },
      { billFen: input.billFen, category: input.category, merchantId },
      moment,
    );
    if (!decision.ok) {
      throw new AppError(
        decision.refusal.code,
        `${decision.refusal.message} ${decision.refusal.messageEn}`,
        'voucherCode',
      );
    }
    const { discountFen, payFen } = decision;
    const id = randomUUID();
    const at = moment.toISOString();
    return writeOnce(store, context.idempotency, async (trx) => {
      if (!(await repository.moveVoucher(trx, voucher.id, 'issued', 'redeemed', at))) {
        throw new AppError('VOUCHER_ALREADY_REDEEMED', '此券已核销，不能重复使用 already redeemed', 'voucherCode');
      }
      const round = await repository.countRedemption(trx, voucher.round_id);
      if (round?.hold_id === null || round === undefined) throw new Error(`round ${voucher.round_id} holds nothing`);
      const heldFen = Number(round.held_fen);
      // The round's hold splits in two: the discount, held for the merchant until settlement commits it,
      // and the rest, held again at once as the round's. Both in this transaction, the pool row locked.
      const released = await budget.release(trx, context, round.hold_id, { reference: `voucher-redemption:${id}` });
      if (!released.ok) throw refusalError(released.refusal);
      const discountHold = await budget.hold(trx, context, campaign.pool_id, {
        amountFen: discountFen,
        idempotencyKey: `voucher-redemption:${id}`,
        reference: `voucher-redemption:${id}`,
      });
      if (!discountHold.ok) throw refusalError(discountHold.refusal);
      const restFen = heldFen - discountFen;
      let nextHold: string | null = null;
      if (restFen > 0) {
        const rest = await budget.hold(trx, context, campaign.pool_id, {
          amountFen: restFen,
          idempotencyKey: `voucher-redemption:${id}:rest`,
          reference: `voucher-round:${round.id}`,
        });
        if (!rest.ok) throw refusalError(rest.refusal);
        nextHold = rest.hold.id;
      }
      await repository.updateRound(trx, round.id, {
        hold_id: nextHold,
        held_fen: restFen,
        spent_fen: Number(round.spent_fen) + discountFen,
      });
      await repository.insertRedemption(trx, {
        id,
        voucher_id: voucher.id,
        round_id: round.id,
        campaign_id: campaign.id,
        merchant_id: merchantId,
        unit_id: merchant?.unit_id ?? null,
        cashier_id: principal.accountId,
        category: input.category,
        bill_fen: input.billFen,
        discount_fen: discountFen,
        pay_fen: payFen,
        hold_id: discountHold.hold.id,
        at,
      });
      await audit.append(trx, auditContextOf(context), {
        action: 'voucher.redeem',
        subject: `voucher:${voucher.id}`,
        before: { state: 'issued' },
        after: {
          state: 'redeemed',
          merchantId,
          billFen: input.billFen,
          discountFen,
          payFen,
          releasedRoundHold: round.hold_id,
          discountHold: discountHold.hold.id,
          roundHold: nextHold,
        },
      });
      return {
        id,
        discountFen,
        payFen,
        state: 'redeemed' as const,
        voucherCode: code,
        billFen: input.billFen,
        category: input.category,
        merchantId,
        roundId: round.id,
        at,
      };
    });
  }
}

/** The merchant a bill is rung up at: named (and one of the caller's), or the caller's only one. */
function merchantOf(principal: Principal, named: string | undefined): string {
  const own = organisationsCarrying(principal, 'vouchers.redeem', 'merchant');
  if (named !== undefined) {
    if (!own.includes(named)) throw new AppError('FORBIDDEN', `merchant ${named} is not one of yours`, 'merchantId');
    return named;
  }
  const only = own[0];
  if (only === undefined) throw new AppError('FORBIDDEN', 'you work for no merchant', 'merchantId');
  if (own.length > 1) {
    throw new AppError(
      'VALIDATION_FAILED',
      `you work for ${own.length} merchants: say which one (merchantId)`,
      'merchantId',
    );
  }
  return only;
}
