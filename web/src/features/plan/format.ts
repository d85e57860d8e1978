/**
 * How plan values read: money in fen shown as yuan (lib/money), rates in basis points as percent,
 * dates stored as YYYYMMDD (lib/datetime), counts with their unit. Decimal points are moved on the
 * digits of the number (lib/decimal), never by dividing floats. Chinese numerals are the domain's.
 */
import type { Comparator, MeasureUnit } from '../../../../src/domain/plan/schema';
import { chineseNumeral, measureLabel } from '../../../../src/domain/plan/chinese-numerals';
import { COMPARATOR_SYMBOLS, UNIT_LABELS } from '../../../../src/domain/plan/units';
import { decimals, group, plainDigits, shiftLeft } from '../../lib/decimal';
import { formatYyyymmdd } from '../../lib/datetime';
import type { Lang } from '../../lib/i18n/shared';
import { formatFen } from '../../lib/money';

/** The label of a unit of measure, for column headers and exports (one table: domain/plan/units). */
export function unitLabel(unit: MeasureUnit, lang: Lang): string {
  const labels = UNIT_LABELS[unit];
  return lang === 'en' ? labels.en : labels.zh;
}

export const comparatorSymbols: Record<Comparator, string> = COMPARATOR_SYMBOLS;

/** A count as Chinese reads it: whole 万 amounts as 万 ("4 万"), others grouped ("6,000"). */
function formatCount(value: number, lang: Lang): string {
  const digits = plainDigits(value);
  if (lang === 'zh-CN' && Math.abs(value) >= 10000 && decimals(shiftLeft(value, 4)) <= 2) {
    return `${group(shiftLeft(value, 4))} 万`;
  }
  return group(digits);
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

/** A measure's number for running text: （六） in Chinese, (6) in English. */
export function measureRef(n: number, lang: Lang): string {
  return lang === 'en' ? `(${n}) ` : measureLabel(n);
}

/** The action number as the plan prints it: 二、 in Chinese, 2. in English. */
export function actionRef(n: number, lang: Lang): string {
  return lang === 'en' ? `${n}. ` : `${chineseNumeral(n)}、`;
}

/** First characters of a content hash, enough to tell versions apart. */
export function shortHash(hash: string): string {
  return hash.slice(0, 8);
}
