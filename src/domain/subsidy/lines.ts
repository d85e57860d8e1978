/**
 * The shape of each subsidy line: which input date selects the parameter version in force, what
 * the amount is computed from, and which facts the line needs. No policy number lives here: rates,
 * caps, ceilings and quotas all come from the plan's parameters (rule-book.ts).
 */
import type { ApplicantKind, SubsidyLine } from './schema.js';

import { SUBSIDY_LINES } from './subsidy-lines.js';

export { SUBSIDY_LINES };

/** The input field whose date selects the parameter version in force. */
export type RuleDateField = 'purchaseDate' | 'eventDate';
/** The input field the amount is computed from (rate lines) or limited by (fixed lines). */
export type BaseField = 'finalPriceFen' | 'productCostFen' | 'eligibleCostFen';
/** rate: a share of the base, rounded once; fixed: the plan's 最高补贴 amount, never above the price. */
export type AmountKind = 'rate' | 'fixed';

export interface LineSpec {
  readonly ruleDate: RuleDateField;
  /** Why that date: written into docs/subsidy-rules.md. */
  readonly ruleDateWhy: string;
  readonly amount: AmountKind;
  readonly base: BaseField;
  readonly needsCategory: boolean;
  readonly needsEfficiencyGrade: boolean;
  readonly needsNewCar: boolean;
  /** The kind of applicant the line is for; null: the line does not restrict it. */
  readonly applicant: ApplicantKind | null;
  readonly label: string;
  readonly labelEn: string;
}

const PURCHASE = 'the purchase (the invoice date): the subsidy is for buying';

export const LINE_SPECS: Readonly<Record<SubsidyLine, LineSpec>> = {
  car_scrap: {
    ruleDate: 'purchaseDate',
    ruleDateWhy: `${PURCHASE} the new car`,
    amount: 'fixed',
    base: 'finalPriceFen',
    needsCategory: false,
    needsEfficiencyGrade: false,
    needsNewCar: true,
    applicant: null,
    label: '汽车报废更新',
    labelEn: 'car scrappage renewal',
  },
  car_replace: {
    ruleDate: 'purchaseDate',
    ruleDateWhy: `${PURCHASE} the new car`,
    amount: 'fixed',
    base: 'finalPriceFen',
    needsCategory: false,
    needsEfficiencyGrade: false,
    needsNewCar: true,
    applicant: null,
    label: '汽车置换更新',
    labelEn: 'car replacement renewal',
  },
  appliance: {
    ruleDate: 'purchaseDate',
    ruleDateWhy: `${PURCHASE} the appliance (instant discount at checkout)`,
    amount: 'rate',
    base: 'finalPriceFen',
    needsCategory: true,
    needsEfficiencyGrade: true,
    needsNewCar: false,
    applicant: null,
    label: '家电以旧换新',
    labelEn: 'appliance trade-in',
  },
  smart_home: {
    ruleDate: 'purchaseDate',
    ruleDateWhy: `${PURCHASE} the product (instant discount at checkout)`,
    amount: 'rate',
    base: 'finalPriceFen',
    needsCategory: true,
    needsEfficiencyGrade: false,
    needsNewCar: false,
    applicant: null,
    label: '智能家居',
    labelEn: 'smart home',
  },
  digital: {
    ruleDate: 'purchaseDate',
    ruleDateWhy: `${PURCHASE} the device (instant discount at checkout)`,
    amount: 'rate',
    base: 'finalPriceFen',
    needsCategory: true,
    needsEfficiencyGrade: false,
    needsNewCar: false,
    applicant: null,
    label: '数码产品购新',
    labelEn: 'digital products',
  },
  elderly_adaptation: {
    ruleDate: 'purchaseDate',
    ruleDateWhy: `${PURCHASE} the adaptation products (对购买居家适老化改造产品的老年人家庭)`,
    amount: 'rate',
    base: 'productCostFen',
    needsCategory: false,
    needsEfficiencyGrade: false,
    needsNewCar: false,
    applicant: null,
    label: '居家适老化改造',
    labelEn: 'home adaptation for older people',
  },
  ebike: {
    ruleDate: 'purchaseDate',
    ruleDateWhy: `${PURCHASE} the new e-bike (换购合格新车)`,
    amount: 'fixed',
    base: 'finalPriceFen',
    needsCategory: false,
    needsEfficiencyGrade: false,
    needsNewCar: false,
    applicant: null,
    label: '电动自行车以旧换新',
    labelEn: 'e-bike trade-in',
  },
  first_launch: {
    ruleDate: 'eventDate',
    ruleDateWhy:
      'the launch event (首发/首秀/首展) at which the costs were incurred: the subsidy is a share of 实际发生费用, ' +
      'and the cap is per entity per year (年度), so the event date also picks the year',
    amount: 'rate',
    base: 'eligibleCostFen',
    needsCategory: false,
    needsEfficiencyGrade: false,
    needsNewCar: false,
    applicant: 'legal_person',
    label: '首发经济补贴',
    labelEn: 'first-launch subsidy',
  },
};

