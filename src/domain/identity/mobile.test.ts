import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkMobileNumber } from './mobile.js';

describe('checkMobileNumber', () => {
  it.each([
    '13812345678',
    '+8613812345678',
    '008613812345678',
    '138 1234 5678',
    '138-1234-5678',
    ' +86 138-1234-5678 ',
  ])('normalises %s', (raw) => {
    expect(checkMobileNumber(raw)).toEqual({ ok: true, mobileNumber: '13812345678' });
  });

  it.each(['1381234567', '138123456789', '1381234567a', '', '+8713812345678', '8613812345678x', '138_1234_5678'])(
    'reports a format problem for "%s"',
    (raw) => {
      expect(checkMobileNumber(raw)).toMatchObject({ ok: false, problem: 'format' });
    },
  );

  it.each(['10012345678', '11012345678', '12012345678', '23812345678', '03812345678'])(
    'reports a prefix problem for %s',
    (raw) => {
      const result = checkMobileNumber(raw);
      expect(result).toMatchObject({ ok: false, problem: 'prefix' });
      if (!result.ok) {
        expect(result.message).toMatch(/手机号码/);
        expect(result.messageEn).toMatch(/Mobile number/);
      }
    },
  );

  it('accepts every 1[3-9] number with or without a prefix', () => {
    const digits = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 9, maxLength: 9 });
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 9 }),
        digits,
        fc.constantFrom('', '+86', '0086', '+86 '),
        (second, rest, prefix) => {
          const number = `1${second}${rest}`;
          expect(checkMobileNumber(prefix + number)).toEqual({ ok: true, mobileNumber: number });
        },
      ),
    );
  });
});
