import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  APPLIANCE_CATEGORIES,
  DIGITAL_CATEGORIES,
  sampleBook,
  sampleParameters,
} from '../../../test/subsidy/fixture.js';
import type { ReasonCode as DecisionReasonCode, SubsidyDecision } from './decision.js';
import { evaluateQuote } from './engine.js';
import { compileRuleBook } from './rule-book.js';
import type { GrantedDecision, QuoteInput, ReasonCode } from './schema.js';

const book = sampleBook();
const quote = (input: QuoteInput, history?: readonly GrantedDecision[]): SubsidyDecision =>
  evaluateQuote(book, input, history);
const codes = (decision: SubsidyDecision): string[] => decision.reasons.map((reason) => reason.code);

const airConditioner = (finalPriceFen: number, efficiencyGrade = 1): QuoteInput => ({
  line: 'appliance',
  category: 'air_conditioner',
  efficiencyGrade,
  finalPriceFen,
  purchaseDate: '2025-05-01',
});

const granted = (entry: Partial<GrantedDecision> & Pick<GrantedDecision, 'line'>): GrantedDecision => ({
  subsidyFen: 10_000,
  ruleDate: '2025-03-01',
  ...entry,
});

describe('the reason codes', () => {
  it('are the same in the schema and in the decision', () => {
    expectTypeOf<DecisionReasonCode>().toEqualTypeOf<ReasonCode>();
  });
});

describe('appliances', () => {
  it('pays 20% of the final price for grade 1 and 15% for grade 2, up to the cap per item', () => {
    expect(quote(airConditioner(399_900))).toMatchObject({ eligible: true, subsidyFen: 79_980, reasons: [] });
    expect(quote(airConditioner(399_900, 2)).subsidyFen).toBe(59_985);
    expect(quote(airConditioner(2_000_000, 2)).subsidyFen).toBe(200_000);
    expect(quote(airConditioner(1_000_000, 1)).subsidyFen).toBe(200_000); // exactly the cap
    expect(quote(airConditioner(1_000_005, 1)).subsidyFen).toBe(200_000);
  });

  it('records the arithmetic step by step', () => {
    const decision = quote(airConditioner(123_457, 2));
    expect(decision.calculation).toMatchObject({
      amount: 'rate',
      baseField: 'finalPriceFen',
      baseFen: 123_457,
      scaledAmount: 123_457 * 1500,
      roundingMode: 'half_up',
      amountFen: 18_519,
      limits: [{ kind: 'item_cap', limitFen: 200_000, beforeFen: 18_519, afterFen: 18_519 }],
    });
    expect(decision.calculation?.rate?.id).toBe('appliance-grade2');
    expect(decision.ruleDate).toBe('2025-05-01');
    expect(decision.ruleDateField).toBe('purchaseDate');
    expect(decision.planVersionId).toBe('test-plan@1');
  });

  it('covers the twelve categories and no other', () => {
    for (const category of APPLIANCE_CATEGORIES) {
      expect(quote({ ...airConditioner(100_000), category }).eligible, category).toBe(true);
    }
    const decision = quote({ ...airConditioner(100_000), category: 'hair_dryer' });
    expect(decision.reasons).toEqual([
      { code: 'CATEGORY_NOT_ELIGIBLE', category: 'hair_dryer', allowed: APPLIANCE_CATEGORIES },
    ]);
    expect(quote({ ...airConditioner(100_000), category: 'phone' }).reasons[0]?.code).toBe('CATEGORY_NOT_ELIGIBLE');
  });

  it('refuses grades other than 1 and 2', () => {
    for (const grade of [3, 4, 5]) {
      const decision = quote(airConditioner(100_000, grade));
      expect(decision).toMatchObject({ eligible: false, subsidyFen: 0 });
      expect(decision.reasons).toEqual([{ code: 'GRADE_NOT_ELIGIBLE', grade, allowed: [1, 2] }]);
    }
  });
});

