import { describe, expect, it } from 'vitest';
import type { PlanDocument } from '../plan/schema.js';
import { reportsOn, supervisedPlan } from './subjects.js';

const plan = {
  metadata: { effectiveFrom: '2025-01-01' },
  units: [{ id: 'hubin' }, { id: 'lingbao' }],
  measures: [
    {
      number: 6,
      action: 2,
      departments: ['commerce', 'finance'],
      units: 'all',
      targets: [
        {
          id: 'appliance-trade-in-units',
          metric: '家电产品以旧换新数量',
          metricEn: 'Appliances',
          unit: 'appliance_item',
          comparator: 'gte',
          value: 150000,
          deadline: '2025-12-31',
          scope: 'city',
          departments: [],
          quote: '家电产品以旧换新15万台以上',
        },
      ],
      tasks: [{ id: 'm06-t1', quote: '支持汽车报废和置换更新', lead: 'commerce', supporting: ['finance'] }],
    },
    {
      number: 4,
      action: 1,
      departments: ['health', 'education'],
      units: ['lingbao'],
      targets: [],
      tasks: [{ id: 'm04-t1', quote: '制定育儿补贴制度实施方案和管理规范', lead: 'health', supporting: [] }],
    },
  ],
} as unknown as PlanDocument;

describe('what is supervised', () => {
  const supervised = supervisedPlan(plan);

  it('takes a target without departments of its own from its measure: the first listed leads', () => {
    const [target] = supervised.targets;
    expect(target).toMatchObject({ lead: 'commerce', supporting: ['finance'], units: ['hubin', 'lingbao'] });
  });

  it('keeps tasks with their lead, supporting departments and the measure units', () => {
    expect(supervised.tasks.map((task) => [task.id, task.lead, task.units])).toEqual([
      ['m06-t1', 'commerce', ['hubin', 'lingbao']],
      ['m04-t1', 'health', ['lingbao']],
    ]);
  });

  it('lets the lead report a target and supporting departments only tasks', () => {
    const [target] = supervised.targets;
    const [task] = supervised.tasks;
    if (target === undefined || task === undefined) throw new Error('fixture');
    expect(reportsOn(target, 'department', 'commerce')).toBe(true);
    expect(reportsOn(target, 'department', 'finance')).toBe(false);
    expect(reportsOn(task, 'department', 'finance')).toBe(true);
    expect(reportsOn(target, 'unit', 'hubin')).toBe(true);
    expect(reportsOn(supervised.tasks[1] ?? task, 'unit', 'hubin')).toBe(false);
  });
});
