import { useMemo, useState } from 'react';
import { Card, Flex, Input, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import type { DepartmentView } from '../../../../src/contract/plan';
import { planQueries } from './api';
import { Loaded } from '../../lib/ui/Loaded';
import { PageHeader, usePageTitle } from '../../lib/ui/PageHeader';
import { MeasureLink } from './components/tags';
import { usePlanI18n } from './messages';

function DepartmentsTable({ rows }: { rows: DepartmentView[] }) {
  const { t, pick, lang } = usePlanI18n();
  const columns: TableColumnsType<DepartmentView> = [
    {
      key: 'name',
      title: t('common.name'),
      sorter: (a, b) => a.name.localeCompare(b.name, 'zh-CN'),
      render: (_, d) => (
        <Flex vertical>
          <Link to={`/plan/departments/${encodeURIComponent(d.id)}`}>{pick(d.name, d.nameEn)}</Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {lang === 'en' ? d.name : d.nameEn}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      key: 'kind',
      title: t('common.kind'),
      width: 150,
      render: (_, d) => <Tag>{t(`deptKind.${d.kind}`)}</Tag>,
    },
    {
      key: 'measures',
      title: t('common.measuresCount'),
      width: 110,
      align: 'right',
      defaultSortOrder: 'descend',
      sorter: (a, b) => a.measureNumbers.length - b.measureNumbers.length,
      render: (_, d) => <Typography.Text strong>{d.measureNumbers.length}</Typography.Text>,
    },
    {
      key: 'targets',
      title: t('common.targetsCount'),
      width: 110,
      align: 'right',
      sorter: (a, b) => a.targetIds.length - b.targetIds.length,
      render: (_, d) => d.targetIds.length,
    },
    {
      key: 'measureNumbers',
      title: t('departments.measures'),
      width: '38%',
      render: (_, d) => (
        <Flex gap={4} wrap>
          {d.measureNumbers.map((n) => (
            <MeasureLink key={n} n={n} />
          ))}
        </Flex>
      ),
    },
  ];
  return (
    <Table<DepartmentView>
      rowKey="id"
      columns={columns}
      dataSource={rows}
      pagination={false}
      scroll={{ x: 900 }}
      data-testid="departments-table"
    />
  );
}

export default function DepartmentsPage() {
  const { t } = usePlanI18n();
  usePageTitle(t('departments.title'));
  const departments = useQuery(planQueries.departments());
  const [q, setQ] = useState('');
  const rows = useMemo(() => {
    const needle = q.trim().toLowerCase();
    return (departments.data ?? []).filter(
      (d) => !needle || [d.name, d.nameEn, d.shortName, ...d.aliases].some((s) => s.toLowerCase().includes(needle)),
    );
  }, [departments.data, q]);

  return (
    <Flex vertical gap={16} data-testid="departments-page">
      <PageHeader
        title={t('departments.title')}
        subtitle={departments.data && t('departments.subtitle', { n: departments.data.length })}
        extra={
          <Input.Search
            allowClear
            placeholder={t('common.filterText')}
            onChange={(e) => setQ(e.target.value)}
            style={{ width: 240 }}
          />
        }
      />
      <Loaded query={departments}>
        {() => (
          <Card variant="borderless">
            <DepartmentsTable rows={rows} />
          </Card>
        )}
      </Loaded>
    </Flex>
  );
}
