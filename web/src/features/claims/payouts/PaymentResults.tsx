/**
 * 录入付款结果 of one claims payout batch: its claims as the batch itself lists them (GET
 * /api/v1/claims/payouts/{id}: reference, amount, masked payee, the bank's result so far), each one
 * still waiting marked paid or failed (with the bank's reference, or why it failed), or the bank's
 * return pasted as CSV; the lines already answered are shown as recorded, and the outcome says what
 * was recorded.
 */
import { Alert, Button, Card, Flex, Input, Radio, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ClaimPaymentResult, ClaimPayoutLineView } from '../../../../../src/contract/claims';
import { fenToYuanText } from '../../../lib/money';
import { ErrorAlert } from '../../../lib/ui/ErrorAlert';
import { claimQueries, claimsApi, refreshClaims, type ClaimPayoutBatchView } from '../api';
import { useAttemptKeys } from '../keys';
import { batchStateLabel, useLineLabel } from '../labels';
import { useClaimsI18n } from '../messages';
import { againstBatch, marksOf, parsePaymentCsv, resultsFromMarks, type PaymentMark } from '../results';
import { ClaimError } from '../ui';

const LINE_STATUS_COLOURS: Record<ClaimPayoutLineView['status'], string> = {
  pending: 'processing',
  paid: 'success',
  failed: 'error',
};

