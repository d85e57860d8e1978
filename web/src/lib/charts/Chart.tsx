import { lazy, Suspense } from 'react';
import { Skeleton } from 'antd';
import type { EChartProps } from './EChart';

// ECharts is the largest library here: load it after the page's own content has rendered.
const EChart = lazy(() => import('./EChart'));

export function Chart(props: EChartProps) {
  return (
    <Suspense
      fallback={
        <div style={{ height: props.height ?? 320 }}>
          <Skeleton active paragraph={{ rows: 5 }} />
        </div>
      }
    >
      <EChart {...props} />
    </Suspense>
  );
}
