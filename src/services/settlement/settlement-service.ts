/**
 * Settlement (清算, issue 11 §5): each period a batch per merchant and unit collects the redemptions past
 * their return window and nets the merchant's clawbacks. The batch passes its review stages (data:
 * domain/settlement/stages.ts), each decided by a role in its scope and never twice by one person;
 * a stage may hold single lines out (they wait for the next batch) or reject the batch with a reason
 * (everything goes back to the queue). On final approval the holds are committed (spent) and the payout
 * file can be made; importing the bank's payment results closes the batch, or re-queues a failed one.
 * Every step is audited in its own transaction with the change; risk flags are computed when the batch
 * is built and shown beside each line.
 */
import { randomUUID } from 'node:crypto';
import type { AccountRepository } from '../../db/accounts-repository.js';
import {
  queueOf,
  type SaleRow,
  type NewSettlement,
  type ReviewLine,
  type SettlementLineRow,
  type SettlementRepository,
  type SettlementRow,
} from '../../db/settlement-repository.js';
import type { ClawbackRow, RedemptionRow, TradeInRepository } from '../../db/trade-in-repository.js';
import type {
  PaymentResultsRequest,
  ReviewStageView,
  SettlementDetail,
  SettlementList,
  SettlementListQuery,
  SettlementReview,
  SettlementRunRequest,
  SettlementRunResult,
  SettlementView,
} from '../../contract/settlement.js';
import type { TradeInLine } from '../../contract/trade-in.js';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/tables.js';
import {
  fitsStage,
  nextStageIndex,
  SETTLEMENT_STAGES,
  settlementReference,
  type ReviewStage,
} from '../../domain/settlement/stages.js';
import { addDays, chinaDay } from '../../domain/trade-in/calendar.js';
import { storedFlags } from '../../domain/trade-in/flags.js';
import { flagComputer } from './settlement-flags.js';
import { AppError } from '../../shared/errors.js';
import { organisationsCarrying, reaches, refuseOwnCase } from '../access.js';
import type { Principal } from '../accounts/account-service.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { SecurityLog } from '../audit/security-log.js';
import { refusalError, type BudgetService } from '../budget/budget-service.js';
import { auditContextOf, principalOf, type RequestContext } from '../context.js';
import { writeOnce, type WriteStore } from '../idempotent-write.js';
import type { QuoteService } from '../subsidy/quote-service.js';
import type { MembershipService } from '../trade-in/membership-service.js';
import { lineLimitsOn } from '../trade-in/trade-in-rules.js';
import { payoutCsv, payoutXlsx, type PayoutDetail, type PayoutRow } from './payout-files.js';
import { voucherBatches } from './voucher-batches.js';
import type { VouchersRepository } from '../../db/vouchers-repository.js';

export interface SettlementServiceOptions {
  readonly store: WriteStore;
  readonly repository: SettlementRepository;
  readonly tradeIn: TradeInRepository;
  readonly accounts: AccountRepository;
  readonly budget: BudgetService;
  readonly quotes: QuoteService;
  readonly memberships: MembershipService;
  readonly audit: AuditLog;
  readonly security: SecurityLog;
  readonly now: () => Date;
  /** Days after a sale before it is settled (the no-reason return window). */
  readonly settleAfterDays: number;
  readonly stages?: readonly ReviewStage[];
  /** Voucher redemptions, settled through the same batches (issue 13 §5). */
  readonly vouchers: VouchersRepository;
}

function stageView(stage: ReviewStage): ReviewStageView {
  return { id: stage.id, label: stage.label, labelEn: stage.labelEn, role: stage.role, scope: stage.scope };
}

/** Whether the caller's settlement-reading roles are bounded by no merchant or unit (city staff, auditors). */
function readsCityWide(principal: Principal): boolean {
  return reaches(principal, 'settlement.read', { merchantId: null, unitId: null });
}

export class SettlementService {
  private readonly stages: readonly ReviewStage[];

  constructor(private readonly options: SettlementServiceOptions) {
    this.stages = options.stages ?? SETTLEMENT_STAGES;
  }

  // ------------------------------------------------------------------------------------- views