describe('smart home and digital products', () => {
  it('pays 15% up to 1500 yuan per smart-home item', () => {
    const lock = { line: 'smart_home', category: 'smart_lock', purchaseDate: '2025-05-01' } as const;
    expect(quote({ ...lock, finalPriceFen: 120_000 }).subsidyFen).toBe(18_000);
    expect(quote({ ...lock, finalPriceFen: 1_000_000 }).subsidyFen).toBe(150_000);
    expect(quote({ ...lock, category: 'smart_fridge', finalPriceFen: 120_000 }).reasons).toEqual([
      {
        code: 'CATEGORY_NOT_ELIGIBLE',
        category: 'smart_fridge',
        allowed: ['smart_toilet', 'smart_lock', 'smart_drying_rack', 'smart_sofa'],
      },
    ]);
  });

  it('pays 15% up to 500 yuan for a digital product priced at most 6000 yuan', () => {
    const phone = { line: 'digital', category: 'phone', purchaseDate: '2025-05-01' } as const;
    expect(quote({ ...phone, finalPriceFen: 200_000 }).subsidyFen).toBe(30_000);
    expect(quote({ ...phone, finalPriceFen: 600_000 }).subsidyFen).toBe(50_000);
    const above = quote({ ...phone, finalPriceFen: 600_001 });
    expect(above).toMatchObject({ eligible: false, subsidyFen: 0 });
    expect(above.reasons).toEqual([expect.objectContaining({ code: 'PRICE_ABOVE_CEILING', priceFen: 600_001 })]);
    for (const category of DIGITAL_CATEGORIES)
      expect(quote({ ...phone, category, finalPriceFen: 100_000 }).eligible).toBe(true);
    expect(quote({ ...phone, category: 'camera', finalPriceFen: 100_000 }).reasons[0]?.code).toBe(
      'CATEGORY_NOT_ELIGIBLE',
    );
  });
});

