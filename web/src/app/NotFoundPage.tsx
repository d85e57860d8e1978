import { Button, Result } from 'antd';
import { useNavigate } from 'react-router-dom';
import { usePageTitle } from '../lib/ui/PageHeader';
import { useI18n } from '../lib/i18n/useI18n';

export default function NotFoundPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  usePageTitle(t('common.notFound'));
  return (
    <Result
      status="404"
      title={t('common.notFound')}
      subTitle={t('common.notFoundHint')}
      extra={
        <Button type="primary" onClick={() => void navigate('/')}>
          {t('common.backHome')}
        </Button>
      }
    />
  );
}
