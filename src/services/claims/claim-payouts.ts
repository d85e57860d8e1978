/**
 * Payout batches of approved claims (issue 12 §3): the same .xlsx workbook and bank CSV as merchant
 * settlement (services/settlement/payout-files.ts), one row per claim, to the account fixed at
 * submission in the applicant's own name; then the bank's payment results: paid closes the claim,
 * failed sends it back to the applicant to correct the account (claim-service.ts correctPayee), after
 * which it waits for the next batch. The money was committed at the claim's last approval.
 */
import { randomUUID } from 'node:crypto';
import type {
  ClaimPayoutBatchDetail,
  ClaimPaymentOutcome,
  ClaimPaymentResults,
  ClaimPayoutBatchView,
  ClaimPayoutRun,
} from '../../contract/claims.js';
import type { ClaimPayoutBatchRow } from '../../db/claims-repository.js';
import { maskName } from '../../domain/claims/facts.js';
import { LINE_SPECS } from '../../domain/subsidy/lines.js';
import { AppError } from '../../shared/errors.js';
import { auditContextOf, principalOf, type RequestContext } from '../context.js';
import { writeOnce } from '../idempotent-write.js';
import { payoutCsv, payoutXlsx, type PayoutDetail, type PayoutRow } from '../settlement/payout-files.js';
import type { ClaimService } from './claim-service.js';

function batchView(row: ClaimPayoutBatchRow): ClaimPayoutBatchView {
  return {
    id: row.id,
    reference: row.reference,
    state: row.state,
    claims: Number(row.claims),
    totalFen: Number(row.total_fen),
    paidFen: Number(row.paid_fen),
    failed: Number(row.failed),
    createdAt: row.created_at,
    createdBy: row.created_by,
  };
}

export class ClaimPayouts {
  constructor(private readonly claims: ClaimService) {}

  async list(): Promise<{ items: ClaimPayoutBatchView[] }> {
    return { items: (await this.claims.options.repository.batches()).map(batchView) };
  }

  /** A batch with one line per claim: reference, amount, masked payee, the bank's result. */
  async get(id: string): Promise<ClaimPayoutBatchDetail> {
    const { repository } = this.claims.options;
    const batch = await this.requireBatch(id);
    const lines = await repository.payouts(id);
    const claims = new Map((await repository.findInBatch(id)).map((claim) => [claim.id, claim] as const));
    return {
      batch: batchView(batch),
      lines: lines.map((line) => {
        const claim = claims.get(line.claim_id);
        const account = this.claims.options.cipher.decrypt(line.payee_account_cipher);
        return {
          claimId: line.claim_id,
          claimReference: claim?.reference ?? '',
          line: claim?.line ?? 'car_scrap',
          amountFen: Number(line.amount_fen),
          payeeName: maskName(line.payee_name),
          bankName: line.payee_bank,
          bankAccount: `****${account.slice(-4)}`,
          status: line.status,
          bankReference: line.bank_reference,
          failureReason: line.failure_reason,
        };
      }),
    };
  }

  /** Every approved claim not yet in a batch (of the line and unit, if named) goes into one new batch. */
  async run(context: RequestContext, run: ClaimPayoutRun): Promise<ClaimPayoutBatchView> {
    const { repository, audit, now } = this.claims.options;
    const principal = principalOf(context);
    const at = now().toISOString();
    const id = randomUUID();
    const reference = `FF-${this.claims.today().replace(/-/g, '')}-${id.slice(0, 8).toUpperCase()}`;
    return writeOnce(this.claims.options.store, context.idempotency, async (trx) => {
      const payable = (await repository.payable(trx, run)).filter(
        (claim) => claim.applicant_id !== principal.accountId,
      );
      if (payable.length === 0) throw new AppError('NOTHING_TO_PAY', 'no approved claim waits for a payout batch');
      const totalFen = payable.reduce((total, claim) => total + Number(claim.subsidy_fen), 0);
      await repository.insertBatch(
        trx,
        {
          id,
          reference,
          state: 'exported',
          claims: payable.length,
          total_fen: totalFen,
          paid_fen: 0,
          failed: 0,
          created_by: principal.accountId,
          created_at: at,
        },
        payable.map((claim) => ({
          batch_id: id,
          claim_id: claim.id,
          amount_fen: Number(claim.subsidy_fen),
          payee_name: claim.payee_name ?? '',
          payee_bank: claim.payee_bank ?? '',
          payee_account_cipher: claim.payee_account_cipher ?? '',
          status: 'pending' as const,
          bank_reference: null,
          failure_reason: null,
          recorded_at: null,
        })),
      );
      for (const claim of payable) {
        const moved = await repository.advance(
          trx,
          claim.id,
          { state: 'approved' },
          {
            state: 'in_payout',
            payout_batch_id: id,
            payout_failure: null,
            updated_at: at,
          },
        );
        if (!moved)
          throw new AppError('SETTLEMENT_CONFLICT', 'another payout run took some of the same claims; run again');
      }
      await audit.append(trx, auditContextOf(context), {
        action: 'claim.payout_batch_created',
        subject: `claim-payout:${id}`,
        after: { reference, claims: payable.length, totalFen, line: run.line ?? null, unitId: run.unitId ?? null },
      });
      return batchView((await repository.batch(id, trx)) as ClaimPayoutBatchRow);
    });
  }

