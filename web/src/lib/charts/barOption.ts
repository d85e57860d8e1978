import type { ChartOption } from './EChart';

export interface BarSeries {
  name: string;
  data: number[];
  color: string;
}

/**
 * A bar chart option in the app's style. Horizontal charts list categories top-down; long
 * category labels wrap on vertical charts.
 */
export function barOption({
  categories,
  series,
  horizontal = false,
}: {
  categories: string[];
  series: BarSeries[];
  horizontal?: boolean;
}): ChartOption {
  const categoryAxis = {
    type: 'category',
    data: categories,
    inverse: horizontal,
    axisTick: { show: false },
    axisLine: { lineStyle: { color: '#d9d9d9' } },
    axisLabel: horizontal
      ? { color: '#4e5969', width: 150, overflow: 'truncate' }
      : { color: '#4e5969', interval: 0, width: 84, overflow: 'break', lineHeight: 16 },
  };
  const valueAxis = {
    type: 'value',
    minInterval: 1,
    splitLine: { lineStyle: { color: '#f0f0f0' } },
    axisLabel: { color: '#86909c' },
  };
  return {
    textStyle: { fontFamily: "'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif" },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: series.length > 1 ? { top: 0, right: 0, itemWidth: 12, itemHeight: 12 } : undefined,
    grid: { left: 8, right: 24, top: series.length > 1 ? 32 : 8, bottom: 8, containLabel: true },
    xAxis: horizontal ? valueAxis : categoryAxis,
    yAxis: horizontal ? categoryAxis : valueAxis,
    series: series.map((s) => ({
      type: 'bar',
      name: s.name,
      data: s.data,
      itemStyle: { color: s.color, borderRadius: horizontal ? [0, 4, 4, 0] : [4, 4, 0, 0] },
      barMaxWidth: horizontal ? 16 : 28,
      label: { show: true, position: horizontal ? 'right' : 'top', color: '#4e5969', fontSize: 11 },
    })),
  };
}
