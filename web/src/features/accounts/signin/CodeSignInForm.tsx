import { useState } from 'react';
import { Alert, Button, Form, Input } from 'antd';
import { MobileOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { requestOneTimeCode, signInWithCode } from '../api/auth';
import type { OneTimeCodeSent } from '../../../../../src/contract/accounts';
import { useFormErrors } from '../forms/useFieldError';
import { useSignedIn } from '../session';
import { useCountdown } from '../forms/useCountdown';
import { CodeInput } from '../forms/CodeInput';
import { useAccountsI18n } from '../messages';
import { ErrorAlert } from '../../../lib/ui/ErrorAlert';

interface Values {
  mobile: string;
  code: string;
}

const DEFAULT_RESEND_SECONDS = 60;

export function CodeSignInForm({ onSignedIn }: { onSignedIn: () => void }) {
  const { t } = useAccountsI18n();
  const [form] = Form.useForm<Values>();
  const signedIn = useSignedIn();
  const { formError, clearFormError, showError } = useFormErrors(form, ['mobile', 'code']);
  const [sent, setSent] = useState<OneTimeCodeSent | null>(null);
  const [left, startCountdown] = useCountdown();

  const send = useMutation({
    mutationFn: (mobile: string) => requestOneTimeCode(mobile),
    onMutate: clearFormError,
    onSuccess: (answer) => {
      setSent(answer);
      startCountdown(answer.resendAfterSeconds || DEFAULT_RESEND_SECONDS);
    },
    onError: showError,
  });

  const verify = useMutation({
    mutationFn: (values: Values) => signInWithCode(values.mobile.trim(), values.code.trim()),
    onMutate: clearFormError,
    onSuccess: (session) => {
      signedIn(session);
      onSignedIn();
    },
    onError: showError,
  });

  const onSend = async () => {
    try {
      const { mobile } = await form.validateFields(['mobile']);
      send.mutate(mobile.trim());
    } catch {
      // the form shows what is missing
    }
  };

  const required = { required: true, message: t('common.required') };
  return (
    <Form<Values>
      form={form}
      name="code-sign-in"
      layout="vertical"
      requiredMark={false}
      onFinish={(values) => verify.mutate(values)}
      data-testid="code-sign-in"
    >
      {formError !== null && <ErrorAlert error={formError} testId="code-sign-in-error" />}
      <Form.Item name="mobile" label={t('auth.mobile')} rules={[required]}>
        <Input
          prefix={<MobileOutlined />}
          autoComplete="tel"
          inputMode="tel"
          size="large"
          placeholder={t('auth.mobile')}
          data-testid="code-mobile"
        />
      </Form.Item>
      <Form.Item label={t('auth.code')} required={false}>
        <CodeInput
          onSend={() => void onSend()}
          secondsLeft={left}
          sending={send.isPending}
          size="large"
          inputTestId="code-input"
          sendTestId="code-send"
        />
      </Form.Item>
      {sent && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('auth.codeSent', { minutes: Math.max(1, Math.round(sent.expiresInSeconds / 60)) })}
          description={t('auth.codeDevHint')}
          data-testid="code-sent"
        />
      )}
      <Button type="primary" htmlType="submit" size="large" block loading={verify.isPending} data-testid="code-submit">
        {t('auth.submit')}
      </Button>
    </Form>
  );
}
