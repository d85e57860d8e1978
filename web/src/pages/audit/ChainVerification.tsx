import { Button, Card, Result, Typography } from 'antd';
import type { AuditVerification } from '../../api/accessTypes';
import { useI18n } from '../../i18n/useI18n';

/** The answer of 校验审计链: green with the count and head hash, or red naming the first broken entry. */
export function ChainVerification({ result, onClose }: { result: AuditVerification; onClose: () => void }) {
  const { t, lang } = useI18n();
  const headHash = result.lastHash ?? result.head.hash;
  const close = (
    <Button key="close" onClick={onClose}>
      {t('common.close')}
    </Button>
  );
  if (result.ok || !result.firstBroken) {
    return (
      <Card variant="borderless" data-testid="audit-verification" data-ok="true">
        <Result
          status="success"
          title={t('audit.verifyOk')}
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
    <Card variant="borderless" data-testid="audit-verification" data-ok="false">
      <Result
        status="error"
        title={t('audit.verifyBroken', { sequence: broken.sequence })}
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
