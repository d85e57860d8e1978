/**
 * Reimbursement claims (issue 12, docs/claims.md): a citizen (cars, elderly home adaptation) or a
 * company through its merchant organisation (first launch) applies with the line's facts; the engine
 * prices the application at once and the applicant reads why; evidence is uploaded (by content, kept
 * by hash); submitting sends it to the line's first stage with a deadline in working days. Stage
 * decisions and the money are in claim-review.ts, payouts in claim-payouts.ts.
 *
 * Scope: applicants see and change only their own claims; reviewers see the claims at the stages
 * their roles decide (a county officer only in their unit), auditors all; evidence is served to the
 * applicant and those reviewers only.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type {
  ClaimApplication,
  ClaimCreated,
  ClaimSettings,
  ClaimStageView,
  ClaimView,
  PayeeInput,
} from '../../contract/claims.js';
import type { AccountRepository } from '../../db/accounts-repository.js';
import type { ClaimRow, ClaimsRepository } from '../../db/claims-repository.js';
import type { Database } from '../../db/tables.js';
import type { GrantRepository } from '../../db/subsidy-repository.js';
import type { TradeInRepository } from '../../db/trade-in-repository.js';
import { businessDate } from '../../domain/budget/calendar.js';
import { factProblems, maskName, quoteInputOf, type ClaimHolders } from '../../domain/claims/facts.js';
import { CLAIM_REASONS } from '../../domain/claims/reasons.js';
import { CLAIM_STAGES, REQUIRED_EVIDENCE, stageDeadline, type ClaimStage } from '../../domain/claims/stages.js';
import { CLAIM_LINES, CLAIM_REASON_CODES, type ClaimLine } from '../../domain/claims/vocabulary.js';
import { fitsStage } from '../../domain/settlement/stages.js';
import { PERMISSIONS } from '../../domain/access/permissions.js';
import { evaluateQuote, explainDecision, type QuoteResult } from '../../domain/subsidy/index.js';
import { LINE_SPECS } from '../../domain/subsidy/lines.js';
import { goodsKeyOf } from '../../domain/trade-in/goods.js';
import { AppError } from '../../shared/errors.js';
import type { Principal } from '../accounts/account-service.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { BudgetService } from '../budget/budget-service.js';
import { auditContextOf, principalOf, type RequestContext } from '../context.js';
import { ContentStore } from '../files/content-store.js';
import { writeOnce, type WriteStore } from '../idempotent-write.js';
import type { PlanService } from '../plan/plan-service.js';
import type { PersonalDataCipher } from '../security/personal-data-cipher.js';
import type { QuoteService } from '../subsidy/quote-service.js';
import { alreadySubsidised, claimReference, normaliseAddress, normaliseVin, storedDecision } from './claim-pricing.js';
import { claimFacts, claimView, stageView } from './claim-views.js';

export { claimReference, storedDecision } from './claim-pricing.js';

export interface ClaimServiceOptions {
  readonly store: WriteStore;
  readonly repository: ClaimsRepository;
  readonly grants: GrantRepository;
  readonly goods: TradeInRepository;
  readonly accounts: AccountRepository;
  readonly budget: BudgetService;
  readonly quotes: QuoteService;
  readonly plans: PlanService;
  readonly audit: AuditLog;
  readonly cipher: PersonalDataCipher;
  readonly evidenceFolder: string;
  readonly now: () => Date;
}

/** Evidence files one claim keeps (a platform bound against filling the disk, not a policy number). */
export const MAX_EVIDENCE_FILES = 30;

export class ClaimService {
  readonly files: ContentStore;

  constructor(readonly options: ClaimServiceOptions) {
    this.files = new ContentStore(options.evidenceFolder);
  }

  today(): string {
    return businessDate(this.options.now());
  }

  // --------------------------------------------------------------------------------- stages

