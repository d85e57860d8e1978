/**
 * 撤回申请 (claims.apply): the applicant takes back a draft, returned or reviewing claim, after
 * confirming; the claim closes and the money held for it (from its first approval) is released.
 */
import { App, Button, Flex, Typography } from 'antd';
import { UndoOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ClaimView } from '../../../../src/contract/claims';
import { ApiError } from '../../lib/api/client';
import { messageIn } from '../../lib/api/errorText';
import { formatFen } from '../../lib/money';
import { ErrorAlert } from '../../lib/ui/ErrorAlert';
import { claimsApi, refreshClaims } from './api';
import { claimErrorText } from './errors';
import { useAttemptKeys } from './keys';
import { useClaimsI18n } from './messages';

export function WithdrawClaim({ claim }: { claim: ClaimView }) {
  const { t, lang } = useClaimsI18n();
  const { modal, message } = App.useApp();
  const client = useQueryClient();
  const keys = useAttemptKeys();
  const signature = ['withdraw', claim.id];
  const withdraw = useMutation({
    mutationFn: () => claimsApi.withdraw(claim.id, keys.keyFor(signature)),
    onSuccess: (view) => {
      keys.done(signature);
      refreshClaims(client, view);
      void message.success(t('cl.withdraw.done'));
    },
  });
  const error = withdraw.error;
  const text =
    error instanceof ApiError && error.code === 'CLAIM_NOT_EDITABLE'
      ? { title: t('cl.withdraw.tooLate'), detail: messageIn(error.message, lang).text }
      : claimErrorText(error, lang, t);
  const held = claim.holdId !== null;
  return (
    <Flex vertical gap={6} style={{ marginTop: 4 }} data-testid="claim-withdraw-section">
      {error ? <ErrorAlert error={error} testId="claim-withdraw-error" text={text} /> : null}
      <Button
        danger
        block
        icon={<UndoOutlined />}
        loading={withdraw.isPending}
        onClick={() =>
          void modal.confirm({
            title: t('cl.withdraw'),
            content: (
              <Flex vertical gap={6}>
                <span>{t('cl.withdraw.confirm', { reference: claim.reference })}</span>
                <span data-testid="claim-withdraw-money">
                  {held
                    ? t('cl.withdraw.released', { amount: formatFen(claim.subsidyFen, lang) })
                    : t('cl.withdraw.nothingHeld')}
                </span>
              </Flex>
            ),
            okButtonProps: { danger: true, 'data-testid': 'claim-withdraw-confirm' },
            okText: t('cl.withdraw'),
            cancelText: t('common.cancel'),
            onOk: () => withdraw.mutate(),
          })
        }
        data-testid="claim-withdraw"
      >
        {t('cl.withdraw')}
      </Button>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('cl.withdraw.hint')}
      </Typography.Text>
    </Flex>
  );
}
