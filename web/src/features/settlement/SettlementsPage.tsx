/**
 * 清算审核 (settlement.read): the queue (awaiting me, or all), each batch's drill-down with its lines'
 * risk flags (code, reason, evidence), held-out lines and reviews; approve (holding lines out with a
 * reason) or reject with a reason; the payout file and the payment results for finance.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Checkbox, Descriptions, Input, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { hasPermission } from '../accounts/access';
import { useSession } from '../accounts/session';
import { ErrorAlert } from '../../lib/ui/ErrorAlert';
import { useI18n } from '../../lib/i18n/useI18n';
import { formatFen, yuanPlain } from '../../lib/money';
import { downloadXlsx } from '../../lib/xlsx';
import { settlementApi, type SettlementView } from './api';
import { settlementMessages } from './messages';

type Key = keyof typeof settlementMessages;
const newKey = () => globalThis.crypto.randomUUID();

function Batch({ id }: { id: string }) {
  const { t, lang } = useI18n(settlementMessages);
  const { session } = useSession();
  const client = useQueryClient();
  const detail = useQuery({ queryKey: ['settlement', id], queryFn: ({ signal }) => settlementApi.detail(id, signal) });
  const [holds, setHolds] = useState<Record<string, string>>({});
  const [reason, setReason] = useState('');
  const [bankReference, setBankReference] = useState('');
  const [key, setKey] = useState(newKey);
  const done = () => {
    setKey(newKey());
    void client.invalidateQueries({ queryKey: ['settlement'] });
  };
  const review = useMutation({
    mutationFn: (decision: 'approve' | 'reject') =>
      settlementApi.review(
        id,
        decision === 'reject'
          ? { decision, reason }
          : {
              decision,
              holdOut: Object.entries(holds).map(([redemptionId, why]) => ({ redemptionId, reason: why || '-' })),
            },
        key,
      ),
    onSuccess: done,
  });
  const results = useMutation({
    mutationFn: (s: SettlementView) =>
      settlementApi.results(
        id,
        {
          results: [
            {
              reference: s.reference,
              status: 'paid',
              amountFen: s.netFen,
              ...(bankReference ? { bankReference } : {}),
            },
          ],
        },
        key,
      ),
    onSuccess: done,
  });
  if (detail.error) return <ErrorAlert error={detail.error} onRetry={() => void detail.refetch()} />;
  if (!detail.data) return null;
  const { settlement: s, lines } = detail.data;
  const pay = hasPermission(session, 'settlement.pay');
  return (
    <Card data-testid="settlement-detail" title={`${s.reference} · ${s.merchantName}`} style={{ marginTop: 16 }}>
      <Descriptions size="small" column={3}>
        <Descriptions.Item label={t('st.state')}>
          <Tag data-testid="settlement-state">{t(`st.state.${s.state}` as Key)}</Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t('st.stage')}>
          {s.stage ? (lang === 'en' ? s.stage.labelEn : s.stage.label) : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('st.net')}>{formatFen(s.netFen, lang)}</Descriptions.Item>
      </Descriptions>
      <Table
        data-testid="settlement-lines"
        rowKey="redemptionId"
        size="small"
        pagination={false}
        dataSource={lines}
        columns={[
          { title: t('st.model'), dataIndex: 'model' },
          { title: t('st.price'), render: (_, l) => formatFen(l.finalPriceFen, lang) },
          { title: t('st.amount'), render: (_, l) => formatFen(l.amountFen, lang) },
          {
            title: t('st.flagged'),
            render: (_, l) =>
              l.flags.map((f) => (
                <div key={f.code} data-testid="risk-flag">
                  <Tag color="red">{f.code}</Tag> {lang === 'en' ? f.reasonEn : f.reason}
                  <div style={{ fontSize: 12, color: '#888' }}>
                    {f.evidence.map((e) => `${e.label}: ${e.value}`).join('；')}
                  </div>
                </div>
              )),
          },
          {
            title: t('st.holdOut'),
            render: (_, l) =>
              l.heldOut ? (
                t('st.heldOut', { reason: l.heldOutReason ?? '' })
              ) : s.state === 'reviewing' ? (
                <Space direction="vertical">
                  <Checkbox
                    checked={l.redemptionId in holds}
                    onChange={(e) =>
                      setHolds((h) => {
                        const next = { ...h };
                        if (e.target.checked) next[l.redemptionId] = '';
                        else delete next[l.redemptionId];
                        return next;
                      })
                    }
                  />
                  {l.redemptionId in holds && (
                    <Input
                      placeholder={t('st.holdReason')}
                      value={holds[l.redemptionId]}
                      onChange={(e) => setHolds((h) => ({ ...h, [l.redemptionId]: e.target.value }))}
                    />
                  )}
                </Space>
              ) : null,
          },
        ]}
      />
      {s.state === 'reviewing' && (
        <Space style={{ marginTop: 12 }} wrap>
          <Button
            type="primary"
            data-testid="settlement-approve"
            loading={review.isPending}
            onClick={() => review.mutate('approve')}
          >
            {t('st.approve')}
          </Button>
          <Input
            placeholder={t('st.rejectReason')}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            style={{ width: 200 }}
            data-testid="reject-reason"
          />
          <Button danger disabled={!reason} onClick={() => review.mutate('reject')} data-testid="settlement-reject">
            {t('st.reject')}
          </Button>
        </Space>
      )}
      {review.error ? <ErrorAlert error={review.error} testId="review-error" /> : null}
      {pay && (s.state === 'approved' || s.state === 'partially_paid' || s.state === 'paid') && (
        <Space style={{ marginTop: 12 }} wrap>
          <Typography.Text>{t('st.payout')}:</Typography.Text>
          <a href={settlementApi.payoutUrl(id, 'xlsx')} data-testid="payout-xlsx" download>
            .xlsx
          </a>
          <a href={settlementApi.payoutUrl(id, 'csv')} data-testid="payout-csv" download>
            .csv
          </a>
          {s.state === 'approved' && (
            <>
              <Input
                placeholder={t('st.bankReference')}
                value={bankReference}
                onChange={(e) => setBankReference(e.target.value)}
                style={{ width: 180 }}
                data-testid="bank-reference"
              />
              <Button data-testid="submit-results" loading={results.isPending} onClick={() => results.mutate(s)}>
                {t('st.resultPaid')} · {t('st.submitResults')}
              </Button>
            </>
          )}
        </Space>
      )}
      {results.error ? <ErrorAlert error={results.error} testId="results-error" /> : null}
      <Typography.Title level={5} style={{ marginTop: 12 }}>
        {t('st.reviews')}
      </Typography.Title>
      {s.reviews.map((r) => (
        <div
          key={`${r.stage}-${r.at}`}
        >{`${r.stage} · ${r.decision} · ${r.reviewerName}${r.reason ? ` · ${r.reason}` : ''}`}</div>
      ))}
    </Card>
  );
}

/** 生成结算批次 (settlement.run): the period's batches, one per merchant and county with something to pay. */
function RunSettlement({ onRun }: { onRun: (ids: string[]) => void }) {
  const { t } = useI18n(settlementMessages);
  const client = useQueryClient();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [programme, setProgramme] = useState<'trade_in' | 'voucher'>('trade_in');
  const [key, setKey] = useState(newKey);
  const run = useMutation({
    mutationFn: () => settlementApi.run({ periodFrom: from, periodTo: to, programme }, key),
    onSuccess: (result) => {
      setKey(newKey());
      onRun(result.created.map((s) => s.id));
      void client.invalidateQueries({ queryKey: ['settlement'] });
    },
  });
  const day = /^\d{4}-\d{2}-\d{2}$/;
  return (
    <Card size="small" title={t('st.run.title')} style={{ marginBottom: 12 }} data-testid="settlement-run">
      <Space wrap>
        <Segmented
          data-testid="run-programme"
          value={programme}
          onChange={(v) => setProgramme(v as 'trade_in' | 'voucher')}
          options={[
            { value: 'trade_in', label: t('st.programme.trade_in') },
            { value: 'voucher', label: t('st.programme.voucher') },
          ]}
        />
        <Input
          type="date"
          aria-label={t('st.run.from')}
          value={from}
          onChange={(e) => setFrom(e.target.value)}
          data-testid="run-from"
        />
        <Input
          type="date"
          aria-label={t('st.run.to')}
          value={to}
          onChange={(e) => setTo(e.target.value)}
          data-testid="run-to"
        />
        <Button
          type="primary"
          disabled={!day.test(from) || !day.test(to)}
          loading={run.isPending}
          onClick={() => run.mutate()}
          data-testid="run-submit"
        >
          {t('st.run.submit')}
        </Button>
        {run.data && (
          <Typography.Text data-testid="run-result">
            {t('st.run.done', { n: run.data.created.length, skipped: run.data.skipped })}
          </Typography.Text>
        )}
      </Space>
      {run.error ? <ErrorAlert error={run.error} testId="run-error" /> : null}
    </Card>
  );
}

