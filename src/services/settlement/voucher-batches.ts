/**
 * Voucher discounts into the trade-in settlement batches (issue 13 §5): the same batches, review stages,
 * payout files and payment results, one batch per merchant, unit and funder's pool — a city voucher pool or a
 * union's own — so the city's money and a union's are never paid in one transfer. A redemption is settled
 * once the return window after it has passed; what a batch pays for it is the discount left after refunds,
 * and final approval commits (spends) each redemption's discount hold in the funder's pool.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { NewSettlement, SettlementLineRow, SettlementRepository } from '../../db/settlement-repository.js';
import type { Database } from '../../db/tables.js';
import type { VouchersRepository } from '../../db/vouchers-repository.js';
import { settlementReference } from '../../domain/settlement/stages.js';
import { addDays, chinaMoment } from '../../domain/trade-in/calendar.js';
import { AppError } from '../../shared/errors.js';
import type { AuditLog } from '../audit/audit-log.js';
import { auditContextOf, type RequestContext } from '../context.js';

export interface VoucherBatchInput {
  readonly periodFrom: string;
  readonly periodTo: string;
  /** The last China day whose redemptions are past the return window. */
  readonly lastDay: string;
  readonly unitId?: string | undefined;
  readonly actor: string;
  readonly nowIso: string;
}

/** The voucher batches of one settlement run, written in the run's transaction: their ids and the skipped. */
export async function voucherBatches(
  trx: Kysely<Database>,
  context: RequestContext,
  parts: { repository: SettlementRepository; vouchers: VouchersRepository; audit: AuditLog },
  input: VoucherBatchInput,
): Promise<{ created: string[]; skipped: number }> {
  const until = input.periodTo < input.lastDay ? input.periodTo : input.lastDay;
  const fromIso = chinaMoment(input.periodFrom, 0).toISOString();
  const queue = await parts.vouchers.settlementQueue(trx, {
    fromIso,
    untilIso: chinaMoment(addDays(until, 1), 0).toISOString(),
    unitId: input.unitId,
  });
  const inPeriod = await parts.vouchers.settlementQueue(trx, {
    fromIso,
    untilIso: chinaMoment(addDays(input.periodTo, 1), 0).toISOString(),
    unitId: input.unitId,
  });
  const groups = new Map<string, { merchantId: string; unitId: string; poolId: string; rows: typeof queue }>();
  for (const row of queue) {
    const unitId = row.unit_id ?? 'city';
    const key = `${row.merchant_id}\u0000${unitId}\u0000${row.pool_id}`;
    const group = groups.get(key) ?? { merchantId: row.merchant_id, unitId, poolId: row.pool_id, rows: [] };
    group.rows.push(row);
    groups.set(key, group);
  }
  const clawbacks = await parts.vouchers.openClawbacks(trx, input.unitId);
  const created: string[] = [];
  for (const group of groups.values()) {
    const id = randomUUID();
    const lines: SettlementLineRow[] = group.rows.map((row) => {
      const amount = Number(row.discount_fen) - Number(row.returned_discount_fen);
      return {
        settlement_id: id,
        item_id: row.id,
        kind: 'voucher',
        redemption_id: row.id,
        amount_fen: amount,
        held_out: 0,
        held_out_reason: null,
        // Cash-out signs are a campaign's pattern, not one bill's: GET /api/v1/vouchers/campaigns/{id}/flags.
        flags: '[]',
      };
    });
    const gross = lines.reduce((sum, line) => sum + line.amount_fen, 0);
    // Refunds after an earlier payment, from the same pool: netted as far as this batch pays, the rest waits.
    let clawbackFen = 0;
    const netted: string[] = [];
    for (const clawback of clawbacks) {
      if (clawback.merchant_id !== group.merchantId || clawback.unit_id !== group.unitId) continue;
      if (clawback.pool_id !== group.poolId || clawback.settlement_id !== null) continue;
      const amount = Number(clawback.amount_fen);
      if (clawbackFen + amount > gross) continue;
      clawbackFen += amount;
      netted.push(clawback.id);
      lines.push({
        settlement_id: id,
        item_id: clawback.id,
        kind: 'clawback',
        redemption_id: clawback.redemption_id,
        amount_fen: amount,
        held_out: 0,
        held_out_reason: null,
        flags: '[]',
      });
    }
    const row: NewSettlement = {
      id,
      reference: settlementReference(group.unitId, input.periodTo, id),
      merchant_id: group.merchantId,
      unit_id: group.unitId,
      period_from: input.periodFrom,
      period_to: input.periodTo,
      state: 'reviewing',
      stage_index: 0,
      gross_fen: gross,
      clawback_fen: clawbackFen,
      paid_fen: 0,
      created_by: input.actor,
      created_at: input.nowIso,
      approved_at: null,
      programme: 'voucher',
      pool_id: group.poolId,
    };
    await parts.repository.insertSettlement(trx, row, lines);
    const ids = group.rows.map((redemption) => redemption.id);
    if ((await parts.vouchers.claimClawbacks(trx, netted, id)) !== netted.length) {
      throw new AppError('SETTLEMENT_CONFLICT', 'another run took some of these clawbacks: run again', 'periodFrom');
    }
    if ((await parts.vouchers.claimForSettlement(trx, ids, id)) !== ids.length) {
      throw new AppError(
        'SETTLEMENT_CONFLICT',
        'another run or a refund took some of these redemptions: run again',
        'periodFrom',
      );
    }
    await parts.audit.append(trx, auditContextOf(context), {
      action: 'settlement.create',
      subject: `settlement:${id}`,
      after: {
        reference: row.reference,
        programme: 'voucher',
        poolId: group.poolId,
        merchantId: row.merchant_id,
        unitId: row.unit_id,
        period: `${row.period_from}/${row.period_to}`,
        redemptions: ids.length,
        grossFen: gross,
        clawbackFen,
      },
    });
    created.push(id);
  }
  return { created, skipped: inPeriod.length - queue.length };
}
