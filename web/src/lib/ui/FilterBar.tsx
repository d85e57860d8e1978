import type { ReactNode } from 'react';
import { Button, Card, Flex, Typography } from 'antd';
import { ClearOutlined, DownloadOutlined } from '@ant-design/icons';
import { useI18n } from '../i18n/useI18n';

/** The row of filters above a table, with the row count, a reset and the Excel export. */
export function FilterBar({
  children,
  count,
  active,
  onClear,
  onExport,
}: {
  children: ReactNode;
  count: number;
  active: boolean;
  onClear: () => void;
  onExport: () => void;
}) {
  const { t } = useI18n();
  return (
    <Card variant="borderless" size="small">
      <Flex gap={8} wrap align="center" justify="space-between">
        <Flex gap={8} wrap align="center">
          {children}
          {active && (
            <Button icon={<ClearOutlined />} onClick={onClear}>
              {t('common.resetFilters')}
            </Button>
          )}
        </Flex>
        <Flex gap={12} align="center">
          <Typography.Text type="secondary">{t('common.count', { n: count })}</Typography.Text>
          <Button type="primary" icon={<DownloadOutlined />} onClick={onExport} data-testid="export-excel">
            {t('common.exportExcel')}
          </Button>
        </Flex>
      </Flex>
    </Card>
  );
}
