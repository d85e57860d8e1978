import { useEffect, type ReactNode } from 'react';
import { Breadcrumb, Flex, Typography, type BreadcrumbProps } from 'antd';
import { useI18n } from '../i18n/useI18n';

/** Sets the browser tab's title: "<page> · 惠民". */
export function usePageTitle(title: string | undefined) {
  const { t } = useI18n();
  useEffect(() => {
    const app = `${t('app.name')} · ${t('app.city')}`;
    document.title = title ? `${title} · ${app}` : app;
  }, [title, t]);
}

export function PageHeader({
  title,
  subtitle,
  extra,
  breadcrumb,
}: {
  title: ReactNode;
  subtitle?: ReactNode;
  extra?: ReactNode;
  breadcrumb?: BreadcrumbProps['items'];
}) {
  return (
    <div className="page-header">
      {breadcrumb && <Breadcrumb items={breadcrumb} style={{ marginBottom: 8 }} />}
      <Flex justify="space-between" align="flex-start" gap={16} wrap>
        <div style={{ minWidth: 0, flex: '1 1 480px' }}>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {title}
          </Typography.Title>
          {subtitle && (
            <Typography.Paragraph type="secondary" style={{ margin: '6px 0 0' }}>
              {subtitle}
            </Typography.Paragraph>
          )}
        </div>
        {extra && (
          <Flex gap={8} wrap>
            {extra}
          </Flex>
        )}
      </Flex>
    </div>
  );
}
