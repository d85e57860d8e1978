import { Card, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useQuery } from '@tanstack/react-query';
import type { PlanMeasure } from '../../../../../src/contract/plan';
import { planQueries } from '../api';
import { useUnitIndex } from '../lookups';
import { usePlanI18n } from '../messages';

/** Who implements the measure: the listed units, or all of them by the text's own rule. */
export function UnitsCard({ units }: { units: PlanMeasure['units'] }) {
  const { t, pick } = usePlanI18n();
  const index = useUnitIndex();
  const overview = useQuery(planQueries.overview());
  const ids = units === 'all' ? [...index.keys()] : units;
  return (
    <Card variant="borderless" size="small" title={t('measure.units')} data-testid="measure-units">
      {units === 'all' && (
        <Typography.Paragraph style={{ marginBottom: 8 }}>
          {t('measure.unitsAll', { n: index.size || 9 })}
        </Typography.Paragraph>
      )}
      <div className="tag-list" style={{ marginBottom: units === 'all' ? 8 : 0 }}>
        {ids.map((id) => {
          const unit = index.get(id);
          return (
            <Link key={id} to={`/plan/units/${encodeURIComponent(id)}`}>
              <Tag>{unit ? pick(unit.shortName, unit.nameEn) : id}</Tag>
            </Link>
          );
        })}
      </div>
      {units === 'all' && overview.data && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('measure.unitsRule')}
          <span className="quote" style={{ display: 'block', marginTop: 4 }}>
            {overview.data.metadata.defaultUnitsQuote}
          </span>
        </Typography.Text>
      )}
    </Card>
  );
}
