/**
 * Decimal points moved on the digits of a number (string arithmetic), never by dividing floats:
 * the one place money, rates and counts are shifted and grouped.
 */
/** Plain decimal digits of a finite number (no exponent), e.g. 1.5 → "1.5", 2e21 → "2000…0". */
export function plainDigits(value: number): string {
  const text = String(value);
  if (!/e/i.test(text)) return text;
  return value.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 });
}

/**
 * value / 10^digits as a decimal string, trailing zeros trimmed, computed on the digits:
 * shiftLeft(200000, 2) → "2000", shiftLeft(1500000, 6) → "1.5".
 */
export function shiftLeft(value: number, digits: number): string {
  const negative = value < 0;
  const [intPart = '0', fracPart = ''] = plainDigits(Math.abs(value)).split('.');
  const padded = intPart.padStart(digits + 1, '0');
  const whole = padded.slice(0, padded.length - digits).replace(/^0+(?=\d)/, '');
  const frac = (padded.slice(padded.length - digits) + fracPart).replace(/0+$/, '');
  return (negative ? '-' : '') + whole + (frac ? `.${frac}` : '');
}

/** Thousands separators on the integer part of a decimal string: "1234567.5" → "1,234,567.5". */
export function group(decimal: string): string {
  const [whole = '', frac] = decimal.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return frac === undefined ? grouped : `${grouped}.${frac}`;
}

/** Digits after the decimal point of a decimal string. */
export function decimals(decimal: string): number {
  return decimal.split('.')[1]?.length ?? 0;
}
