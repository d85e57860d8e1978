/**
 * The words of a decision's parts, zh-CN with an English twin: reasons, limits, rates, quotas and
 * unchecked conditions. explain.ts builds the citizen's explanation from them, trace.ts the trace.
 */
import type { Calculation, LimitStep, Reason, SubsidyDecision, UncheckedCondition } from './decision.js';
import { formatBasisPoints } from '../plan/units.js';
import { formatDateNumber } from './dates.js';
import { BASE_LABELS, LINE_SPECS, categoryLabel } from './lines.js';
import { BASIS_POINTS_PER_WHOLE, ROUNDING_LABELS, yuan, yuanAsPlanned, yuanExact } from './money.js';
import type { ParameterRole, RuleParameter } from './rule-book.js';
import type { SubsidyLine } from './schema.js';

export interface Words {
  readonly message: string;
  readonly messageEn: string;
}

export function words(message: string, messageEn: string): Words {
  return { message, messageEn };
}

/** 每件, 每辆, 每房累计 …: how the plan counts a cap. */
export function perLabel(parameter: RuleParameter): Words {
  switch (parameter.per) {
    case 'item':
      return words('每件', 'per item');
    case 'vehicle':
      return words('每辆', 'per vehicle');
    case 'dwelling_cumulative':
      return words('每房累计', 'per dwelling, cumulative');
    case 'entity_year':
      return words('单个主体年度', 'per entity per year');
    default:
      return words('', '');
  }
}

export function lineLabel(line: SubsidyLine): Words {
  return words(LINE_SPECS[line].label, LINE_SPECS[line].labelEn);
}

export function categoryList(categories: readonly string[]): Words {
  return words(
    categories.map((code) => categoryLabel(code, 'zh')).join('、'),
    categories.map((code) => categoryLabel(code, 'en')).join(', '),
  );
}

export const ROLE_LABELS: Readonly<Record<ParameterRole, Words>> = {
  categories: words('补贴品类', 'eligible categories'),
  rate: words('补贴比例', 'subsidy rate'),
  fixed_subsidy: words('补贴标准', 'subsidy amount'),
  item_cap: words('单件上限', 'cap per item'),
  price_ceiling: words('价格上限', 'price ceiling'),
  items_per_person_category_year: words('每人每类件数上限', 'items per person per category'),
  subsidies_per_person_year: words('每人每年次数上限', 'subsidies per person per year'),
  subsidies_per_new_car: words('每辆新车补贴次数上限', 'subsidies per new car'),
  dwelling_cumulative_cap: words('每房累计上限', 'cumulative cap per dwelling'),
  entity_year_cap: words('单个主体年度上限', 'cap per entity per year'),
  old_car_registered_by: words('旧车登记日期', 'old-car registration date'),
  max_displacement: words('排量上限', 'displacement limit'),
  min_age: words('年龄下限', 'minimum age'),
};

export function reasonWords(reason: Reason): Words {
  switch (reason.code) {
    case 'INVALID_INPUT':
      return words(reason.error.message, reason.error.messageEn);
    case 'NO_RULE_IN_FORCE':
      return noRuleWords(reason.date, reason.missingRoles);
    case 'CATEGORY_NOT_ELIGIBLE': {
      const allowed = categoryList(reason.allowed);
      return words(
        `${categoryLabel(reason.category, 'zh')}不在补贴品类内（可补贴：${allowed.message}）`,
        `${categoryLabel(reason.category, 'en')} is not an eligible category (eligible: ${allowed.messageEn})`,
      );
    }
    case 'GRADE_NOT_ELIGIBLE':
      return words(
        `${reason.grade}级能效或水效产品不在补贴范围（可补贴：${reason.allowed.map((grade) => `${grade}级`).join('、')}）`,
        `efficiency grade ${reason.grade} is not eligible (eligible: grade ${reason.allowed.join(', ')})`,
      );
    case 'NEW_CAR_NOT_ELIGIBLE':
      return words('所购新车类型不在补贴范围', `a new car of kind ${reason.newCar ?? 'unknown'} is not eligible`);
    case 'PRICE_ABOVE_CEILING':
      return words(
        `最终销售价格${yuan(reason.priceFen)}元超过${yuanAsPlanned(reason.parameter.value)}元的价格上限，不予补贴`,
        `the final price ${yuan(reason.priceFen)} yuan is above the ceiling of ${yuanAsPlanned(reason.parameter.value)} yuan: no subsidy`,
      );
    case 'OLD_CAR_REGISTERED_TOO_LATE':
      return words(
        `旧车于${reason.registeredOn}登记，须在${formatDateNumber(reason.parameter.value)}或之前登记在申请人名下`,
        `the old car was registered on ${reason.registeredOn}; it must have been registered in the applicant's name on or before ${formatDateNumber(reason.parameter.value)}`,
      );
    case 'DISPLACEMENT_ABOVE_LIMIT':
      return words(
        `新车排量${reason.displacementMl}毫升，超过${reason.parameter.value}升上限`,
        `the new car's displacement of ${reason.displacementMl} ml is above the limit of ${reason.parameter.value} L`,
      );
    case 'AGE_BELOW_MINIMUM':
      return words(
        `申请人${reason.ageYears}周岁，须年满${reason.parameter.value}周岁`,
        `the applicant is ${reason.ageYears}; the minimum age is ${reason.parameter.value}`,
      );
    case 'APPLICANT_NOT_ELIGIBLE':
      return words('申请主体须为法人或其他组织', 'the applicant must be a legal person (an organisation)');
    case 'QUOTA_USED':
      return quotaUsedWords(reason.parameter, reason.used);
    case 'CAP_REACHED':
      return words(
        `${perLabel(reason.parameter).message}最高补贴${yuanAsPlanned(reason.parameter.value)}元已用完（已补贴${yuan(reason.usedFen)}元）`,
        `the cap of ${yuanAsPlanned(reason.parameter.value)} yuan ${perLabel(reason.parameter).messageEn} is used up (${yuan(reason.usedFen)} yuan granted)`,
      );
  }
}

