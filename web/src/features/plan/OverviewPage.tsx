import { Col, Flex, Row } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { planQueries } from './api';
import { Loaded } from '../../lib/ui/Loaded';
import { usePageTitle } from '../../lib/ui/PageHeader';
import { usePlanI18n } from './messages';
import { ActionChart } from './overview/ActionChart';
import { ActionList } from './overview/ActionList';
import { DepartmentChart } from './overview/DepartmentChart';
import { HeroCard } from './overview/HeroCard';
import { LintCards } from './overview/LintCards';
import { StatCards } from './overview/StatCards';

export default function OverviewPage() {
  const { t } = usePlanI18n();
  usePageTitle(t('overview.title'));
  const overview = useQuery(planQueries.overview());
  const measures = useQuery(planQueries.measures());
  const departments = useQuery(planQueries.departments());

  return (
    <Flex vertical gap={16} data-testid="overview-page">
      <Loaded query={overview} rows={4}>
        {(data) => (
          <>
            <HeroCard overview={data} />
            <StatCards counts={data.counts} />
          </>
        )}
      </Loaded>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Loaded query={measures}>
            {(list) => <ActionChart actions={overview.data?.actions ?? []} measures={list} />}
          </Loaded>
        </Col>
        <Col xs={24} xl={8}>
          <Loaded query={overview} rows={4}>
            {(data) => <LintCards summary={data.lintSummary} />}
          </Loaded>
        </Col>
        <Col xs={24} xl={10}>
          <Loaded query={departments}>{(list) => <DepartmentChart departments={list} />}</Loaded>
        </Col>
        <Col xs={24} xl={14}>
          <Loaded query={measures}>
            {(list) => <ActionList actions={overview.data?.actions ?? []} measures={list} />}
          </Loaded>
        </Col>
      </Row>
    </Flex>
  );
}