export const BASE_LABELS: Readonly<Record<BaseField, { zh: string; en: string }>> = {
  finalPriceFen: { zh: '最终销售价格', en: 'the final price' },
  productCostFen: { zh: '适老化改造产品总费用', en: 'the total cost of the adaptation products' },
  eligibleCostFen: { zh: '实际发生费用', en: 'the costs actually incurred' },
};

/** The glossary's category codes and what people call them. */
export const CATEGORY_LABELS: Readonly<Record<string, { zh: string; en: string }>> = {
  refrigerator: { zh: '冰箱', en: 'refrigerator' },
  washing_machine: { zh: '洗衣机', en: 'washing machine' },
  tv: { zh: '电视', en: 'TV' },
  air_conditioner: { zh: '空调', en: 'air conditioner' },
  computer: { zh: '电脑', en: 'computer' },
  water_heater: { zh: '热水器', en: 'water heater' },
  stove: { zh: '家用灶具', en: 'household stove' },
  range_hood: { zh: '吸油烟机', en: 'range hood' },
  water_purifier: { zh: '净水器', en: 'water purifier' },
  dishwasher: { zh: '洗碗机', en: 'dishwasher' },
  rice_cooker: { zh: '电饭煲', en: 'rice cooker' },
  microwave: { zh: '微波炉', en: 'microwave oven' },
  smart_toilet: { zh: '智能马桶', en: 'smart toilet' },
  smart_lock: { zh: '智能门锁', en: 'smart door lock' },
  smart_drying_rack: { zh: '智能晾衣架', en: 'smart drying rack' },
  smart_sofa: { zh: '智能沙发（含电动按摩椅）', en: 'smart sofa (incl. electric massage chair)' },
  phone: { zh: '手机', en: 'phone' },
  tablet: { zh: '平板', en: 'tablet' },
  smartwatch: { zh: '智能手表（手环）', en: 'smartwatch (or band)' },
};

export function categoryLabel(code: string, language: 'zh' | 'en'): string {
  return CATEGORY_LABELS[code]?.[language] ?? code;
}

export function isSubsidyLine(value: unknown): value is SubsidyLine {
  return typeof value === 'string' && Object.hasOwn(LINE_SPECS, value);
}

/**
 * The categories each line subsidises, read from the plan's parameters (their appliesTo), so a
 * form or a report never restates the plan's lists: categories are policy, not code.
 */
export function lineCategories(
  parameters: readonly {
    readonly appliesTo?: { readonly programme: string; readonly categories?: readonly string[] };
  }[],
): Partial<Record<SubsidyLine, readonly string[]>> {
  const found = new Map<string, Set<string>>();
  for (const { appliesTo } of parameters) {
    if (appliesTo?.categories === undefined) continue;
    const set = found.get(appliesTo.programme) ?? new Set<string>();
    for (const category of appliesTo.categories) set.add(category);
    found.set(appliesTo.programme, set);
  }
  const result: Partial<Record<SubsidyLine, readonly string[]>> = {};
  for (const line of SUBSIDY_LINES) {
    const categories = found.get(line);
    if (categories !== undefined) result[line] = [...categories];
  }
  return result;
}
