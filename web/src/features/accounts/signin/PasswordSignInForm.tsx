import { useEffect } from 'react';
import { Button, Form, Input } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { signIn } from '../api/auth';
import { useFormErrors } from '../forms/useFieldError';
import { useSignedIn } from '../session';
import { useAccountsI18n } from '../messages';
import { ErrorAlert } from '../../../lib/ui/ErrorAlert';

interface Values {
  login: string;
  password: string;
}

export interface PasswordFormHandle {
  fill: (login: string, password: string) => void;
}

export function PasswordSignInForm({
  onSignedIn,
  onReady,
}: {
  onSignedIn: () => void;
  onReady: (handle: PasswordFormHandle) => void;
}) {
  const { t } = useAccountsI18n();
  const [form] = Form.useForm<Values>();
  const signedIn = useSignedIn();
  const { formError, clearFormError, showError } = useFormErrors(form, ['login', 'password']);

  useEffect(() => {
    onReady({
      fill: (login, password) => {
        clearFormError();
        form.setFields([
          { name: 'login', value: login, errors: [] },
          { name: 'password', value: password, errors: [] },
        ]);
      },
    });
  }, [form, onReady, clearFormError]);

  const mutation = useMutation({
    mutationFn: (values: Values) => signIn(values.login.trim(), values.password),
    onMutate: clearFormError,
    onSuccess: (session) => {
      signedIn(session);
      onSignedIn();
    },
    onError: showError,
  });

  const required = { required: true, message: t('common.required') };
  return (
    <Form<Values>
      form={form}
      name="password-sign-in"
      layout="vertical"
      requiredMark={false}
      onFinish={(values) => mutation.mutate(values)}
      data-testid="password-sign-in"
    >
      {formError !== null && <ErrorAlert error={formError} testId="sign-in-error" />}
      <Form.Item name="login" label={t('auth.login')} rules={[required]}>
        <Input
          prefix={<UserOutlined />}
          autoComplete="username"
          placeholder={t('auth.login')}
          size="large"
          data-testid="sign-in-login"
        />
      </Form.Item>
      <Form.Item name="password" label={t('auth.password')} rules={[required]}>
        <Input.Password
          prefix={<LockOutlined />}
          autoComplete="current-password"
          placeholder={t('auth.password')}
          size="large"
          data-testid="sign-in-password"
        />
      </Form.Item>
      <Button
        type="primary"
        htmlType="submit"
        size="large"
        block
        loading={mutation.isPending}
        data-testid="sign-in-submit"
      >
        {t('auth.submit')}
      </Button>
    </Form>
  );
}
