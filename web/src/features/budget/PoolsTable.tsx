import { Flex, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { Link } from 'react-router-dom';
import type { PoolView } from './api';
import { fenToYuanText } from '../../lib/money';
import { PoolActions } from './PoolActions';
import { PoolStatusTag } from './PoolStatusTag';
import { SOURCE_COLORS } from './pools';
import { UsageBar } from './UsageBar';
import { useBudgetText, usePoolNaming } from './useBudget';

const money = (fen: number) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{fenToYuanText(fen)}</span>;

/** The pools: line, unit, source, status, balances in yuan, how much is used, and the actions. */
export function PoolsTable({
  pools,
  loading,
  canManage,
  emptyText,
}: {
  pools: PoolView[];
  loading: boolean;
  canManage: boolean;
  emptyText: string;
}) {
  const { bt } = useBudgetText();
  const naming = usePoolNaming();
  const amountColumn = (
    key: 'fundedFen' | 'availableFen' | 'heldFen' | 'spentFen',
    title: string,
    sortable = true,
  ) => ({
    key,
    title,
    align: 'right' as const,
    sorter: sortable ? (a: PoolView, b: PoolView) => a[key] - b[key] : undefined,
    render: (_: unknown, pool: PoolView) => money(pool[key]),
  });

  const columns: TableColumnsType<PoolView> = [
    {
      key: 'pool',
      title: bt('budget.pool'),
      fixed: 'left',
      render: (_, pool) => (
        <Flex vertical>
          <Link to={`/budget/${encodeURIComponent(pool.id)}`} data-testid="pool-link">
            {naming.line(pool.line)}
          </Link>
          <Typography.Text type="secondary" className="hash" style={{ fontSize: 12 }}>
            {pool.id}
          </Typography.Text>
        </Flex>
      ),
    },
    { key: 'unitId', title: bt('budget.unit'), render: (_, pool) => naming.unit(pool.unitId) },
    {
      key: 'source',
      title: bt('budget.source'),
      render: (_, pool) => <Tag color={SOURCE_COLORS[pool.source]}>{bt(`budget.source.${pool.source}`)}</Tag>,
    },
    {
      key: 'status',
      title: bt('budget.status'),
      render: (_, pool) => <PoolStatusTag pool={pool} />,
    },
    amountColumn('fundedFen', bt('budget.funded')),
    amountColumn('availableFen', bt('budget.available')),
    amountColumn('heldFen', bt('budget.held'), false),
    amountColumn('spentFen', bt('budget.spent')),
    {
      key: 'usage',
      title: bt('budget.usage'),
      width: 124,
      render: (_, pool) => <UsageBar pool={pool} />,
    },
  ];
  if (canManage) {
    columns.push({
      key: 'actions',
      title: bt('budget.actions'),
      fixed: 'right',
      render: (_, pool) => <PoolActions pool={pool} />,
    });
  }

  return (
    <Table<PoolView>
      rowKey="id"
      columns={columns}
      dataSource={pools}
      loading={loading}
      size="small"
      scroll={{ x: 'max-content' }}
      pagination={pools.length > 20 ? { pageSize: 20, showSizeChanger: true } : false}
      locale={{ emptyText }}
      data-testid="pools-table"
    />
  );
}
