/**
 * 新建批次 (vouchers.manage): when claims open (Beijing time), how many packs, how many days the round runs
 * and its mode; the budget it will hold (quantity × the pack's face) is shown before it is sent, and a pool
 * that cannot hold it refuses (BUDGET_EXHAUSTED) with nothing held.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input, InputNumber, Modal, Select } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useRef, useState } from 'react';
import { attemptFor, newIdempotencyKey, type Attempt } from '../budget/idempotency';
import { ErrorAlert } from '../../lib/ui/ErrorAlert';
import { formatFen } from '../../lib/money';
import { vouchersApi, voucherKeys, type CampaignView, type RoundInput } from './api';
import { refusalKey, useVouchersI18n } from './messages';

interface RoundForm {
  /** yyyy-MM-ddTHH:mm, Beijing time */
  releaseAt: string;
  quantity: number;
  validDays: number;
  mode: RoundInput['mode'];
}

/** A datetime-local value read as Beijing time: "2025-06-20T10:00" → "2025-06-20T10:00:00+08:00". */
export function beijingMoment(local: string): string {
  return `${local.length === 16 ? `${local}:00` : local}+08:00`;
}

/** The next whole hour after `now` (the server's clock) in Beijing time, as a datetime-local value. */
export function nextHour(now: string): string {
  const beijing = new Date(Date.parse(now) + 8 * 3_600_000 + 3_600_000);
  return `${beijing.toISOString().slice(0, 13)}:00`;
}

export function CreateRound({ campaign, now }: { campaign: CampaignView; now: string }) {
  const { t, lang } = useVouchersI18n();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<RoundForm>();
  const client = useQueryClient();
  const attempt = useRef<Attempt | null>(null);
  const quantity = Form.useWatch('quantity', form);
  const create = useMutation({
    mutationFn: ({ input, key }: { input: RoundInput; key: string }) =>
      vouchersApi.createRound(campaign.id, input, key),
    onSuccess: () => {
      attempt.current = null;
      setOpen(false);
      void client.invalidateQueries({ queryKey: voucherKeys.all });
    },
  });
  const refusal = refusalKey(create.error && 'code' in create.error ? String(create.error.code) : undefined);
  return (
    <>
      <Button
        type="primary"
        size="small"
        icon={<PlusOutlined />}
        onClick={() => {
          create.reset();
          setOpen(true);
        }}
        data-testid="voucher-round-new"
      >
        {t('vo.campaign.newRound')}
      </Button>
      <Modal
        open={open}
        title={t('vo.campaign.newRound')}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        okButtonProps={{ loading: create.isPending, 'data-testid': 'voucher-round-save' }}
        destroyOnHidden
      >
        <Form<RoundForm>
          form={form}
          layout="vertical"
          initialValues={{ releaseAt: nextHour(now), quantity: 100, validDays: 7, mode: 'first_come' }}
          onFinish={(values) => {
            const input: RoundInput = {
              releaseAt: beijingMoment(values.releaseAt),
              quantity: values.quantity,
              validDays: values.validDays,
              mode: values.mode,
            };
            attempt.current = attemptFor(attempt.current, JSON.stringify(input), () => newIdempotencyKey());
            create.mutate({ input, key: attempt.current.key });
          }}
        >
          <Form.Item name="releaseAt" label={`${t('vo.field.releaseAt')}（北京时间）`} rules={[{ required: true }]}>
            <Input type="datetime-local" data-testid="voucher-round-release" />
          </Form.Item>
          <Form.Item name="quantity" label={t('vo.field.quantity')} rules={[{ required: true }]}>
            <InputNumber min={1} max={15_000_000} precision={0} data-testid="voucher-round-quantity" />
          </Form.Item>
          <Form.Item name="validDays" label={t('vo.field.validDays')} rules={[{ required: true }]}>
            <InputNumber min={1} max={366} precision={0} data-testid="voucher-round-days" />
          </Form.Item>
          <Form.Item name="mode" label={t('vo.field.mode')}>
            <Select
              data-testid="voucher-round-mode"
              options={[
                { value: 'first_come', label: t('vo.mode.first_come') },
                { value: 'lottery', label: t('vo.mode.lottery') },
              ]}
            />
          </Form.Item>
          {typeof quantity === 'number' && quantity > 0 && (
            <Alert
              type="info"
              showIcon
              data-testid="voucher-round-budget"
              title={t('vo.campaign.roundBudget', {
                amount: formatFen(quantity * campaign.packFaceFen, lang),
                n: quantity,
                face: formatFen(campaign.packFaceFen, lang),
              })}
            />
          )}
          {create.error ? (
            <div style={{ marginTop: 12 }}>
              {refusal && <Alert type="warning" showIcon title={t(refusal)} style={{ marginBottom: 8 }} />}
              <ErrorAlert error={create.error} testId="voucher-round-error" />
            </div>
          ) : null}
        </Form>
      </Modal>
    </>
  );
}
