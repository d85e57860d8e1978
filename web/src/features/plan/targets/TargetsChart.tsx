import { useMemo } from 'react';
import { Card } from 'antd';
import { useNavigate } from 'react-router-dom';
import type { TargetView } from '../../../../../src/contract/plan';
import { useDepartmentLabel } from '../lookups';
import { Chart } from '../../../lib/charts/Chart';
import { barOption } from '../../../lib/charts/barOption';
import { brand } from '../../../app/theme';
import { usePlanI18n } from '../messages';

const TOP = 12;

/** How many of the shown targets each department answers for. */
export function TargetsChart({ rows }: { rows: readonly TargetView[] }) {
  const { t } = usePlanI18n();
  const navigate = useNavigate();
  const label = useDepartmentLabel();
  const top = useMemo(() => {
    const counts = new Map<string, number>();
    for (const row of rows) {
      for (const id of row.responsibleDepartments) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    return [...counts].sort((a, b) => b[1] - a[1]).slice(0, TOP);
  }, [rows]);
  const option = useMemo(
    () =>
      barOption({
        categories: top.map(([id]) => label(id)),
        series: [{ name: t('overview.series.targets'), data: top.map(([, n]) => n), color: brand.red }],
        horizontal: true,
      }),
    [top, t, label],
  );
  return (
    <Card variant="borderless" title={t('targets.chartByDepartment')}>
      <Chart
        option={option}
        height={Math.max(180, top.length * 22)}
        ariaLabel={t('targets.chartByDepartment')}
        onItemClick={(index) => {
          const id = top[index]?.[0];
          if (id) void navigate(`/plan/targets?department=${encodeURIComponent(id)}`);
        }}
      />
    </Card>
  );
}
