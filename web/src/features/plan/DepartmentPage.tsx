import { Card, Descriptions, Flex, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import type { DepartmentDetail } from '../../../../src/contract/plan';
import { planQueries } from './api';
import { Loaded } from '../../lib/ui/Loaded';
import { MeasureList } from './components/MeasureList';
import { PageHeader, usePageTitle } from '../../lib/ui/PageHeader';
import { TargetsTable } from './components/TargetsTable';
import { usePlanI18n } from './messages';

function DepartmentDetails({ detail }: { detail: DepartmentDetail }) {
  const { t, pick, lang } = usePlanI18n();
  const { department, measures, targets } = detail;
  usePageTitle(pick(department.name, department.nameEn));
  return (
    <Flex vertical gap={16} data-testid="department-page">
      <PageHeader
        breadcrumb={[
          { title: <Link to="/plan/departments">{t('nav.departments')}</Link> },
          { title: pick(department.shortName, department.nameEn) },
        ]}
        title={pick(department.name, department.nameEn)}
        subtitle={lang === 'en' ? department.name : department.nameEn}
      />
      <Card variant="borderless">
        <Descriptions
          column={{ xs: 1, md: 2, xl: 4 }}
          items={[
            { key: 'short', label: t('departments.shortName'), children: department.shortName },
            { key: 'kind', label: t('common.kind'), children: <Tag>{t(`deptKind.${department.kind}`)}</Tag> },
            { key: 'measures', label: t('common.measuresCount'), children: measures.length },
            { key: 'targets', label: t('common.targetsCount'), children: targets.length },
            {
              key: 'aliases',
              label: t('departments.aliases'),
              span: 'filled',
              children: department.aliases.length ? department.aliases.map((a) => <Tag key={a}>{a}</Tag>) : '—',
            },
          ]}
        />
      </Card>
      <Card variant="borderless" title={`${t('departments.measures')}（${measures.length}）`}>
        <MeasureList measures={measures} />
      </Card>
      <Card variant="borderless" title={`${t('departments.targets')}（${targets.length}）`}>
        <TargetsTable rows={targets} sortable pageSize={20} testId="department-targets" />
      </Card>
    </Flex>
  );
}

export default function DepartmentPage() {
  const { id = '' } = useParams();
  const detail = useQuery(planQueries.department(id));
  return <Loaded query={detail}>{(data) => <DepartmentDetails detail={data} />}</Loaded>;
}
