/**
 * 登录: by password (a citizen's mobile number or a staff username) or by a one-time code sent to a
 * citizen's mobile. Afterwards the visitor returns to the page they came from (?next=), else home.
 */
import { useState } from 'react';
import { Card, Col, Flex, Row, Tabs, Typography } from 'antd';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { PageHeader, usePageTitle } from '../../lib/ui/PageHeader';
import { safeNext } from './redirect';
import { useSession } from './session';
import { useAccountsI18n } from './messages';
import { AlreadySignedIn } from './signin/AlreadySignedIn';
import { DemoAccountsCard } from './signin/DemoAccountsCard';
import { PasswordSignInForm, type PasswordFormHandle } from './signin/PasswordSignInForm';
import { CodeSignInForm } from './signin/CodeSignInForm';

type Tab = 'password' | 'code';

export default function SignInPage() {
  const { t } = useAccountsI18n();
  usePageTitle(t('auth.signInTitle'));
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const navigate = useNavigate();
  const { session } = useSession();
  const [tab, setTab] = useState<Tab>('password');
  const [passwordForm, setPasswordForm] = useState<PasswordFormHandle | null>(null);
  // set when this page signed the caller in, so the "already signed in" notice does not flash
  const [leaving, setLeaving] = useState(false);

  const done = () => {
    setLeaving(true);
    void navigate(next, { replace: true });
  };

  if (session && !leaving) return <AlreadySignedIn session={session} next={next} />;

  return (
    <div className="auth-page" data-testid="sign-in-page">
      <PageHeader title={t('auth.signInTitle')} subtitle={t('auth.signInSubtitle')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={13}>
          <Card variant="borderless" className="auth-card">
            <Tabs
              activeKey={tab}
              onChange={(key) => setTab(key as Tab)}
              items={[
                {
                  key: 'password',
                  label: <span data-testid="tab-password">{t('auth.passwordTab')}</span>,
                  children: <PasswordSignInForm onSignedIn={done} onReady={setPasswordForm} />,
                },
                {
                  key: 'code',
                  label: <span data-testid="tab-code">{t('auth.codeTab')}</span>,
                  children: <CodeSignInForm onSignedIn={done} />,
                },
              ]}
            />
            <Flex justify="center" gap={4}>
              <Typography.Text type="secondary">{t('auth.noAccount')}</Typography.Text>
              <Link to="/register" data-testid="register-link">
                {t('auth.registerLink')}
              </Link>
            </Flex>
          </Card>
        </Col>
        <Col xs={24} lg={11}>
          <DemoAccountsCard
            onFill={(login, password) => {
              setTab('password');
              passwordForm?.fill(login, password);
            }}
          />
        </Col>
      </Row>
    </div>
  );
}
