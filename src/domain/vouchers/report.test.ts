import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  grossLeverageHundredths,
  hundredthsText,
  lotteryDifference,
  rateBp,
  voucherReport,
  type ReportRedemption,
  type ReportVoucher,
} from './report.js';
import { VOUCHER_STATES } from './vocabulary.js';

const ROUNDS = [
  { roundId: 'r1', issuedVouchers: 4, issuedFen: 8000, rereleasedFen: 2000 },
  { roundId: 'r2', issuedVouchers: 2, issuedFen: 4000, rereleasedFen: 0 },
];
const VOUCHERS: ReportVoucher[] = [
  { roundId: 'r1', unitId: 'hubin', faceFen: 2000, state: 'redeemed' },
  { roundId: 'r1', unitId: 'hubin', faceFen: 2000, state: 'redeemed' },
  { roundId: 'r1', unitId: 'lingbao', faceFen: 2000, state: 'expired' },
  { roundId: 'r2', unitId: 'lingbao', faceFen: 2000, state: 'issued' },
];
const REDEMPTIONS: ReportRedemption[] = [
  // 满100减20 at exactly 100 yuan: gross leverage 5.00 by construction
  {
    billId: 'b1',
    roundId: 'r1',
    category: 'dining',
    merchantId: 'm1',
    unitId: 'hubin',
    billFen: 10000,
    discountFen: 2000,
  },
  // a bill of 150 yuan in another unit
  {
    billId: 'b2',
    roundId: 'r1',
    category: 'retail',
    merchantId: 'm2',
    unitId: 'lingbao',
    billFen: 15000,
    discountFen: 2000,
  },
];

describe('what the vouchers drove', () => {
  it('counts issued, claimed, redeemed, expired and re-released per round, with rate and gross leverage', () => {
    const report = voucherReport({ rounds: ROUNDS, vouchers: VOUCHERS, redemptions: REDEMPTIONS });
    expect(report.total).toEqual({
      key: 'total',
      issued: 6,
      issuedFen: 12000,
      claimed: 4,
      claimedFen: 8000,
      expired: 1,
      expiredFen: 2000,
      rereleasedFen: 2000,
      redemptionRateBp: 5000,
      redeemed: 2,
      voucherFen: 4000,
      salesFen: 25000,
      grossLeverageHundredths: 625,
      grossLeverage: '6.25',
      leverageKind: 'gross',
    });
    expect(report.byRound.map((figures) => [figures.key, figures.claimed, figures.redemptionRateBp])).toEqual([
      ['r1', 3, 6667],
      ['r2', 1, 0],
    ]);
    expect(report.byCategory.map((figures) => [figures.key, figures.grossLeverage, figures.claimed])).toEqual([
      ['dining', '5.00', null],
      ['retail', '7.50', null],
    ]);
    // units: claims by the claimant's unit, sales by the merchant's
    expect(report.byUnit.map((figures) => [figures.key, figures.claimed, figures.salesFen, figures.issued])).toEqual([
      ['hubin', 2, 10000, null],
      ['lingbao', 2, 15000, null],
    ]);
    expect(report.byMerchant.map((figures) => figures.key)).toEqual(['m1', 'm2']);
    expect(report.rounding).toContain('half_up');
  });

  it('counts a bill carrying two vouchers once in sales', () => {
    const stacked = [
      { ...REDEMPTIONS[0]!, billFen: 20000 },
      { ...REDEMPTIONS[0]!, billFen: 20000 },
    ];
    const total = voucherReport({ rounds: [], vouchers: [], redemptions: stacked }).total;
    expect([total.redeemed, total.salesFen, total.voucherFen, total.grossLeverage]).toEqual([2, 20000, 4000, '5.00']);
  });

  it('rounds half up once: rate to the basis point, leverage to the hundredth', () => {
    expect(rateBp(2, 3)).toBe(6667);
    expect(rateBp(1, 8)).toBe(1250);
    expect(rateBp(0, 0)).toBeNull();
    expect(grossLeverageHundredths(12460, 3510)).toBe(355); // Hangzhou 2020: 124.6 ÷ 35.1 = 3.5498…
    expect(grossLeverageHundredths(1, 0)).toBeNull();
    expect(hundredthsText(5)).toBe('0.05');
  });

  it('a 满100减20 voucher has a gross leverage of at least 5, and groups add up to the total (property)', () => {
    const row = fc.record({
      billId: fc.integer({ min: 0, max: 30 }).map(String),
      roundId: fc.constantFrom('r1', 'r2'),
      category: fc.constantFrom('dining', 'retail', 'tourism'),
      merchantId: fc.constantFrom('m1', 'm2', 'm3'),
      unitId: fc.constantFrom('hubin', 'lingbao'),
      billFen: fc.integer({ min: 10000, max: 1_000_000 }),
      discountFen: fc.constant(2000),
    });
    const voucher = fc.record({
      roundId: fc.constantFrom('r1', 'r2'),
      unitId: fc.constantFrom('hubin', 'lingbao'),
      faceFen: fc.constant(2000),
      state: fc.constantFrom(...VOUCHER_STATES),
    });
    fc.assert(
      fc.property(fc.uniqueArray(row, { selector: (item) => item.billId }), fc.array(voucher), (rows, vouchers) => {
        const report = voucherReport({ rounds: [], vouchers, redemptions: rows });
        for (const figures of [report.total, ...report.byCategory, ...report.byMerchant, ...report.byRound]) {
          if (figures.grossLeverageHundredths !== null)
            expect(figures.grossLeverageHundredths).toBeGreaterThanOrEqual(500);
          if (figures.redemptionRateBp !== null) expect(figures.redemptionRateBp).toBeLessThanOrEqual(10_000);
        }
        for (const groups of [report.byRound, report.byCategory, report.byUnit, report.byMerchant]) {
          expect(groups.reduce((sum, figures) => sum + figures.redeemed, 0)).toBe(report.total.redeemed);
          expect(groups.reduce((sum, figures) => sum + figures.salesFen, 0)).toBe(report.total.salesFen);
        }
        expect(report.byUnit.reduce((sum, figures) => sum + (figures.claimed ?? 0), 0)).toBe(vouchers.length);
      }),
    );
  });
});

