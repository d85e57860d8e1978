import { App, Form, Input, Modal } from 'antd';
import { useMutation } from '@tanstack/react-query';
import type { AccountView } from '../../../../../src/contract/accounts';
import { resetPassword } from '../api/accounts';
import { useFormErrors } from '../forms/useFieldError';
import { sameAs } from '../forms/formRules';
import { useAccountsI18n } from '../messages';
import { ErrorAlert } from '../../../lib/ui/ErrorAlert';

interface Values {
  newPassword: string;
  confirm: string;
}

/** 重置密码: an admin sets a new password; the account's sessions end. */
export function ResetPasswordModal({ account, onClose }: { account: AccountView; onClose: () => void }) {
  const { t } = useAccountsI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const { formError, clearFormError, showError } = useFormErrors(form, ['newPassword']);
  const mutation = useMutation({
    mutationFn: (values: Values) => resetPassword(account.id, values.newPassword),
    onMutate: clearFormError,
    onSuccess: () => {
      void message.success(t('accounts.passwordReset'));
      onClose();
    },
    onError: showError,
  });
  const required = { required: true, message: t('common.required') };
  return (
    <Modal
      open
      title={t('accounts.resetPasswordOf', { name: account.name })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('accounts.resetPassword')}
      cancelText={t('common.cancel')}
      confirmLoading={mutation.isPending}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        name="reset-password"
        layout="vertical"
        requiredMark={false}
        onFinish={(values) => mutation.mutate(values)}
      >
        {formError !== null && <ErrorAlert error={formError} testId="form-error" />}
        <Form.Item
          name="newPassword"
          label={t('account.newPassword')}
          rules={[required, { min: 10, max: 128, message: t('register.passwordRule') }]}
          extra={t('register.passwordRule')}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('account.confirmPassword')}
          dependencies={['newPassword']}
          rules={[required, sameAs('newPassword', t('register.mismatch'))]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
