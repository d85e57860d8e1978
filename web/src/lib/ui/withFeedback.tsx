import type { ComponentType } from 'react';
import { App } from 'antd';

/**
 * Gives a page (and its drawers and dialogs) themed, localised `message` and `modal` through
 * App.useApp(). Kept at page level so their code loads with the pages that use them, not on every page.
 */
export function withFeedback<P extends object>(Page: ComponentType<P>): ComponentType<P> {
  function WithFeedback(props: P) {
    return (
      <App component={false}>
        <Page {...props} />
      </App>
    );
  }
  WithFeedback.displayName = `withFeedback(${Page.displayName ?? Page.name})`;
  return WithFeedback;
}