  /** The payout file (full bank accounts: the download is audited). */
  async file(context: RequestContext, id: string, format: 'xlsx' | 'csv'): Promise<{ name: string; content: Buffer }> {
    const { repository, cipher, audit, accounts } = this.claims.options;
    const batch = await this.requireBatch(id);
    const lines = await repository.payouts(id);
    const claims = new Map((await repository.findInBatch(id)).map((claim) => [claim.id, claim] as const));
    const merchants = new Map(
      (
        await accounts.merchants(
          [...claims.values()].flatMap((claim) => (claim.merchant_id === null ? [] : [claim.merchant_id])),
        )
      ).map((merchant) => [merchant.id, merchant] as const),
    );
    const rows: PayoutRow[] = [];
    const details: PayoutDetail[] = [];
    for (const line of lines) {
      const claim = claims.get(line.claim_id);
      if (claim === undefined) continue;
      rows.push({
        reference: claim.reference,
        payeeName: line.payee_name,
        creditCode: claim.merchant_id === null ? '' : (merchants.get(claim.merchant_id)?.credit_code ?? ''),
        bankName: line.payee_bank,
        bankAccount: cipher.decrypt(line.payee_account_cipher),
        amountFen: Number(line.amount_fen),
        unitId: claim.unit_id,
        period: LINE_SPECS[claim.line].label,
      });
      details.push({
        reference: batch.reference,
        item: claim.reference,
        kind: claim.top_up_of === null ? LINE_SPECS[claim.line].label : `${LINE_SPECS[claim.line].label}（补差）`,
        description: `申请人 ${claim.applicant_name}`,
        amountFen: Number(line.amount_fen),
      });
    }
    await writeOnce(this.claims.options.store, null, (trx) =>
      audit.append(trx, auditContextOf(context), {
        action: 'claim.payout_file_download',
        subject: `claim-payout:${id}`,
        after: { reference: batch.reference, format, rows: rows.length, totalFen: Number(batch.total_fen) },
      }),
    );
    const content = format === 'csv' ? payoutCsv(rows) : await payoutXlsx(rows, details);
    return { name: `${batch.reference}.${format}`, content };
  }

  async recordResults(context: RequestContext, id: string, request: ClaimPaymentResults): Promise<ClaimPaymentOutcome> {
    const { repository, audit, now } = this.claims.options;
    const batch = await this.requireBatch(id);
    const lines = new Map((await repository.payouts(id)).map((line) => [line.claim_id, line] as const));
    const claims = await repository.findByReferences(request.results.map((result) => result.claimReference));
    const byReference = new Map(claims.map((claim) => [claim.reference, claim] as const));
    const at = now().toISOString();
    request.results.forEach((result, index) => {
      const claim = byReference.get(result.claimReference);
      const line = claim === undefined ? undefined : lines.get(claim.id);
      if (claim === undefined || line === undefined) {
        throw new AppError(
          'VALIDATION_FAILED',
          `${result.claimReference} is not a claim of batch ${batch.reference}`,
          `results[${index}].claimReference`,
        );
      }
      if (Number(line.amount_fen) !== result.amountFen) {
        throw new AppError(
          'VALIDATION_FAILED',
          `${result.claimReference} was sent ${Number(line.amount_fen)} fen, not ${result.amountFen}`,
          `results[${index}].amountFen`,
        );
      }
    });
    const outcome = await writeOnce(this.claims.options.store, context.idempotency, async (trx) => {
      // Take the batch's row first: two imports at once count one after the other.
      await repository.updateBatch(trx, id, { state: batch.state });
      let paid = 0;
      let failed = 0;
      for (const result of request.results) {
        const claim = byReference.get(result.claimReference);
        if (claim === undefined) continue;
        const recorded = await repository.recordPayout(trx, id, claim.id, {
          status: result.status,
          bank_reference: result.bankReference ?? null,
          failure_reason: result.status === 'failed' ? (result.failureReason ?? '银行退回 returned by the bank') : null,
          recorded_at: at,
        });
        if (!recorded) continue;
        if (result.status === 'paid') {
          paid += 1;
          await repository.advance(trx, claim.id, { state: 'in_payout' }, { state: 'paid', updated_at: at });
        } else {
          failed += 1;
          await repository.advance(
            trx,
            claim.id,
            { state: 'in_payout' },
            {
              state: 'payout_failed',
              payout_failure: result.failureReason ?? '银行退回 returned by the bank',
              updated_at: at,
            },
          );
        }
      }
      const all = await repository.payouts(id, trx);
      const paidFen = all
        .filter((line) => line.status === 'paid')
        .reduce((total, line) => total + Number(line.amount_fen), 0);
      const failedCount = all.filter((line) => line.status === 'failed').length;
      const pending = all.some((line) => line.status === 'pending');
      const state =
        pending || (failedCount > 0 && paidFen > 0) ? 'partially_paid' : failedCount > 0 ? 'failed' : 'paid';
      await repository.updateBatch(trx, id, { paid_fen: paidFen, failed: failedCount, state });
      await audit.append(trx, auditContextOf(context), {
        action: 'claim.payment_results',
        subject: `claim-payout:${id}`,
        after: { reference: batch.reference, paid, failed, paidFen, state },
      });
      return { batch: batchView((await repository.batch(id, trx)) as ClaimPayoutBatchRow), paid, failed };
    });
    return outcome;
  }

  private async requireBatch(id: string): Promise<ClaimPayoutBatchRow> {
    const row = await this.claims.options.repository.batch(id);
    if (row === undefined) throw new AppError('PAYOUT_BATCH_NOT_FOUND', `no claims payout batch ${id}`, 'id');
    return row;
  }
}
