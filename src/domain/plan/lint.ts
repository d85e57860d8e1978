/**
 * Plan lint: reads a plan version as an editor or auditor would and reports what needs a second
 * look, each finding with the measures it concerns and the exact words of the text. The plan is a
 * draft for comments, so findings are questions for its authors, not failures of the platform.
 */
import { measureLabel } from './chinese-numerals.js';
import type { CityFact, PlanDocument, PlanMeasure, ScaleBasis, Target } from './schema.js';
import type { LintFinding, LintReport, LintSeverity } from '../../contract/plan.js';

export interface LintSources {
  /** The plan's source text (sources/plan.txt). */
  readonly plan: string;
  /** The text national and Henan parameters quote (sources/reference.md). */
  readonly reference: string;
}

/**
 * How far a one-plan-year target may reach before it looks copied from a bigger jurisdiction's
 * plan. Each limit is a share of a city fact (city-facts.yaml, which carries its own sources).
 */
interface PlausibilityLimit {
  readonly maxShare: number;
  readonly zh: string;
  readonly en: string;
  /** The city fact in English words (the facts table names it in Chinese). */
  readonly factEn: string;
}

const PLAUSIBILITY_LIMITS: Record<Exclude<ScaleBasis, 'none'>, PlausibilityLimit> = {
  population: {
    maxShare: 0.05,
    zh: '超过常住人口的5%',
    en: 'more than 5% of the resident population',
    factEn: 'the resident population',
  },
  county_units: {
    maxShare: 5,
    zh: '平均每个县级单位超过5个',
    en: 'more than 5 per county-level unit',
    factEn: 'the number of county-level units',
  },
  townships: {
    maxShare: 1,
    zh: '超过全市乡镇总数',
    en: 'more than the number of townships in the city',
    factEn: 'the number of townships',
  },
  villages: {
    maxShare: 0.5,
    zh: '超过全市行政村总数的一半',
    en: 'more than half of all administrative villages in the city',
    factEn: 'the number of administrative villages',
  },
};

/** Clauses shorter than this are too generic to call a repetition (e.g. 促进消费). */
const MIN_REPEATED_CLAUSE_LENGTH = 8;
/** Two targets of one measure whose metrics share this many characters measure the same thing. */
const MIN_SHARED_METRIC_LENGTH = 6;

export function lintPlan(document: PlanDocument, sources: LintSources): LintReport {
  const findings: LintFinding[] = [
    ...findRepeatedClauses(document.measures),
    ...findImplausibleTargets(document.measures, document.cityFacts),
    ...findConflictingTargets(document.measures),
    ...findMeasuresWithoutDepartment(document.measures),
    ...findQuoteProblems(document, sources),
  ];
  const count = (severity: LintSeverity): number => findings.filter((finding) => finding.severity === severity).length;
  return {
    plan: document.metadata.code,
    contentHash: document.contentHash,
    summary: { errors: count('error'), warnings: count('warning'), infos: count('info') },
    findings,
  };
}

/** Splits a measure's text into clauses at Chinese and Western sentence and clause punctuation. */
export function clauses(text: string): string[] {
  return text
    .split(/[。；;，,！？!?：:\n]/u)
    .map((clause) => clause.replace(/\s+/gu, '').trim())
    .filter((clause) => clause.length > 0);
}

function labels(numbers: readonly number[]): string {
  return numbers.map(measureLabel).join('、');
}

function findRepeatedClauses(measures: readonly PlanMeasure[]): LintFinding[] {
  const occurrences = new Map<string, number[]>();
  for (const measure of measures) {
    for (const clause of clauses(measure.text)) {
      if (clause.length < MIN_REPEATED_CLAUSE_LENGTH) continue;
      const list = occurrences.get(clause) ?? [];
      list.push(measure.number);
      occurrences.set(clause, list);
    }
  }
  const findings: LintFinding[] = [];
  for (const [clause, where] of occurrences) {
    if (where.length < 2) continue;
    const distinct = [...new Set(where)].sort((a, b) => a - b);
    const within = distinct.length === 1;
    findings.push({
      rule: 'repeated_sentence',
      severity: 'warning',
      measures: distinct,
      subject: { kind: 'sentence' },
      quote: clause,
      message: within
        ? `同一句在措施${labels(distinct)}中出现${where.length}次，建议删去重复`
        : `同一句在措施${labels(distinct)}中重复出现，建议保留一处或写明分工`,
      messageEn: within
        ? `The same sentence appears ${where.length} times in measure ${distinct.join(', ')}; drop the repetition`
        : `The same sentence appears in measures ${distinct.join(' and ')}; keep one or say how the work is split`,
    });
  }
  return findings;
}

function formatRatio(value: number): string {
  return value >= 10 ? value.toFixed(0) : value.toFixed(2);
}

