/**
 * The subsidy engine against the real plan: for every sentence of measure 6 (以旧换新) and of the
 * first-launch sentence of measure 20, quoted word for word, the subsidy it gives for every line and
 * every cap; then the national and Henan rules the plan leaves implicit (reference.md), across
 * several purchases.
 */
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PlanDocument } from '../../src/domain/plan/schema.js';
import {
  assertRuleBookUsable,
  compileRuleBook,
  evaluateQuote,
  explainDecision,
  lineCategories,
  planParameters,
  quoteFromJson,
  type GrantedDecision,
  type QuoteInput,
  type RuleBook,
  type SubsidyDecision,
} from '../../src/domain/subsidy/index.js';
import { loadPlanDirectory } from '../../src/services/plan/plan-files.js';

const POLICY_DIR = fileURLToPath(new URL('../../policies/sanmenxia-2025/', import.meta.url));

let plan: PlanDocument;
let book: RuleBook;

beforeAll(async () => {
  plan = await loadPlanDirectory(POLICY_DIR);
  book = assertRuleBookUsable(compileRuleBook(planParameters(plan), `${plan.metadata.code}@test`));
});

function measureText(number: number): string {
  const measure = plan.measures.find((item) => item.number === number);
  if (measure === undefined) throw new Error(`no measure ${number}`);
  return measure.text;
}

/** Each test names its sentence; the sentence must be the plan's exact words. */
function sentence(measure: number, words: string): string {
  expect(measureText(measure)).toContain(words);
  return words;
}

const ON = '2025-05-01';
const quote = (input: QuoteInput, history: readonly GrantedDecision[] = []): SubsidyDecision =>
  evaluateQuote(book, input, history);
const subsidy = (input: QuoteInput, history: readonly GrantedDecision[] = []): number => {
  const decision = quote(input, history);
  expect(decision.reasons, JSON.stringify(input)).toEqual([]);
  return decision.subsidyFen;
};
const refusal = (input: QuoteInput, history: readonly GrantedDecision[] = []): string[] => {
  const decision = quote(input, history);
  expect(decision).toMatchObject({ eligible: false, subsidyFen: 0 });
  return decision.reasons.map((reason) => reason.code);
};

/** The clause a decision quotes contains the words of the plan the test stands on. */
function cites(input: QuoteInput, words: string): void {
  expect(explainDecision(quote(input)).clause).toContain(words);
}

