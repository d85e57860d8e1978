import { Card, Col, Flex, Row, Statistic, Tag, Typography } from 'antd';
import { EnvironmentOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import type { UnitView } from '../../../../src/contract/plan';
import { planQueries } from './api';
import { Loaded } from '../../lib/ui/Loaded';
import { PageHeader, usePageTitle } from '../../lib/ui/PageHeader';
import { UnitCode } from './components/UnitCode';
import { usePlanI18n } from './messages';

function UnitCard({ unit }: { unit: UnitView }) {
  const { t, pick, lang } = usePlanI18n();
  return (
    <Link to={`/plan/units/${encodeURIComponent(unit.id)}`} className="card-link">
      <Card variant="borderless" className="stat-card" data-testid={`unit-${unit.id}`}>
        <Flex justify="space-between" align="flex-start" gap={12}>
          <Flex vertical gap={6}>
            <Typography.Title level={5} style={{ margin: 0 }}>
              <EnvironmentOutlined style={{ color: 'var(--brand-red)', marginInlineEnd: 6 }} />
              {pick(unit.name, unit.nameEn)}
            </Typography.Title>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {lang === 'en' ? unit.name : unit.nameEn}
            </Typography.Text>
            <Flex gap={8} align="center" wrap>
              <Tag color={unit.kind === 'management_zone' ? 'purple' : 'red'}>{t(`unitKind.${unit.kind}`)}</Tag>
              <UnitCode unit={unit} />
            </Flex>
          </Flex>
          <Statistic
            title={t('common.measuresCount')}
            value={unit.measureNumbers.length}
            styles={{ root: { flexShrink: 0, textAlign: 'right' }, title: { whiteSpace: 'nowrap' } }}
          />
        </Flex>
      </Card>
    </Link>
  );
}

function UnitGroup({ title, units }: { title: string; units: UnitView[] }) {
  return (
    <Flex vertical gap={12}>
      <Typography.Title level={5} style={{ margin: 0 }}>
        {title}（{units.length}）
      </Typography.Title>
      <Row gutter={[16, 16]}>
        {units.map((u) => (
          <Col key={u.id} xs={24} md={12} xl={8}>
            <UnitCard unit={u} />
          </Col>
        ))}
      </Row>
    </Flex>
  );
}

export default function UnitsPage() {
  const { t } = usePlanI18n();
  usePageTitle(t('units.title'));
  const units = useQuery(planQueries.units());
  return (
    <Flex vertical gap={16} data-testid="units-page">
      <PageHeader title={t('units.title')} subtitle={t('units.subtitle')} />
      <Loaded query={units}>
        {(list) => (
          <Flex vertical gap={24}>
            <UnitGroup title={t('units.divisions')} units={list.filter((u) => u.kind !== 'management_zone')} />
            <UnitGroup title={t('units.zones')} units={list.filter((u) => u.kind === 'management_zone')} />
          </Flex>
        )}
      </Loaded>
    </Flex>
  );
}