  /**
   * A batch as the API shows it. Inside a write transaction pass its executor: the answer an idempotent
   * request stores is built there, and on SQLite the transaction holds the one connection.
   */
  async view(
    row: SettlementRow,
    lines?: readonly SettlementLineRow[],
    executor: Kysely<Database> = this.options.store.db,
  ): Promise<SettlementView> {
    const merchantName = (await this.options.repository.merchantNames([row.merchant_id], executor)).get(
      row.merchant_id,
    );
    const reviews = await this.options.repository.reviews(row.id, executor);
    const reviewers = new Map<string, string>();
    for (const review of reviews) {
      if (!reviewers.has(review.reviewer_id)) {
        reviewers.set(
          review.reviewer_id,
          (await this.options.accounts.findById(review.reviewer_id, executor))?.name ?? review.reviewer_id,
        );
      }
    }
    const gross = Number(row.gross_fen);
    const clawback = Number(row.clawback_fen);
    const stage = row.state === 'reviewing' ? this.stages[row.stage_index] : undefined;
    return {
      id: row.id,
      programme: row.programme,
      poolId: row.pool_id,
      reference: row.reference,
      merchantId: row.merchant_id,
      merchantName: merchantName ?? row.merchant_id,
      unitId: row.unit_id,
      periodFrom: row.period_from,
      periodTo: row.period_to,
      state: row.state,
      stage: stage === undefined ? null : stageView(stage),
      stages: this.stages.map(stageView),
      redemptions: row.redemption_count,
      grossFen: gross,
      clawbackFen: clawback,
      netFen: gross - clawback,
      flaggedLines: row.flagged_count,
      reviews: reviews.map((review) => ({
        stage: review.stage,
        decision: review.decision,
        reason: review.reason,
        reviewerId: review.reviewer_id,
        reviewerName: reviewers.get(review.reviewer_id) ?? review.reviewer_id,
        at: review.at,
      })),
      paidFen: Number(row.paid_fen),
      createdAt: row.created_at,
      approvedAt: row.approved_at,
    };
  }

  private async requireBatch(
    id: string,
    executor?: Parameters<SettlementRepository['find']>[1],
  ): Promise<SettlementRow> {
    const row = await this.options.repository.find(id, executor);
    if (row === undefined) throw new AppError('SETTLEMENT_NOT_FOUND', `no settlement batch ${id}`, 'id');
    return row;
  }

  /** Whether the caller may see a batch: its merchant's staff, its unit's officers, city-wide staff. */
  private requireReading(principal: Principal, row: SettlementRow): void {
    const merchants = organisationsCarrying(principal, 'settlement.read', 'merchant');
    const units = organisationsCarrying(principal, 'settlement.read', 'unit');
    const cityWide = readsCityWide(principal);
    if (cityWide || merchants.includes(row.merchant_id) || units.includes(row.unit_id)) return;
    throw new AppError('FORBIDDEN', `settlement batch ${row.id} is outside your scope`, 'id');
  }

  async get(context: RequestContext, id: string): Promise<SettlementDetail> {
    const row = await this.requireBatch(id);
    this.requireReading(principalOf(context), row);
    const lines = await this.options.repository.lines(id);
    const redemptions = new Map<string, RedemptionRow>(
      (await this.options.tradeIn.findRedemptions([...new Set(lines.map((line) => line.redemption_id))])).map((row) => [
        row.id,
        row,
      ]),
    );
    const voucherRows = new Map(
      (
        await this.options.vouchers.redemptionsIn(
          lines.filter((line) => line.kind === 'voucher').map((line) => line.redemption_id),
        )
      ).map((voucher) => [voucher.id, voucher] as const),
    );
    return {
      settlement: await this.view(row, lines),
      lines: lines.map((line) => {
        const voucher = voucherRows.get(line.redemption_id);
        if (line.kind === 'voucher') {
          return {
            redemptionId: line.redemption_id,
            kind: line.kind,
            line: 'voucher',
            category: voucher?.category ?? '',
            model: '',
            finalPriceFen: Number(voucher?.bill_fen ?? 0),
            amountFen: Number(line.amount_fen),
            heldOut: line.held_out === 1,
            heldOutReason: line.held_out_reason,
            redeemedAt: voucher?.at ?? '',
            flags: storedFlags(line.flags),
          };
        }
        const redemption = redemptions.get(line.redemption_id);
        return {
          redemptionId: line.redemption_id,
          kind: line.kind,
          line: redemption?.line ?? '',
          category: redemption?.category ?? '',
          model: redemption?.model ?? '',
          finalPriceFen: Number(redemption?.final_price_fen ?? 0),
          amountFen: line.kind === 'clawback' ? -Number(line.amount_fen) : Number(line.amount_fen),
          heldOut: line.held_out === 1,
          heldOutReason: line.held_out_reason,
          redeemedAt: redemption?.created_at ?? '',
          flags: storedFlags(line.flags),
        };
      }),
    };
  }

