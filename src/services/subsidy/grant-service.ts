/**
 * Granting subsidies (issue 4, part 2): one purchase or claim is judged against the plan version in
 * force and the applicant's earlier grants, and the money is reserved from the budget pool, in one
 * database transaction. The holders' quota locks are taken first, so two grants for one person (or
 * dwelling, entity, new car) decide one after the other on any number of app processes; the pool's
 * conditional update decides the money. Either everything is written (hold, grant, audit entry) or
 * nothing is.
 *
 * Expected outcomes are values: not eligible (with reasons) is `granted: false`. A pool that cannot
 * pay is an error with its stable code (BUDGET_EXHAUSTED, POOL_PAUSED), nothing written.
 */
import { randomUUID } from 'node:crypto';
import type { AccountRepository } from '../../db/account-repository.js';
import type { GrantRepository } from '../../db/grant-repository.js';
import { type GrantRow, type Holders } from '../../db/grant-repository.js';
import { writeTransaction } from '../../db/write-transaction.js';
import {
  decisionColumns,
  evaluateQuote,
  explainDecision,
  reformRuleBook,
  simulateReform,
  type QuoteInput,
  type ReformReport,
  type StoredDecisionInput,
  type SubsidyLine,
} from '../../domain/subsidy/index.js';
import type {
  GrantOutcome,
  GrantRequest,
  GrantView,
  ReformReportView,
  ReformRequest,
} from '../../domain/subsidy/grants.js';
import type { Static } from 'typebox';
import { AppError } from '../../shared/errors.js';
import { auditContextOf, ledgerContextOf, type Principal } from '../accounts/account-service.js';
import type { AuditLog } from '../audit/audit-log.js';
import { refusalError, type BudgetService } from '../budget/budget-service.js';
import type { PlanService } from '../plan/plan-service.js';
import type { QuoteService } from './quote-service.js';

export function grantView(row: GrantRow): GrantView {
  return {
    id: row.id,
    line: row.line as SubsidyLine,
    category: row.category,
    unitId: row.unit_id,
    poolId: row.pool_id,
    holdId: row.hold_id,
    applicantId: row.person_id,
    ruleDate: row.rule_date,
    subsidyFen: Number(row.subsidy_fen),
    status: row.status,
    planVersionId: row.plan_version_id,
    parameterVersion: row.parameter_version,
    explanation: row.explanation,
    actor: row.actor,
    createdAt: row.created_at,
    reversedAt: row.reversed_at,
  };
}

export interface GrantServiceOptions {
  readonly grants: GrantRepository;
  readonly accounts: AccountRepository;
  readonly budget: BudgetService;
  readonly quotes: QuoteService;
  readonly plans: PlanService;
  readonly audit: AuditLog;
  readonly now: () => Date;
}

/** Roles that may grant only at their own merchants' units. */
const MERCHANT_ROLES = new Set(['merchant_owner', 'merchant_cashier']);

export class GrantService {
  constructor(private readonly options: GrantServiceOptions) {}

  async grant(principal: Principal, request: GrantRequest, requestId: string): Promise<GrantOutcome> {
    const { grants, budget, quotes, audit, now } = this.options;
    if (request.purchase.personId !== undefined) {
      throw new AppError('VALIDATION_FAILED', 'personId is set from applicantId; do not send it', 'purchase.personId');
    }
    await this.checkScope(principal, request.unitId);
    const applicant = await this.options.accounts.findById(request.applicantId);
    if (applicant === undefined || applicant.kind !== 'citizen') {
      throw new AppError('ACCOUNT_NOT_FOUND', `no citizen account ${request.applicantId}`, 'applicantId');
    }
    const input: QuoteInput = { ...request.purchase, personId: applicant.id };
    const holders: Holders = {
      personId: input.personId,
      dwellingId: input.dwellingId,
      entityId: input.entityId,
      newCarId: input.newCarId,
    };
    // Read outside the transaction: on SQLite the plan read would wait for the transaction's connection.
    const book = await quotes.currentRuleBook();
    const poolId = `${request.purchase.line}.${request.unitId}.${request.source}`;
    await budget.getPool(poolId);
    const context = auditContextOf(principal, requestId);
    return writeTransaction(grants.db, grants.dialect, async (trx) => {
      await grants.lockHolders(trx, holders);
      const decision = evaluateQuote(book, input, await grants.history(trx, holders));
      const explained = explainDecision(decision);
      if (!decision.eligible) return { granted: false, grant: null, decision: explained };
      const id = randomUUID();
      const hold = await budget.holdWithin(
        trx,
        poolId,
        { amountFen: decision.subsidyFen, idempotencyKey: `grant:${id}` },
        ledgerContextOf(principal, requestId, `grant:${id}`),
      );
      if (!hold.ok) throw refusalError(hold.refusal);
      const row: GrantRow = {
        id,
        line: request.purchase.line,
        category: request.purchase.category ?? null,
        unit_id: request.unitId,
        pool_id: poolId,
        hold_id: hold.hold.id,
        person_id: holders.personId ?? null,
        dwelling_id: holders.dwellingId ?? null,
        entity_id: holders.entityId ?? null,
        new_car_id: holders.newCarId ?? null,
        rule_date: decision.ruleDate ?? '',
        subsidy_fen: decision.subsidyFen,
        status: 'granted',
        plan_version_id: decision.planVersionId,
        parameter_version: explained.parameterVersion,
        input: JSON.stringify(input),
        explanation: explained.explanation,
        actor: principal.accountId,
        created_at: now().toISOString(),
        reversed_at: null,
      };
      await grants.insert(trx, row);
      await audit.append(trx, context, {
        action: 'subsidy.grant',
        subject: `grant:${id}`,
        after: {
          line: row.line,
          category: row.category,
          unitId: row.unit_id,
          applicantId: row.person_id,
          subsidyFen: row.subsidy_fen,
          holdId: row.hold_id,
          parameterVersion: row.parameter_version,
        },
      });
      return { granted: true, grant: grantView(row), decision: explained };
    });
  }

