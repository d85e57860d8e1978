import { Button, Card, Result, Typography } from 'antd';
import type { ChainReport } from './api';
import { useAuditI18n } from './messages';

/**
 * The answer of 校验审计链 for one chain: green with the count and head hash, or red naming the first
 * broken entry. `chain` says which: the audit log or the security log.
 */
export function ChainVerification({
  result,
  chain = 'audit',
  onClose,
}: {
  result: ChainReport;
  chain?: 'audit' | 'security';
  onClose?: () => void;
}) {
  const { t, lang } = useAuditI18n();
  const headHash = result.lastHash ?? result.head.hash;
  const testId = chain === 'audit' ? 'audit-verification' : 'security-verification';
  const close =
    onClose === undefined ? undefined : (
      <Button key="close" onClick={onClose}>
        {t('common.close')}
      </Button>
    );
  if (result.ok || !result.firstBroken) {
    return (
      <Card variant="borderless" data-testid={testId} data-ok="true">
        <Result
          status="success"
          title={t(chain === 'audit' ? 'audit.verifyOk' : 'security.verifyOk')}
          subTitle={
            <span style={{ wordBreak: 'break-all' }}>
              {t('audit.verifyOkDetail', { n: result.checked, hash: headHash || '—' })}
            </span>
          }
          extra={close}
        />
      </Card>
    );
  }
  const broken = result.firstBroken;
  return (
    <Card variant="borderless" data-testid={testId} data-ok="false">
      <Result
        status="error"
        title={t(chain === 'audit' ? 'audit.verifyBroken' : 'security.verifyBroken', { sequence: broken.sequence })}
        subTitle={t('audit.verifyBrokenDetail', {
          n: result.checked,
          message: lang === 'en' ? broken.messageEn : broken.message,
        })}
        extra={close}
      >
        <Typography.Text type="secondary">
          <Typography.Text code>{broken.problem}</Typography.Text>
        </Typography.Text>
      </Result>
    </Card>
  );
}