  async list(context: RequestContext, query: SettlementListQuery): Promise<SettlementList> {
    const principal = principalOf(context);
    const merchants = organisationsCarrying(principal, 'settlement.read', 'merchant');
    const units = organisationsCarrying(principal, 'settlement.read', 'unit');
    const cityWide = readsCityWide(principal);
    let state = query.state;
    if (query.awaitingMe === true) state = 'reviewing';
    const { rows } = await this.options.repository.list({
      ...(state === undefined ? {} : { state }),
      ...(cityWide ? {} : merchants.length > 0 ? { merchantIds: merchants } : { unitIds: units }),
      ...(query.unitId === undefined ? {} : { unitIds: [query.unitId] }),
      ...(query.merchantId === undefined ? {} : { merchantIds: [query.merchantId] }),
      offset: 0,
      limit: 10_000,
    });
    const visible = rows.filter((row) => {
      try {
        this.requireReading(principal, row);
      } catch {
        return false;
      }
      return query.awaitingMe !== true || this.stageFor(principal, row) !== null;
    });
    const offset = query.offset ?? 0;
    const items: SettlementView[] = [];
    for (const row of visible.slice(offset, offset + (query.limit ?? 50))) items.push(await this.view(row));
    return { items, total: visible.length };
  }

  // --------------------------------------------------------------------------------------- run

