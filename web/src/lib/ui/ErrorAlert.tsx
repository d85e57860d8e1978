import { Alert, Button, Typography } from 'antd';
import { ApiError } from '../api/client';
import { describeError, type ErrorText } from '../api/errorText';
import { useI18n } from '../i18n/useI18n';

/** The line under the message: stable code, HTTP status, the field named, the request id to quote. */
function Particulars({ error, status }: { error: ApiError; status: boolean }) {
  const { t } = useI18n();
  const parts = [
    status && error.status > 0 && ` · HTTP ${error.status}`,
    error.field && (
      <span key="field">
        {' · '}
        {t('error.field')}: <Typography.Text code>{error.field}</Typography.Text>
      </span>
    ),
  ];
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
      {t('error.code')}: <Typography.Text code>{error.code}</Typography.Text>
      {parts}
      {error.requestId && (
        <>
          {' · '}
          {t('error.requestId')}:{' '}
          <Typography.Text copyable code>
            {error.requestId}
          </Typography.Text>
        </>
      )}
    </Typography.Text>
  );
}

/**
 * The one way a failed request is shown.
 * - A failed load (no `testId`): 数据加载失败, the message, the particulars, and a retry when the same
 *   request may succeed next time (network and server failures, not a 4xx).
 * - A refused action (`testId`, for forms and buttons): a sentence in the interface's language first
 *   (describeError's, or the feature's own `text` for codes only it meets), then the server's words,
 *   the particulars (not for a network failure: the sentence says it all).
 */
export function ErrorAlert({
  error,
  onRetry,
  testId,
  text,
}: {
  error: unknown;
  onRetry?: () => void;
  /** A refused action's alert: its test id (the title's is `${testId}-title`). */
  testId?: string;
  /** What to say about a refused action, when the feature has words of its own. */
  text?: ErrorText;
}) {
  const { t, lang } = useI18n();
  const apiError = error instanceof ApiError ? error : undefined;

  if (testId === undefined) {
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
            {apiError && <Particulars error={apiError} status />}
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

  const { title, detail } = text ?? describeError(error, lang, t);
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 16 }}
      title={<span data-testid={`${testId}-title`}>{title}</span>}
      description={
        <div data-testid={testId} data-code={apiError?.code}>
          {detail && detail !== title && <div>{detail}</div>}
          {apiError && apiError.code !== 'NETWORK_ERROR' && <Particulars error={apiError} status={false} />}
        </div>
      }
    />
  );
}
