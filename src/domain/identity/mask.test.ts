import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskBankAccount, maskIdNumber, maskMobile } from './mask.js';

describe('masks', () => {
  it('mask the examples', () => {
    expect(maskIdNumber('41120219900101123X')).toBe('4112**********123X');
    expect(maskMobile('13812345678')).toBe('138****5678');
    expect(maskBankAccount('6222021234567890123')).toBe('***************0123');
  });

  it('mask values too short to keep anything hidden entirely', () => {
    expect(maskIdNumber('12345678')).toBe('********');
    expect(maskMobile('1234567')).toBe('*******');
    expect(maskBankAccount('1234')).toBe('****');
    expect(maskBankAccount('')).toBe('');
  });

  const value = fc.string({ unit: fc.constantFrom(...'0123456789X'), minLength: 0, maxLength: 30 });

  it.each([
    ['maskIdNumber', maskIdNumber, 4, 4],
    ['maskMobile', maskMobile, 3, 4],
    ['maskBankAccount', maskBankAccount, 0, 4],
  ] as const)('%s keeps the length and the visible parts', (_name, mask, start, end) => {
    fc.assert(
      fc.property(value, (raw) => {
        const masked = mask(raw);
        expect(masked).toHaveLength(raw.length);
        if (raw.length > start + end) {
          expect(masked.slice(0, start)).toBe(raw.slice(0, start));
          expect(masked.slice(raw.length - end)).toBe(raw.slice(raw.length - end));
          expect(masked.slice(start, raw.length - end)).toMatch(/^\*+$/);
        } else {
          expect(masked).toMatch(/^\**$/);
        }
      }),
    );
  });
});
