/**
 * 退货 (vouchers.redeem) on a redemption just made: the goods returned at bill prices (yuan, to fen on the
 * digits); the answer says what goes back to the customer, what stays of the bill and the discount, and the
 * rule applied in words (POST /api/v1/vouchers/redemptions/{id}/refunds).
 */
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Input, Space } from 'antd';
import { useRef, useState } from 'react';
import { attemptFor, type TillAttempt } from '../trade-in/attempt';
import { newIdempotencyKey } from '../budget/idempotency';
import { ApiError } from '../../lib/api/client';
import { formatFen, yuanToFen } from '../../lib/money';
import { ErrorAlert } from '../../lib/ui/ErrorAlert';
import { vouchersApi } from './api';
import { refusalKey, useVouchersI18n } from './messages';

export function RefundForm({ redemptionId }: { redemptionId: string }) {
  const { t, lang } = useVouchersI18n();
  const [yuan, setYuan] = useState('');
  const attempt = useRef<TillAttempt | null>(null);
  const refund = useMutation({
    mutationFn: ({ refundBillFen, key }: { refundBillFen: number; key: string }) =>
      vouchersApi.refund(redemptionId, { refundBillFen }, key),
  });
  const fen = yuanToFen(yuan);
  const words = refusalKey(refund.error instanceof ApiError ? refund.error.code : undefined);
  return (
    <div data-testid="voucher-refund" style={{ marginTop: 12 }}>
      <Space.Compact style={{ width: '100%' }}>
        <Input
          inputMode="decimal"
          placeholder={t('vo.refund.amount')}
          value={yuan}
          onChange={(event) => setYuan(event.target.value)}
          data-testid="voucher-refund-amount"
        />
        <Button
          disabled={fen === undefined || fen === 0}
          loading={refund.isPending}
          data-testid="voucher-refund-submit"
          onClick={() => {
            if (fen === undefined || fen === 0) return;
            attempt.current = attemptFor(attempt.current, String(fen), () => newIdempotencyKey());
            refund.mutate({ refundBillFen: fen, key: attempt.current.key });
          }}
        >
          {t('vo.refund.submit')}
        </Button>
      </Space.Compact>
      {refund.data && (
        <Descriptions column={1} size="small" style={{ marginTop: 8 }} data-testid="voucher-refund-result">
          <Descriptions.Item label={t('vo.refund.cashBack')}>
            {formatFen(refund.data.cashBackFen, lang)}
          </Descriptions.Item>
          <Descriptions.Item label={t('vo.refund.kept')}>{formatFen(refund.data.keptBillFen, lang)}</Descriptions.Item>
          <Descriptions.Item label={t('vo.refund.discount')}>
            {formatFen(refund.data.discountFen, lang)}
          </Descriptions.Item>
          <Descriptions.Item label="">{refund.data.explanation}</Descriptions.Item>
        </Descriptions>
      )}
      {refund.error ? (
        words ? (
          <Alert type="warning" showIcon style={{ marginTop: 8 }} title={t(words)} />
        ) : (
          <ErrorAlert error={refund.error} testId="voucher-refund-error" />
        )
      ) : null}
    </div>
  );
}
