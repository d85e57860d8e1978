/**
 * Refunds after redemption (issue 13 §4), by the merchant's own staff: goods worth `refundBillFen` of the bill
 * come back and the voucher's money follows the campaign's rules (domain/vouchers/redemption.ts decideRefund):
 * the discount stays while the kept bill still meets the threshold, is scaled down once it does not, and a full
 * refund restores the voucher (rule `restore`, while still valid) or ends it (`forfeit`).
 *
 * The money, in one transaction with the refund: before settlement the redemption's discount hold is released
 * and what the voucher still pays for on the kept bill is held again; after the batch that pays it was approved
 * the discount is spent, so the part no longer owed is reversed in the ledger (spent → available) and recorded
 * as a clawback, netted in the merchant's next voucher batch from the same pool, as trade-in returns are. Either
 * way the voucher money no longer spent goes back to the round's hold when the voucher is restored (its face is
 * covered again) and stays in the pool otherwise. While the batch is under review a refund is refused
 * (VOUCHER_IN_SETTLEMENT): the reviewers decide on what they see.
 */
import { randomUUID } from 'node:crypto';
import type { VoucherRefundInput, VoucherRefundView } from '../../contract/vouchers.js';
import { decideRefund } from '../../domain/vouchers/redemption.js';
import { yuan } from '../../domain/subsidy/money.js';
import { AppError } from '../../shared/errors.js';
import { organisationsCarrying, refuseOwnCase } from '../access.js';
import { refusalError } from '../budget/budget-service.js';
import { auditContextOf, principalOf, type RequestContext } from '../context.js';
import { writeOnce } from '../idempotent-write.js';
import type { VoucherService } from './voucher-service.js';

export class VoucherRefunds {
  constructor(private readonly vouchers: VoucherService) {}

