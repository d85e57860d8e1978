import { describe, expect, it } from 'vitest';
import {
  burstSample,
  findFlags,
  median,
  priceSample,
  riskFlags,
  salesSample,
  storedFlags,
  type FlagContext,
  type FlagSubject,
} from './flags.js';

const SUBJECT: FlagSubject = {
  id: 'r1',
  line: 'digital',
  category: 'phone',
  model: 'P70',
  merchantId: 'm1',
  citizenId: 'c1',
  unitId: 'hubin',
  day: '2025-06-02',
  createdAt: '2025-06-02T03:00:00.000Z',
  finalPriceFen: 400000,
  deviceId: 'till-1',
};

/** A context that raises nothing: ordinary prices, one device per citizen, no bursts, no returns. */
const QUIET: FlagContext = {
  modelPrices30: priceSample([390000, 400000, 410000, 395000, 405000]),
  modelPrices90: priceSample([390000, 400000, 410000, 395000, 405000, 399000]),
  merchantLineSales: salesSample([400000, 300000, 250000, 420000, 380000]),
  limits: { priceCeilingFen: 600000, capSweetSpotsFen: [333334] },
  deviceCitizens: 1,
  merchantBurst: burstSample(['2025-06-02T03:00:00.000Z']),
  merchantReturnsAfterSettlement: 0,
  citizenUnitsThatDay: ['hubin'],
};

const codes = (subject: FlagSubject, context: FlagContext) => riskFlags(subject, context).map((flag) => flag.code);

describe('risk flags: each raised by data that shows it, and not by ordinary data', () => {
  it('raises nothing on ordinary data', () => {
    expect(riskFlags(SUBJECT, QUIET)).toEqual([]);
  });

  it('PRICE_ABOVE_MEDIAN: well above the model’s median, with the median and count as evidence', () => {
    const flags = riskFlags({ ...SUBJECT, finalPriceFen: 560000 }, QUIET);
    expect(flags.map((flag) => flag.code)).toEqual(['PRICE_ABOVE_MEDIAN']);
    expect(flags[0]?.evidence).toEqual(expect.arrayContaining([{ label: '中位价 median (yuan)', value: '4000.00' }]));
    expect(codes({ ...SUBJECT, finalPriceFen: 510000 }, QUIET)).toEqual([]);
    // too few earlier sales: no median worth comparing
    expect(
      codes(
        { ...SUBJECT, finalPriceFen: 560000 },
        { ...QUIET, modelPrices30: priceSample([400000]), modelPrices90: priceSample([400000]) },
      ),
    ).toEqual([]);
  });

  it('PRICE_BUNCHED_UNDER_CEILING: the merchant’s prices sit just under the 6,000-yuan ceiling', () => {
    const bunched = {
      ...QUIET,
      merchantLineSales: salesSample([599900, 598000, 599000, 300000, 597000]),
      modelPrices30: priceSample([]),
      modelPrices90: priceSample([]),
    };
    expect(codes({ ...SUBJECT, finalPriceFen: 599900 }, bunched)).toEqual(['PRICE_BUNCHED_UNDER_CEILING']);
    // the same price at a merchant whose prices spread out
    expect(
      codes(
        { ...SUBJECT, finalPriceFen: 599900 },
        { ...bunched, merchantLineSales: salesSample([599900, 300000, 250000, 200000, 350000]) },
      ),
    ).toEqual([]);
  });

  it('PRICE_AT_CAP_SWEET_SPOT: prices bunched at the price where the subsidy reaches its cap', () => {
    const context = {
      ...QUIET,
      modelPrices30: priceSample([]),
      modelPrices90: priceSample([]),
      merchantLineSales: salesSample([333000, 332000, 333300, 331000, 200000]),
    };
    expect(codes({ ...SUBJECT, finalPriceFen: 333000 }, context)).toEqual(['PRICE_AT_CAP_SWEET_SPOT']);
    expect(codes({ ...SUBJECT, finalPriceFen: 250000 }, context)).toEqual([]);
  });

  it('SHARED_CONTACT: one device across three or more identities', () => {
    expect(codes(SUBJECT, { ...QUIET, deviceCitizens: 3 })).toEqual(['SHARED_CONTACT']);
    expect(codes(SUBJECT, { ...QUIET, deviceCitizens: 2 })).toEqual([]);
    expect(codes({ ...SUBJECT, deviceId: null }, { ...QUIET, deviceCitizens: 9 })).toEqual([]);
  });

  it('BURST_AT_MERCHANT: five qualifications used at one merchant within ten minutes', () => {
    const burst = ['03:00', '03:02', '03:04', '03:05', '03:08'].map((time) => `2025-06-02T${time}:00.000Z`);
    expect(codes(SUBJECT, { ...QUIET, merchantBurst: burstSample(burst) })).toEqual(['BURST_AT_MERCHANT']);
    expect(codes(SUBJECT, { ...QUIET, merchantBurst: burstSample(burst.slice(0, 4)) })).toEqual([]);
  });

  it('RETURNS_AFTER_SETTLEMENT: two or more at the merchant in 90 days', () => {
    expect(codes(SUBJECT, { ...QUIET, merchantReturnsAfterSettlement: 2 })).toEqual(['RETURNS_AFTER_SETTLEMENT']);
    expect(codes(SUBJECT, { ...QUIET, merchantReturnsAfterSettlement: 1 })).toEqual([]);
  });

  it('SEVERAL_UNITS_ONE_DAY: one citizen redeeming in two units on one day', () => {
    const flags = riskFlags(SUBJECT, { ...QUIET, citizenUnitsThatDay: ['hubin', 'lingbao', 'hubin'] });
    expect(flags.map((flag) => flag.code)).toEqual(['SEVERAL_UNITS_ONE_DAY']);
    expect(flags[0]?.reason).toContain('2 个县区');
  });

  it('median of odd and even lists, rounded to the fen', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([1, 2, 3, 4])).toBe(3);
    expect(median([])).toBeNull();
  });

  it('a line stores what the rules found and reads it back in words; flags stored in words read as stored', () => {
    // A line that raises every rule at once.
    const subject = { ...SUBJECT, finalPriceFen: 599900 };
    const context: FlagContext = {
      ...QUIET,
      merchantLineSales: salesSample([599900, 598000, 599000, 300000, 597000]),
      deviceCitizens: 4,
      merchantBurst: burstSample(['03:00', '03:02', '03:04', '03:05', '03:08'].map((t) => `2025-06-02T${t}:00.000Z`)),
      merchantReturnsAfterSettlement: 3,
      citizenUnitsThatDay: ['hubin', 'lingbao'],
    };
    const found = findFlags(subject, context);
    expect(found.map((finding) => finding.code)).toEqual([
      'PRICE_ABOVE_MEDIAN',
      'PRICE_BUNCHED_UNDER_CEILING',
      'SHARED_CONTACT',
      'BURST_AT_MERCHANT',
      'RETURNS_AFTER_SETTLEMENT',
      'SEVERAL_UNITS_ONE_DAY',
    ]);
    const worded = riskFlags(subject, context);
    const stored = JSON.stringify(found);
    expect(storedFlags(stored)).toEqual(worded);
    expect(stored.length * 3).toBeLessThan(JSON.stringify(worded).length);
    expect(storedFlags(JSON.stringify(worded))).toEqual(worded);
    expect(storedFlags('[]')).toEqual([]);
  });
});