  /** Builds the batches of a period: one per merchant and unit with redemptions past their return window. */
  async run(context: RequestContext, request: SettlementRunRequest): Promise<SettlementRunResult> {
    if (request.periodFrom > request.periodTo) {
      throw new AppError('VALIDATION_FAILED', 'periodFrom must not be after periodTo', 'periodFrom');
    }
    const now = this.options.now();
    const nowIso = now.toISOString();
    const today = chinaDay(now);
    // A sale of day D can be returned until D + window; it is settled from the day after.
    const lastDay = addDays(today, -this.options.settleAfterDays - 1);
    const book = await this.options.quotes.currentRuleBook();
    const actor = context.actor.id;
    return this.options.repository.withBatchCache(() =>
      writeOnce(this.options.store, context.idempotency, async (trx) => {
        if (request.programme === 'voucher') {
          const built = await voucherBatches(
            trx,
            context,
            { repository: this.options.repository, vouchers: this.options.vouchers, audit: this.options.audit },
            {
              periodFrom: request.periodFrom,
              periodTo: request.periodTo,
              lastDay,
              unitId: request.unitId,
              actor,
              nowIso,
            },
          );
          return this.runAnswer(trx, built);
        }
        const clawbacks = await this.options.repository.openClawbacks(trx, request.unitId);
        // One read: the 90-day look-back holds the period's queue too.
        const lookBack = await this.options.repository.redemptionsBetween(
          trx,
          addDays(request.periodFrom, -90),
          request.periodTo,
        );
        const period = { from: request.periodFrom, to: request.periodTo, lastDay, unitId: request.unitId };
        const queue = queueOf(lookBack, period);
        const skipped = queueOf(lookBack, { ...period, lastDay: request.periodTo }).length - queue.length;
        const clawbackCounts = await this.options.repository.clawbackCounts(
          trx,
          new Date(now.getTime() - 90 * 24 * 3600 * 1000).toISOString(),
        );
        // A line's limits on a day, worked out once per line and day (not per redemption).
        const limitsByDay = new Map<string, { priceCeilingFen: number | null; capSweetSpotsFen: readonly number[] }>();
        const flagsOf = flagComputer(lookBack, clawbackCounts, (line, day) => {
          const key = `${line}\u0000${day}`;
          let found = limitsByDay.get(key);
          if (found === undefined) {
            const limits = lineLimitsOn(book, line as TradeInLine, day);
            found = {
              priceCeilingFen: limits?.priceCeilingFen ?? null,
              capSweetSpotsFen: limits?.capSweetSpotsFen ?? [],
            };
            limitsByDay.set(key, found);
          }
          return found;
        });
        const groups = new Map<
          string,
          { merchantId: string; unitId: string; redemptions: SaleRow[]; clawbacks: ClawbackRow[] }
        >();
        for (const redemption of queue) {
          const key = `${redemption.merchant_id}\u0000${redemption.unit_id}`;
          const group = groups.get(key) ?? {
            merchantId: redemption.merchant_id,
            unitId: redemption.unit_id,
            redemptions: [],
            clawbacks: [],
          };
          group.redemptions.push(redemption);
          groups.set(key, group);
        }
        const created: NewSettlement[] = [];
        for (const group of groups.values()) {
          const id = randomUUID();
          const lines: SettlementLineRow[] = group.redemptions.map((redemption) => ({
            settlement_id: id,
            item_id: redemption.id,
            kind: 'redemption',
            redemption_id: redemption.id,
            amount_fen: Number(redemption.subsidy_fen),
            held_out: 0,
            held_out_reason: null,
            flags: JSON.stringify(flagsOf(redemption)),
          }));
          const gross = lines.reduce((sum, line) => sum + line.amount_fen, 0);
          // Clawbacks net against the batch as far as it pays; the rest waits for the next one.
          let clawbackFen = 0;
          for (const clawback of clawbacks) {
            if (clawback.merchant_id !== group.merchantId || clawback.unit_id !== group.unitId) continue;
            if (clawbackFen + Number(clawback.amount_fen) > gross) continue;
            clawbackFen += Number(clawback.amount_fen);
            group.clawbacks.push(clawback);
            lines.push({
              settlement_id: id,
              item_id: clawback.id,
              kind: 'clawback',
              redemption_id: clawback.redemption_id,
              amount_fen: Number(clawback.amount_fen),
              held_out: 0,
              held_out_reason: null,
              flags: '[]',
            });
          }
          const row: NewSettlement = {
            id,
            reference: settlementReference(group.unitId, request.periodTo, id),
            merchant_id: group.merchantId,
            unit_id: group.unitId,
            period_from: request.periodFrom,
            period_to: request.periodTo,
            state: 'reviewing',
            stage_index: 0,
            gross_fen: gross,
            clawback_fen: clawbackFen,
            paid_fen: 0,
            created_by: actor,
            created_at: nowIso,
            approved_at: null,
            programme: 'trade_in',
            pool_id: null,
          };
          const counts = await this.options.repository.insertSettlement(trx, row, lines);
          const ids = group.redemptions.map((redemption) => redemption.id);
          if ((await this.options.repository.claimRedemptions(trx, ids, id)) !== ids.length) {
            throw new AppError(
              'SETTLEMENT_CONFLICT',
              'another settlement run took some of these redemptions: run again',
              'periodFrom',
            );
          }
          const clawbackIds = group.clawbacks.map((clawback) => clawback.id);
          if ((await this.options.repository.claimClawbacks(trx, clawbackIds, id)) !== clawbackIds.length) {
            throw new AppError(
              'SETTLEMENT_CONFLICT',
              'another settlement run took some of these clawbacks: run again',
              'periodFrom',
            );
          }
          await this.options.audit.append(trx, auditContextOf(context), {
            action: 'settlement.create',
            subject: `settlement:${id}`,
            after: {
              reference: row.reference,
              merchantId: row.merchant_id,
              unitId: row.unit_id,
              period: `${row.period_from}/${row.period_to}`,
              redemptions: ids.length,
              grossFen: gross,
              clawbackFen,
              flaggedLines: counts.flagged_count,
            },
          });
          created.push(row);
        }
        return this.runAnswer(trx, { created: created.map((row) => row.id), skipped });
      }),
    );
  }

  /** A run's answer, built in its transaction: a retry with the same key is answered with exactly it. */
  private async runAnswer(
    trx: Kysely<Database>,
    built: { readonly created: readonly string[]; readonly skipped: number },
  ): Promise<SettlementRunResult> {
    const created: SettlementView[] = [];
    for (const id of built.created) created.push(await this.view(await this.requireBatch(id, trx), undefined, trx));
    return { created, skipped: built.skipped };
  }

  // ------------------------------------------------------------------------------------ review

