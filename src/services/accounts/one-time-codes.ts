/**
 * One-time codes sent by SMS: to sign in, or to prove a mobile number before registering. Codes are
 * stored only as an HMAC of number and code, per number and purpose, expire after five minutes, may be
 * asked for again after a minute, and die after five wrong tries (docs/access.md).
 */
import { randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { AccountRepository, OneTimeCodeRow } from '../../db/accounts-repository.js';
import { isUniqueViolation } from '../../db/write-transaction.js';
import type { OneTimeCodeSent } from '../../contract/accounts.js';
import { checkMobileNumber } from '../../domain/identity/index.js';
import { AppError } from '../../shared/errors.js';
import { maskedLogin, type SecurityLog } from '../audit/security-log.js';
import { writeOnce, type WriteStore } from '../idempotent-write.js';
import type { PersonalDataCipher } from '../security/personal-data-cipher.js';
import type { ClientInfo } from './account-service.js';
import type { OneTimeCodePurpose, OneTimeCodeSender } from './one-time-code-sender.js';

export const CODE_TTL_SECONDS = 300;
export const CODE_RESEND_SECONDS = 60;
export const CODE_MAX_ATTEMPTS = 5;

export interface OneTimeCodesOptions {
  readonly store: WriteStore;
  readonly repository: AccountRepository;
  readonly cipher: PersonalDataCipher;
  readonly codeSender: OneTimeCodeSender;
  readonly now: () => Date;
  /** Whether demo accounts may sign in (and so be sent codes). */
  readonly demo: boolean;
  readonly security?: SecurityLog;
}

export class OneTimeCodes {
  private readonly store: WriteStore;
  private readonly repository: AccountRepository;
  private readonly cipher: PersonalDataCipher;
  private readonly codeSender: OneTimeCodeSender;
  private readonly now: () => Date;
  private readonly demo: boolean;
  private readonly security: SecurityLog | undefined;

  constructor(options: OneTimeCodesOptions) {
    this.store = options.store;
    this.repository = options.repository;
    this.cipher = options.cipher;
    this.codeSender = options.codeSender;
    this.now = options.now;
    this.demo = options.demo;
    this.security = options.security;
  }

  /**
   * Sends a one-time code, answering the same whatever the number: for `sign_in`, a code goes only to
   * a number with an active account; for `register`, a code goes only to a number without an account,
   * and a number with one is sent a notice instead. In that case an unusable code is stored all the
   * same, so the resend interval (and the work done) is the same as for a number without an account.
   */
  async request(rawMobile: string, purpose: OneTimeCodePurpose, client: ClientInfo): Promise<OneTimeCodeSent> {
    const mobile = checkMobileNumber(rawMobile);
    if (!mobile.ok) throw new AppError('INVALID_MOBILE_NUMBER', `${mobile.message} (${mobile.messageEn})`, 'mobile');
    const now = this.now();
    const answer: OneTimeCodeSent = {
      sent: true,
      expiresInSeconds: CODE_TTL_SECONDS,
      resendAfterSeconds: CODE_RESEND_SECONDS,
    };
    const mobileLookup = this.cipher.lookup('mobile', mobile.mobileNumber);
    const account = await this.repository.findByMobileLookup(mobileLookup);
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const expiresAt = new Date(now.getTime() + CODE_TTL_SECONDS * 1000);
    const row = (codeHash: string): OneTimeCodeRow => ({
      mobile_lookup: mobileLookup,
      purpose,
      code_hash: codeHash,
      attempts: 0,
      created_at: now.toISOString(),
      expires_at: expiresAt.toISOString(),
    });
    const resendAfter = new Date(now.getTime() - CODE_RESEND_SECONDS * 1000).toISOString();
    const recorded = (sent: boolean) =>
      this.codeRequested(client, mobile.mobileNumber, purpose, account?.id ?? null, sent);
    if (purpose === 'sign_in') {
      if (account === undefined || account.status !== 'active' || (account.demo === 1 && !this.demo)) {
        await recorded(false);
        return answer;
      }
      const stored = await this.storeCode(row(this.codeHash(mobileLookup, code)), resendAfter);
      if (stored) await this.codeSender.send(mobile.mobileNumber, code, expiresAt, purpose);
      await recorded(stored);
      return answer;
    }
    if (account === undefined) {
      const stored = await this.storeCode(row(this.codeHash(mobileLookup, code)), resendAfter);
      if (stored) await this.codeSender.send(mobile.mobileNumber, code, expiresAt, purpose);
      await recorded(stored);
      return answer;
    }
    // Random bytes are no HMAC of any code: nothing typed can match them.
    if (await this.storeCode(row(randomBytes(32).toString('hex')), resendAfter)) {
      await this.codeSender.notify(mobile.mobileNumber, 'already_registered');
    }
    await recorded(false);
    return answer;
  }

  /** Stores a code (repository.storeCode); false when another request for the number stored one first. */
  private async storeCode(row: OneTimeCodeRow, resendAfter: string): Promise<boolean> {
    try {
      return await writeOnce(this.store, null, (trx) => this.repository.storeCode(trx, row, resendAfter));
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  /** Records a one-time-code request: the number masked, whether a code went out (never the code). */
  private async codeRequested(
    client: ClientInfo,
    mobile: string,
    purpose: OneTimeCodePurpose,
    accountId: string | null,
    sent: boolean,
  ): Promise<void> {
    await this.security?.record(
      { actor: 'anonymous', role: 'none', ...client },
      {
        action: 'auth.code_requested',
        subject: accountId === null ? `login:${maskedLogin(mobile)}` : `account:${accountId}`,
        details: { mobile: maskedLogin(mobile), purpose, sent, ...(accountId === null ? {} : { accountId }) },
      },
    );
  }

  private codeHash(mobileLookup: string, code: string): string {
    return this.cipher.lookup('one_time_code', `${mobileLookup}:${code}`);
  }

  /**
   * Uses up the code of `purpose` sent to the number: false when it is wrong, expired, used, or tried
   * too often (which is not said). Of two requests racing with one code, one wins.
   */
  async consume(mobileLookup: string, purpose: OneTimeCodePurpose, code: string): Promise<boolean> {
    const now = this.now().toISOString();
    const stored = await this.repository.findCode(mobileLookup, purpose);
    if (stored === undefined || stored.expires_at <= now || stored.attempts >= CODE_MAX_ATTEMPTS) return false;
    const given = this.codeHash(mobileLookup, code);
    if (!timingSafeEqual(Buffer.from(given, 'hex'), Buffer.from(stored.code_hash, 'hex'))) {
      await this.repository.countCodeAttempt(mobileLookup, purpose);
      return false;
    }
    return this.repository.consumeCode(mobileLookup, purpose, stored.code_hash);
  }
}
