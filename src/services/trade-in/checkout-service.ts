/**
 * Checkout (支付立减, issue 11 §3–4): at the till a cashier reads the citizen's qualification code, keys
 * the product and the invoice, and the platform decides, holds and uses the qualification in one
 * transaction: the engine prices the purchase against the plan, each funding source's pool holds its
 * share, the goods register takes the serial number (once on the whole platform), the qualification
 * is used, the redemption and its audit entry are written. A retry with the same Idempotency-Key
 * answers the first answer. Returns give the subsidy back: released while unsettled, clawed back from
 * the merchant's next settlement once paid (a ledger reversal, never an edit).
 */
import { randomUUID } from 'node:crypto';
import type { AccountRepository } from '../../db/accounts-repository.js';
import type { RedemptionRow, ShareRow, TradeInRepository } from '../../db/trade-in-repository.js';
import type {
  FiguresQuery,
  FiguresView,
  RedemptionList,
  RedemptionListQuery,
  RedemptionRequest,
  RedemptionView,
  ReturnRequest,
  ReturnView,
  TradeInLine,
} from '../../contract/trade-in.js';
import { poolIdOf, type FundingSource } from '../../domain/budget/types.js';
import { evaluateQuote } from '../../domain/subsidy/index.js';
import { addDays, chinaDay } from '../../domain/trade-in/calendar.js';
import { splitFunding } from '../../domain/trade-in/funding.js';
import { goodsKeyOf, IMEI_CATEGORIES, isValidImei, normaliseSerial } from '../../domain/trade-in/goods.js';
import { buyerIsCitizen, companyBuyer } from '../../domain/trade-in/invoice.js';
import { AppError } from '../../shared/errors.js';
import { timeOrderedId } from '../../shared/time-ordered-id.js';
import { organisationsCarrying, reaches, refuseOwnCase, requireAccess } from '../access.js';
import type { Principal } from '../accounts/account-service.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { SecurityLog } from '../audit/security-log.js';
import { refusalError, type BudgetService } from '../budget/budget-service.js';
import { auditContextOf, principalOf, type RequestContext } from '../context.js';
import { writeOnce, type WriteStore } from '../idempotent-write.js';
import type { PersonalDataCipher } from '../security/personal-data-cipher.js';
import type { QuoteService } from '../subsidy/quote-service.js';
import { CheckoutBatcher } from './checkout-batcher.js';
import {
  asGranted,
  goodsSubsidised,
  holdKeyOf,
  invoiceUsed,
  priceCheckout,
  qualificationUsed,
  redeemAuditRecord,
  redemptionRowOf,
  type Names,
  type PreparedCheckout,
} from './checkout-decision.js';
import type { MembershipService } from './membership-service.js';
import type { QualificationService } from './qualification-service.js';

export interface CheckoutServiceOptions {
  readonly store: WriteStore;
  readonly repository: TradeInRepository;
  readonly accounts: AccountRepository;
  readonly budget: BudgetService;
  readonly quotes: QuoteService;
  readonly qualifications: QualificationService;
  readonly memberships: MembershipService;
  readonly audit: AuditLog;
  readonly security: SecurityLog;
  readonly cipher: PersonalDataCipher;
  readonly now: () => Date;
  /** Days after a sale within which the merchant takes a return (HUIMIN_TRADE_IN_RETURN_DAYS). */
  readonly returnWindowDays: number;
  /** At most this many checkouts in one batch (128). */
  readonly maxCheckoutBatch?: number;
}

function maskName(name: string): string {
  const characters = [...name.trim()];
  if (characters.length <= 1) return '*';
  return `${characters[0] ?? ''}${'*'.repeat(characters.length - 1)}`;
}

function maskSerial(serial: string): string {
  return serial.length <= 4 ? '****' : `${'*'.repeat(serial.length - 4)}${serial.slice(-4)}`;
}

export class CheckoutService {
  /** Gathers concurrent checkouts into one write transaction per batch. */
  readonly batcher: CheckoutBatcher;

