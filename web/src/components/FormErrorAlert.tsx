import { Alert, Typography } from 'antd';
import { ApiError } from '../api/client';
import { useI18n } from '../i18n/useI18n';

/** A refused form submission: the server's message first, its code and request id below. */
export function FormErrorAlert({ error, title, testId }: { error: unknown; title?: string; testId?: string }) {
  const { t } = useI18n();
  const apiError = error instanceof ApiError ? error : undefined;
  const message =
    apiError?.code === 'NETWORK_ERROR' ? t('error.network') : error instanceof Error ? error.message : String(error);
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 16 }}
      title={title ?? message}
      description={
        <div data-testid={testId ?? 'form-error'} data-code={apiError?.code}>
          {title && <div>{message}</div>}
          {apiError && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('error.code')}: <Typography.Text code>{apiError.code}</Typography.Text>
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
    />
  );
}
