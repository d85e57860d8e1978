import { Button, Result } from 'antd';
import { useNavigate } from 'react-router-dom';
import type { SessionView } from '../../../../../src/contract/accounts';
import { useSignOut } from '../session';
import { useAccountsI18n } from '../messages';

/** Shown on the sign-in and registration pages to someone already signed in: go on, or switch account. */
export function AlreadySignedIn({ session, next }: { session: SessionView; next: string }) {
  const { t } = useAccountsI18n();
  const navigate = useNavigate();
  const signOut = useSignOut();
  return (
    <Result
      status="success"
      title={t('auth.alreadyTitle')}
      subTitle={t('auth.alreadyHint', { name: session.account.name })}
      data-testid="already-signed-in"
      extra={[
        <Button key="go" type="primary" onClick={() => void navigate(next, { replace: true })}>
          {t('auth.continue')}
        </Button>,
        <Button key="switch" onClick={() => void signOut()}>
          {t('auth.switchAccount')}
        </Button>,
      ]}
    />
  );
}