  /** The line's stages with the deadlines the plan in force sets (or the platform's defaults). */
  async stagesOf(line: ClaimLine): Promise<{ stages: readonly ClaimStage[]; views: ClaimStageView[] }> {
    const stages = CLAIM_STAGES[line];
    const { catalogue } = await this.options.plans.current();
    const today = this.today();
    const views = stages.map((stage) => {
      const parameter =
        stage.deadlineParameter === undefined
          ? undefined
          : (catalogue.parameters.find(
              (candidate) =>
                candidate.key === stage.deadlineParameter &&
                (candidate.effectiveFrom ?? '0000') <= today &&
                (candidate.effectiveTo ?? '9999') >= today,
            ) ?? catalogue.parameters.find((candidate) => candidate.key === stage.deadlineParameter));
      return stageView(stage, parameter === undefined ? stage.deadlineWorkingDays : Number(parameter.value));
    });
    return { stages, views };
  }

  async settings(): Promise<ClaimSettings> {
    const lines = [];
    for (const line of CLAIM_LINES) {
      const { views } = await this.stagesOf(line);
      lines.push({
        line,
        label: LINE_SPECS[line].label,
        labelEn: LINE_SPECS[line].labelEn,
        stages: views,
        requiredEvidence: [...REQUIRED_EVIDENCE[line]],
      });
    }
    return {
      lines,
      reasons: CLAIM_REASON_CODES.map((code) => ({
        code,
        label: CLAIM_REASONS[code].zh,
        labelEn: CLAIM_REASONS[code].en,
      })),
    };
  }

  /** The deadline of stage `index` of `line` when it starts today. */
  async deadline(line: ClaimLine, index: number): Promise<string | null> {
    const { views } = await this.stagesOf(line);
    const stage = views[index];
    return stage === undefined ? null : stageDeadline(this.today(), stage.deadlineWorkingDays).dueOn;
  }

  // ---------------------------------------------------------------------------------- views

  async view(row: ClaimRow): Promise<ClaimView> {
    return this.viewIn(row, await this.stageViewsOf([row.line]), this.options.store.db);
  }

  /** The stages of each line, read before a transaction (the plan read must not wait on it). */
  async stageViewsOf(lines: Iterable<ClaimLine>): Promise<Map<ClaimLine, ClaimStageView[]>> {
    const stages = new Map<ClaimLine, ClaimStageView[]>();
    for (const line of new Set(lines)) stages.set(line, (await this.stagesOf(line)).views);
    return stages;
  }

  /** One claim's view, read on `executor` (a write transaction's, so the view is the committed answer). */
  async viewIn(
    row: ClaimRow,
    stages: Map<ClaimLine, ClaimStageView[]>,
    executor: Kysely<Database>,
  ): Promise<ClaimView> {
    const [view] = await this.views([row], executor, stages);
    if (view === undefined) throw new Error('unreachable: one row, one view');
    return view;
  }

  async views(
    rows: readonly ClaimRow[],
    executor: Kysely<Database> = this.options.store.db,
    known?: Map<ClaimLine, ClaimStageView[]>,
  ): Promise<ClaimView[]> {
    const ids = rows.map((row) => row.id);
    const evidence = await this.options.repository.evidence(ids, executor);
    const reviews = await this.options.repository.reviews(ids, executor);
    const stages = known ?? (await this.stageViewsOf(rows.map((row) => row.line)));
    const today = this.today();
    return rows.map((row) => claimView(this.options.cipher, row, stages.get(row.line) ?? [], evidence, reviews, today));
  }

  // ---------------------------------------------------------------------------------- apply

  /** The holders' opaque keys: keyed hashes of the VINs and the dwelling, the company's merchant id. */
  holdersOf(applicantId: string, application: ClaimApplication): ClaimHolders & { oldCarKey?: string } {
    const { cipher } = this.options;
    return {
      applicantId,
      ...(application.newCar === undefined
        ? {}
        : { newCarId: cipher.lookup('vin', normaliseVin(application.newCar.vin)) }),
      ...(application.oldCar === undefined
        ? {}
        : { oldCarKey: cipher.lookup('vin', `old:${normaliseVin(application.oldCar.vin)}`) }),
      ...(application.dwelling === undefined
        ? {}
        : { dwellingId: cipher.lookup('dwelling', normaliseAddress(application.dwelling.address)) }),
      ...(application.merchantId === undefined ? {} : { entityId: `merchant:${application.merchantId}` }),
    };
  }

