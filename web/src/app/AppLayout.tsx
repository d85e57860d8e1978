import { Suspense, useEffect, useRef, useState } from 'react';
import { Layout, Skeleton, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, Outlet, useLocation } from 'react-router-dom';
import { invalidatePlanContent, planQueries } from '../features/plan/api';
import { useI18n } from '../lib/i18n/useI18n';
import { AppHeader } from './AppHeader';
import { ErrorBoundary } from './ErrorBoundary';
import { SideMenu } from './SideMenu';

/** When a new plan version is imported while the page is open, refetch what was cached. */
function useVersionWatch() {
  const client = useQueryClient();
  const { data } = useQuery(planQueries.overview());
  const seen = useRef<string | undefined>(undefined);
  const hash = data?.version.contentHash;
  useEffect(() => {
    if (hash && seen.current && seen.current !== hash) void invalidatePlanContent(client);
    seen.current = hash ?? seen.current;
  }, [hash, client]);
}

function Brand({ collapsed }: { collapsed: boolean }) {
  const { t } = useI18n();
  return (
    <Link to="/" className="brand">
      <img src="/favicon.svg" alt="" width={32} height={32} />
      {!collapsed && (
        <span className="brand-text">
          <span className="brand-name">{t('app.brand')}</span>
          <span className="brand-tagline">{t('app.tagline')}</span>
        </span>
      )}
    </Link>
  );
}

const narrow = () => window.matchMedia('(max-width: 991px)').matches;

export function AppLayout() {
  const { t } = useI18n();
  const { pathname } = useLocation();
  const [narrowScreen, setNarrowScreen] = useState(narrow);
  const [collapsed, setCollapsed] = useState(narrowScreen);
  useVersionWatch();

  useEffect(() => {
    window.scrollTo(0, 0);
  }, [pathname]);

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider
        width={220}
        collapsedWidth={narrowScreen ? 0 : 72}
        breakpoint="lg"
        collapsed={collapsed}
        onBreakpoint={(broken) => {
          setNarrowScreen(broken);
          setCollapsed(broken);
        }}
        trigger={null}
        className="app-sider"
      >
        <div className="app-sider-inner">
          <Brand collapsed={collapsed} />
          <SideMenu onNavigate={() => narrowScreen && setCollapsed(true)} />
        </div>
      </Layout.Sider>
      <Layout>
        <Layout.Header className="app-header">
          <AppHeader collapsed={collapsed} onToggle={() => setCollapsed(!collapsed)} />
        </Layout.Header>
        <Layout.Content className="app-content">
          <ErrorBoundary key={pathname}>
            <Suspense
              fallback={
                // drawn as a borderless card, without pulling Card (and its Tabs) into the first load
                <div className="page-fallback">
                  <Skeleton active paragraph={{ rows: 8 }} />
                </div>
              }
            >
              <Outlet />
            </Suspense>
          </ErrorBoundary>
        </Layout.Content>
        <Layout.Footer className="app-footer">
          <Typography.Text type="secondary">{t('shell.footer')}</Typography.Text>
        </Layout.Footer>
      </Layout>
    </Layout>
  );
}