  constructor(private readonly options: CheckoutServiceOptions) {
    this.batcher = new CheckoutBatcher({
      store: options.store,
      repository: options.repository,
      holds: options.budget.batcher,
      audit: options.audit,
      view: (prepared, row, shares) => this.viewOf(row, prepared.principal, shares, prepared.names),
      alone: (prepared) => this.redeemAlone(prepared),
      ...(options.maxCheckoutBatch === undefined ? {} : { maxBatch: options.maxCheckoutBatch }),
    });
  }

  /** The names a view shows, read before any write transaction (SQLite has one connection). */
  async namesOf(row: Pick<RedemptionRow, 'merchant_id' | 'citizen_id'>): Promise<Names> {
    const [merchant] = await this.options.accounts.merchants([row.merchant_id]);
    const citizen = await this.options.accounts.findById(row.citizen_id);
    return { merchantName: merchant?.name ?? row.merchant_id, citizenName: citizen?.name ?? '' };
  }

  async view(row: RedemptionRow, principal: Principal | null, shares?: readonly ShareRow[]): Promise<RedemptionView> {
    return this.viewOf(
      row,
      principal,
      shares ?? (await this.options.repository.sharesOf([row.id])),
      await this.namesOf(row),
    );
  }

  viewOf(row: RedemptionRow, principal: Principal | null, shares: readonly ShareRow[], names: Names): RedemptionView {
    const ownSale =
      principal === null ||
      principal.accountId === row.citizen_id ||
      !principal.roleNames.every((role) => role === 'merchant_owner' || role === 'merchant_cashier') ||
      reaches(principal, 'trade_in.redeem', { merchantId: row.merchant_id });
    const subsidy = Number(row.subsidy_fen);
    const price = Number(row.final_price_fen) - Number(row.returned_price_fen);
    return {
      id: row.id,
      line: row.line as TradeInLine,
      category: row.category,
      merchantId: row.merchant_id,
      merchantName: names.merchantName,
      unitId: row.unit_id,
      qualificationId: row.qualification_id,
      citizenId: row.citizen_id,
      citizenName: maskName(names.citizenName),
      model: row.model,
      serialNumber: ownSale ? row.serial_number : maskSerial(row.serial_number),
      efficiencyGrade: row.efficiency_grade,
      finalPriceFen: Number(row.final_price_fen),
      subsidyFen: subsidy,
      payFen: price - subsidy,
      returnedPriceFen: Number(row.returned_price_fen),
      invoiceNumber: row.invoice_number,
      explanation: row.explanation,
      explanationEn: row.explanation_en,
      clause: row.clause,
      parameterVersion: row.parameter_version,
      state: row.state,
      shares: shares.map((share) => ({
        source: share.source as FundingSource,
        poolId: share.pool_id,
        holdId: share.hold_id,
        amountFen: Number(share.amount_fen),
      })),
      settlementId: row.settlement_id,
      cashierId: row.cashier_id,
      createdAt: row.created_at,
    };
  }

  /**
   * A checkout: every check that needs no lock is made here, then the checkout joins the next batch
   * (checkout-batcher.ts), which decides it under the locks in arrival order and answers it once the
   * batch has committed.
   */
  async redeem(context: RequestContext, request: RedemptionRequest): Promise<RedemptionView> {
    const prepared = await this.prepare(context, request);
    try {
      return await this.batcher.submit(prepared);
    } catch (error) {
      if (error instanceof AppError && error.code === 'GOODS_ALREADY_SUBSIDISED') {
        // Staff (auditors) see which earlier redemption took the goods; the till does not.
        const { principal } = prepared;
        const earlier = await this.options.repository.goodsSubject(prepared.goodsKey);
        await this.options.security.record(
          {
            actor: principal.accountId,
            role: principal.roleNames[0] ?? 'merchant_cashier',
            requestId: context.requestId,
          },
          {
            action: 'trade_in.goods_refused',
            subject: `merchant:${prepared.merchantId}`,
            details: {
              goodsKey: prepared.goodsKey,
              earlier: earlier ?? null,
              qualificationId: prepared.qualificationId,
            },
          },
        );
      }
      throw error;
    }
  }

