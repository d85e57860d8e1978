import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decideRedemption,
  decideRefund,
  type Bill,
  type CampaignTerms,
  type StandingRedemption,
  type VoucherTerms,
} from './redemption.js';

const NOW = new Date('2025-06-10T04:00:00.000Z');
const CAMPAIGN: CampaignTerms = {
  acceptedMerchantIds: ['m1', 'm2'],
  categories: [],
  excludedCategories: ['pharmacy', 'fuel', 'appliance'],
  stacking: false,
  refundRule: 'restore',
};
/** 满100减20, valid until midnight of 2025-06-16 (China time). */
const VOUCHER: VoucherTerms = {
  faceFen: 2000,
  thresholdFen: 10000,
  validUntil: '2025-06-16T16:00:00.000Z',
  state: 'issued',
  campaign: CAMPAIGN,
};
const BILL: Bill = { billFen: 10000, category: 'dining', merchantId: 'm1' };
const code = (voucher: VoucherTerms, bill: Bill, now = NOW) => {
  const decision = decideRedemption(voucher, bill, now);
  return decision.ok ? 'ok' : decision.refusal.code;
};

describe('redemption', () => {
  it('满100减20: a bill of exactly 100 yuan takes 20 off; 99.99 yuan does not meet the threshold', () => {
    expect(decideRedemption(VOUCHER, BILL, NOW)).toEqual({ ok: true, discountFen: 2000, payFen: 8000 });
    const below = decideRedemption(VOUCHER, { ...BILL, billFen: 9999 }, NOW);
    expect(below).toMatchObject({ ok: false, refusal: { code: 'VOUCHER_THRESHOLD_NOT_MET' } });
    if (!below.ok) {
      expect(below.refusal.message).toBe('账单 99.99 元未满使用门槛 100.00 元');
      expect(below.refusal.messageEn).toContain('below the threshold');
    }
  });

  it('a no-threshold voucher never takes more than the bill (no change given)', () => {
    const free = { ...VOUCHER, thresholdFen: 0 };
    expect(decideRedemption(free, { ...BILL, billFen: 1500 }, NOW)).toEqual({ ok: true, discountFen: 1500, payFen: 0 });
  });

  it('refuses, in order: used, void, expired, merchant, excluded category, category not listed', () => {
    expect(code({ ...VOUCHER, state: 'redeemed' }, BILL)).toBe('VOUCHER_ALREADY_REDEEMED');
    expect(code({ ...VOUCHER, state: 'refunded' }, BILL)).toBe('VOUCHER_NOT_REDEEMABLE');
    expect(code({ ...VOUCHER, state: 'expired' }, BILL)).toBe('VOUCHER_NOT_REDEEMABLE');
    expect(code(VOUCHER, BILL, new Date('2025-06-16T16:00:00.000Z'))).toBe('VOUCHER_EXPIRED');
    expect(code(VOUCHER, BILL, new Date('2025-06-16T15:59:59.999Z'))).toBe('ok');
    expect(code(VOUCHER, { ...BILL, merchantId: 'm9' })).toBe('VOUCHER_MERCHANT_NOT_ACCEPTED');
    expect(code({ ...VOUCHER, campaign: { ...CAMPAIGN, acceptedMerchantIds: new Set(['m1']) } }, BILL)).toBe('ok');
    expect(code(VOUCHER, { ...BILL, category: 'pharmacy' })).toBe('VOUCHER_CATEGORY_EXCLUDED');
    const culture = { ...VOUCHER, campaign: { ...CAMPAIGN, categories: ['culture', 'tourism'] } };
    expect(code(culture, BILL)).toBe('VOUCHER_CATEGORY_NOT_ACCEPTED');
    expect(code(culture, { ...BILL, category: 'tourism' })).toBe('ok');
    // several faults: the first in the order is named
    expect(code({ ...VOUCHER, state: 'redeemed' }, { ...BILL, merchantId: 'm9', billFen: 1 })).toBe(
      'VOUCHER_ALREADY_REDEEMED',
    );
  });

  it('one voucher per bill unless both campaigns allow stacking; stacked vouchers need the sum of thresholds', () => {
    const first = { thresholdFen: 10000, discountFen: 2000, stacking: true };
    expect(code(VOUCHER, { ...BILL, billFen: 20000, applied: [first] })).toBe('VOUCHER_STACKING_NOT_ALLOWED');
    const stacking = { ...VOUCHER, campaign: { ...CAMPAIGN, stacking: true } };
    expect(code(stacking, { ...BILL, billFen: 20000, applied: [{ ...first, stacking: false }] })).toBe(
      'VOUCHER_STACKING_NOT_ALLOWED',
    );
    expect(code(stacking, { ...BILL, billFen: 19999, applied: [first] })).toBe('VOUCHER_THRESHOLD_NOT_MET');
    expect(decideRedemption(stacking, { ...BILL, billFen: 20000, applied: [first] }, NOW)).toEqual({
      ok: true,
      discountFen: 2000,
      payFen: 16000,
    });
    const free = { ...stacking, faceFen: 500, thresholdFen: 0 };
    const covered = { thresholdFen: 0, discountFen: 300, stacking: true };
    expect(code(free, { ...BILL, billFen: 300, applied: [covered] })).toBe('VOUCHER_NOTHING_TO_DISCOUNT');
  });

  it('discount ≤ face, discount ≤ bill, pay + discount = bill, and allowed iff the threshold is met (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 0, max: 2_000_000 }),
        fc.integer({ min: 1, max: 50_000_000 }),
        fc.boolean(),
        (faceFen, extra, billFen, noThreshold) => {
          const thresholdFen = noThreshold ? 0 : faceFen + extra;
          const decision = decideRedemption({ ...VOUCHER, faceFen, thresholdFen }, { ...BILL, billFen }, NOW);
          expect(decision.ok).toBe(billFen >= thresholdFen);
          if (!decision.ok) return;
          expect(decision.discountFen).toBeLessThanOrEqual(faceFen);
          expect(decision.discountFen).toBeLessThanOrEqual(billFen);
          expect(decision.discountFen).toBeGreaterThan(0);
          expect(decision.payFen).toBeGreaterThanOrEqual(0);
          expect(decision.payFen + decision.discountFen).toBe(billFen);
          if (thresholdFen > 0) expect(decision.discountFen).toBe(faceFen);
        },
      ),
    );
  });
});

