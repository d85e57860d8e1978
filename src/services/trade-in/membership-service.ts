/**
 * Merchants joining the trade-in programme (issue 11 §1): a merchant applies for lines and units with
 * its credit code, a bank account in its own name, its stores and the categories it sells; the unit's
 * commerce officer approves or refuses with a reason. A credit listing in force (经营异常名录, 失信被执行人
 * 名单: a status with its source and date, recorded by staff or imported as a list) bars joining and
 * suspends a member, with the reason shown; a suspended merchant redeems nothing.
 */
import { randomUUID } from 'node:crypto';
import type { AccountRepository, MerchantRow } from '../../db/accounts-repository.js';
import type { CreditListingRow, MembershipRow, TradeInRepository } from '../../db/trade-in-repository.js';
import type {
  CreditImportResult,
  CreditListing,
  CreditListingView,
  MembershipApplication,
  MembershipDecision,
  MembershipList,
  MembershipListQuery,
  MembershipView,
  TradeInLine,
} from '../../contract/trade-in.js';
import { chinaDay } from '../../domain/trade-in/calendar.js';
import { normaliseName } from '../../domain/trade-in/invoice.js';
import { AppError } from '../../shared/errors.js';
import { organisationsCarrying, requireAccess } from '../access.js';
import type { AuditLog } from '../audit/audit-log.js';
import { auditContextOf, principalOf, type RequestContext } from '../context.js';
import { writeOnce, type WriteStore } from '../idempotent-write.js';
import type { PlanService } from '../plan/plan-service.js';
import type { PersonalDataCipher } from '../security/personal-data-cipher.js';

const LIST_WORDS: Record<CreditListingRow['list'], string> = {
  abnormal_operation: '经营异常名录',
  dishonest: '失信被执行人名单',
};

export interface MembershipServiceOptions {
  readonly store: WriteStore;
  readonly repository: TradeInRepository;
  readonly accounts: AccountRepository;
  readonly plans: PlanService;
  readonly audit: AuditLog;
  readonly cipher: PersonalDataCipher;
  readonly now: () => Date;
}

function parseList(text: string): string[] {
  const value: unknown = JSON.parse(text);
  return Array.isArray(value) ? value.map(String) : [];
}

/** Whether a listing is in force on a day. */
function inForce(listing: Pick<CreditListingRow, 'listed_on' | 'removed_on'>, day: string): boolean {
  return listing.listed_on <= day && (listing.removed_on === null || listing.removed_on > day);
}

function listingWords(listing: CreditListingRow): string {
  return `列入${LIST_WORDS[listing.list]}（${listing.source}，${listing.listed_on}）`;
}

export class MembershipService {
  constructor(private readonly options: MembershipServiceOptions) {}

  private async merchantRow(id: string): Promise<MerchantRow> {
    const [merchant] = await this.options.accounts.merchants([id]);
    if (merchant === undefined) throw new AppError('MERCHANT_NOT_FOUND', `no merchant ${id}`, 'merchantId');
    return merchant;
  }

  async view(row: MembershipRow): Promise<MembershipView> {
    return this.viewOf(row, await this.merchantRow(row.merchant_id));
  }

  /** Without reads: for answers built inside a write transaction. */
  viewOf(row: MembershipRow, merchant: MerchantRow): MembershipView {
    return {
      id: row.id,
      merchantId: row.merchant_id,
      merchantName: merchant.name,
      creditCode: merchant.credit_code,
      lines: parseList(row.lines) as TradeInLine[],
      units: parseList(row.units),
      categories: parseList(row.categories),
      stores: parseList(row.stores),
      bankAccountName: row.bank_account_name,
      bankAccount: `****${row.bank_account_last4}`,
      bankName: row.bank_name,
      state: row.state,
      reason: row.reason,
      decidedBy: row.decided_by,
      decidedAt: row.decided_at,
      createdAt: row.created_at,
    };
  }

  /** Listings of a credit code in force today. */
  private async listingsInForce(creditCode: string): Promise<CreditListingRow[]> {
    const day = chinaDay(this.options.now());
    return (await this.options.repository.creditListings([creditCode])).filter((listing) => inForce(listing, day));
  }