export function noRuleWords(date: string, missingRoles: readonly ParameterRole[]): Words {
  if (missingRoles.length === 0) {
    return words(`${date}无有效的补贴规则`, `no rule in force on ${date}`);
  }
  const missing = missingRoles.map((role) => ROLE_LABELS[role]);
  return words(
    `${date}无有效的补贴规则（缺少${missing.map((item) => item.message).join('、')}）`,
    `no rule in force on ${date} (no ${missing.map((item) => item.messageEn).join(', ')})`,
  );
}

export function quotaUsedWords(parameter: RuleParameter, used: number): Words {
  switch (parameter.role) {
    case 'subsidies_per_new_car':
      return words(
        '该新车已享受过汽车报废更新或置换更新补贴，二者不可兼得',
        'this new car has already received a scrappage or replacement subsidy; it cannot take both',
      );
    case 'subsidies_per_person_year':
      return words(
        `本年度已享受${used}次，达到每人每年${parameter.value}次的上限`,
        `${used} granted this year: the limit is ${parameter.value} per person per year`,
      );
    default:
      return words(
        `本年度该品类已享受补贴${used}件，达到每人每年${parameter.value}件的上限`,
        `${used} item(s) of this category granted this year: the limit is ${parameter.value} per person per year`,
      );
  }
}

export function uncheckedWords(condition: UncheckedCondition): Words {
  switch (condition.code) {
    case 'OLD_CAR_REGISTRATION':
      return words(
        `旧车须在${formatDateNumber(condition.parameter.value)}或之前登记在申请人名下`,
        `the old car must have been registered in the applicant's name on or before ${formatDateNumber(condition.parameter.value)}`,
      );
    case 'DISPLACEMENT':
      return words(
        `新车排量须不超过${condition.parameter.value}升`,
        `the new car's displacement must be at most ${condition.parameter.value} L`,
      );
    case 'APPLICANT_AGE':
      return words(
        `须年满${condition.parameter.value}周岁`,
        `the resident must be aged ${condition.parameter.value} or over`,
      );
    case 'APPLICANT_KIND':
      return words('申请主体须为法人或其他组织', 'the applicant must be a legal person (an organisation)');
    case 'QUOTA_NO_HISTORY':
      return quotaLimitWords(condition.parameter);
    case 'NEW_CAR_ID':
      return words(
        '同一辆新车不可同时享受报废更新和置换更新补贴',
        'one new car cannot take both the scrappage and the replacement subsidy',
      );
    case 'CUMULATIVE_CAP_NO_HISTORY':
      return words(
        `${perLabel(condition.parameter).message}最高补贴${yuanAsPlanned(condition.parameter.value)}元，按此前未补贴计算`,
        `cap of ${yuanAsPlanned(condition.parameter.value)} yuan ${perLabel(condition.parameter).messageEn}: computed as if nothing had been granted before`,
      );
  }
}

export function quotaLimitWords(parameter: RuleParameter): Words {
  const unchecked = words('（未核对此前补贴记录）', ' (earlier grants not checked)');
  switch (parameter.role) {
    case 'subsidies_per_new_car':
      return words(
        `同一辆新车限享受${parameter.value}次汽车以旧换新补贴${unchecked.message}`,
        `one new car takes at most ${parameter.value} car trade-in subsidy${unchecked.messageEn}`,
      );
    case 'subsidies_per_person_year':
      return words(
        `每人每年限享受${parameter.value}次${unchecked.message}`,
        `at most ${parameter.value} per person per year${unchecked.messageEn}`,
      );
    default:
      return words(
        `每人每年该品类限补贴${parameter.value}件${unchecked.message}`,
        `at most ${parameter.value} item(s) of the category per person per year${unchecked.messageEn}`,
      );
  }
}

