/**
 * The till (trade_in.redeem), phone-width: the qualification code (scanned text or short code), the
 * product and the invoice, prices typed in yuan and turned into fen on the digits (lib/money); the
 * receipt (pay, subsidy, explanation, clause, funding shares) or the refusal with its code in plain words.
 * Appliances are priced by their efficiency grade, so the form asks for it before sending the sale.
 */
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Form, Input, InputNumber, Select, Typography } from 'antd';
import { useRef } from 'react';
import { ApiError } from '../../lib/api/client';
import { ErrorAlert } from '../../lib/ui/ErrorAlert';
import { useI18n } from '../../lib/i18n/useI18n';
import { formatFen, yuanToFen } from '../../lib/money';
import { CATEGORIES, needsGrade, tradeInApi, type RedemptionRequest } from './api';
import { attemptFor, type TillAttempt } from './attempt';
import { tradeInMessages } from './messages';

type Key = keyof typeof tradeInMessages;

interface TillForm {
  code: string;
  category: string;
  model: string;
  serialNumber: string;
  efficiencyGrade?: number;
  priceYuan: string;
  invoiceNumber: string;
  buyerName: string;
  invoiceYuan: string;
}

const newKey = () => globalThis.crypto.randomUUID();

export default function TillPage() {
  const { t, lang } = useI18n(tradeInMessages);
  const [form] = Form.useForm<TillForm>();
  const attempt = useRef<TillAttempt | null>(null);
  const category = Form.useWatch('category', form);
  const redeem = useMutation({
    mutationFn: ({ request, key }: { request: RedemptionRequest; key: string }) => tradeInApi.redeem(request, key),
  });

  const submit = (values: TillForm) => {
    const finalPriceFen = yuanToFen(values.priceYuan);
    const amountFen = yuanToFen(values.invoiceYuan);
    if (finalPriceFen === undefined || amountFen === undefined) return;
    const request: RedemptionRequest = {
      qualificationCode: values.code.trim(),
      product: {
        category: values.category,
        model: values.model.trim(),
        serialNumber: values.serialNumber.trim(),
        ...(values.efficiencyGrade ? { efficiencyGrade: values.efficiencyGrade } : {}),
        finalPriceFen,
      },
      invoice: { number: values.invoiceNumber.trim(), buyerName: values.buyerName.trim(), amountFen },
    };
    attempt.current = attemptFor(attempt.current, JSON.stringify(request), newKey);
    redeem.mutate({ request, key: attempt.current.key });
  };

  const amountRule = {
    validator: (_: unknown, value: string) =>
      yuanToFen(value) === undefined ? Promise.reject(new Error(t('ti.till.badAmount'))) : Promise.resolve(),
  };
  const refusal = redeem.error instanceof ApiError ? redeem.error : null;
  const plainWords =
    refusal?.code && `ti.refusal.${refusal.code}` in tradeInMessages ? t(`ti.refusal.${refusal.code}` as Key) : null;
  const receipt = redeem.data;

  return (
    <div style={{ maxWidth: 420, margin: '0 auto' }} data-testid="till-page">
      <Typography.Title level={3}>{t('ti.till.title')}</Typography.Title>
      {receipt ? (
        <Card data-testid="till-receipt">
          <Alert type="success" showIcon title={t('ti.till.receipt')} />
          <Descriptions column={1} size="small" style={{ marginTop: 12 }}>
            <Descriptions.Item label={t('ti.till.redemptionId')}>
              <Typography.Text copyable data-testid="receipt-id">
                {receipt.id}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('ti.field.pay')}>
              <Typography.Text strong data-testid="receipt-pay">
                {formatFen(receipt.payFen, lang)}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('ti.field.subsidy')}>
              <span data-testid="receipt-subsidy">{formatFen(receipt.subsidyFen, lang)}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('ti.field.explanation')}>
              <span data-testid="receipt-explanation">
                {lang === 'en' ? receipt.explanationEn : receipt.explanation}
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t('ti.field.clause')}>
              <span data-testid="receipt-clause">{receipt.clause}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('ti.till.shares')}>
              {receipt.shares.map((s) => `${s.source} ${formatFen(s.amountFen, lang)}`).join('；')}
            </Descriptions.Item>
          </Descriptions>
          <Button
            data-testid="till-next"
            onClick={() => {
              attempt.current = null;
              redeem.reset();
              form.resetFields();
            }}
          >
            {t('ti.till.next')}
          </Button>
        </Card>
      ) : (
        <Form form={form} layout="vertical" onFinish={submit} initialValues={{ category: 'air_conditioner' }}>
          <Form.Item name="code" label={t('ti.till.code')} rules={[{ required: true, min: 8 }]}>
            <Input.TextArea autoSize data-testid="till-code" />
          </Form.Item>
          <Form.Item name="category" label={t('ti.field.category')} rules={[{ required: true }]}>
            <Select
              data-testid="till-category"
              options={Object.values(CATEGORIES)
                .flat()
                .map((c) => ({ value: c, label: t(`ti.cat.${c}` as Key) }))}
            />
          </Form.Item>
          <Form.Item name="model" label={t('ti.field.model')} rules={[{ required: true }]}>
            <Input data-testid="till-model" />
          </Form.Item>
          <Form.Item name="serialNumber" label={t('ti.till.serial')} rules={[{ required: true, min: 4 }]}>
            <Input data-testid="till-serial" />
          </Form.Item>
          <Form.Item
            name="efficiencyGrade"
            label={t('ti.till.grade')}
            dependencies={['category']}
            rules={[{ required: needsGrade(category), message: t('ti.till.gradeNeeded') }]}
          >
            <InputNumber min={1} max={5} precision={0} data-testid="till-grade" />
          </Form.Item>
          <Form.Item name="priceYuan" label={t('ti.till.priceYuan')} rules={[{ required: true }, amountRule]}>
            <Input inputMode="decimal" data-testid="till-price" />
          </Form.Item>
          <Form.Item name="invoiceNumber" label={t('ti.till.invoiceNumber')} rules={[{ required: true }]}>
            <Input data-testid="till-invoice-number" />
          </Form.Item>
          <Form.Item name="buyerName" label={t('ti.till.buyerName')} rules={[{ required: true }]}>
            <Input data-testid="till-buyer" />
          </Form.Item>
          <Form.Item name="invoiceYuan" label={t('ti.till.invoiceYuan')} rules={[{ required: true }, amountRule]}>
            <Input inputMode="decimal" data-testid="till-invoice-amount" />
          </Form.Item>
          {redeem.error ? (
            <div data-testid="till-refusal" style={{ marginBottom: 12 }}>
              {plainWords && (
                <Alert
                  type="warning"
                  showIcon
                  title={`${t('ti.till.refused')} · ${refusal?.code ?? ''}`}
                  description={plainWords}
                />
              )}
              <ErrorAlert error={redeem.error} testId="till-error" />
            </div>
          ) : null}
          <Button type="primary" htmlType="submit" block loading={redeem.isPending} data-testid="till-submit">
            {t('ti.till.submit')}
          </Button>
        </Form>
      )}
    </div>
  );
}