  async apply(context: RequestContext, application: MembershipApplication): Promise<MembershipView> {
    const principal = principalOf(context);
    if (!organisationsCarrying(principal, 'merchants.join', 'merchant').includes(application.merchantId)) {
      throw new AppError('FORBIDDEN', `merchant ${application.merchantId} is not one you run`, 'merchantId');
    }
    const merchant = await this.merchantRow(application.merchantId);
    const { catalogue } = await this.options.plans.current();
    for (const [index, unit] of application.units.entries()) {
      if (!catalogue.units.some((known) => known.id === unit)) {
        throw new AppError('UNIT_NOT_FOUND', `the plan has no implementing unit "${unit}"`, `units[${index}]`);
      }
    }
    const bankAccount = application.bankAccount.replace(/[\s-]/g, '');
    if (!/^\d{12,30}$/.test(bankAccount)) {
      throw new AppError('VALIDATION_FAILED', 'bankAccount must be 12 to 30 digits', 'bankAccount');
    }
    if (normaliseName(application.bankAccountName) !== normaliseName(merchant.name)) {
      throw new AppError(
        'BANK_ACCOUNT_NAME_MISMATCH',
        `the account must be in the merchant’s own name (${merchant.name})`,
        'bankAccountName',
      );
    }
    const listed = await this.listingsInForce(merchant.credit_code);
    const first = listed[0];
    if (first !== undefined) {
      throw new AppError('MERCHANT_CREDIT_LISTED', `不能加入：${listingWords(first)}`, 'merchantId');
    }
    const now = this.options.now().toISOString();
    const row: MembershipRow = {
      id: randomUUID(),
      merchant_id: merchant.id,
      lines: JSON.stringify(application.lines),
      units: JSON.stringify(application.units),
      categories: JSON.stringify(application.categories),
      stores: JSON.stringify(application.stores),
      bank_account_name: application.bankAccountName.trim(),
      bank_account_cipher: this.options.cipher.encrypt(bankAccount),
      bank_account_last4: bankAccount.slice(-4),
      bank_name: application.bankName.trim(),
      state: 'applied',
      reason: null,
      applied_by: principal.accountId,
      decided_by: null,
      decided_at: null,
      created_at: now,
    };
    return writeOnce(this.options.store, context.idempotency, async (trx) => {
      await this.options.repository.insertMembership(trx, row);
      await this.options.audit.append(trx, auditContextOf(context), {
        action: 'trade_in.membership_apply',
        subject: `membership:${row.id}`,
        after: {
          merchantId: row.merchant_id,
          lines: application.lines,
          units: application.units,
          bankAccount: `****${row.bank_account_last4}`,
        },
      });
      return this.viewOf(row, merchant);
    });
  }

  async decide(context: RequestContext, id: string, decision: MembershipDecision): Promise<MembershipView> {
    const existing = await this.options.repository.findMembership(id);
    if (existing === undefined) throw new AppError('MEMBERSHIP_NOT_FOUND', `no membership application ${id}`, 'id');
    const principal = principalOf(context);
    for (const unitId of parseList(existing.units)) {
      requireAccess(
        context,
        'merchants.approve',
        { unitId },
        { message: `unit ${unitId} of this application is outside your scope`, field: 'id' },
      );
    }
    if (existing.applied_by === principal.accountId) {
      throw new AppError('CONFLICT_OF_INTEREST', 'you applied for this membership: another person must decide it');
    }
    if (decision.decision === 'refuse' && (decision.reason === undefined || decision.reason.trim() === '')) {
      throw new AppError('VALIDATION_FAILED', 'a refusal needs a reason the merchant can read', 'reason');
    }
    const merchant = await this.merchantRow(existing.merchant_id);
    const listed = decision.decision === 'approve' ? (await this.listingsInForce(merchant.credit_code))[0] : undefined;
    if (listed !== undefined) {
      throw new AppError('MERCHANT_CREDIT_LISTED', `不能批准：${listingWords(listed)}`, 'id');
    }
    const at = this.options.now().toISOString();
    const state = decision.decision === 'approve' ? 'approved' : 'refused';
    return writeOnce(this.options.store, context.idempotency, async (trx) => {
      const changed = await this.options.repository.decideMembership(trx, id, ['applied'], {
        state,
        reason: decision.reason?.trim() ?? null,
        decided_by: principal.accountId,
        decided_at: at,
      });
      if (!changed)
        throw new AppError('MEMBERSHIP_DECIDED', `membership application ${id} has already been decided`, 'id');
      await this.options.audit.append(trx, auditContextOf(context), {
        action: 'trade_in.membership_decide',
        subject: `membership:${id}`,
        before: { state: existing.state },
        after: { state, reason: decision.reason ?? null },
      });
      const row = await this.options.repository.findMembership(id, trx);
      if (row === undefined) throw new AppError('MEMBERSHIP_NOT_FOUND', `no membership application ${id}`, 'id');
      return this.viewOf(row, merchant);
    });
  }

