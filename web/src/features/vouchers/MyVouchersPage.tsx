/**
 * 我的消费券 (vouchers.claim), phone-width: each voucher with its 满X减Y, the campaign, its state and
 * validity; a usable one shows its code as a QR (the trade-in qualification's QrCode) and as text to key in.
 */
import { useQuery } from '@tanstack/react-query';
import { Card, Empty, Space, Tag, Typography } from 'antd';
import { formatShanghai } from '../../lib/datetime';
import { Loaded } from '../../lib/ui/Loaded';
import { usePageTitle } from '../../lib/ui/PageHeader';
import { QrCode } from '../trade-in/QrCode';
import { voucherQueries, type OwnVoucherView } from './api';
import { denominationText } from './format';
import { useVouchersI18n } from './messages';

const STATE_COLOUR: Record<OwnVoucherView['state'], string> = {
  issued: 'green',
  redeemed: 'blue',
  expired: 'default',
  refunded: 'default',
};

/** ABCD EFGH JKLM: the code in fours, for reading aloud or keying in. */
export function codeInFours(code: string): string {
  return code.replace(/(.{4})(?=.)/g, '$1 ');
}

function VoucherCard({ voucher }: { voucher: OwnVoucherView }) {
  const { t } = useVouchersI18n();
  return (
    <Card size="small" data-testid="my-voucher" data-code={voucher.code} data-state={voucher.state}>
      <Space direction="vertical" size={4} style={{ width: '100%' }}>
        <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
          <Typography.Text strong style={{ fontSize: 18, color: '#cf1322' }} data-testid="my-voucher-rule">
            {denominationText(t, voucher)}
          </Typography.Text>
          <Tag color={STATE_COLOUR[voucher.state]} data-testid="my-voucher-state">
            {t(`vo.voucher.${voucher.state}`)}
          </Tag>
        </Space>
        <Typography.Text type="secondary">{voucher.campaignName}</Typography.Text>
        {voucher.usable && (
          <div style={{ textAlign: 'center' }}>
            <QrCode text={voucher.code} testId="my-voucher-qr" />
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
              {t('vo.mine.show')}
            </Typography.Text>
          </div>
        )}
        <Typography.Text>
          {t('vo.mine.code')}:{' '}
          <Typography.Text strong copyable={{ text: voucher.code }} data-testid="my-voucher-code" code>
            {codeInFours(voucher.code)}
          </Typography.Text>
        </Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('vo.mine.validUntil')} {formatShanghai(voucher.validUntil)}
        </Typography.Text>
      </Space>
    </Card>
  );
}

export default function MyVouchersPage() {
  const { t } = useVouchersI18n();
  usePageTitle(t('vo.mine.title'));
  const vouchers = useQuery(voucherQueries.mine());
  return (
    <div style={{ maxWidth: 480, margin: '0 auto' }} data-testid="my-vouchers-page">
      <Typography.Title level={3}>{t('vo.mine.title')}</Typography.Title>
      <Loaded query={vouchers}>
        {(items) =>
          items.length === 0 ? (
            <Empty description={t('vo.mine.empty')} />
          ) : (
            <Space direction="vertical" style={{ width: '100%' }}>
              {items.map((voucher) => (
                <VoucherCard key={voucher.code} voucher={voucher} />
              ))}
            </Space>
          )
        }
      </Loaded>
    </div>
  );
}
