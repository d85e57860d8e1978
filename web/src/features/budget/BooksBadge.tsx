import { Popover, Tag, Typography } from 'antd';
import { CheckCircleOutlined, CloseCircleOutlined, SyncOutlined, WarningOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { budgetError } from './errors';
import { useBudgetQueries, useBudgetText } from './useBudget';

/** 账务核对: whether the whole ledger balances (GET /api/v1/budget/books), with the problems if not. */
export function BooksBadge() {
  const { bt } = useBudgetText();
  const queries = useBudgetQueries();
  const books = useQuery(queries.books());

  if (books.isPending) {
    return (
      <Tag icon={<SyncOutlined spin />} color="processing" data-testid="books-status" data-state="checking">
        {bt('budget.books.checking')}
      </Tag>
    );
  }
  if (books.isError) {
    const text = budgetError(books.error, bt);
    return (
      <Popover content={<Typography.Text>{text.message}</Typography.Text>}>
        <Tag icon={<WarningOutlined />} color="warning" data-testid="books-status" data-state="failed">
          {bt('budget.books.failed')}
        </Tag>
      </Popover>
    );
  }
  const report = books.data;
  const detail = bt('budget.books.detail', {
    pools: report.poolCount,
    transactions: report.transactionCount,
    postings: report.postingCount,
  });
  return (
    <Popover
      title={bt(report.balanced ? 'budget.books.balanced' : 'budget.books.unbalanced')}
      content={
        <div style={{ maxWidth: 420, maxHeight: 320, overflowY: 'auto' }} data-testid="books-detail">
          {report.balanced ? (
            <Typography.Text>{detail}</Typography.Text>
          ) : (
            <>
              <Typography.Text strong>{bt('budget.books.problems', { n: report.problems.length })}</Typography.Text>
              <ul style={{ paddingInlineStart: 20, margin: '4px 0 0' }}>
                {report.problems.map((problem) => (
                  <li key={problem}>{problem}</li>
                ))}
              </ul>
            </>
          )}
        </div>
      }
    >
      <Tag
        icon={report.balanced ? <CheckCircleOutlined /> : <CloseCircleOutlined />}
        color={report.balanced ? 'success' : 'error'}
        data-testid="books-status"
        data-state={report.balanced ? 'balanced' : 'unbalanced'}
        style={{ cursor: 'help', marginInlineEnd: 0 }}
      >
        {bt(report.balanced ? 'budget.books.balanced' : 'budget.books.unbalanced')}
      </Tag>
    </Popover>
  );
}
