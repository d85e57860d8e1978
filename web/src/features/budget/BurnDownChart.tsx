/**
 * The burn-down chart with ECharts' line series (the shared host registers bars only). Loaded lazily
 * with ECharts itself, after the pool's own figures have rendered.
 */
import { useMemo } from 'react';
import * as echarts from 'echarts/core';
import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import EChart from '../../lib/charts/EChart';
import type { PoolDay } from './api';
import { burnDownOption } from './burnDownOption';
import { useBudgetText } from './useBudget';

echarts.use([LineChart, GridComponent, LegendComponent, TooltipComponent]);

export default function BurnDownChart({ days, height = 320 }: { days: readonly PoolDay[]; height?: number }) {
  const { bt, lang } = useBudgetText();
  const option = useMemo(
    () =>
      burnDownOption(
        days,
        {
          available: bt('budget.summary.available'),
          held: bt('budget.summary.held'),
          spent: bt('budget.summary.spent'),
          yuan: bt('budget.unit.yuan'),
        },
        lang,
      ),
    [days, bt, lang],
  );
  return <EChart option={option} height={height} ariaLabel={bt('budget.detail.chartAria')} />;
}
