import { useMemo } from 'react';
import { Card } from 'antd';
import { useNavigate } from 'react-router-dom';
import type { DepartmentView } from '../../../../../src/contract/plan';
import { useDepartmentLabel } from '../lookups';
import { Chart } from '../../../lib/charts/Chart';
import { barOption } from '../../../lib/charts/barOption';
import { usePlanI18n } from '../messages';

const TOP = 15;

/** The departments answering for most measures. */
export function DepartmentChart({ departments }: { departments: DepartmentView[] }) {
  const { t } = usePlanI18n();
  const label = useDepartmentLabel();
  const navigate = useNavigate();
  const top = useMemo(
    () => [...departments].sort((a, b) => b.measureNumbers.length - a.measureNumbers.length).slice(0, TOP),
    [departments],
  );
  const option = useMemo(
    () =>
      barOption({
        categories: top.map((d) => label(d.id)),
        series: [
          { name: t('overview.series.measures'), data: top.map((d) => d.measureNumbers.length), color: '#1d5fa6' },
        ],
        horizontal: true,
      }),
    [top, t, label],
  );
  return (
    <Card variant="borderless" title={t('overview.chartPerDepartment')} style={{ height: '100%' }}>
      <Chart
        option={option}
        height={Math.max(240, top.length * 30)}
        ariaLabel={t('overview.chartPerDepartment')}
        onItemClick={(index) => {
          const department = top[index];
          if (department) void navigate(`/plan/departments/${encodeURIComponent(department.id)}`);
        }}
      />
    </Card>
  );
}