  /**
   * A return (退货): the grant no longer stands and its money goes back to the pool: released if it
   * was still only held, returned if it had been paid. Its qualification stays used (reference.md).
   */
  async returnGrant(principal: Principal, id: string, reason: string, requestId: string): Promise<GrantView> {
    const { grants, budget, audit, now } = this.options;
    const existing = await grants.find(id);
    if (existing === undefined) throw new AppError('GRANT_NOT_FOUND', `no subsidy grant ${id}`, 'id');
    await this.checkScope(principal, existing.unit_id);
    const hold = await budget.getHold(existing.hold_id);
    const context = auditContextOf(principal, requestId);
    const ledgerContext = ledgerContextOf(principal, requestId, `return:${id}`);
    await writeTransaction(grants.db, grants.dialect, async (trx) => {
      if (!(await grants.markReversed(trx, id, now().toISOString()))) {
        throw new AppError('GRANT_NOT_GRANTED', `subsidy grant ${id} has already been returned`, 'id');
      }
      const outcome =
        hold.status === 'held'
          ? await budget.releaseWithin(trx, existing.hold_id, ledgerContext)
          : await budget.reverseWithin(trx, existing.hold_id, { idempotencyKey: `return:${id}` }, ledgerContext);
      if (!outcome.ok) throw refusalError(outcome.refusal);
      await audit.append(trx, context, {
        action: 'subsidy.return',
        subject: `grant:${id}`,
        before: { status: 'granted', subsidyFen: Number(existing.subsidy_fen) },
        after: { status: 'reversed', reason, money: hold.status === 'held' ? 'released' : 'returned to pool' },
      });
    });
    const row = await grants.find(id);
    if (row === undefined) throw new AppError('GRANT_NOT_FOUND', `no subsidy grant ${id}`, 'id');
    return grantView(row);
  }

  async list(filter: {
    applicantId?: string;
    line?: string;
    unitId?: string;
    status?: 'granted' | 'reversed';
    offset?: number;
    limit?: number;
  }): Promise<{ items: GrantView[]; total: number }> {
    const { rows, total } = await this.options.grants.list({
      ...(filter.applicantId === undefined ? {} : { personId: filter.applicantId }),
      ...(filter.line === undefined ? {} : { line: filter.line }),
      ...(filter.unitId === undefined ? {} : { unitId: filter.unitId }),
      ...(filter.status === undefined ? {} : { status: filter.status }),
      offset: filter.offset ?? 0,
      limit: filter.limit ?? 50,
    });
    return { items: rows.map(grantView), total };
  }

  /** "What if …": every grant still standing recomputed under changed parameters; nothing written. */
  async simulateReform(request: ReformRequest): Promise<Static<typeof ReformReportView>> {
    const { version, catalogue } = await this.options.plans.current();
    const base = await this.options.quotes.currentRuleBook();
    let changed;
    try {
      changed = reformRuleBook(catalogue.parameters, request.changes, `${version.id}+reform`);
    } catch (error) {
      throw new AppError('VALIDATION_FAILED', error instanceof Error ? error.message : String(error), 'changes');
    }
    const decisions: StoredDecisionInput[] = (await this.options.grants.standingInputs()).map((row) => ({
      ...(JSON.parse(row.input) as QuoteInput),
      unitId: row.unit_id,
    }));
    const report: ReformReport = simulateReform(decisionColumns(decisions), base, changed);
    return {
      ...report,
      byLine: [...report.byLine],
      byUnit: [...report.byUnit],
      byUnitAndLine: [...report.byUnitAndLine],
    };
  }

  /** Merchant staff grant only at their own merchants' units; reviewers anywhere. */
  private async checkScope(principal: Principal, unitId: string): Promise<void> {
    const { catalogue } = await this.options.plans.current();
    if (!catalogue.units.some((unit) => unit.id === unitId)) {
      throw new AppError('ORGANISATION_NOT_FOUND', `the plan has no implementing unit "${unitId}"`, 'unitId');
    }
    if (principal.roleNames.some((role) => !MERCHANT_ROLES.has(role))) return;
    const merchantIds = principal.roles
      .filter((role) => MERCHANT_ROLES.has(role.role) && role.organisation?.kind === 'merchant')
      .map((role) => role.organisation?.id ?? '');
    const merchants = await this.options.accounts.merchants(merchantIds);
    if (!merchants.some((merchant) => merchant.unit_id === unitId)) {
      throw new AppError('FORBIDDEN', `your merchants do not trade in unit "${unitId}"`, 'unitId');
    }
  }
}