describe('refunds after redemption', () => {
  const STANDING: StandingRedemption = {
    state: 'redeemed',
    faceFen: 2000,
    thresholdFen: 10000,
    validUntil: '2025-06-16T16:00:00.000Z',
    refundRule: 'restore',
    keptBillFen: 30000,
    discountFen: 2000,
  };

  it('a full refund returns the discount; restore gives the voucher back while valid', () => {
    const full = { ...STANDING, keptBillFen: 10000 };
    expect(decideRefund(full, 10000, NOW)).toEqual({
      ok: true,
      kind: 'full',
      keptBillFen: 0,
      discountFen: 0,
      payFen: 0,
      cashBackFen: 8000,
      reversedFen: 2000,
      voucherState: 'issued',
    });
    expect(decideRefund(full, 10000, new Date('2025-06-17T00:00:00Z'))).toMatchObject({ voucherState: 'expired' });
    expect(decideRefund({ ...full, refundRule: 'forfeit' }, 10000, NOW)).toMatchObject({
      voucherState: 'refunded',
      reversedFen: 2000,
    });
  });

  it('a partial refund that keeps the threshold keeps the discount; the citizen gets the goods’ value back', () => {
    expect(decideRefund(STANDING, 20000, NOW)).toEqual({
      ok: true,
      kind: 'partial',
      keptBillFen: 10000,
      discountFen: 2000,
      payFen: 8000,
      cashBackFen: 20000,
      reversedFen: 0,
      voucherState: 'redeemed',
    });
  });

  it('below the threshold the discount is scaled to what is kept; the rest goes back to the voucher money', () => {
    // bill 100 yuan, 20 off, 50 yuan of goods returned: 10 yuan of discount stays on the 50 kept
    const decision = decideRefund({ ...STANDING, keptBillFen: 10000 }, 5000, NOW);
    expect(decision).toEqual({
      ok: true,
      kind: 'partial',
      keptBillFen: 5000,
      discountFen: 1000,
      payFen: 4000,
      cashBackFen: 4000,
      reversedFen: 1000,
      voucherState: 'redeemed',
    });
  });

  it('refuses a refund larger than the bill kept, or against a voucher not redeemed', () => {
    expect(decideRefund(STANDING, 30001, NOW)).toMatchObject({ refusal: { code: 'VOUCHER_REFUND_EXCEEDS_BILL' } });
    expect(decideRefund({ ...STANDING, state: 'issued' }, 100, NOW)).toMatchObject({
      refusal: { code: 'VOUCHER_NOT_REDEEMED' },
    });
  });

  it('over any sequence of refunds: cash back + money reversed = goods returned, never negative (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: 0, max: 200_000 }),
        fc.integer({ min: 0, max: 500_000 }),
        fc.boolean(),
        fc.array(fc.integer({ min: 1, max: 10_000 }), { maxLength: 12 }),
        (faceFen, extra, above, noThreshold, weights) => {
          const thresholdFen = noThreshold ? 0 : faceFen + extra;
          const billFen = Math.max(1, thresholdFen + above);
          const redeemed = decideRedemption({ ...VOUCHER, faceFen, thresholdFen }, { ...BILL, billFen }, NOW);
          if (!redeemed.ok) throw new Error('redemption must succeed');
          let standing: StandingRedemption = {
            ...STANDING,
            faceFen,
            thresholdFen,
            keptBillFen: billFen,
            discountFen: redeemed.discountFen,
          };
          let cashBack = 0;
          let reversed = 0;
          for (const weight of weights) {
            if (standing.keptBillFen === 0) break;
            const refund = Math.max(
              1,
              Math.min(standing.keptBillFen, Math.ceil((standing.keptBillFen * weight) / 10_000)),
            );
            const decision = decideRefund(standing, refund, NOW);
            if (!decision.ok) throw new Error(decision.refusal.code);
            expect(decision.cashBackFen).toBeGreaterThanOrEqual(0);
            expect(decision.reversedFen).toBeGreaterThanOrEqual(0);
            expect(decision.cashBackFen + decision.reversedFen).toBe(refund);
            expect(decision.discountFen).toBeLessThanOrEqual(standing.discountFen);
            expect(decision.discountFen).toBeLessThanOrEqual(decision.keptBillFen);
            expect(decision.payFen + decision.discountFen).toBe(decision.keptBillFen);
            cashBack += decision.cashBackFen;
            reversed += decision.reversedFen;
            standing = {
              ...standing,
              state: decision.voucherState,
              keptBillFen: decision.keptBillFen,
              discountFen: decision.discountFen,
            };
            if (decision.kind === 'full') expect(decision.voucherState).toBe('issued');
          }
          // the citizen never gets back more than they paid, and the voucher money never more than it spent
          expect(cashBack).toBeLessThanOrEqual(redeemed.payFen);
          expect(reversed).toBeLessThanOrEqual(redeemed.discountFen);
          expect(cashBack + reversed + standing.keptBillFen).toBe(billFen);
        },
      ),
    );
  });
});
