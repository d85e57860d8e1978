import { useMemo } from 'react';
import { Alert, Button, Card, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useInfiniteQuery } from '@tanstack/react-query';
import type { TransactionView } from './api';
import { formatShanghai } from '../../lib/datetime';
import { ActorName, useActorNames } from '../audit/Actors';
import { fenToYuanText } from '../../lib/money';
import { KIND_COLORS } from './pools';
import { useBudgetQueries, useBudgetText } from './useBudget';
import { ErrorAlert } from '../../lib/ui/ErrorAlert';

/** Pages (of 1,000) loaded by themselves; beyond them the officer asks for more. */

/**
 * 资金流水: the pool's transactions newest first, with kind, amount, who, document number or note and
 * the time in Beijing, a page at a time (older pages on request).
 */
export function TransactionsTable({ poolId }: { poolId: string }) {
  const { bt } = useBudgetText();
  const queries = useBudgetQueries();
  const transactions = useInfiniteQuery(queries.transactions(poolId));
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = transactions;

  const rows = useMemo(() => (transactions.data?.pages ?? []).flatMap((page) => page.items), [transactions.data]);
  const actors = useMemo(() => rows.map((row) => row.actor), [rows]);
  const names = useActorNames(actors, bt('budget.tx.you'));

  const columns: TableColumnsType<TransactionView> = [
    { key: 'id', title: bt('budget.tx.id'), dataIndex: 'id', width: 80, align: 'right' },
    {
      key: 'time',
      title: bt('budget.tx.time'),
      width: 170,
      render: (_, tx) => <span style={{ whiteSpace: 'nowrap' }}>{formatShanghai(tx.createdAt)}</span>,
    },
    {
      key: 'kind',
      title: bt('budget.tx.kind'),
      width: 90,
      render: (_, tx) => (
        <Tag color={KIND_COLORS[tx.kind]} data-testid="tx-kind">
          {bt(`budget.kind.${tx.kind}`)}
        </Tag>
      ),
    },
    {
      key: 'amount',
      title: bt('budget.tx.amount'),
      width: 150,
      align: 'right',
      render: (_, tx) =>
        tx.kind === 'pause' || tx.kind === 'resume' ? (
          <Typography.Text type="secondary">—</Typography.Text>
        ) : (
          <span style={{ fontVariantNumeric: 'tabular-nums' }} data-testid="tx-amount">
            {fenToYuanText(tx.amountFen)}
          </span>
        ),
    },
    {
      key: 'actor',
      title: bt('budget.tx.actor'),
      width: 250,
      render: (_, tx) => <ActorName actor={tx.actor} name={names.get(tx.actor)} />,
    },
    {
      key: 'reference',
      title: bt('budget.tx.reference'),
      render: (_, tx) => {
        const parts = [
          tx.reference,
          tx.note,
          tx.destination === null ? null : bt(`budget.destination.${tx.destination}`),
        ].filter((part): part is string => Boolean(part));
        return parts.length === 0 ? (
          <Typography.Text type="secondary">—</Typography.Text>
        ) : (
          <span style={{ wordBreak: 'break-all' }}>{parts.join(' · ')}</span>
        );
      },
    },
    { key: 'bookedOn', title: bt('budget.tx.bookedOn'), dataIndex: 'bookedOn', width: 110 },
  ];

  return (
    <Card
      variant="borderless"
      title={bt('budget.detail.transactions')}
      extra={
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {bt('budget.detail.transactionsNote', { n: rows.length })}
        </Typography.Text>
      }
    >
      {transactions.isError ? (
        <ErrorAlert error={transactions.error} onRetry={() => void transactions.refetch()} />
      ) : (
        <>
          {hasNextPage && (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 12 }}
              title={bt('budget.detail.moreNote')}
              action={
                <Button size="small" loading={isFetchingNextPage} onClick={() => void fetchNextPage()}>
                  {bt('budget.detail.loadMore')}
                </Button>
              }
            />
          )}
          <Table<TransactionView>
            rowKey="id"
            columns={columns}
            dataSource={rows}
            loading={transactions.isPending || isFetchingNextPage}
            size="small"
            scroll={{ x: 1040 }}
            pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: true } : false}
            locale={{ emptyText: bt('budget.detail.noTransactions') }}
            data-testid="transactions-table"
          />
        </>
      )}
    </Card>
  );
}
