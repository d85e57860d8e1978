import type { ReactNode } from 'react';
import { Button, Card, Result, Skeleton } from 'antd';
import { LoginOutlined } from '@ant-design/icons';
import { useLocation, useNavigate } from 'react-router-dom';
import type { Permission } from '../../../src/domain/access/permissions';
import { usePageTitle } from '../lib/ui/PageHeader';
import { useI18n } from '../lib/i18n/useI18n';
import { hasPermission } from '../features/accounts/access';
import { signInPath } from '../features/accounts/redirect';
import { useSession, useSignOut } from '../features/accounts/session';
import { ErrorAlert } from '../lib/ui/ErrorAlert';

/**
 * Shows its page only to callers holding the permission; others get a 403 page that says why and
 * offers the way in (sign in, or switch account). The server checks again on every request.
 */
export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { t } = useI18n();
  const { session, loading, error, query } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const signOut = useSignOut();
  const here = `${location.pathname}${location.search}`;
  const allowed = hasPermission(session, permission);

  if (loading) {
    return (
      <Card variant="borderless">
        <Skeleton active paragraph={{ rows: 6 }} />
      </Card>
    );
  }
  if (error) return <ErrorAlert error={error} onRetry={() => void query.refetch()} />;
  if (!session) {
    return (
      <GuardTitle title={t('guard.signInTitle')}>
        <Result
          status="403"
          title={t('guard.signInTitle')}
          subTitle={t('guard.signInHint')}
          data-testid="guard-sign-in"
          extra={
            <Button type="primary" icon={<LoginOutlined />} onClick={() => void navigate(signInPath(here))}>
              {t('shell.signIn')}
            </Button>
          }
        />
      </GuardTitle>
    );
  }
  if (!allowed) {
    return (
      <GuardTitle title={t('guard.forbiddenTitle')}>
        <Result
          status="403"
          title={t('guard.forbiddenTitle')}
          subTitle={t('guard.forbiddenHint', { permission: `${t(`perm.${permission}`)} · ${permission}` })}
          data-testid="guard-forbidden"
          extra={[
            <Button key="home" type="primary" onClick={() => void navigate('/')}>
              {t('common.backHome')}
            </Button>,
            <Button key="switch" onClick={() => void signOut().then(() => navigate(signInPath(here)))}>
              {t('guard.switchAccount')}
            </Button>,
          ]}
        />
      </GuardTitle>
    );
  }
  return <>{children}</>;
}

/**
 * Sets the document title only while the guard shows its own page: a guard that set it while showing
 * the guarded page would run its effect after the page's and overwrite the page's title.
 */
function GuardTitle({ title, children }: { title: string; children: ReactNode }) {
  usePageTitle(title);
  return <>{children}</>;
}
