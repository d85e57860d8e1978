/**
 * 资金池看板: every budget pool with its balances, the totals of the pools shown, filters by line,
 * unit, source and status (kept in the address bar), the Excel export and the books check. Finance
 * officers (budget.manage) also open, fund, pause and resume pools; auditors read.
 */
import { useMemo, useState } from 'react';
import { Alert, Button, Flex, Select, Typography } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { budgetKeys, type FundingSource, type PoolStatus, type BudgetLine } from './api';
import { useSession } from '../accounts/session';
import { FilterBar } from '../../lib/ui/FilterBar';
import { PageHeader, usePageTitle } from '../../lib/ui/PageHeader';
import { withFeedback } from '../../lib/ui/withFeedback';
import { useUrlFilters } from '../../lib/hooks';
import { BooksBadge } from './BooksBadge';
import { CreatePoolModal } from './CreatePoolModal';
import { exportPools } from './exportPools';
import {
  FUNDING_SOURCES,
  POOL_STATUSES,
  BUDGET_LINES,
  asLine,
  asSource,
  asStatus,
  filterPools,
  sortPools,
  totalsOf,
} from './pools';
import { PoolsTable } from './PoolsTable';
import { SummaryCards } from './SummaryCards';
import { useBudgetQueries, useBudgetText, usePoolNaming } from './useBudget';
import { ErrorAlert } from '../../lib/ui/ErrorAlert';

const FILTERS = ['line', 'unitId', 'source', 'status'] as const;

function BudgetPage() {
  const { bt, lang } = useBudgetText();
  usePageTitle(bt('budget.title'));
  const { can } = useSession();
  const canManage = can('budget.manage');
  const client = useQueryClient();
  const queries = useBudgetQueries();
  const naming = usePoolNaming();
  const pools = useQuery(queries.pools());
  const filters = useUrlFilters(FILTERS);
  const [creating, setCreating] = useState(false);

  const line = asLine(filters.values.line);
  const unitId = filters.values.unitId;
  const source = asSource(filters.values.source);
  const status = asStatus(filters.values.status);

  const rows = useMemo(
    () => sortPools(filterPools(pools.data ?? [], { line, unitId, source, status }), naming.unitOrder),
    [pools.data, line, unitId, source, status, naming.unitOrder],
  );
  const totals = useMemo(() => totalsOf(rows), [rows]);
  const none = (pools.data?.length ?? 0) === 0;

  return (
    <Flex vertical gap={16} data-testid="budget-page">
      <PageHeader
        title={bt('budget.title')}
        subtitle={bt('budget.subtitle')}
        extra={
          <Flex gap={8} wrap align="center">
            <BooksBadge />
            <Button
              icon={<ReloadOutlined />}
              loading={pools.isFetching}
              onClick={() => void client.invalidateQueries({ queryKey: budgetKeys.all })}
              data-testid="budget-refresh"
            >
              {bt('budget.refresh')}
            </Button>
            {canManage && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setCreating(true)}
                data-testid="create-pool"
              >
                {bt('budget.create')}
              </Button>
            )}
          </Flex>
        }
      />
      {!canManage && <Alert type="info" showIcon title={bt('budget.readOnly')} data-testid="budget-read-only" />}
      {pools.isError ? (
        <ErrorAlert error={pools.error} onRetry={() => void pools.refetch()} />
      ) : (
        <>
          {filters.active && (
            <Typography.Text type="secondary" style={{ marginBottom: -8 }}>
              {bt('budget.summary.filtered')}
            </Typography.Text>
          )}
          <SummaryCards totals={totals} />
          <FilterBar
            count={rows.length}
            active={filters.active}
            onClear={filters.clear}
            onExport={() =>
              exportPools(
                rows,
                { line: (pool) => naming.line(pool.line), unit: (pool) => naming.unit(pool.unitId) },
                bt,
                lang,
              )
            }
          >
            <Select<BudgetLine>
              allowClear
              placeholder={bt('budget.anyLine')}
              value={line}
              onChange={(value) => filters.set('line', value)}
              options={BUDGET_LINES.map((l) => ({ value: l, label: naming.line(l) }))}
              style={{ width: 170 }}
              data-testid="filter-line"
            />
            <Select<string>
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={bt('budget.anyUnit')}
              value={unitId}
              onChange={(value) => filters.set('unitId', value)}
              options={naming.units.map((c) => ({ value: c.id, label: c.label }))}
              style={{ width: 170 }}
              data-testid="filter-unit"
            />
            <Select<FundingSource>
              allowClear
              placeholder={bt('budget.anySource')}
              value={source}
              onChange={(value) => filters.set('source', value)}
              options={FUNDING_SOURCES.map((s) => ({ value: s, label: bt(`budget.source.${s}`) }))}
              style={{ width: 120 }}
              data-testid="filter-source"
            />
            <Select<PoolStatus>
              allowClear
              placeholder={bt('budget.anyStatus')}
              value={status}
              onChange={(value) => filters.set('status', value)}
              options={POOL_STATUSES.map((s) => ({ value: s, label: bt(`budget.status.${s}`) }))}
              style={{ width: 120 }}
              data-testid="filter-status"
            />
          </FilterBar>
          <PoolsTable
            pools={rows}
            loading={pools.isPending}
            canManage={canManage}
            emptyText={
              none
                ? canManage
                  ? `${bt('budget.empty')} · ${bt('budget.emptyManage')}`
                  : bt('budget.empty')
                : bt('budget.emptyFiltered')
            }
          />
        </>
      )}
      {creating && <CreatePoolModal onClose={() => setCreating(false)} />}
    </Flex>
  );
}

export default withFeedback(BudgetPage);
