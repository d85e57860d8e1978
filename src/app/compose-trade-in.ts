/**
 * The trade-in and settlement services (issue 11), built by the composition root on its one store,
 * audit log and budget. They judge on the business clock: the real clock moved by whole days when
 * HUIMIN_CLOCK_DATE names the day (demo mode: a day of the 2025 plan's year), so that the plan's rules
 * are in force; the time of day is kept, so the 10:00 release still opens at 10:00.
 */
import { VouchersRepository } from '../db/vouchers-repository.js';
import type { Config } from '../config.js';
import type { AccountRepository } from '../db/accounts-repository.js';
import type { DatabaseHandle } from '../db/database.js';
import { SettlementRepository } from '../db/settlement-repository.js';
import { TradeInRepository } from '../db/trade-in-repository.js';
import { chinaDay, daysBetween } from '../domain/trade-in/calendar.js';
import type { AuditLog } from '../services/audit/audit-log.js';
import type { SecurityLog } from '../services/audit/security-log.js';
import type { BudgetService } from '../services/budget/budget-service.js';
import type { WriteStore } from '../services/idempotent-write.js';
import type { PlanService } from '../services/plan/plan-service.js';
import type { PersonalDataCipher } from '../services/security/personal-data-cipher.js';
import { SettlementService } from '../services/settlement/settlement-service.js';
import type { QuoteService } from '../services/subsidy/quote-service.js';
import { CheckoutService } from '../services/trade-in/checkout-service.js';
import { MembershipService } from '../services/trade-in/membership-service.js';
import { QualificationService } from '../services/trade-in/qualification-service.js';

export interface TradeInServices {
  readonly qualifications: QualificationService;
  readonly checkout: CheckoutService;
  readonly memberships: MembershipService;
  readonly settlements: SettlementService;
  /** For the programme figures supervision reads. */
  readonly repository: TradeInRepository;
  /** The business clock the trade-in services judge on. */
  readonly businessNow: () => Date;
}

const DAY_MS = 86_400_000;

/** The clock moved by whole days so that today (Asia/Shanghai) is `clockDate`; the real clock when null. */
export function businessClock(now: () => Date, clockDate: string | null): () => Date {
  if (clockDate === null) return now;
  const offset =
    clockDate.length > 10
      ? Date.parse(`${clockDate}:00+08:00`) - now().getTime()
      : daysBetween(chinaDay(now()), clockDate) * DAY_MS;
  return () => new Date(now().getTime() + offset);
}

export interface TradeInParts {
  readonly database: DatabaseHandle;
  readonly config: Config;
  readonly store: WriteStore;
  readonly audit: AuditLog;
  readonly security: SecurityLog;
  readonly accounts: AccountRepository;
  readonly budget: BudgetService;
  readonly quotes: QuoteService;
  readonly plans: PlanService;
  readonly cipher: PersonalDataCipher;
  readonly now: () => Date;
}

export function composeTradeIn(parts: TradeInParts): TradeInServices {
  const { database, config, store, audit, security, accounts, budget, quotes, plans, cipher } = parts;
  const now = businessClock(parts.now, config.clockDate);
  const repository = new TradeInRepository(database.db, database.dialect);
  const qualifications = new QualificationService({ store, repository, budget, plans, quotes, audit, cipher, now });
  const memberships = new MembershipService({ store, repository, accounts, plans, audit, cipher, now });
  const checkout = new CheckoutService({
    store,
    repository,
    accounts,
    budget,
    quotes,
    qualifications,
    memberships,
    audit,
    security,
    cipher,
    now,
    returnWindowDays: config.tradeInReturnDays,
  });
  const settlements = new SettlementService({
    store,
    repository: new SettlementRepository(database.db, database.dialect),
    tradeIn: repository,
    accounts,
    budget,
    quotes,
    memberships,
    audit,
    security,
    now,
    settleAfterDays: config.tradeInSettleAfterDays,
    vouchers: new VouchersRepository(database.db, database.dialect),
  });
  return { qualifications, checkout, memberships, settlements, repository, businessNow: now };
}
