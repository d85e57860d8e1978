import { useState } from 'react';
import { App, Form, Modal, Select, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreatePoolInput } from '../../../../src/contract/budget';
import { budgetKeys, createPool, type FundingSource, type BudgetLine } from './api';
import { budgetErrorText, formFieldOf } from './errors';
import { FUNDING_SOURCES, BUDGET_LINES } from './pools';
import { useBudgetText, usePoolNaming } from './useBudget';
import { ErrorAlert } from '../../lib/ui/ErrorAlert';

/** The form while it is filled in: the request, each field still optional. */
type Values = Partial<CreatePoolInput>;

const FIELDS = { line: 'line', unitId: 'unitId', source: 'source' } as const;

/** 新建资金池: a subsidy line, an implementing unit (the plan's units, or 全市) and a funding source. */
export function CreatePoolModal({ onClose }: { onClose: () => void }) {
  const { bt } = useBudgetText();
  const naming = usePoolNaming();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [formError, setFormError] = useState<unknown>(null);

  const mutation = useMutation({
    mutationFn: (pool: CreatePoolInput) => createPool(pool),
    onMutate: () => setFormError(null),
    onSuccess: ({ created, pool }) => {
      void client.invalidateQueries({ queryKey: budgetKeys.all });
      const name = naming.pool(pool);
      if (created) void message.success(bt('budget.create.done', { name }));
      else void message.info(bt('budget.create.exists', { name }));
      onClose();
    },
    onError: (error) => {
      const fieldError = formFieldOf(error, FIELDS);
      if (fieldError) form.setFields([fieldError]);
      else setFormError(error);
    },
  });

  const required = { required: true, message: bt('budget.required') };
  return (
    <Modal
      open
      title={bt('budget.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={bt('budget.create.ok')}
      cancelText={bt('budget.cancel')}
      confirmLoading={mutation.isPending}
      okButtonProps={{ 'data-testid': 'create-pool-submit' }}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        name="create-pool"
        layout="vertical"
        requiredMark={false}
        onFinish={({ line, unitId, source }) => {
          if (line && unitId && source) mutation.mutate({ line, unitId, source });
        }}
      >
        {formError !== null && (
          <ErrorAlert error={formError} testId="create-pool-error" text={budgetErrorText(formError, bt)} />
        )}
        <Typography.Paragraph type="secondary">{bt('budget.create.hint')}</Typography.Paragraph>
        <Form.Item name="line" label={bt('budget.line')} rules={[required]}>
          <Select<BudgetLine>
            options={BUDGET_LINES.map((line) => ({ value: line, label: naming.line(line) }))}
            data-testid="create-pool-line"
          />
        </Form.Item>
        <Form.Item name="unitId" label={bt('budget.unit')} rules={[required]}>
          <Select<string>
            showSearch={{ optionFilterProp: 'label' }}
            options={naming.units.map((c) => ({ value: c.id, label: c.label }))}
            data-testid="create-pool-unit"
          />
        </Form.Item>
        <Form.Item name="source" label={bt('budget.source')} rules={[required]}>
          <Select<FundingSource>
            options={FUNDING_SOURCES.map((source) => ({ value: source, label: bt(`budget.source.${source}`) }))}
            data-testid="create-pool-source"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
