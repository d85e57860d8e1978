import { Alert, Typography } from 'antd';
import { ApiError } from '../lib/api/client';
import { describeError } from '../lib/api/errorText';
import { useI18n } from '../lib/i18n/useI18n';

/**
 * A refused form submission: a sentence in the interface's language first, then the server's own
 * words, its code and the request id (to quote when asking for help).
 */
export function FormErrorAlert({ error, testId }: { error: unknown; testId?: string }) {
  const { t, lang } = useI18n();
  const apiError = error instanceof ApiError ? error : undefined;
  const { title, detail } = describeError(error, lang, t);
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 16 }}
      title={<span data-testid={`${testId ?? 'form-error'}-title`}>{title}</span>}
      description={
        <div data-testid={testId ?? 'form-error'} data-code={apiError?.code}>
          {detail && detail !== title && <div>{detail}</div>}
          {apiError && apiError.code !== 'NETWORK_ERROR' && (
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
