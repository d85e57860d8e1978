/**
 * 录入付款结果 of one claims payout batch: each claim still waiting marked paid or failed (with the bank's
 * reference, or why it failed), or the bank's return pasted as CSV; the outcome says what was recorded.
 */
import { Alert, Button, Card, Flex, Input, Radio, Table, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ClaimPaymentResult } from '../../../../../src/contract/claims';
import { fenToYuanText } from '../../../lib/money';
import { claimQueries, claimsApi, refreshClaims, type ClaimPayoutBatchView } from '../api';
import { useAttemptKeys } from '../keys';
import { batchStateLabel } from '../labels';
import { useClaimsI18n } from '../messages';
import {
  marksOf,
  parsePaymentCsv,
  payoutFileLines,
  resultsFromMarks,
  type PaymentMark,
  type PayoutFileLine,
} from '../results';
import { ClaimError } from '../ui';

export function PaymentResults({ batch }: { batch: ClaimPayoutBatchView }) {
  const { t } = useClaimsI18n();
  const client = useQueryClient();
  const keys = useAttemptKeys();
  const claims = useQuery(claimQueries.batchClaims(batch.id));
  // the claims the caller may read, else (finance reads no claim list) the batch's own file
  const [fileLines, setFileLines] = useState<PayoutFileLine[] | null>(null);
  const load = useMutation({
    mutationFn: () => claimsApi.payoutCsv(batch.id),
    onSuccess: (text) => setFileLines(payoutFileLines(text)),
  });
  const listed: PayoutFileLine[] =
    claims.data && claims.data.length > 0
      ? claims.data.map((c) => ({
          reference: c.reference,
          amountFen: c.subsidyFen,
          payee: c.payee ? `${c.payee.name} · ${c.payee.bankName} ${c.payee.bankAccount}` : '—',
        }))
      : (fileLines ?? []);
  const [marks, setMarks] = useState<Record<string, PaymentMark | undefined>>({});
  const [csv, setCsv] = useState('');
  const [extra, setExtra] = useState<ClaimPaymentResult[]>([]);
  const [parsed, setParsed] = useState<{ n: number; problems: number[] } | null>(null);
  const mark = (reference: string, patch: Partial<PaymentMark>) =>
    setMarks((m) => ({ ...m, [reference]: { status: 'paid', ...m[reference], ...patch } }));

  const known = new Set(listed.map((r) => r.reference));
  const results = [...resultsFromMarks(listed, marks), ...extra.filter((r) => !known.has(r.claimReference))];
  const record = useMutation({
    mutationFn: (sent: ClaimPaymentResult[]) =>
      claimsApi.recordResults(batch.id, { results: sent }, keys.keyFor(['results', batch.id, sent])),
    onSuccess: (_, sent) => {
      keys.done(['results', batch.id, sent]);
      setMarks({});
      setExtra([]);
      setCsv('');
      setParsed(null);
      setFileLines(null);
      refreshClaims(client);
    },
  });
  const readCsv = () => {
    const { results: read, problems } = parsePaymentCsv(csv, new Map(listed.map((r) => [r.reference, r.amountFen])));
    setMarks((m) => ({ ...m, ...marksOf(read.filter((r) => known.has(r.claimReference))) }));
    setExtra(read.filter((r) => !known.has(r.claimReference)));
    setParsed({ n: read.length, problems });
  };
  const outcome = record.data;

  return (
    <Card
      size="small"
      title={t('cl.pay.results.title', { reference: batch.reference })}
      style={{ marginTop: 16 }}
      data-testid="payout-results"
      extra={
        listed.length > 0 && (
          <Button
            size="small"
            onClick={() => listed.forEach((c) => mark(c.reference, { status: 'paid' }))}
            data-testid="payout-mark-all-paid"
          >
            {t('cl.pay.results.paid')} ×{listed.length}
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
      {claims.isSuccess && listed.length === 0 && (
        <Flex gap={8} align="center" wrap style={{ marginBottom: 12 }}>
          <Typography.Text type="secondary">{t('cl.pay.results.none')}</Typography.Text>
          <Button loading={load.isPending} onClick={() => load.mutate()} data-testid="payout-results-load">
            {t('cl.pay.results.load')}
          </Button>
        </Flex>
      )}
      {load.error ? <ClaimError error={load.error} testId="payout-results-load-error" /> : null}
      {listed.length > 0 && (
        <Table<PayoutFileLine>
          rowKey="reference"
          size="small"
          pagination={false}
          dataSource={listed}
          scroll={{ x: 'max-content' }}
          loading={claims.isFetching}
          columns={[
            { title: t('cl.col.reference'), dataIndex: 'reference' },
            { title: t('cl.pay.results.payee'), dataIndex: 'payee' },
            { title: t('cl.col.amount'), align: 'right', render: (_, c) => fenToYuanText(c.amountFen) },
            {
              title: t('cl.pay.results.status'),
              render: (_, c) => (
                <Radio.Group
                  value={marks[c.reference]?.status}
                  onChange={(e) => mark(c.reference, { status: e.target.value as PaymentMark['status'] })}
                  data-testid={`payout-result-${c.reference}`}
                  options={[
                    { value: 'paid', label: t('cl.pay.results.paid') },
                    { value: 'failed', label: t('cl.pay.results.failed') },
                  ]}
                />
              ),
            },
            {
              title: t('cl.pay.results.bankReference'),
              render: (_, c) => (
                <Input
                  size="small"
                  value={marks[c.reference]?.bankReference ?? ''}
                  onChange={(e) => mark(c.reference, { bankReference: e.target.value })}
                  disabled={!marks[c.reference]}
                  maxLength={80}
                  data-testid={`payout-bankref-${c.reference}`}
                />
              ),
            },
            {
              title: t('cl.pay.results.failureReason'),
              render: (_, c) =>
                marks[c.reference]?.status === 'failed' ? (
                  <Input
                    size="small"
                    value={marks[c.reference]?.failureReason ?? ''}
                    onChange={(e) => mark(c.reference, { failureReason: e.target.value })}
                    maxLength={500}
                    data-testid={`payout-failure-${c.reference}`}
                  />
                ) : null,
            },
          ]}
        />
      )}
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
        {extra.length > 0 && (
          <Typography.Text type="warning" data-testid="payout-results-extra">
            {t('cl.pay.results.extra', { n: extra.length, refs: extra.map((r) => r.claimReference).join('、') })}
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
    </Card>
  );
}
