/** The board's charts (ECharts): statuses by action as stacked bars, and their trend by month. */
import { useMemo } from 'react';
import * as echarts from 'echarts/core';
import { LineChart } from 'echarts/charts';
import EChart from '../../lib/charts/EChart';
import { SUPERVISION_STATUSES, type Board, type TargetHistory } from './api';
import { STATUS_COLOURS, useSupervisionText } from './useSupervision';

echarts.use([LineChart]);

export function ActionStatusChart({ board, onAction }: { board: Board; onAction?: (action: number) => void }) {
  const { st, lang } = useSupervisionText();
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: {
        type: 'category',
        inverse: true,
        data: board.actions.map((action) => (lang === 'en' ? action.titleEn : action.title)),
      },
      series: SUPERVISION_STATUSES.map((status) => ({
        name: st(`sv.status.${status}`),
        type: 'bar',
        stack: 'status',
        itemStyle: { color: STATUS_COLOURS[status] },
        data: board.actions.map((action) => action.counts[status] ?? 0),
      })),
    }),
    [board, st, lang],
  );
  return (
    <EChart
      option={option}
      height={320}
      ariaLabel={st('sv.byAction')}
      onItemClick={(index) => onAction?.(board.actions[index]?.number ?? 0)}
    />
  );
}

export function StatusTrendChart({ board }: { board: Board }) {
  const { st } = useSupervisionText();
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: board.trend.map((point) => point.period) },
      yAxis: { type: 'value', minInterval: 1 },
      series: SUPERVISION_STATUSES.map((status) => ({
        name: st(`sv.status.${status}`),
        type: 'line',
        stack: 'status',
        areaStyle: { opacity: 0.6 },
        itemStyle: { color: STATUS_COLOURS[status] },
        data: board.trend.map((point) => point.counts[status] ?? 0),
      })),
    }),
    [board, st],
  );
  return <EChart option={option} height={280} ariaLabel={st('sv.trend')} />;
}

export function HistoryChart({ history }: { history: TargetHistory }) {
  const { st } = useSupervisionText();
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: history.periods.map((p) => p.period) },
      yAxis: { type: 'value' },
      series: [
        {
          name: st('sv.series.reported'),
          type: 'line',
          data: history.periods.map((p) => p.reported),
          itemStyle: { color: '#1677ff' },
        },
        {
          name: st('sv.series.platform'),
          type: 'line',
          data: history.periods.map((p) => p.platform),
          itemStyle: { color: '#722ed1' },
        },
        {
          name: st('sv.series.due'),
          type: 'line',
          data: history.periods.map((p) => p.due),
          lineStyle: { type: 'dashed' },
          itemStyle: { color: '#8c8c8c' },
        },
      ],
    }),
    [history, st],
  );
  return <EChart option={option} height={300} ariaLabel={st('sv.history')} />;
}