describe('measure 6 (加力推进以旧换新)', () => {
  it('cars: 报废…新能源乘用车最高补贴2万元、燃油乘用车最高补贴1.5万元，转让旧车…1.5万元、…1.3万元', () => {
    sentence(
      6,
      '支持汽车报废和置换更新，2025年报废符合条件的旧乘用车并购买新能源乘用车最高补贴2万元、燃油乘用车最高补贴1.5万元，' +
        '转让旧车并购买新能源乘用车最高补贴1.5万元、燃油乘用车最高补贴1.3万元',
    );
    expect(subsidy({ line: 'car_scrap', newCar: 'nev', purchaseDate: ON })).toBe(2_000_000);
    expect(subsidy({ line: 'car_scrap', newCar: 'fuel', purchaseDate: ON })).toBe(1_500_000);
    expect(subsidy({ line: 'car_replace', newCar: 'nev', purchaseDate: ON })).toBe(1_500_000);
    expect(subsidy({ line: 'car_replace', newCar: 'fuel', purchaseDate: ON })).toBe(1_300_000);
    cites({ line: 'car_scrap', newCar: 'nev', purchaseDate: ON }, '购买新能源乘用车最高补贴2万元');
    // 2025年: no car rule outside the programme year.
    expect(refusal({ line: 'car_scrap', newCar: 'nev', purchaseDate: '2026-01-01' })).toEqual(['NO_RULE_IN_FORCE']);
  });

  it('appliances: 1级、2级能效或水效标准产品分别按最终销售价格的20%、15%给予补贴，最高补贴2000元', () => {
    sentence(6, '1级、2级能效或水效标准产品分别按最终销售价格的20%、15%给予补贴，最高补贴2000元');
    const appliance = (category: string, efficiencyGrade: number, finalPriceFen: number): QuoteInput => ({
      line: 'appliance',
      category,
      efficiencyGrade,
      finalPriceFen,
      purchaseDate: ON,
    });
    expect(subsidy(appliance('air_conditioner', 1, 399_900))).toBe(79_980); // 3999 × 20% = 799.80
    expect(subsidy(appliance('refrigerator', 2, 2_000_000))).toBe(200_000); // 15% = 3000 → cap 2000
    expect(subsidy(appliance('refrigerator', 2, 399_900))).toBe(59_985); // 3999 × 15% = 599.85
    expect(subsidy(appliance('tv', 1, 1_000_000))).toBe(200_000); // 20% = 2000 exactly
    expect(refusal(appliance('tv', 3, 399_900))).toEqual(['GRADE_NOT_ELIGIBLE']);
    expect(explainDecision(quote(appliance('air_conditioner', 1, 399_900))).explanation).toContain(
      '按最终销售价格3999.00元的20%计算为799.80元，未超过每件2000元上限',
    );
    cites(appliance('tv', 1, 100_000), '分别按最终销售价格的20%、15%给予补贴，最高补贴2000元');
  });

  it('appliances: 家电以旧换新范围增加微波炉、净水器、洗碗机、电饭煲等4类家电', () => {
    sentence(6, '家电以旧换新范围增加微波炉、净水器、洗碗机、电饭煲等4类家电');
    for (const category of ['microwave', 'water_purifier', 'dishwasher', 'rice_cooker']) {
      expect(
        subsidy({ line: 'appliance', category, efficiencyGrade: 1, finalPriceFen: 50_000, purchaseDate: ON }),
      ).toBe(10_000);
    }
    expect(
      refusal({
        line: 'appliance',
        category: 'hair_dryer',
        efficiencyGrade: 1,
        finalPriceFen: 50_000,
        purchaseDate: ON,
      }),
    ).toEqual(['CATEGORY_NOT_ELIGIBLE']);
  });

  it('smart home: 按最终销售价格的15%给予补贴，每件最高补贴1500元', () => {
    sentence(
      6,
      '购买智能马桶、智能门锁、智能晾衣架、智能沙发（含电动按摩椅）等家居产品按最终销售价格的15%给予补贴，每件最高补贴1500元',
    );
    const item = (category: string, finalPriceFen: number): QuoteInput => ({
      line: 'smart_home',
      category,
      finalPriceFen,
      purchaseDate: ON,
    });
    expect(subsidy(item('smart_lock', 120_000))).toBe(18_000); // 1200 × 15% = 180
    expect(subsidy(item('smart_toilet', 1_200_000))).toBe(150_000); // 15% = 1800 → cap 1500
    expect(subsidy(item('smart_drying_rack', 1_000_000))).toBe(150_000); // 15% = 1500 exactly
    expect(subsidy(item('smart_sofa', 800_000))).toBe(120_000);
    expect(refusal(item('smart_speaker', 100_000))).toEqual(['CATEGORY_NOT_ELIGIBLE']);
    cites(item('smart_lock', 120_000), '每件最高补贴1500元');
  });

  it('digital: 手机、平板、智能手表（手环）…按最终销售价格的15%给予补贴，每件最高补贴500元', () => {
    sentence(6, '购买手机、平板、智能手表（手环）等3类数码产品按最终销售价格的15%给予补贴，每件最高补贴500元');
    const device = (category: string, finalPriceFen: number): QuoteInput => ({
      line: 'digital',
      category,
      finalPriceFen,
      purchaseDate: ON,
    });
    expect(subsidy(device('phone', 200_000))).toBe(30_000); // 2000 × 15% = 300
    expect(subsidy(device('phone', 600_000))).toBe(50_000); // 15% = 900 → cap 500
    expect(subsidy(device('tablet', 333_333))).toBe(50_000);
    expect(subsidy(device('smartwatch', 99_900))).toBe(14_985);
    // The national ceiling (reference.md): a final price above 6,000 yuan gets nothing.
    expect(refusal(device('phone', 600_001))).toEqual(['PRICE_ABOVE_CEILING']);
    cites(device('phone', 600_001), 'Final price must be ≤ 6,000 yuan per item');
  });

  it('elderly adaptation: 按适老化改造产品总费用的30%给予补贴，每房最高补贴1.2万元', () => {
    sentence(6, '对购买居家适老化改造产品的老年人家庭，按适老化改造产品总费用的30%给予补贴，每房最高补贴1.2万元');
    const claim = (productCostFen: number, extra: Partial<QuoteInput> = {}): QuoteInput => ({
      line: 'elderly_adaptation',
      productCostFen,
      purchaseDate: ON,
      dwellingId: 'dwelling-1',
      applicantAgeYears: 68,
      ...extra,
    });
    expect(subsidy(claim(1_000_000))).toBe(300_000); // 10000 × 30% = 3000
    expect(subsidy(claim(5_000_000))).toBe(1_200_000); // 15000 → cap 12000
    expect(subsidy(claim(1_000_000, { labourCostFen: 800_000 }))).toBe(300_000); // labour excluded
    // 每房: cumulative over purchases for one dwelling; the remainder is paid, then nothing.
    const history: GrantedDecision[] = [];
    const paid = [2_000_000, 2_000_000, 1_000_000, 1_000_000].map((productCostFen) => {
      const decision = quote(claim(productCostFen), history);
      if (decision.eligible) {
        history.push({
          line: 'elderly_adaptation',
          subsidyFen: decision.subsidyFen,
          ruleDate: ON,
          dwellingId: 'dwelling-1',
        });
      }
      return decision.eligible ? decision.subsidyFen : decision.reasons[0]?.code;
    });
    expect(paid).toEqual([600_000, 600_000, 'CAP_REACHED', 'CAP_REACHED']);
    const other = quote(claim(1_000_000, { dwellingId: 'dwelling-2' }), history);
    expect(other.subsidyFen).toBe(300_000);
    // Henan: residents aged 60 or over.
    expect(refusal(claim(1_000_000, { applicantAgeYears: 59 }))).toEqual(['AGE_BELOW_MINIMUM']);
  });

  it('e-bikes: 交售报废老旧电动自行车并换购合格新车的，最高补贴500元', () => {
    sentence(6, '交售报废老旧电动自行车并换购合格新车的，最高补贴500元');
    expect(subsidy({ line: 'ebike', purchaseDate: ON })).toBe(50_000);
    expect(subsidy({ line: 'ebike', finalPriceFen: 299_900, purchaseDate: ON })).toBe(50_000);
    cites({ line: 'ebike', purchaseDate: ON }, '最高补贴500元');
  });

  it('targets, not rules: 2025年力争完成汽车报废和置换更新6000辆左右、家电产品以旧换新15万台以上', () => {
    sentence(6, '2025年力争完成汽车报废和置换更新6000辆左右、家电产品以旧换新15万台以上');
    const used = book.parameters.map((parameter) => parameter.quote ?? '');
    expect(used.some((quoted) => quoted.includes('6000辆') || quoted.includes('15万台'))).toBe(false);
  });
});