  /** The checks of a checkout that need no lock, and what its transaction will decide on. */
  async prepare(context: RequestContext, request: RedemptionRequest): Promise<PreparedCheckout> {
    const { qualifications } = this.options;
    const principal = principalOf(context);
    const now = this.options.now();
    const nowIso = now.toISOString();
    const day = chinaDay(now);
    const merchantId = this.merchantOf(principal, request.merchantId);
    const qualification = await qualifications.resolveCode(request.qualificationCode);
    refuseOwnCase(principal, qualification.citizen_id, 'purchase');
    if (qualification.state === 'used') throw qualificationUsed();
    if (qualification.state === 'expired' || qualification.valid_until <= nowIso) {
      throw new AppError(
        'QUALIFICATION_EXPIRED',
        'this qualification has expired; the citizen may claim a new one',
        'qualificationCode',
      );
    }
    const product = request.product;
    if (product.category !== qualification.category) {
      throw new AppError(
        'QUALIFICATION_CATEGORY_MISMATCH',
        `the qualification is for ${qualification.category}, the product is ${product.category}`,
        'product.category',
      );
    }
    const serial = normaliseSerial(product.serialNumber);
    if (IMEI_CATEGORIES.has(product.category) && !isValidImei(serial)) {
      throw new AppError(
        'VALIDATION_FAILED',
        'a phone’s serial number is its 15-digit IMEI (check digit wrong)',
        'product.serialNumber',
      );
    }
    const line = qualification.line as TradeInLine;
    const unitId = await this.options.memberships.requireMember(merchantId, line, request.unitId, product.category);
    const citizen = await this.options.accounts.findById(qualification.citizen_id);
    if (citizen === undefined || citizen.status !== 'active') {
      throw new AppError('APPLICANT_DISABLED', 'the citizen’s account is not active', 'qualificationCode');
    }
    const company = companyBuyer(request.invoice.buyerName, request.invoice.buyerTaxId);
    if (company !== null) {
      throw new AppError('INVOICE_TO_COMPANY', `以旧换新补贴只补给个人：${company}`, 'invoice.buyerName');
    }
    if (!buyerIsCitizen(request.invoice.buyerName, citizen.name)) {
      throw new AppError('INVOICE_BUYER_MISMATCH', '发票购买方须为领取补贴资格的市民本人', 'invoice.buyerName');
    }
    if (request.invoice.amountFen !== product.finalPriceFen) {
      throw new AppError(
        'INVOICE_AMOUNT_MISMATCH',
        `the invoice total (${request.invoice.amountFen} fen) must be the final price (${product.finalPriceFen} fen): what the citizen pays plus the subsidy`,
        'invoice.amountFen',
      );
    }
    const book = await this.options.quotes.currentRuleBook();
    const rules = await qualifications.rulesOn(day);
    // The citizen was read above: only the merchant's name is left to read.
    const merchant = await this.options.accounts.findMerchant(merchantId);
    return {
      context,
      principal,
      // Time-ordered: a batch's redemptions and their shares land on one or two pages of their keys' indexes.
      id: timeOrderedId(),
      nowIso,
      day,
      merchantId,
      unitId,
      line,
      qualificationId: qualification.id,
      citizenId: citizen.id,
      product,
      serial,
      goodsKey: goodsKeyOf(serial),
      invoice: request.invoice,
      invoiceBuyerCipher: this.options.cipher.encrypt(request.invoice.buyerName),
      deviceId: request.deviceId ?? null,
      book,
      centralShareBp: rules.centralShareBp,
      poolIds: new Map<FundingSource, string>(
        (['central', 'city'] as const).map((source) => [source, poolIdOf({ line, unitId, source })]),
      ),
      names: { merchantName: merchant?.name ?? merchantId, citizenName: citizen.name },
    };
  }

