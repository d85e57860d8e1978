/**
 * Citizens' registration, sign-in (password or one-time code), sessions, and what any signed-in
 * account does to itself. Staff accounts, roles and merchants are in admin-service.ts.
 *
 * Sessions are random 256-bit tokens in an httpOnly cookie; the database keeps only their SHA-256, so
 * a copy of the sessions table signs nobody in. Each session carries its own CSRF token (docs/access.md).
 */
import { createHash, randomBytes, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import type { AccountRepository, AccountRow } from '../../db/account-repository.js';
import { isUniqueViolation } from '../../db/write-transaction.js';
import { isRole, permissionsOf, type Permission, type Role } from '../../domain/access/permissions.js';
import type {
  AccountView,
  OneTimeCodeSent,
  RegisterInput,
  RoleAssignment,
  SessionView,
  SignInInput,
} from '../../domain/access/views.js';
import { checkIdNumber, checkMobileNumber, maskIdNumber, maskMobile } from '../../domain/identity/index.js';
import { businessDate } from '../../domain/ledger/calendar.js';
import { AppError } from '../../shared/errors.js';
import type { AuditContext, AuditLog } from '../audit/audit-log.js';
import { maskedLogin, type SecurityLog, type SignInFailure } from '../audit/security-log.js';
import type { PersonalDataCipher } from '../security/personal-data-cipher.js';
import { hashPassword, passwordProblem, spendVerificationTime, verifyPassword } from '../security/passwords.js';
import { accountView, roleAssignmentsOf } from './account-views.js';
import type { OneTimeCodeSender } from './one-time-code-sender.js';
import type { OrganisationDirectory } from './organisations.js';

/** docs/access.md: 5 wrong passwords in a row lock the account for 15 minutes. */
export const LOCKOUT_THRESHOLD = 5;
export const LOCKOUT_MINUTES = 15;
export const SESSION_HOURS = 12;
export const SESSION_IDLE_MINUTES = 120;
/** Last-seen is written at most this often, so reads do not each cost a write. */
const TOUCH_INTERVAL_MS = 60_000;
export const CODE_TTL_SECONDS = 300;
export const CODE_RESEND_SECONDS = 60;
export const CODE_MAX_ATTEMPTS = 5;

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

function addMinutes(instant: Date, minutes: number): Date {
  return new Date(instant.getTime() + minutes * 60_000);
}

export function auditContextOf(principal: Principal, requestId: string): AuditContext {
  return { actor: principal.accountId, role: principal.roleNames.join('+') || 'none', requestId };
}

/** Who asks, as the budget ledger records it (its LedgerContext), with the caller's reference. */
export function ledgerContextOf(
  principal: Principal,
  requestId: string,
  reference?: string,
): AuditContext & { readonly reference: string | null } {
  return { ...auditContextOf(principal, requestId), reference: reference ?? null };
}

export interface AccountServiceOptions {
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
  private readonly repository: AccountRepository;
  private readonly cipher: PersonalDataCipher;
  private readonly audit: AuditLog;
  private readonly organisations: OrganisationDirectory;
  private readonly codeSender: OneTimeCodeSender;
  private readonly now: () => Date;
  private readonly demo: boolean;
  private readonly security: SecurityLog | undefined;

  constructor(options: AccountServiceOptions) {
    this.repository = options.repository;
    this.cipher = options.cipher;
    this.audit = options.audit;
    this.organisations = options.organisations;
    this.codeSender = options.codeSender;
    this.now = options.now;
    this.demo = options.demo;
    this.security = options.security;
  }

  // Registration and sign-in

  async register(input: RegisterInput, client: ClientInfo): Promise<OpenedSession> {
    const now = this.now();
    const name = input.name.trim();
    if (name === '' || [...name].some((character) => character < ' ' || character === '\u007f')) {
      throw new AppError(
        'VALIDATION_FAILED',
        'name must be the name on the ID card, without control characters',
        'name',
      );
    }
    const id = checkIdNumber(input.idNumber, businessDate(now));
    if (!id.ok) throw new AppError('INVALID_ID_NUMBER', `${id.message} (${id.messageEn})`, 'idNumber');
    const mobile = checkMobileNumber(input.mobile);
    if (!mobile.ok) throw new AppError('INVALID_MOBILE_NUMBER', `${mobile.message} (${mobile.messageEn})`, 'mobile');
    const weak = passwordProblem(input.password, mobile.mobileNumber);
    if (weak !== null) throw new AppError('WEAK_PASSWORD', weak.message, 'password');

    const idLookup = this.cipher.lookup('id_number', id.idNumber);
    const mobileLookup = this.cipher.lookup('mobile', mobile.mobileNumber);
    await this.refuseDuplicates(idLookup, mobileLookup);
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
      session = await this.repository.write(async (trx) => {
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
      if (isUniqueViolation(error)) await this.refuseDuplicates(idLookup, mobileLookup);
      throw error;
    }
    return this.opened(row.id, session);
  }

  private async refuseDuplicates(idLookup: string, mobileLookup: string): Promise<void> {
    if (await this.repository.exists('id_number_lookup', idLookup)) {
      throw new AppError(
        'ACCOUNT_EXISTS',
        'an account with this ID number already exists; sign in instead',
        'idNumber',
      );
    }
    if (await this.repository.exists('mobile_lookup', mobileLookup)) {
      throw new AppError('ACCOUNT_EXISTS', 'an account with this mobile number already exists', 'mobile');
    }
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

  async signIn(input: SignInInput, client: ClientInfo): Promise<OpenedSession> {
    const now = this.now();
    const account = await this.accountForLogin(input.login);
    if (account === undefined) {
      await spendVerificationTime(input.password);
      await this.signInFailed(client, 'unknown_login', 'password', input.login, null);
      throw new AppError('INVALID_CREDENTIALS', 'login or password is wrong');
    }
    await this.unlessLocked(account, now, client, 'password', input.login);
    if (!(await verifyPassword(account.password_hash, input.password))) {
      await this.signInFailed(client, 'wrong_password', 'password', input.login, account.id);
      await this.countFailure(account, now, client);
      throw new AppError('INVALID_CREDENTIALS', 'login or password is wrong');
    }
    return this.completeSignIn(account, client);
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
    if (account.locked_until !== null && account.locked_until > now.toISOString()) {
      throw new AppError(
        'ACCOUNT_LOCKED',
        `too many wrong passwords: the account is locked until ${account.locked_until}; try later or ask an administrator to unlock it`,
      );
    }
  }

  private async countFailure(account: AccountRow, now: Date, client: ClientInfo): Promise<void> {
    const result = await this.repository.recordFailedSignIn(
      account.id,
      now.toISOString(),
      addMinutes(now, LOCKOUT_MINUTES).toISOString(),
      LOCKOUT_THRESHOLD,
    );
    if (result.lockedUntil !== null && result.failedSignIns === LOCKOUT_THRESHOLD) {
      await this.repository.write((trx) =>
        this.audit.append(
          trx,
          { actor: 'system:sign-in', role: 'system', requestId: client.requestId },
          {
            action: 'account.locked',
            subject: `account:${account.id}`,
            after: { lockedUntil: result.lockedUntil, failedSignIns: result.failedSignIns, address: client.address },
          },
        ),
      );
      throw new AppError(
        'ACCOUNT_LOCKED',
        `${LOCKOUT_THRESHOLD} wrong passwords in a row: the account is locked until ${result.lockedUntil}`,
      );
    }
  }

  private async completeSignIn(
    account: AccountRow,
    client: ClientInfo,
    method: 'password' | 'code' = 'password',
  ): Promise<OpenedSession> {
    if (account.status !== 'active') {
      await this.signInFailed(client, 'disabled', method, null, account.id);
      throw new AppError('ACCOUNT_DISABLED', 'this account has been disabled');
    }
    // Read before the write transaction: on SQLite the transaction must use only its own executor.
    const roles = this.security === undefined ? [] : await this.repository.rolesOf([account.id]);
    const session = await this.repository.write(async (trx) => {
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

  async requestCode(rawMobile: string, client: ClientInfo): Promise<OneTimeCodeSent> {
    const mobile = checkMobileNumber(rawMobile);
    if (!mobile.ok) throw new AppError('INVALID_MOBILE_NUMBER', `${mobile.message} (${mobile.messageEn})`, 'mobile');
    const now = this.now();
    const answer: OneTimeCodeSent = {
      sent: true,
      expiresInSeconds: CODE_TTL_SECONDS,
      resendAfterSeconds: CODE_RESEND_SECONDS,
    };
    const mobileLookup = this.cipher.lookup('mobile', mobile.mobileNumber);
    // The same answer whether or not the number has an account: the endpoint must not tell.
    const account = await this.repository.findByMobileLookup(mobileLookup);
    if (account === undefined || account.status !== 'active' || (account.demo === 1 && !this.demo)) {
      await this.codeRequested(client, mobile.mobileNumber, account?.id ?? null, false);
      return answer;
    }
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const expiresAt = new Date(now.getTime() + CODE_TTL_SECONDS * 1000);
    const stored = await this.repository.storeCode(
      {
        mobile_lookup: mobileLookup,
        code_hash: this.cipher.lookup('one_time_code', `${mobileLookup}:${code}`),
        attempts: 0,
        created_at: now.toISOString(),
        expires_at: expiresAt.toISOString(),
      },
      new Date(now.getTime() - CODE_RESEND_SECONDS * 1000).toISOString(),
    );
    if (stored) await this.codeSender.send(mobile.mobileNumber, code, expiresAt);
    await this.codeRequested(client, mobile.mobileNumber, account.id, stored);
    return answer;
  }

  /** Records a one-time-code request: the number masked, whether a code went out (never the code). */
  private async codeRequested(client: ClientInfo, mobile: string, accountId: string | null, sent: boolean) {
    await this.security?.record(
      { actor: 'anonymous', role: 'none', ...client },
      {
        action: 'auth.code_requested',
        subject: accountId === null ? `login:${maskedLogin(mobile)}` : `account:${accountId}`,
        details: { mobile: maskedLogin(mobile), sent, ...(accountId === null ? {} : { accountId }) },
      },
    );
  }

  async signInWithCode(input: { mobile: string; code: string }, client: ClientInfo): Promise<OpenedSession> {
    const mobile = checkMobileNumber(input.mobile);
    if (!mobile.ok) throw new AppError('INVALID_MOBILE_NUMBER', `${mobile.message} (${mobile.messageEn})`, 'mobile');
    const now = this.now().toISOString();
    const mobileLookup = this.cipher.lookup('mobile', mobile.mobileNumber);
    const refused = new AppError(
      'INVALID_ONE_TIME_CODE',
      'the code is wrong or has expired; ask for a new one',
      'code',
    );
    const stored = await this.repository.findCode(mobileLookup);
    const wrongCode = async (): Promise<AppError> => {
      await this.signInFailed(client, 'wrong_code', 'code', mobile.mobileNumber, null);
      return refused;
    };
    if (stored === undefined || stored.expires_at <= now || stored.attempts >= CODE_MAX_ATTEMPTS) {
      throw await wrongCode();
    }
    const given = this.cipher.lookup('one_time_code', `${mobileLookup}:${input.code}`);
    if (!timingSafeEqual(Buffer.from(given, 'hex'), Buffer.from(stored.code_hash, 'hex'))) {
      await this.repository.countCodeAttempt(mobileLookup);
      throw await wrongCode();
    }
    // Only one of two requests racing with the same code consumes it.
    if (!(await this.repository.consumeCode(mobileLookup, stored.code_hash))) throw await wrongCode();
    const account = await this.repository.findByMobileLookup(mobileLookup);
    if (account === undefined) throw await wrongCode();
    await this.unlessLocked(account, this.now(), client, 'code', mobile.mobileNumber);
    return this.completeSignIn(account, client, 'code');
  }

  /** Writes a new session inside the caller's transaction; the view is built after it commits. */
  private async insertSession(
    trx: Parameters<Parameters<AccountRepository['write']>[0]>[0],
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
    const { session, account } = found;
    const now = this.now();
    const idleSince = new Date(now.getTime() - SESSION_IDLE_MINUTES * 60_000).toISOString();
    if (session.expires_at <= now.toISOString() || session.last_seen_at <= idleSince || account.status !== 'active') {
      await this.repository.deleteSession(session.id);
      return null;
    }
    if (account.demo === 1 && !this.demo) return null;
    if (now.getTime() - Date.parse(session.last_seen_at) > TOUCH_INTERVAL_MS) {
      await this.repository.touchSession(session.id, now.toISOString());
    }
    const rows = await this.repository.rolesOf([account.id]);
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
      { ...auditContextOf(principal, client?.requestId ?? 'sign-out'), ...client },
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

  async changePassword(
    principal: Principal,
    input: { currentPassword: string; newPassword: string },
    requestId: string,
  ): Promise<void> {
    const account = await this.repository.findById(principal.accountId);
    if (account === undefined) throw new AppError('UNAUTHENTICATED', 'the account no longer exists');
    if (!(await verifyPassword(account.password_hash, input.currentPassword))) {
      throw new AppError('INVALID_CREDENTIALS', 'the current password is wrong', 'currentPassword');
    }
    const login =
      account.username ?? (account.mobile_cipher === null ? null : this.cipher.decrypt(account.mobile_cipher));
    const weak = passwordProblem(input.newPassword, login);
    if (weak !== null) throw new AppError('WEAK_PASSWORD', weak.message, 'newPassword');
    if (input.newPassword === input.currentPassword) {
      throw new AppError('WEAK_PASSWORD', 'the new password must differ from the current one', 'newPassword');
    }
    const passwordHash = await hashPassword(input.newPassword);
    await this.repository.write(async (trx) => {
      await this.repository.update(trx, account.id, {
        password_hash: passwordHash,
        updated_at: this.now().toISOString(),
      });
      // Whoever else holds a session of this account (a stolen one) is signed out.
      await this.repository.deleteSessionsOf(trx, account.id, principal.sessionId);
      await this.audit.append(trx, auditContextOf(principal, requestId), {
        action: 'account.password_change',
        subject: `account:${account.id}`,
      });
    });
  }

  async setBankAccount(principal: Principal, raw: string, requestId: string): Promise<AccountView> {
    const bankAccount = raw.replace(/ /g, '');
    if (!/^\d{12,30}$/.test(bankAccount)) {
      throw new AppError('VALIDATION_FAILED', 'bankAccount must be 12 to 30 digits', 'bankAccount');
    }
    await this.repository.write(async (trx) => {
      await this.repository.update(trx, principal.accountId, {
        bank_account_cipher: this.cipher.encrypt(bankAccount),
        updated_at: this.now().toISOString(),
      });
      await this.audit.append(trx, auditContextOf(principal, requestId), {
        action: 'account.bank_account_set',
        subject: `account:${principal.accountId}`,
        after: { bankAccount: `****${bankAccount.slice(-4)}` },
      });
    });
    return this.accountOf(principal.accountId);
  }
}
