/**
 * 商户入驻审核 (merchants.approve): the applications in the officer's county (or the city), waiting
 * first; approve, or refuse with a reason the merchant reads. The list exports to .xlsx.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Input, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { MembershipState } from '../../../../../src/contract/trade-in';
import { useUnitIndex } from '../../plan/lookups';
import { formatMoment } from '../../../lib/datetime';
import { ErrorAlert } from '../../../lib/ui/ErrorAlert';
import { usePageTitle } from '../../../lib/ui/PageHeader';
import { useI18n } from '../../../lib/i18n/useI18n';
import { downloadXlsx } from '../../../lib/xlsx';
import { tradeInApi, type MembershipView } from '../api';
import { labelOf, MEMBERSHIP_COLOURS } from '../labels';
import { merchantMessages } from '../merchant/messages';
import { tradeInMessages } from '../messages';
import { staffMessages } from './messages';

function Decide({ m }: { m: MembershipView }) {
  const { t } = useI18n(staffMessages);
  const tm = useI18n(merchantMessages).t;
  const { message } = App.useApp();
  const client = useQueryClient();
  const [reason, setReason] = useState('');
  const decide = useMutation({
    mutationFn: (decision: 'approve' | 'refuse') =>
      tradeInApi.decide(m.id, decision === 'refuse' ? { decision, reason: reason.trim() } : { decision }),
    onSuccess: (answer) => {
      void message.success(t('ts.review.done', { merchant: answer.merchantName, state: tm(`tm.ms.${answer.state}`) }));
      void client.invalidateQueries({ queryKey: ['trade-in', 'memberships'] });
    },
  });
  return (
    <Space direction="vertical" size={4}>
      <Space wrap>
        <Button
          size="small"
          type="primary"
          loading={decide.isPending}
          onClick={() => decide.mutate('approve')}
          data-testid="membership-approve"
        >
          {t('ts.review.approve')}
        </Button>
        <Input
          size="small"
          style={{ width: 200 }}
          placeholder={t('ts.review.refuseReason')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          data-testid="membership-refuse-reason"
        />
        <Button
          size="small"
          danger
          disabled={reason.trim() === ''}
          onClick={() => decide.mutate('refuse')}
          data-testid="membership-refuse"
        >
          {t('ts.review.refuse')}
        </Button>
      </Space>
      {decide.error ? <ErrorAlert error={decide.error} testId="membership-decide-error" /> : null}
    </Space>
  );
}

export default function MembershipReviewPage() {
  const { t } = useI18n(staffMessages);
  const tm = useI18n(merchantMessages).t;
  const ti = useI18n(tradeInMessages).t;
  usePageTitle(t('ts.review.title'));
  const units = useUnitIndex();
  const unitName = (id: string) => units.get(id)?.name ?? id;
  const [state, setState] = useState<MembershipState | 'all'>('applied');
  const list = useQuery({
    queryKey: ['trade-in', 'memberships', 'review', state],
    queryFn: ({ signal }) => tradeInApi.memberships({ ...(state === 'all' ? {} : { state }), limit: 200 }, signal),
  });
  const rows = list.data?.items ?? [];
  const header = [
    t('ts.review.merchant'),
    t('ts.review.creditCode'),
    t('ts.review.lines'),
    t('ts.review.units'),
    t('ts.review.categories'),
    t('ts.review.stores'),
    t('ts.review.account'),
    t('ts.review.state'),
    t('ts.review.reason'),
    t('ts.review.appliedAt'),
  ];
  return (
    <div data-testid="membership-review-page">
      <Typography.Title level={3}>{t('ts.review.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('ts.review.intro')}</Typography.Paragraph>
      <Space style={{ marginBottom: 12 }} wrap>
        <Segmented
          data-testid="membership-review-filter"
          value={state}
          onChange={(v) => setState(v as MembershipState | 'all')}
          options={[
            ...(['applied', 'approved', 'refused', 'suspended'] as const).map((s) => ({
              value: s,
              label: tm(`tm.ms.${s}`),
            })),
            { value: 'all', label: tm('tm.filter.all') },
          ]}
        />
        <Button
          data-testid="membership-review-export"
          onClick={() =>
            void downloadXlsx(
              'membership-applications.xlsx',
              t('ts.review.title'),
              header,
              rows.map((m) => [
                m.merchantName,
                m.creditCode,
                m.lines.map((l) => labelOf(ti, 'line', l)).join('、'),
                m.units.map(unitName).join('、'),
                m.categories.map((c) => labelOf(ti, 'cat', c)).join('、'),
                m.stores.join('；'),
                `${m.bankName} ${m.bankAccountName} ${m.bankAccount}`,
                tm(`tm.ms.${m.state}`),
                m.reason ?? '',
                formatMoment(m.createdAt),
              ]),
            )
          }
        >
          {t('ts.export')}
        </Button>
      </Space>
      {list.error ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
      <Table
        data-testid="membership-review"
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={rows}
        scroll={{ x: true }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        onRow={(m) => ({ 'data-testid': `membership-${m.id}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: t('ts.review.merchant'),
            render: (_, m) => (
              <div>
                <div>{m.merchantName}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {m.creditCode}
                </Typography.Text>
              </div>
            ),
          },
          { title: t('ts.review.lines'), render: (_, m) => m.lines.map((l) => labelOf(ti, 'line', l)).join('、') },
          { title: t('ts.review.units'), render: (_, m) => m.units.map(unitName).join('、') },
          {
            title: t('ts.review.categories'),
            render: (_, m) => m.categories.map((c) => labelOf(ti, 'cat', c)).join('、'),
          },
          { title: t('ts.review.stores'), render: (_, m) => m.stores.join('；') },
          {
            title: t('ts.review.account'),
            render: (_, m) => `${m.bankName} · ${m.bankAccountName} · ${m.bankAccount}`,
          },
          { title: t('ts.review.appliedAt'), render: (_, m) => formatMoment(m.createdAt) },
          {
            title: t('ts.review.state'),
            render: (_, m) => (
              <Space direction="vertical" size={2}>
                <Tag color={MEMBERSHIP_COLOURS[m.state]} data-testid="membership-state">
                  {tm(`tm.ms.${m.state}`)}
                </Tag>
                {m.reason && <Typography.Text type="secondary">{m.reason}</Typography.Text>}
              </Space>
            ),
          },
          { title: '', render: (_, m) => (m.state === 'applied' ? <Decide m={m} /> : null) },
        ]}
      />
    </div>
  );
}
