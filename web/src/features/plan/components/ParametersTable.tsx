import { Table, Tooltip, Typography, type TableColumnsType } from 'antd';
import type { ParameterView } from '../../../../../src/contract/plan';
import { formatComparison } from '../format';
import { labelOf, perLabels, programmeLabels } from '../labels';
import { usePlanI18n } from '../messages';
import { MeasureLink, SourceTag } from './tags';

/** The least width of the quote column, the one that takes the rest. */
const QUOTE_WIDTH = 220;

/**
 * Parameters with their formatted value, what they count per, when they hold, where they come
 * from and the words they were taken from.
 */
export function ParametersTable({
  rows,
  showMeasure = true,
  showProgramme = true,
  pageSize,
  testId,
}: {
  rows: readonly ParameterView[];
  showMeasure?: boolean;
  showProgramme?: boolean;
  pageSize?: number;
  testId?: string;
}) {
  const { t, pick, lang } = usePlanI18n();
  const columns: TableColumnsType<ParameterView> = [
    {
      key: 'name',
      title: t('parameters.name'),
      width: 220,
      render: (_, row) => (
        <>
          <div>{pick(row.name, row.nameEn)}</div>
          <Typography.Text type="secondary" className="parameter-key" ellipsis={{ tooltip: row.key }}>
            {row.key}
          </Typography.Text>
        </>
      ),
    },
    {
      key: 'value',
      title: t('parameters.value'),
      width: 124,
      render: (_, row) => (
        <Tooltip title={t(`comparator.${row.comparator}`)}>
          <Typography.Text strong data-testid="parameter-value">
            {formatComparison(row.comparator, row.value, row.unit, lang)}
          </Typography.Text>
        </Tooltip>
      ),
    },
    {
      key: 'per',
      title: t('parameters.per'),
      width: 104,
      render: (_, row) => labelOf(perLabels, row.per, lang) || '—',
    },
    ...(showProgramme
      ? [
          {
            key: 'programme',
            title: t('parameters.programme'),
            width: 120,
            render: (_: unknown, row: ParameterView) => labelOf(programmeLabels, row.appliesTo?.programme, lang) || '—',
          },
        ]
      : []),
    {
      key: 'effective',
      title: t('parameters.effective'),
      width: 100,
      render: (_, row) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          {row.effectiveFrom}
          <br />
          {row.effectiveTo}
        </span>
      ),
    },
    {
      key: 'source',
      title: t('parameters.source'),
      width: 96,
      render: (_, row) => <SourceTag source={row.source} />,
    },
    ...(showMeasure
      ? [
          {
            key: 'measure',
            title: t('common.measure'),
            width: 96,
            render: (_: unknown, row: ParameterView) =>
              row.measure === null ? (
                <Typography.Text type="secondary">{t('parameters.implicit')}</Typography.Text>
              ) : (
                <MeasureLink n={row.measure} />
              ),
          },
        ]
      : []),
    {
      key: 'quote',
      title: t('common.quote'),
      render: (_, row) => (
        <p className="quote" data-testid="parameter-quote">
          {row.quote ?? '—'}
        </p>
      ),
    },
  ];
  return (
    <div data-testid={testId}>
      <Table<ParameterView>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={rows}
        pagination={pageSize && rows.length > pageSize ? { pageSize, showSizeChanger: true } : false}
        tableLayout="fixed"
        scroll={{ x: columns.reduce((sum, c) => sum + (typeof c.width === 'number' ? c.width : 0), QUOTE_WIDTH) }}
      />
    </div>
  );
}