describe('cars and e-bikes', () => {
  const car = (line: 'car_scrap' | 'car_replace', newCar: 'nev' | 'fuel'): QuoteInput => ({
    line,
    newCar,
    purchaseDate: '2025-05-01',
  });

  it('pays the maximum the plan names for the new car', () => {
    expect(quote(car('car_scrap', 'nev')).subsidyFen).toBe(2_000_000);
    expect(quote(car('car_scrap', 'fuel')).subsidyFen).toBe(1_500_000);
    expect(quote(car('car_replace', 'nev')).subsidyFen).toBe(1_500_000);
    expect(quote(car('car_replace', 'fuel')).subsidyFen).toBe(1_300_000);
    expect(quote({ line: 'ebike', purchaseDate: '2025-05-01' }).subsidyFen).toBe(50_000);
  });

  it('never pays more than the price', () => {
    const decision = quote({ line: 'ebike', finalPriceFen: 30_000, purchaseDate: '2025-05-01' });
    expect(decision.subsidyFen).toBe(30_000);
    expect(decision.calculation?.limits).toEqual([
      { kind: 'price', parameter: null, usedFen: 0, limitFen: 30_000, beforeFen: 50_000, afterFen: 30_000 },
    ]);
  });

  it('lists the conditions it could not check, and checks them when given', () => {
    const unchecked = quote(car('car_scrap', 'fuel'), []).uncheckedConditions.map((item) => item.code);
    expect(unchecked).toEqual(['OLD_CAR_REGISTRATION', 'DISPLACEMENT', 'NEW_CAR_ID']);
    const checked = quote(
      { ...car('car_scrap', 'fuel'), oldCarRegisteredOn: '2025-01-07', displacementMl: 1998, newCarId: 'VIN1' },
      [],
    );
    expect(checked).toMatchObject({ eligible: true, subsidyFen: 1_500_000, uncheckedConditions: [] });
  });

  it('refuses an old car registered on or after 2025-01-08, and a fuel car above 2.0 L', () => {
    const late = quote({ ...car('car_replace', 'nev'), oldCarRegisteredOn: '2025-01-08' });
    expect(late.reasons).toEqual([
      expect.objectContaining({ code: 'OLD_CAR_REGISTERED_TOO_LATE', registeredOn: '2025-01-08' }),
    ]);
    const big = quote({ ...car('car_scrap', 'fuel'), displacementMl: 2001 });
    expect(codes(big)).toEqual(['DISPLACEMENT_ABOVE_LIMIT']);
    // The displacement rule is for fuel cars bought with a scrappage subsidy only.
    expect(quote({ ...car('car_scrap', 'nev'), displacementMl: 3000 }).eligible).toBe(true);
    expect(quote({ ...car('car_replace', 'fuel'), displacementMl: 3000 }).eligible).toBe(true);
    expect(
      codes(quote({ ...car('car_scrap', 'fuel'), displacementMl: 2500, oldCarRegisteredOn: '2025-02-01' })),
    ).toEqual(['OLD_CAR_REGISTERED_TOO_LATE', 'DISPLACEMENT_ABOVE_LIMIT']);
  });

  it('takes one car_replace per person per year, and one subsidy per new car across both lines', () => {
    const replaced = [granted({ line: 'car_replace', applicantId: 'p1', newCarId: 'VIN1' })];
    const again = quote({ ...car('car_replace', 'nev'), applicantId: 'p1', newCarId: 'VIN2' }, replaced);
    expect(codes(again)).toEqual(['QUOTA_USED']);
    expect(again.quotaChecks.map((check) => [check.role, check.used, check.passed])).toEqual([
      ['subsidies_per_person_year', 1, false],
      ['subsidies_per_new_car', 0, true],
    ]);
    expect(
      quote({ ...car('car_replace', 'nev'), applicantId: 'p1', newCarId: 'VIN2', purchaseDate: '2026-01-02' }, replaced)
        .reasons[0]?.code,
    ).toBe('NO_RULE_IN_FORCE');
    expect(quote({ ...car('car_replace', 'nev'), applicantId: 'p2', newCarId: 'VIN2' }, replaced).eligible).toBe(true);
    const bothLines = quote({ ...car('car_scrap', 'nev'), applicantId: 'p1', newCarId: 'VIN1' }, replaced);
    expect(bothLines.reasons).toEqual([expect.objectContaining({ code: 'QUOTA_USED', used: 1 })]);
    expect(quote({ ...car('car_scrap', 'nev'), applicantId: 'p1', newCarId: 'VIN3' }, replaced).eligible).toBe(true);
  });
});

describe('home adaptation for older people', () => {
  const adaptation = (productCostFen: number, extra: Partial<QuoteInput> = {}): QuoteInput => ({
    line: 'elderly_adaptation',
    productCostFen,
    purchaseDate: '2025-05-01',
    dwellingId: 'd1',
    applicantAgeYears: 72,
    ...extra,
  });

  it('pays 30% of the product cost, labour and renovation excluded', () => {
    const decision = quote(adaptation(1_000_000, { labourCostFen: 500_000 }), []);
    expect(decision.subsidyFen).toBe(300_000);
    expect(decision.calculation?.excludedLabourFen).toBe(500_000);
  });

  it('pays at most 12,000 yuan per dwelling, then the remainder, then nothing', () => {
    expect(quote(adaptation(5_000_000), []).subsidyFen).toBe(1_200_000);
    const history = [granted({ line: 'elderly_adaptation', dwellingId: 'd1', subsidyFen: 1_000_000 })];
    const remainder = quote(adaptation(1_000_000), history);
    expect(remainder.subsidyFen).toBe(200_000);
    expect(remainder.calculation?.limits.at(-1)).toMatchObject({
      kind: 'dwelling_cumulative_cap',
      usedFen: 1_000_000,
      limitFen: 200_000,
      beforeFen: 300_000,
      afterFen: 200_000,
    });
    const full = [...history, granted({ line: 'elderly_adaptation', dwellingId: 'd1', subsidyFen: 200_000 })];
    const none = quote(adaptation(1_000_000), full);
    expect(none).toMatchObject({ eligible: false, subsidyFen: 0 });
    expect(none.reasons).toEqual([expect.objectContaining({ code: 'CAP_REACHED', usedFen: 1_200_000 })]);
  });

  it('counts only money not returned, of the same dwelling, within the cap version', () => {
    const history = [
      granted({ line: 'elderly_adaptation', dwellingId: 'd1', subsidyFen: 1_200_000, reversed: true }),
      granted({ line: 'elderly_adaptation', dwellingId: 'd2', subsidyFen: 1_200_000 }),
      granted({ line: 'elderly_adaptation', dwellingId: 'd1', subsidyFen: 1_200_000, ruleDate: '2024-06-01' }),
      granted({ line: 'appliance', category: 'tv', dwellingId: 'd1', subsidyFen: 1_200_000 }),
    ];
    expect(quote(adaptation(1_000_000), history).subsidyFen).toBe(300_000);
  });

  it('requires residents aged 60 or over', () => {
    expect(codes(quote(adaptation(100_000, { applicantAgeYears: 59 })))).toEqual(['AGE_BELOW_MINIMUM']);
    expect(quote(adaptation(100_000, { applicantAgeYears: 60 })).eligible).toBe(true);
    const unchecked = quote(adaptation(100_000, { applicantAgeYears: undefined }), []);
    expect(unchecked.uncheckedConditions.map((item) => item.code)).toEqual(['APPLICANT_AGE']);
  });

  it('without a history, caps as if nothing was granted and says so', () => {
    const decision = quote(adaptation(100_000));
    expect(decision.subsidyFen).toBe(30_000);
    expect(decision.uncheckedConditions.map((item) => item.code)).toEqual(['CUMULATIVE_CAP_NO_HISTORY']);
  });
});