  /** Prices the application against the plan in force and everything already standing for its holders. */
  async price(applicantId: string, application: ClaimApplication, except: string): Promise<QuoteResult> {
    const holders = this.holdersOf(applicantId, application);
    const book = await this.options.quotes.currentRuleBook();
    const db = this.options.store.db;
    const history = [
      ...(await this.options.grants.history(db, holders)),
      ...(await this.options.repository.history(db, this.claimHolderKeys(holders), except)),
    ];
    const decided = explainDecision(evaluateQuote(book, quoteInputOf(application, holders), history));
    const vin = application.newCar?.vin;
    if (decided.eligible && vin !== undefined) {
      const subject = await this.options.goods.goodsSubject(goodsKeyOf(normaliseVin(vin)));
      if (subject !== undefined && subject !== `claim:${except}`) return alreadySubsidised(decided);
    }
    return decided;
  }

  claimHolderKeys(holders: ClaimHolders): {
    applicantId: string;
    newCarKey?: string;
    dwellingKey?: string;
    entityKey?: string;
  } {
    return {
      applicantId: holders.applicantId,
      ...(holders.newCarId === undefined ? {} : { newCarKey: holders.newCarId }),
      ...(holders.dwellingId === undefined ? {} : { dwellingKey: holders.dwellingId }),
      ...(holders.entityId === undefined ? {} : { entityKey: holders.entityId }),
    };
  }

  async apply(context: RequestContext, application: ClaimApplication): Promise<ClaimCreated> {
    const principal = principalOf(context);
    const { catalogue } = await this.options.plans.current();
    if (!catalogue.units.some((unit) => unit.id === application.unitId)) {
      throw new AppError('UNIT_NOT_FOUND', `the plan has no implementing unit "${application.unitId}"`, 'unitId');
    }
    const [problem] = factProblems(application, this.today());
    if (problem !== undefined) throw new AppError('VALIDATION_FAILED', problem.message, problem.field);
    const applicant = await this.applicantOf(principal, application);
    if (application.payee !== undefined) this.checkPayee(application.payee, applicant.name);
    const id = randomUUID();
    const decision = await this.price(principal.accountId, application, id);
    const holders = this.holdersOf(principal.accountId, application);
    const at = this.options.now().toISOString();
    const stages = await this.stageViewsOf([application.line]);
    return writeOnce(this.options.store, context.idempotency, async (trx) => {
      const inserted = {
        id,
        reference: claimReference(application.line, id),
        line: application.line,
        unit_id: application.unitId,
        applicant_id: principal.accountId,
        applicant_name: maskName(applicant.name),
        merchant_id: application.merchantId ?? null,
        state: 'draft' as const,
        stage_index: null,
        due_on: null,
        facts_cipher: this.options.cipher.encrypt(JSON.stringify({ ...application, payee: undefined })),
        new_car_key: holders.newCarId ?? null,
        old_car_key: holders.oldCarKey ?? null,
        dwelling_key: holders.dwellingId ?? null,
        entity_key: holders.entityId ?? null,
        subsidy_fen: decision.subsidyFen,
        eligible: decision.eligible ? 1 : 0,
        decision: JSON.stringify(storedDecision(decision)),
        rule_date: decision.ruleDate ?? '',
        pool_id: null,
        hold_id: null,
        ...this.payeeColumns(application.payee),
        payout_batch_id: null,
        payout_failure: null,
        top_up_of: null,
        created_at: at,
        submitted_at: null,
        decided_at: null,
        updated_at: at,
      };
      await this.options.repository.insert(trx, inserted);
      await this.options.audit.append(trx, auditContextOf(context), {
        action: 'claim.create',
        subject: `claim:${id}`,
        after: {
          line: inserted.line,
          unitId: inserted.unit_id,
          merchantId: inserted.merchant_id,
          subsidyFen: inserted.subsidy_fen,
          eligible: decision.eligible,
          parameterVersion: decision.parameterVersion,
        },
      });
      const claim = await this.viewIn((await this.options.repository.find(id, trx)) as ClaimRow, stages, trx);
      return { id: claim.id, state: claim.state, subsidyFen: claim.subsidyFen, explanation: claim.explanation, claim };
    });
  }