  /** The stage of a reviewing batch the caller may decide, or null. */
  private stageFor(principal: Principal, row: SettlementRow): ReviewStage | null {
    if (row.state !== 'reviewing') return null;
    const stage = this.stages[row.stage_index];
    if (stage === undefined) return null;
    const fits = fitsStage(principal.roles, stage, row.unit_id);
    return fits ? stage : null;
  }

  async review(context: RequestContext, id: string, review: SettlementReview): Promise<SettlementView> {
    const principal = principalOf(context);
    const row = await this.requireBatch(id);
    if (row.state !== 'reviewing') {
      throw new AppError('SETTLEMENT_NOT_REVIEWING', `settlement batch ${id} is ${row.state}, not under review`, 'id');
    }
    const stage = this.stageFor(principal, row);
    if (stage === null) {
      const waiting = this.stages[row.stage_index];
      throw new AppError(
        'FORBIDDEN',
        `this batch waits at ${waiting?.label ?? '?'} (${waiting?.role ?? '?'}${waiting?.scope === 'unit' ? ` of ${row.unit_id}` : ''}), which your roles do not decide`,
        'id',
      );
    }
    if (organisationsCarrying(principal, 'merchants.own', 'merchant').includes(row.merchant_id)) {
      refuseOwnCase(principal, principal.accountId, 'settlement of your own merchant');
    }
    const reviews = await this.options.repository.reviews(id);
    if (reviews.some((earlier) => earlier.reviewer_id === principal.accountId && earlier.decision === 'approve')) {
      throw new AppError(
        'SAME_REVIEWER',
        'you approved an earlier stage of this batch: another person must decide this one',
        'id',
      );
    }
    if (review.decision === 'reject' && (review.reason === undefined || review.reason.trim() === '')) {
      throw new AppError('VALIDATION_FAILED', 'a rejection needs a reason', 'reason');
    }
    const holdOut = review.holdOut ?? [];
    // The lines are read only when they are needed: to check what is held out, and to commit at the last stage.
    const last = review.decision === 'approve' && nextStageIndex(this.stages, row.stage_index) === null;
    const lines = holdOut.length > 0 || last ? await this.options.repository.reviewLines(id) : [];
    for (const [index, item] of holdOut.entries()) {
      const line = lines.find((candidate) => candidate.item_id === item.redemptionId && candidate.kind !== 'clawback');
      if (line === undefined || line.held_out === 1) {
        throw new AppError(
          'VALIDATION_FAILED',
          `redemption ${item.redemptionId} is not a line of this batch`,
          `holdOut[${index}].redemptionId`,
        );
      }
    }
    if (review.decision === 'reject' && holdOut.length > 0) {
      throw new AppError('VALIDATION_FAILED', 'a rejection sends the whole batch back: hold out nothing', 'holdOut');
    }
    const now = this.options.now().toISOString();
    const cached = last
      ? (work: () => Promise<SettlementView>) => this.options.repository.withBatchCache(work)
      : (work: () => Promise<SettlementView>) => work();
    // The answer is built in the transaction, so a retry with the same key is answered with exactly it.
    return cached(() =>
      writeOnce(this.options.store, context.idempotency, async (trx) => {
        const current = await this.requireBatch(id, trx);
        if (current.state !== row.state || current.stage_index !== row.stage_index) {
          throw new AppError('SETTLEMENT_NOT_REVIEWING', `settlement batch ${id} was decided meanwhile`, 'id');
        }
        await this.options.repository.addReview(trx, {
          settlement_id: id,
          sequence: reviews.length + 1,
          stage: stage.id,
          decision: review.decision,
          reason: review.reason?.trim() ?? null,
          reviewer_id: principal.accountId,
          at: now,
        });
        if (review.decision === 'reject') {
          await this.options.repository.advance(trx, current, { state: 'returned' });
          await this.options.repository.releaseAll(trx, id);
          await this.options.audit.append(trx, auditContextOf(context), {
            action: 'settlement.reject',
            subject: `settlement:${id}`,
            before: { state: 'reviewing', stage: stage.id },
            after: { state: 'returned', reason: review.reason ?? null },
          });
          return this.view(await this.requireBatch(id, trx), undefined, trx);
        }
        let gross = Number(current.gross_fen);
        if (holdOut.length > 0) {
          const reasons = new Map(holdOut.map((item) => [item.redemptionId, item.reason]));
          await this.options.repository.holdOut(trx, id, [...reasons.keys()], (item) => reasons.get(item) ?? '');
          for (const line of lines) if (reasons.has(line.item_id)) gross -= Number(line.amount_fen);
        }
        const clawback = Number(current.clawback_fen);
        const next = nextStageIndex(this.stages, current.stage_index);
        if (next !== null) {
          await this.options.repository.advance(trx, current, { stage_index: next, gross_fen: gross });
        } else {
          if (gross < clawback) {
            throw new AppError(
              'VALIDATION_FAILED',
              'the lines left do not cover the clawbacks netted here: hold out fewer',
              'holdOut',
            );
          }
          await this.commitLines(trx, context, id, lines, new Set(holdOut.map((item) => item.redemptionId)));
          await this.options.repository.advance(trx, current, {
            state: 'approved',
            gross_fen: gross,
            approved_at: now,
          });
        }
        await this.options.audit.append(trx, auditContextOf(context), {
          action: next === null ? 'settlement.approve' : 'settlement.review',
          subject: `settlement:${id}`,
          before: { stage: stage.id, grossFen: Number(current.gross_fen) },
          after: {
            stage: next === null ? null : (this.stages[next]?.id ?? null),
            grossFen: gross,
            netFen: gross - clawback,
            heldOut: holdOut.map((item) => item.redemptionId),
          },
        });
        return this.view(await this.requireBatch(id, trx), undefined, trx);
      }),
    );
  }

