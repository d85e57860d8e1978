/**
 * One budget pool: its balances and how much is used, the burn-down chart of its end-of-day balances,
 * the run-dry forecast in words and its transactions. Finance officers fund, pause and resume it here.
 */
import { lazy, Suspense } from 'react';
import { Card, Col, Descriptions, Empty, Flex, Row, Skeleton, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import type { PoolView } from './api';
import { useSession } from '../accounts/session';
import { Loaded } from '../../lib/ui/Loaded';
import { PageHeader, usePageTitle } from '../../lib/ui/PageHeader';
import { withFeedback } from '../../lib/ui/withFeedback';
import { formatShanghai } from '../../lib/datetime';
import { useUrlFilters } from '../../lib/hooks';
import { BooksBadge } from './BooksBadge';
import { FORECAST_WINDOWS, ForecastCard } from './ForecastCard';
import { fenToYuanText, headlineAmount } from '../../lib/money';
import { PoolActions } from './PoolActions';
import { PoolStatusTag } from './PoolStatusTag';
import { SOURCE_COLORS } from './pools';
import { TransactionsTable } from './TransactionsTable';
import { UsageBar } from './UsageBar';
import { useBudgetQueries, useBudgetText, usePoolNaming } from './useBudget';
import { ErrorAlert } from '../../lib/ui/ErrorAlert';

const BurnDownChart = lazy(() => import('./BurnDownChart'));
const CHART_HEIGHT = 320;
const WINDOW_FILTER = ['window'] as const;

function Balances({ pool }: { pool: PoolView }) {
  const { bt, lang } = useBudgetText();
  const amount = (fen: number, testId: string) => {
    const { main, exact } = headlineAmount(fen, lang);
    return (
      <span style={{ fontVariantNumeric: 'tabular-nums' }} data-testid={testId}>
        {fenToYuanText(fen)}
        {exact && (
          <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>
            {main}
          </Typography.Text>
        )}
      </span>
    );
  };
  return (
    <Card variant="borderless" title={bt('budget.detail.balances')} style={{ height: '100%' }}>
      <Descriptions
        column={{ xs: 1, sm: 2 }}
        size="small"
        items={[
          { key: 'funded', label: bt('budget.funded'), children: amount(pool.fundedFen, 'pool-funded') },
          { key: 'available', label: bt('budget.available'), children: amount(pool.availableFen, 'pool-available') },
          { key: 'held', label: bt('budget.held'), children: amount(pool.heldFen, 'pool-held') },
          { key: 'spent', label: bt('budget.spent'), children: amount(pool.spentFen, 'pool-spent') },
          { key: 'withdrawn', label: bt('budget.withdrawn'), children: amount(pool.withdrawnFen, 'pool-withdrawn') },
          { key: 'total', label: bt('budget.total'), children: amount(pool.totalFen, 'pool-total') },
          { key: 'usage', label: bt('budget.usage'), span: 'filled', children: <UsageBar pool={pool} /> },
          { key: 'createdAt', label: bt('budget.createdAt'), children: formatShanghai(pool.createdAt) },
          { key: 'updatedAt', label: bt('budget.updatedAt'), children: formatShanghai(pool.updatedAt) },
        ]}
      />
    </Card>
  );
}

function BurnDown({ poolId }: { poolId: string }) {
  const { bt } = useBudgetText();
  const queries = useBudgetQueries();
  const history = useQuery(queries.history(poolId));
  return (
    <Card
      variant="borderless"
      title={bt('budget.detail.chart')}
      extra={
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {bt('budget.detail.chartNote')}
        </Typography.Text>
      }
    >
      <div data-testid="burn-down" data-days={history.data?.length ?? 0}>
        {history.isPending ? (
          <Skeleton active paragraph={{ rows: 6 }} />
        ) : history.isError ? (
          <ErrorAlert error={history.error} onRetry={() => void history.refetch()} />
        ) : history.data.length === 0 ? (
          <Empty description={bt('budget.detail.chartEmpty')} />
        ) : (
          <Suspense fallback={<Skeleton active paragraph={{ rows: 6 }} />}>
            <BurnDownChart days={history.data} height={CHART_HEIGHT} />
          </Suspense>
        )}
      </div>
    </Card>
  );
}

function PoolDetail({ pool }: { pool: PoolView }) {
  const { bt } = useBudgetText();
  const naming = usePoolNaming();
  const { can } = useSession();
  const windowFilter = useUrlFilters(WINDOW_FILTER);
  const requested = Number(windowFilter.values.window);
  const windowDays = FORECAST_WINDOWS.find((n) => n === requested) ?? FORECAST_WINDOWS[0];
  const name = naming.pool(pool);

  return (
    <Flex vertical gap={16} data-testid="pool-page">
      <PageHeader
        breadcrumb={[{ title: <Link to="/budget">{bt('budget.title')}</Link> }, { title: name }]}
        title={<span data-testid="pool-title">{name}</span>}
        subtitle={
          <Flex gap={8} wrap align="center">
            <Typography.Text type="secondary" className="hash" copyable>
              {pool.id}
            </Typography.Text>
            <Tag color={SOURCE_COLORS[pool.source]}>{bt(`budget.source.${pool.source}`)}</Tag>
            <PoolStatusTag pool={pool} inline />
          </Flex>
        }
        extra={
          <Flex gap={8} wrap align="center">
            <BooksBadge />
            {can('budget.manage') && <PoolActions pool={pool} size="middle" />}
          </Flex>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Balances pool={pool} />
        </Col>
        <Col xs={24} lg={10}>
          <ForecastCard
            poolId={pool.id}
            windowDays={windowDays}
            onWindowChange={(n) => windowFilter.set('window', n === FORECAST_WINDOWS[0] ? undefined : n)}
          />
        </Col>
      </Row>
      <BurnDown poolId={pool.id} />
      <TransactionsTable poolId={pool.id} />
    </Flex>
  );
}

function PoolPage() {
  const { bt } = useBudgetText();
  const { poolId = '' } = useParams();
  const queries = useBudgetQueries();
  const naming = usePoolNaming();
  const pool = useQuery(queries.pool(poolId));
  usePageTitle(pool.data ? naming.pool(pool.data) : bt('budget.title'));
  return (
    <Loaded query={pool} rows={10}>
      {(data) => <PoolDetail pool={data} />}
    </Loaded>
  );
}

export default withFeedback(PoolPage);
