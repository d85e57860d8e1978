/**
 * 入驻申请 (merchants.join): the owner applies for the merchant to take part in lines and counties,
 * with its categories, stores and a bank account in the merchant's own name; below, the merchant's
 * applications with their state and the reason of a refusal or suspension. Exported to .xlsx.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { TRADE_IN_LINES } from '../../../../../src/contract/trade-in';
import { useSession } from '../../accounts/session';
import { useUnitIndex } from '../../plan/lookups';
import { formatMoment } from '../../../lib/datetime';
import { ErrorAlert } from '../../../lib/ui/ErrorAlert';
import { usePageTitle } from '../../../lib/ui/PageHeader';
import { useI18n } from '../../../lib/i18n/useI18n';
import { downloadXlsx } from '../../../lib/xlsx';
import { CATEGORIES, tradeInApi, type MembershipApplication } from '../api';
import { labelOf, MEMBERSHIP_COLOURS } from '../labels';
import { tradeInMessages } from '../messages';
import { merchantMessages } from './messages';

/** The application as the form holds it: the stores typed one a line. */
type Values = Omit<MembershipApplication, 'stores'> & { stores: string };

export default function MembershipPage() {
  const { t } = useI18n(merchantMessages);
  const ti = useI18n(tradeInMessages).t;
  usePageTitle(t('tm.membership.title'));
  const { session } = useSession();
  const client = useQueryClient();
  const units = useUnitIndex();
  const [form] = Form.useForm<Values>();
  const [done, setDone] = useState(false);
  const merchants = (session?.account.roles ?? [])
    .filter((r) => r.role === 'merchant_owner' && r.organisation?.kind === 'merchant')
    .map((r) => ({ value: r.organisation?.id ?? '', label: r.organisation?.name ?? '' }));
  const mine = useQuery({
    queryKey: ['trade-in', 'memberships', 'mine'],
    queryFn: ({ signal }) => tradeInApi.memberships({ limit: 200 }, signal),
  });
  const own = new Set(merchants.map((m) => m.value));
  const rows = (mine.data?.items ?? []).filter((m) => own.has(m.merchantId));
  const apply = useMutation({
    mutationFn: (application: MembershipApplication) => tradeInApi.apply(application),
    onMutate: () => setDone(false),
    onSuccess: () => {
      setDone(true);
      void client.invalidateQueries({ queryKey: ['trade-in', 'memberships'] });
    },
  });
  const submit = (v: Values) =>
    apply.mutate({
      merchantId: v.merchantId,
      lines: v.lines,
      units: v.units,
      categories: v.categories,
      stores: v.stores
        .split('\n')
        .map((s) => s.trim())
        .filter(Boolean),
      bankAccountName: v.bankAccountName.trim(),
      bankAccount: v.bankAccount.trim(),
      bankName: v.bankName.trim(),
    });
  const unitName = (id: string) => units.get(id)?.name ?? id;
  const header = [
    t('tm.membership.merchant'),
    t('tm.membership.lines'),
    t('tm.membership.units'),
    t('tm.membership.categories'),
    t('tm.membership.bankAccount'),
    t('tm.membership.state'),
    t('tm.membership.reason'),
    t('tm.membership.appliedAt'),
    t('tm.membership.decidedAt'),
  ];

  return (
    <div style={{ maxWidth: 960 }} data-testid="membership-page">
      <Typography.Title level={3}>{t('tm.membership.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('tm.membership.intro')}</Typography.Paragraph>
      <Card size="small">
        <Form
          form={form}
          layout="vertical"
          onFinish={submit}
          initialValues={{
            merchantId: merchants[0]?.value,
            lines: ['appliance'],
            bankAccountName: merchants[0]?.label,
          }}
        >
          <Form.Item name="merchantId" label={t('tm.membership.merchant')} rules={[{ required: true }]}>
            <Select options={merchants} data-testid="membership-merchant" />
          </Form.Item>
          <Form.Item name="lines" label={t('tm.membership.lines')} rules={[{ required: true }]}>
            <Select
              mode="multiple"
              data-testid="membership-lines"
              options={TRADE_IN_LINES.map((l) => ({ value: l, label: labelOf(ti, 'line', l) }))}
            />
          </Form.Item>
          <Form.Item name="units" label={t('tm.membership.units')} rules={[{ required: true }]}>
            <Select
              mode="multiple"
              data-testid="membership-units"
              optionFilterProp="label"
              options={[...units.values()].map((u) => ({ value: u.id, label: u.name }))}
            />
          </Form.Item>
          <Form.Item name="categories" label={t('tm.membership.categories')} rules={[{ required: true }]}>
            <Select
              mode="tags"
              data-testid="membership-categories"
              options={Object.values(CATEGORIES)
                .flat()
                .map((c) => ({ value: c, label: labelOf(ti, 'cat', c) }))}
            />
          </Form.Item>
          <Form.Item name="stores" label={t('tm.membership.stores')} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea autoSize={{ minRows: 2 }} data-testid="membership-stores" />
          </Form.Item>
          <Space wrap align="start">
            <Form.Item name="bankAccountName" label={t('tm.membership.bankAccountName')} rules={[{ required: true }]}>
              <Input style={{ width: 240 }} data-testid="membership-account-name" />
            </Form.Item>
            <Form.Item
              name="bankAccount"
              label={t('tm.membership.bankAccount')}
              rules={[{ required: true, pattern: /^[\d\s-]{12,40}$/ }]}
            >
              <Input style={{ width: 240 }} inputMode="numeric" data-testid="membership-account" />
            </Form.Item>
            <Form.Item name="bankName" label={t('tm.membership.bankName')} rules={[{ required: true }]}>
              <Input style={{ width: 240 }} data-testid="membership-bank" />
            </Form.Item>
          </Space>
          <Button type="primary" htmlType="submit" loading={apply.isPending} data-testid="membership-submit">
            {t('tm.membership.submit')}
          </Button>
        </Form>
        {apply.error ? <ErrorAlert error={apply.error} testId="membership-error" /> : null}
        {done && <Alert style={{ marginTop: 12 }} type="success" showIcon title={t('tm.membership.done')} />}
      </Card>
      <Space style={{ marginTop: 16, marginBottom: 8 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('tm.membership.mine')}
        </Typography.Title>
        <Button
          size="small"
          data-testid="memberships-export"
          onClick={() =>
            void downloadXlsx(
              'memberships.xlsx',
              t('tm.membership.mine'),
              header,
              rows.map((m) => [
                m.merchantName,
                m.lines.map((l) => labelOf(ti, 'line', l)).join('、'),
                m.units.map(unitName).join('、'),
                m.categories.map((c) => labelOf(ti, 'cat', c)).join('、'),
                m.bankAccount,
                t(`tm.ms.${m.state}`),
                m.reason ?? '',
                formatMoment(m.createdAt),
                formatMoment(m.decidedAt),
              ]),
            )
          }
        >
          {t('tm.export')}
        </Button>
      </Space>
      {mine.error ? <ErrorAlert error={mine.error} onRetry={() => void mine.refetch()} /> : null}
      <Table
        data-testid="my-memberships"
        rowKey="id"
        size="small"
        dataSource={rows}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        onRow={(m) => ({ 'data-testid': `membership-${m.id}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('tm.membership.appliedAt'), render: (_, m) => formatMoment(m.createdAt) },
          { title: t('tm.membership.lines'), render: (_, m) => m.lines.map((l) => labelOf(ti, 'line', l)).join('、') },
          { title: t('tm.membership.units'), render: (_, m) => m.units.map(unitName).join('、') },
          { title: t('tm.membership.bankAccount'), dataIndex: 'bankAccount' },
          {
            title: t('tm.membership.state'),
            render: (_, m) => (
              <Tag color={MEMBERSHIP_COLOURS[m.state]} data-testid="membership-state">
                {t(`tm.ms.${m.state}`)}
              </Tag>
            ),
          },
          { title: t('tm.membership.reason'), render: (_, m) => m.reason ?? '—' },
          { title: t('tm.membership.decidedAt'), render: (_, m) => formatMoment(m.decidedAt) },
        ]}
      />
    </div>
  );
}