  /** Who applies: a citizen for themselves; for first launch, the owner of the named merchant. */
  private async applicantOf(principal: Principal, application: ClaimApplication): Promise<{ name: string }> {
    if (application.line === 'first_launch') {
      const merchantId = application.merchantId ?? '';
      // The owner's role for that very merchant: another role (a citizen's, say) never widens it.
      const owned = principal.roles.some(
        (role) =>
          role.role === 'merchant_owner' &&
          role.organisation?.kind === 'merchant' &&
          role.organisation.id === merchantId,
      );
      if (!owned) {
        throw new AppError('FORBIDDEN', `you do not run merchant ${merchantId}`, 'merchantId');
      }
      const merchant = await this.options.accounts.findMerchant(merchantId);
      if (merchant === undefined) throw new AppError('MERCHANT_NOT_FOUND', `no merchant ${merchantId}`, 'merchantId');
      return { name: merchant.name };
    }
    if (principal.kind !== 'citizen' || !principal.roleNames.includes('citizen')) {
      throw new AppError('FORBIDDEN', `a ${LINE_SPECS[application.line].labelEn} claim is made by the citizen`, 'line');
    }
    return { name: principal.name };
  }

  private checkPayee(payee: PayeeInput, name: string): void {
    const same = (value: string) => value.normalize('NFKC').replace(/\s+/g, '');
    if (same(payee.name) !== same(name)) {
      throw new AppError(
        'PAYEE_NAME_MISMATCH',
        'the account must be in the applicant’s own name (or the company’s): payouts go to no one else',
        'payee.name',
      );
    }
  }

  payeeColumns(payee: PayeeInput | undefined): {
    payee_name: string | null;
    payee_bank: string | null;
    payee_account_cipher: string | null;
    payee_account_last4: string | null;
  } {
    if (payee === undefined)
      return { payee_name: null, payee_bank: null, payee_account_cipher: null, payee_account_last4: null };
    const account = payee.bankAccount.replace(/ /g, '');
    if (!/^\d{12,30}$/.test(account)) {
      throw new AppError('VALIDATION_FAILED', 'bankAccount must be 12 to 30 digits', 'payee.bankAccount');
    }
    return {
      payee_name: payee.name,
      payee_bank: payee.bankName,
      payee_account_cipher: this.options.cipher.encrypt(account),
      payee_account_last4: account.slice(-4),
    };
  }

  // --------------------------------------------------------------------------------- submit

  async submit(context: RequestContext, id: string): Promise<ClaimView> {
    const principal = principalOf(context);
    const row = await this.requireOwn(principal, id);
    if (row.state !== 'draft' && row.state !== 'returned') {
      throw new AppError('CLAIM_NOT_EDITABLE', `claim ${id} is ${row.state}: it has been submitted`, 'id');
    }
    if (row.payee_name === null) {
      throw new AppError('CLAIM_PAYEE_REQUIRED', 'add the account the subsidy is paid into (your own)', 'payee');
    }
    const present = new Set((await this.options.repository.evidence([id])).map((item) => item.kind));
    const missing = REQUIRED_EVIDENCE[row.line].filter((kind) => !present.has(kind));
    if (missing.length > 0) {
      throw new AppError('CLAIM_EVIDENCE_MISSING', `upload the ${missing.join(', ')} first`, missing.join(','));
    }
    // A draft is priced again (the plan or the holders' other claims may have changed since).
    const decision =
      row.state === 'draft' && row.top_up_of === null
        ? await this.price(row.applicant_id, claimFacts(this.options.cipher, row), id)
        : null;
    if (decision !== null && !decision.eligible) {
      throw new AppError('CLAIM_NOT_ELIGIBLE', decision.explanation, 'line');
    }
    // A returned claim goes back to the stage that returned it, with that stage's full time again.
    const index = row.state === 'returned' ? (row.stage_index ?? 0) : 0;
    const dueOn = await this.deadline(row.line, index);
    const at = this.options.now().toISOString();
    const stages = await this.stageViewsOf([row.line]);
    return writeOnce(this.options.store, context.idempotency, async (trx) => {
      const moved = await this.options.repository.advance(
        trx,
        id,
        { state: row.state },
        {
          state: 'reviewing',
          stage_index: index,
          due_on: dueOn,
          submitted_at: at,
          updated_at: at,
          ...(decision === null
            ? {}
            : {
                subsidy_fen: decision.subsidyFen,
                eligible: 1,
                decision: JSON.stringify(storedDecision(decision)),
                rule_date: decision.ruleDate ?? row.rule_date,
              }),
        },
      );
      if (!moved) throw new AppError('CLAIM_NOT_EDITABLE', `claim ${id} changed meanwhile`, 'id');
      await this.options.audit.append(trx, auditContextOf(context), {
        action: row.state === 'returned' ? 'claim.resubmit' : 'claim.submit',
        subject: `claim:${id}`,
        before: { state: row.state },
        after: { state: 'reviewing', stage: CLAIM_STAGES[row.line][index]?.id ?? null, dueOn },
      });
      return this.viewIn((await this.options.repository.find(id, trx)) as ClaimRow, stages, trx);
    });
  }