export default function SettlementsPage() {
  const { t, lang } = useI18n(settlementMessages);
  const { session } = useSession();
  const [awaiting, setAwaiting] = useState(true);
  const [open, setOpen] = useState<string | null>(null);
  const list = useQuery({
    queryKey: ['settlement', 'list', awaiting],
    queryFn: ({ signal }) => settlementApi.list(awaiting, signal),
  });
  const rows = list.data?.items ?? [];
  const header = [t('st.reference'), t('st.merchant'), t('st.period'), t('st.state'), t('st.net')];
  return (
    <div data-testid="settlements-page">
      <Typography.Title level={3}>{t('st.title')}</Typography.Title>
      {hasPermission(session, 'settlement.run') && <RunSettlement onRun={() => setAwaiting(false)} />}
      <Space style={{ marginBottom: 12 }}>
        <Segmented
          data-testid="settlement-filter"
          value={awaiting ? 'me' : 'all'}
          onChange={(v) => setAwaiting(v === 'me')}
          options={[
            { value: 'me', label: t('st.awaitingMe') },
            { value: 'all', label: t('st.all') },
          ]}
        />
        <Button
          onClick={() =>
            void downloadXlsx(
              'settlements.xlsx',
              t('st.title'),
              header,
              rows.map((s) => [
                s.reference,
                s.merchantName,
                `${s.periodFrom}/${s.periodTo}`,
                s.state,
                yuanPlain(s.netFen),
              ]),
            )
          }
        >
          {t('st.export')}
        </Button>
      </Space>
      {list.error ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
      <Table
        data-testid="settlements-table"
        rowKey="id"
        size="small"
        dataSource={rows}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        onRow={(s) => ({ 'data-testid': `settlement-row-${s.reference}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('st.reference'), dataIndex: 'reference' },
          { title: t('st.merchant'), dataIndex: 'merchantName' },
          { title: t('st.programme'), render: (_, s) => t(`st.programme.${s.programme}`) },
          { title: t('st.period'), render: (_, s) => `${s.periodFrom} – ${s.periodTo}` },
          { title: t('st.state'), render: (_, s) => t(`st.state.${s.state}` as Key) },
          {
            title: t('st.stage'),
            render: (_, s) => (s.stage ? (lang === 'en' ? s.stage.labelEn : s.stage.label) : '—'),
          },
          { title: t('st.net'), render: (_, s) => formatFen(s.netFen, lang) },
          { title: t('st.flagged'), dataIndex: 'flaggedLines' },
          {
            title: '',
            render: (_, s) => (
              <Button size="small" data-testid="settlement-open" onClick={() => setOpen(s.id)}>
                {t('st.open')}
              </Button>
            ),
          },
        ]}
      />
      {open && <Batch key={open} id={open} />}
    </div>
  );
}