  async refund(context: RequestContext, redemptionId: string, input: VoucherRefundInput): Promise<VoucherRefundView> {
    const { repository, budget, audit, now, store } = this.vouchers.options;
    const principal = principalOf(context);
    const redemption = await repository.findRedemption(redemptionId);
    if (redemption === undefined) {
      throw new AppError('VOUCHER_REDEMPTION_NOT_FOUND', `no voucher redemption ${redemptionId}`, 'id');
    }
    if (!organisationsCarrying(principal, 'vouchers.redeem', 'merchant').includes(redemption.merchant_id)) {
      throw new AppError('FORBIDDEN', 'only the merchant that redeemed the voucher refunds its bill', 'id');
    }
    const voucher = await repository.findVoucher(redemption.voucher_id);
    if (voucher === undefined) throw new Error(`redemption ${redemptionId} names no voucher`);
    refuseOwnCase(principal, voucher.owner_id, 'voucher');
    const settledState =
      redemption.settlement_id === null ? undefined : await repository.settlementState(redemption.settlement_id);
    const settled =
      redemption.committed === 1 &&
      settledState !== undefined &&
      ['approved', 'paid', 'partially_paid'].includes(settledState);
    if ((redemption.settlement_id !== null || redemption.committed === 1) && !settled) {
      throw new AppError(
        'VOUCHER_IN_SETTLEMENT',
        '此笔核销已进入结算，请在结算完成后办理 the redemption is in a settlement batch',
        'id',
      );
    }
    const campaign = await this.vouchers.requireCampaign(redemption.campaign_id);
    const moment = now();
    const refundedBefore = Number(redemption.refunded_bill_fen);
    const discountBefore = Number(redemption.discount_fen) - Number(redemption.returned_discount_fen);
    const decision = decideRefund(
      {
        state: redemption.standing === 1 ? voucher.state : 'issued',
        faceFen: Number(voucher.face_fen),
        thresholdFen: Number(voucher.threshold_fen),
        validUntil: voucher.valid_until,
        refundRule: campaign.refund_rule,
        keptBillFen: Number(redemption.bill_fen) - refundedBefore,
        discountFen: discountBefore,
      },
      input.refundBillFen,
      moment,
    );
    if (!decision.ok) {
      throw new AppError(
        decision.refusal.code,
        `${decision.refusal.message} ${decision.refusal.messageEn}`,
        'refundBillFen',
      );
    }
    const at = moment.toISOString();
    const restored = decision.voucherState === 'issued';
    return writeOnce(store, context.idempotency, async (trx) => {
      const round = await repository.takeRound(trx, redemption.round_id, restored ? -1 : 0);
      if (round === undefined) throw new Error(`redemption ${redemptionId} names no round`);
      let discountHold = redemption.hold_id;
      if (settled) {
        // The merchant has been paid the discount: what is no longer owed comes back by a reversal and a clawback.
        if (decision.reversedFen > 0) {
          const reversed = await budget.reverse(trx, context, redemption.hold_id, {
            amountFen: decision.reversedFen,
            idempotencyKey: `voucher-refund:${redemptionId}:${refundedBefore}`,
            reference: `voucher-refund:${redemptionId}`,
          });
          if (!reversed.ok) throw refusalError(reversed.refusal);
          await repository.insertClawback(trx, {
            id: randomUUID(),
            redemption_id: redemptionId,
            merchant_id: redemption.merchant_id,
            unit_id: redemption.unit_id ?? 'city',
            pool_id: campaign.pool_id,
            amount_fen: decision.reversedFen,
            settlement_id: null,
            created_at: at,
          });
        }
      } else {
        const released = await budget.release(trx, context, redemption.hold_id, {
          reference: `voucher-refund:${redemptionId}:${refundedBefore}`,
        });
        if (!released.ok) throw refusalError(released.refusal);
      }
      if (!settled && decision.discountFen > 0) {
        const held = await budget.hold(trx, context, campaign.pool_id, {
          amountFen: decision.discountFen,
          idempotencyKey: `voucher-refund:${redemptionId}:${refundedBefore}`,
          reference: `voucher-redemption:${redemptionId}`,
        });
        if (!held.ok) throw refusalError(held.refusal);
        discountHold = held.hold.id;
      }
      const applied = await repository.refundRedemption(
        trx,
        redemptionId,
        { refundedBillFen: refundedBefore, holdId: redemption.hold_id, settlementId: redemption.settlement_id },
        {
          refunded_bill_fen: refundedBefore + input.refundBillFen,
          returned_discount_fen: Number(redemption.returned_discount_fen) + decision.reversedFen,
          refunded_at: at,
          hold_id: discountHold,
          standing: decision.kind === 'full' ? null : 1,
        },
      );
      if (!applied) {
        throw new AppError('VOUCHER_IN_SETTLEMENT', 'the redemption changed meanwhile: look again and retry', 'id');
      }
      if (decision.voucherState !== 'redeemed') {
        await repository.moveVoucher(trx, voucher.id, 'redeemed', decision.voucherState, at);
      }
      // The voucher money no longer spent: back under the round's hold (a restored voucher's face is covered
      // again), or back to the pool (released above) and counted as returned by the round.
      const roundHeld = Number(round.held_fen);
      let roundHold = round.hold_id;
      if (restored) {
        if (round.hold_id !== null) {
          const rest = await budget.release(trx, context, round.hold_id, {
            reference: `voucher-refund:${redemptionId}`,
          });
          if (!rest.ok) throw refusalError(rest.refusal);
        }
        const regrown = await budget.hold(trx, context, campaign.pool_id, {
          amountFen: roundHeld + decision.reversedFen,
          idempotencyKey: `voucher-refund:${redemptionId}:${refundedBefore}:round`,
          reference: `voucher-round:${round.id}`,
        });
        if (!regrown.ok) throw refusalError(regrown.refusal);
        roundHold = regrown.hold.id;
      }
      await repository.updateRound(trx, round.id, {
        hold_id: roundHold,
        held_fen: restored ? roundHeld + decision.reversedFen : roundHeld,
        spent_fen: Number(round.spent_fen) - decision.reversedFen,
        returned_fen: Number(round.returned_fen) + (restored ? 0 : decision.reversedFen),
      });
      const explanation =
        decision.kind === 'full'
          ? `整单退货：退还顾客 ${yuan(decision.cashBackFen)} 元，券额 ${yuan(decision.reversedFen)} 元${
              restored
                ? '回到本轮，券恢复可用'
                : decision.voucherState === 'expired'
                  ? '退回资金池（券已过期）'
                  : '退回资金池（本活动退货不退券）'
            }`
          : `部分退货：保留 ${yuan(decision.keptBillFen)} 元，券抵扣 ${yuan(decision.discountFen)} 元，退还顾客 ${yuan(
              decision.cashBackFen,
            )} 元，${yuan(decision.reversedFen)} 元券额退回资金池`;
      const clawedBack =
        settled && decision.reversedFen > 0 ? `；已结算，${yuan(decision.reversedFen)} 元从商户下次结算中扣回` : '';
      await audit.append(trx, auditContextOf(context), {
        action: 'voucher.refund',
        subject: `voucher-redemption:${redemptionId}`,
        before: { keptBillFen: Number(redemption.bill_fen) - refundedBefore, discountFen: discountBefore },
        after: {
          kind: decision.kind,
          refundBillFen: input.refundBillFen,
          cashBackFen: decision.cashBackFen,
          keptBillFen: decision.keptBillFen,
          discountFen: decision.discountFen,
          reversedFen: decision.reversedFen,
          voucherState: decision.voucherState,
          discountHold: decision.discountFen > 0 ? discountHold : null,
          clawedBackFen: settled ? decision.reversedFen : 0,
        },
      });
      return {
        redemptionId,
        kind: decision.kind,
        refundBillFen: input.refundBillFen,
        cashBackFen: decision.cashBackFen,
        keptBillFen: decision.keptBillFen,
        discountFen: decision.discountFen,
        payFen: decision.payFen,
        reversedFen: decision.reversedFen,
        voucherState: decision.voucherState,
        explanation: explanation + clawedBack,
        at,
      };
    });
  }
}