describe('winners against registered non-winners', () => {
  it('takes the difference of the means, counting registrants without spending as 0', () => {
    const result = lotteryDifference({
      registrants: [
        { personKey: 'a', won: true },
        { personKey: 'b', won: true },
        { personKey: 'c', won: false },
        { personKey: 'd', won: false },
        { personKey: 'e', won: false },
      ],
      spending: [
        { personKey: 'a', spendFen: 30000 },
        { personKey: 'a', spendFen: 1 },
        { personKey: 'b', spendFen: 10000 },
        { personKey: 'c', spendFen: 10000 },
        { personKey: 'd', spendFen: 5000 },
        { personKey: 'stranger', spendFen: 999999 },
      ],
    });
    expect(result).toMatchObject({
      winners: 2,
      nonWinners: 3,
      meanWinnersFen: 20001, // 40001 ÷ 2 = 20000.5, half up
      meanNonWinnersFen: 5000,
      differenceFen: 15001,
    });
    expect(result.note.en).toContain('random');
  });

  it('is null without one of the groups, and may be negative', () => {
    expect(lotteryDifference({ registrants: [{ personKey: 'a', won: true }], spending: [] }).differenceFen).toBeNull();
    const negative = lotteryDifference({
      registrants: [
        { personKey: 'a', won: true },
        { personKey: 'b', won: false },
      ],
      spending: [{ personKey: 'b', spendFen: 100 }],
    });
    expect(negative.differenceFen).toBe(-100);
    expect(() =>
      lotteryDifference({
        registrants: [
          { personKey: 'a', won: true },
          { personKey: 'a', won: false },
        ],
        spending: [],
      }),
    ).toThrow(RangeError);
  });
});
