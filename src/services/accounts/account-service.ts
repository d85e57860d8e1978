/**
 * Citizens' registration, sign-in (password or one-time code), sessions, and what any signed-in
 * account does to itself. Staff accounts, roles and merchants are in admin-service.ts.
 *
 * Sessions are random 256-bit tokens in an httpOnly cookie; the database keeps only their SHA-256, so
 * a copy of the sessions table signs nobody in. Each session carries its own CSRF token (docs/access.md).
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AccountRepository, AccountRow } from '../../db/accounts-repository.js';
import type { Database } from '../../db/tables.js';
import { isUniqueViolation } from '../../db/write-transaction.js';
import { writeOnce, type WriteStore } from '../idempotent-write.js';
import { isRole, permissionsOf, type Permission, type Role } from '../../domain/access/permissions.js';
import type {
  AccountView,
  OneTimeCodeSent,
  RegisterInput,
  RoleAssignment,
  SessionView,
  SignInInput,
} from '../../contract/accounts.js';
import {
  checkDisplayName,
  checkIdNumber,
  checkMobileNumber,
  maskIdNumber,
  maskMobile,
} from '../../domain/identity/index.js';
import { businessDate } from '../../domain/budget/calendar.js';
import { AppError } from '../../shared/errors.js';
import type { AuditLog } from '../audit/audit-log.js';
import { accountContext, auditContextOf, principalOf, type RequestContext } from '../context.js';
import { maskedLogin, type SecurityLog, type SignInFailure } from '../audit/security-log.js';
import type { PersonalDataCipher } from '../security/personal-data-cipher.js';
import { hashPassword, passwordProblem, spendVerificationTime, verifyPassword } from '../security/passwords.js';
import { accountView, roleAssignmentsOf } from './account-views.js';
import type { OneTimeCodePurpose, OneTimeCodeSender } from './one-time-code-sender.js';
import { OneTimeCodes } from './one-time-codes.js';
import { SessionTouches } from './session-touches.js';
import type { OrganisationDirectory } from './organisations.js';

/** docs/access.md: 5 wrong passwords in a row lock the account for 15 minutes. */
export const LOCKOUT_THRESHOLD = 5;
export const LOCKOUT_MINUTES = 15;
export const SESSION_HOURS = 12;
export const SESSION_IDLE_MINUTES = 120;
/** Last-seen is written at most this often, so reads do not each cost a write. */
const TOUCH_INTERVAL_MS = 60_000;
/** The register route's schema allows 50; checked again after NFKC, which can make a name longer. */
const NAME_MAX_LENGTH = 50;

/** The signed-in caller of a request. */
export interface Principal {
  readonly accountId: string;
  readonly name: string;
  readonly kind: 'citizen' | 'staff';
  readonly roles: readonly RoleAssignment[];
  readonly roleNames: readonly Role[];
  readonly permissions: readonly Permission[];
  readonly sessionId: string;
  readonly csrfToken: string;
  readonly expiresAt: string;
}

/** Where a request came from, kept with the session it opens. */
export interface ClientInfo {
  readonly address: string | null;
  readonly userAgent: string | null;
  readonly requestId: string;
}

/** A new session: the token goes into the cookie, the view into the response. */
export interface OpenedSession {
  readonly token: string;
  readonly view: SessionView;
}

