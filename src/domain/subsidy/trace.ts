/**
 * The step-by-step trace of a decision: which plan version's parameters, which checks passed, how
 * the amount was computed, rounded and limited, and the result, each step in words.
 */
import type { Calculation, LimitStep, QuotaCheck, SubsidyDecision } from './decision.js';
import { formatBasisPoints } from '../plan/units.js';
import { BASE_LABELS } from './lines.js';
import { ROUNDING_LABELS, yuan, yuanExact } from './money.js';
import type { ParameterRole, RuleParameter } from './rule-book.js';
import type { SubsidyLine } from './schema.js';

import {
  type Words,
  words,
  lineLabel,
  ROLE_LABELS,
  reasonWords,
  uncheckedWords,
  fixedWords,
  limitWords,
  labourWords,
} from './words.js';

export interface TraceStep extends Words {
  readonly step:
    | 'rule_date'
    | 'base'
    | 'excluded'
    | 'rate'
    | 'raw_amount'
    | 'rounding'
    | 'fixed_amount'
    | 'check'
    | 'quota'
    | 'limit'
    | 'unchecked'
    | 'refusal'
    | 'result';
  readonly parameterId?: string;
  readonly amountFen?: number;
}

export function traceOf(decision: SubsidyDecision): TraceStep[] {
  const steps: TraceStep[] = [];
  if (decision.ruleDate !== null && decision.line !== null) steps.push(ruleDateStep(decision, decision.line));
  steps.push(...passedChecks(decision));
  if (decision.calculation !== null) steps.push(...calculationSteps(decision.calculation));
  steps.push(...decision.quotaChecks.map(quotaStep));
  if (decision.calculation !== null) steps.push(...decision.calculation.limits.map(limitStep));
  for (const condition of decision.uncheckedConditions) steps.push({ step: 'unchecked', ...uncheckedWords(condition) });
  for (const reason of decision.reasons) steps.push({ step: 'refusal', ...reasonWords(reason) });
  const result = decision.eligible
    ? words(`补贴${yuan(decision.subsidyFen)}元`, `subsidy ${yuan(decision.subsidyFen)} yuan`)
    : words('不予补贴', 'not eligible');
  steps.push({ step: 'result', amountFen: decision.subsidyFen, ...result });
  return steps;
}

function ruleDateStep(decision: SubsidyDecision, line: SubsidyLine): TraceStep {
  const field =
    decision.ruleDateField === 'eventDate' ? words('活动日期', 'event date') : words('购买日期', 'purchase date');
  const label = lineLabel(line);
  const date = decision.ruleDate ?? '';
  return {
    step: 'rule_date',
    ...words(
      `${label.message}：按${field.message}${date}选取方案版本${decision.planVersionId}中有效的参数`,
      `${label.messageEn}: parameters in force on the ${field.messageEn} ${date} in plan version ${decision.planVersionId}`,
    ),
  };
}

const CHECK_ROLES: readonly ParameterRole[] = [
  'categories',
  'price_ceiling',
  'old_car_registered_by',
  'max_displacement',
  'min_age',
];

/** Eligibility conditions the decision read and the purchase met. */
function passedChecks(decision: SubsidyDecision): TraceStep[] {
  const failed = new Set<string>();
  for (const reason of decision.reasons) if ('parameter' in reason) failed.add(reason.parameter.id);
  for (const condition of decision.uncheckedConditions)
    if ('parameter' in condition) failed.add(condition.parameter.id);
  if (decision.reasons.some((reason) => reason.code === 'CATEGORY_NOT_ELIGIBLE')) failed.add('categories');
  return decision.parameters
    .filter(
      (parameter) => CHECK_ROLES.includes(parameter.role) && !failed.has(parameter.id) && !failed.has(parameter.role),
    )
    .map((parameter) => ({ step: 'check', parameterId: parameter.id, ...checkWords(parameter) }));
}

function checkWords(parameter: RuleParameter): Words {
  const label = ROLE_LABELS[parameter.role];
  return words(`符合${label.message}（${parameter.name}）`, `meets the ${label.messageEn} (${parameter.nameEn})`);
}

function calculationSteps(calculation: Calculation): TraceStep[] {
  const steps: TraceStep[] = [];
  const base = BASE_LABELS[calculation.baseField];
  if (calculation.baseFen !== null) {
    const baseYuan = yuan(calculation.baseFen);
    steps.push({
      step: 'base',
      amountFen: calculation.baseFen,
      ...words(`${base.zh}${baseYuan}元`, `${base.en}: ${baseYuan} yuan`),
    });
  }
  const labour = labourWords(calculation);
  if (labour !== null) steps.push({ step: 'excluded', amountFen: calculation.excludedLabourFen ?? 0, ...labour });
  if (calculation.rate !== null) steps.push(...rateSteps(calculation, calculation.rate));
  if (calculation.fixed !== null) {
    steps.push({
      step: 'fixed_amount',
      parameterId: calculation.fixed.id,
      amountFen: calculation.amountFen,
      ...fixedWords(calculation),
    });
  }
  return steps;
}

function rateSteps(calculation: Calculation, rate: RuleParameter): TraceStep[] {
  const percent = formatBasisPoints(rate.value);
  const raw = yuanExact(calculation.scaledAmount);
  const rounding = ROUNDING_LABELS[calculation.roundingMode];
  const baseYuan = yuan(calculation.baseFen ?? 0);
  return [
    { step: 'rate', parameterId: rate.id, ...words(`补贴比例${percent}`, `rate ${percent}`) },
    {
      step: 'raw_amount',
      ...words(`${baseYuan}元×${percent}=${raw}元`, `${baseYuan} yuan × ${percent} = ${raw} yuan`),
    },
    {
      step: 'rounding',
      amountFen: calculation.amountFen,
      ...words(
        `${rounding.zh}：${yuan(calculation.amountFen)}元`,
        `${rounding.en}: ${yuan(calculation.amountFen)} yuan`,
      ),
    },
  ];
}

function quotaStep(check: QuotaCheck): TraceStep {
  const label = ROLE_LABELS[check.role];
  const verdict = check.passed ? words('通过', 'passed') : words('已用完', 'used up');
  return {
    step: 'quota',
    parameterId: check.parameter.id,
    ...words(
      `${label.message}${check.parameter.value}，已用${check.used}：${verdict.message}`,
      `${label.messageEn}: ${check.parameter.value}, used ${check.used}: ${verdict.messageEn}`,
    ),
  };
}

function limitStep(step: LimitStep): TraceStep {
  const text = limitWords(step);
  return {
    step: 'limit',
    amountFen: step.afterFen,
    ...(step.parameter === null ? {} : { parameterId: step.parameter.id }),
    ...words(`${text.message}：${yuan(step.afterFen)}元`, `${text.messageEn}: ${yuan(step.afterFen)} yuan`),
  };
}