function findImplausibleTargets(measures: readonly PlanMeasure[], facts: readonly CityFact[]): LintFinding[] {
  const factByKey = new Map(facts.map((fact) => [fact.key, fact]));
  const findings: LintFinding[] = [];
  for (const measure of measures) {
    for (const target of measure.targets) {
      if (target.scaleBasis === 'none') continue;
      const fact = factByKey.get(target.scaleBasis);
      const limit = PLAUSIBILITY_LIMITS[target.scaleBasis];
      if (fact === undefined) {
        findings.push({
          rule: 'implausible_target',
          severity: 'info',
          measures: [measure.number],
          subject: { kind: 'target', id: target.id },
          quote: target.quote ?? target.metric,
          message: `无法判断目标规模：城市基本情况表缺少“${target.scaleBasis}”`,
          messageEn: `Cannot judge the target's scale: the city facts table has no "${target.scaleBasis}"`,
        });
        continue;
      }
      const share = target.value / fact.value;
      if (share <= limit.maxShare) continue;
      findings.push({
        rule: 'implausible_target',
        severity: 'warning',
        measures: [measure.number],
        subject: { kind: 'target', id: target.id },
        quote: target.quote ?? target.metric,
        message: `目标值${target.value}与本市规模不符：${fact.name}约${fact.value}（${fact.asOf}），目标为其${formatRatio(share)}倍，${limit.zh}；疑似沿用上级方案数字，请核实`,
        messageEn: `Target ${target.value} does not fit the city: ${limit.factEn} is about ${fact.value} (${fact.asOf}); the target is ${formatRatio(share)}× that, ${limit.en}. It may be copied from a provincial or national plan`,
      });
    }
  }
  return findings;
}

function longestCommonSubstring(a: string, b: string): number {
  let best = 0;
  const previous = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i += 1) {
    let diagonal = 0;
    for (let j = 1; j <= b.length; j += 1) {
      const above = previous[j] ?? 0;
      previous[j] = a[i - 1] === b[j - 1] ? diagonal + 1 : 0;
      best = Math.max(best, previous[j] ?? 0);
      diagonal = above;
    }
  }
  return best;
}

function sameMetric(a: Target, b: Target): boolean {
  return (
    a.unit === b.unit && a.scope === b.scope && longestCommonSubstring(a.metric, b.metric) >= MIN_SHARED_METRIC_LENGTH
  );
}

function findConflictingTargets(measures: readonly PlanMeasure[]): LintFinding[] {
  const findings: LintFinding[] = [];
  for (const measure of measures) {
    const { targets } = measure;
    for (let i = 0; i < targets.length; i += 1) {
      for (let j = i + 1; j < targets.length; j += 1) {
        const first = targets[i];
        const second = targets[j];
        if (first === undefined || second === undefined) continue;
        if (!sameMetric(first, second) || first.value === second.value || first.deadline !== second.deadline) continue;
        findings.push({
          rule: 'conflicting_targets',
          severity: 'warning',
          measures: [measure.number],
          subject: { kind: 'target', id: `${first.id},${second.id}` },
          quote: `${first.quote ?? first.metric} / ${second.quote ?? second.metric}`,
          message: `措施${measureLabel(measure.number)}对同一指标给出两个${first.deadline.slice(0, 4)}年目标：${first.value}与${second.value}，请确认哪一个适用于本市`,
          messageEn: `Measure ${measure.number} sets two ${first.deadline.slice(0, 4)} targets for the same metric: ${first.value} and ${second.value}; confirm which applies to the city`,
        });
      }
    }
  }
  return findings;
}

function findMeasuresWithoutDepartment(measures: readonly PlanMeasure[]): LintFinding[] {
  return measures
    .filter((measure) => measure.departments.length === 0)
    .map((measure) => ({
      rule: 'measure_without_department' as const,
      severity: 'error' as const,
      measures: [measure.number],
      subject: { kind: 'measure' as const, id: String(measure.number) },
      quote: measure.title,
      message: `措施${measureLabel(measure.number)}没有责任部门`,
      messageEn: `Measure ${measure.number} has no responsible department`,
    }));
}

function findQuoteProblems(document: PlanDocument, sources: LintSources): LintFinding[] {
  const findings: LintFinding[] = [];
  const check = (
    kind: 'target' | 'parameter' | 'measure',
    id: string,
    measure: number | null,
    quote: string | undefined,
    source: 'plan' | 'reference',
    label: string,
  ): void => {
    const measures = measure === null ? [] : [measure];
    if (quote === undefined || quote.trim() === '') {
      findings.push({
        rule: 'missing_quote',
        severity: 'error',
        measures,
        subject: { kind, id },
        quote: '',
        message: `${label}没有引用原文，无法追溯到条款`,
        messageEn: `${label} has no quote, so it cannot be traced to a clause`,
      });
      return;
    }
    if (!sources[source].includes(quote)) {
      findings.push({
        rule: 'quote_not_in_source',
        severity: 'error',
        measures,
        subject: { kind, id },
        quote,
        message: `${label}的引文在${source === 'plan' ? '方案原文' : '参考规则'}中找不到`,
        messageEn: `${label}: the quote is not in the ${source === 'plan' ? 'plan text' : 'reference rules'}`,
      });
    }
  };
  for (const measure of document.measures) {
    const label = `措施${measureLabel(measure.number)}`;
    check('measure', String(measure.number), measure.number, measure.text, 'plan', `${label}正文`);
    check('measure', String(measure.number), measure.number, measure.departmentsQuote, 'plan', `${label}责任部门`);
    for (const target of measure.targets)
      check('target', target.id, measure.number, target.quote, 'plan', `目标 ${target.id}`);
    for (const parameter of measure.parameters) {
      check(
        'parameter',
        parameter.id,
        measure.number,
        parameter.quote,
        parameter.source === 'plan' ? 'plan' : 'reference',
        `参数 ${parameter.id}`,
      );
    }
  }
  for (const parameter of document.implicitParameters) {
    check(
      'parameter',
      parameter.id,
      null,
      parameter.quote,
      parameter.source === 'plan' ? 'plan' : 'reference',
      `参数 ${parameter.id}`,
    );
  }
  return findings;
}
