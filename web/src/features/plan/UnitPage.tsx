import { Alert, Card, Descriptions, Flex, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import type { UnitDetail } from '../../../../src/contract/plan';
import { planQueries } from './api';
import { Loaded } from '../../lib/ui/Loaded';
import { MeasureList } from './components/MeasureList';
import { PageHeader, usePageTitle } from '../../lib/ui/PageHeader';
import { TargetsTable } from './components/TargetsTable';
import { usePlanI18n } from './messages';

function UnitDetails({ detail }: { detail: UnitDetail }) {
  const { t, pick, lang } = usePlanI18n();
  const overview = useQuery(planQueries.overview());
  const { unit, measures, targets } = detail;
  const byDefaultRule = measures.some((m) => m.units === 'all');
  const own = targets.filter((x) => x.scope === 'per_unit');
  const shared = targets.filter((x) => x.scope !== 'per_unit');
  usePageTitle(pick(unit.name, unit.nameEn));
  return (
    <Flex vertical gap={16} data-testid="unit-page">
      <PageHeader
        breadcrumb={[
          { title: <Link to="/plan/units">{t('nav.units')}</Link> },
          { title: pick(unit.shortName, unit.nameEn) },
        ]}
        title={pick(unit.name, unit.nameEn)}
        subtitle={lang === 'en' ? unit.name : unit.nameEn}
      />
      <Card variant="borderless">
        <Descriptions
          column={{ xs: 1, md: 2, xl: 4 }}
          items={[
            { key: 'kind', label: t('common.kind'), children: <Tag>{t(`unitKind.${unit.kind}`)}</Tag> },
            {
              key: 'code',
              label: t('units.code'),
              children: unit.regionCode ? <Typography.Text code>{unit.regionCode}</Typography.Text> : t('units.noCode'),
            },
            {
              key: 'former',
              label: t('units.formerCodes'),
              children: unit.formerRegionCodes.length ? unit.formerRegionCodes.join('、') : '—',
            },
            { key: 'measures', label: t('common.measuresCount'), children: measures.length },
          ]}
        />
      </Card>
      <Card variant="borderless" title={`${t('units.measures')}（${measures.length}）`}>
        {byDefaultRule && overview.data && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            title={t('units.allMeasuresRule')}
            description={<p className="quote">{overview.data.metadata.defaultUnitsQuote}</p>}
            data-testid="unit-default-rule"
          />
        )}
        <MeasureList measures={measures} />
      </Card>
      {own.length > 0 && (
        <Card variant="borderless" title={`${t('units.ownTargets')}（${own.length}）`}>
          <TargetsTable rows={own} sortable testId="unit-own-targets" />
        </Card>
      )}
      <Card variant="borderless" title={`${t('units.sharedTargets')}（${shared.length}）`}>
        <Typography.Paragraph type="secondary">{t('units.targetsNote')}</Typography.Paragraph>
        <TargetsTable rows={shared} sortable pageSize={50} testId="unit-targets" />
      </Card>
    </Flex>
  );
}

export default function UnitPage() {
  const { id = '' } = useParams();
  const detail = useQuery(planQueries.unit(id));
  return <Loaded query={detail}>{(data) => <UnitDetails detail={data} />}</Loaded>;
}