  /**
   * Final approval: every line's holds are committed (spent) for the amount kept after returns, as one
   * ledger transaction per pool naming this batch (`commit_set`, docs/ledger.md "Commits of a settlement").
   */
  private async commitLines(
    trx: Parameters<Parameters<typeof writeOnce>[2]>[0],
    context: RequestContext,
    id: string,
    lines: readonly ReviewLine[],
    heldOut: ReadonlySet<string>,
  ): Promise<void> {
    const commits: { holdId: string; amountFen: number }[] = [];
    const voucherIds = lines
      .filter((line) => line.kind === 'voucher' && line.held_out === 0 && !heldOut.has(line.item_id))
      .map((line) => line.item_id);
    if (voucherIds.length > 0) {
      // A voucher's discount hold, committed for what the batch pays (paid before and failed at the bank: not again).
      for (const row of await this.options.vouchers.redemptionsIn(voucherIds, trx)) {
        if (row.committed !== 0) continue;
        commits.push({ holdId: row.hold_id, amountFen: Number(row.discount_fen) - Number(row.returned_discount_fen) });
      }
    }
    const ids = lines
      .filter((line) => line.kind === 'redemption' && line.held_out === 0 && !heldOut.has(line.item_id))
      .map((line) => line.item_id);
    if (ids.length > 0) {
      // Not those paid before and failed at the bank: their holds are spent already.
      for (const share of await this.options.tradeIn.sharesToCommit(ids, trx)) {
        commits.push({ holdId: share.hold_id, amountFen: Number(share.amount_fen) });
      }
    }
    const outcome = await this.options.budget.commitSet(trx, context, commits, { reference: `settlement:${id}` });
    if (!outcome.ok) throw refusalError(outcome.refusal);
    if (voucherIds.length > 0) await this.options.vouchers.markSettled(trx, voucherIds);
    await this.options.repository.markCommitted(trx, ids);
  }

  // ------------------------------------------------------------------------------------ payout

