import type { ReactNode } from 'react';
import { Card, Col, Flex, Row, Statistic } from 'antd';
import {
  AimOutlined,
  ApartmentOutlined,
  EnvironmentOutlined,
  FlagOutlined,
  OrderedListOutlined,
  SlidersOutlined,
} from '@ant-design/icons';
import { Link } from 'react-router-dom';
import type { PlanOverview } from '../../../../../src/contract/plan';
import { usePlanI18n, type PlanKey } from '../messages';

type CountKey = keyof PlanOverview['counts'];

const stats: { key: CountKey; label: PlanKey; suffix: PlanKey; to: string; icon: ReactNode; color: string }[] = [
  {
    key: 'actions',
    label: 'overview.actions',
    suffix: 'overview.unitActions',
    to: '/plan/measures',
    icon: <FlagOutlined />,
    color: '#a61d24',
  },
  {
    key: 'measures',
    label: 'overview.measures',
    suffix: 'overview.unitMeasures',
    to: '/plan/measures',
    icon: <OrderedListOutlined />,
    color: '#d4380d',
  },
  {
    key: 'targets',
    label: 'overview.targets',
    suffix: 'overview.unitTargets',
    to: '/plan/targets',
    icon: <AimOutlined />,
    color: '#d48806',
  },
  {
    key: 'parameters',
    label: 'overview.parameters',
    suffix: 'overview.unitParameters',
    to: '/plan/parameters',
    icon: <SlidersOutlined />,
    color: '#1d5fa6',
  },
  {
    key: 'departments',
    label: 'overview.departments',
    suffix: 'overview.unitDepartments',
    to: '/plan/departments',
    icon: <ApartmentOutlined />,
    color: '#08979c',
  },
  {
    key: 'units',
    label: 'overview.units',
    suffix: 'overview.unitUnits',
    to: '/plan/units',
    icon: <EnvironmentOutlined />,
    color: '#531dab',
  },
];

export function StatCards({ counts }: { counts: PlanOverview['counts'] }) {
  const { t } = usePlanI18n();
  return (
    <Row gutter={[16, 16]} data-testid="overview-stats">
      {stats.map((s) => (
        <Col key={s.key} xs={12} md={8} xl={4}>
          <Link to={s.to} className="card-link">
            <Card variant="borderless" className="stat-card">
              <Flex align="center" gap={14}>
                <span className="stat-icon" style={{ color: s.color, background: `${s.color}14` }}>
                  {s.icon}
                </span>
                <Statistic title={t(s.label)} value={counts[s.key]} suffix={t(s.suffix)} />
              </Flex>
            </Card>
          </Link>
        </Col>
      ))}
    </Row>
  );
}
