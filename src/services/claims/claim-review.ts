/**
 * Stage decisions on claims (issue 12 §2): approve, reject with reasons, or return for more evidence.
 * The money is held at the first approval (the engine decides again on the locked holders' history, the
 * goods register takes the VINs, the pool's conditional update takes the amount), committed at the last
 * one, and released on a rejection, so an approved claim is never unpayable. The claim's state and
 * stage are changed by a conditional UPDATE first in the transaction: of two decisions at once, one
 * wins and the other writes nothing (CLAIM_NOT_REVIEWING).
 */
import { randomUUID } from 'node:crypto';
import type { BulkApprovalResult, ClaimReview, ClaimView } from '../../contract/claims.js';
import type { ClaimRow } from '../../db/claims-repository.js';
import { poolIdOf } from '../../domain/budget/types.js';
import { quoteInputOf } from '../../domain/claims/facts.js';
import { CLAIM_STAGES } from '../../domain/claims/stages.js';
import { fitsStage, nextStageIndex } from '../../domain/settlement/stages.js';
import { evaluateQuote, explainDecision } from '../../domain/subsidy/index.js';
import { goodsKeyOf } from '../../domain/trade-in/goods.js';
import { AppError } from '../../shared/errors.js';
import { refuseOwnCase } from '../access.js';
import { refusalError } from '../budget/budget-service.js';
import { auditContextOf, principalOf, type RequestContext } from '../context.js';
import { writeOnce } from '../idempotent-write.js';
import { storedDecision, type ClaimService } from './claim-service.js';
import { claimFacts } from './claim-views.js';

/** Claims are paid from the city's pool of their line and unit (the demo funds those; docs/claims.md). */
export const CLAIM_FUNDING_SOURCE = 'city' as const;

export class ClaimReviews {
  constructor(private readonly claims: ClaimService) {}

