/**
 * What goes to a mobile number: one-time codes (to sign in, or to register) and notices about an
 * account. Production plugs in an SMS gateway behind this interface; in development and demo mode
 * everything is written to the server log (mobile number masked), which is where a developer reads it.
 *
 * Notices exist so that registration can refuse without saying why: the HTTP answer is the same whether
 * or not a number or an ID number is registered, and the person who owns the existing account learns
 * of the attempt on their own phone (docs/access.md).
 */
import { maskMobile } from '../../domain/identity/index.js';

export type OneTimeCodePurpose = 'sign_in' | 'register';

/**
 * - `already_registered`: someone asked for a registration code for a number that has an account.
 * - `registration_attempt`: someone with a valid registration code tried to register with details
 *   (the ID number) of this number's account.
 */
export type AccountNotice = 'already_registered' | 'registration_attempt' | 'claims_overdue';

/** The words of each notice, for a gateway to send (Chinese, then English). */
export const NOTICE_TEXT: Readonly<Record<AccountNotice, { readonly zh: string; readonly en: string }>> = {
  claims_overdue: {
    zh: '【惠民】您负责审核的补贴申请已超过办理时限，请尽快登录惠民平台处理。',
    en: 'Huimin: claims you review are past their deadline; please sign in and decide them.',
  },
  already_registered: {
    zh: '【惠民】此手机号已有账户，无需重新注册；请直接登录（可用验证码登录）或重置密码。',
    en: 'Huimin: this number already has an account; sign in (a one-time code works too) or reset your password.',
  },
  registration_attempt: {
    zh: '【惠民】有人试图用您账户的身份信息注册新账户。如是您本人，请直接登录或重置密码；如不是，请联系服务窗口。',
    en:
      'Huimin: someone tried to register a new account with the identity details of your account. If it was you, ' +
      'sign in or reset your password; if not, contact the service desk.',
  },
};

export interface OneTimeCodeSender {
  /** A code for `purpose`, valid until `expiresAt`. */
  send(mobileNumber: string, code: string, expiresAt: Date, purpose: OneTimeCodePurpose): Promise<void>;
  /** A notice about the account of this number (no code). */
  notify(mobileNumber: string, notice: AccountNotice): Promise<void>;
}

export interface CodeLogger {
  info(fields: Record<string, unknown>, message: string): void;
}

export class LogOneTimeCodeSender implements OneTimeCodeSender {
  constructor(private readonly log: CodeLogger) {}

  send(mobileNumber: string, code: string, expiresAt: Date, purpose: OneTimeCodePurpose): Promise<void> {
    const what = purpose === 'register' ? 'registration' : 'sign-in';
    this.log.info(
      { mobile: maskMobile(mobileNumber), code, purpose, expiresAt: expiresAt.toISOString() },
      `one-time ${what} code for ${maskMobile(mobileNumber)}: ${code} (development sender: no SMS is sent)`,
    );
    return Promise.resolve();
  }

  notify(mobileNumber: string, notice: AccountNotice): Promise<void> {
    this.log.info(
      { mobile: maskMobile(mobileNumber), notice },
      `notice for ${maskMobile(mobileNumber)}: ${NOTICE_TEXT[notice].en} (development sender: no SMS is sent)`,
    );
    return Promise.resolve();
  }
}
