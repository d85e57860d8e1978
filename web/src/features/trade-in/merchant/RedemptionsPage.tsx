/**
 * 核销记录 (trade_in.read; returns need trade_in.redeem): the merchant's redemptions with state, price,
 * subsidy and what the citizen paid, filtered by state, exported to .xlsx; 退货 opens the return
 * dialog, which shows what is refunded before it is confirmed.
 */
import { useQuery } from '@tanstack/react-query';
import { Button, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { REDEMPTION_STATES, type RedemptionState } from '../../../../../src/contract/trade-in';
import { hasPermission } from '../../accounts/access';
import { useSession } from '../../accounts/session';
import { formatShanghai } from '../../../lib/datetime';
import { ErrorAlert } from '../../../lib/ui/ErrorAlert';
import { usePageTitle } from '../../../lib/ui/PageHeader';
import { useI18n } from '../../../lib/i18n/useI18n';
import { formatFen, yuanPlain } from '../../../lib/money';
import { downloadXlsx } from '../../../lib/xlsx';
import { tradeInApi, type RedemptionView } from '../api';
import { labelOf } from '../labels';
import { tradeInMessages } from '../messages';
import { merchantMessages } from './messages';
import { ReturnModal } from './ReturnModal';

const STATE_COLOURS: Record<RedemptionState, string> = {
  redeemed: 'blue',
  partially_returned: 'orange',
  returned: 'default',
  settled: 'green',
};

export default function RedemptionsPage() {
  const { t, lang } = useI18n(merchantMessages);
  const ti = useI18n(tradeInMessages).t;
  const { session } = useSession();
  usePageTitle(t('tm.redemptions.title'));
  const [state, setState] = useState<RedemptionState | undefined>(undefined);
  const [returning, setReturning] = useState<RedemptionView | null>(null);
  const list = useQuery({
    queryKey: ['trade-in', 'redemptions', state],
    queryFn: ({ signal }) => tradeInApi.redemptions({ ...(state ? { state } : {}), limit: 200 }, signal),
  });
  const rows = list.data?.items ?? [];
  const mayReturn = hasPermission(session, 'trade_in.redeem');

  const exportRows = () =>
    void downloadXlsx(
      'redemptions.xlsx',
      t('tm.redemptions.title'),
      [
        t('tm.col.date'),
        t('tm.col.id'),
        t('tm.col.citizen'),
        t('tm.col.category'),
        t('tm.col.model'),
        t('tm.col.serial'),
        t('tm.col.invoice'),
        t('tm.col.price'),
        t('tm.col.subsidy'),
        t('tm.col.pay'),
        t('tm.col.returned'),
        t('tm.col.state'),
        t('tm.col.settlement'),
      ],
      rows.map((r) => [
        formatShanghai(r.createdAt),
        r.id,
        r.citizenName,
        labelOf(ti, 'cat', r.category),
        r.model,
        r.serialNumber,
        r.invoiceNumber,
        yuanPlain(r.finalPriceFen),
        yuanPlain(r.subsidyFen),
        yuanPlain(r.payFen),
        yuanPlain(r.returnedPriceFen),
        labelOf(ti, 'state', r.state),
        r.settlementId ?? '',
      ]),
    );

  return (
    <div data-testid="merchant-redemptions-page">
      <Typography.Title level={3}>{t('tm.redemptions.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('tm.redemptions.intro')}</Typography.Paragraph>
      <Space style={{ marginBottom: 12 }} wrap>
        <Select
          data-testid="redemptions-state"
          style={{ width: 160 }}
          value={state ?? 'all'}
          onChange={(value: string) => setState(value === 'all' ? undefined : (value as RedemptionState))}
          options={[
            { value: 'all', label: t('tm.filter.all') },
            ...REDEMPTION_STATES.map((s) => ({ value: s, label: labelOf(ti, 'state', s) })),
          ]}
        />
        <Button data-testid="redemptions-export" onClick={exportRows}>
          {t('tm.export')}
        </Button>
      </Space>
      {list.error ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
      <Table
        data-testid="merchant-redemptions"
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={rows}
        scroll={{ x: true }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        onRow={(r) => ({ 'data-testid': `redemption-${r.id}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('tm.col.date'), render: (_, r) => formatShanghai(r.createdAt) },
          { title: t('tm.col.citizen'), dataIndex: 'citizenName' },
          { title: t('tm.col.category'), render: (_, r) => labelOf(ti, 'cat', r.category) },
          { title: t('tm.col.model'), dataIndex: 'model' },
          { title: t('tm.col.serial'), dataIndex: 'serialNumber' },
          { title: t('tm.col.price'), align: 'right', render: (_, r) => formatFen(r.finalPriceFen, lang) },
          {
            title: t('tm.col.subsidy'),
            align: 'right',
            render: (_, r) => <span data-testid="redemption-subsidy">{formatFen(r.subsidyFen, lang)}</span>,
          },
          { title: t('tm.col.pay'), align: 'right', render: (_, r) => formatFen(r.payFen, lang) },
          {
            title: t('tm.col.returned'),
            align: 'right',
            render: (_, r) => (r.returnedPriceFen > 0 ? formatFen(r.returnedPriceFen, lang) : '—'),
          },
          {
            title: t('tm.col.state'),
            render: (_, r) => (
              <Tag color={STATE_COLOURS[r.state]} data-testid="redemption-state">
                {labelOf(ti, 'state', r.state)}
              </Tag>
            ),
          },
          ...(mayReturn
            ? [
                {
                  title: t('tm.col.action'),
                  render: (_: unknown, r: RedemptionView) =>
                    r.state === 'returned' ? null : (
                      <Button size="small" danger data-testid="redemption-return" onClick={() => setReturning(r)}>
                        {t('tm.return.action')}
                      </Button>
                    ),
                },
              ]
            : []),
        ]}
      />
      {returning && <ReturnModal redemption={returning} onClose={() => setReturning(null)} />}
    </div>
  );
}