  async review(context: RequestContext, id: string, review: ClaimReview): Promise<ClaimView> {
    const { repository, grants, goods, budget, audit, quotes, now, cipher } = this.claims.options;
    const principal = principalOf(context);
    const row = await repository.find(id);
    if (row === undefined) throw new AppError('CLAIM_NOT_FOUND', `no claim ${id}`, 'id');
    if (row.state !== 'reviewing' || row.stage_index === null) {
      throw new AppError('CLAIM_NOT_REVIEWING', `claim ${id} is ${row.state}, not waiting at a stage`, 'id');
    }
    const index = row.stage_index;
    const stage = CLAIM_STAGES[row.line][index];
    if (stage === undefined || !fitsStage(principal.roles, stage, row.unit_id)) {
      throw new AppError('FORBIDDEN', `claim ${id} waits at a stage you do not review`, 'id');
    }
    refuseOwnCase(principal, row.applicant_id, 'claim');
    // A company's claim is also the case of everyone who works for that company.
    if (
      row.merchant_id !== null &&
      principal.roles.some((role) => role.organisation?.kind === 'merchant' && role.organisation.id === row.merchant_id)
    ) {
      throw new AppError('CONFLICT_OF_INTEREST', 'you work for the company that claims: another person must decide it');
    }
    const earlier = await repository.reviews([id]);
    if (
      earlier.some(
        (item) => item.decision === 'approve' && item.reviewer_id === principal.accountId && item.stage !== stage.id,
      )
    ) {
      throw new AppError(
        'SAME_REVIEWER',
        'you approved an earlier stage of this claim: another person must decide this one',
      );
    }
    const reasonCodes = [...new Set(review.reasonCodes ?? [])];
    if (review.decision !== 'approve' && reasonCodes.length === 0) {
      throw new AppError('REASON_REQUIRED', `say why you ${review.decision} the claim (reasonCodes)`, 'reasonCodes');
    }
    const next = review.decision === 'approve' ? nextStageIndex(CLAIM_STAGES[row.line], index) : null;
    const nextDue = next === null ? null : await this.claims.deadline(row.line, next);
    const today = this.claims.today();
    // Read outside the transaction: on SQLite the plan read would wait for the transaction's connection.
    const book = review.decision === 'approve' && row.hold_id === null ? await quotes.currentRuleBook() : null; // also for top-ups
    const at = now().toISOString();
    const stages = await this.claims.stageViewsOf([row.line]);

    return writeOnce(this.claims.options.store, context.idempotency, async (trx) => {
      const from = { state: 'reviewing' as const, stageIndex: index };
      const decided = async (changes: Parameters<typeof repository.advance>[3]) => {
        if (!(await repository.advance(trx, id, from, { ...changes, updated_at: at }))) {
          throw new AppError('CLAIM_NOT_REVIEWING', `claim ${id} was decided by someone else meanwhile`, 'id');
        }
      };
      let money: Record<string, unknown> = {};
      if (review.decision === 'approve') {
        let holdId = row.hold_id;
        let amountFen = Number(row.subsidy_fen);
        let decisionColumns = {};
        // Claim the stage first: a second approval at once stops here, before any money moves.
        await decided({});
        if (holdId === null) {
          if (row.top_up_of === null && book !== null) {
            const facts = claimFacts(cipher, row);
            const holders = this.holdersOfRow(row);
            await grants.lockHolders(trx, holders);
            const history = [
              ...(await grants.history(trx, holders)),
              ...(await repository.history(trx, this.claims.claimHolderKeys(holders), id)),
            ];
            const decision = explainDecision(evaluateQuote(book, quoteInputOf(facts, holders), history));
            if (!decision.eligible || decision.subsidyFen === 0) {
              throw new AppError('CLAIM_NOT_ELIGIBLE', decision.explanation, 'id');
            }
            amountFen = decision.subsidyFen;
            decisionColumns = {
              subsidy_fen: amountFen,
              decision: JSON.stringify(storedDecision(decision)),
              rule_date: decision.ruleDate ?? row.rule_date,
            };
            for (const key of this.goodsKeys(facts)) {
              if (!(await goods.registerGoods(trx, key, `claim:${id}`, at))) {
                throw new AppError(
                  'CLAIM_NOT_ELIGIBLE',
                  '该车辆（车架号）已享受过补贴，同一辆车只补贴一次 this car (VIN) has already been subsidised',
                  'id',
                );
              }
            }
          }
          if (row.top_up_of !== null && book !== null) {
            // A top-up: the original claim priced again on the locked holders' history, so that what the
            // holder gets (the original, its held top-ups and this one) never passes a cap meanwhile used.
            const original = await repository.find(row.top_up_of, trx);
            if (original === undefined) throw new AppError('CLAIM_NOT_FOUND', `no claim ${row.top_up_of}`, 'id');
            const holders = this.holdersOfRow(original);
            await grants.lockHolders(trx, holders);
            const history = [
              ...(await grants.history(trx, holders)),
              ...(await repository.history(trx, this.claims.claimHolderKeys(holders), original.id)),
            ];
            const due = evaluateQuote(book, quoteInputOf(claimFacts(cipher, original), holders), history).subsidyFen;
            const given = Number(original.subsidy_fen) + (await repository.heldTopUps(trx, original.id));
            amountFen = Math.min(amountFen, due - given);
            if (amountFen <= 0) {
              throw new AppError(
                'CLAIM_NOT_ELIGIBLE',
                '补差后将超过补贴上限，无可补发金额 the top-up would pass the cap',
                'id',
              );
            }
            decisionColumns = { subsidy_fen: amountFen };
          }
          const poolId = poolIdOf({ line: row.line, unitId: row.unit_id, source: CLAIM_FUNDING_SOURCE });
          const hold = await budget.hold(trx, context, poolId, {
            amountFen,
            idempotencyKey: `claim:${id}`,
            reference: `claim:${row.reference}`,
          });
          if (!hold.ok) throw refusalError(hold.refusal);
          holdId = hold.hold.id;
          money = { held: amountFen, poolId, holdId };
          await decided({ pool_id: poolId, hold_id: holdId, ...decisionColumns });
        }
        if (next === null) {
          const committed = await budget.commit(trx, context, holdId, { reference: `claim:${row.reference}` });
          if (!committed.ok) throw refusalError(committed.refusal);
          money = { ...money, committed: amountFen };
          await decided({ state: 'approved', stage_index: null, due_on: null, decided_at: at });
        } else {
          await decided({ stage_index: next, due_on: nextDue });
        }
      } else if (review.decision === 'reject') {
        await decided({ state: 'rejected', due_on: null, decided_at: at });
        if (row.hold_id !== null) {
          const released = await budget.release(trx, context, row.hold_id, {
            reference: `claim-rejected:${row.reference}`,
          });
          if (!released.ok) throw refusalError(released.refusal);
          await goods.releaseGoods(trx, `claim:${id}`);
          money = { released: Number(row.subsidy_fen), holdId: row.hold_id };
        }
      } else {
        await decided({ state: 'returned', due_on: null });
      }
      await repository.insertReview(trx, {
        id: randomUUID(),
        claim_id: id,
        stage: stage.id,
        stage_index: index,
        decision: review.decision,
        reason_codes: JSON.stringify(reasonCodes),
        comment: review.comment?.trim() === '' ? null : (review.comment ?? null),
        reviewer_id: principal.accountId,
        reviewer_name: principal.name,
        at,
        due_on: row.due_on,
        late: row.due_on !== null && row.due_on < today ? 1 : 0,
      });
      const after = (await repository.find(id, trx)) as ClaimRow;
      await audit.append(trx, auditContextOf(context), {
        action: `claim.${review.decision}`,
        subject: `claim:${id}`,
        before: { state: 'reviewing', stage: stage.id, subsidyFen: Number(row.subsidy_fen) },
        after: {
          state: after.state,
          stage: after.stage_index === null ? null : (CLAIM_STAGES[row.line][after.stage_index]?.id ?? null),
          reasonCodes,
          late: row.due_on !== null && row.due_on < today,
          ...money,
        },
      });
      return this.claims.viewIn(after, stages, trx);
    });
  }

  /** Approves each claim on its own (one transaction each); says which could not be approved and why. */
  async bulkApprove(context: RequestContext, ids: readonly string[]): Promise<BulkApprovalResult> {
    const approved: string[] = [];
    const refused: BulkApprovalResult['refused'] = [];
    for (const id of new Set(ids)) {
      try {
        await this.review({ ...context, idempotency: null }, id, { decision: 'approve' });
        approved.push(id);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        refused.push({ id, code: error.code, message: error.message });
      }
    }
    return { approved, refused };
  }

  private holdersOfRow(row: ClaimRow) {
    return {
      applicantId: row.applicant_id,
      ...(row.new_car_key === null ? {} : { newCarId: row.new_car_key }),
      ...(row.dwelling_key === null ? {} : { dwellingId: row.dwelling_key }),
      ...(row.entity_key === null ? {} : { entityId: row.entity_key }),
    };
  }

  /** The goods-register keys a claim takes: the new car's VIN, and the old car's (scrapped or sold once). */
  private goodsKeys(facts: ReturnType<typeof claimFacts>): string[] {
    const keys: string[] = [];
    if (facts.newCar !== undefined) keys.push(goodsKeyOf(facts.newCar.vin));
    if (facts.oldCar !== undefined) keys.push(`oldcar:${facts.oldCar.vin.toUpperCase()}`);
    return keys;
  }
}
