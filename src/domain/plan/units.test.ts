import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatBasisPoints, formatFen, formatValue } from './units.js';

describe('formatting plan values', () => {
  it('formats fen as yuan exactly', () => {
    expect(formatFen(79980)).toBe('799.80');
    expect(formatFen(200000)).toBe('2,000.00');
    expect(formatFen(100_000_000)).toBe('1,000,000.00');
    expect(formatFen(-5)).toBe('-0.05');
    expect(formatFen(0)).toBe('0.00');
  });

  it('reads back to the same number of fen for every safe integer', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (fen) => {
        const text = formatFen(fen).replace(/,/g, '');
        const [yuan = '', cents = ''] = text.replace('-', '').split('.');
        const back = (BigInt(yuan) * 100n + BigInt(cents)) * (text.startsWith('-') ? -1n : 1n);
        expect(back).toBe(BigInt(fen));
      }),
    );
  });

  it('refuses fractional fen', () => {
    expect(() => formatFen(1.5)).toThrow(RangeError);
  });

  it('formats basis points without float error', () => {
    expect(formatBasisPoints(2000)).toBe('20%');
    expect(formatBasisPoints(1250)).toBe('12.5%');
    expect(formatBasisPoints(5)).toBe('0.05%');
  });

  it('formats units in both languages', () => {
    expect(formatValue(40000, 'person_time')).toBe('40,000人次');
    expect(formatValue(40000, 'person_time', 'en')).toBe('40,000 person-times');
    expect(formatValue(4.8, 'per_thousand_people')).toBe('4.8个/千人');
    expect(formatValue(20250108, 'date_yyyymmdd')).toBe('2025-01-08');
    expect(formatValue(2000000, 'fen')).toBe('20,000.00 元');
  });
});
