/**
 * 补贴发放 (claims.pay): build a payout batch of the approved claims not yet in one (all, or of one line
 * or county), the batches with their totals and state, the payout file (.xlsx, bank CSV; full bank
 * accounts, the download is logged), and each batch's claims (masked) with the bank's payment results.
 */
import { Alert, Button, Card, Flex, Select, Table, Tag } from 'antd';
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ClaimLine, ClaimPayoutRun } from '../../../../src/contract/claims';
import { CLAIM_LINES } from '../../../../src/domain/claims/vocabulary';
import { useUnitIndex } from '../plan/lookups';
import { formatMoment } from '../../lib/datetime';
import { fenToYuanText, formatFen } from '../../lib/money';
import { ErrorAlert } from '../../lib/ui/ErrorAlert';
import { PageHeader, usePageTitle } from '../../lib/ui/PageHeader';
import { claimQueries, claimsApi, refreshClaims, type ClaimPayoutBatchView } from './api';
import { useAttemptKeys } from './keys';
import { BATCH_COLOURS, batchStateLabel, useLineLabel } from './labels';
import { useClaimsI18n } from './messages';
import { PaymentResults } from './payouts/PaymentResults';
import { ClaimError } from './ui';

function BuildBatch({ onBuilt }: { onBuilt: (batch: ClaimPayoutBatchView) => void }) {
  const { t, lang, pick } = useClaimsI18n();
  const client = useQueryClient();
  const keys = useAttemptKeys();
  const lineLabel = useLineLabel();
  const units = useUnitIndex();
  const [line, setLine] = useState<ClaimLine | undefined>();
  const [unitId, setUnitId] = useState<string | undefined>();
  const build = useMutation({
    mutationFn: (run: ClaimPayoutRun) => claimsApi.buildPayout(run, keys.keyFor(['payout', run])),
    onSuccess: (batch, run) => {
      keys.done(['payout', run]);
      refreshClaims(client);
      onBuilt(batch);
    },
  });
  return (
    <Card size="small" title={t('cl.pay.build')} data-testid="payout-build-card">
      <Flex gap={8} wrap align="center">
        <Select
          allowClear
          placeholder={t('cl.pay.anyLine')}
          value={line}
          onChange={setLine}
          options={CLAIM_LINES.map((l) => ({ value: l, label: lineLabel(l) }))}
          style={{ width: 180 }}
          data-testid="payout-line"
        />
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={t('cl.pay.anyUnit')}
          value={unitId}
          onChange={setUnitId}
          options={[...units.values()].map((u) => ({ value: u.id, label: pick(u.name, u.nameEn) }))}
          style={{ width: 180 }}
          data-testid="payout-unit"
        />
        <Button
          type="primary"
          icon={<PlusOutlined />}
          loading={build.isPending}
          onClick={() => build.mutate({ ...(line ? { line } : {}), ...(unitId ? { unitId } : {}) })}
          data-testid="payout-build"
        >
          {t('cl.pay.build')}
        </Button>
      </Flex>
      {build.data && (
        <Alert
          type="success"
          showIcon
          style={{ marginTop: 12 }}
          data-testid="payout-built"
          title={t('cl.pay.built', {
            reference: build.data.reference,
            n: build.data.claims,
            total: formatFen(build.data.totalFen, lang),
          })}
        />
      )}
      {build.error ? (
        <div style={{ marginTop: 12 }}>
          <ClaimError error={build.error} testId="payout-build-error" />
        </div>
      ) : null}
    </Card>
  );
}

export default function PayoutsPage() {
  const { t } = useClaimsI18n();
  usePageTitle(t('cl.pay.title'));
  const batches = useQuery(claimQueries.payouts());
  const [open, setOpen] = useState<string | null>(null);
  const rows = batches.data?.items ?? [];
  return (
    <div data-testid="claim-payouts-page">
      <PageHeader title={t('cl.pay.title')} subtitle={t('cl.pay.intro')} />
      <BuildBatch onBuilt={(batch) => setOpen(batch.id)} />
      <Card size="small" title={t('cl.pay.batches')} style={{ marginTop: 16 }}>
        {batches.error ? <ErrorAlert error={batches.error} onRetry={() => void batches.refetch()} /> : null}
        <Table<ClaimPayoutBatchView>
          rowKey="id"
          size="small"
          data-testid="payout-batches"
          loading={batches.isPending}
          dataSource={rows}
          scroll={{ x: 'max-content' }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          onRow={(b) => ({ 'data-testid': `payout-batch-${b.reference}` }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            { title: t('cl.pay.col.reference'), dataIndex: 'reference' },
            { title: t('cl.pay.col.claims'), dataIndex: 'claims', align: 'right' },
            { title: t('cl.pay.col.total'), align: 'right', render: (_, b) => fenToYuanText(b.totalFen) },
            { title: t('cl.pay.col.paid'), align: 'right', render: (_, b) => fenToYuanText(b.paidFen) },
            { title: t('cl.pay.col.failed'), dataIndex: 'failed', align: 'right' },
            {
              title: t('cl.pay.col.state'),
              render: (_, b) => (
                <Tag color={BATCH_COLOURS[b.state]} data-testid="payout-state" data-state={b.state}>
                  {batchStateLabel(t, b.state)}
                </Tag>
              ),
            },
            { title: t('cl.pay.col.createdAt'), render: (_, b) => formatMoment(b.createdAt) },
            {
              title: t('cl.pay.col.file'),
              render: (_, b) => (
                <Flex gap={8}>
                  <a href={claimsApi.payoutFileUrl(b.id, 'xlsx')} download data-testid="payout-download-xlsx">
                    <DownloadOutlined /> .xlsx
                  </a>
                  <a href={claimsApi.payoutFileUrl(b.id, 'csv')} download data-testid="payout-download-csv">
                    <DownloadOutlined /> CSV
                  </a>
                </Flex>
              ),
            },
            {
              title: '',
              render: (_, b) =>
                b.state === 'exported' || b.state === 'partially_paid' ? (
                  <Button
                    size="small"
                    type={open === b.id ? 'primary' : 'default'}
                    onClick={() => setOpen(b.id)}
                    data-testid="payout-results-open"
                  >
                    {t('cl.pay.results')}
                  </Button>
                ) : (
                  <Button
                    size="small"
                    type={open === b.id ? 'primary' : 'default'}
                    onClick={() => setOpen(b.id)}
                    data-testid="payout-details-open"
                  >
                    {t('cl.pay.details')}
                  </Button>
                ),
            },
          ]}
        />
      </Card>
      {open && <PaymentResults key={open} batchId={open} batch={rows.find((b) => b.id === open)} />}
    </div>
  );
}
