import { useState } from 'react';
import { App, Button, Space } from 'antd';
import { PauseCircleOutlined, PlayCircleOutlined, PlusCircleOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { budgetKeys, resumePool, type PoolView } from './api';
import { budgetError } from './errors';
import { FundPoolModal } from './FundPoolModal';
import { PausePoolModal } from './PausePoolModal';
import { useBudgetText, usePoolNaming } from './useBudget';

/**
 * 拨付资金, 暂停 / 恢复 for one pool (finance officers only: the caller checks budget.manage). Resuming
 * asks for confirmation; its refusal is shown as a message with the server's words.
 */
export function PoolActions({ pool, size = 'small' }: { pool: PoolView; size?: 'small' | 'middle' }) {
  const { bt } = useBudgetText();
  const naming = usePoolNaming();
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const [dialog, setDialog] = useState<'fund' | 'pause' | null>(null);
  const name = naming.pool(pool);

  const resume = useMutation({
    mutationFn: () => resumePool(pool.id),
    onSuccess: (answer) => {
      void client.invalidateQueries({ queryKey: budgetKeys.all });
      const done = bt('budget.resume.done', { name });
      void message.success(answer.replayed ? `${done}${bt('budget.alreadyDone')}` : done);
    },
    onError: (error) => {
      const text = budgetError(error, bt);
      void message.error(
        [text.title, text.message, text.code && `${bt('budget.error.code')}: ${text.code}`].filter(Boolean).join(' '),
      );
    },
  });

  const confirmResume = (): void => {
    void modal.confirm({
      title: bt('budget.resume.title'),
      content: bt('budget.resume.content', { name }),
      okText: bt('budget.resume'),
      cancelText: bt('budget.cancel'),
      okButtonProps: { 'data-testid': 'resume-submit' },
      onOk: () => resume.mutateAsync().catch(() => undefined),
    });
  };

  return (
    <>
      <Space size={4} wrap>
        <Button
          size={size}
          type={size === 'middle' ? 'primary' : 'default'}
          icon={<PlusCircleOutlined />}
          onClick={() => setDialog('fund')}
          data-testid="pool-fund"
        >
          {bt(size === 'small' ? 'budget.fundShort' : 'budget.fund')}
        </Button>
        {pool.status === 'active' ? (
          <Button
            size={size}
            danger
            icon={<PauseCircleOutlined />}
            onClick={() => setDialog('pause')}
            data-testid="pool-pause"
          >
            {bt('budget.pause')}
          </Button>
        ) : (
          <Button
            size={size}
            icon={<PlayCircleOutlined />}
            loading={resume.isPending}
            onClick={confirmResume}
            data-testid="pool-resume"
          >
            {bt('budget.resume')}
          </Button>
        )}
      </Space>
      {dialog === 'fund' && <FundPoolModal pool={pool} onClose={() => setDialog(null)} />}
      {dialog === 'pause' && <PausePoolModal pool={pool} onClose={() => setDialog(null)} />}
    </>
  );
}
