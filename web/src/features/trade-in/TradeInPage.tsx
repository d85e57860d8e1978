/**
 * 我的补贴 (trade_in.claim): today's release per line in honest words, the claim form, my
 * qualifications with their QR and short code and time left, my redemptions with explanation and clause.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { ErrorAlert } from '../../lib/ui/ErrorAlert';
import { useI18n } from '../../lib/i18n/useI18n';
import { formatFen, yuanPlain } from '../../lib/money';
import { formatShanghai } from '../../lib/datetime';
import { downloadXlsx } from '../../lib/xlsx';
import { CATEGORIES, tradeInApi, type QualificationLine, type QualificationView } from './api';
import { tradeInMessages } from './messages';
import { QrCode } from './QrCode';

type Key = keyof typeof tradeInMessages;

function timeLeft(until: string, now: number): string | null {
  const ms = Date.parse(until) - now;
  if (ms <= 0) return null;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

function useNow(): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

function Qualification({ q }: { q: QualificationView }) {
  const { t } = useI18n(tradeInMessages);
  const now = useNow();
  const left = timeLeft(q.validUntil, now);
  return (
    <Card
      size="small"
      data-testid="qualification"
      title={`${t(`ti.line.${q.line}` as Key)} · ${t(`ti.cat.${q.category}` as Key)}`}
    >
      <Space direction="vertical">
        <Tag>{t(`ti.state.${q.state}` as Key)}</Tag>
        {q.code && q.state === 'active' && <QrCode text={q.code} testId="qualification-qr" />}
        {q.shortCode && q.state === 'active' && (
          <Typography.Text>
            {t('ti.quals.shortCode')}:{' '}
            <Typography.Text strong copyable data-testid="qualification-short-code">
              {q.shortCode}
            </Typography.Text>
          </Typography.Text>
        )}
        {q.state === 'active' && (
          <Typography.Text type="secondary">
            {left ? t('ti.quals.validFor', { time: left }) : t('ti.quals.expired')}
          </Typography.Text>
        )}
      </Space>
    </Card>
  );
}

export default function TradeInPage() {
  const { t, lang } = useI18n(tradeInMessages);
  const client = useQueryClient();
  const releases = useQuery({
    queryKey: ['trade-in', 'releases'],
    queryFn: ({ signal }) => tradeInApi.releases(signal),
  });
  const quals = useQuery({
    queryKey: ['trade-in', 'quals'],
    queryFn: ({ signal }) => tradeInApi.myQualifications(signal),
  });
  const history = useQuery({
    queryKey: ['trade-in', 'mine'],
    queryFn: ({ signal }) => tradeInApi.myRedemptions(signal),
  });
  const [line, setLine] = useState<QualificationLine>('appliance');
  const [category, setCategory] = useState<string>(CATEGORIES.appliance[0]);
  const claim = useMutation({
    mutationFn: () => tradeInApi.claim({ line, category }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['trade-in'] }),
  });

  const rows = history.data?.items ?? [];
  const header = [
    t('ti.field.date'),
    t('ti.field.merchant'),
    t('ti.field.model'),
    t('ti.field.price'),
    t('ti.field.subsidy'),
    t('ti.field.pay'),
    t('ti.field.explanation'),
    t('ti.field.clause'),
  ];
  return (
    <div style={{ maxWidth: 480, margin: '0 auto' }} data-testid="trade-in-page">
      <Typography.Title level={3}>{t('ti.mine.title')}</Typography.Title>
      <Card title={t('ti.releases.title')} size="small">
        {releases.error ? <ErrorAlert error={releases.error} onRetry={() => void releases.refetch()} /> : null}
        {(releases.data?.items ?? []).map((r) => (
          <div key={r.line} data-testid={`release-${r.line}`} style={{ marginBottom: 8 }}>
            <Space wrap>
              <Typography.Text strong>{t(`ti.line.${r.line}` as Key)}</Typography.Text>
              {r.open ? (
                <Tag color="green">{t('ti.releases.remaining', { n: r.remaining, released: r.released })}</Tag>
              ) : (
                <Tag color="orange">
                  {r.released === 0
                    ? t('ti.releases.noMoney')
                    : r.remaining === 0
                      ? t('ti.releases.gone')
                      : t('ti.releases.notYet')}
                </Tag>
              )}
            </Space>
            <div>
              <Typography.Text type="secondary">{r.why}</Typography.Text>
            </div>
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {r.clause}
              </Typography.Text>
            </div>
          </div>
        ))}
      </Card>
      <Card title={t('ti.claim.title')} size="small" style={{ marginTop: 12 }}>
        <Form layout="vertical" onFinish={() => claim.mutate()}>
          <Form.Item label={t('ti.field.line')}>
            <Select
              data-testid="claim-line"
              value={line}
              onChange={(value: QualificationLine) => {
                setLine(value);
                setCategory(CATEGORIES[value][0]);
              }}
              options={(Object.keys(CATEGORIES) as QualificationLine[]).map((l) => ({
                value: l,
                label: t(`ti.line.${l}` as Key),
              }))}
            />
          </Form.Item>
          <Form.Item label={t('ti.field.category')}>
            <Select
              data-testid="claim-category"
              value={category}
              onChange={setCategory}
              options={CATEGORIES[line].map((c) => ({ value: c, label: t(`ti.cat.${c}` as Key) }))}
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={claim.isPending} data-testid="claim-submit">
            {t('ti.claim.submit')}
          </Button>
        </Form>
        {claim.error ? <ErrorAlert error={claim.error} testId="claim-error" /> : null}
        {claim.isSuccess && <Alert type="success" showIcon title={t('ti.claim.done')} />}
      </Card>
      <Typography.Title level={4} style={{ marginTop: 16 }}>
        {t('ti.quals.title')}
      </Typography.Title>
      {quals.error ? <ErrorAlert error={quals.error} onRetry={() => void quals.refetch()} /> : null}
      {quals.data?.items.length === 0 && <Typography.Text type="secondary">{t('ti.quals.empty')}</Typography.Text>}
      <Space direction="vertical" style={{ width: '100%' }}>
        {(quals.data?.items ?? []).map((q) => (
          <Qualification key={q.id} q={q} />
        ))}
      </Space>
      <Space style={{ marginTop: 16 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('ti.history.title')}
        </Typography.Title>
        <Button
          size="small"
          onClick={() =>
            void downloadXlsx(
              'my-redemptions.xlsx',
              t('ti.history.title'),
              header,
              rows.map((r) => [
                formatShanghai(r.createdAt),
                r.merchantName,
                r.model,
                yuanPlain(r.finalPriceFen),
                yuanPlain(r.subsidyFen),
                yuanPlain(r.payFen),
                lang === 'en' ? r.explanationEn : r.explanation,
                r.clause,
              ]),
            )
          }
        >
          {t('ti.export')}
        </Button>
      </Space>
      {history.error ? <ErrorAlert error={history.error} onRetry={() => void history.refetch()} /> : null}
      <Table
        data-testid="my-redemptions"
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={rows}
        columns={[
          { title: t('ti.field.model'), dataIndex: 'model' },
          { title: t('ti.field.subsidy'), render: (_, r) => formatFen(r.subsidyFen, lang) },
          { title: t('ti.field.pay'), render: (_, r) => formatFen(r.payFen, lang) },
        ]}
        expandable={{
          expandedRowRender: (r) => (
            <div>
              <div>{lang === 'en' ? r.explanationEn : r.explanation}</div>
              <Typography.Text type="secondary">{r.clause}</Typography.Text>
            </div>
          ),
        }}
      />
    </div>
  );
}
