import { describe, expect, it } from 'vitest';
import { FigureIndex, targetStanding, type ApprovedFigure } from './progress.js';
import type { SupervisedTarget } from './subjects.js';

const target = (overrides: Partial<SupervisedTarget> = {}): SupervisedTarget => ({
  kind: 'target',
  id: 'appliance-trade-in-units',
  measure: 6,
  action: 2,
  quote: '家电产品以旧换新15万台以上',
  lead: 'commerce',
  supporting: ['finance'],
  units: ['hubin', 'lingbao'],
  metric: '家电产品以旧换新数量',
  metricEn: 'Appliances',
  unit: 'appliance_item',
  comparator: 'gte',
  value: 1200,
  deadline: '2025-12-31',
  scope: 'city',
  ...overrides,
});

const figure = (
  reporterKind: 'department' | 'unit',
  reporterId: string,
  period: string,
  value: number,
): ApprovedFigure => ({
  subjectKind: 'target',
  subjectId: 'appliance-trade-in-units',
  reporterKind,
  reporterId,
  period,
  value,
  stage: null,
  narrative: `${reporterId} ${period}`,
  problems: null,
});

describe('where a target stands', () => {
  it('takes the lead department’s latest approved figure up to the period as the city’s', () => {
    const figures = new FigureIndex([
      figure('department', 'commerce', '2025-05', 400),
      figure('department', 'commerce', '2025-07', 900),
      figure('unit', 'hubin', '2025-06', 100),
    ]);
    const june = targetStanding(target(), figures, new Map(), '2025-06', '2025-01-01');
    expect(june).toMatchObject({ reported: 400, lastPeriod: '2025-06', narrative: 'commerce 2025-05' });
    expect(targetStanding(target(), figures, new Map(), '2025-07', '2025-01-01').reported).toBe(900);
  });

  it('sums the units’ figures of an additive city target without a lead report, never a rate', () => {
    const figures = new FigureIndex([
      figure('unit', 'hubin', '2025-06', 100),
      figure('unit', 'lingbao', '2025-05', 50),
    ]);
    expect(targetStanding(target(), figures, new Map(), '2025-06', '2025-01-01').reported).toBe(150);
    expect(
      targetStanding(target({ unit: 'percent' }), figures, new Map(), '2025-06', '2025-01-01').reported,
    ).toBeNull();
  });

  it('judges each unit against its share (set, else an equal part), and a per-unit target by its worst unit', () => {
    const figures = new FigureIndex([figure('unit', 'hubin', '2025-06', 600), figure('unit', 'lingbao', '2025-06', 0)]);
    const shares = new Map([['appliance-trade-in-units', new Map([['hubin', 600]])]]);
    const city = targetStanding(target(), figures, shares, '2025-06', '2025-01-01');
    expect(city.units).toEqual([
      { unitId: 'hubin', share: 600, shareSource: 'set', reported: 600, status: 'done', progressBp: 10000 },
      { unitId: 'lingbao', share: 600, shareSource: 'equal', reported: 0, status: 'at_risk', progressBp: 0 },
    ]);
    const perUnit = targetStanding(target({ scope: 'per_unit', value: 1 }), figures, shares, '2025-06', '2025-01-01');
    expect(perUnit.units.map((unit) => unit.status)).toEqual(['done', 'at_risk']);
    expect(perUnit.status).toBe('at_risk');
  });
});
