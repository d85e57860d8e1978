/** 更正收款账户: after a failed payout (or on a draft), the applicant gives the account in their own name again. */
import { App, Button, Card, Form } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ClaimView, PayeeInput } from '../../../../src/contract/claims';
import { claimsApi, refreshClaims } from './api';
import { accountDigits } from './form';
import { useAttemptKeys } from './keys';
import { useClaimsI18n } from './messages';
import { PayeeFields } from './PayeeFields';
import { ClaimError } from './ui';

export function PayeeCorrection({ claim }: { claim: ClaimView }) {
  const { t } = useClaimsI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const keys = useAttemptKeys();
  const [form] = Form.useForm<{ payee: PayeeInput }>();
  const save = useMutation({
    mutationFn: (payee: PayeeInput) => claimsApi.setPayee(claim.id, payee, keys.keyFor(['payee', claim.id, payee])),
    onSuccess: (view, payee) => {
      keys.done(['payee', claim.id, payee]);
      refreshClaims(client, view);
      void message.success(t('cl.payee.saved'));
    },
  });
  return (
    <Card size="small" title={t('cl.payee.title')} data-testid="payee-correction">
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          payee: { name: claim.payee?.name ?? '', bankName: claim.payee?.bankName ?? '', bankAccount: '' },
        }}
        onFinish={({ payee }) =>
          save.mutate({
            name: payee.name.trim(),
            bankName: payee.bankName.trim(),
            bankAccount: accountDigits(payee.bankAccount),
          })
        }
      >
        <PayeeFields />
        {save.error ? <ClaimError error={save.error} testId="payee-error" /> : null}
        <Button type="primary" htmlType="submit" block loading={save.isPending} data-testid="payee-save">
          {t('cl.payee.save')}
        </Button>
      </Form>
    </Card>
  );
}
