import { describe, expect, it } from 'vitest';
import { FIXTURE_SOURCE, measure, planDocument, target } from '../../../test/support/plan-fixture.js';
import { clauses, lintPlan } from './lint.js';

const sources = { plan: FIXTURE_SOURCE, reference: '[national] 示范规则' };

describe('plan lint', () => {
  it('finds nothing wrong in a clean plan but the sentence it repeats', () => {
    const report = lintPlan(planDocument(), sources);
    expect(report.summary.errors).toBe(0);
    expect(report.findings.map((finding) => finding.rule)).toEqual(['repeated_sentence']);
  });

  it('reports a clause repeated within one measure, with the measure and the quote', () => {
    const [finding] = lintPlan(planDocument(), sources).findings;
    expect(finding).toMatchObject({
      rule: 'repeated_sentence',
      measures: [1],
      quote: '加快推进示范工作',
      severity: 'warning',
    });
    expect(finding?.message).toContain('（一）');
    expect(finding?.message).toContain('2次');
  });

  it('reports a clause repeated across measures once, naming both', () => {
    const second = measure({
      number: 2,
      title: '第二措施',
      text: '加快推进示范工作。新建公共充电桩300万个以上。',
      targets: [],
    });
    const findings = lintPlan(planDocument([measure(), second]), sources).findings.filter(
      (item) => item.rule === 'repeated_sentence',
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]?.measures).toEqual([1, 2]);
  });

  it('ignores short generic clauses', () => {
    expect(clauses('促进消费，促进消费。')).toEqual(['促进消费', '促进消费']);
    const text = '促进消费，促进消费。';
    const report = lintPlan(planDocument([measure({ text, targets: [] })]), {
      ...sources,
      plan: `${FIXTURE_SOURCE}${text}`,
    });
    expect(report.findings.filter((item) => item.rule === 'repeated_sentence')).toEqual([]);
  });

  it('flags a target far beyond the city facts and keeps plausible ones', () => {
    const chargers = target({
      id: 'chargers',
      metric: '新建公共充电桩',
      unit: 'facility',
      value: 3_000_000,
      quote: '新建公共充电桩300万个以上',
      scaleBasis: 'population',
    });
    const training = target({ scaleBasis: 'population' });
    const report = lintPlan(planDocument([measure({ targets: [chargers, training] })]), sources);
    const implausible = report.findings.filter((item) => item.rule === 'implausible_target');
    expect(implausible).toHaveLength(1);
    expect(implausible[0]).toMatchObject({
      subject: { kind: 'target', id: 'chargers' },
      quote: '新建公共充电桩300万个以上',
    });
    expect(implausible[0]?.message).toContain('常住人口');
  });

  it('says when the facts table lacks the basis a target names', () => {
    const report = lintPlan(planDocument([measure({ targets: [target({ scaleBasis: 'villages' })] })]), sources);
    expect(report.findings.find((item) => item.rule === 'implausible_target')?.severity).toBe('info');
  });

  it('flags two different values for one metric in one measure and year', () => {
    const big = target({
      id: 'homes-big',
      metric: '乡镇敬老院转型为区域养老服务中心',
      unit: 'institution',
      value: 1000,
    });
    const small = target({
      id: 'homes-small',
      metric: '推动乡镇敬老院转型为区域养老服务中心',
      unit: 'institution',
      value: 15,
    });
    const report = lintPlan(planDocument([measure({ targets: [big, small] })]), sources);
    expect(report.findings.find((item) => item.rule === 'conflicting_targets')).toMatchObject({
      measures: [1],
      subject: { id: 'homes-big,homes-small' },
    });
  });

  it('makes a measure without a department, a missing quote and a wrong quote errors', () => {
    const report = lintPlan(
      planDocument([
        measure({
          departments: [],
          targets: [target({ quote: undefined }), target({ id: 'wrong', quote: '开展职业技能培训5万人次以上' })],
        }),
      ]),
      sources,
    );
    const errors = report.findings.filter((item) => item.severity === 'error').map((item) => item.rule);
    expect(errors.sort()).toEqual(['measure_without_department', 'missing_quote', 'quote_not_in_source']);
    expect(report.summary.errors).toBe(3);
  });

  it('checks national and Henan parameters against the reference text', () => {
    const document = planDocument();
    document.implicitParameters = [
      {
        id: 'ceiling',
        key: 'digital.price_ceiling_fen',
        name: '价格上限',
        nameEn: 'ceiling',
        value: 600000,
        unit: 'fen',
        comparator: 'lte',
        effectiveFrom: '2025-01-01',
        effectiveTo: '2025-12-31',
        source: 'national',
        quote: '不在参考规则中',
      },
    ];
    const finding = lintPlan(document, sources).findings.find((item) => item.rule === 'quote_not_in_source');
    expect(finding).toMatchObject({ measures: [], subject: { kind: 'parameter', id: 'ceiling' } });
  });
});
