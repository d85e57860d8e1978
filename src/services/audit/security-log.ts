/**
 * The security log (docs/access.md): sign-ins and their failures, sign-outs, one-time codes, refusals
 * (permission, scope, CSRF, rate limits), reform simulations and bulk reads of accounts and of the
 * logs. These are many more than the audit log's state changes, so they go to a hash chain of their
 * own (`security_events`, `security_head`) built and verified by the same code as the audit log: a
 * flood of failed sign-ins never queues behind, or interleaves with, the entries that record money.
 *
 * Each event is written in its own short write transaction, or in the caller's when one is given (a
 * successful sign-in commits with its session). Events carry no personal data in clear: mobile
 * numbers and search words are masked, accounts are named by id.
 */
import type { Kysely } from 'kysely';
import type { AuditFilter, AuditRepository } from '../../db/audit-repository.js';
import type { Database } from '../../db/tables.js';
import type { AuditEntry } from '../../domain/audit/index.js';
import { checkMobileNumber, maskMobile } from '../../domain/identity/index.js';
import { writeOnce, type WriteStore } from '../idempotent-write.js';
import { AuditLog, type AuditPage, type AuditVerificationReport } from './audit-log.js';

/** Every kind of event the security log records; one name each, as in docs/access.md. */
export const SECURITY_ACTIONS = [
  'auth.sign_in',
  'auth.sign_in_failed',
  'auth.sign_out',
  'auth.code_requested',
  'auth.code_wrong',
  'access.forbidden',
  'access.conflict_of_interest',
  'access.csrf_failed',
  'access.rate_limited',
  'subsidy.reform_simulated',
  'accounts.list_read',
  'audit.entries_read',
  'audit.security_events_read',
  'trade_in.goods_refused',
  'settlement.payout_file_read',
] as const;
export type SecurityAction = (typeof SECURITY_ACTIONS)[number];

/** Why a sign-in failed; never the password. */
export type SignInFailure = 'unknown_login' | 'wrong_password' | 'locked' | 'disabled' | 'wrong_code';

/** Who and where: the request the event belongs to. */
export interface SecurityContext {
  /** An account id, `anonymous`, or `system:<process>`. */
  readonly actor: string;
  readonly role: string;
  readonly requestId: string;
  readonly address?: string | null;
  readonly userAgent?: string | null;
}

export interface SecurityEvent {
  readonly action: SecurityAction;
  /** `account:<id>`, `login:<masked>`, `route:<METHOD> <url>` … */
  readonly subject: string;
  /** JSON data, no personal data in clear. Stored as the entry's `summary.after`. */
  readonly details?: Readonly<Record<string, unknown>>;
}

const USER_AGENT_LENGTH = 200;
const ADDRESS_LENGTH = 64;

/**
 * A login as the security log keeps it: a mobile number masked like everywhere else
 * (`138****5678`), any other login cut to its first two characters (a password typed into the login
 * field by mistake must not end up in the log).
 */
export function maskedLogin(login: string): string {
  const trimmed = login.trim();
  const mobile = checkMobileNumber(trimmed);
  if (mobile.ok) return maskMobile(mobile.mobileNumber);
  const characters = [...trimmed];
  return `${characters.slice(0, 2).join('')}${'*'.repeat(Math.min(8, Math.max(0, characters.length - 2)))}`;
}

/** Free text (a search for a name) as the security log keeps it: the first character and the length. */
export function maskedText(text: string): string {
  const trimmed = text.trim();
  const mobile = checkMobileNumber(trimmed);
  if (mobile.ok) return maskMobile(mobile.mobileNumber);
  const characters = [...trimmed];
  return `${characters.slice(0, 1).join('')}${'*'.repeat(Math.min(20, Math.max(0, characters.length - 1)))}`;
}

export class SecurityLog {
  /** The security chain, kept by the audit log's code. */
  readonly log: AuditLog;

  /** `repository` is the security chain's (`new AuditRepository(db, dialect, 'security')`). */
  constructor(
    private readonly store: WriteStore,
    repository: AuditRepository,
    now: () => Date,
  ) {
    if (repository.chain !== 'security') throw new Error('the security log keeps the security chain');
    this.log = new AuditLog(repository, now);
  }

  /** Records one event, in `trx` when given (it commits with the caller's change), else on its own. */
  async record(context: SecurityContext, event: SecurityEvent, trx?: Kysely<Database>): Promise<AuditEntry> {
    const after: Record<string, unknown> = { ...(event.details ?? {}) };
    if (context.address !== undefined && context.address !== null) {
      after.address = context.address.slice(0, ADDRESS_LENGTH);
    }
    if (context.userAgent !== undefined && context.userAgent !== null) {
      after.userAgent = context.userAgent.slice(0, USER_AGENT_LENGTH);
    }
    const audit = { actor: context.actor.slice(0, 200), role: context.role.slice(0, 40), requestId: context.requestId };
    const record = { action: event.action, subject: event.subject.slice(0, 300), after };
    if (trx !== undefined) return this.log.append(trx, audit, record);
    return writeOnce(this.store, null, (own) => this.log.append(own, audit, record));
  }

  verify(): Promise<AuditVerificationReport> {
    return this.log.verify();
  }

  page(query: AuditFilter & { readonly limit?: number }): Promise<AuditPage> {
    return this.log.page(query);
  }
}
