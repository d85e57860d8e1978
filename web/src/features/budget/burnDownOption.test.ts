import { describe, expect, it } from 'vitest';
import { burnDownOption, burnDownTooltip } from './burnDownOption';

const labels = { available: '可用余额', held: '已冻结', spent: '已支出', yuan: '元' };
const days = [
  { date: '2025-06-01', availableFen: 100_000_000, heldFen: 0, spentFen: 0 },
  { date: '2025-06-02', availableFen: 90_000_000, heldFen: 3_000_000, spentFen: 7_000_000 },
];

describe('the burn-down chart', () => {
  it('stacks spent, held and available per day in fen', () => {
    const option = burnDownOption(days, labels, 'zh-CN') as {
      xAxis: { data: string[] };
      series: { name: string; stack: string; data: number[] }[];
    };
    expect(option.xAxis.data).toEqual(['2025-06-01', '2025-06-02']);
    expect(option.series.map((s) => [s.name, s.stack, s.data])).toEqual([
      ['已支出', 'total', [0, 7_000_000]],
      ['已冻结', 'total', [0, 3_000_000]],
      ['可用余额', 'total', [100_000_000, 90_000_000]],
    ]);
  });

  it('shows each balance in yuan with two decimals in the tooltip', () => {
    expect(
      burnDownTooltip(
        [
          { axisValueLabel: '2025-06-02', seriesName: '已支出', marker: '', value: 7_000_001 },
          { axisValueLabel: '2025-06-02', seriesName: '可用余额', marker: '', value: 90_000_000 },
        ],
        labels,
      ),
    ).toBe('2025-06-02<br/>已支出: 70,000.01 元<br/>可用余额: 900,000.00 元');
  });
});
