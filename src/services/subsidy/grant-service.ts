/**
 * Granting subsidies (issue 4, part 2): one purchase or claim is judged against the plan version in
 * force and the applicant's earlier grants, and the money is reserved from the budget pool, in one
 * database transaction. The holders' quota locks are taken first, so two grants for one person (or
 * dwelling, entity, new car) decide one after the other on any number of app processes; the pool's
 * conditional update decides the money. Either everything is written (hold, grant, audit entry, and the
 * request's idempotency record with its answer) or nothing is.
 *
 * Expected outcomes are values: not eligible (with reasons) is `granted: false`. A pool that cannot
 * pay is an error with its stable code (BUDGET_EXHAUSTED, POOL_PAUSED), nothing written.
 *
 * Scope is decided by the roles that carry `subsidy.grant` (services/access.ts): a reviewer grants in any
 * unit; merchant staff only through their own merchants, in those merchants' units, and take returns only
 * of what their merchants sold. Nobody grants to, or returns for, themselves.
 */
import { randomUUID } from 'node:crypto';
import type { AccountRepository, MerchantRow } from '../../db/accounts-repository.js';
import type { GrantRepository } from '../../db/subsidy-repository.js';
import { type GrantRow, type Holders } from '../../db/subsidy-repository.js';
import { poolIdOf } from '../../domain/budget/types.js';
import { personalDataIn } from '../../domain/identity/index.js';
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
import type { GrantOutcome, GrantRequest, GrantView, ReformReportView, ReformRequest } from '../../contract/subsidy.js';
import type { Static } from 'typebox';
import { AppError } from '../../shared/errors.js';
import { organisationsCarrying, reaches, refuseOwnCase, requireAccess } from '../access.js';
import type { Principal } from '../accounts/account-service.js';
import type { AuditLog } from '../audit/audit-log.js';
import { refusalError, type BudgetService } from '../budget/budget-service.js';
import { auditContextOf, principalOf, type RequestContext } from '../context.js';
import { writeOnce, type WriteStore } from '../idempotent-write.js';
import type { PlanService } from '../plan/plan-service.js';
import type { QuoteService } from './quote-service.js';

