/**
 * Qualifications (补贴资格, issue 11 §2): a signed-in citizen claims one for a line and category. The
 * day's qualifications are released at the plan's hour (Henan: 10:00) in a number derived from the
 * money available, so every qualification released can be paid; the public sees what is left today.
 * Quotas count used and outstanding qualifications together (one per category per person per year;
 * three air conditioners), and a citizen holds at most one unused qualification per category. An
 * unused one lapses at the end of its validity and does not count: it can be claimed again. Claiming
 * holds no money; checkout does. The code the till reads is signed, expiring and single-use.
 */
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { QualificationRow, TradeInRepository } from '../../db/trade-in-repository.js';
import {
  TRADE_IN_LINES,
  type QualificationClaim,
  type QualificationView,
  type ReleaseView,
  type TradeInLine,
} from '../../contract/trade-in.js';
import { chinaDay, chinaMoment, validUntilOf } from '../../domain/trade-in/calendar.js';
import { yuan } from '../../domain/subsidy/money.js';
import { AppError } from '../../shared/errors.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { BudgetService } from '../budget/budget-service.js';
import { auditContextOf, principalOf, type RequestContext } from '../context.js';
import { writeOnce, type WriteStore } from '../idempotent-write.js';
import type { PlanService } from '../plan/plan-service.js';
import type { PersonalDataCipher } from '../security/personal-data-cipher.js';
import type { QuoteService } from '../subsidy/quote-service.js';
import { lineLimitsOn, tradeInRulesOn, type TradeInRules } from './trade-in-rules.js';

const CODE_PREFIX = 'HMQ1';
/** Crockford base32 without I, L, O, U: nothing a cashier can misread. */
const SHORT_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export interface QualificationServiceOptions {
  readonly store: WriteStore;
  readonly repository: TradeInRepository;
  readonly budget: BudgetService;
  readonly plans: PlanService;
  readonly quotes: QuoteService;
  readonly audit: AuditLog;
  readonly cipher: PersonalDataCipher;
  /** The business clock: the day trade-in rules are judged on (docs/trade-in.md, HUIMIN_CLOCK_DATE). */
  readonly now: () => Date;
}

function shortCode(): string {
  const bytes = randomBytes(8);
  let code = '';
  for (const byte of bytes) code += SHORT_ALPHABET[byte % 32];
  return code;
}

export class QualificationService {
  constructor(private readonly options: QualificationServiceOptions) {}

  /** The signed code of a qualification: id, expiry and an HMAC the server alone can make. */
  codeOf(row: Pick<QualificationRow, 'id' | 'valid_until'>): string {
    const expires = Math.floor(Date.parse(row.valid_until) / 1000);
    return `${CODE_PREFIX}.${row.id}.${expires}.${this.signature(row.id, expires)}`;
  }

  private signature(id: string, expires: number): string {
    return Buffer.from(this.options.cipher.lookup('qualification_code', `${id}.${expires}`), 'hex')
      .subarray(0, 16)
      .toString('base64url');
  }

  /** The qualification a till read: by its signed code or its short code; refused when forged or expired. */
  async resolveCode(code: string): Promise<QualificationRow> {
    const text = code.trim();
    let row: QualificationRow | undefined;
    if (text.startsWith(`${CODE_PREFIX}.`)) {
      const [, id = '', expiresText = '', signature = ''] = text.split('.');
      const expires = Number(expiresText);
      const expected = Buffer.from(this.signature(id, expires));
      const given = Buffer.from(signature);
      if (!Number.isInteger(expires) || expected.length !== given.length || !timingSafeEqual(expected, given)) {
        throw new AppError(
          'QUALIFICATION_CODE_INVALID',
          'the qualification code is not one this platform issued',
          'qualificationCode',
        );
      }
      if (expires * 1000 <= this.options.now().getTime()) {
        throw new AppError('QUALIFICATION_EXPIRED', 'the qualification code has expired', 'qualificationCode');
      }
      row = await this.options.repository.findQualification(id);
    } else {
      row = await this.options.repository.findQualificationByShortCode(text.toUpperCase().replace(/[\s-]/g, ''));
    }
    if (row === undefined) {
      throw new AppError('QUALIFICATION_NOT_FOUND', 'no qualification has that code', 'qualificationCode');
    }
    return row;
  }

  view(row: QualificationRow, now: Date = this.options.now()): QualificationView {
    const expired = row.state === 'expired' || (row.state === 'active' && row.valid_until <= now.toISOString());
    const state = expired ? 'expired' : row.state;
    return {
      id: row.id,
      line: row.line as TradeInLine,
      category: row.category,
      state,
      validUntil: row.valid_until,
      code: state === 'active' ? this.codeOf(row) : null,
      shortCode: state === 'active' ? row.short_code : null,
      claimedAt: row.claimed_at,
      usedAt: row.used_at,
      redemptionId: row.redemption_id,
    };
  }

  async rulesOn(day: string): Promise<TradeInRules> {
    const { catalogue } = await this.options.plans.current();
    return tradeInRulesOn(catalogue.parameters, day);
  }

