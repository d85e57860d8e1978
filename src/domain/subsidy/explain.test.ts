import { describe, expect, it } from 'vitest';
import { sampleBook } from '../../../test/subsidy/fixture.js';
import type { Reason, UncheckedCondition } from './decision.js';
import { evaluateQuote } from './engine.js';
import { explainDecision, explanationOf } from './explain.js';
import { traceOf } from './trace.js';
import { reasonWords, uncheckedWords } from './words.js';
import type { QuoteInput } from './schema.js';

const book = sampleBook();
const explained = (input: QuoteInput, history = []) => explainDecision(evaluateQuote(book, input, history));
const ac: QuoteInput = {
  line: 'appliance',
  category: 'air_conditioner',
  efficiencyGrade: 1,
  finalPriceFen: 399_900,
  purchaseDate: '2025-05-01',
};

describe('the citizen’s explanation', () => {
  it('reads as the plan does, in zh-CN and English', () => {
    const result = explained(ac);
    expect(result.explanation).toBe('按最终销售价格3999.00元的20%计算为799.80元，未超过每件2000元上限。补贴799.80元。');
    expect(result.explanationEn).toBe(
      '20% of the final price of 3999.00 yuan is 799.80 yuan; within the cap of 2000 yuan per item. Subsidy: 799.80 yuan.',
    );
  });

  it('shows the rounding when the amount is not whole fen', () => {
    const result = explained({ ...ac, efficiencyGrade: 2, finalPriceFen: 123_457 });
    expect(result.explanation).toBe(
      '按最终销售价格1234.57元的15%计算为185.1855元，四舍五入到分为185.19元，未超过每件2000元上限。补贴185.19元。',
    );
  });

  it('says when the cap applies', () => {
    expect(explained({ ...ac, finalPriceFen: 2_000_000 }).explanation).toBe(
      '按最终销售价格20000.00元的20%计算为4000.00元，超过每件2000元上限，按上限计。补贴2000.00元。',
    );
  });

  it('says what is left of a cumulative cap and that the remainder is paid', () => {
    const history = [{ line: 'elderly_adaptation', subsidyFen: 1_000_000, ruleDate: '2025-02-01' }] as const;
    const result = explainDecision(
      evaluateQuote(
        book,
        {
          line: 'elderly_adaptation',
          productCostFen: 1_000_000,
          labourCostFen: 200_000,
          purchaseDate: '2025-05-01',
          applicantAgeYears: 70,
        },
        history,
      ),
    );
    expect(result.explanation).toBe(
      '按适老化改造产品总费用10000.00元的30%计算为3000.00元，每房累计最高补贴12000元，此前已补贴10000.00元，尚余2000.00元，按剩余额度补贴2000.00元。' +
        '补贴2000.00元。人工和装修费用2000.00元不在补贴范围。',
    );
  });

  it('names a fixed amount by its parameter and lists what was not checked', () => {
    const result = explained({ line: 'car_scrap', newCar: 'nev', purchaseDate: '2025-05-01' });
    expect(result.explanation).toMatch(
      /^car_scrap nev 最高补贴20000元。补贴20000.00元。需核验：旧车须在2025-01-07或之前登记在申请人名下；/,
    );
    expect(result.uncheckedConditions.map((item) => item.code)).toEqual(['OLD_CAR_REGISTRATION', 'NEW_CAR_ID']);
  });

  it('gives the reasons of a refusal', () => {
    const result = explained({ ...ac, efficiencyGrade: 3 });
    expect(result).toMatchObject({ eligible: false, subsidyFen: 0 });
    expect(result.explanation).toBe('不予补贴：3级能效或水效产品不在补贴范围（可补贴：1级、2级）。');
    expect(result.reasons).toEqual([
      {
        code: 'GRADE_NOT_ELIGIBLE',
        message: '3级能效或水效产品不在补贴范围（可补贴：1级、2级）',
        messageEn: 'efficiency grade 3 is not eligible (eligible: grade 1, 2)',
      },
    ]);
    const noRule = explained({ ...ac, purchaseDate: '2026-01-01' });
    expect(noRule.explanation).toBe('不予补贴：2026-01-01无有效的补贴规则。');
    expect(noRule.reasons[0]?.code).toBe('NO_RULE_IN_FORCE');
  });
});

