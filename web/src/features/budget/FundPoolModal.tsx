import { useRef, useState } from 'react';
import { Alert, App, Form, Input, Modal, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { budgetKeys, fundPool, type PoolView } from './api';
import { ApiError } from '../../lib/api/client';
import { budgetErrorText, formFieldOf } from './errors';
import { attemptFor, newIdempotencyKey, trancheSignature, type Attempt } from './idempotency';
import { bigAmountText, fenToYuanText, parseYuan } from '../../lib/money';
import { useBudgetText, usePoolNaming } from './useBudget';
import { ErrorAlert } from '../../lib/ui/ErrorAlert';

interface Values {
  amount: string;
  reference?: string;
}

const FIELDS = { amountFen: 'amount', reference: 'reference' } as const;

/**
 * 拨付资金: a tranche in yuan (two decimals, converted to fen on the digits) with its document number.
 * Each submission carries an Idempotency-Key; confirming the same form again after a failure reuses it,
 * so a tranche whose answer was lost is never booked twice.
 */
export function FundPoolModal({ pool, onClose }: { pool: PoolView; onClose: () => void }) {
  const { bt, lang } = useBudgetText();
  const naming = usePoolNaming();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [formError, setFormError] = useState<unknown>(null);
  const attempt = useRef<Attempt | null>(null);
  const amount = Form.useWatch('amount', form);
  const fen = parseYuan(amount);
  const name = naming.pool(pool);

  const mutation = useMutation({
    mutationFn: ({ amountFen, reference, key }: { amountFen: number; reference?: string; key: string }) =>
      fundPool(pool.id, reference ? { amountFen, reference } : { amountFen }, key),
    onMutate: () => setFormError(null),
    onSuccess: (answer, { amountFen }) => {
      attempt.current = null;
      void client.invalidateQueries({ queryKey: budgetKeys.all });
      const amountText = `${fenToYuanText(amountFen)} ${bt('budget.unit.yuan')}`;
      if (answer.replayed) void message.info(bt('budget.fund.replayed', { amount: amountText }));
      else void message.success(bt('budget.fund.done', { amount: amountText, name }));
      onClose();
    },
    onError: (error) => {
      // a key the server saw with another request cannot be retried: the next confirmation gets a new one
      if (error instanceof ApiError && error.code === 'IDEMPOTENCY_KEY_REUSED') attempt.current = null;
      const fieldError = formFieldOf(error, FIELDS);
      if (fieldError) form.setFields([fieldError]);
      else setFormError(error);
    },
  });

  const submit = (values: Values) => {
    const amountFen = parseYuan(values.amount);
    if (amountFen === undefined) return;
    const reference = values.reference?.trim() || undefined;
    attempt.current = attemptFor(attempt.current, trancheSignature(pool.id, amountFen, reference), () =>
      newIdempotencyKey(),
    );
    mutation.mutate({ amountFen, reference, key: attempt.current.key });
  };

  return (
    <Modal
      open
      title={bt('budget.fund.title', { name })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={bt('budget.fund.ok')}
      cancelText={bt('budget.cancel')}
      confirmLoading={mutation.isPending}
      okButtonProps={{ 'data-testid': 'fund-submit' }}
      destroyOnHidden
    >
      <Form<Values> form={form} name="fund-pool" layout="vertical" requiredMark={false} onFinish={submit}>
        {formError !== null && (
          <ErrorAlert error={formError} testId="fund-error" text={budgetErrorText(formError, bt)} />
        )}
        {pool.status === 'paused' && (
          <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={bt('budget.fund.paused')} />
        )}
        <Form.Item
          name="amount"
          label={bt('budget.fund.amount')}
          rules={[
            { required: true, message: bt('budget.required') },
            {
              validator: (_, value: string | undefined) =>
                !value || parseYuan(value) !== undefined
                  ? Promise.resolve()
                  : Promise.reject(new Error(bt('budget.fund.amountInvalid'))),
            },
          ]}
          extra={
            fen === undefined ? (
              bt('budget.fund.amountHint')
            ) : (
              <Typography.Text type="secondary" data-testid="fund-amount-reads">
                {bt('budget.fund.amountReads', { yuan: fenToYuanText(fen), wan: bigAmountText(fen, lang) })}
              </Typography.Text>
            )
          }
        >
          <Input inputMode="decimal" autoComplete="off" suffix={bt('budget.unit.yuan')} data-testid="fund-amount" />
        </Form.Item>
        <Form.Item
          name="reference"
          label={bt('budget.fund.reference')}
          extra={bt('budget.fund.referenceHint')}
          rules={[{ max: 500 }]}
        >
          <Input autoComplete="off" maxLength={500} data-testid="fund-reference" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