  /**
   * One checkout in a write transaction of its own, decided by conditional statements (the single
   * path): what a batch that could not be written falls back to, checkout by checkout.
   */
  private async redeemAlone(prepared: PreparedCheckout): Promise<RedemptionView> {
    const { repository, budget, audit, store } = this.options;
    const { context, id, nowIso } = prepared;
    return writeOnce(store, context.idempotency, async (trx) => {
      await repository.lockHolder(trx, `applicant:${prepared.citizenId}`);
      if (!(await repository.useQualification(trx, prepared.qualificationId, id, nowIso))) throw qualificationUsed();
      if (await repository.invoiceUsed(trx, prepared.merchantId, prepared.invoice.number)) {
        throw invoiceUsed(prepared.invoice.number);
      }
      if (!(await repository.registerGoods(trx, prepared.goodsKey, `redemption:${id}`, nowIso))) {
        throw goodsSubsidised();
      }
      const history = (await repository.redemptionsOfCitizen(trx, prepared.citizenId)).map(asGranted);
      const priced = priceCheckout(prepared, history);
      const shareRows: ShareRow[] = [];
      for (const share of priced.shares) {
        const poolId = prepared.poolIds.get(share.source) ?? '';
        const { key, reference } = holdKeyOf(prepared, share.source);
        const hold = await budget.hold(trx, context, poolId, {
          amountFen: share.amountFen,
          idempotencyKey: key,
          reference,
        });
        if (!hold.ok) throw refusalError(hold.refusal);
        shareRows.push({
          redemption_id: id,
          source: share.source,
          pool_id: poolId,
          hold_id: hold.hold.id,
          amount_fen: share.amountFen,
        });
      }
      const row = redemptionRowOf(prepared, priced);
      await repository.insertRedemption(trx, row, shareRows);
      await audit.append(trx, auditContextOf(context), redeemAuditRecord(row, shareRows));
      return this.viewOf(row, prepared.principal, shareRows, prepared.names);
    });
  }

