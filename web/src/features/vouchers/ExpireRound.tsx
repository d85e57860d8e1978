/**
 * 结束本轮 (vouchers.manage), once the round's end has passed on the server's clock: unredeemed vouchers
 * lapse; with rollover and a later scheduled round the packs left are re-released into it, else the money
 * goes back to the pool (POST /api/v1/vouchers/rounds/{id}/expire).
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Popconfirm } from 'antd';
import { useRef } from 'react';
import { newIdempotencyKey } from '../budget/idempotency';
import { describeError } from '../../lib/api/errorText';
import { vouchersApi, voucherKeys, type RoundView } from './api';
import { refusalKey, useVouchersI18n } from './messages';
import { ApiError } from '../../lib/api/client';

export function ExpireRound({ round }: { round: RoundView }) {
  const { t, lang } = useVouchersI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const key = useRef(newIdempotencyKey());
  const expire = useMutation({
    mutationFn: () => vouchersApi.expire(round.id, key.current),
    onSuccess: () => {
      void message.success(t('vo.campaign.expired'));
      void client.invalidateQueries({ queryKey: voucherKeys.all });
    },
    onError: (error) => {
      const words = refusalKey(error instanceof ApiError ? error.code : undefined);
      void message.error(words ? t(words) : describeError(error, lang, t).title);
    },
  });
  return (
    <Popconfirm
      title={t('vo.campaign.expireConfirm')}
      onConfirm={() => expire.mutate()}
      okButtonProps={{ 'data-testid': 'voucher-expire-confirm' }}
    >
      <Button size="small" danger loading={expire.isPending} data-testid="voucher-expire">
        {t('vo.campaign.expire')}
      </Button>
    </Popconfirm>
  );
}
