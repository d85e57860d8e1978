/**
 * Retroactive changes (issue 12 §4): when a standard is raised mid-year (in 2024 car subsidies went
 * from 10,000 to 20,000 yuan and approved claims received top-ups), every standing claim decided on a
 * rule date from `from` on is priced again under the plan in force, with the reform simulation's
 * engine (domain/subsidy: the same evaluateQuote the simulation runs per decision). Where the new
 * amount is above what the claim and its earlier top-ups give, a top-up claim for the difference is
 * created and goes through the line's review from its first stage; paid records are never edited.
 * Lowered standards claw nothing back (a payment made under the rules of its day stands).
 */
import { randomUUID } from 'node:crypto';
import type { RecomputeRequest, RecomputeResult } from '../../contract/claims.js';
import { quoteInputOf } from '../../domain/claims/facts.js';
import { CLAIM_STAGES } from '../../domain/claims/stages.js';
import { evaluateQuote, explainDecision } from '../../domain/subsidy/index.js';
import { yuan } from '../../domain/subsidy/money.js';
import { auditContextOf, type RequestContext } from '../context.js';
import { writeOnce } from '../idempotent-write.js';
import { claimReference, storedDecision, type ClaimService } from './claim-service.js';
import { claimFacts } from './claim-views.js';

export class ClaimRecompute {
  constructor(private readonly claims: ClaimService) {}

  async recompute(context: RequestContext, request: RecomputeRequest): Promise<RecomputeResult> {
    const { repository, quotes, cipher, audit, now, grants, store } = this.claims.options;
    const book = await quotes.currentRuleBook();
    const standing = await repository.standingSince(request.from);
    const given = await repository.topUpsOf(standing.map((row) => row.id));
    const topUps: RecomputeResult['topUps'] = [];
    for (const row of standing) {
      const facts = claimFacts(cipher, row);
      const holders = {
        applicantId: row.applicant_id,
        ...(row.new_car_key === null ? {} : { newCarId: row.new_car_key }),
        ...(row.dwelling_key === null ? {} : { dwellingId: row.dwelling_key }),
        ...(row.entity_key === null ? {} : { entityId: row.entity_key }),
      };
      // The claim's own top-ups are part of what it gives (`given`), not of its holders' other history.
      const history = [
        ...(await grants.history(store.db, holders)),
        ...(await repository.history(store.db, this.claims.claimHolderKeys(holders), row.id)),
      ];
      const decision = explainDecision(evaluateQuote(book, quoteInputOf(facts, holders), history));
      const already = Number(row.subsidy_fen) + (given.get(row.id) ?? 0);
      if (!decision.eligible || decision.subsidyFen <= already) continue;
      const amountFen = decision.subsidyFen - already;
      const id = randomUUID();
      if (request.dryRun === true) {
        topUps.push({ claimId: row.id, topUpId: id, amountFen });
        continue;
      }
      const dueOn = await this.claims.deadline(row.line, 0);
      const at = now().toISOString();
      const created = await writeOnce(store, null, async (trx) => {
        // Take the original claim's row first: two runs at once decide one after the other, and the
        // second finds the first one's top-up.
        if (!(await repository.advance(trx, row.id, { state: row.state }, { updated_at: row.updated_at }))) return null;
        const givenNow = Number(row.subsidy_fen) + ((await repository.topUpsOf([row.id], trx)).get(row.id) ?? 0);
        const missing = decision.subsidyFen - givenNow;
        if (missing <= 0) return null;
        const explanation =
          `补贴标准调整补差：按现行标准应补贴 ${yuan(decision.subsidyFen)} 元，已核定 ${yuan(givenNow)} 元，补发 ${yuan(missing)} 元。` +
          decision.explanation;
        const explanationEn =
          `Top-up after a raised standard: ${yuan(decision.subsidyFen)} yuan due now, ${yuan(givenNow)} yuan given, ` +
          `${yuan(missing)} yuan to add. ${decision.explanationEn}`;
        await repository.insert(trx, {
          ...row,
          id,
          reference: claimReference(row.line, id),
          state: 'reviewing',
          stage_index: 0,
          due_on: dueOn,
          subsidy_fen: missing,
          eligible: 1,
          decision: JSON.stringify({ ...storedDecision(decision), explanation, explanationEn }),
          rule_date: decision.ruleDate ?? row.rule_date,
          pool_id: null,
          hold_id: null,
          payout_batch_id: null,
          payout_failure: null,
          top_up_of: row.id,
          created_at: at,
          submitted_at: at,
          decided_at: null,
          updated_at: at,
          old_car_key: null,
        });
        await audit.append(trx, auditContextOf(context), {
          action: 'claim.top_up_created',
          subject: `claim:${id}`,
          after: {
            topUpOf: row.id,
            amountFen: missing,
            dueFen: decision.subsidyFen,
            givenFen: givenNow,
            parameterVersion: decision.parameterVersion,
            stage: CLAIM_STAGES[row.line][0]?.id ?? null,
            from: request.from,
          },
        });
        return missing;
      });
      if (created !== null) topUps.push({ claimId: row.id, topUpId: id, amountFen: created });
    }
    return {
      examined: standing.length,
      topUps,
      totalFen: topUps.reduce((total, item) => total + item.amountFen, 0),
    };
  }
}
