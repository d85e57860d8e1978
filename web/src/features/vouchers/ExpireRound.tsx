/**
 * A finance officer's step on a round (vouchers.manage), each behind a confirmation saying what it does:
 * 结束本轮 once the round's end has passed on the server's clock (unredeemed vouchers lapse; with rollover and a
 * later round the whole packs left are re-released into it, the rest back to the pool: POST …/expire), and
 * 开奖 for a lottery round once registration has closed (the seed revealed, winners issued: POST …/draw).
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Popconfirm } from 'antd';
import { useRef } from 'react';
import { newIdempotencyKey } from '../budget/idempotency';
import { describeError } from '../../lib/api/errorText';
import { vouchersApi, voucherKeys, type RoundView } from './api';
import { refusalKey, useVouchersI18n } from './messages';
import { ApiError } from '../../lib/api/client';

export function ExpireRound({ round, action = 'expire' }: { round: RoundView; action?: 'expire' | 'draw' }) {
  const { t, lang } = useVouchersI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const key = useRef(newIdempotencyKey());
  const expire = useMutation({
    mutationFn: async (): Promise<void> => {
      if (action === 'draw') await vouchersApi.draw(round.id, key.current);
      else await vouchersApi.expire(round.id, key.current);
    },
    onSuccess: () => {
      void message.success(t(action === 'draw' ? 'vo.campaign.drawn' : 'vo.campaign.expired'));
      void client.invalidateQueries({ queryKey: voucherKeys.all });
    },
    onError: (error) => {
      const words = refusalKey(error instanceof ApiError ? error.code : undefined);
      void message.error(words ? t(words) : describeError(error, lang, t).title);
    },
  });
  return (
    <Popconfirm
      title={t(action === 'draw' ? 'vo.campaign.drawConfirm' : 'vo.campaign.expireConfirm')}
      onConfirm={() => expire.mutate()}
      okButtonProps={{ 'data-testid': `voucher-${action}-confirm` }}
    >
      <Button size="small" danger loading={expire.isPending} data-testid={`voucher-${action}`}>
        {t(action === 'draw' ? 'vo.campaign.draw' : 'vo.campaign.expire')}
      </Button>
    </Popconfirm>
  );
}
