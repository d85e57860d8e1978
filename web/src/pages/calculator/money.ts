import { group, shiftLeft } from '../../features/plan/format';

/**
 * Yuan as typed (a decimal string of at most two decimals) to integer fen, on the digits: the
 * point is moved by string arithmetic, never by multiplying a float. "3999" → 399900,
 * "6000.01" → 600001, "0.5" → 50. Anything else (negative, three decimals, not a number) → undefined.
 */
export function yuanToFen(yuan: string | number | null | undefined): number | undefined {
  if (yuan === null || yuan === undefined) return undefined;
  const text = String(yuan).trim();
  const match = /^(\d*)(?:\.(\d{0,2}))?$/.exec(text);
  if (!match || !/\d/.test(text)) return undefined;
  const whole = match[1] || '0';
  const cents = (match[2] ?? '').padEnd(2, '0');
  const fen = Number(`${whole}${cents}`.replace(/^0+(?=\d)/, ''));
  return Number.isSafeInteger(fen) ? fen : undefined;
}

/** Integer fen as yuan with two decimals and thousands separators: 79980 → "799.80". */
export function fenToYuanText(fen: number): string {
  const [whole = '0', frac = ''] = shiftLeft(Math.round(fen), 2).split('.');
  return group(`${whole}.${frac.padEnd(2, '0')}`);
}
