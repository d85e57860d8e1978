import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, chinaDay, chinaMoment, validUntilOf } from './calendar.js';
import { splitFunding } from './funding.js';
import { goodsKeyOf, imeiFromBody, isValidImei } from './goods.js';
import { buyerIsCitizen, companyBuyer } from './invoice.js';

describe('funding shares', () => {
  it('9:1 exact to the fen: central rounded half up, the city the remainder', () => {
    expect(splitFunding(79980, 9000)).toEqual([
      { source: 'central', amountFen: 71982 },
      { source: 'city', amountFen: 7998 },
    ]);
    expect(splitFunding(5, 9000)).toEqual([{ source: 'central', amountFen: 5 }]);
  });

  it('always adds up to the subsidy, never a negative or empty share', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 10_000 }), (total, bp) => {
        const shares = splitFunding(total, bp);
        expect(shares.reduce((sum, share) => sum + share.amountFen, 0)).toBe(total);
        expect(shares.every((share) => share.amountFen > 0)).toBe(true);
      }),
    );
  });
});

describe('Chinese days', () => {
  it('a day starts at 16:00 UTC the evening before; 10:00 there is 02:00 UTC', () => {
    expect(chinaDay(new Date('2025-06-01T15:59:59Z'))).toBe('2025-06-01');
    expect(chinaDay(new Date('2025-06-01T16:00:00Z'))).toBe('2025-06-02');
    expect(chinaMoment('2025-06-02', 10).toISOString()).toBe('2025-06-02T02:00:00.000Z');
    expect(validUntilOf('2025-06-02', 1).toISOString()).toBe('2025-06-02T16:00:00.000Z');
    expect(addDays('2025-06-30', 1)).toBe('2025-07-01');
  });
});

describe('goods and invoices', () => {
  it('one serial number whatever its spacing and case; IMEIs carry a Luhn check digit', () => {
    expect(goodsKeyOf('sn-123 abc')).toBe(goodsKeyOf('SN123ABC'));
    const imei = imeiFromBody('86012345678901');
    expect(isValidImei(imei)).toBe(true);
    expect(isValidImei(`${imei.slice(0, 14)}${(Number(imei[14]) + 1) % 10}`)).toBe(false);
  });

  it('refuses company buyers by name or tax id; matches the citizen by name', () => {
    expect(companyBuyer('三门峡某某科技有限公司', undefined)).toContain('公司');
    expect(companyBuyer('张三', '91411202MA46DEMX1A')).not.toBeNull();
    expect(companyBuyer('张三', undefined)).toBeNull();
    expect(buyerIsCitizen('演示市民张三', '演示市民 张三')).toBe(true);
    expect(buyerIsCitizen('李四', '张三')).toBe(false);
  });
});
