import { Button, Result, Typography } from 'antd';
import { ApiError } from '../lib/api/client';
import { useI18n } from '../lib/i18n/useI18n';

/** What a render error shows: what happened, a reload, and the particulars to quote. */
export function CrashScreen({ error }: { error: Error }) {
  const { t } = useI18n();
  return (
    <Result
      status="error"
      title={t('error.crashTitle')}
      subTitle={t('error.crashHint')}
      extra={
        <Button type="primary" onClick={() => window.location.reload()}>
          {t('common.reload')}
        </Button>
      }
    >
      <Typography.Paragraph code copyable style={{ whiteSpace: 'pre-wrap' }}>
        {error instanceof ApiError
          ? `${error.code} · ${error.message}${error.requestId ? ` · ${error.requestId}` : ''}`
          : `${error.name}: ${error.message}`}
      </Typography.Paragraph>
    </Result>
  );
}