describe('measure 20 (做优品牌消费): the first-launch subsidy', () => {
  const launch = (eligibleCostFen: number, extra: Partial<QuoteInput> = {}): QuoteInput => ({
    line: 'first_launch',
    eligibleCostFen,
    eventDate: '2025-06-18',
    entityId: 'brand-1',
    applicantKind: 'legal_person',
    ...extra,
  });

  it('按照实际发生费用的30%给予补贴，单个主体年度补贴金额不超过100万元', () => {
    sentence(20, '利用市级服务业发展专项资金按照实际发生费用的30%给予补贴，单个主体年度补贴金额不超过100万元');
    expect(subsidy(launch(100_000_000))).toBe(30_000_000); // 1,000,000 × 30% = 300,000
    expect(subsidy(launch(400_000_000))).toBe(100_000_000); // 1,200,000 → cap 1,000,000
    cites(launch(100_000), '单个主体年度补贴金额不超过100万元');
  });

  it('单个主体年度: the cap runs per entity per calendar year, across events', () => {
    const history: GrantedDecision[] = [];
    const paid = ['2025-03-01', '2025-06-01', '2025-09-01', '2025-12-01'].map((eventDate) => {
      const decision = quote(launch(150_000_000, { eventDate }), history);
      if (decision.eligible)
        history.push({
          line: 'first_launch',
          subsidyFen: decision.subsidyFen,
          ruleDate: eventDate,
          entityId: 'brand-1',
        });
      return decision.eligible ? decision.subsidyFen : decision.reasons[0]?.code;
    });
    expect(paid).toEqual([45_000_000, 45_000_000, 10_000_000, 'CAP_REACHED']);
    expect(subsidy(launch(150_000_000, { entityId: 'brand-2' }), history)).toBe(45_000_000);
  });

  it('is for organisations (时尚机构、知名品牌…), not natural persons', () => {
    sentence(
      20,
      '鼓励具有国际国内影响力的时尚机构、知名品牌、设计师品牌、高端定制品牌、时尚国潮品牌等首发新品，举办首秀、首展等活动',
    );
    expect(refusal(launch(100_000, { applicantKind: 'natural_person' }))).toEqual(['APPLICANT_NOT_ELIGIBLE']);
  });
});

