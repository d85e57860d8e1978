import { Alert, Button, Form, Input, Modal, Radio, Typography } from 'antd';
import { EyeOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import type { AccountView } from '../../../../../src/contract/accounts';
import type { RevealField } from '../api/accounts';
import { reveal } from '../api/accounts';
import { useFormErrors } from '../forms/useFieldError';
import { useAccountsI18n, type AccountsKey } from '../messages';
import { ErrorAlert } from '../../../lib/ui/ErrorAlert';

const FIELD_LABELS: Record<RevealField, AccountsKey> = {
  idNumber: 'account.idNumber',
  mobile: 'account.mobile',
  bankAccount: 'account.bankAccount',
};

/**
 * 查看完整信息: a reviewer asks for one full value with a reason; the server records the read in the
 * audit log. The value lives only in this dialog and is forgotten when it closes.
 */
export function RevealModal({ account, onClose }: { account: AccountView; onClose: () => void }) {
  const { t } = useAccountsI18n();
  const [form] = Form.useForm<{ field: RevealField; reason: string }>();
  const { formError, clearFormError, showError } = useFormErrors(form, ['field', 'reason']);
  const available = (Object.keys(FIELD_LABELS) as RevealField[]).filter((field) => account[field] !== null);
  const mutation = useMutation({
    mutationFn: (values: { field: RevealField; reason: string }) =>
      reveal(account.id, values.field, values.reason.trim()),
    onMutate: clearFormError,
    onError: showError,
  });
  // the value of the field asked for (the answer's own `field` is typed as any string)
  const revealed = mutation.data && mutation.variables && { ...mutation.data, field: mutation.variables.field };
  return (
    <Modal
      open
      title={t('accounts.revealTitle', { name: account.name })}
      onCancel={onClose}
      destroyOnHidden
      footer={
        revealed ? (
          <Button type="primary" onClick={onClose}>
            {t('common.close')}
          </Button>
        ) : (
          [
            <Button key="cancel" onClick={onClose}>
              {t('common.cancel')}
            </Button>,
            <Button
              key="reveal"
              type="primary"
              danger
              icon={<EyeOutlined />}
              disabled={available.length === 0}
              loading={mutation.isPending}
              onClick={() => form.submit()}
              data-testid="reveal-submit"
            >
              {t('accounts.revealSubmit')}
            </Button>,
          ]
        )
      }
    >
      {revealed ? (
        <Alert
          type="success"
          showIcon
          title={
            <>
              {t(FIELD_LABELS[revealed.field])}:{' '}
              {revealed.value === null ? (
                <Typography.Text type="secondary" data-testid="reveal-value">
                  {t('common.notSet')}
                </Typography.Text>
              ) : (
                <Typography.Text code copyable data-testid="reveal-value">
                  {revealed.value}
                </Typography.Text>
              )}
            </>
          }
          description={t('accounts.revealAudited')}
        />
      ) : available.length === 0 ? (
        <Alert type="info" showIcon title={t('accounts.revealNothing')} />
      ) : (
        <>
          <Alert type="warning" showIcon title={t('accounts.revealNotice')} style={{ marginBottom: 16 }} />
          {formError !== null && <ErrorAlert error={formError} testId="form-error" />}
          <Form
            form={form}
            name="reveal"
            layout="vertical"
            requiredMark={false}
            initialValues={{ field: available[0] }}
            onFinish={(values) => mutation.mutate(values)}
          >
            <Form.Item name="field" label={t('accounts.revealField')}>
              <Radio.Group
                optionType="button"
                options={available.map((field) => ({
                  value: field,
                  label: `${t(FIELD_LABELS[field])} ${account[field] ?? ''}`,
                }))}
              />
            </Form.Item>
            <Form.Item
              name="reason"
              label={t('accounts.revealReason')}
              rules={[{ required: true, whitespace: true, message: t('common.required') }]}
            >
              <Input.TextArea
                rows={3}
                maxLength={200}
                showCount
                placeholder={t('accounts.revealReasonPlaceholder')}
                data-testid="reveal-reason"
              />
            </Form.Item>
          </Form>
        </>
      )}
    </Modal>
  );
}
