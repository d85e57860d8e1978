import { Alert, Button, Card, Flex, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import type { AuditStatementView } from '../../../../src/contract/audit';
import { formatShanghai } from '../../lib/datetime';
import { useAuditI18n } from './messages';
import { downloadStatement } from './statement';

/** A signed statement of the chains' heads, just published or fetched: what it says, and its download. */
export function StatementCard({ statement, onClose }: { statement: AuditStatementView; onClose: () => void }) {
  const { t } = useAuditI18n();
  return (
    <Card variant="borderless" data-testid="audit-statement" title={t('audit.statementTitle')}>
      <Flex vertical gap={12}>
        <Typography.Text data-testid="audit-statement-detail">
          {t('audit.statementDetail', {
            time: formatShanghai(statement.issuedAt),
            audit: statement.chains.audit.sequence,
            security: statement.chains.security.sequence,
            keyId: statement.keyId,
          })}
        </Typography.Text>
        <Alert type="info" showIcon title={t('audit.statementNote')} />
        <Flex gap={8}>
          <Button
            type="primary"
            icon={<DownloadOutlined />}
            onClick={() => downloadStatement(statement)}
            data-testid="audit-statement-download"
          >
            {t('audit.download')}
          </Button>
          <Button onClick={onClose}>{t('common.close')}</Button>
        </Flex>
      </Flex>
    </Card>
  );
}