describe('national and Henan rules the plan leaves implicit (reference.md)', () => {
  const appliance = (category: string): QuoteInput => ({
    line: 'appliance',
    category,
    efficiencyGrade: 1,
    finalPriceFen: 300_000,
    purchaseDate: ON,
    applicantId: 'resident-1',
  });
  const grant = (input: QuoteInput, subsidyFen: number): GrantedDecision => ({
    line: input.line,
    category: input.category,
    subsidyFen,
    ruleDate: input.purchaseDate ?? ON,
    applicantId: input.applicantId,
    newCarId: input.newCarId,
  });

  it('one appliance per category per person per year; air conditioners up to three', () => {
    const history: GrantedDecision[] = [];
    const buy = (category: string): string | number => {
      const decision = quote(appliance(category), history);
      if (decision.eligible) history.push(grant(appliance(category), decision.subsidyFen));
      return decision.eligible ? decision.subsidyFen : (decision.reasons[0]?.code ?? '');
    };
    expect(['tv', 'tv', 'refrigerator'].map(buy)).toEqual([60_000, 'QUOTA_USED', 60_000]);
    expect(['air_conditioner', 'air_conditioner', 'air_conditioner', 'air_conditioner'].map(buy)).toEqual([
      60_000,
      60_000,
      60_000,
      'QUOTA_USED',
    ]);
    // Another person, or the next programme year's purchase under its own rules, is not affected.
    expect(subsidy({ ...appliance('tv'), applicantId: 'resident-2' }, history)).toBe(60_000);
  });

  it('a returned item keeps its qualification used', () => {
    const returned: GrantedDecision = { ...grant(appliance('tv'), 60_000), reversed: true };
    expect(refusal(appliance('tv'), [returned])).toEqual(['QUOTA_USED']);
  });

  it('one transfer-replacement subsidy per person per year; one new car takes scrap or transfer, not both', () => {
    const replace: QuoteInput = {
      line: 'car_replace',
      newCar: 'nev',
      purchaseDate: ON,
      applicantId: 'driver',
      newCarId: 'VIN-A',
    };
    const history = [grant(replace, 1_500_000)];
    expect(refusal({ ...replace, newCarId: 'VIN-B' }, history)).toEqual(['QUOTA_USED']);
    expect(
      refusal(
        { line: 'car_scrap', newCar: 'nev', purchaseDate: ON, applicantId: 'driver', newCarId: 'VIN-A' },
        history,
      ),
    ).toEqual(['QUOTA_USED']);
    expect(
      subsidy(
        { line: 'car_scrap', newCar: 'nev', purchaseDate: ON, applicantId: 'driver', newCarId: 'VIN-C' },
        history,
      ),
    ).toBe(2_000_000);
  });

  it('the old car registered in the applicant’s name before 2025-01-08; a scrappage fuel car of at most 2.0 L', () => {
    const scrap: QuoteInput = { line: 'car_scrap', newCar: 'fuel', purchaseDate: ON, displacementMl: 1998 };
    expect(subsidy({ ...scrap, oldCarRegisteredOn: '2025-01-07' })).toBe(1_500_000);
    expect(refusal({ ...scrap, oldCarRegisteredOn: '2025-01-08' })).toEqual(['OLD_CAR_REGISTERED_TOO_LATE']);
    expect(refusal({ ...scrap, oldCarRegisteredOn: '2020-01-01', displacementMl: 2498 })).toEqual([
      'DISPLACEMENT_ABOVE_LIMIT',
    ]);
  });

  it('one digital product per category per person', () => {
    const phone: QuoteInput = {
      line: 'digital',
      category: 'phone',
      finalPriceFen: 300_000,
      purchaseDate: ON,
      applicantId: 'p',
    };
    expect(refusal(phone, [grant(phone, 45_000)])).toEqual(['QUOTA_USED']);
    expect(subsidy({ ...phone, category: 'tablet' }, [grant(phone, 45_000)])).toBe(45_000);
  });
});

describe('huimin quote', () => {
  it('answers the issue’s example with eligible and 79980 fen', () => {
    const output = JSON.parse(
      quoteFromJson(
        '{"line":"appliance","category":"air_conditioner","efficiencyGrade":1,"finalPriceFen":399900,"purchaseDate":"2025-05-01"}',
        book,
      ),
    ) as { eligible: boolean; subsidyFen: number; reasons: unknown[]; clause: string; parameterVersion: string };
    expect(output).toMatchObject({ eligible: true, subsidyFen: 79_980, reasons: [] });
    expect(output.clause).toContain('1级、2级能效或水效标准产品分别按最终销售价格的20%、15%给予补贴');
    expect(output.parameterVersion).toContain('appliance-grade1-rate-2025');
  });
});

describe('categories per line, read from the plan', () => {
  it('lists the 12 appliance, 4 smart-home and 3 digital categories the parameters name', () => {
    const categories = lineCategories(planParameters(plan));
    expect(categories.appliance).toHaveLength(12);
    expect(categories.appliance).toContain('microwave');
    expect([...(categories.smart_home ?? [])].sort()).toEqual([
      'smart_drying_rack',
      'smart_lock',
      'smart_sofa',
      'smart_toilet',
    ]);
    expect([...(categories.digital ?? [])].sort()).toEqual(['phone', 'smartwatch', 'tablet']);
    expect(categories.car_scrap).toBeUndefined();
  });
});