describe('first-launch subsidies', () => {
  const launch = (eligibleCostFen: number, extra: Partial<QuoteInput> = {}): QuoteInput => ({
    line: 'first_launch',
    eligibleCostFen,
    eventDate: '2025-09-01',
    entityId: 'e1',
    applicantKind: 'legal_person',
    ...extra,
  });

  it('pays 30% of the costs actually incurred, up to 1,000,000 yuan per entity per year', () => {
    expect(quote(launch(100_000_000), []).subsidyFen).toBe(30_000_000);
    expect(quote(launch(400_000_000), []).subsidyFen).toBe(100_000_000);
    const history = [granted({ line: 'first_launch', entityId: 'e1', subsidyFen: 90_000_000, ruleDate: '2025-02-01' })];
    expect(quote(launch(100_000_000), history).subsidyFen).toBe(10_000_000);
    const lastYear = [
      granted({ line: 'first_launch', entityId: 'e1', subsidyFen: 100_000_000, ruleDate: '2024-02-01' }),
    ];
    expect(quote(launch(100_000_000), lastYear).subsidyFen).toBe(30_000_000);
    const full = [granted({ line: 'first_launch', entityId: 'e1', subsidyFen: 100_000_000, ruleDate: '2025-02-01' })];
    expect(codes(quote(launch(100_000_000), full))).toEqual(['CAP_REACHED']);
  });

  it('selects the parameter version by the event date', () => {
    const decision = quote(launch(100_000, { eventDate: '2026-01-01', purchaseDate: '2025-05-01' }));
    expect(decision.reasons).toEqual([{ code: 'NO_RULE_IN_FORCE', date: '2026-01-01', missingRoles: [] }]);
    expect(decision.ruleDateField).toBe('eventDate');
  });

  it('is for legal persons', () => {
    expect(quote(launch(100_000, { applicantKind: 'natural_person' })).reasons).toEqual([
      { code: 'APPLICANT_NOT_ELIGIBLE', required: 'legal_person', actual: 'natural_person' },
    ]);
    const unchecked = quote(launch(100_000, { applicantKind: undefined }), []);
    expect(unchecked.uncheckedConditions).toEqual([{ code: 'APPLICANT_KIND', required: 'legal_person' }]);
  });
});