  async list(context: RequestContext, query: MembershipListQuery): Promise<MembershipList> {
    const principal = principalOf(context);
    const own = organisationsCarrying(principal, 'merchants.join', 'merchant');
    const { rows } = await this.options.repository.listMemberships({
      ...(query.state === undefined ? {} : { state: query.state }),
      offset: 0,
      limit: 10_000,
    });
    const units = organisationsCarrying(principal, 'merchants.approve', 'unit');
    const reviewsCityWide = principal.roleNames.some(
      (role) => role === 'department_officer' || role === 'admin' || role === 'reviewer',
    );
    const visible = rows.filter((row) => {
      const rowUnits = parseList(row.units);
      if (query.unitId !== undefined && !rowUnits.includes(query.unitId)) return false;
      return own.includes(row.merchant_id) || reviewsCityWide || rowUnits.some((unit) => units.includes(unit));
    });
    const offset = query.offset ?? 0;
    const page = visible.slice(offset, offset + (query.limit ?? 50));
    const items: MembershipView[] = [];
    for (const row of page) items.push(await this.view(row));
    return { items, total: visible.length };
  }

  /** Records credit listings (by staff, or an imported list) and suspends the members they bar. */
  async recordListings(context: RequestContext, listings: readonly CreditListing[]): Promise<CreditImportResult> {
    const principal = principalOf(context);
    const now = this.options.now();
    const day = chinaDay(now);
    const at = now.toISOString();
    const merchants = await this.options.accounts.merchants();
    return writeOnce(this.options.store, context.idempotency, async (trx) => {
      let suspended = 0;
      for (const listing of listings) {
        const row: CreditListingRow = {
          credit_code: listing.creditCode.toUpperCase(),
          list: listing.list,
          listed_on: listing.listedOn,
          removed_on: listing.removedOn ?? null,
          source: listing.source,
          recorded_by: principal.accountId,
          recorded_at: at,
        };
        await this.options.repository.upsertCreditListing(trx, row);
        if (!inForce(row, day)) continue;
        const barred = merchants
          .filter((merchant) => merchant.credit_code === row.credit_code)
          .map((merchant) => merchant.id);
        suspended += await this.options.repository.suspendMembershipsOf(
          trx,
          barred,
          `暂停：${listingWords(row)}`,
          principal.accountId,
          at,
        );
      }
      await this.options.audit.append(trx, auditContextOf(context), {
        action: 'trade_in.credit_listings_record',
        subject: 'credit-listings',
        after: { listings: listings.length, suspendedMemberships: suspended },
      });
      return { recorded: listings.length, suspendedMemberships: suspended };
    });
  }

  async listings(): Promise<CreditListingView[]> {
    return (await this.options.repository.creditListings([])).map((row) => ({
      creditCode: row.credit_code,
      list: row.list,
      source: row.source,
      listedOn: row.listed_on,
      removedOn: row.removed_on,
      recordedBy: row.recorded_by,
      recordedAt: row.recorded_at,
    }));
  }

  /**
   * The unit a member merchant sells a line's category in; refused when the merchant is not an approved
   * member for it, or is suspended (with the reason).
   */
  async requireMember(
    merchantId: string,
    line: TradeInLine,
    unitId: string | undefined,
    category: string,
  ): Promise<string> {
    const memberships = await this.options.repository.membershipsOf([merchantId]);
    const suspended = memberships.find((row) => row.state === 'suspended');
    if (suspended !== undefined) {
      throw new AppError('MERCHANT_SUSPENDED', `商户已暂停参与以旧换新：${suspended.reason ?? ''}`, 'merchantId');
    }
    const covering = memberships.filter(
      (row) =>
        row.state === 'approved' &&
        parseList(row.lines).includes(line) &&
        parseList(row.categories).includes(category) &&
        (unitId === undefined || parseList(row.units).includes(unitId)),
    );
    const units = [...new Set(covering.flatMap((row) => parseList(row.units)))];
    if (units.length === 0) {
      throw new AppError(
        'MERCHANT_NOT_MEMBER',
        `merchant ${merchantId} is not an approved trade-in member for ${line}/${category}${unitId === undefined ? '' : ` in ${unitId}`}`,
        unitId === undefined ? 'merchantId' : 'unitId',
      );
    }
    if (unitId !== undefined) return unitId;
    if (units.length > 1) {
      throw new AppError(
        'VALIDATION_FAILED',
        `the merchant sells in ${units.join(', ')}: say which unit this store is in (unitId)`,
        'unitId',
      );
    }
    return units[0] ?? '';
  }

  /** The approved membership whose bank account receives a merchant's settlement in a unit. */
  async payee(merchantId: string, unitId: string): Promise<{ name: string; account: string; bank: string } | null> {
    const row = (await this.options.repository.membershipsOf([merchantId])).find(
      (membership) =>
        membership.state !== 'refused' &&
        membership.state !== 'applied' &&
        parseList(membership.units).includes(unitId),
    );
    if (row === undefined) return null;
    return {
      name: row.bank_account_name,
      account: this.options.cipher.decrypt(row.bank_account_cipher),
      bank: row.bank_name,
    };
  }
}
