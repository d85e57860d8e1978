import { Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import type { TargetView } from '../../../../../src/contract/plan';
import { formatComparison } from '../format';
import { usePlanI18n } from '../messages';
import { DepartmentTags, MeasureLink } from './tags';

/** The least width of the quote column, the one that takes the rest. */
const QUOTE_WIDTH = 220;

const byMeasure = (a: TargetView, b: TargetView) => a.measure - b.measure;

/**
 * Targets with comparator, value and unit, deadline, scope, the departments answerable and the
 * words of the plan. Used on the targets page and on measure, department and unit pages.
 */
export function TargetsTable({
  rows,
  showMeasure = true,
  showDepartments = true,
  sortable = false,
  pageSize,
  testId,
}: {
  rows: readonly TargetView[];
  showMeasure?: boolean;
  showDepartments?: boolean;
  sortable?: boolean;
  pageSize?: number;
  testId?: string;
}) {
  const { t, pick, lang } = usePlanI18n();
  const columns: TableColumnsType<TargetView> = [
    ...(showMeasure
      ? [
          {
            key: 'measure',
            title: t('common.measure'),
            width: 96,
            sorter: sortable ? byMeasure : undefined,
            defaultSortOrder: sortable ? ('ascend' as const) : undefined,
            render: (_: unknown, row: TargetView) => <MeasureLink n={row.measure} />,
          },
        ]
      : []),
    {
      key: 'metric',
      title: t('targets.metric'),
      width: 220,
      sorter: sortable ? (a, b) => a.metric.localeCompare(b.metric, 'zh-CN') : undefined,
      render: (_, row) => (
        <>
          <div>{pick(row.metric, row.metricEn)}</div>
          {lang === 'en' && <Typography.Text type="secondary">{row.metric}</Typography.Text>}
        </>
      ),
    },
    {
      key: 'value',
      title: t('targets.value'),
      width: 140,
      render: (_, row) => (
        <Tooltip title={t(`comparator.${row.comparator}`)}>
          <Typography.Text strong>{formatComparison(row.comparator, row.value, row.unit, lang)}</Typography.Text>
        </Tooltip>
      ),
    },
    {
      key: 'deadline',
      title: t('targets.deadline'),
      dataIndex: 'deadline',
      width: 112,
      sorter: sortable ? (a, b) => a.deadline.localeCompare(b.deadline) : undefined,
    },
    {
      key: 'scope',
      title: t('targets.scope'),
      width: 116,
      render: (_, row) => <Tag color={row.scope === 'per_unit' ? 'purple' : 'default'}>{t(`scope.${row.scope}`)}</Tag>,
    },
    ...(showDepartments
      ? [
          {
            key: 'departments',
            title: t('targets.responsible'),
            width: 220,
            render: (_: unknown, row: TargetView) => <DepartmentTags ids={row.responsibleDepartments} max={3} />,
          },
        ]
      : []),
    {
      key: 'quote',
      title: t('common.quote'),
      render: (_, row) => <p className="quote">{row.quote ?? '—'}</p>,
    },
  ];
  return (
    <div data-testid={testId}>
      <Table<TargetView>
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