  /** After a failed payout: the applicant corrects the account, and the claim waits for the next batch. */
  async correctPayee(context: RequestContext, id: string, payee: PayeeInput): Promise<ClaimView> {
    const principal = principalOf(context);
    const row = await this.requireOwn(principal, id);
    const editable = row.state === 'draft' || row.state === 'payout_failed';
    if (!editable) {
      throw new AppError('CLAIM_PAYEE_LOCKED', `claim ${id} is ${row.state}: its account is fixed`, 'payee');
    }
    const applicant = await this.applicantOf(principal, claimFacts(this.options.cipher, row));
    this.checkPayee(payee, applicant.name);
    const columns = this.payeeColumns(payee);
    const at = this.options.now().toISOString();
    const stages = await this.stageViewsOf([row.line]);
    return writeOnce(this.options.store, context.idempotency, async (trx) => {
      const next = row.state === 'payout_failed' ? { state: 'approved' as const, payout_batch_id: null } : {};
      const moved = await this.options.repository.advance(
        trx,
        id,
        { state: row.state },
        {
          ...columns,
          ...next,
          updated_at: at,
        },
      );
      if (!moved) throw new AppError('CLAIM_PAYEE_LOCKED', `claim ${id} changed meanwhile`, 'payee');
      await this.options.audit.append(trx, auditContextOf(context), {
        action: 'claim.payee_set',
        subject: `claim:${id}`,
        before: {
          state: row.state,
          bankAccount: row.payee_account_last4 === null ? null : `****${row.payee_account_last4}`,
        },
        after: { state: next.state ?? row.state, bankAccount: `****${columns.payee_account_last4 ?? ''}` },
      });
      return this.viewIn((await this.options.repository.find(id, trx)) as ClaimRow, stages, trx);
    });
  }

  async requireOwn(principal: Principal, id: string): Promise<ClaimRow> {
    const row = await this.options.repository.find(id);
    if (row === undefined || row.applicant_id !== principal.accountId) {
      throw new AppError('CLAIM_NOT_FOUND', `you have no claim ${id}`, 'id');
    }
    return row;
  }

  /** The applicant, a reviewer of one of its line's stages in scope, or an auditor. */
  async requireVisible(principal: Principal, id: string): Promise<ClaimRow> {
    const row = await this.options.repository.find(id);
    if (row === undefined) throw new AppError('CLAIM_NOT_FOUND', `no claim ${id}`, 'id');
    if (row.applicant_id === principal.accountId) return row;
    // Nobody else learns that a claim exists unless they may read claims; a draft is the applicant's alone.
    const reader = principal.roleNames.some((role) =>
      (PERMISSIONS['claims.read'].roles as readonly string[]).includes(role),
    );
    if (!reader || row.state === 'draft') throw new AppError('CLAIM_NOT_FOUND', `no claim ${id}`, 'id');
    if (principal.roleNames.includes('auditor') || principal.roleNames.includes('reviewer')) return row;
    if (CLAIM_STAGES[row.line].some((stage) => fitsStage(principal.roles, stage, row.unit_id))) return row;
    throw new AppError('FORBIDDEN', `claim ${id} is outside your scope`, 'id');
  }
}