  async payoutFile(
    context: RequestContext,
    id: string,
    format: 'xlsx' | 'csv',
  ): Promise<{ body: Buffer; filename: string; contentType: string }> {
    const row = await this.requireBatch(id);
    // The CLI (`huimin settlement export`) runs as the platform itself; an account reads in its scope.
    if (context.actor.principal !== null) this.requireReading(context.actor.principal, row);
    if (!['approved', 'paid', 'partially_paid'].includes(row.state)) {
      throw new AppError(
        'SETTLEMENT_NOT_APPROVED',
        `settlement batch ${id} is ${row.state}: no payout before final approval`,
        'id',
      );
    }
    const [merchant] = await this.options.accounts.merchants([row.merchant_id]);
    const payee = await this.options.memberships.payee(row.merchant_id, row.unit_id);
    if (payee === null || merchant === undefined) {
      throw new AppError(
        'MERCHANT_NOT_MEMBER',
        `merchant ${row.merchant_id} has no bank account on record for ${row.unit_id}`,
        'id',
      );
    }
    // The csv has one row per payee; only the workbook lists the lines behind the sum.
    const lines = format === 'xlsx' ? await this.options.repository.payoutLines(id) : [];
    const payout: PayoutRow = {
      reference: row.reference,
      payeeName: payee.name,
      creditCode: merchant.credit_code,
      bankName: payee.bank,
      bankAccount: payee.account,
      amountFen: Number(row.gross_fen) - Number(row.clawback_fen),
      unitId: row.unit_id,
      period: `${row.period_from}/${row.period_to}`,
    };
    const details: PayoutDetail[] = lines.map((line) => ({
      reference: row.reference,
      item: line.item_id,
      kind: line.kind === 'clawback' ? '退货扣回' : line.kind === 'voucher' ? '消费券' : '以旧换新补贴',
      description: line.redemption_id,
      amountFen: line.kind === 'clawback' ? -Number(line.amount_fen) : Number(line.amount_fen),
    }));
    const principal = context.actor.principal;
    await this.options.security.record(
      {
        actor: principal?.accountId ?? context.actor.id,
        role: principal === null ? context.actor.role : (principal.roleNames[0] ?? 'finance_officer'),
        requestId: context.requestId,
      },
      {
        action: 'settlement.payout_file_read',
        subject: `settlement:${id}`,
        details: { format, amountFen: payout.amountFen },
      },
    );
    const filename = `payout-${row.reference}.${format}`;
    return format === 'csv'
      ? { body: payoutCsv([payout]), filename, contentType: 'text/csv; charset=utf-8' }
      : {
          body: await payoutXlsx([payout], details),
          filename,
          contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        };
  }

  /** The bank's answer: paid closes the batch; failed re-queues its lines for the next run. */
  async paymentResults(context: RequestContext, id: string, request: PaymentResultsRequest): Promise<SettlementView> {
    const row = await this.requireBatch(id);
    if (!['approved', 'partially_paid'].includes(row.state)) {
      throw new AppError(
        'SETTLEMENT_NOT_APPROVED',
        `settlement batch ${id} is ${row.state}: no payment results expected`,
        'id',
      );
    }
    for (const [index, result] of request.results.entries()) {
      if (result.reference !== row.reference) {
        throw new AppError(
          'SETTLEMENT_REFERENCE_MISMATCH',
          `result ${index + 1} names ${result.reference}, not ${row.reference}`,
          `results[${index}].reference`,
        );
      }
    }
    const net = Number(row.gross_fen) - Number(row.clawback_fen);
    const principal = principalOf(context);
    const at = this.options.now().toISOString();
    const existing = await this.options.repository.paymentResults(id);
    return writeOnce(this.options.store, context.idempotency, async (trx) => {
      let paid = Number(row.paid_fen);
      let failed = false;
      for (const [index, result] of request.results.entries()) {
        await this.options.repository.addPaymentResult(trx, {
          settlement_id: id,
          sequence: existing.length + index + 1,
          status: result.status,
          amount_fen: result.amountFen,
          bank_reference: result.bankReference ?? null,
          failure_reason: result.failureReason ?? null,
          imported_by: principal.accountId,
          imported_at: at,
        });
        if (result.status === 'paid') paid += result.amountFen;
        else failed = true;
      }
      if (paid > net) {
        throw new AppError(
          'VALIDATION_FAILED',
          `the results pay ${paid} fen, more than the batch’s ${net} fen`,
          'results',
        );
      }
      const state = paid === net ? 'paid' : failed ? (paid > 0 ? 'partially_paid' : 'failed') : 'partially_paid';
      if (state === 'failed') await this.options.repository.releaseAll(trx, id);
      await this.options.repository.advance(trx, row, { state, paid_fen: paid });
      await this.options.audit.append(trx, auditContextOf(context), {
        action: 'settlement.payment_results',
        subject: `settlement:${id}`,
        before: { state: row.state, paidFen: Number(row.paid_fen) },
        after: { state, paidFen: paid, results: request.results.length, requeued: state === 'failed' },
      });
      // Built in the transaction: a retry with the same key is answered with exactly it.
      return this.view(await this.requireBatch(id, trx), undefined, trx);
    });
  }
}