describe('quotas against the history', () => {
  const tv = {
    line: 'appliance',
    category: 'tv',
    efficiencyGrade: 1,
    finalPriceFen: 100_000,
    purchaseDate: '2025-05-01',
    applicantId: 'p1',
  } as const;

  it('allows one item per person per category per year', () => {
    expect(quote(tv, []).eligible).toBe(true);
    const history = [granted({ line: 'appliance', category: 'tv', applicantId: 'p1' })];
    const again = quote(tv, history);
    expect(again.reasons).toEqual([expect.objectContaining({ code: 'QUOTA_USED', used: 1 })]);
    expect(quote({ ...tv, category: 'refrigerator' }, history).eligible).toBe(true);
    expect(quote({ ...tv, applicantId: 'p2' }, history).eligible).toBe(true);
    expect(
      quote(tv, [granted({ line: 'appliance', category: 'tv', applicantId: 'p1', ruleDate: '2024-12-31' })]).eligible,
    ).toBe(true);
  });

  it('allows three air conditioners', () => {
    const one = granted({ line: 'appliance', category: 'air_conditioner', applicantId: 'p1' });
    const ac = { ...airConditioner(100_000), applicantId: 'p1' };
    expect(quote(ac, [one, one]).eligible).toBe(true);
    expect(codes(quote(ac, [one, one, one]))).toEqual(['QUOTA_USED']);
  });

  it('keeps a returned item’s qualification used', () => {
    const returned = granted({ line: 'appliance', category: 'tv', applicantId: 'p1', reversed: true });
    expect(codes(quote(tv, [returned]))).toEqual(['QUOTA_USED']);
  });

  it('allows one digital product per person per category', () => {
    const phone = { line: 'digital', category: 'phone', finalPriceFen: 100_000, purchaseDate: '2025-05-01' } as const;
    expect(codes(quote(phone, [granted({ line: 'digital', category: 'phone' })]))).toEqual(['QUOTA_USED']);
    expect(quote(phone, [granted({ line: 'digital', category: 'tablet' })]).eligible).toBe(true);
  });

  it('without a history, does not check quotas and says so', () => {
    expect(quote(tv).uncheckedConditions).toEqual([expect.objectContaining({ code: 'QUOTA_NO_HISTORY' })]);
    expect(quote(tv, []).uncheckedConditions).toEqual([]);
  });

  it('treats a malformed history entry as a programmer error', () => {
    expect(() => quote(tv, [granted({ line: 'appliance', category: 'tv', ruleDate: '2025-02-30' })])).toThrow(
      RangeError,
    );
    const money = { line: 'elderly_adaptation', productCostFen: 100_000, purchaseDate: '2025-05-01' } as const;
    expect(() => quote(money, [granted({ line: 'elderly_adaptation', subsidyFen: -1 })])).toThrow(RangeError);
  });
});

describe('invalid input', () => {
  it('is a value naming each field, never an exception', () => {
    const decision = evaluateQuote(book, {
      line: 'appliance',
      category: 'tv',
      efficiencyGrade: 1,
      finalPriceFen: -1,
      purchaseDate: '2025-02-30',
    });
    expect(decision).toMatchObject({ eligible: false, subsidyFen: 0, line: null });
    expect(decision.reasons.map((reason) => (reason.code === 'INVALID_INPUT' ? reason.field : ''))).toEqual([
      'finalPriceFen',
      'purchaseDate',
    ]);
    const fractional = evaluateQuote(book, {
      line: 'digital',
      category: 'phone',
      finalPriceFen: 100.5,
      purchaseDate: '2025-05-01',
    });
    expect(codes(fractional)).toEqual(['INVALID_INPUT']);
  });
});

