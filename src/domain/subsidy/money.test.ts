import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_MONEY_FEN } from './schema.js';
import { rateAmountFen, roundScaledToFen, yuan, yuanAsPlanned, yuanExact } from './money.js';

/** The rounding rule written with BigInt, independently of the code under test. */
function halfUpReference(baseFen: number, rateBp: number): bigint {
  const scaled = BigInt(baseFen) * BigInt(rateBp);
  return (scaled * 2n + 10_000n) / 20_000n;
}

describe('rate amounts, rounded once half up to the fen', () => {
  it('gives the plan examples exactly', () => {
    expect(rateAmountFen(399_900, 2000)).toBe(79_980); // 3999.00 × 20% = 799.80
    expect(rateAmountFen(120_000, 1500)).toBe(18_000); // smart lock 1200 × 15% = 180
    expect(rateAmountFen(600_000, 1500)).toBe(90_000); // phone 6000 × 15% = 900 (capped later)
    expect(rateAmountFen(5_000_000, 3000)).toBe(1_500_000); // 50000 × 30% = 15000
  });

  it('rounds a half fen up and less than a half down', () => {
    expect(rateAmountFen(1, 5000)).toBe(1); // 0.5 fen
    expect(rateAmountFen(1, 4999)).toBe(0); // 0.4999 fen
    expect(rateAmountFen(123_457, 1500)).toBe(18_519); // 185.1855 yuan → 185.19
    expect(rateAmountFen(123_453, 1500)).toBe(18_518); // 185.1795 yuan → 185.18
    expect(roundScaledToFen(15_000, 'half_up')).toBe(2);
    expect(roundScaledToFen(14_999, 'half_up')).toBe(1);
  });

  it('agrees with a BigInt reference for every base and rate', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_MONEY_FEN }), fc.integer({ min: 0, max: 10_000 }), (base, rate) => {
        expect(BigInt(rateAmountFen(base, rate))).toBe(halfUpReference(base, rate));
      }),
    );
  });

  it('is never negative, never above the base, and monotone in the base', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_MONEY_FEN - 1 }), fc.integer({ min: 0, max: 10_000 }), (base, rate) => {
        const amount = rateAmountFen(base, rate);
        expect(amount).toBeGreaterThanOrEqual(0);
        expect(amount).toBeLessThanOrEqual(base);
        expect(rateAmountFen(base + 1, rate)).toBeGreaterThanOrEqual(amount);
        expect(Number.isSafeInteger(amount)).toBe(true);
      }),
    );
  });
});

describe('money as people read it', () => {
  it('formats fen as yuan with two decimals and no grouping', () => {
    expect(yuan(399_900)).toBe('3999.00');
    expect(yuan(79_980)).toBe('799.80');
    expect(yuan(5)).toBe('0.05');
    expect(yuan(100_000_000)).toBe('1000000.00');
  });

  it('writes plan amounts as the plan does', () => {
    expect(yuanAsPlanned(200_000)).toBe('2000');
    expect(yuanAsPlanned(1_200_000)).toBe('12000');
    expect(yuanAsPlanned(12_345)).toBe('123.45');
  });

  it('shows an unrounded amount exactly', () => {
    expect(yuanExact(123_457 * 1500)).toBe('185.1855');
    expect(yuanExact(399_900 * 2000)).toBe('799.80');
    expect(yuanExact(1 * 4999)).toBe('0.004999');
    expect(yuanExact(0)).toBe('0.00');
  });
});
