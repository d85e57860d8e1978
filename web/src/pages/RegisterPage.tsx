/**
 * 市民注册: name, ID number, mobile and password. The page checks the ID number (GB 11643) and the
 * mobile number as a hint; the server decides, and its refusals appear under the field they name.
 */
import { useState } from 'react';
import { Alert, Button, Card, Col, Flex, Form, Input, Row, Typography } from 'antd';
import { IdcardOutlined, LockOutlined, MobileOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router-dom';
import { checkIdNumber } from '../../../src/domain/identity/id-number';
import { checkMobileNumber } from '../../../src/domain/identity/mobile';
import { register, type Registration } from '../api/auth';
import { useFormErrors } from '../auth/useFieldError';
import { checkRule, sameAs } from '../auth/formRules';
import { useSession, useSignedIn } from '../auth/session';
import { todayInShanghai } from '../auth/today';
import { FormErrorAlert } from '../components/FormErrorAlert';
import { PageHeader, usePageTitle } from '../components/PageHeader';
import { useI18n } from '../i18n/useI18n';
import { AlreadySignedIn } from './auth/AlreadySignedIn';

interface Values extends Registration {
  confirm: string;
}

const FIELDS = ['name', 'idNumber', 'mobile', 'password'] as const;

export default function RegisterPage() {
  const { t, lang } = useI18n();
  usePageTitle(t('register.title'));
  const [form] = Form.useForm<Values>();
  const navigate = useNavigate();
  const signedIn = useSignedIn();
  const { formError, clearFormError, showError } = useFormErrors(form, FIELDS);
  const en = lang === 'en';
  const { session } = useSession();
  // set once this page has registered (and so signed in) the visitor, who is then on the way out
  const [registered, setRegistered] = useState(false);

  const mutation = useMutation({
    mutationFn: ({ confirm: _confirm, ...registration }: Values) =>
      register({
        ...registration,
        name: registration.name.trim(),
        idNumber: registration.idNumber.trim().toUpperCase(),
        mobile: registration.mobile.trim(),
      }),
    onMutate: clearFormError,
    onSuccess: (created) => {
      setRegistered(true);
      signedIn(created);
      void navigate('/account', { replace: true });
    },
    onError: showError,
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

  return (
    <div className="auth-page" data-testid="register-page">
      <PageHeader title={t('register.title')} subtitle={t('register.subtitle')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card variant="borderless" className="auth-card">
            <Form<Values>
              form={form}
              name="register"
              layout="vertical"
              requiredMark={false}
              onFinish={(values) => mutation.mutate(values)}
            >
              {formError !== null && <FormErrorAlert error={formError} testId="register-error" />}
              <Form.Item name="name" label={t('register.name')} rules={[required, { max: 50 }]}>
                <Input
                  prefix={<UserOutlined />}
                  autoComplete="name"
                  placeholder={t('register.namePlaceholder')}
                  data-testid="register-name"
                />
              </Form.Item>
              <Form.Item
                name="idNumber"
                label={t('register.idNumber')}
                rules={[required, idNumberHint]}
                validateDebounce={300}
              >
                <Input
                  prefix={<IdcardOutlined />}
                  maxLength={18}
                  autoComplete="off"
                  placeholder={t('register.idNumberPlaceholder')}
                  data-testid="register-id-number"
                />
              </Form.Item>
              <Form.Item
                name="mobile"
                label={t('register.mobile')}
                rules={[required, mobileHint]}
                validateDebounce={300}
              >
                <Input
                  prefix={<MobileOutlined />}
                  inputMode="tel"
                  autoComplete="tel"
                  placeholder={t('register.mobile')}
                  data-testid="register-mobile"
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
                    <Input.Password
                      prefix={<LockOutlined />}
                      autoComplete="new-password"
                      data-testid="register-password"
                    />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item
                    name="confirm"
                    label={t('register.confirm')}
                    dependencies={['password']}
                    rules={[required, sameAs('password', t('register.mismatch'))]}
                  >
                    <Input.Password
                      prefix={<LockOutlined />}
                      autoComplete="new-password"
                      data-testid="register-confirm"
                    />
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
              <Flex justify="center" gap={4} style={{ marginTop: 16 }}>
                <Typography.Text type="secondary">{t('auth.haveAccount')}</Typography.Text>
                <Link to="/sign-in">{t('auth.signInLink')}</Link>
              </Flex>
            </Form>
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Alert type="info" showIcon title={t('register.privacy')} description={t('register.serverDecides')} />
        </Col>
      </Row>
    </div>
  );
}