describe('the arithmetic, for any price', () => {
  const price = fc.integer({ min: 0, max: 100_000_000 });
  const line = fc.constantFrom(
    { line: 'appliance', category: 'tv', efficiencyGrade: 1, cap: 200_000, rate: 2000n },
    { line: 'appliance', category: 'microwave', efficiencyGrade: 2, cap: 200_000, rate: 1500n },
    { line: 'smart_home', category: 'smart_sofa', cap: 150_000, rate: 1500n },
    { line: 'digital', category: 'tablet', cap: 50_000, rate: 1500n },
  );
  const input = (item: { line: string; category: string; efficiencyGrade?: number }, finalPriceFen: number) =>
    ({
      line: item.line,
      category: item.category,
      efficiencyGrade: item.efficiencyGrade,
      finalPriceFen,
      purchaseDate: '2025-05-01',
    }) as QuoteInput;

  it('is min(round_half_up(price × rate), cap): exact, never negative, never above cap or price', () => {
    fc.assert(
      fc.property(line, price, (item, finalPriceFen) => {
        const decision = quote(input(item, finalPriceFen));
        if (item.line === 'digital' && finalPriceFen > 600_000) {
          expect(decision.eligible).toBe(false);
          return;
        }
        const exact = (BigInt(finalPriceFen) * item.rate * 2n + 10_000n) / 20_000n;
        const expected = exact < BigInt(item.cap) ? Number(exact) : item.cap;
        expect(decision.subsidyFen).toBe(expected);
        expect(decision.subsidyFen).toBeGreaterThanOrEqual(0);
        expect(decision.subsidyFen).toBeLessThanOrEqual(Math.min(item.cap, finalPriceFen));
      }),
    );
  });

  it('is monotone in the price up to the cap', () => {
    fc.assert(
      fc.property(line, price, fc.integer({ min: 1, max: 1_000_000 }), (item, low, step) => {
        const cheap = quote(input(item, low));
        const dear = quote(input(item, low + step));
        if (!dear.eligible) return; // above the digital ceiling: refused, not reduced
        expect(dear.subsidyFen).toBeGreaterThanOrEqual(cheap.subsidyFen);
      }),
    );
  });

  it('keeps cumulative caps over any sequence of claims', () => {
    const claims = fc.array(fc.integer({ min: 0, max: 3_000_000 }), { maxLength: 30 });
    fc.assert(
      fc.property(claims, (costs) => {
        const history: GrantedDecision[] = [];
        for (const productCostFen of costs) {
          const decision = quote(
            { line: 'elderly_adaptation', productCostFen, purchaseDate: '2025-05-01', dwellingId: 'd' },
            history,
          );
          if (decision.eligible)
            history.push({
              line: 'elderly_adaptation',
              subsidyFen: decision.subsidyFen,
              ruleDate: '2025-05-01',
              dwellingId: 'd',
            });
        }
        const total = history.reduce((sum, entry) => sum + entry.subsidyFen, 0);
        expect(total).toBeLessThanOrEqual(1_200_000);
        const wanted = costs.reduce((sum, cost) => sum + Number((BigInt(cost) * 3000n * 2n + 10_000n) / 20_000n), 0);
        expect(total).toBe(Math.min(wanted, 1_200_000));
      }),
    );
  });
});

describe('a book compiled from other values', () => {
  it('follows the values: no policy number lives in the engine', () => {
    const parameters = sampleParameters().map((item) =>
      item.key === 'appliance.grade1.rate_bp'
        ? { ...item, value: 3300 }
        : item.key === 'appliance.max_subsidy_per_item_fen'
          ? { ...item, value: 99_999 }
          : item,
    );
    const other = compileRuleBook(parameters, 'other');
    expect(evaluateQuote(other, airConditioner(100_000)).subsidyFen).toBe(33_000);
    expect(evaluateQuote(other, airConditioner(1_000_000)).subsidyFen).toBe(99_999);
  });
});

describe('remembering resolutions', () => {
  it('remembers known kinds of purchase only, so that no input grows the rule book', () => {
    const local = sampleBook();
    const period = local.lines.appliance.periods[0];
    for (let index = 0; index < 500; index += 1) {
      evaluateQuote(local, { ...airConditioner(100_000), category: `made-up-${index}` });
      evaluateQuote(local, airConditioner(100_000 + index));
    }
    expect(period?.resolutions.size).toBe(1);
    expect(evaluateQuote(local, { ...airConditioner(100_000), category: 'made-up-1' }).reasons[0]?.code).toBe(
      'CATEGORY_NOT_ELIGIBLE',
    );
  });
});
