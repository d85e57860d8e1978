/**
 * A decision with its words: the citizen's explanation (zh-CN, with an English twin), the clauses
 * quoted, the reasons (words.ts) and the step-by-step trace (trace.ts). Built on demand from the
 * decision value, so that quoting stays fast and every word is derived from what the engine did.
 */
import type { SubsidyDecision } from './decision.js';
import { ROUNDING_MODE, yuan } from './money.js';
import type { RuleParameter } from './rule-book.js';
import type { QuoteResult } from './schema.js';
import {
  type Words,
  words,
  reasonWords,
  uncheckedWords,
  amountWords,
  labourWords,
  joinSentences,
  uncheckedSentence,
} from './words.js';
import { traceOf } from './trace.js';

/** The citizen's explanation: 按最终销售价格3999.00元的20%计算为799.80元，未超过每件2000元上限。补贴799.80元。 */
export function explanationOf(decision: SubsidyDecision): Words {
  if (!decision.eligible || decision.calculation === null) {
    const reasons = decision.reasons.map(reasonWords);
    return joinSentences([
      words(
        `不予补贴：${reasons.map((item) => item.message).join('；')}`,
        `Not eligible: ${reasons.map((item) => item.messageEn).join('; ')}`,
      ),
    ]);
  }
  const subsidy = yuan(decision.subsidyFen);
  return joinSentences([
    amountWords(decision.calculation),
    words(`补贴${subsidy}元`, `Subsidy: ${subsidy} yuan`),
    labourWords(decision.calculation),
    uncheckedSentence(decision),
  ]);
}

/** The words of the plan (or of the reference rules) behind every parameter used, without repeats. */
export function clausesOf(decision: SubsidyDecision): QuoteResult['clauses'] {
  const seen = new Set<string>();
  const clauses: QuoteResult['clauses'] = [];
  for (const parameter of decision.parameters) {
    if (parameter.quote === null || seen.has(parameter.id)) continue;
    seen.add(parameter.id);
    clauses.push({
      parameterId: parameter.id,
      source: parameter.source,
      measure: parameter.measure,
      quote: parameter.quote,
    });
  }
  return clauses;
}

function distinctQuotes(clauses: QuoteResult['clauses']): string {
  return [...new Set(clauses.map((clause) => clause.quote.replace(/\s*\n\s*/g, ' ')))].join('；');
}

function parameterIds(decision: SubsidyDecision): string[] {
  return [...new Set(decision.parameters.map((parameter) => parameter.id))];
}

/** The decision with its words: what `huimin quote` prints and POST /api/v1/quote answers. */
export function explainDecision(decision: SubsidyDecision): QuoteResult {
  const explanation = explanationOf(decision);
  const clauses = clausesOf(decision);
  const ids = parameterIds(decision);
  return {
    eligible: decision.eligible,
    subsidyFen: decision.subsidyFen,
    line: decision.line,
    reasons: decision.reasons.map((reason) => ({
      code: reason.code,
      ...(reason.code === 'INVALID_INPUT' ? { field: reason.field } : {}),
      ...reasonWords(reason),
    })),
    explanation: explanation.message,
    explanationEn: explanation.messageEn,
    clause: distinctQuotes(clauses),
    clauses,
    parameterVersion: `${decision.planVersionId}:${ids.join(',')}`,
    planVersionId: decision.planVersionId,
    parameters: uniqueParameters(decision.parameters),
    ruleDate: decision.ruleDate,
    ruleDateField: decision.ruleDateField,
    roundingMode: ROUNDING_MODE,
    uncheckedConditions: decision.uncheckedConditions.map((condition) => ({
      code: condition.code,
      ...uncheckedWords(condition),
    })),
    trace: traceOf(decision),
  };
}

function uniqueParameters(parameters: readonly RuleParameter[]): QuoteResult['parameters'] {
  const seen = new Set<string>();
  return parameters
    .filter((parameter) => !seen.has(parameter.id) && seen.add(parameter.id) !== undefined)
    .map((parameter) => ({ id: parameter.id, key: parameter.key, value: parameter.value, unit: parameter.unit }));
}
