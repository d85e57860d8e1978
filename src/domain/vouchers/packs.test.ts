import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_COUNT_PER_DENOMINATION,
  MAX_DENOMINATIONS,
  MAX_FACE_FEN,
  MAX_ROUND_QUANTITY,
  MAX_THRESHOLD_FEN,
  packFaceFen,
  packVoucherCount,
  packVouchers,
  roundBudgetFen,
  validatePack,
  validateRound,
  type Denomination,
  type Pack,
} from './packs.js';

/** Hangzhou's pack: 2×5 + 2×10 + 1×20 yuan (sources/reference.md). */
const HANGZHOU: Pack = [
  { faceFen: 500, thresholdFen: 0, count: 2 },
  { faceFen: 1000, thresholdFen: 0, count: 2 },
  { faceFen: 2000, thresholdFen: 0, count: 1 },
];
/** Henan 2025: 满100减20 and 满200减50. */
const HENAN: Pack = [
  { faceFen: 2000, thresholdFen: 10000, count: 1 },
  { faceFen: 5000, thresholdFen: 20000, count: 1 },
];

const denomination: fc.Arbitrary<Denomination> = fc
  .record({
    faceFen: fc.integer({ min: 1, max: MAX_FACE_FEN }),
    extra: fc.option(fc.integer({ min: 0, max: MAX_THRESHOLD_FEN - MAX_FACE_FEN }), { nil: null }),
    count: fc.integer({ min: 1, max: MAX_COUNT_PER_DENOMINATION }),
  })
  .map(({ faceFen, extra, count }) => ({ faceFen, thresholdFen: extra === null ? 0 : faceFen + extra, count }));
const pack = fc.array(denomination, { minLength: 1, maxLength: MAX_DENOMINATIONS });

describe('packs', () => {
  it('adds up a multi-denomination pack: Hangzhou 2×5 + 2×10 + 1×20 = 50 yuan in 5 vouchers', () => {
    expect(packFaceFen(HANGZHOU)).toBe(5000);
    expect(packVoucherCount(HANGZHOU)).toBe(5);
    expect(packVouchers(HANGZHOU).map((voucher) => voucher.faceFen)).toEqual([500, 500, 1000, 1000, 2000]);
    expect(validatePack(HENAN)).toEqual([]);
    expect(packFaceFen(HENAN)).toBe(7000);
  });

  it('names the field of every problem', () => {
    const problems = validatePack([
      { faceFen: 0, thresholdFen: 0, count: 1 },
      { faceFen: 2000, thresholdFen: 1000, count: 1 },
      { faceFen: 10.5, thresholdFen: 0, count: 0 },
      { faceFen: MAX_FACE_FEN + 1, thresholdFen: 0, count: 1 },
    ]);
    expect(problems.map((found) => [found.field, found.problem])).toEqual([
      ['packs[0].faceFen', 'not_positive'],
      ['packs[1].thresholdFen', 'below_face'],
      ['packs[2].faceFen', 'not_integer'],
      ['packs[2].count', 'not_positive'],
      ['packs[3].faceFen', 'too_large'],
    ]);
    expect(problems.every((found) => found.message.length > 0 && found.messageEn.length > 0)).toBe(true);
    expect(validatePack([]).map((found) => found.problem)).toEqual(['empty']);
    expect(validateRound(HENAN, 0).map((found) => [found.field, found.problem])).toEqual([
      ['quantity', 'not_positive'],
    ]);
    // a threshold equal to the face is allowed (满20减20), and 0 means none
    expect(validatePack([{ faceFen: 2000, thresholdFen: 2000, count: 1 }])).toEqual([]);
  });

  it('a round holds exactly quantity × the pack’s face total: 100,000 Henan packs need 700 million fen', () => {
    expect(roundBudgetFen(HENAN, 100_000)).toBe(700_000_000);
    expect(() => roundBudgetFen(HENAN, 1.5)).toThrow(RangeError);
  });

  it('a round’s budget is exact, or refused when it would pass Number.MAX_SAFE_INTEGER (property)', () => {
    fc.assert(
      fc.property(pack, fc.integer({ min: 1, max: MAX_ROUND_QUANTITY }), (items, quantity) => {
        const exact =
          items.reduce((sum, item) => sum + BigInt(item.faceFen) * BigInt(item.count), 0n) * BigInt(quantity);
        if (exact > BigInt(Number.MAX_SAFE_INTEGER)) {
          expect(validateRound(items, quantity).map((found) => found.field)).toEqual(['quantity']);
          expect(() => roundBudgetFen(items, quantity)).toThrow(RangeError);
        } else {
          expect(validateRound(items, quantity)).toEqual([]);
          expect(BigInt(roundBudgetFen(items, quantity))).toBe(exact);
          const vouchers = packVouchers(items);
          expect(vouchers.length).toBe(packVoucherCount(items));
          expect(vouchers.reduce((sum, voucher) => sum + voucher.faceFen, 0)).toBe(packFaceFen(items));
        }
      }),
    );
  });
});
