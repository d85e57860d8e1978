import { useState } from 'react';
import { Alert, App, Form, Input, Modal } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { budgetKeys, pausePool, type PoolView } from './api';
import { budgetErrorText, formFieldOf } from './errors';
import { useBudgetText, usePoolNaming } from './useBudget';
import { ErrorAlert } from '../../lib/ui/ErrorAlert';

interface Values {
  reason: string;
}

/** 暂停资金池: asks for the reason applicants and officers will see, and confirms. */
export function PausePoolModal({ pool, onClose }: { pool: PoolView; onClose: () => void }) {
  const { bt } = useBudgetText();
  const naming = usePoolNaming();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [formError, setFormError] = useState<unknown>(null);
  const name = naming.pool(pool);

  const mutation = useMutation({
    mutationFn: (reason: string) => pausePool(pool.id, reason),
    onMutate: () => setFormError(null),
    onSuccess: (answer) => {
      void client.invalidateQueries({ queryKey: budgetKeys.all });
      const done = bt('budget.pause.done', { name });
      void message.success(answer.replayed ? `${done}${bt('budget.alreadyDone')}` : done);
      onClose();
    },
    onError: (error) => {
      const fieldError = formFieldOf(error, { reason: 'reason' } as const);
      if (fieldError) form.setFields([fieldError]);
      else setFormError(error);
    },
  });

  return (
    <Modal
      open
      title={bt('budget.pause.title', { name })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={bt('budget.pause.ok')}
      cancelText={bt('budget.cancel')}
      confirmLoading={mutation.isPending}
      okButtonProps={{ danger: true, 'data-testid': 'pause-submit' }}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        name="pause-pool"
        layout="vertical"
        requiredMark={false}
        onFinish={(values) => mutation.mutate(values.reason)}
      >
        {formError !== null && (
          <ErrorAlert error={formError} testId="pause-error" text={budgetErrorText(formError, bt)} />
        )}
        <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={bt('budget.pause.explain')} />
        <Form.Item
          name="reason"
          label={bt('budget.pause.reason')}
          extra={bt('budget.pause.reasonHint')}
          rules={[{ required: true, whitespace: true, message: bt('budget.required') }, { max: 500 }]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount data-testid="pause-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
