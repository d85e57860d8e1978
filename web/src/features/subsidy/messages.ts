/**
 * The subsidy calculator's labels, in both languages; they load with the feature's pages. The frame's and the common words
 * are in lib/i18n/shared.ts, and `t` from useSubsidyI18n reads both.
 */
import type { SharedKey } from '../../lib/i18n/shared';
import type { MessageTable, Translate } from '../../lib/i18n/translate';
import { useI18n, type I18n } from '../../lib/i18n/useI18n';

export const subsidyMessages = {
  // subsidy calculator
  'calc.title': { zh: '补贴测算', en: 'Subsidy calculator' },
  'calc.subtitle': {
    zh: '按方案现行规则，测算一笔消费可享受的补贴金额，并给出依据原文。测算结果仅供参考，以实际审核为准。',
    en: 'What one purchase would receive under the plan’s current rules, with the clause it rests on. An estimate only; the actual review decides.',
  },
  'calc.line': { zh: '补贴类别', en: 'Subsidy line' },
  'calc.category': { zh: '品类', en: 'Category' },
  'calc.categoryPlaceholder': { zh: '请选择品类', en: 'Choose a category' },
  'calc.grade': { zh: '能效/水效等级', en: 'Efficiency grade' },
  'calc.grade1': { zh: '1级', en: 'Grade 1' },
  'calc.grade2': { zh: '2级', en: 'Grade 2' },
  'calc.gradeOther': { zh: '其他等级', en: 'Other' },
  'calc.newCar': { zh: '新车类型', en: 'New car' },
  'calc.nev': { zh: '新能源汽车', en: 'New-energy' },
  'calc.fuel': { zh: '燃油车', en: 'Fuel' },
  'calc.price': { zh: '最终销售价格', en: 'Final price' },
  'calc.productCost': { zh: '适老化改造产品总费用', en: 'Cost of the adaptation products' },
  'calc.eligibleCost': { zh: '实际发生费用', en: 'Costs actually incurred' },
  'calc.fixedHint': {
    zh: '定额补贴，补贴金额不超过购买价格',
    en: 'A fixed amount, never more than the price',
  },
  'calc.yuan': { zh: '元', en: 'yuan' },
  'calc.purchaseDate': { zh: '购买日期', en: 'Purchase date' },
  'calc.eventDate': { zh: '活动日期', en: 'Event date' },
  'calc.more': { zh: '更多条件', en: 'More conditions' },
  'calc.oldCarRegisteredOn': { zh: '旧车注册登记日期', en: 'Old car registered on' },
  'calc.displacement': { zh: '排量（毫升）', en: 'Displacement (ml)' },
  'calc.labourCost': { zh: '施工费用（不计入补贴）', en: 'Labour cost (not subsidised)' },
  'calc.age': { zh: '申请人年龄（周岁）', en: 'Applicant age (years)' },
  'calc.applicantKind': { zh: '申请主体', en: 'Applicant' },
  'calc.legalPerson': { zh: '企业（法人）', en: 'Company (legal person)' },
  'calc.naturalPerson': { zh: '个人', en: 'Individual' },
  'calc.required': { zh: '请填写此项', en: 'Required' },
  'calc.submit': { zh: '开始测算', en: 'Calculate' },
  'calc.hint': {
    zh: '选择补贴类别并填写购买信息，点击“开始测算”查看结果。',
    en: 'Choose a subsidy line, fill in the purchase and press Calculate.',
  },
  'calc.eligible': { zh: '符合补贴条件', en: 'Eligible' },
  'calc.notEligible': { zh: '不符合补贴条件', en: 'Not eligible' },
  'calc.subsidy': { zh: '可享补贴', en: 'Subsidy' },
  'calc.ruleDate': { zh: '适用规则日期', en: 'Rules as of' },
  'calc.reasons': { zh: '原因', en: 'Reasons' },
  'calc.unchecked': { zh: '以下条件需在申领时核验', en: 'Checked when you claim' },
  'calc.parameterVersion': { zh: '参数版本', en: 'Parameter version' },
  'calc.trace': { zh: '计算过程', en: 'Calculation steps' },
} as const satisfies MessageTable;

export type SubsidyKey = SharedKey | keyof typeof subsidyMessages;
export type SubsidyTranslate = Translate<SubsidyKey>;
export type SubsidyI18n = I18n<SubsidyKey>;

/** The language, and `t` over this feature's labels and the shared ones. */
export function useSubsidyI18n(): SubsidyI18n {
  return useI18n(subsidyMessages);
}
