import { Flex, Tag, Typography } from 'antd';
import type { PoolView } from './api';
import { useBudgetText } from './useBudget';

/** 运行中 / 已暂停, with the pause reason under it. */
export function PoolStatusTag({ pool, inline = false }: { pool: PoolView; inline?: boolean }) {
  const { bt } = useBudgetText();
  const tag = (
    <Tag color={pool.status === 'active' ? 'green' : 'red'} data-testid="pool-status" style={{ marginInlineEnd: 0 }}>
      {bt(`budget.status.${pool.status}`)}
    </Tag>
  );
  if (pool.status === 'active' || !pool.pauseReason) return tag;
  return (
    <Flex vertical={!inline} gap={4} wrap align={inline ? 'center' : 'flex-start'}>
      {tag}
      <Typography.Text
        type="secondary"
        style={{ fontSize: 12, display: 'block', maxWidth: inline ? undefined : 130, whiteSpace: 'normal' }}
        data-testid="pool-pause-reason"
      >
        {pool.pauseReason}
      </Typography.Text>
    </Flex>
  );
}
