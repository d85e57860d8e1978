/**
 * A checkout as its write transaction decides it (checkout-service.ts alone, checkout-batcher.ts in a
 * batch): what was read and checked before the transaction (PreparedCheckout), the refusals the
 * transaction can still give, the engine's price against the citizen's history, and the rows and the
 * audit record a granted checkout writes. Both paths decide with these same functions, so a checkout
 * answers the same whether it ran alone or in a batch.
 */
import type { GrantRow, RedemptionRow, ShareRow } from '../../db/trade-in-repository.js';
import type { RedemptionRequest, TradeInLine } from '../../contract/trade-in.js';
import type { FundingSource } from '../../domain/budget/types.js';
import {
  evaluateQuote,
  explainDecision,
  type GrantedDecision,
  type QuoteResult,
  type RuleBook,
} from '../../domain/subsidy/index.js';
import { splitFunding, type FundingShare } from '../../domain/trade-in/funding.js';
import { AppError } from '../../shared/errors.js';
import type { Principal } from '../accounts/account-service.js';
import type { AuditRecord } from '../audit/audit-log.js';
import type { RequestContext } from '../context.js';

export interface Names {
  readonly merchantName: string;
  readonly citizenName: string;
}

/** A checkout whose request passed every check that needs no lock: what its transaction decides on. */
export interface PreparedCheckout {
  readonly context: RequestContext;
  readonly principal: Principal;
  /** The redemption's id, chosen before the transaction. */
  readonly id: string;
  readonly nowIso: string;
  readonly day: string;
  readonly merchantId: string;
  readonly unitId: string;
  readonly line: TradeInLine;
  readonly qualificationId: string;
  readonly citizenId: string;
  readonly product: RedemptionRequest['product'];
  /** The serial number normalised, and its key in the goods register. */
  readonly serial: string;
  readonly goodsKey: string;
  readonly invoice: RedemptionRequest['invoice'];
  readonly invoiceBuyerCipher: string;
  readonly deviceId: string | null;
  readonly book: RuleBook;
  readonly centralShareBp: number;
  readonly poolIds: ReadonlyMap<FundingSource, string>;
  readonly names: Names;
}

/** A checkout the engine granted: its decision explained and each funding source's share. */
export interface PricedCheckout {
  readonly subsidyFen: number;
  readonly explained: QuoteResult;
  readonly shares: readonly FundingShare[];
}

export function qualificationUsed(): AppError {
  return new AppError(
    'QUALIFICATION_USED',
    'this qualification has already been used at a checkout',
    'qualificationCode',
  );
}

export function invoiceUsed(invoiceNumber: string): AppError {
  return new AppError('INVOICE_ALREADY_USED', `invoice ${invoiceNumber} already carries a subsidy`, 'invoice.number');
}

export function goodsSubsidised(): AppError {
  return new AppError(
    'GOODS_ALREADY_SUBSIDISED',
    '该商品（序列号/IMEI）已在平台享受过补贴，不能重复补贴',
    'product.serialNumber',
  );
}

/** A redemption as the engine's quota history reads it. */
export function asGranted(row: GrantRow): GrantedDecision {
  return {
    line: row.line as GrantedDecision['line'],
    category: row.category,
    subsidyFen: Number(row.subsidy_fen),
    ruleDate: row.day,
    applicantId: row.citizen_id,
    reversed: row.state === 'returned',
  };
}

/** The engine's price of the checkout against the citizen's history; SUBSIDY_NOT_ELIGIBLE if none. */
export function priceCheckout(prepared: PreparedCheckout, history: readonly GrantedDecision[]): PricedCheckout {
  const { product } = prepared;
  const decision = evaluateQuote(
    prepared.book,
    {
      line: prepared.line,
      category: product.category,
      finalPriceFen: product.finalPriceFen,
      purchaseDate: prepared.day,
      applicantId: prepared.citizenId,
      ...(product.efficiencyGrade === undefined ? {} : { efficiencyGrade: product.efficiencyGrade }),
    },
    history,
  );
  const explained = explainDecision(decision);
  if (!decision.eligible || decision.subsidyFen <= 0) {
    const reason = explained.reasons[0];
    throw new AppError(
      'SUBSIDY_NOT_ELIGIBLE',
      `${reason?.message ?? explained.explanation}（${reason?.code ?? 'NOT_ELIGIBLE'}）`,
      reason?.field === undefined ? 'product' : `product.${reason.field}`,
    );
  }
  return {
    subsidyFen: decision.subsidyFen,
    explained,
    shares: splitFunding(decision.subsidyFen, prepared.centralShareBp),
  };
}

/** The ledger key and reference of a share's hold. */
export function holdKeyOf(prepared: PreparedCheckout, source: FundingSource): { key: string; reference: string } {
  return { key: `redemption:${prepared.id}:${source}`, reference: `redemption:${prepared.id}` };
}

export function redemptionRowOf(prepared: PreparedCheckout, priced: PricedCheckout): RedemptionRow {
  const { product } = prepared;
  const { explained } = priced;
  return {
    id: prepared.id,
    qualification_id: prepared.qualificationId,
    citizen_id: prepared.citizenId,
    merchant_id: prepared.merchantId,
    unit_id: prepared.unitId,
    line: prepared.line,
    category: product.category,
    model: product.model.trim(),
    serial_number: prepared.serial,
    goods_key: prepared.goodsKey,
    efficiency_grade: product.efficiencyGrade ?? null,
    final_price_fen: product.finalPriceFen,
    subsidy_fen: priced.subsidyFen,
    returned_price_fen: 0,
    invoice_number: prepared.invoice.number,
    invoice_buyer_cipher: prepared.invoiceBuyerCipher,
    explanation: explained.explanation,
    explanation_en: explained.explanationEn,
    clause: explained.clause,
    parameter_version: explained.parameterVersion,
    plan_version_id: explained.planVersionId,
    state: 'redeemed',
    settlement_id: null,
    committed: 0,
    cashier_id: prepared.principal.accountId,
    device_id: prepared.deviceId,
    day: prepared.day,
    created_at: prepared.nowIso,
  };
}

export function redeemAuditRecord(row: RedemptionRow, shares: readonly ShareRow[]): AuditRecord {
  return {
    action: 'trade_in.redeem',
    subject: `redemption:${row.id}`,
    after: {
      qualificationId: row.qualification_id,
      merchantId: row.merchant_id,
      unitId: row.unit_id,
      line: row.line,
      category: row.category,
      finalPriceFen: row.final_price_fen,
      subsidyFen: row.subsidy_fen,
      shares: shares.map((share) => ({ source: share.source, holdId: share.hold_id, amountFen: share.amount_fen })),
      parameterVersion: row.parameter_version,
    },
  };
}
