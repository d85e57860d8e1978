/**
 * The burn-down chart of one pool: its end-of-day available, held and spent balances stacked (their
 * sum is the pool's total), so the available band shrinks as money is reserved and paid. Values stay
 * integer fen; the axis and tooltip turn them into yuan on the digits.
 */
import type { ChartOption } from '../../lib/charts/EChart';
import type { Lang } from '../../lib/i18n/shared';
import type { PoolDay } from './api';
import { fenToYuanText, formatFen } from '../../lib/money';

export interface BurnDownLabels {
  available: string;
  held: string;
  spent: string;
  yuan: string;
}

export const BURN_DOWN_COLORS = { available: '#2f7d4f', held: '#e8b04b', spent: '#a61d24' } as const;

interface TooltipRow {
  axisValueLabel?: string;
  seriesName?: string;
  marker?: unknown;
  value?: unknown;
}

/** The tooltip of one day: each balance in yuan with two decimals. */
export function burnDownTooltip(rows: readonly TooltipRow[], labels: BurnDownLabels): string {
  const date = rows[0]?.axisValueLabel ?? '';
  const lines = rows.map((row) => {
    const marker = typeof row.marker === 'string' ? row.marker : '';
    const fen = typeof row.value === 'number' ? row.value : 0;
    return `${marker}${row.seriesName ?? ''}: ${fenToYuanText(fen)} ${labels.yuan}`;
  });
  return [date, ...lines].join('<br/>');
}

export function burnDownOption(days: readonly PoolDay[], labels: BurnDownLabels, lang: Lang): ChartOption {
  const area = (name: string, color: string, data: number[]) => ({
    type: 'line',
    name,
    stack: 'total',
    data,
    symbol: days.length > 1 ? 'none' : 'circle',
    symbolSize: 8,
    lineStyle: { width: 1.5, color },
    itemStyle: { color },
    areaStyle: { color, opacity: 0.55 },
    emphasis: { focus: 'series' },
  });
  return {
    textStyle: { fontFamily: "'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif" },
    animation: false,
    tooltip: {
      trigger: 'axis',
      formatter: (params: unknown) => burnDownTooltip(Array.isArray(params) ? (params as TooltipRow[]) : [], labels),
    },
    legend: { top: 0, right: 0, itemWidth: 12, itemHeight: 12 },
    grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
    xAxis: {
      type: 'category',
      boundaryGap: false,
      data: days.map((day) => day.date),
      axisLine: { lineStyle: { color: '#d9d9d9' } },
      axisLabel: { color: '#4e5969' },
    },
    yAxis: {
      type: 'value',
      min: 0,
      splitLine: { lineStyle: { color: '#f0f0f0' } },
      axisLabel: { color: '#86909c', formatter: (fen: number) => formatFen(fen, lang) },
    },
    series: [
      area(
        labels.spent,
        BURN_DOWN_COLORS.spent,
        days.map((day) => day.spentFen),
      ),
      area(
        labels.held,
        BURN_DOWN_COLORS.held,
        days.map((day) => day.heldFen),
      ),
      area(
        labels.available,
        BURN_DOWN_COLORS.available,
        days.map((day) => day.availableFen),
      ),
    ],
  };
}
