/**
 * The goods register's key: a serial number, IMEI or VIN is subsidised once on the whole platform
 * (issue 11; reference.md "one device sold several times"). Spaces, hyphens and letter case are not part
 * of a serial number, so `sn-123 abc` and `SN123ABC` are one device.
 */

export function normaliseSerial(serial: string): string {
  return serial
    .normalize('NFKC')
    .replace(/[\s\-_/.]/g, '')
    .toUpperCase();
}

export function goodsKeyOf(serial: string): string {
  return `serial:${normaliseSerial(serial)}`;
}

/** Luhn check of a 15-digit IMEI (the last digit checks the first 14). */
export function isValidImei(value: string): boolean {
  if (!/^\d{15}$/.test(value)) return false;
  let sum = 0;
  for (let index = 0; index < 15; index += 1) {
    let digit = Number(value[index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** A valid IMEI from a 14-digit body: the check digit appended (for demo data and tests). */
export function imeiFromBody(body: string): string {
  if (!/^\d{14}$/.test(body)) throw new RangeError('an IMEI body is 14 digits');
  for (let check = 0; check <= 9; check += 1) {
    const candidate = `${body}${check}`;
    if (isValidImei(candidate)) return candidate;
  }
  throw new Error('unreachable: one check digit always fits');
}

/** Categories whose serial number is an IMEI (a phone's network identity). */
export const IMEI_CATEGORIES: ReadonlySet<string> = new Set(['phone']);
