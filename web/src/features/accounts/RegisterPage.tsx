/**
 * 市民注册, in two steps: (1) a registration code is sent to the mobile number; (2) the code, name, ID
 * number and password. The server answers step 1 the same whether or not the number is registered (a
 * registered number gets a text saying so instead of a code), and refuses details that cannot be
 * registered without saying which (docs/access.md). The page checks the ID number (GB 11643) and the
 * mobile number as a hint; the server decides, and its refusals appear under the field they name.
 */
import { useState } from 'react';
import { Alert, Button, Card, Col, Flex, Form, Input, Row, Space, Steps, Typography } from 'antd';
import { IdcardOutlined, LockOutlined, MobileOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router-dom';
import { checkIdNumber } from '../../../../src/domain/identity/id-number';
import { checkMobileNumber } from '../../../../src/domain/identity/mobile';
import type { OneTimeCodeSent } from '../../../../src/contract/accounts';
import { register, requestOneTimeCode } from './api/auth';
import { useFormErrors } from './forms/useFieldError';
import { checkRule, sameAs } from './forms/formRules';
import { useSession, useSignedIn } from './session';
import { todayInShanghai } from './forms/today';
import { useCountdown } from './forms/useCountdown';
import { CodeInput } from './forms/CodeInput';
import { PageHeader, usePageTitle } from '../../lib/ui/PageHeader';
import { useAccountsI18n } from './messages';
import { AlreadySignedIn } from './signin/AlreadySignedIn';
import { ErrorAlert } from '../../lib/ui/ErrorAlert';

interface MobileValues {
  mobile: string;
}

interface DetailValues {
  code: string;
  name: string;
  idNumber: string;
  password: string;
  confirm: string;
}

const MOBILE_FIELDS = ['mobile'] as const;
const DETAIL_FIELDS = ['code', 'name', 'idNumber', 'password'] as const;
const DEFAULT_RESEND_SECONDS = 60;

export default function RegisterPage() {
  const { t, lang } = useAccountsI18n();
  usePageTitle(t('register.title'));
  const [mobileForm] = Form.useForm<MobileValues>();
  const [detailForm] = Form.useForm<DetailValues>();
  const navigate = useNavigate();
  const signedIn = useSignedIn();
  const mobileErrors = useFormErrors(mobileForm, MOBILE_FIELDS);
  const detailErrors = useFormErrors(detailForm, DETAIL_FIELDS);
  const en = lang === 'en';
  const { session } = useSession();
  // set once this page has registered (and so signed in) the visitor, who is then on the way out
  const [registered, setRegistered] = useState(false);
  // the number a code was asked for: step 2 is shown once there is one
  const [mobile, setMobile] = useState<string | null>(null);
  const [sent, setSent] = useState<OneTimeCodeSent | null>(null);
  const [left, startCountdown] = useCountdown();

  const sendCode = useMutation({
    mutationFn: (number: string) => requestOneTimeCode(number, 'register'),
    onMutate: () => {
      mobileErrors.clearFormError();
      detailErrors.clearFormError();
    },
    onSuccess: (answer, number) => {
      setMobile(number);
      setSent(answer);
      startCountdown(answer.resendAfterSeconds || DEFAULT_RESEND_SECONDS);
    },
    // a refusal of a resend from step 2 (rate limit) belongs above that form
    onError: (error) => (mobile === null ? mobileErrors.showError(error) : detailErrors.showError(error)),
  });

  const mutation = useMutation({
    mutationFn: ({ confirm: _confirm, ...details }: DetailValues) =>
      register({
        mobile: mobile ?? '',
        code: details.code.trim(),
        name: details.name.trim(),
        idNumber: details.idNumber.trim().toUpperCase(),
        password: details.password,
      }),
    onMutate: detailErrors.clearFormError,
    onSuccess: (created) => {
      setRegistered(true);
      signedIn(created);
      void navigate('/account', { replace: true });
    },
    onError: detailErrors.showError,
  });

  const required = { required: true, message: t('common.required') };
  // hints only: they do not stop the form, the server has the last word
  const idNumberHint = checkRule((value) => {
    if (value.trim().length < 18) return undefined;
    const check = checkIdNumber(value, todayInShanghai());
    return check.ok ? undefined : en ? check.messageEn : check.message;
  }, true);
  const mobileHint = checkRule((value) => {
    if (value.trim().length < 11) return undefined;
    const check = checkMobileNumber(value);
    return check.ok ? undefined : en ? check.messageEn : check.message;
  }, true);

  if (session && !registered) return <AlreadySignedIn session={session} next="/account" />;

  const changeMobile = () => {
    setMobile(null);
    setSent(null);
    detailErrors.clearFormError();
    detailForm.resetFields(['code']);
  };

  const signInLink = (
    <Flex justify="center" gap={4} style={{ marginTop: 16 }}>
      <Typography.Text type="secondary">{t('auth.haveAccount')}</Typography.Text>
      <Link to="/sign-in">{t('auth.signInLink')}</Link>
    </Flex>
  );

  const mobileStep = (
    <Form<MobileValues>
      form={mobileForm}
      name="register-mobile"
      layout="vertical"
      requiredMark={false}
      onFinish={(values) => sendCode.mutate(values.mobile.trim())}
    >
      {mobileErrors.formError !== null && <ErrorAlert error={mobileErrors.formError} testId="register-error" />}
      <Typography.Paragraph type="secondary">{t('register.mobileHint')}</Typography.Paragraph>
      <Form.Item name="mobile" label={t('register.mobile')} rules={[required, mobileHint]} validateDebounce={300}>
        <Input
          prefix={<MobileOutlined />}
          inputMode="tel"
          autoComplete="tel"
          size="large"
          placeholder={t('register.mobile')}
          data-testid="register-mobile"
        />
      </Form.Item>
      <Button
        type="primary"
        htmlType="submit"
        size="large"
        block
        loading={sendCode.isPending}
        data-testid="register-send-code"
      >
        {t('register.sendCode')}
      </Button>
      {signInLink}
    </Form>
  );

  const detailStep = (
    <Form<DetailValues>
      form={detailForm}
      name="register"
      layout="vertical"
      requiredMark={false}
      onFinish={(values) => mutation.mutate(values)}
    >
      {detailErrors.formError !== null && <ErrorAlert error={detailErrors.formError} testId="register-error" />}
      {sent && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('register.codeSent', { minutes: Math.max(1, Math.round(sent.expiresInSeconds / 60)) })}
          description={t('auth.codeDevHint')}
          data-testid="register-code-sent"
        />
      )}
      <Form.Item
        label={t('register.code')}
        required={false}
        extra={
          <Space size={8}>
            <span data-testid="register-code-mobile">{t('register.codeFor', { mobile: mobile ?? '' })}</span>
            <Typography.Link onClick={changeMobile} data-testid="register-change-mobile">
              {t('register.changeMobile')}
            </Typography.Link>
          </Space>
        }
      >
        <CodeInput
          onSend={() => mobile !== null && sendCode.mutate(mobile)}
          secondsLeft={left}
          sending={sendCode.isPending}
          inputTestId="register-code"
          sendTestId="register-resend"
        />
      </Form.Item>
      <Form.Item name="name" label={t('register.name')} rules={[required, { max: 50 }]}>
        <Input
          prefix={<UserOutlined />}
          autoComplete="name"
          placeholder={t('register.namePlaceholder')}
          data-testid="register-name"
        />
      </Form.Item>
      <Form.Item name="idNumber" label={t('register.idNumber')} rules={[required, idNumberHint]} validateDebounce={300}>
        <Input
          prefix={<IdcardOutlined />}
          maxLength={18}
          autoComplete="off"
          placeholder={t('register.idNumberPlaceholder')}
          data-testid="register-id-number"
        />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item
            name="password"
            label={t('register.password')}
            rules={[required, { min: 10, max: 128, message: t('register.passwordRule') }]}
            extra={t('register.passwordRule')}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="new-password" data-testid="register-password" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            name="confirm"
            label={t('register.confirm')}
            dependencies={['password']}
            rules={[required, sameAs('password', t('register.mismatch'))]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="new-password" data-testid="register-confirm" />
          </Form.Item>
        </Col>
      </Row>
      <Button
        type="primary"
        htmlType="submit"
        size="large"
        block
        loading={mutation.isPending}
        data-testid="register-submit"
      >
        {t('register.submit')}
      </Button>
      {signInLink}
    </Form>
  );

  return (
    <div className="auth-page" data-testid="register-page">
      <PageHeader title={t('register.title')} subtitle={t('register.subtitle')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card variant="borderless" className="auth-card">
            <Steps
              size="small"
              current={mobile === null ? 0 : 1}
              style={{ marginBottom: 24 }}
              items={[{ title: t('register.stepMobile') }, { title: t('register.stepDetails') }]}
              data-testid="register-steps"
            />
            {mobile === null ? mobileStep : detailStep}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Alert type="info" showIcon title={t('register.privacy')} description={t('register.serverDecides')} />
        </Col>
      </Row>
    </div>
  );
}
