/**
 * 以旧换新数据 (public): units sold (returns taken off), subsidy standing and paid, and sales driven, by
 * day, line, category or county; two bar charts (units; subsidy beside sales, in 万元) above the table,
 * which exports to .xlsx.
 */
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Input, Row, Segmented, Space, Table, Typography } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import type { FiguresQuery } from '../../../../src/contract/trade-in';
import { Chart } from '../../lib/charts/Chart';
import { barOption } from '../../lib/charts/barOption';
import { ErrorAlert } from '../../lib/ui/ErrorAlert';
import { usePageTitle } from '../../lib/ui/PageHeader';
import { useI18n } from '../../lib/i18n/useI18n';
import { formatFen, yuanPlain } from '../../lib/money';
import { downloadXlsx } from '../../lib/xlsx';
import { useUnitIndex } from '../plan/lookups';
import { tradeInApi } from './api';
import { labelOf } from './labels';
import { tradeInMessages } from './messages';
import { staffMessages } from './staff/messages';

type By = NonNullable<FiguresQuery['by']>;
const BYS: By[] = ['day', 'line', 'category', 'unit'];
const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** Fen to 万元 with two decimals, for the chart's axis. */
const wan = (fen: number) => Math.round(fen / 10_000) / 100;

export default function FiguresPage() {
  const { t, lang } = useI18n(staffMessages);
  const ti = useI18n(tradeInMessages).t;
  usePageTitle(t('ts.figures.title'));
  const units = useUnitIndex();
  const [by, setBy] = useState<By>('day');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const query: FiguresQuery = { by, ...(DAY.test(from) ? { from } : {}), ...(DAY.test(to) ? { to } : {}) };
  const figures = useQuery({
    queryKey: ['trade-in', 'figures', query],
    queryFn: ({ signal }) => tradeInApi.figures(query, signal),
  });
  const rows = useMemo(() => figures.data?.rows ?? [], [figures.data]);
  const total = figures.data?.total;
  const horizontal = by !== 'day';
  const name = (key: string) => nameOf(by, key);
  const nameOf = useCallback(
    (dimension: By, key: string) =>
      dimension === 'line'
        ? labelOf(ti, 'line', key)
        : dimension === 'category'
          ? labelOf(ti, 'cat', key)
          : dimension === 'unit'
            ? (units.get(key)?.name ?? key)
            : key,
    [ti, units],
  );
  const [unitsOption, moneyOption] = useMemo(() => {
    const categories = rows.map((r) => nameOf(by, r.key));
    return [
      barOption({
        categories,
        series: [{ name: t('ts.figures.units'), data: rows.map((r) => r.units), color: '#1677ff' }],
        horizontal: by !== 'day',
      }),
      barOption({
        categories,
        series: [
          { name: t('ts.figures.series.subsidy'), data: rows.map((r) => wan(r.subsidyFen)), color: '#fa8c16' },
          { name: t('ts.figures.series.sales'), data: rows.map((r) => wan(r.salesFen)), color: '#52c41a' },
        ],
        horizontal: by !== 'day',
      }),
    ];
  }, [rows, by, nameOf, t]);
  const chartHeight = horizontal ? Math.max(240, rows.length * 36 + 60) : 320;
  const header = [
    t('ts.figures.key'),
    t('ts.figures.units'),
    t('ts.figures.subsidy'),
    t('ts.figures.paid'),
    t('ts.figures.sales'),
  ];
  const exportRows = () =>
    void downloadXlsx(`trade-in-figures-${by}.xlsx`, t('ts.figures.title'), header, [
      ...rows.map((r) => [name(r.key), r.units, yuanPlain(r.subsidyFen), yuanPlain(r.paidFen), yuanPlain(r.salesFen)]),
      ...(total
        ? [
            [
              t('ts.figures.total'),
              total.units,
              yuanPlain(total.subsidyFen),
              yuanPlain(total.paidFen),
              yuanPlain(total.salesFen),
            ],
          ]
        : []),
    ]);

  return (
    <div data-testid="trade-in-figures-page">
      <Typography.Title level={3}>{t('ts.figures.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('ts.figures.intro')}</Typography.Paragraph>
      <Space style={{ marginBottom: 12 }} wrap>
        <Segmented
          data-testid="figures-by"
          value={by}
          onChange={setBy}
          options={BYS.map((b) => ({ value: b, label: t(`ts.figures.by.${b}`) }))}
        />
        <Input
          type="date"
          aria-label={t('ts.figures.from')}
          value={from}
          onChange={(e) => setFrom(e.target.value)}
          data-testid="figures-from"
        />
        <Input
          type="date"
          aria-label={t('ts.figures.to')}
          value={to}
          onChange={(e) => setTo(e.target.value)}
          data-testid="figures-to"
        />
        <Button onClick={exportRows} data-testid="figures-export">
          {t('ts.export')}
        </Button>
      </Space>
      {figures.error ? <ErrorAlert error={figures.error} onRetry={() => void figures.refetch()} /> : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('ts.figures.chartUnits')}>
            <Chart option={unitsOption} height={chartHeight} ariaLabel={t('ts.figures.chartUnits')} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('ts.figures.chartMoney')}>
            <Chart option={moneyOption} height={chartHeight} ariaLabel={t('ts.figures.chartMoney')} />
          </Card>
        </Col>
      </Row>
      <Table
        style={{ marginTop: 16 }}
        data-testid="figures-table"
        rowKey="key"
        size="small"
        loading={figures.isLoading}
        dataSource={rows}
        pagination={false}
        columns={[
          { title: t('ts.figures.key'), render: (_, r) => name(r.key) },
          { title: t('ts.figures.units'), dataIndex: 'units', align: 'right' },
          { title: t('ts.figures.subsidy'), align: 'right', render: (_, r) => formatFen(r.subsidyFen, lang) },
          { title: t('ts.figures.paid'), align: 'right', render: (_, r) => formatFen(r.paidFen, lang) },
          { title: t('ts.figures.sales'), align: 'right', render: (_, r) => formatFen(r.salesFen, lang) },
        ]}
        summary={() =>
          total ? (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>{t('ts.figures.total')}</Table.Summary.Cell>
              <Table.Summary.Cell index={1} align="right">
                <span data-testid="figures-total-units">{total.units}</span>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={2} align="right">
                {formatFen(total.subsidyFen, lang)}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={3} align="right">
                {formatFen(total.paidFen, lang)}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={4} align="right">
                {formatFen(total.salesFen, lang)}
              </Table.Summary.Cell>
            </Table.Summary.Row>
          ) : null
        }
      />
    </div>
  );
}
