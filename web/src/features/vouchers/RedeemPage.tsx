/**
 * 核销消费券 (vouchers.redeem), phone-width: the voucher's code (scanned or keyed in; spaces are ignored), the
 * bill in yuan (turned into fen on the digits) and its category; the receipt with the discount and what the
 * customer pays, or the refusal in plain words (threshold not met, expired, already redeemed…) with its code.
 * The same sale sent again (a lost answer) reuses its Idempotency-Key, so a voucher is never taken twice.
 */
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Form, Input, Select, Typography } from 'antd';
import { useRef } from 'react';
import { attemptFor, type TillAttempt } from '../trade-in/attempt';
import { newIdempotencyKey } from '../budget/idempotency';
import { ApiError } from '../../lib/api/client';
import { formatShanghai } from '../../lib/datetime';
import { formatFen, yuanToFen } from '../../lib/money';
import { ErrorAlert } from '../../lib/ui/ErrorAlert';
import { usePageTitle } from '../../lib/ui/PageHeader';
import { vouchersApi, type VoucherRedemptionInput } from './api';
import { RefundForm } from './RefundForm';
import { categoryLabel, refusalKey, useVouchersI18n, VOUCHER_CATEGORIES } from './messages';

interface RedeemForm {
  code: string;
  billYuan: string;
  category: string;
}

/** What the till reads, as the server stores it: no spaces or dashes, upper case. */
export function cleanCode(text: string): string {
  return text.replace(/[\s-]/g, '').toUpperCase();
}

export default function RedeemPage() {
  const { t, lang } = useVouchersI18n();
  usePageTitle(t('vo.redeem.title'));
  const [form] = Form.useForm<RedeemForm>();
  const attempt = useRef<TillAttempt | null>(null);
  const redeem = useMutation({
    mutationFn: ({ input, key }: { input: VoucherRedemptionInput; key: string }) => vouchersApi.redeem(input, key),
  });
  const submit = (values: RedeemForm) => {
    const billFen = yuanToFen(values.billYuan);
    if (billFen === undefined || billFen === 0) return;
    const input: VoucherRedemptionInput = { voucherCode: cleanCode(values.code), billFen, category: values.category };
    attempt.current = attemptFor(attempt.current, JSON.stringify(input), () => newIdempotencyKey());
    redeem.mutate({ input, key: attempt.current.key });
  };
  const refusal = redeem.error instanceof ApiError ? redeem.error : null;
  const words = refusalKey(refusal?.code);
  const receipt = redeem.data;
  return (
    <div style={{ maxWidth: 420, margin: '0 auto' }} data-testid="voucher-redeem-page">
      <Typography.Title level={3}>{t('vo.redeem.title')}</Typography.Title>
      {receipt ? (
        <Card data-testid="voucher-receipt">
          <Alert type="success" showIcon title={t('vo.redeem.receipt')} />
          <Descriptions column={1} size="small" style={{ marginTop: 12 }}>
            <Descriptions.Item label={t('vo.redeem.billShown')}>
              <span data-testid="receipt-bill">{formatFen(receipt.billFen, lang)}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('vo.redeem.discount')}>
              <Typography.Text type="danger" data-testid="receipt-discount">
                −{formatFen(receipt.discountFen, lang)}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('vo.redeem.pay')}>
              <Typography.Text strong style={{ fontSize: 20 }} data-testid="receipt-pay">
                {formatFen(receipt.payFen, lang)}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('vo.redeem.category')}>{categoryLabel(t, receipt.category)}</Descriptions.Item>
            <Descriptions.Item label={t('vo.mine.code')}>{receipt.voucherCode}</Descriptions.Item>
            <Descriptions.Item label={t('vo.redeem.id')}>
              <Typography.Text copyable style={{ fontSize: 12 }} data-testid="receipt-id">
                {receipt.id}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('vo.redeem.at')}>{formatShanghai(receipt.at)}</Descriptions.Item>
          </Descriptions>
          <RefundForm redemptionId={receipt.id} />
          <Button
            block
            style={{ marginTop: 12 }}
            data-testid="voucher-redeem-next"
            onClick={() => {
              attempt.current = null;
              redeem.reset();
              form.resetFields();
            }}
          >
            {t('vo.redeem.next')}
          </Button>
        </Card>
      ) : (
        <Form<RedeemForm> form={form} layout="vertical" onFinish={submit} initialValues={{ category: 'catering' }}>
          <Form.Item name="code" label={t('vo.redeem.code')} rules={[{ required: true, min: 4, max: 60 }]}>
            <Input size="large" autoComplete="off" data-testid="voucher-redeem-code" />
          </Form.Item>
          <Form.Item
            name="billYuan"
            label={t('vo.redeem.bill')}
            rules={[
              { required: true, message: t('vo.create.badAmount') },
              {
                validator: (_: unknown, value: string | undefined) =>
                  !value || (yuanToFen(value) ?? 0) > 0
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('vo.create.badAmount'))),
              },
            ]}
          >
            <Input size="large" inputMode="decimal" data-testid="voucher-redeem-bill" />
          </Form.Item>
          <Form.Item name="category" label={t('vo.redeem.category')} rules={[{ required: true }]}>
            <Select
              size="large"
              data-testid="voucher-redeem-category"
              options={VOUCHER_CATEGORIES.map((c) => ({ value: c, label: categoryLabel(t, c) }))}
            />
          </Form.Item>
          {redeem.error ? (
            <div data-testid="voucher-redeem-refusal" data-code={refusal?.code} style={{ marginBottom: 12 }}>
              {words && (
                <Alert
                  type="warning"
                  showIcon
                  title={<span data-testid="voucher-redeem-refusal-words">{t(words)}</span>}
                  description={`${t('vo.redeem.refused')} · ${refusal?.code ?? ''}`}
                  style={{ marginBottom: 8 }}
                />
              )}
              {!words && <ErrorAlert error={redeem.error} testId="voucher-redeem-error" />}
            </div>
          ) : null}
          <Button
            type="primary"
            size="large"
            htmlType="submit"
            block
            loading={redeem.isPending}
            data-testid="voucher-redeem-submit"
          >
            {t('vo.redeem.submit')}
          </Button>
        </Form>
      )}
    </div>
  );
}
