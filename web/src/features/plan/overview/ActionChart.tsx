import { useMemo } from 'react';
import { Card } from 'antd';
import { useNavigate } from 'react-router-dom';
import type { PlanMeasure } from '../../../../../src/contract/plan';
import type { ActionSummary } from '../../../../../src/domain/plan/schema';
import { Chart } from '../../../lib/charts/Chart';
import { barOption } from '../../../lib/charts/barOption';
import { brand } from '../../../app/theme';
import { usePlanI18n } from '../messages';

/** Targets and parameters the plan sets under each action. */
export function ActionChart({ actions, measures }: { actions: ActionSummary[]; measures: PlanMeasure[] }) {
  const { t, pick } = usePlanI18n();
  const navigate = useNavigate();
  const option = useMemo(() => {
    const sum = (action: number, count: (m: PlanMeasure) => number) =>
      measures.filter((m) => m.action === action).reduce((total, m) => total + count(m), 0);
    return barOption({
      categories: actions.map((a) => pick(a.title, a.titleEn)),
      series: [
        {
          name: t('overview.series.targets'),
          data: actions.map((a) => sum(a.number, (m) => m.targets.length)),
          color: brand.red,
        },
        {
          name: t('overview.series.parameters'),
          data: actions.map((a) => sum(a.number, (m) => m.parameters.length)),
          color: brand.gold,
        },
      ],
    });
  }, [actions, measures, t, pick]);
  return (
    <Card variant="borderless" title={t('overview.chartPerAction')} style={{ height: '100%' }}>
      <Chart
        option={option}
        height={320}
        ariaLabel={t('overview.chartPerAction')}
        onItemClick={(index) => void navigate(`/plan/measures#action-${actions[index]?.number ?? 1}`)}
      />
    </Card>
  );
}
