import { Tag, Tooltip } from 'antd';
import { CheckCircleOutlined, ExclamationCircleOutlined } from '@ant-design/icons';
import type { CreditCodeStatus } from '../api/merchants';
import { useAccountsI18n } from '../messages';

export function CreditCodeStatusTag({ status }: { status: CreditCodeStatus }) {
  const { t } = useAccountsI18n();
  if (status === 'verified') {
    return (
      <Tag color="green" icon={<CheckCircleOutlined />}>
        {t('creditCodeStatus.verified')}
      </Tag>
    );
  }
  return (
    <Tooltip title={t('merchants.manualHint')}>
      <Tag color="warning" icon={<ExclamationCircleOutlined />} data-testid="credit-code-manual">
        {t('creditCodeStatus.needs_manual_verification')}
      </Tag>
    </Tooltip>
  );
}
