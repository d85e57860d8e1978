import { FormDrawer } from '../../../lib/ui/FormDrawer';
import { App, Form, Input } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { checkMobileNumber } from '../../../../../src/domain/identity/mobile';
import type { AccountView, StaffAccountInput } from '../../../../../src/contract/accounts';
import { accountQueries, createStaffAccount } from '../api/accounts';
import { cleanGrants } from '../access';
import { useFormErrors } from '../forms/useFieldError';
import { checkRule } from '../forms/formRules';
import { useAccountsI18n } from '../messages';
import { RolesEditor, type RoleRowValue } from './RolesEditor';
import { ErrorAlert } from '../../../lib/ui/ErrorAlert';

/** The form's values: the request, with role rows still being filled in. */
type Values = Omit<StaffAccountInput, 'roles'> & { roles: RoleRowValue[] };

const FIELDS = ['username', 'name', 'password', 'mobile', 'roles'] as const;
/** The server's rule for usernames (src/contract/accounts.ts). */
const USERNAME = /^[a-z][a-z0-9._-]{2,39}$/;

/** 新建工作人员账户: username, name, initial password, optional mobile and the roles. */
export function CreateAccountDrawer({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (account: AccountView) => void;
}) {
  const { t, lang } = useAccountsI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const { formError, clearFormError, showError } = useFormErrors(form, FIELDS);

  const mutation = useMutation({
    mutationFn: (values: Values) =>
      createStaffAccount({
        username: values.username.trim(),
        name: values.name.trim(),
        password: values.password,
        ...(values.mobile?.trim() ? { mobile: values.mobile.trim() } : {}),
        roles: cleanGrants(values.roles),
      }),
    onMutate: clearFormError,
    onSuccess: (account) => {
      void client.invalidateQueries({ queryKey: accountQueries.all });
      void message.success(t('accounts.created', { name: account.name }));
      form.resetFields();
      onCreated(account);
    },
    onError: showError,
  });

  const required = { required: true, whitespace: true, message: t('common.required') };
  const mobileHint = checkRule((value) => {
    if (value.trim().length < 11) return undefined;
    const check = checkMobileNumber(value);
    return check.ok ? undefined : lang === 'en' ? check.messageEn : check.message;
  }, true);

  return (
    <FormDrawer
      open={open}
      onClose={onClose}
      title={t('accounts.create')}
      width={560}
      saving={mutation.isPending}
      onSave={() => form.submit()}
      saveTestId="create-account-submit"
    >
      <Form<Values>
        form={form}
        name="create-account"
        layout="vertical"
        requiredMark={false}
        initialValues={{ roles: [{}] }}
        onFinish={(values) => mutation.mutate(values)}
        data-testid="create-account-form"
      >
        {formError !== null && <ErrorAlert error={formError} testId="create-account-error" />}
        <Form.Item
          name="username"
          label={t('accounts.username')}
          rules={[required, { pattern: USERNAME, message: t('accounts.usernameRule') }]}
          extra={t('accounts.usernameHint')}
        >
          <Input autoComplete="off" data-testid="create-username" />
        </Form.Item>
        <Form.Item name="name" label={t('account.name')} rules={[required, { max: 100 }]}>
          <Input autoComplete="off" data-testid="create-name" />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('accounts.initialPassword')}
          rules={[required, { min: 10, max: 128, message: t('register.passwordRule') }]}
          extra={t('register.passwordRule')}
        >
          <Input.Password autoComplete="new-password" data-testid="create-password" />
        </Form.Item>
        <Form.Item name="mobile" label={t('accounts.mobileOptional')} rules={[mobileHint]}>
          <Input inputMode="tel" autoComplete="off" data-testid="create-mobile" />
        </Form.Item>
        <Form.Item label={t('accounts.roles')} required>
          <RolesEditor />
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}
