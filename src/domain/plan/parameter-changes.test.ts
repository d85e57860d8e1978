import { describe, expect, it } from 'vitest';
import { measure, planDocument } from '../../../test/support/plan-fixture.js';
import { parameterChanges } from './parameter-changes.js';
import type { Parameter } from './schema.js';

function parameter(overrides: Partial<Parameter> = {}): Parameter {
  return {
    id: 'digital-rate-2025',
    key: 'digital.rate_bp',
    name: '数码产品补贴比例',
    nameEn: 'Digital rate',
    value: 1500,
    unit: 'bp',
    comparator: 'eq',
    effectiveFrom: '2025-01-01',
    effectiveTo: '2025-12-31',
    source: 'plan',
    ...overrides,
  };
}

const withParameters = (parameters: Parameter[], implicit: Parameter[] = []) => ({
  ...planDocument([measure({ parameters })]),
  implicitParameters: implicit,
});

describe('parameterChanges', () => {
  it('finds nothing between equal versions, whatever the quotes and names say', () => {
    const before = withParameters([parameter()]);
    const after = withParameters([parameter({ quote: 'another quote', nameEn: 'renamed' })]);
    expect(parameterChanges(before, after)).toEqual([]);
  });

  it('names a changed value with both snapshots (15% to 50%)', () => {
    const changes = parameterChanges(withParameters([parameter()]), withParameters([parameter({ value: 5000 })]));
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({
      id: 'digital-rate-2025',
      key: 'digital.rate_bp',
      before: { value: 1500, unit: 'bp' },
      after: { value: 5000, unit: 'bp' },
    });
  });

  it('reports added and removed parameters, implicit ones included, ordered by id', () => {
    const cap = parameter({ id: 'a-cap', key: 'digital.cap_fen', value: 50000, unit: 'fen' });
    const implicit = parameter({ id: 'z-national', key: 'digital.max_price_fen', value: 600000, unit: 'fen' });
    const changes = parameterChanges(withParameters([parameter()], [implicit]), withParameters([parameter(), cap]));
    expect(changes.map((change) => [change.id, change.before === null, change.after === null])).toEqual([
      ['a-cap', true, false],
      ['z-national', false, true],
    ]);
  });

  it('counts a moved validity period as a change', () => {
    const changes = parameterChanges(
      withParameters([parameter()]),
      withParameters([parameter({ effectiveTo: '2026-06-30' })]),
    );
    expect(changes[0]?.after?.effectiveTo).toBe('2026-06-30');
  });
});