describe('provenance', () => {
  it('quotes the clauses and names the parameter versions used', () => {
    const result = explained(ac);
    expect(result.parameterVersion).toBe(
      'test-plan@1:appliance-categories,appliance-grade1,appliance-air-conditioners,appliance-cap',
    );
    expect(result.clauses.map((clause) => clause.parameterId)).toEqual([
      'appliance-categories',
      'appliance-grade1',
      'appliance-air-conditioners',
      'appliance-cap',
    ]);
    expect(result.clause).toBe(result.clauses.map((clause) => clause.quote).join('；'));
    expect(result.roundingMode).toBe('half_up');
    expect(result.ruleDate).toBe('2025-05-01');
  });

  it('traces every step: rule date, checks, base, rate, raw amount, rounding, quota, limit, result', () => {
    const decision = evaluateQuote(book, { ...ac, applicantId: 'p' }, []);
    expect(traceOf(decision).map((step) => step.step)).toEqual([
      'rule_date',
      'check',
      'base',
      'rate',
      'raw_amount',
      'rounding',
      'quota',
      'limit',
      'result',
    ]);
    const trace = traceOf(decision);
    expect(trace.find((step) => step.step === 'raw_amount')?.message).toBe('3999.00元×20%=799.80元');
    expect(trace.find((step) => step.step === 'quota')?.message).toBe('每人每类件数上限3，已用0：通过');
    expect(trace.at(-1)).toMatchObject({ step: 'result', amountFen: 79_980 });
  });

  it('explains an invalid input field by field', () => {
    const result = explainDecision(evaluateQuote(book, { ...ac, finalPriceFen: -5 }));
    expect(result.reasons).toEqual([expect.objectContaining({ code: 'INVALID_INPUT', field: 'finalPriceFen' })]);
    expect(explanationOf(evaluateQuote(book, { ...ac, finalPriceFen: -5 })).message).toMatch(
      /^不予补贴：finalPriceFen/,
    );
  });
});

describe('words for every reason and condition', () => {
  const decision = evaluateQuote(book, ac);
  const parameter = decision.parameters[1];
  if (parameter === undefined) throw new Error('fixture');
  const reasons: Reason[] = [
    {
      code: 'INVALID_INPUT',
      field: 'x',
      error: { field: 'x', problem: 'type', message: 'x须为整数', messageEn: 'x must be whole' },
    },
    { code: 'NO_RULE_IN_FORCE', date: '2026-01-01', missingRoles: ['item_cap'] },
    { code: 'CATEGORY_NOT_ELIGIBLE', category: 'boat', allowed: ['tv'] },
    { code: 'GRADE_NOT_ELIGIBLE', grade: 4, allowed: [1, 2] },
    { code: 'NEW_CAR_NOT_ELIGIBLE', newCar: 'fuel' },
    { code: 'PRICE_ABOVE_CEILING', parameter, priceFen: 1 },
    { code: 'OLD_CAR_REGISTERED_TOO_LATE', parameter, registeredOn: '2025-02-01' },
    { code: 'DISPLACEMENT_ABOVE_LIMIT', parameter, displacementMl: 2500 },
    { code: 'AGE_BELOW_MINIMUM', parameter, ageYears: 50 },
    { code: 'APPLICANT_NOT_ELIGIBLE', required: 'legal_person', actual: 'natural_person' },
    { code: 'QUOTA_USED', parameter, used: 1 },
    { code: 'CAP_REACHED', parameter, usedFen: 1 },
  ];
  const conditions: UncheckedCondition[] = [
    { code: 'OLD_CAR_REGISTRATION', parameter },
    { code: 'DISPLACEMENT', parameter },
    { code: 'APPLICANT_AGE', parameter },
    { code: 'APPLICANT_KIND', required: 'legal_person' },
    { code: 'QUOTA_NO_HISTORY', parameter },
    { code: 'NEW_CAR_ID', parameter },
    { code: 'CUMULATIVE_CAP_NO_HISTORY', parameter },
  ];

  it.each(reasons)('has zh and en words for $code', (reason) => {
    const words = reasonWords(reason);
    expect(words.message.length).toBeGreaterThan(2);
    expect(words.messageEn.length).toBeGreaterThan(2);
    expect(words.message).not.toMatch(/undefined|NaN|\[object/);
    expect(words.messageEn).not.toMatch(/undefined|NaN|\[object/);
  });

  it.each(conditions)('has zh and en words for unchecked $code', (condition) => {
    const words = uncheckedWords(condition);
    expect(words.message.length).toBeGreaterThan(2);
    expect(words.messageEn).not.toMatch(/undefined|NaN|\[object/);
  });
});