  /** A return, full or partial, by the selling merchant within the return window. */
  async returnGoods(context: RequestContext, id: string, request: ReturnRequest): Promise<ReturnView> {
    const { repository, budget, audit, store, qualifications } = this.options;
    const existing = await repository.findRedemption(id);
    if (existing === undefined) throw new AppError('REDEMPTION_NOT_FOUND', `no redemption ${id}`, 'id');
    const principal = requireAccess(
      context,
      'trade_in.redeem',
      { merchantId: existing.merchant_id },
      { message: `redemption ${id} was not sold by one of your merchants`, field: 'id' },
    );
    refuseOwnCase(principal, existing.citizen_id, 'purchase');
    const now = this.options.now();
    const nowIso = now.toISOString();
    if (chinaDay(now) > addDays(existing.day, this.options.returnWindowDays)) {
      throw new AppError(
        'RETURN_WINDOW_CLOSED',
        `the return window of ${this.options.returnWindowDays} days after ${existing.day} has closed`,
        'id',
      );
    }
    if (existing.state === 'returned') {
      throw new AppError('REDEMPTION_RETURNED', `redemption ${id} has already been returned in full`, 'id');
    }
    const finalPrice = Number(existing.final_price_fen);
    const alreadyReturned = Number(existing.returned_price_fen);
    const remaining = finalPrice - alreadyReturned;
    const returned = request.returnedPriceFen ?? remaining;
    if (returned <= 0 || returned > remaining) {
      throw new AppError(
        'VALIDATION_FAILED',
        `returnedPriceFen must be 1 to ${remaining} fen (the part of the price not yet returned)`,
        'returnedPriceFen',
      );
    }
    const keptPrice = remaining - returned;
    const oldSubsidy = Number(existing.subsidy_fen);
    let newSubsidy = 0;
    if (keptPrice > 0) {
      const book = await this.options.quotes.currentRuleBook();
      const decision = evaluateQuote(book, {
        line: existing.line as TradeInLine,
        category: existing.category,
        finalPriceFen: keptPrice,
        purchaseDate: existing.day,
        ...(existing.efficiency_grade === null ? {} : { efficiencyGrade: existing.efficiency_grade }),
      });
      newSubsidy = decision.eligible ? Math.min(decision.subsidyFen, oldSubsidy) : 0;
    }
    const subsidyBack = oldSubsidy - newSubsidy;
    const refund = returned - subsidyBack;
    const rules = await qualifications.rulesOn(existing.day);
    const shares = await repository.sharesOf([id]);
    const newShares = new Map(
      splitFunding(newSubsidy, rules.centralShareBp).map((share) => [share.source, share.amountFen]),
    );
    const returnId = randomUUID();
    const names = await this.namesOf(existing);
    const money = existing.committed === 1 ? 'clawed_back' : 'released';
    return writeOnce(store, context.idempotency, async (trx) => {
      const full = keptPrice === 0;
      const recorded = await repository.recordReturn(
        trx,
        existing,
        {
          // Still read as settled after a partial return once committed (READ_STATE).
          state: full ? 'returned' : 'partially_returned',
          subsidy_fen: newSubsidy,
          returned_price_fen: alreadyReturned + returned,
        },
        {
          id: returnId,
          redemption_id: id,
          returned_price_fen: returned,
          refund_fen: refund,
          subsidy_back_fen: subsidyBack,
          money,
          reason: request.reason,
          actor: principal.accountId,
          created_at: nowIso,
        },
      );
      if (!recorded) throw new AppError('REDEMPTION_CHANGED', `redemption ${id} changed meanwhile: try again`, 'id');
      if (existing.settlement_id !== null && existing.committed === 0) {
        await this.options.repository.holdOutOfSettlement(trx, existing.settlement_id, id, '退货：转入下一批');
      }
      for (const share of shares) {
        const kept = newShares.get(share.source as FundingSource) ?? 0;
        const back = Number(share.amount_fen) - kept;
        if (back <= 0) continue;
        const reference = `return:${returnId}`;
        if (money === 'released') {
          // The hold stays while part of the sale stands; its commit at settlement takes only what is kept.
          if (kept === 0) {
            const outcome = await budget.release(trx, context, share.hold_id, { reference });
            if (!outcome.ok) throw refusalError(outcome.refusal);
          }
        } else {
          const outcome = await budget.reverse(trx, context, share.hold_id, {
            amountFen: back,
            idempotencyKey: `${reference}:${share.source}`,
            reference,
          });
          if (!outcome.ok) throw refusalError(outcome.refusal);
        }
        await repository.setShareAmount(trx, id, share.source, kept);
      }
      if (money === 'clawed_back' && subsidyBack > 0) {
        await repository.insertClawback(trx, {
          id: randomUUID(),
          redemption_id: id,
          merchant_id: existing.merchant_id,
          unit_id: existing.unit_id,
          amount_fen: subsidyBack,
          settlement_id: null,
          created_at: nowIso,
        });
      }
      const restored = full && rules.qualificationsRestoredOnReturn > 0;
      if (restored) await repository.restoreQualification(trx, existing.qualification_id);
      await audit.append(trx, auditContextOf(context), {
        action: 'trade_in.return',
        subject: `redemption:${id}`,
        before: { state: existing.state, subsidyFen: oldSubsidy, returnedPriceFen: alreadyReturned },
        after: {
          returnedPriceFen: returned,
          refundFen: refund,
          subsidyBackFen: subsidyBack,
          money,
          qualificationRestored: restored,
          reason: request.reason,
        },
      });
      const row = await repository.findRedemption(id, trx);
      if (row === undefined) throw new AppError('REDEMPTION_NOT_FOUND', `no redemption ${id}`, 'id');
      return {
        id: returnId,
        redemptionId: id,
        returnedPriceFen: returned,
        refundFen: refund,
        subsidyBackFen: subsidyBack,
        money,
        qualificationStaysUsed: !restored,
        redemption: this.viewOf(row, principal, await repository.sharesOf([id], trx), names),
        createdAt: nowIso,
      };
    });
  }

  async get(context: RequestContext, id: string): Promise<RedemptionView> {
    const row = await this.options.repository.findRedemption(id);
    if (row === undefined) throw new AppError('REDEMPTION_NOT_FOUND', `no redemption ${id}`, 'id');
    const principal = principalOf(context);
    if (principal.accountId !== row.citizen_id) {
      requireAccess(
        context,
        'trade_in.read',
        { merchantId: row.merchant_id, unitId: row.unit_id },
        { message: `redemption ${id} is outside your scope`, field: 'id' },
      );
    }
    return this.view(row, principal);
  }

