/**
 * Recognises personal data where an opaque key is expected (a dwelling, an entity, a new car): a POS
 * system that sends the owner's ID number or mobile number as `dwellingId` would otherwise have it
 * stored in clear. A value is refused if it is, or contains as a separate run of digits, an 18-character
 * ID number with a valid check character, a 15-digit first-generation ID number with a real birth date,
 * or a mainland mobile number.
 */
import { idNumberCheckCharacter, isCalendarDate } from './id-number.js';
import { checkMobileNumber } from './mobile.js';

export type PersonalDataKind = 'id_number' | 'mobile';

function isIdNumber(token: string): boolean {
  const upper = token.toUpperCase();
  if (/^\d{17}[\dX]$/.test(upper)) return idNumberCheckCharacter(upper.slice(0, 17)) === upper.charAt(17);
  if (/^\d{15}$/.test(upper)) {
    // First-generation numbers: region (6) + YYMMDD + sequence (3), no check character.
    const year = 1900 + Number(upper.slice(6, 8));
    return isCalendarDate(year, Number(upper.slice(8, 10)), Number(upper.slice(10, 12)));
  }
  return false;
}

function isMobile(token: string): boolean {
  return /^1[3-9]\d{9}$/.test(token);
}

/** What kind of personal data `value` is or contains, or null. */
export function personalDataIn(value: string): PersonalDataKind | null {
  const whole = value.trim();
  if (isIdNumber(whole.replace(/[\s-]/g, ''))) return 'id_number';
  if (checkMobileNumber(whole).ok) return 'mobile';
  for (const token of whole.split(/[^0-9Xx]+/)) {
    if (isIdNumber(token)) return 'id_number';
    if (isMobile(token)) return 'mobile';
  }
  return null;
}
