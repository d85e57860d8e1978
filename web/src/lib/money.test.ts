import { describe, expect, it } from 'vitest';
import {
  bigAmountText,
  fenToYuanText,
  formatFen,
  headlineAmount,
  parseYuan,
  sharePercent,
  shareText,
  yuanPlain,
  yuanToFen,
} from './money';

describe('money', () => {
  it('parses yuan as typed into exact fen, on the digits', () => {
    expect(parseYuan('1000000.00')).toBe(100_000_000);
    expect(parseYuan('1,000,000.00')).toBe(100_000_000);
    expect(parseYuan(' 1 000 000 ')).toBe(100_000_000);
    expect(parseYuan('0.1')).toBe(10);
    expect(parseYuan('0.29')).toBe(29); // 0.29 × 100 is 28.999… in floats
    expect(parseYuan('1.005')).toBeUndefined();
    expect(parseYuan('0')).toBeUndefined();
    expect(parseYuan('0.00')).toBeUndefined();
    expect(parseYuan('-5')).toBeUndefined();
    expect(parseYuan('1e6')).toBeUndefined();
    expect(parseYuan('')).toBeUndefined();
    expect(parseYuan(undefined)).toBeUndefined();
    expect(parseYuan('90071992547409.91')).toBe(Number.MAX_SAFE_INTEGER);
    expect(parseYuan('90071992547409.92')).toBeUndefined();
  });

  it('writes yuan with two decimals for spreadsheets', () => {
    expect(yuanPlain(100_000_000)).toBe('1000000.00');
    expect(yuanPlain(5)).toBe('0.05');
    expect(yuanPlain(0)).toBe('0.00');
    expect(yuanPlain(123_456)).toBe('1234.56');
  });

  it('reads big amounts in 万元 and million yuan, rounded half up', () => {
    expect(bigAmountText(100_000_000, 'zh-CN')).toBe('100.00 万元');
    expect(bigAmountText(123_456_789, 'zh-CN')).toBe('123.46 万元');
    expect(bigAmountText(123_449_999, 'zh-CN')).toBe('123.45 万元');
    expect(bigAmountText(1_234_567_890_000, 'zh-CN')).toBe('1,234,567.89 万元');
    expect(bigAmountText(4_999, 'zh-CN')).toBe('0.00 万元');
    expect(bigAmountText(100_000_000, 'en')).toBe('1.00 million yuan');
    expect(bigAmountText(-150_000_000, 'zh-CN')).toBe('-150.00 万元');
  });

  it('gives a card big totals in 万元 with the exact figure, small ones exact', () => {
    expect(headlineAmount(100_000_000, 'zh-CN')).toEqual({ main: '100.00 万元', exact: '1,000,000.00 元' });
    expect(headlineAmount(999_999, 'zh-CN')).toEqual({ main: '9,999.99 元' });
    expect(headlineAmount(0, 'en')).toEqual({ main: '0.00 yuan' });
  });

  it('computes shares exactly, one decimal, half up', () => {
    expect(shareText(1, 3)).toBe('33.3%');
    expect(shareText(2, 3)).toBe('66.7%');
    expect(shareText(0, 100)).toBe('0.0%');
    expect(shareText(100, 100)).toBe('100.0%');
    expect(shareText(1, 2000)).toBe('0.1%');
    expect(shareText(5, 0)).toBe('—');
    expect(shareText(Number.MAX_SAFE_INTEGER - 1, Number.MAX_SAFE_INTEGER)).toBe('100.0%');
    expect(sharePercent(1, 3)).toBe(33.33);
    expect(sharePercent(0, 0)).toBe(0);
  });

  it('reads plan amounts in 元, 万元 and 亿元, and typed yuan back to fen on the digits', () => {
    expect(formatFen(200_000, 'zh-CN')).toBe('2,000.00 元');
    expect(formatFen(2_000_000, 'zh-CN')).toBe('2 万元');
    expect(formatFen(2_000_000, 'en')).toBe('20,000.00 yuan');
    expect(formatFen(30_000_000_000, 'zh-CN')).toBe('3 亿元');
    expect(fenToYuanText(79_980)).toBe('799.80');
    expect(yuanToFen('6000.01')).toBe(600_001);
    expect(yuanToFen('0.5')).toBe(50);
    expect(yuanToFen('1.234')).toBeUndefined();
  });
});
