/**
 * Where one-time sign-in codes go. Production plugs in an SMS gateway behind this interface; in
 * development and demo mode the code is written to the server log (mobile number masked), which is
 * where a developer reads it.
 */
import { maskMobile } from '../../domain/identity/index.js';

export interface OneTimeCodeSender {
  send(mobileNumber: string, code: string, expiresAt: Date): Promise<void>;
}

export interface CodeLogger {
  info(fields: Record<string, unknown>, message: string): void;
}

export class LogOneTimeCodeSender implements OneTimeCodeSender {
  constructor(private readonly log: CodeLogger) {}

  send(mobileNumber: string, code: string, expiresAt: Date): Promise<void> {
    this.log.info(
      { mobile: maskMobile(mobileNumber), code, expiresAt: expiresAt.toISOString() },
      `one-time sign-in code for ${maskMobile(mobileNumber)}: ${code} (development sender: no SMS is sent)`,
    );
    return Promise.resolve();
  }
}