export function sessionIdOf(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

function isLocked(account: AccountRow, now: Date): boolean {
  return account.locked_until !== null && account.locked_until > now.toISOString();
}

function addMinutes(instant: Date, minutes: number): Date {
  return new Date(instant.getTime() + minutes * 60_000);
}

export interface AccountServiceOptions {
  /** Where its writes run (writeOnce). */
  readonly store: WriteStore;
  readonly repository: AccountRepository;
  readonly cipher: PersonalDataCipher;
  readonly audit: AuditLog;
  readonly organisations: OrganisationDirectory;
  readonly codeSender: OneTimeCodeSender;
  readonly now: () => Date;
  /** Whether demo accounts may sign in (they are deleted outside demo mode; this is the second lock). */
  readonly demo: boolean;
  /** Where sign-ins, their failures, sign-outs and one-time codes are recorded (docs/access.md). */
  readonly security?: SecurityLog;
}

export class AccountService {
  private readonly store: WriteStore;
  private readonly repository: AccountRepository;
  private readonly cipher: PersonalDataCipher;
  private readonly audit: AuditLog;
  private readonly organisations: OrganisationDirectory;
  private readonly codeSender: OneTimeCodeSender;
  private readonly now: () => Date;
  private readonly demo: boolean;
  private readonly security: SecurityLog | undefined;
  private readonly codes: OneTimeCodes;

  constructor(options: AccountServiceOptions) {
    this.store = options.store;
    this.repository = options.repository;
    this.cipher = options.cipher;
    this.audit = options.audit;
    this.organisations = options.organisations;
    this.codeSender = options.codeSender;
    this.now = options.now;
    this.demo = options.demo;
    this.security = options.security;
    this.codes = new OneTimeCodes(options);
    this.touches = new SessionTouches((ids, at) => this.repository.touchSessions(ids, at));
  }

  /** Sessions seen, written in batches; flushed when the application closes. */
  readonly touches: SessionTouches;

  // Registration and sign-in

  /**
   * Registers a citizen whose mobile number was proved by a registration code (requestCode with
   * purpose `register`). The answer never says which identity already has an account: with a valid
   * code, an ID number (or, in a race, a mobile number) that is taken gets one generic refusal, the
   * code is used up, and the existing account's owner is told by SMS (docs/access.md).
   */
  async register(input: RegisterInput, client: ClientInfo): Promise<OpenedSession> {
    const now = this.now();
    // The format checks come first: they tell nothing about who is registered, and a typo should
    // not cost the code.
    const checkedName = checkDisplayName(input.name, NAME_MAX_LENGTH);
    if (!checkedName.ok) {
      throw new AppError('VALIDATION_FAILED', `${checkedName.message} (name ${checkedName.messageEn})`, 'name');
    }
    const name = checkedName.name;
    const id = checkIdNumber(input.idNumber, businessDate(now));
    if (!id.ok) throw new AppError('INVALID_ID_NUMBER', `${id.message} (${id.messageEn})`, 'idNumber');
    const mobile = checkMobileNumber(input.mobile);
    if (!mobile.ok) throw new AppError('INVALID_MOBILE_NUMBER', `${mobile.message} (${mobile.messageEn})`, 'mobile');
    const weak = passwordProblem(input.password, mobile.mobileNumber);
    if (weak !== null) throw new AppError('WEAK_PASSWORD', weak.message, 'password');

    const idLookup = this.cipher.lookup('id_number', id.idNumber);
    const mobileLookup = this.cipher.lookup('mobile', mobile.mobileNumber);
    await this.consumeCode(mobileLookup, 'register', input.code, mobile.mobileNumber, client);
    await this.refuseRegistered(idLookup, mobileLookup);
    const passwordHash = await hashPassword(input.password);
    const at = now.toISOString();
    const row: AccountRow = {
      id: randomUUID(),
      kind: 'citizen',
      username: null,
      name,
      id_number_cipher: this.cipher.encrypt(id.idNumber),
      id_number_lookup: idLookup,
      mobile_cipher: this.cipher.encrypt(mobile.mobileNumber),
      mobile_lookup: mobileLookup,
      bank_account_cipher: null,
      password_hash: passwordHash,
      status: 'active',
      failed_sign_ins: 0,
      locked_until: null,
      demo: 0,
      created_at: at,
      updated_at: at,
      last_sign_in_at: at,
    };
    let session: { token: string; csrfToken: string; expiresAt: string };
    try {
      session = await writeOnce(this.store, null, async (trx) => {
        await this.repository.insertAccount(trx, row, [
          { role: 'citizen', organisation_kind: '', organisation_id: '' },
        ]);
        await this.audit.append(
          trx,
          { actor: row.id, role: 'citizen', requestId: client.requestId },
          {
            action: 'account.register',
            subject: `account:${row.id}`,
            after: {
              kind: 'citizen',
              name,
              idNumber: maskIdNumber(id.idNumber),
              mobile: maskMobile(mobile.mobileNumber),
            },
          },
        );
        return this.insertSession(trx, row.id, client);
      });
    } catch (error) {
      // Two registrations of one person at once: the unique lookups let only one through.
      if (isUniqueViolation(error)) await this.refuseRegistered(idLookup, mobileLookup);
      throw error;
    }
    return this.opened(row.id, session);
  }

  /**
   * Refuses, in words that name no field, a registration whose ID number or mobile number has an
   * account, and tells that account's owner by SMS.
   */
  private async refuseRegistered(idLookup: string, mobileLookup: string): Promise<void> {
    const existing =
      (await this.repository.findByIdNumberLookup(idLookup)) ??
      (await this.repository.findByMobileLookup(mobileLookup));
    if (existing === undefined) return;
    if (existing.mobile_cipher !== null) {
      await this.codeSender.notify(this.cipher.decrypt(existing.mobile_cipher), 'registration_attempt');
    }
    throw new AppError(
      'REGISTRATION_REFUSED',
      'these details cannot be registered; if you already have an account, sign in or reset your password, ' +
        'otherwise contact the service desk',
    );
  }

  /** The account a login names: a mobile number (any account with it) or a staff username. */
  private async accountForLogin(login: string): Promise<AccountRow | undefined> {
    const trimmed = login.trim();
    const mobile = checkMobileNumber(trimmed);
    const row = mobile.ok
      ? await this.repository.findByMobileLookup(this.cipher.lookup('mobile', mobile.mobileNumber))
      : await this.repository.findByUsername(trimmed.toLowerCase());
    if (row !== undefined && row.demo === 1 && !this.demo) return undefined;
    return row;
  }

  /**
   * A wrong password gets the same answer as an unknown login, whatever the account's state (locked,
   * disabled, or locked by this very attempt): only the right password learns that an account is
   * locked or disabled. Each path verifies one argon2 hash, so they also take about the same time.
   */
  async signIn(input: SignInInput, client: ClientInfo): Promise<OpenedSession> {
    const now = this.now();
    const account = await this.accountForLogin(input.login);
    const refused = new AppError('INVALID_CREDENTIALS', 'login or password is wrong');
    if (account === undefined) {
      await spendVerificationTime(input.password);
      await this.signInFailed(client, 'unknown_login', 'password', input.login, null);
      throw refused;
    }
    if (!(await verifyPassword(account.password_hash, input.password))) {
      // The answer is an unknown login's; the security log says what it was.
      const reason: SignInFailure =
        account.status !== 'active' ? 'disabled' : isLocked(account, now) ? 'locked' : 'wrong_password';
      await this.signInFailed(client, reason, 'password', input.login, account.id);
      // A lock in force or a disabled account counts nothing more: there is nothing left to stop.
      if (reason === 'wrong_password') await this.countFailure(account, now, client);
      throw refused;
    }
    await this.unlessLocked(account, now, client, 'password', input.login);
    return this.completeSignIn(account, client, 'password');
  }

  /** Records a refused sign-in in the security log: why (never the password), the login masked. */
  private async signInFailed(
    client: ClientInfo,
    reason: SignInFailure,
    method: 'password' | 'code',
    login: string | null,
    accountId: string | null,
  ): Promise<void> {
    await this.security?.record(
      { actor: 'anonymous', role: 'none', ...client },
      {
        action: reason === 'wrong_code' ? 'auth.code_wrong' : 'auth.sign_in_failed',
        subject: accountId === null ? `login:${maskedLogin(login ?? '')}` : `account:${accountId}`,
        details: {
          reason,
          method,
          ...(login === null ? {} : { login: maskedLogin(login) }),
          ...(accountId === null ? {} : { accountId }),
        },
      },
    );
  }

  /** {@link refuseLocked}, recording the refusal. */
  private async unlessLocked(
    account: AccountRow,
    now: Date,
    client: ClientInfo,
    method: 'password' | 'code',
    login: string,
  ): Promise<void> {
    try {
      this.refuseLocked(account, now);
    } catch (error) {
      await this.signInFailed(client, 'locked', method, login, account.id);
      throw error;
    }
  }

  private refuseLocked(account: AccountRow, now: Date): void {
    if (isLocked(account, now)) {
      throw new AppError(
        'ACCOUNT_LOCKED',
        `too many wrong passwords: the account is locked until ${account.locked_until}; try later or ask an administrator to unlock it`,
      );
    }
  }

  /** Counts a wrong password; the one that reaches the threshold locks the account (and is audited). */
  private async countFailure(account: AccountRow, now: Date, client: ClientInfo): Promise<void> {
    // The count and, when it locks the account, the audit entry commit together.
    await writeOnce(this.store, null, async (trx) => {
      const result = await this.repository.recordFailedSignIn(
        trx,
        account.id,
        now.toISOString(),
        addMinutes(now, LOCKOUT_MINUTES).toISOString(),
        LOCKOUT_THRESHOLD,
      );
      if (result.lockedUntil !== null && result.failedSignIns === LOCKOUT_THRESHOLD) {
        await this.audit.append(
          trx,
          { actor: 'system:sign-in', role: 'system', requestId: client.requestId },
          {
            action: 'account.locked',
            subject: `account:${account.id}`,
            after: { lockedUntil: result.lockedUntil, failedSignIns: result.failedSignIns, address: client.address },
          },
        );
      }
    });
  }

  private async completeSignIn(
    account: AccountRow,
    client: ClientInfo,
    method: 'password' | 'code',
  ): Promise<OpenedSession> {
    if (account.status !== 'active') {
      await this.signInFailed(client, 'disabled', method, null, account.id);
      throw new AppError('ACCOUNT_DISABLED', 'this account has been disabled');
    }
    // Read before the write transaction: on SQLite the transaction must use only its own executor.
    const roles = this.security === undefined ? [] : await this.repository.rolesOf([account.id]);
    const session = await writeOnce(this.store, null, async (trx) => {
      await this.repository.recordSignIn(trx, account.id, this.now().toISOString());
      await this.security?.record(
        { actor: account.id, role: roles.map((row) => row.role).join('+') || 'none', ...client },
        { action: 'auth.sign_in', subject: `account:${account.id}`, details: { method } },
        trx,
      );
      return this.insertSession(trx, account.id, client);
    });
    return this.opened(account.id, session);
  }

  /** Sends a one-time code ({@link OneTimeCodes.request}). */
  requestCode(rawMobile: string, purpose: OneTimeCodePurpose, client: ClientInfo): Promise<OneTimeCodeSent> {
    return this.codes.request(rawMobile, purpose, client);
  }

  /**
   * Uses up the code of `purpose` sent to the number, or refuses with INVALID_ONE_TIME_CODE (wrong,
   * expired, used, or tried too often: which is not said), recording the refusal.
   */
  private async consumeCode(
    mobileLookup: string,
    purpose: OneTimeCodePurpose,
    code: string,
    mobile: string,
    client: ClientInfo,
  ): Promise<void> {
    if (await this.codes.consume(mobileLookup, purpose, code)) return;
    await this.signInFailed(client, 'wrong_code', 'code', mobile, null);
    throw new AppError('INVALID_ONE_TIME_CODE', 'the code is wrong or has expired; ask for a new one', 'code');
  }

  async signInWithCode(input: { mobile: string; code: string }, client: ClientInfo): Promise<OpenedSession> {
    const mobile = checkMobileNumber(input.mobile);
    if (!mobile.ok) throw new AppError('INVALID_MOBILE_NUMBER', `${mobile.message} (${mobile.messageEn})`, 'mobile');
    const mobileLookup = this.cipher.lookup('mobile', mobile.mobileNumber);
    await this.consumeCode(mobileLookup, 'sign_in', input.code, mobile.mobileNumber, client);
    const account = await this.repository.findByMobileLookup(mobileLookup);
    if (account === undefined) {
      await this.signInFailed(client, 'wrong_code', 'code', mobile.mobileNumber, null);
      throw new AppError('INVALID_ONE_TIME_CODE', 'the code is wrong or has expired; ask for a new one', 'code');
    }
    // The right code proves the phone, as the right password proves the password: only now may the
    // answer say that the account is locked or disabled.
    await this.unlessLocked(account, this.now(), client, 'code', mobile.mobileNumber);
    return this.completeSignIn(account, client, 'code');
  }

  /** Writes a new session inside the caller's transaction; the view is built after it commits. */
  private async insertSession(
    trx: Kysely<Database>,
    accountId: string,
    client: ClientInfo,
  ): Promise<{ token: string; csrfToken: string; expiresAt: string }> {
    const now = this.now();
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    const expiresAt = addMinutes(now, SESSION_HOURS * 60).toISOString();
    await this.repository.insertSession(trx, {
      id: sessionIdOf(token),
      account_id: accountId,
      csrf_token: csrfToken,
      created_at: now.toISOString(),
      expires_at: expiresAt,
      last_seen_at: now.toISOString(),
      address: client.address?.slice(0, 64) ?? null,
      user_agent: client.userAgent?.slice(0, 300) ?? null,
    });
    return { token, csrfToken, expiresAt };
  }

  private async opened(accountId: string, session: { token: string; csrfToken: string; expiresAt: string }) {
    const account = await this.accountOf(accountId);
    const roleNames = account.roles.map((role) => role.role);
    return {
      token: session.token,
      view: {
        account,
        permissions: permissionsOf(roleNames),
        csrfToken: session.csrfToken,
        expiresAt: session.expiresAt,
      },
    };
  }

  // Sessions

  /** The principal of a session token, or null when it is unknown, expired, idle too long or disabled. */
  async authenticate(token: string): Promise<Principal | null> {
    if (token.length < 20 || token.length > 100) return null;
    const found = await this.repository.sessionWithAccount(sessionIdOf(token));
    if (found === undefined) return null;
    const { session, account, roles: rows } = found;
    const now = this.now();
    const idleSince = new Date(now.getTime() - SESSION_IDLE_MINUTES * 60_000).toISOString();
    if (session.expires_at <= now.toISOString() || session.last_seen_at <= idleSince || account.status !== 'active') {
      await this.repository.deleteSession(session.id);
      return null;
    }
    if (account.demo === 1 && !this.demo) return null;
    if (now.getTime() - Date.parse(session.last_seen_at) > TOUCH_INTERVAL_MS) {
      this.touches.note(session.id, now.toISOString());
    }
    const roles = roleAssignmentsOf(rows, { nameOf: () => undefined });
    const roleNames = rows.map((row) => row.role).filter(isRole);
    return {
      accountId: account.id,
      name: account.name,
      kind: account.kind,
      roles,
      roleNames,
      permissions: permissionsOf(roleNames),
      sessionId: session.id,
      csrfToken: session.csrf_token,
      expiresAt: session.expires_at,
    };
  }

  async sessionView(principal: Principal): Promise<SessionView> {
    return {
      account: await this.accountOf(principal.accountId),
      permissions: [...principal.permissions],
      csrfToken: principal.csrfToken,
      expiresAt: principal.expiresAt,
    };
  }

  async signOut(principal: Principal, client?: ClientInfo): Promise<void> {
    await this.repository.deleteSession(principal.sessionId);
    await this.security?.record(
      { ...auditContextOf(accountContext(principal, client?.requestId ?? 'sign-out')), ...client },
      { action: 'auth.sign_out', subject: `account:${principal.accountId}` },
    );
  }

  async accountOf(accountId: string): Promise<AccountView> {
    const row = await this.repository.findById(accountId);
    if (row === undefined) throw new AppError('ACCOUNT_NOT_FOUND', `no account ${accountId}`);
    const roles = await this.repository.rolesOf([row.id]);
    return accountView(row, roles, this.cipher, await this.organisations.namesFor(roles));
  }

  // Self-service

  /**
   * Changes the caller's password. A wrong current password counts toward the lockout like a wrong
   * sign-in (a stolen session cannot guess at leisure). On success every session of the account ends,
   * this one included, and a new one is opened: the caller gets a new token and CSRF token, and a token
   * copied before the change no longer works.
   */
  async changePassword(
    principal: Principal,
    input: { currentPassword: string; newPassword: string },
    client: ClientInfo,
  ): Promise<OpenedSession> {
    const now = this.now();
    const account = await this.repository.findById(principal.accountId);
    if (account === undefined) throw new AppError('UNAUTHENTICATED', 'the account no longer exists');
    if (!(await verifyPassword(account.password_hash, input.currentPassword))) {
      if (!isLocked(account, now)) await this.countFailure(account, now, client);
      throw new AppError('INVALID_CREDENTIALS', 'the current password is wrong', 'currentPassword');
    }
    this.refuseLocked(account, now);
    const login =
      account.username ?? (account.mobile_cipher === null ? null : this.cipher.decrypt(account.mobile_cipher));
    const weak = passwordProblem(input.newPassword, login);
    if (weak !== null) throw new AppError('WEAK_PASSWORD', weak.message, 'newPassword');
    if (input.newPassword === input.currentPassword) {
      throw new AppError('WEAK_PASSWORD', 'the new password must differ from the current one', 'newPassword');
    }
    const passwordHash = await hashPassword(input.newPassword);
    const session = await writeOnce(this.store, null, async (trx) => {
      await this.repository.update(trx, account.id, {
        password_hash: passwordHash,
        failed_sign_ins: 0,
        updated_at: this.now().toISOString(),
      });
      // Whoever else holds a session of this account (a stolen one) is signed out, and so is the
      // token this request came with.
      await this.repository.deleteSessionsOf(trx, account.id);
      await this.audit.append(trx, auditContextOf(accountContext(principal, client.requestId)), {
        action: 'account.password_change',
        subject: `account:${account.id}`,
      });
      return this.insertSession(trx, account.id, client);
    });
    return this.opened(account.id, session);
  }

  async setBankAccount(context: RequestContext, raw: string): Promise<AccountView> {
    const principal = principalOf(context);
    const bankAccount = raw.replace(/ /g, '');
    if (!/^\d{12,30}$/.test(bankAccount)) {
      throw new AppError('VALIDATION_FAILED', 'bankAccount must be 12 to 30 digits', 'bankAccount');
    }
    await writeOnce(this.store, null, async (trx) => {
      await this.repository.update(trx, principal.accountId, {
        bank_account_cipher: this.cipher.encrypt(bankAccount),
        updated_at: this.now().toISOString(),
      });
      await this.audit.append(trx, auditContextOf(context), {
        action: 'account.bank_account_set',
        subject: `account:${principal.accountId}`,
        after: { bankAccount: `****${bankAccount.slice(-4)}` },
      });
    });
    return this.accountOf(principal.accountId);
  }
}
