/**
 * How a plan value reads to a person: unit labels in both languages and exact money formatting.
 * The web imports the labels from here too, so the CLI, the API's users and the pages agree.
 */
import type { Comparator, MeasureUnit } from './schema.js';

export const UNIT_LABELS: Record<MeasureUnit, { zh: string; en: string }> = {
  person_time: { zh: '人次', en: 'person-times' },
  person: { zh: '人', en: 'people' },
  household: { zh: '户', en: 'households' },
  vehicle: { zh: '辆', en: 'vehicles' },
  appliance_item: { zh: '台', en: 'appliances' },
  item: { zh: '件', en: 'items' },
  bed: { zh: '张', en: 'beds' },
  institution: { zh: '家', en: 'institutions' },
  facility: { zh: '个', en: 'facilities' },
  line: { zh: '条', en: 'lines' },
  brand: { zh: '个', en: 'brands' },
  product: { zh: '个', en: 'products' },
  category: { zh: '类', en: 'categories' },
  project: { zh: '项', en: 'projects' },
  cluster: { zh: '个', en: 'clusters' },
  chain: { zh: '条', en: 'chains' },
  km: { zh: '公里', en: 'km' },
  minute: { zh: '分钟', en: 'minutes' },
  hour: { zh: '小时', en: 'hours' },
  day: { zh: '天', en: 'days' },
  working_day: { zh: '个工作日', en: 'working days' },
  year_of_age: { zh: '周岁', en: 'years of age' },
  litre: { zh: '升', en: 'litres' },
  date_yyyymmdd: { zh: '日期', en: 'date' },
  fen: { zh: '元', en: 'yuan' },
  bp: { zh: '%', en: '%' },
  percent: { zh: '%', en: '%' },
  per_thousand_people: { zh: '个/千人', en: 'per 1,000 people' },
};

export const COMPARATOR_SYMBOLS: Record<Comparator, string> = { gte: '≥', approx: '≈', lte: '≤', eq: '=' };

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Integer fen as yuan with two decimals, by integer arithmetic only: 79980 → "799.80". */
export function formatFen(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`fen must be a safe integer, got ${fen}`);
  const sign = fen < 0 ? '-' : '';
  const absolute = Math.abs(fen);
  const yuan = Math.trunc(absolute / 100);
  const cents = absolute % 100;
  return `${sign}${groupThousands(String(yuan))}.${String(cents).padStart(2, '0')}`;
}

/** Basis points as a percentage without float error: 2000 → "20%", 1250 → "12.5%". */
export function formatBasisPoints(bp: number): string {
  const whole = Math.trunc(bp / 100);
  const rest = Math.abs(bp % 100);
  return rest === 0 ? `${whole}%` : `${whole}.${String(rest).padStart(2, '0').replace(/0$/, '')}%`;
}

export function formatValue(value: number, unit: MeasureUnit, language: 'zh' | 'en' = 'zh'): string {
  switch (unit) {
    case 'fen':
      return `${formatFen(value)} ${UNIT_LABELS.fen[language]}`;
    case 'bp':
      return formatBasisPoints(value);
    case 'percent':
      return `${value}%`;
    case 'date_yyyymmdd': {
      const text = String(value);
      return `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}`;
    }
    default: {
      const label = UNIT_LABELS[unit][language];
      const number = Number.isInteger(value) ? groupThousands(String(value)) : String(value);
      return language === 'zh' ? `${number}${label}` : `${number} ${label}`;
    }
  }
}
