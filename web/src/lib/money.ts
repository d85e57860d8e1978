/**
 * Money on the budget dashboard: integer fen in, text out, with every decimal point moved on the
 * digits (format.ts, calculator/money.ts), never by float division. Shares are computed in BigInt.
 */
import { group, shiftLeft } from '../features/plan/format';
import type { Lang } from './i18n/shared';
import { fenToYuanText, yuanToFen } from '../pages/calculator/money';

export { fenToYuanText };

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
