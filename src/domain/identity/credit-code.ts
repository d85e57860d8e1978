/**
 * 统一社会信用代码 (`creditCode`), GB 32100-2015: 18 characters from a 31-character alphabet (no I, O, S,
 * V, Z) with a MOD 31 check character. Some genuine early codes fail the checksum, so a checksum mismatch
 * is "needs manual verification", never a hard reject; only a malformed code is invalid.
 */

export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

export type CreditCodeStatus = 'valid' | 'needs_manual_verification' | 'invalid';
export type CreditCodeProblem = 'length' | 'character' | 'checksum';

export interface CreditCodeCheck {
  status: CreditCodeStatus;
  /** Trimmed and upper-cased. */
  creditCode: string;
  problem?: CreditCodeProblem;
  message: string;
  messageEn: string;
}

const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

function valueOf(character: string): number {
  return CREDIT_CODE_ALPHABET.indexOf(character);
}

/** The check character for the first 17 characters of a credit code. */
export function creditCodeCheckCharacter(first17: string): string {
  const body = first17.toUpperCase();
  if (body.length !== 17 || [...body].some((character) => valueOf(character) < 0)) {
    throw new RangeError('creditCodeCheckCharacter needs exactly 17 characters from the credit-code alphabet');
  }
  let sum = 0;
  for (let index = 0; index < 17; index += 1) sum += valueOf(body.charAt(index)) * (WEIGHTS[index] ?? 0);
  return CREDIT_CODE_ALPHABET.charAt((31 - (sum % 31)) % 31);
}

/** Checks a unified social credit code as typed. */
export function checkCreditCode(raw: string): CreditCodeCheck {
  const creditCode = raw.trim().toUpperCase();
  if (creditCode.length !== 18) {
    return {
      status: 'invalid',
      creditCode,
      problem: 'length',
      message: '统一社会信用代码应为18位',
      messageEn: 'Unified social credit code must be 18 characters',
    };
  }
  if ([...creditCode].some((character) => valueOf(character) < 0)) {
    return {
      status: 'invalid',
      creditCode,
      problem: 'character',
      message: '统一社会信用代码含有不允许的字符（只能使用数字和除I、O、S、V、Z以外的大写字母）',
      messageEn:
        'Unified social credit code contains a character outside its alphabet (digits and A–Y except I, O, S, V, Z)',
    };
  }
  if (creditCodeCheckCharacter(creditCode.slice(0, 17)) !== creditCode.charAt(17)) {
    return {
      status: 'needs_manual_verification',
      creditCode,
      problem: 'checksum',
      message: '统一社会信用代码校验码不符，需人工核验',
      messageEn: 'Unified social credit code check character does not match; manual verification needed',
    };
  }
  return {
    status: 'valid',
    creditCode,
    message: '统一社会信用代码有效',
    messageEn: 'Unified social credit code is valid',
  };
}
