import { Alert, Button, Typography } from 'antd';
import { ApiError } from '../api/client';
import { useI18n } from '../i18n/useI18n';

/** The one way an API failure is shown: message, stable code and request id, and a retry. */
export function ApiErrorAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  const apiError = error instanceof ApiError ? error : undefined;
  // a 4xx answer will be the same next time; network and server failures may not
  const retryable = !apiError || apiError.status === 0 || apiError.status >= 500;
  const message =
    apiError?.code === 'NETWORK_ERROR' ? t('error.network') : error instanceof Error ? error.message : String(error);
  return (
    <Alert
      type="error"
      showIcon
      title={t('error.title')}
      description={
        <div data-testid="api-error">
          <div>{message}</div>
          {apiError && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('error.code')}: <Typography.Text code>{apiError.code}</Typography.Text>
              {apiError.status > 0 && ` · HTTP ${apiError.status}`}
              {apiError.field && ` · ${t('error.field')}: ${apiError.field}`}
              {apiError.requestId && (
                <>
                  {' · '}
                  {t('error.requestId')}:{' '}
                  <Typography.Text copyable code>
                    {apiError.requestId}
                  </Typography.Text>
                </>
              )}
            </Typography.Text>
          )}
        </div>
      }
      action={
        onRetry &&
        retryable && (
          <Button size="small" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        )
      }
    />
  );
}
