import { Component, lazy, Suspense, type ErrorInfo, type ReactNode } from 'react';
import { sharedMessages } from '../lib/i18n/shared';

// The crash screen (antd Result) is needed only after a crash: it loads then, not with the frame.
const CrashScreen = lazy(() => import('./CrashScreen').then((m) => ({ default: m.CrashScreen })));

/** If even the crash screen cannot load (the network is gone), plain words and a reload link. */
class PlainCrash extends Component<{ error: Error; children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    const zh = document.documentElement.lang !== 'en';
    const text = (key: 'error.crashTitle' | 'error.crashHint' | 'common.reload') =>
      zh ? sharedMessages[key].zh : sharedMessages[key].en;
    return (
      <div role="alert" style={{ padding: 48, textAlign: 'center' }}>
        <h2>{text('error.crashTitle')}</h2>
        <p>{text('error.crashHint')}</p>
        <pre style={{ whiteSpace: 'pre-wrap' }}>{`${this.props.error.name}: ${this.props.error.message}`}</pre>
        <a href={window.location.href}>{text('common.reload')}</a>
      </div>
    );
  }
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
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <PlainCrash error={error}>
        <Suspense fallback={null}>
          <CrashScreen error={error} />
        </Suspense>
      </PlainCrash>
    );
  }
}