/** The batch `batchId`; `batch` is its row of the batch list, for the title while the batch loads. */
export function PaymentResults({ batchId, batch }: { batchId: string; batch?: ClaimPayoutBatchView }) {
  const { t } = useClaimsI18n();
  const client = useQueryClient();
  const keys = useAttemptKeys();
  const lineLabel = useLineLabel();
  const detail = useQuery(claimQueries.payout(batchId));
  const lines = detail.data?.lines ?? [];
  const pending = lines.filter((line) => line.status === 'pending');
  const reference = detail.data?.batch.reference ?? batch?.reference ?? '';

  const [marks, setMarks] = useState<Record<string, PaymentMark | undefined>>({});
  const [csv, setCsv] = useState('');
  const [parsed, setParsed] = useState<{
    n: number;
    problems: number[];
    recorded: string[];
    unknown: string[];
  } | null>(null);
  const mark = (ref: string, patch: Partial<PaymentMark>) =>
    setMarks((m) => ({ ...m, [ref]: { status: 'paid', ...m[ref], ...patch } }));

  const results = resultsFromMarks(
    pending.map((line) => ({ reference: line.claimReference, amountFen: line.amountFen })),
    marks,
  );
  const record = useMutation({
    mutationFn: (sent: ClaimPaymentResult[]) =>
      claimsApi.recordResults(batchId, { results: sent }, keys.keyFor(['results', batchId, sent])),
    onSuccess: (_, sent) => {
      keys.done(['results', batchId, sent]);
      setMarks({});
      setCsv('');
      setParsed(null);
      refreshClaims(client);
    },
  });
  const readCsv = () => {
    const { results: read, problems } = parsePaymentCsv(
      csv,
      new Map(lines.map((line) => [line.claimReference, line.amountFen])),
    );
    const sorted = againstBatch(read, lines);
    setMarks((m) => ({ ...m, ...marksOf(sorted.pending) }));
    setParsed({ n: read.length, problems, recorded: sorted.recorded, unknown: sorted.unknown });
  };
  const outcome = record.data;
  const open = detail.isSuccess && pending.length > 0;

  return (
    <Card
      size="small"
      title={t('cl.pay.results.title', { reference })}
      style={{ marginTop: 16 }}
      data-testid="payout-results"
      extra={
        open && (
          <Button
            size="small"
            onClick={() => pending.forEach((line) => mark(line.claimReference, { status: 'paid' }))}
            data-testid="payout-mark-all-paid"
          >
            {t('cl.pay.results.paid')} ×{pending.length}
          </Button>
        )
      }
    >
      {outcome && (
        <Alert
          type={outcome.failed > 0 ? 'warning' : 'success'}
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="payout-outcome"
          title={t('cl.pay.results.outcome', {
            paid: outcome.paid,
            failed: outcome.failed,
            state: batchStateLabel(t, outcome.batch.state),
          })}
        />
      )}
      {detail.error ? <ErrorAlert error={detail.error} onRetry={() => void detail.refetch()} /> : null}
      {detail.isSuccess && pending.length === 0 && (
        <Typography.Paragraph type="secondary" data-testid="payout-results-none">
          {t('cl.pay.results.none')}
        </Typography.Paragraph>
      )}
      <Table<ClaimPayoutLineView>
        rowKey="claimId"
        size="small"
        pagination={lines.length > 100 ? { pageSize: 100 } : false}
        dataSource={lines}
        scroll={{ x: 'max-content' }}
        loading={detail.isPending || detail.isRefetching}
        data-testid="payout-lines"
        onRow={(line) => ({ 'data-testid': `payout-line-${line.claimReference}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('cl.col.reference'), dataIndex: 'claimReference' },
          { title: t('cl.col.line'), render: (_, line) => lineLabel(line.line) },
          {
            title: t('cl.pay.results.payee'),
            render: (_, line) => `${line.payeeName} · ${line.bankName} ${line.bankAccount}`,
          },
          { title: t('cl.col.amount'), align: 'right', render: (_, line) => fenToYuanText(line.amountFen) },
          {
            title: t('cl.pay.results.status'),
            render: (_, line) =>
              line.status === 'pending' ? (
                <Radio.Group
                  value={marks[line.claimReference]?.status}
                  onChange={(e) => mark(line.claimReference, { status: e.target.value as PaymentMark['status'] })}
                  data-testid={`payout-result-${line.claimReference}`}
                  options={[
                    { value: 'paid', label: t('cl.pay.results.paid') },
                    { value: 'failed', label: t('cl.pay.results.failed') },
                  ]}
                />
              ) : (
                <Tag
                  color={LINE_STATUS_COLOURS[line.status]}
                  data-testid={`payout-line-status-${line.claimReference}`}
                  data-status={line.status}
                >
                  {t(`cl.pay.line.${line.status}`)}
                </Tag>
              ),
          },
          {
            title: t('cl.pay.results.bankReference'),
            render: (_, line) =>
              line.status === 'pending' ? (
                <Input
                  size="small"
                  value={marks[line.claimReference]?.bankReference ?? ''}
                  onChange={(e) => mark(line.claimReference, { bankReference: e.target.value })}
                  disabled={!marks[line.claimReference]}
                  maxLength={80}
                  data-testid={`payout-bankref-${line.claimReference}`}
                />
              ) : (
                (line.bankReference ?? '—')
              ),
          },
          {
            title: t('cl.pay.results.failureReason'),
            render: (_, line) =>
              line.status === 'pending' ? (
                marks[line.claimReference]?.status === 'failed' ? (
                  <Input
                    size="small"
                    value={marks[line.claimReference]?.failureReason ?? ''}
                    onChange={(e) => mark(line.claimReference, { failureReason: e.target.value })}
                    maxLength={500}
                    data-testid={`payout-failure-${line.claimReference}`}
                  />
                ) : null
              ) : (
                line.failureReason
              ),
          },
        ]}
      />
      {open && (
        <>
          <Flex vertical gap={6} style={{ marginTop: 12 }}>
            <Typography.Text type="secondary">{t('cl.pay.results.csv')}</Typography.Text>
            <Input.TextArea
              value={csv}
              onChange={(e) => setCsv(e.target.value)}
              autoSize={{ minRows: 2, maxRows: 8 }}
              placeholder="SQ-BF-XXXXXXXXXXXX,已付,15000.00,B20250101001"
              data-testid="payout-results-csv"
            />
            <Flex gap={8} wrap align="center">
              <Button onClick={readCsv} disabled={!csv.trim()} data-testid="payout-results-parse">
                {t('cl.pay.results.parse')}
              </Button>
              {parsed && (
                <Typography.Text data-testid="payout-results-parsed">
                  {t('cl.pay.results.parsed', { n: parsed.n })}
                </Typography.Text>
              )}
              {parsed && parsed.problems.length > 0 && (
                <Typography.Text type="danger">
                  {t('cl.pay.results.problems', { lines: parsed.problems.join('、') })}
                </Typography.Text>
              )}
            </Flex>
            {parsed && parsed.recorded.length > 0 && (
              <Typography.Text type="warning" data-testid="payout-results-recorded">
                {t('cl.pay.results.recorded', { n: parsed.recorded.length, refs: parsed.recorded.join('、') })}
              </Typography.Text>
            )}
            {parsed && parsed.unknown.length > 0 && (
              <Typography.Text type="warning" data-testid="payout-results-unknown">
                {t('cl.pay.results.unknown', { n: parsed.unknown.length, refs: parsed.unknown.join('、') })}
              </Typography.Text>
            )}
          </Flex>
          {record.error ? (
            <div style={{ marginTop: 12 }}>
              <ClaimError error={record.error} testId="payout-results-error" />
            </div>
          ) : null}
          <Button
            type="primary"
            style={{ marginTop: 12 }}
            disabled={results.length === 0}
            loading={record.isPending}
            onClick={() => record.mutate(results)}
            data-testid="payout-results-submit"
          >
            {t('cl.pay.results.submit', { n: results.length })}
          </Button>
        </>
      )}
    </Card>
  );
}