  /** Redemptions in the caller's scope: merchants see their own, county officers their unit's. */
  async list(context: RequestContext, query: RedemptionListQuery): Promise<RedemptionList> {
    const principal = principalOf(context);
    const merchants = organisationsCarrying(principal, 'trade_in.read', 'merchant');
    const units = organisationsCarrying(principal, 'trade_in.read', 'unit');
    const unbounded = assignmentsUnbounded(principal);
    const merchantIds = query.merchantId === undefined ? undefined : [query.merchantId];
    const filter = {
      ...(unbounded ? {} : merchants.length > 0 ? { merchantIds: merchants } : { unitIds: units }),
      offset: query.offset ?? 0,
      limit: query.limit ?? 50,
      ...(query.line === undefined ? {} : { line: query.line }),
      ...(query.state === undefined ? {} : { state: query.state }),
      ...(query.from === undefined ? {} : { from: query.from }),
      ...(query.to === undefined ? {} : { to: query.to }),
    };
    if (merchantIds !== undefined) {
      if (!unbounded && merchants.length > 0 && !merchants.includes(merchantIds[0] ?? '')) {
        throw new AppError('FORBIDDEN', `merchant ${query.merchantId ?? ''} is not one of yours`, 'merchantId');
      }
      Object.assign(filter, { merchantIds });
    }
    if (query.unitId !== undefined) {
      if (!unbounded && merchants.length === 0 && !units.includes(query.unitId)) {
        throw new AppError('FORBIDDEN', `unit ${query.unitId} is outside your scope`, 'unitId');
      }
      Object.assign(filter, { unitIds: [query.unitId] });
    }
    const { rows, total } = await this.options.repository.listRedemptions(filter);
    const shares = await this.options.repository.sharesOf(rows.map((row) => row.id));
    const items: RedemptionView[] = [];
    for (const row of rows) {
      items.push(
        await this.view(
          row,
          principal,
          shares.filter((share) => share.redemption_id === row.id),
        ),
      );
    }
    return { items, total };
  }

  /** The citizen's own redemptions (我的补贴 history, with explanations). */
  async mine(context: RequestContext): Promise<RedemptionList> {
    const principal = principalOf(context);
    const { rows, total } = await this.options.repository.listRedemptions({
      citizenId: principal.accountId,
      offset: 0,
      limit: 200,
    });
    const items: RedemptionView[] = [];
    for (const row of rows) items.push(await this.view(row, principal));
    return { items, total };
  }

  /** Units sold, subsidy and sales driven, by line, category, unit or day: what supervision reads. */
  async figures(query: FiguresQuery): Promise<FiguresView> {
    const by = query.by ?? 'line';
    const today = chinaDay(this.options.now());
    const from = query.from ?? `${today.slice(0, 4)}-01-01`;
    const to = query.to ?? today;
    if (from > to) throw new AppError('VALIDATION_FAILED', 'from must not be after to', 'from');
    const rows = await this.options.repository.figures(by, from, to);
    const total = rows.reduce(
      (sum, row) => ({
        key: 'total',
        units: sum.units + row.units,
        subsidyFen: sum.subsidyFen + row.subsidyFen,
        paidFen: sum.paidFen + row.paidFen,
        salesFen: sum.salesFen + row.salesFen,
      }),
      { key: 'total', units: 0, subsidyFen: 0, paidFen: 0, salesFen: 0 },
    );
    return { by, rows, total };
  }

  /** The merchant a sale is made through: named (and one of the caller's), or the caller's only one. */
  private merchantOf(principal: Principal, named: string | undefined): string {
    const own = organisationsCarrying(principal, 'trade_in.redeem', 'merchant');
    if (named !== undefined) {
      if (!own.includes(named))
        throw new AppError('FORBIDDEN', `merchant ${named} is not one of your merchants`, 'merchantId');
      return named;
    }
    const only = own[0];
    if (only === undefined) throw new AppError('FORBIDDEN', 'you work for no merchant', 'merchantId');
    if (own.length > 1) {
      throw new AppError(
        'VALIDATION_FAILED',
        `you work for ${own.length} merchants: say which one sells (merchantId)`,
        'merchantId',
      );
    }
    return only;
  }
}

/** Whether the caller's trade-in reading roles are city-wide (not bounded by a merchant or unit). */
function assignmentsUnbounded(principal: Principal): boolean {
  return reaches(principal, 'trade_in.read', { merchantId: null, unitId: null });
}
