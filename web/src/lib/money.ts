/**
 * Money, the one place it is read and written: integer fen in, text out (and typed yuan back to fen),
 * with every decimal point moved on the digits (lib/decimal), never by float division. Shares are
 * computed in BigInt.
 */
import { decimals, group, shiftLeft } from './decimal';
import type { Lang } from './i18n/shared';

/** A yuan amount with exactly two decimals: "2000" → "2000.00", "12.5" → "12.50". */
function withCents(decimal: string): string {
  const [whole = '0', frac = ''] = decimal.split('.');
  return `${whole}.${frac.padEnd(2, '0')}`;
}

/** Money in fen: 200000 → "2,000.00 元"; whole 万 and 亿 amounts read as such: 2000000 → "2 万元". */
export function formatFen(fen: number, lang: Lang): string {
  const cents = Math.round(fen); // fen are integers; a stray fraction of a fen is not money
  const inUnitsOf = (digits: number) => shiftLeft(cents, digits);
  const yuanDigits = (inUnitsOf(2).replace('-', '').split('.')[0] ?? '').length;
  if (lang === 'en') {
    if (yuanDigits >= 7 && decimals(inUnitsOf(8)) <= 2) return `${inUnitsOf(8)} million yuan`;
    return `${group(withCents(inUnitsOf(2)))} yuan`;
  }
  if (yuanDigits >= 9 && decimals(inUnitsOf(10)) <= 2) return `${inUnitsOf(10)} 亿元`;
  if (yuanDigits >= 5 && decimals(inUnitsOf(6)) <= 2) return `${group(inUnitsOf(6))} 万元`;
  return `${group(withCents(inUnitsOf(2)))} 元`;
}

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

/** Yuan with two decimals and no grouping, for spreadsheets: 100000000 → "1000000.00". */
export function yuanPlain(fen: number): string {
  const [whole = '0', frac = ''] = shiftLeft(Math.round(fen), 2).split('.');
  return `${whole}.${frac.padEnd(2, '0')}`;
}

/** value ÷ unit rounded half away from zero, for safe integers, in BigInt so that nothing is lost. */
function roundDiv(value: number, unit: bigint): bigint {
  const v = BigInt(Math.round(value));
  const negative = v < 0n;
  const magnitude = negative ? -v : v;
  const q = (2n * magnitude + unit) / (2n * unit);
  return negative ? -q : q;
}

/**
 * A big amount at a glance, rounded half up to two decimals: 万元 in Chinese ("100.00 万元"),
 * million yuan in English ("1.00 million yuan").
 */
export function bigAmountText(fen: number, lang: Lang): string {
  // 万元 with two decimals: units of 100 yuan = 10,000 fen; million yuan: units of 10,000 yuan
  const units = roundDiv(fen, lang === 'en' ? 1_000_000n : 10_000n);
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(3, '0');
  const text = `${group(digits.slice(0, -2))}.${digits.slice(-2)}`;
  return `${negative ? '-' : ''}${text} ${lang === 'en' ? 'million yuan' : '万元'}`;
}

/**
 * Yuan as a person types it ("1,000,000.00", "1000000", "0.5") to integer fen; thousands separators
 * and spaces are allowed. Zero, negatives, three decimals and anything else → undefined.
 */
export function parseYuan(text: string | null | undefined): number | undefined {
  if (text === null || text === undefined) return undefined;
  const cleaned = text.replace(/[\s,，]/g, '');
  if (cleaned === '') return undefined;
  const fen = yuanToFen(cleaned);
  return fen !== undefined && fen > 0 ? fen : undefined;
}

/** part ÷ whole as a percentage with one decimal, rounded half up: (1, 3) → "33.3%"; whole 0 → "—". */
export function shareText(part: number, whole: number): string {
  if (whole <= 0) return '—';
  const tenths = (2n * 1000n * BigInt(Math.round(part)) + BigInt(Math.round(whole))) / (2n * BigInt(Math.round(whole)));
  const text = tenths.toString().padStart(2, '0');
  return `${text.slice(0, -1)}.${text.slice(-1)}%`;
}

/** part ÷ whole in percent with two decimals, for a progress bar's length (0 when whole is 0). */
export function sharePercent(part: number, whole: number): number {
  if (whole <= 0) return 0;
  const hundredths =
    (2n * 10_000n * BigInt(Math.round(part)) + BigInt(Math.round(whole))) / (2n * BigInt(Math.round(whole)));
  return Number(hundredths) / 100;
}

/** Amounts from 1 万元 (1,000,000 fen) up read first in 万元 (million yuan in English), with the exact figure beside. */
const BIG_FEN = 1_000_000;

/** A card's figure: big totals as 万元 with the exact yuan below; small ones exact. */
export function headlineAmount(fen: number, lang: Lang): { main: string; exact?: string } {
  const yuan = lang === 'en' ? 'yuan' : '元';
  const exact = `${fenToYuanText(fen)} ${yuan}`;
  return Math.abs(fen) >= BIG_FEN ? { main: bigAmountText(fen, lang), exact } : { main: exact };
}
