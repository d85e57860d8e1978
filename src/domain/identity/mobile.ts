/**
 * Mainland China mobile numbers: 11 digits, first digit 1, second 3–9. Accepts an optional +86 or 0086
 * country prefix and spaces or hyphens as separators; the normalised form is the bare 11 digits.
 */

export type MobileNumberProblem = 'format' | 'prefix';

export type MobileNumberCheck =
  { ok: true; mobileNumber: string } | { ok: false; problem: MobileNumberProblem; message: string; messageEn: string };

export function checkMobileNumber(raw: string): MobileNumberCheck {
  let compact = raw.trim().replace(/[\s-]/g, '');
  if (compact.startsWith('+86')) compact = compact.slice(3);
  else if (compact.startsWith('0086')) compact = compact.slice(4);
  if (!/^\d{11}$/.test(compact)) {
    return {
      ok: false,
      problem: 'format',
      message: '手机号码应为11位数字',
      messageEn: 'Mobile number must be 11 digits',
    };
  }
  if (!/^1[3-9]/.test(compact)) {
    return {
      ok: false,
      problem: 'prefix',
      message: '手机号码号段不正确（应以13–19开头）',
      messageEn: 'Mobile number must start with 13–19',
    };
  }
  return { ok: true, mobileNumber: compact };
}
