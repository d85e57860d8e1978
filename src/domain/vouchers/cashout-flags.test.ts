import { describe, expect, it } from 'vitest';
import {
  QUICK_FAR_WINDOW_MS,
  REPEATED_PAIR_MIN_REDEMPTIONS,
  THRESHOLD_BUNCH_MIN_BILLS,
  atThreshold,
  cashOutFlags,
  type FlagRedemption,
} from './cashout-flags.js';

const BASE: FlagRedemption = {
  id: 'x',
  merchantId: 'm1',
  merchantUnitId: 'hubin',
  payerKey: 'p0',
  claimantUnitId: 'hubin',
  billFen: 15000,
  thresholdFen: 10000,
  claimedAt: '2025-06-01T02:00:00.000Z',
  redeemedAt: '2025-06-02T04:00:00.000Z',
  refundedAt: null,
};

/** `count` ordinary redemptions at m1 by different payers on different days, bills spread out. */
function ordinary(count: number, override: Partial<FlagRedemption> = {}): FlagRedemption[] {
  return Array.from({ length: count }, (_, index) => ({
    ...BASE,
    id: `o${index}`,
    payerKey: `p${index}`,
    billFen: 10000 + 1000 * (index + 1),
    redeemedAt: new Date(Date.parse(BASE.redeemedAt) + index * 3_600_000).toISOString(),
    ...override,
  }));
}

const codes = (rows: readonly FlagRedemption[]) => cashOutFlags(rows).map((flag) => flag.code);

describe('voucher cash-out flags', () => {
  it('raises nothing on ordinary redemptions', () => {
    expect(cashOutFlags(ordinary(30))).toEqual([]);
    expect(cashOutFlags([])).toEqual([]);
  });

  it('VOUCHER_BILLS_AT_THRESHOLD: most of a merchant’s bills within 1 yuan above the threshold', () => {
    const rows = ordinary(10).map((row, index) => (index < 6 ? { ...row, billFen: 10000 + index * 20 } : row));
    const flags = cashOutFlags(rows);
    expect(flags.map((flag) => flag.code)).toEqual(['VOUCHER_BILLS_AT_THRESHOLD']);
    expect(flags[0]?.redemptionIds).toEqual(['o0', 'o1', 'o2', 'o3', 'o4', 'o5']);
    expect(flags[0]?.evidence).toEqual(
      expect.arrayContaining([{ label: '门槛之上1元内 bills at threshold', value: '6 / 10' }]),
    );
    expect(flags[0]?.reason).toContain('60%');
    // 5 of 10: below the share
    expect(codes(rows.map((row, index) => (index === 5 ? { ...row, billFen: 15000 } : row)))).toEqual([]);
    // all at threshold, but too few bills to say anything
    expect(codes(ordinary(THRESHOLD_BUNCH_MIN_BILLS - 1, { billFen: 10000 }))).toEqual([]);
    // bills without a threshold never count
    expect(codes(ordinary(20, { billFen: 100, thresholdFen: 0 }))).toEqual([]);
    expect(atThreshold({ billFen: 10100, thresholdFen: 10000 })).toBe(true);
    expect(atThreshold({ billFen: 10101, thresholdFen: 10000 })).toBe(false);
    expect(atThreshold({ billFen: 9999, thresholdFen: 10000 })).toBe(false);
  });

  it('VOUCHER_REPEATED_PAIR: one payer at one merchant five times within 30 days', () => {
    const days = (count: number, step: number) =>
      ordinary(count).map((row, index) => ({
        ...row,
        payerKey: 'p-same',
        redeemedAt: new Date(Date.parse(BASE.redeemedAt) + index * step * 86_400_000).toISOString(),
      }));
    const flags = cashOutFlags(days(REPEATED_PAIR_MIN_REDEMPTIONS, 7));
    expect(flags.map((flag) => flag.code)).toEqual(['VOUCHER_REPEATED_PAIR']);
    expect(flags[0]?.evidence).toEqual(expect.arrayContaining([{ label: '付款人 payer', value: 'p-same' }]));
    // four times is not enough; five spread over 40 days is not bunched
    expect(codes(days(REPEATED_PAIR_MIN_REDEMPTIONS - 1, 1))).toEqual([]);
    expect(codes(days(REPEATED_PAIR_MIN_REDEMPTIONS, 10))).toEqual([]);
    // the same payer at five different merchants is not a pair
    expect(codes(days(5, 1).map((row, index) => ({ ...row, merchantId: `m${index}` })))).toEqual([]);
  });

  it('VOUCHER_QUICK_FAR_REDEMPTION: redeemed within 10 minutes of claiming in another unit', () => {
    const claimedAt = '2025-06-02T02:00:00.000Z';
    const soon = new Date(Date.parse(claimedAt) + QUICK_FAR_WINDOW_MS - 1000).toISOString();
    const row = { ...BASE, id: 'q1', claimedAt, redeemedAt: soon, claimantUnitId: 'lushi' };
    const flags = cashOutFlags([row]);
    expect(flags.map((flag) => flag.code)).toEqual(['VOUCHER_QUICK_FAR_REDEMPTION']);
    expect(flags[0]?.redemptionIds).toEqual(['q1']);
    expect(flags[0]?.reason).toContain('9 分钟');
    // the same unit, or ten minutes or more later, is ordinary
    expect(codes([{ ...row, claimantUnitId: 'hubin' }])).toEqual([]);
    const later = new Date(Date.parse(claimedAt) + QUICK_FAR_WINDOW_MS).toISOString();
    expect(codes([{ ...row, redeemedAt: later }])).toEqual([]);
  });

  it('VOUCHER_REFUNDS_AFTER_REDEMPTION: several refunds, a tenth or more of the merchant’s redemptions', () => {
    const refund = (row: FlagRedemption): FlagRedemption => ({ ...row, refundedAt: '2025-06-03T00:00:00.000Z' });
    const rows = ordinary(30).map((row, index) => (index < 3 ? refund(row) : row));
    const flags = cashOutFlags(rows);
    expect(flags.map((flag) => flag.code)).toEqual(['VOUCHER_REFUNDS_AFTER_REDEMPTION']);
    expect(flags[0]?.redemptionIds).toEqual(['o0', 'o1', 'o2']);
    // two refunds are not enough; three among 40 redemptions are under a tenth
    expect(codes(ordinary(30).map((row, index) => (index < 2 ? refund(row) : row)))).toEqual([]);
    expect(codes(ordinary(40).map((row, index) => (index < 3 ? refund(row) : row)))).toEqual([]);
  });

  it('lists flags in a stable order: by code, then merchant', () => {
    const bunched = ordinary(10, { billFen: 10000 }).map((row, index) => ({
      ...row,
      id: `b${index}`,
      merchantId: 'm2',
    }));
    const quick = { ...BASE, id: 'q', claimantUnitId: 'lushi', claimedAt: BASE.redeemedAt };
    expect(codes([quick, ...bunched])).toEqual(['VOUCHER_BILLS_AT_THRESHOLD', 'VOUCHER_QUICK_FAR_REDEMPTION']);
  });
});