export function grantView(row: GrantRow): GrantView {
  return {
    id: row.id,
    line: row.line as SubsidyLine,
    category: row.category,
    unitId: row.unit_id,
    merchantId: row.merchant_id,
    poolId: row.pool_id,
    holdId: row.hold_id,
    applicantId: row.applicant_id,
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
  readonly store: WriteStore;
  readonly grants: GrantRepository;
  readonly accounts: AccountRepository;
  readonly budget: BudgetService;
  readonly quotes: QuoteService;
  readonly plans: PlanService;
  readonly audit: AuditLog;
  readonly now: () => Date;
}

/** Holder ids that must be opaque keys: a raw ID number or mobile number there would be stored in clear. */
const OPAQUE_HOLDERS = ['dwellingId', 'entityId', 'newCarId'] as const;

/**
 * Whether the caller may grant without a merchant, and so for any merchant: a reviewer (their role is
 * not bounded by merchants); merchant staff reach only the grants of their own merchants.
 */
function grantsAnywhere(principal: Principal): boolean {
  return reaches(principal, 'subsidy.grant', { merchantId: null });
}

export class GrantService {
  constructor(private readonly options: GrantServiceOptions) {}

  async grant(context: RequestContext, request: GrantRequest): Promise<GrantOutcome> {
    const { grants, budget, quotes, audit, now } = this.options;
    const principal = principalOf(context);
    if (request.purchase.applicantId !== undefined) {
      throw new AppError(
        'VALIDATION_FAILED',
        'purchase.applicantId is set from applicantId; do not send it',
        'purchase.applicantId',
      );
    }
    for (const holder of OPAQUE_HOLDERS) {
      const value = request.purchase[holder];
      const found = value === undefined ? null : personalDataIn(value);
      if (found !== null) {
        throw new AppError(
          'PERSONAL_DATA_NOT_ALLOWED',
          `purchase.${holder} holds ${found === 'id_number' ? 'an ID number' : 'a mobile number'}: send an opaque key that reveals no one`,
          `purchase.${holder}`,
        );
      }
    }
    await this.requireUnit(request.unitId);
    refuseOwnCase(principal, request.applicantId, 'subsidy');
    const merchantId = await this.merchantFor(principal, request.unitId, request.merchantId);
    const applicant = await this.options.accounts.findById(request.applicantId);
    if (applicant === undefined || applicant.kind !== 'citizen') {
      throw new AppError('ACCOUNT_NOT_FOUND', `no citizen account ${request.applicantId}`, 'applicantId');
    }
    if (applicant.status !== 'active') {
      throw new AppError('APPLICANT_DISABLED', `the account ${request.applicantId} is disabled`, 'applicantId');
    }
    const input: QuoteInput = { ...request.purchase, applicantId: applicant.id };
    const holders: Holders = {
      applicantId: input.applicantId,
      dwellingId: input.dwellingId,
      entityId: input.entityId,
      newCarId: input.newCarId,
    };
    // Read outside the transaction: on SQLite the plan read would wait for the transaction's connection.
    const book = await quotes.currentRuleBook();
    const poolId = poolIdOf({ line: request.purchase.line, unitId: request.unitId, source: request.source });
    await budget.getPool(poolId);
    return writeOnce(this.options.store, context.idempotency, async (trx) => {
      await grants.lockHolders(trx, holders);
      const decision = evaluateQuote(book, input, await grants.history(trx, holders));
      const explained = explainDecision(decision);
      if (!decision.eligible) return { granted: false, grant: null, decision: explained };
      const id = randomUUID();
      const hold = await budget.hold(trx, context, poolId, {
        amountFen: decision.subsidyFen,
        idempotencyKey: `grant:${id}`,
        reference: `grant:${id}`,
      });
      if (!hold.ok) throw refusalError(hold.refusal);
      const row: GrantRow = {
        id,
        line: request.purchase.line,
        category: request.purchase.category ?? null,
        unit_id: request.unitId,
        merchant_id: merchantId,
        pool_id: poolId,
        hold_id: hold.hold.id,
        applicant_id: holders.applicantId ?? null,
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
      await audit.append(trx, auditContextOf(context), {
        action: 'subsidy.grant',
        subject: `grant:${id}`,
        after: {
          line: row.line,
          category: row.category,
          unitId: row.unit_id,
          merchantId: row.merchant_id,
          applicantId: row.applicant_id,
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
  async returnGrant(context: RequestContext, id: string, reason: string): Promise<GrantView> {
    const { grants, budget, audit, now } = this.options;
    const existing = await grants.find(id);
    if (existing === undefined) throw new AppError('GRANT_NOT_FOUND', `no subsidy grant ${id}`, 'id');
    const principal = requireAccess(
      context,
      'subsidy.grant',
      { merchantId: existing.merchant_id },
      { message: `subsidy grant ${id} was not made by one of your merchants`, field: 'id' },
    );
    refuseOwnCase(principal, existing.applicant_id, 'subsidy');
    return writeOnce(this.options.store, context.idempotency, async (trx) => {
      if (!(await grants.markReversed(trx, id, now().toISOString()))) {
        throw new AppError('GRANT_NOT_GRANTED', `subsidy grant ${id} has already been returned`, 'id');
      }
      // Read inside the transaction: whether the money is still only held decides release or return.
      const hold = await budget.getHold(existing.hold_id, trx);
      const reference = `return:${id}`;
      const outcome =
        hold.status === 'held'
          ? await budget.release(trx, context, existing.hold_id, { reference })
          : await budget.reverse(trx, context, existing.hold_id, { idempotencyKey: reference, reference });
      if (!outcome.ok) throw refusalError(outcome.refusal);
      await audit.append(trx, auditContextOf(context), {
        action: 'subsidy.return',
        subject: `grant:${id}`,
        before: { status: 'granted', subsidyFen: Number(existing.subsidy_fen) },
        after: { status: 'reversed', reason, money: hold.status === 'held' ? 'released' : 'returned to pool' },
      });
      const row = await grants.find(id, trx);
      if (row === undefined) throw new AppError('GRANT_NOT_FOUND', `no subsidy grant ${id}`, 'id');
      return grantView(row);
    });
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
      ...(filter.applicantId === undefined ? {} : { applicantId: filter.applicantId }),
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
    const changes = request.changes.map((change, index) => {
      if ((change.id === undefined) === (change.key === undefined)) {
        throw new AppError('VALIDATION_FAILED', `changes[${index}] must name either id or key`, `changes[${index}]`);
      }
      return change.id === undefined
        ? { key: change.key ?? '', value: change.value }
        : { id: change.id, value: change.value };
    });
    let changed;
    try {
      changed = reformRuleBook(catalogue.parameters, changes, `${version.id}+reform`);
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

  private async requireUnit(unitId: string): Promise<void> {
    const { catalogue } = await this.options.plans.current();
    if (!catalogue.units.some((unit) => unit.id === unitId)) {
      throw new AppError('UNIT_NOT_FOUND', `the plan has no implementing unit "${unitId}"`, 'unitId');
    }
  }

  /**
   * The merchant a grant is made through. Reviewers may name one (or none); merchant staff grant through
   * one of their own merchants in the grant's unit: named, or the only one they have there.
   */
  private async merchantFor(
    principal: Principal,
    unitId: string,
    merchantId: string | undefined,
  ): Promise<string | null> {
    let named: MerchantRow | undefined;
    if (merchantId !== undefined) {
      [named] = await this.options.accounts.merchants([merchantId]);
      if (named === undefined) throw new AppError('MERCHANT_NOT_FOUND', `no merchant ${merchantId}`, 'merchantId');
      if (named.unit_id !== unitId) {
        throw new AppError(
          'VALIDATION_FAILED',
          `merchant ${merchantId} trades in unit "${named.unit_id}", not "${unitId}"`,
          'merchantId',
        );
      }
    }
    if (named !== undefined) {
      if (!reaches(principal, 'subsidy.grant', { merchantId: named.id })) {
        throw new AppError('FORBIDDEN', `merchant ${named.id} is not one of your merchants`, 'merchantId');
      }
      return named.id;
    }
    if (grantsAnywhere(principal)) return null;
    const own = organisationsCarrying(principal, 'subsidy.grant', 'merchant');
    const inUnit = (await this.options.accounts.merchants(own)).filter((merchant) => merchant.unit_id === unitId);
    const only = inUnit[0];
    if (only === undefined)
      throw new AppError('FORBIDDEN', `your merchants do not trade in unit "${unitId}"`, 'unitId');
    if (inUnit.length > 1) {
      throw new AppError(
        'VALIDATION_FAILED',
        `you work for ${inUnit.length} merchants in unit "${unitId}": say which one sold this (merchantId)`,
        'merchantId',
      );
    }
    return only.id;
  }
}
