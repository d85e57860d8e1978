import { describe, expect, it } from 'vitest';
import { chineseNumeral, measureLabel } from './chinese-numerals.js';

describe('Chinese numerals', () => {
  it('writes measure numbers as the plan prints them', () => {
    expect([1, 6, 10, 11, 16, 20, 21, 26].map(chineseNumeral)).toEqual([
      '一',
      '六',
      '十',
      '十一',
      '十六',
      '二十',
      '二十一',
      '二十六',
    ]);
    expect(measureLabel(26)).toBe('（二十六）');
  });

  it('refuses what it cannot write', () => {
    expect(() => chineseNumeral(0)).toThrow(RangeError);
    expect(() => chineseNumeral(100)).toThrow(RangeError);
  });
});
