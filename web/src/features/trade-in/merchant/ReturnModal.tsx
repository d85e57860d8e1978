/**
 * 退货: full or partial. Before confirming, the dialog shows what is refunded: the kept part is priced
 * by the public quote (the same rule book the server uses), so the subsidy going back and the
 * citizen's refund are known; the server's answer is what counts and is shown after.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Descriptions, Form, Input, Modal, Radio, Typography } from 'antd';
import { useRef, useState } from 'react';
import { ErrorAlert } from '../../../lib/ui/ErrorAlert';
import { useI18n } from '../../../lib/i18n/useI18n';
import { formatFen, yuanToFen } from '../../../lib/money';
import { tradeInApi, type RedemptionView } from '../api';
import { attemptFor, type TillAttempt } from '../attempt';
import { shanghaiDay } from '../labels';
import { merchantMessages } from './messages';

interface Values {
  kind: 'full' | 'partial';
  amountYuan?: string;
  reason: string;
}

const newKey = () => globalThis.crypto.randomUUID();

/** What a return of `returnedFen` gives back, given the subsidy the kept part would receive. */
export function returnPreview(r: RedemptionView, returnedFen: number, keptSubsidyFen: number) {
  const kept = r.finalPriceFen - r.returnedPriceFen - returnedFen;
  const newSubsidy = kept > 0 ? Math.min(keptSubsidyFen, r.subsidyFen) : 0;
  const subsidyBackFen = r.subsidyFen - newSubsidy;
  return { keptFen: kept, newSubsidyFen: newSubsidy, subsidyBackFen, refundFen: returnedFen - subsidyBackFen };
}

export function ReturnModal({ redemption: r, onClose }: { redemption: RedemptionView; onClose: () => void }) {
  const { t, lang } = useI18n(merchantMessages);
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const attempt = useRef<TillAttempt | null>(null);
  const [error, setError] = useState<unknown>(null);
  const kind = Form.useWatch('kind', form) ?? 'full';
  const amountYuan = Form.useWatch('amountYuan', form);
  const remaining = r.finalPriceFen - r.returnedPriceFen;
  const typed = kind === 'full' ? remaining : yuanToFen(amountYuan ?? '');
  const returnedFen = typed !== undefined && typed > 0 && typed <= remaining ? typed : undefined;
  const kept = returnedFen === undefined ? 0 : remaining - returnedFen;
  const quote = useQuery({
    queryKey: ['trade-in', 'return-quote', r.id, kept],
    queryFn: () => tradeInApi.quoteKept(r, kept, shanghaiDay(r.createdAt)),
    enabled: returnedFen !== undefined && kept > 0,
  });
  const keptSubsidy = kept === 0 ? 0 : quote.data ? (quote.data.eligible ? quote.data.subsidyFen : 0) : undefined;
  const preview =
    returnedFen !== undefined && keptSubsidy !== undefined ? returnPreview(r, returnedFen, keptSubsidy) : null;
  const money = r.state === 'settled' ? 'clawed_back' : 'released';

  const giveBack = useMutation({
    mutationFn: ({ values, key }: { values: Values; key: string }) =>
      tradeInApi.giveBack(
        r.id,
        {
          reason: values.reason.trim(),
          ...(values.kind === 'partial' && returnedFen !== undefined ? { returnedPriceFen: returnedFen } : {}),
        },
        key,
      ),
    onMutate: () => setError(null),
    onSuccess: (answer) => {
      void client.invalidateQueries({ queryKey: ['trade-in'] });
      void message.success(
        t('tm.return.done', {
          refund: formatFen(answer.refundFen, lang),
          back: formatFen(answer.subsidyBackFen, lang),
        }),
      );
      onClose();
    },
    onError: setError,
  });

  const submit = (values: Values) => {
    if (returnedFen === undefined) return;
    const signature = JSON.stringify({ kind: values.kind, returnedFen, reason: values.reason.trim() });
    attempt.current = attemptFor(attempt.current, signature, newKey);
    giveBack.mutate({ values, key: attempt.current.key });
  };

  return (
    <Modal
      open
      title={t('tm.return.title', { model: r.model })}
      okText={t('tm.return.confirm')}
      okButtonProps={{ danger: true, disabled: preview === null, 'data-testid': 'return-confirm' }}
      confirmLoading={giveBack.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ kind: 'full' }} onFinish={submit} data-testid="return-form">
        <Form.Item name="kind" label={t('tm.return.kind')}>
          <Radio.Group data-testid="return-kind">
            <Radio value="full" data-testid="return-full">
              {t('tm.return.full')}
            </Radio>
            <Radio value="partial" data-testid="return-partial">
              {t('tm.return.partial')}
            </Radio>
          </Radio.Group>
        </Form.Item>
        {kind === 'partial' && (
          <Form.Item
            name="amountYuan"
            label={t('tm.return.amount')}
            rules={[
              {
                validator: (_, value: string | undefined) => {
                  const fen = yuanToFen(value ?? '');
                  return fen !== undefined && fen > 0 && fen <= remaining
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('tm.return.amountBad', { max: formatFen(remaining, lang) })));
                },
              },
            ]}
          >
            <Input inputMode="decimal" data-testid="return-amount" />
          </Form.Item>
        )}
        <Form.Item name="reason" label={t('tm.return.reason')} rules={[{ required: true, whitespace: true, max: 500 }]}>
          <Input data-testid="return-reason" />
        </Form.Item>
      </Form>
      {preview && (
        <div data-testid="return-preview">
          <Typography.Title level={5}>{t('tm.return.preview')}</Typography.Title>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('tm.return.returnedPrice')}>
              {formatFen(returnedFen ?? 0, lang)}
            </Descriptions.Item>
            <Descriptions.Item label={t('tm.return.subsidyBack')}>
              <span data-testid="return-subsidy-back">{formatFen(preview.subsidyBackFen, lang)}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('tm.return.refund')}>
              <Typography.Text strong data-testid="return-refund">
                {formatFen(preview.refundFen, lang)}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('tm.return.subsidyKept')}>
              {formatFen(preview.newSubsidyFen, lang)}
            </Descriptions.Item>
          </Descriptions>
          <Alert
            style={{ marginTop: 8 }}
            type={money === 'released' ? 'info' : 'warning'}
            showIcon
            title={t(`tm.return.money.${money}`)}
            description={t('tm.return.rule')}
          />
        </div>
      )}
      {quote.error ? <ErrorAlert error={quote.error} /> : null}
      {error ? <ErrorAlert error={error} testId="return-error" /> : null}
    </Modal>
  );
}