  /** How many of a line's qualifications the money available pays for today, and why. */
  private async releaseNumber(line: TradeInLine, day: string): Promise<{ released: number; why: string }> {
    const book = await this.options.quotes.currentRuleBook();
    const limits = lineLimitsOn(book, line, day);
    if (limits === null || limits.largestCapFen === null || limits.largestCapFen <= 0) {
      return { released: 0, why: `${day} 没有在施行的${line}补贴规则` };
    }
    const pools = await this.options.budget.listPools({ line, status: 'active' });
    const available = pools.reduce((sum, pool) => sum + pool.availableFen, 0);
    const released = Math.floor(available / limits.largestCapFen);
    const why =
      released === 0
        ? `资金未到位：${line} 资金池可用 ${yuan(available)} 元，不足一份补贴（每件最高 ${yuan(limits.largestCapFen)} 元），今日暂停发放`
        : `资金池可用 ${yuan(available)} 元 ÷ 每件最高补贴 ${yuan(limits.largestCapFen)} 元 = ${released} 份`;
    return { released, why };
  }

  async claim(context: RequestContext, request: QualificationClaim): Promise<QualificationView> {
    const { repository, audit, store } = this.options;
    const principal = principalOf(context);
    if (principal.kind !== 'citizen') {
      throw new AppError('FORBIDDEN', 'only a citizen account claims a qualification', 'line');
    }
    const now = this.options.now();
    const day = chinaDay(now);
    const rules = await this.rulesOn(day);
    const book = await this.options.quotes.currentRuleBook();
    const limits = lineLimitsOn(book, request.line, day);
    if (limits === null) {
      throw new AppError('NO_RULE_IN_FORCE', `no ${request.line} subsidy rule is in force on ${day}`, 'line');
    }
    if (limits.categories.length > 0 && !limits.categories.includes(request.category)) {
      throw new AppError(
        'CATEGORY_NOT_ELIGIBLE',
        `${request.category} is not a ${request.line} category (${limits.categories.join(', ')})`,
        'category',
      );
    }
    const opens = chinaMoment(day, rules.releaseHour);
    if (now < opens) {
      throw new AppError(
        'QUALIFICATIONS_NOT_RELEASED',
        `今日补贴资格 ${String(rules.releaseHour).padStart(2, '0')}:00 发放（${rules.clauses.release}）`,
        'line',
      );
    }
    const nowIso = now.toISOString();
    // The day's number is fixed by its first claim: later claims do not sum the pools again.
    const release =
      (await this.options.repository.findRelease(request.line, day)) ?? (await this.releaseNumber(request.line, day));
    const quota = limits.quotaOf(request.category);
    const year = Number(day.slice(0, 4));
    return writeOnce(store, context.idempotency, async (trx) => {
      // One claim per citizen and category at a time: the quota reads the citizen's qualifications.
      await repository.lockHolder(trx, `qualification:${principal.accountId}:${request.category}`);
      const counting = await repository.countingQualifications(
        trx,
        principal.accountId,
        request.category,
        year,
        nowIso,
      );
      if (counting.some((row) => row.state === 'active')) {
        throw new AppError(
          'QUALIFICATION_OUTSTANDING',
          `you already hold an unused ${request.category} qualification: use it or let it lapse first`,
          'category',
        );
      }
      if (quota !== null && counting.length >= quota) {
        throw new AppError(
          'QUALIFICATION_QUOTA_USED',
          `${request.category}: ${counting.length} of ${quota} qualifications this year are used`,
          'category',
        );
      }
      await repository.ensureRelease(trx, {
        line: request.line,
        day,
        released: release.released,
        claimed: 0,
        released_at: opens.toISOString(),
        why: release.why,
      });
      if (!(await repository.takeFromRelease(trx, request.line, day))) {
        throw new AppError(
          'QUALIFICATIONS_SOLD_OUT',
          `今日${request.line}补贴资格已领完，请明日 ${rules.releaseHour}:00 再来`,
          'line',
        );
      }
      const row: QualificationRow = {
        id: randomUUID(),
        citizen_id: principal.accountId,
        line: request.line,
        category: request.category,
        year,
        day,
        state: 'active',
        short_code: shortCode(),
        valid_until: validUntilOf(day, rules.validDays).toISOString(),
        claimed_at: nowIso,
        used_at: null,
        redemption_id: null,
      };
      await repository.insertQualification(trx, row);
      await audit.append(trx, auditContextOf(context), {
        action: 'trade_in.qualification_claim',
        subject: `qualification:${row.id}`,
        after: { line: row.line, category: row.category, day, validUntil: row.valid_until },
      });
      return this.view(row, now);
    });
  }

  async mine(context: RequestContext): Promise<QualificationView[]> {
    const principal = principalOf(context);
    const now = this.options.now();
    return (await this.options.repository.qualificationsOf(principal.accountId)).map((row) => this.view(row, now));
  }

  /** Today's release of every trade-in line: the public "remaining today". */
  async releases(): Promise<ReleaseView[]> {
    const now = this.options.now();
    const day = chinaDay(now);
    const rules = await this.rulesOn(day);
    const opens = chinaMoment(day, rules.releaseHour);
    const views: ReleaseView[] = [];
    for (const line of TRADE_IN_LINES) {
      const stored = await this.options.repository.findRelease(line, day);
      const computed = stored === undefined ? await this.releaseNumber(line, day) : null;
      const released = stored?.released ?? computed?.released ?? 0;
      const claimed = stored?.claimed ?? 0;
      const open = now >= opens && released > claimed;
      views.push({
        day,
        line,
        releasedAt: opens.toISOString(),
        released,
        claimed,
        remaining: Math.max(0, released - claimed),
        open,
        why: now < opens ? `今日 ${rules.releaseHour}:00 发放` : (stored?.why ?? computed?.why ?? ''),
        clause: rules.clauses.release,
      });
    }
    return views;
  }
}
