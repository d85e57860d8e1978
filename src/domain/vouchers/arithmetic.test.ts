import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exactTotal, mulDivHalfUp, safeProduct, safeSum } from './arithmetic.js';

describe('exact voucher arithmetic', () => {
  it('rounds a × b ÷ c half up, exactly, whatever the size of a × b (property)', () => {
    expect(mulDivHalfUp(1, 1, 2)).toBe(1);
    expect(mulDivHalfUp(1, 1, 3)).toBe(0);
    expect(mulDivHalfUp(Number.MAX_SAFE_INTEGER, 3, 3)).toBe(Number.MAX_SAFE_INTEGER);
    const safe = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
    fc.assert(
      fc.property(safe, safe, fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (a, b, c) => {
        const exact = BigInt(a) * BigInt(b);
        const floor = exact / BigInt(c);
        const expected = 2n * (exact - floor * BigInt(c)) >= BigInt(c) ? floor + 1n : floor;
        if (expected > BigInt(Number.MAX_SAFE_INTEGER)) expect(() => mulDivHalfUp(a, b, c)).toThrow(RangeError);
        else expect(BigInt(mulDivHalfUp(a, b, c))).toBe(expected);
      }),
    );
  });

  it('refuses sums and products past Number.MAX_SAFE_INTEGER instead of rounding them', () => {
    expect(safeProduct(2 ** 26, 2 ** 26)).toBe(2 ** 52);
    expect(safeProduct(2 ** 27, 2 ** 26)).toBeNull();
    expect(safeSum(Number.MAX_SAFE_INTEGER, 1)).toBeNull();
    expect(exactTotal([1, 2, 3])).toBe(6);
    expect(() => exactTotal([Number.MAX_SAFE_INTEGER, 1])).toThrow(RangeError);
  });
});
