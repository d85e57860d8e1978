import type { ReactNode } from 'react';
import { Card, Skeleton } from 'antd';
import type { UseQueryResult } from '@tanstack/react-query';
import { ErrorAlert } from './ErrorAlert';

/** Renders a query: a skeleton while it loads, the shared error alert if it fails, else children. */
export function Loaded<T>({
  query,
  children,
  rows = 6,
}: {
  query: UseQueryResult<T>;
  children: (data: T) => ReactNode;
  rows?: number;
}) {
  if (query.isPending) {
    return (
      <Card variant="borderless">
        <Skeleton active paragraph={{ rows }} />
      </Card>
    );
  }
  if (query.isError) return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  return <>{children(query.data)}</>;
}
