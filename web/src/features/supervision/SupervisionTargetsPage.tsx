/**
 * 督办事项: every target with its status, the reported and the platform figure and the gap between
 * them, and every task with its stage; for the whole city, or one department's or unit's page
 * (/supervision/departments/:id, /supervision/units/:id), filtered by status in the address bar.
 */
import { Card, Flex, Select, Table, Tag, Tooltip, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { ErrorAlert } from '../../lib/ui/ErrorAlert';
import { PageHeader, usePageTitle } from '../../lib/ui/PageHeader';
import { planQueries } from '../plan/api';
import { SUPERVISION_STATUSES, type SupervisionStatus, type TargetRow, type TaskRow } from './api';
import { StageTag, StatusTag } from './StatusTag';
import { percent, useSupervisionQueries, useSupervisionText } from './useSupervision';

function number(value: number | null): string {
  return value === null ? '—' : value.toLocaleString('zh-CN');
}

function SupervisionTargetsPage({ kind }: { kind?: 'department' | 'unit' }) {
  const { st, lang } = useSupervisionText();
  const { id } = useParams();
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') ?? undefined) as SupervisionStatus | undefined;
  const period = params.get('period') ?? undefined;
  const queries = useSupervisionQueries();
  const list = useQuery(
    queries.targets({
      ...(status === undefined ? {} : { status }),
      ...(period === undefined ? {} : { period }),
      ...(kind === 'department' && id !== undefined ? { department: id } : {}),
      ...(kind === 'unit' && id !== undefined ? { unit: id } : {}),
    }),
  );
  const departments = useQuery(planQueries.departments());
  const units = useQuery(planQueries.units());
  const orgName =
    kind === 'department'
      ? departments.data?.find((d) => d.id === id)?.[lang === 'en' ? 'nameEn' : 'name']
      : kind === 'unit'
        ? units.data?.find((u) => u.id === id)?.[lang === 'en' ? 'nameEn' : 'name']
        : undefined;
  const title = orgName === undefined ? st('sv.targets.title') : st('sv.targets.department', { name: orgName });
  usePageTitle(title);
  const unitStatus = (row: TargetRow) => (kind === 'unit' ? row.units.find((u) => u.unitId === id) : undefined);

  return (
    <Flex vertical gap={16} data-testid="supervision-targets">
      <PageHeader
        title={title}
        subtitle={list.data ? st('sv.asOf', { date: list.data.asOf }) : undefined}
        extra={
          <Select<SupervisionStatus>
            allowClear
            placeholder={st('sv.col.status')}
            value={status}
            onChange={(value) => setParams(value === undefined ? {} : { status: value })}
            options={SUPERVISION_STATUSES.map((s) => ({ value: s, label: st(`sv.status.${s}`) }))}
            style={{ width: 140 }}
            data-testid="filter-status"
          />
        }
      />
      {list.isError && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      <Card size="small" title={st('sv.col.target')}>
        <Table<TargetRow>
          size="small"
          rowKey="id"
          loading={list.isPending}
          dataSource={list.data?.targets ?? []}
          pagination={false}
          scroll={{ x: 900 }}
          data-testid="targets-table"
          columns={[
            { title: st('sv.col.measure'), dataIndex: 'measure', width: 60 },
            {
              title: st('sv.col.target'),
              dataIndex: 'metric',
              render: (metric: string, row) => (
                <Tooltip title={row.quote}>
                  <Link to={`/supervision/targets/${row.id}`}>{lang === 'en' ? row.metricEn : metric}</Link>
                </Tooltip>
              ),
            },
            { title: st('sv.col.lead'), dataIndex: 'leadName', width: 160 },
            {
              title: st('sv.col.value'),
              dataIndex: 'value',
              width: 110,
              render: (v: number, row) =>
                `${row.comparator === 'approx' ? '≈' : row.comparator === 'lte' ? '≤' : '≥'} ${number(v)}`,
            },
            {
              title: st('sv.col.reported'),
              dataIndex: 'reported',
              width: 110,
              render: (v: number | null, row) => number(unitStatus(row)?.reported ?? v),
            },
            {
              title: st('sv.col.platform'),
              key: 'platform',
              width: 120,
              render: (_v, row) =>
                row.platform === null ? (
                  '—'
                ) : (
                  <span data-testid={`platform-${row.id}`}>
                    {number(row.platform.value)} {row.platform.gap && <Tag color="red">{st('sv.gap')}</Tag>}
                  </span>
                ),
            },
            {
              title: st('sv.col.progress'),
              dataIndex: 'progressBp',
              width: 80,
              render: (bp: number | null) => percent(bp),
            },
            {
              title: st('sv.col.status'),
              dataIndex: 'status',
              width: 110,
              render: (s: SupervisionStatus, row) => <StatusTag status={unitStatus(row)?.status ?? s} />,
            },
          ]}
        />
      </Card>
      <Card size="small" title={st('sv.col.task')}>
        <Table<TaskRow>
          size="small"
          rowKey="id"
          loading={list.isPending}
          dataSource={list.data?.tasks ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          data-testid="tasks-table"
          columns={[
            { title: st('sv.col.measure'), dataIndex: 'measure', width: 60 },
            {
              title: st('sv.col.task'),
              dataIndex: 'quote',
              render: (q: string) => <Typography.Text>{q}</Typography.Text>,
            },
            { title: st('sv.col.lead'), dataIndex: 'leadName', width: 160 },
            {
              title: st('sv.col.stage'),
              dataIndex: 'stage',
              width: 100,
              render: (stage: TaskRow['stage']) => <StageTag stage={stage} />,
            },
            { title: st('sv.col.problems'), dataIndex: 'problems', width: 200 },
          ]}
        />
      </Card>
    </Flex>
  );
}

export default SupervisionTargetsPage;
export function DepartmentSupervisionPage() {
  return <SupervisionTargetsPage kind="department" />;
}
export function UnitSupervisionPage() {
  return <SupervisionTargetsPage kind="unit" />;
}
