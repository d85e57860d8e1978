import { Component, type ErrorInfo, type ReactNode } from 'react';
import { Button, Result, Typography } from 'antd';
import { ApiError } from '../lib/api/client';
import { useI18n } from '../lib/i18n/useI18n';

function CrashScreen({ error }: { error: Error }) {
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

/** Catches render errors below it; give it a key (e.g. the path) to reset it on navigation. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: unknown) {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error('Render error', error, info.componentStack);
  }

  override render() {
    return this.state.error ? <CrashScreen error={this.state.error} /> : this.props.children;
  }
}