/** The explanation of the amount: base, rate, rounding, then every limit in order. */
export function amountWords(calculation: Calculation): Words {
  const opening = calculation.amount === 'rate' ? rateWords(calculation) : fixedWords(calculation);
  const parts = [opening, ...calculation.limits.map(limitWords)];
  return words(parts.map((part) => part.message).join('，'), parts.map((part) => part.messageEn).join('; '));
}

export function rateWords(calculation: Calculation): Words {
  const base = BASE_LABELS[calculation.baseField];
  const baseYuan = yuan(calculation.baseFen ?? 0);
  const rate = formatBasisPoints(calculation.rate?.value ?? 0);
  const exact = calculation.scaledAmount % BASIS_POINTS_PER_WHOLE !== 0;
  const raw = yuanExact(calculation.scaledAmount);
  const amount = yuan(calculation.amountFen);
  const rounding = ROUNDING_LABELS[calculation.roundingMode];
  return words(
    `按${base.zh}${baseYuan}元的${rate}计算为${exact ? `${raw}元，${rounding.zh}为${amount}` : amount}元`,
    `${rate} of ${base.en} of ${baseYuan} yuan is ${exact ? `${raw} yuan, ${rounding.en}: ${amount}` : amount} yuan`,
  );
}

export function fixedWords(calculation: Calculation): Words {
  const fixed = calculation.fixed;
  const amount = yuanAsPlanned(calculation.amountFen);
  if (fixed === null) return words(`补贴${amount}元`, `subsidy ${amount} yuan`);
  return words(`${fixed.name}${amount}元`, `${fixed.nameEn}: ${amount} yuan`);
}

export function limitWords(step: LimitStep): Words {
  const applied = step.afterFen < step.beforeFen;
  switch (step.kind) {
    case 'item_cap': {
      const per = step.parameter === null ? words('', '') : perLabel(step.parameter);
      const cap = yuanAsPlanned(step.limitFen);
      return applied
        ? words(
            `超过${per.message}${cap}元上限，按上限计`,
            `above the cap of ${cap} yuan ${per.messageEn}: the cap applies`,
          )
        : words(`未超过${per.message}${cap}元上限`, `within the cap of ${cap} yuan ${per.messageEn}`);
    }
    case 'price':
      return words(
        `补贴不超过价格${yuan(step.limitFen)}元`,
        `the subsidy is never above the price of ${yuan(step.limitFen)} yuan`,
      );
    case 'dwelling_cumulative_cap':
    case 'entity_year_cap':
      return cumulativeWords(step, applied);
  }
}

export function cumulativeWords(step: LimitStep, applied: boolean): Words {
  const per = step.parameter === null ? words('', '') : perLabel(step.parameter);
  const cap = yuanAsPlanned(step.parameter?.value ?? 0);
  if (step.usedFen === 0) {
    return applied
      ? words(
          `超过${per.message}最高补贴${cap}元，按上限计`,
          `above the cap of ${cap} yuan ${per.messageEn}: the cap applies`,
        )
      : words(`未超过${per.message}最高补贴${cap}元`, `within the cap of ${cap} yuan ${per.messageEn}`);
  }
  const used = yuan(step.usedFen);
  const left = yuan(step.limitFen);
  const tail = applied
    ? words(`，按剩余额度补贴${left}元`, `; the remainder of ${left} yuan is paid`)
    : words('，本次未超过剩余额度', '; this claim is within what is left');
  return words(
    `${per.message}最高补贴${cap}元，此前已补贴${used}元，尚余${left}元${tail.message}`,
    `cap of ${cap} yuan ${per.messageEn}: ${used} yuan granted before, ${left} yuan left${tail.messageEn}`,
  );
}

export function labourWords(calculation: Calculation): Words | null {
  const labour = calculation.excludedLabourFen;
  if (labour === null) return null;
  return words(
    `人工和装修费用${yuan(labour)}元不在补贴范围`,
    `labour and renovation costs of ${yuan(labour)} yuan are not subsidised`,
  );
}

export function joinSentences(parts: readonly (Words | null)[]): Words {
  const present = parts.filter((part): part is Words => part !== null && part.message !== '');
  return words(
    present.map((part) => `${part.message}。`).join(''),
    present.map((part) => `${capitalised(part.messageEn)}.`).join(' '),
  );
}

export function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function uncheckedSentence(decision: SubsidyDecision): Words | null {
  if (decision.uncheckedConditions.length === 0) return null;
  const items = decision.uncheckedConditions.map(uncheckedWords);
  return words(
    `需核验：${items.map((item) => item.message).join('；')}`,
    `To be verified: ${items.map((item) => item.messageEn).join('; ')}`,
  );
}
