import { describe, expect, it } from 'vitest';
import type { PoolView } from './api';
import { toCsv } from '../../lib/csv';
import { poolCsv } from './exportPools';
import { budgetText, type BudgetTranslate } from './messages';

const bt: BudgetTranslate = (key, vars) => budgetText('zh-CN', key, vars);

const pool: PoolView = {
  id: 'appliance.hubin.city',
  line: 'appliance',
  unitId: 'hubin',
  source: 'city',
  status: 'paused',
  pauseReason: '本期额度已用完, 待下批资金',
  fundedFen: 100_000_000,
  availableFen: 60_000_000,
  heldFen: 10_000_001,
  spentFen: 29_999_999,
  withdrawnFen: 0,
  totalFen: 100_000_000,
  createdAt: '2025-05-01T00:00:00.000Z',
  updatedAt: '2025-06-01T04:05:06.000Z',
};

describe('the pools export', () => {
  it('writes names, plain yuan with two decimals and Beijing time', () => {
    const { header, rows } = poolCsv([pool], { line: () => '家电以旧换新', unit: () => '湖滨区' }, bt);
    expect(header.slice(0, 7)).toEqual([
      '资金池编号',
      '补贴项目',
      '实施单位',
      '资金来源',
      '状态',
      '暂停原因',
      '拨付总额（元）',
    ]);
    expect(rows).toEqual([
      [
        'appliance.hubin.city',
        '家电以旧换新',
        '湖滨区',
        '市级',
        '已暂停',
        '本期额度已用完, 待下批资金',
        '1000000.00',
        '600000.00',
        '100000.01',
        '299999.99',
        '0.00',
        '1000000.00',
        '30.0%',
        '2025-06-01 12:05:06',
      ],
    ]);
    // the comma in the reason is quoted for Excel
    expect(toCsv(header, rows)).toContain('"本期额度已用完, 待下批资金"');
  });
});
