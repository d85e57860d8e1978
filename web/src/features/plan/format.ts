/**
 * How plan values read: money in fen shown as yuan, rates in basis points as percent, dates
 * stored as YYYYMMDD, counts with their unit. Decimal points are moved on the digits of the
 * number (string arithmetic), never by dividing floats.
 */
import type { Comparator, MeasureUnit } from '../../../../src/domain/plan/schema';
import { COMPARATOR_SYMBOLS, UNIT_LABELS } from '../../../../src/domain/plan/units';
import type { Lang } from '../../lib/i18n/shared';

/** The label of a unit of measure, for column headers and exports (one table: domain/plan/units). */
export function unitLabel(unit: MeasureUnit, lang: Lang): string {
  const labels = UNIT_LABELS[unit];
  return lang === 'en' ? labels.en : labels.zh;
}

export const comparatorSymbols: Record<Comparator, string> = COMPARATOR_SYMBOLS;

/** Plain decimal digits of a finite number (no exponent), e.g. 1.5 → "1.5", 2e21 → "2000…0". */
function plainDigits(value: number): string {
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
function decimals(decimal: string): number {
  return decimal.split('.')[1]?.length ?? 0;
}

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

/** A count as Chinese reads it: whole 万 amounts as 万 ("4 万"), others grouped ("6,000"). */
function formatCount(value: number, lang: Lang): string {
  const digits = plainDigits(value);
  if (lang === 'zh-CN' && Math.abs(value) >= 10000 && decimals(shiftLeft(value, 4)) <= 2) {
    return `${group(shiftLeft(value, 4))} 万`;
  }
  return group(digits);
}

/** 20250108 → "2025-01-08". */
export function formatYyyymmdd(value: number): string {
  const text = String(value).padStart(8, '0');
  return `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}`;
}

/** A value with its unit: "2,000.00 元", "20%", "4 万人次", "4.8 个/千人", "2025-01-08". */
export function formatValue(value: number, unit: MeasureUnit, lang: Lang): string {
  switch (unit) {
    case 'fen':
      return formatFen(value, lang);
    case 'bp':
      return `${shiftLeft(value, 2)}%`;
    case 'percent':
      return `${plainDigits(value)}%`;
    case 'per_thousand_people':
      return `${plainDigits(value)} ${unitLabel(unit, lang)}`;
    case 'date_yyyymmdd':
      return formatYyyymmdd(value);
    default: {
      const count = formatCount(value, lang);
      const label = unitLabel(unit, lang);
      return lang === 'zh-CN' && count.endsWith(' 万') ? `${count}${label}` : `${count} ${label}`;
    }
  }
}

/** Comparator and value together: "≥ 4 万人次", "≤ 2,000.00 元", "≈ 6,000 辆". */
export function formatComparison(comparator: Comparator, value: number, unit: MeasureUnit, lang: Lang): string {
  const text = formatValue(value, unit, lang);
  return comparator === 'eq' ? text : `${comparatorSymbols[comparator]} ${text}`;
}

/**
 * Ways the plan's text may write a value, used to find the figure inside a quote:
 * 2000000 fen → ["20000元", "2万元", …], 2000 bp → ["20%"], 40000 person_time → ["40000", "4万"].
 */
export function textForms(value: number, unit: MeasureUnit): string[] {
  switch (unit) {
    case 'fen':
      return [`${shiftLeft(value, 6)}万元`, `${shiftLeft(value, 10)}亿元`, `${shiftLeft(value, 2)}元`];
    case 'bp':
      return [`${shiftLeft(value, 2)}%`];
    case 'percent':
      return [`${plainDigits(value)}%`];
    case 'date_yyyymmdd':
      return [];
    default:
      return [`${shiftLeft(value, 4)}万`, `${shiftLeft(value, 8)}亿`, plainDigits(value)];
  }
}

const chineseDigits = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1..99 in Chinese numerals: 6 → 六, 10 → 十, 21 → 二十一. */
export function chineseNumber(n: number): string {
  if (n < 10) return chineseDigits[n] ?? String(n);
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : chineseDigits[tens]}十${ones === 0 ? '' : chineseDigits[ones]}`;
}

/** The measure number as the plan prints it: 6 → （六）. */
export function measureLabel(n: number): string {
  return `（${chineseNumber(n)}）`;
}

/** A measure's number for running text: （六） in Chinese, (6) in English. */
export function measureRef(n: number, lang: Lang): string {
  return lang === 'en' ? `(${n}) ` : measureLabel(n);
}

/** The action number as the plan prints it: 二、 in Chinese, 2. in English. */
export function actionRef(n: number, lang: Lang): string {
  return lang === 'en' ? `${n}. ` : `${chineseNumber(n)}、`;
}

/** First characters of a content hash, enough to tell versions apart. */
export function shortHash(hash: string): string {
  return hash.slice(0, 8);
}
