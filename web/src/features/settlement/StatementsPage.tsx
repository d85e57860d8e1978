/**
 * 结算单 (settlement.read, the merchant's scope): the merchant's batches per period and county with
 * gross subsidy, clawbacks, net and what has been paid; a batch opens to its lines (sales and
 * clawbacks, held-out lines with their reason). Both tables export to .xlsx.
 */
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Descriptions, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { formatShanghai } from '../../lib/datetime';
import { ErrorAlert } from '../../lib/ui/ErrorAlert';
import { usePageTitle } from '../../lib/ui/PageHeader';
import { useI18n } from '../../lib/i18n/useI18n';
import { formatFen, yuanPlain } from '../../lib/money';
import { downloadXlsx } from '../../lib/xlsx';
import { useUnitIndex } from '../plan/lookups';
import { settlementApi } from './api';
import { settlementMessages } from './messages';

type Key = keyof typeof settlementMessages;

function Statement({ id }: { id: string }) {
  const { t, lang } = useI18n(settlementMessages);
  const detail = useQuery({ queryKey: ['settlement', id], queryFn: ({ signal }) => settlementApi.detail(id, signal) });
  if (detail.error) return <ErrorAlert error={detail.error} onRetry={() => void detail.refetch()} />;
  if (!detail.data) return null;
  const { settlement: s, lines } = detail.data;
  const exportLines = () =>
    void downloadXlsx(
      `statement-${s.reference}.xlsx`,
      s.reference,
      [
        t('st.kind'),
        t('st.redeemedAt'),
        t('st.category'),
        t('st.model'),
        t('st.price'),
        t('st.amount'),
        t('st.holdOut'),
        t('st.flagged'),
      ],
      lines.map((l) => [
        t(`st.kind.${l.kind}`),
        formatShanghai(l.redeemedAt),
        l.category,
        l.model,
        yuanPlain(l.finalPriceFen),
        yuanPlain(l.amountFen),
        l.heldOut ? (l.heldOutReason ?? '') : '',
        l.flags.map((f) => `${f.code} ${lang === 'en' ? f.reasonEn : f.reason}`).join('；'),
      ]),
    );
  return (
    <Card
      data-testid="statement-detail"
      title={`${s.reference} · ${s.periodFrom} – ${s.periodTo}`}
      style={{ marginTop: 16 }}
      extra={
        <Button size="small" data-testid="statement-lines-export" onClick={exportLines}>
          {t('st.exportLines')}
        </Button>
      }
    >
      <Descriptions size="small" column={{ xs: 1, md: 3 }}>
        <Descriptions.Item label={t('st.state')}>
          <Tag data-testid="statement-state">{t(`st.state.${s.state}` as Key)}</Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t('st.stage')}>
          {s.stage ? (lang === 'en' ? s.stage.labelEn : s.stage.label) : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('st.gross')}>{formatFen(s.grossFen, lang)}</Descriptions.Item>
        <Descriptions.Item label={t('st.clawback')}>
          <span data-testid="statement-clawback">{formatFen(s.clawbackFen, lang)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('st.net')}>
          <Typography.Text strong data-testid="statement-net">
            {formatFen(s.netFen, lang)}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('st.paid')}>{formatFen(s.paidFen, lang)}</Descriptions.Item>
      </Descriptions>
      <Table
        data-testid="statement-lines"
        rowKey={(l) => `${l.kind}-${l.redemptionId}`}
        size="small"
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        dataSource={lines}
        columns={[
          {
            title: t('st.kind'),
            render: (_, l) => <Tag color={l.kind === 'clawback' ? 'volcano' : 'blue'}>{t(`st.kind.${l.kind}`)}</Tag>,
          },
          { title: t('st.redeemedAt'), render: (_, l) => formatShanghai(l.redeemedAt) },
          { title: t('st.model'), dataIndex: 'model' },
          { title: t('st.price'), align: 'right', render: (_, l) => formatFen(l.finalPriceFen, lang) },
          { title: t('st.amount'), align: 'right', render: (_, l) => formatFen(l.amountFen, lang) },
          {
            title: t('st.holdOut'),
            render: (_, l) => (l.heldOut ? t('st.heldOut', { reason: l.heldOutReason ?? '' }) : '—'),
          },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 12 }}>
        {t('st.reviews')}
      </Typography.Title>
      {s.reviews.length === 0 ? '—' : null}
      {s.reviews.map((r) => (
        <div key={`${r.stage}-${r.at}`}>
          {`${formatShanghai(r.at)} · ${s.stages.find((x) => x.id === r.stage)?.[lang === 'en' ? 'labelEn' : 'label'] ?? r.stage} · ${t(`st.decision.${r.decision}`)}${r.reason ? ` · ${r.reason}` : ''}`}
        </div>
      ))}
    </Card>
  );
}

export default function StatementsPage() {
  const { t, lang } = useI18n(settlementMessages);
  usePageTitle(t('st.statements.title'));
  const units = useUnitIndex();
  const unitName = (id: string) => units.get(id)?.name ?? id;
  const [open, setOpen] = useState<string | null>(null);
  const list = useQuery({
    queryKey: ['settlement', 'statements'],
    queryFn: ({ signal }) => settlementApi.page({ limit: 200 }, signal),
  });
  const rows = list.data?.items ?? [];
  const exportRows = () =>
    void downloadXlsx(
      'statements.xlsx',
      t('st.statements.title'),
      [
        t('st.reference'),
        t('st.unit'),
        t('st.period'),
        t('st.state'),
        t('st.redemptions'),
        t('st.gross'),
        t('st.clawback'),
        t('st.net'),
        t('st.paid'),
      ],
      rows.map((s) => [
        s.reference,
        unitName(s.unitId),
        `${s.periodFrom}/${s.periodTo}`,
        t(`st.state.${s.state}` as Key),
        s.redemptions,
        yuanPlain(s.grossFen),
        yuanPlain(s.clawbackFen),
        yuanPlain(s.netFen),
        yuanPlain(s.paidFen),
      ]),
    );
  return (
    <div data-testid="statements-page">
      <Typography.Title level={3}>{t('st.statements.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('st.statements.intro')}</Typography.Paragraph>
      <Space style={{ marginBottom: 12 }}>
        <Button data-testid="statements-export" onClick={exportRows}>
          {t('st.export')}
        </Button>
      </Space>
      {list.error ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
      <Table
        data-testid="statements-table"
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={rows}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        onRow={(s) => ({ 'data-testid': `statement-${s.reference}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('st.reference'), dataIndex: 'reference' },
          { title: t('st.unit'), render: (_, s) => unitName(s.unitId) },
          { title: t('st.period'), render: (_, s) => `${s.periodFrom} – ${s.periodTo}` },
          { title: t('st.state'), render: (_, s) => <Tag>{t(`st.state.${s.state}` as Key)}</Tag> },
          { title: t('st.redemptions'), dataIndex: 'redemptions', align: 'right' },
          { title: t('st.gross'), align: 'right', render: (_, s) => formatFen(s.grossFen, lang) },
          { title: t('st.clawback'), align: 'right', render: (_, s) => formatFen(s.clawbackFen, lang) },
          { title: t('st.net'), align: 'right', render: (_, s) => formatFen(s.netFen, lang) },
          { title: t('st.paid'), align: 'right', render: (_, s) => formatFen(s.paidFen, lang) },
          {
            title: '',
            render: (_, s) => (
              <Button size="small" data-testid="statement-open" onClick={() => setOpen(s.id)}>
                {t('st.open')}
              </Button>
            ),
          },
        ]}
      />
      {open && <Statement key={open} id={open} />}
    </div>
  );
}
