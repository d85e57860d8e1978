import { describe, expect, it } from 'vitest';
import type { PoolView } from './api';
import { asLine, asSource, asStatus, filterPools, sortPools, totalsOf } from './pools';

function pool(id: string, balances: Partial<PoolView> = {}): PoolView {
  const [line, unitId, source] = id.split('.') as [PoolView['line'], string, PoolView['source']];
  return {
    id,
    line,
    unitId,
    source,
    status: 'active',
    pauseReason: null,
    fundedFen: 0,
    availableFen: 0,
    heldFen: 0,
    spentFen: 0,
    withdrawnFen: 0,
    totalFen: 0,
    createdAt: '2025-05-01T00:00:00.000Z',
    updatedAt: '2025-05-01T00:00:00.000Z',
    ...balances,
  };
}

const pools = [
  pool('digital.hubin.city', { fundedFen: 500, availableFen: 300, heldFen: 100, spentFen: 100, totalFen: 500 }),
  pool('appliance.lingbao.central', {
    fundedFen: 1000,
    availableFen: 600,
    heldFen: 0,
    spentFen: 300,
    withdrawnFen: 100,
    totalFen: 900,
  }),
  pool('appliance.hubin.provincial', { status: 'paused', pauseReason: '额度用完' }),
  pool('appliance.city.central'),
  pool('appliance.hubin.central'),
];

describe('budget pools', () => {
  it('reads filter values from the address bar, ignoring unknown ones', () => {
    expect(asLine('appliance')).toBe('appliance');
    expect(asLine('toys')).toBeUndefined();
    expect(asSource('provincial')).toBe('provincial');
    expect(asSource(undefined)).toBeUndefined();
    expect(asStatus('paused')).toBe('paused');
    expect(asStatus('closed')).toBeUndefined();
  });

  it('filters by line, unit, source and status together', () => {
    expect(filterPools(pools, { line: 'appliance' }).map((p) => p.id)).toEqual([
      'appliance.lingbao.central',
      'appliance.hubin.provincial',
      'appliance.city.central',
      'appliance.hubin.central',
    ]);
    expect(filterPools(pools, { unitId: 'hubin', source: 'central' }).map((p) => p.id)).toEqual([
      'appliance.hubin.central',
    ]);
    expect(filterPools(pools, { status: 'paused' }).map((p) => p.id)).toEqual(['appliance.hubin.provincial']);
    expect(filterPools(pools, {})).toHaveLength(5);
  });

  it('orders by line as the plan lists them, city-wide first, units in the plan order, then source', () => {
    expect(sortPools(pools, ['hubin', 'lingbao']).map((p) => p.id)).toEqual([
      'appliance.city.central',
      'appliance.hubin.central',
      'appliance.hubin.provincial',
      'appliance.lingbao.central',
      'digital.hubin.city',
    ]);
  });

  it('adds up the balances of the pools', () => {
    expect(totalsOf(pools)).toEqual({
      count: 5,
      fundedFen: 1500,
      availableFen: 900,
      heldFen: 100,
      spentFen: 400,
      withdrawnFen: 100,
      totalFen: 1400,
    });
    expect(totalsOf([]).totalFen).toBe(0);
  });
});
