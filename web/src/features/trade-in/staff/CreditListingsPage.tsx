/**
 * 信用名单 (merchants.credit): the credit listings on record (经营异常名录, 失信被执行人名单) with their
 * source and dates, and a form to record one; a listing in force suspends the merchant's membership.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Select, Space, Table, Typography } from 'antd';
import { CREDIT_LISTS } from '../../../../../src/contract/trade-in';
import { formatMoment } from '../../../lib/datetime';
import { ErrorAlert } from '../../../lib/ui/ErrorAlert';
import { usePageTitle } from '../../../lib/ui/PageHeader';
import { useI18n } from '../../../lib/i18n/useI18n';
import { downloadXlsx } from '../../../lib/xlsx';
import { tradeInApi, type CreditListing } from '../api';
import { staffMessages } from './messages';

export default function CreditListingsPage() {
  const { t } = useI18n(staffMessages);
  usePageTitle(t('ts.credit.title'));
  const client = useQueryClient();
  const [form] = Form.useForm<CreditListing>();
  const list = useQuery({
    queryKey: ['trade-in', 'credit-listings'],
    queryFn: ({ signal }) => tradeInApi.creditListings(signal),
  });
  const record = useMutation({
    mutationFn: (listing: CreditListing) => tradeInApi.recordListings([listing]),
    onSuccess: () => {
      form.resetFields();
      void client.invalidateQueries({ queryKey: ['trade-in'] });
    },
  });
  const rows = list.data?.items ?? [];
  const submit = (v: CreditListing) =>
    record.mutate({
      creditCode: v.creditCode.trim().toUpperCase(),
      list: v.list,
      source: v.source.trim(),
      listedOn: v.listedOn,
      ...(v.removedOn ? { removedOn: v.removedOn } : {}),
    });
  const header = [
    t('ts.credit.creditCode'),
    t('ts.credit.list'),
    t('ts.credit.source'),
    t('ts.credit.listedOn'),
    t('ts.credit.removedOn'),
    t('ts.credit.recordedBy'),
    t('ts.credit.recordedAt'),
  ];
  return (
    <div data-testid="credit-listings-page">
      <Typography.Title level={3}>{t('ts.credit.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('ts.credit.intro')}</Typography.Paragraph>
      <Card size="small" title={t('ts.credit.add')} style={{ marginBottom: 16 }}>
        <Form
          form={form}
          layout="inline"
          onFinish={submit}
          initialValues={{ list: 'abnormal_operation', source: '国家企业信用信息公示系统' }}
        >
          <Form.Item name="creditCode" label={t('ts.credit.creditCode')} rules={[{ required: true, len: 18 }]}>
            <Input style={{ width: 200 }} data-testid="credit-code" />
          </Form.Item>
          <Form.Item name="list" label={t('ts.credit.list')} rules={[{ required: true }]}>
            <Select
              style={{ width: 180 }}
              data-testid="credit-list"
              options={CREDIT_LISTS.map((l) => ({ value: l, label: t(`ts.credit.list.${l}`) }))}
            />
          </Form.Item>
          <Form.Item name="source" label={t('ts.credit.source')} rules={[{ required: true, whitespace: true }]}>
            <Input style={{ width: 220 }} data-testid="credit-source" />
          </Form.Item>
          <Form.Item name="listedOn" label={t('ts.credit.listedOn')} rules={[{ required: true }]}>
            <Input type="date" data-testid="credit-listed-on" />
          </Form.Item>
          <Form.Item name="removedOn" label={t('ts.credit.removedOn')}>
            <Input type="date" data-testid="credit-removed-on" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={record.isPending} data-testid="credit-submit">
            {t('ts.credit.submit')}
          </Button>
        </Form>
        {record.error ? <ErrorAlert error={record.error} testId="credit-error" /> : null}
        {record.data && (
          <Alert
            style={{ marginTop: 12 }}
            type="success"
            showIcon
            data-testid="credit-result"
            title={t('ts.credit.done', { n: record.data.recorded, suspended: record.data.suspendedMemberships })}
          />
        )}
      </Card>
      <Space style={{ marginBottom: 8 }}>
        <Button
          data-testid="credit-export"
          onClick={() =>
            void downloadXlsx(
              'credit-listings.xlsx',
              t('ts.credit.title'),
              header,
              rows.map((r) => [
                r.creditCode,
                t(`ts.credit.list.${r.list}`),
                r.source,
                r.listedOn,
                r.removedOn ?? '',
                r.recordedBy,
                formatMoment(r.recordedAt),
              ]),
            )
          }
        >
          {t('ts.export')}
        </Button>
      </Space>
      {list.error ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
      <Table
        data-testid="credit-listings"
        rowKey={(r) => `${r.creditCode}-${r.list}-${r.listedOn}`}
        size="small"
        loading={list.isLoading}
        dataSource={rows}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t('ts.credit.creditCode'), dataIndex: 'creditCode' },
          { title: t('ts.credit.list'), render: (_, r) => t(`ts.credit.list.${r.list}`) },
          { title: t('ts.credit.source'), dataIndex: 'source' },
          { title: t('ts.credit.listedOn'), dataIndex: 'listedOn' },
          { title: t('ts.credit.removedOn'), render: (_, r) => r.removedOn ?? '—' },
          { title: t('ts.credit.recordedAt'), render: (_, r) => formatMoment(r.recordedAt) },
        ]}
      />
    </div>
  );
}
