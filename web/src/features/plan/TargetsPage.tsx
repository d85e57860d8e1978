import { useMemo } from 'react';
import { Card, Flex, Input, Select } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { Comparator } from '../../../../src/domain/plan/schema';
import type { TargetView } from '../../../../src/contract/plan';
import { planQueries } from './api';
import { useDepartmentIndex } from './lookups';
import { FilterBar } from '../../lib/ui/FilterBar';
import { Loaded } from '../../lib/ui/Loaded';
import { PageHeader, usePageTitle } from '../../lib/ui/PageHeader';
import { TargetsTable } from './components/TargetsTable';
import { comparatorSymbols, measureRef } from './format';
import { useUrlFilters } from '../../lib/hooks';
import { usePlanI18n } from './messages';
import { exportTargets } from './targets/exportTargets';
import { TargetsChart } from './targets/TargetsChart';

const filterKeys = ['action', 'measure', 'department', 'comparator', 'q'] as const;
type Filters = Record<(typeof filterKeys)[number], string | undefined>;

function matches(row: TargetView, f: Filters): boolean {
  const q = f.q?.trim().toLowerCase();
  return (
    (!f.action || row.action === Number(f.action)) &&
    (!f.measure || row.measure === Number(f.measure)) &&
    (!f.department || row.responsibleDepartments.includes(f.department)) &&
    (!f.comparator || row.comparator === f.comparator) &&
    (!q || [row.metric, row.metricEn, row.quote ?? '', row.id].some((text) => text.toLowerCase().includes(q)))
  );
}

function TargetsFilters({ filters, set }: { filters: Filters; set: (key: keyof Filters, value?: string) => void }) {
  const { t, pick, lang } = usePlanI18n();
  const overview = useQuery(planQueries.overview());
  const measures = useQuery(planQueries.measures());
  const departments = useDepartmentIndex();
  const comparators: Comparator[] = ['gte', 'approx', 'lte', 'eq'];
  return (
    <>
      <Select
        allowClear
        placeholder={t('common.action')}
        style={{ width: 180 }}
        value={filters.action}
        onChange={(v?: string) => set('action', v)}
        options={overview.data?.actions.map((a) => ({
          value: String(a.number),
          label: `${a.number}. ${pick(a.title, a.titleEn)}`,
        }))}
      />
      <Select
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        placeholder={t('common.measure')}
        style={{ width: 200 }}
        value={filters.measure}
        onChange={(v?: string) => set('measure', v)}
        options={measures.data
          ?.filter((m) => !filters.action || m.action === Number(filters.action))
          .map((m) => ({ value: String(m.number), label: `${measureRef(m.number, lang)}${pick(m.title, m.titleEn)}` }))}
      />
      <Select
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        placeholder={t('targets.responsible')}
        style={{ width: 200 }}
        value={filters.department}
        onChange={(v?: string) => set('department', v)}
        options={[...departments.values()].map((d) => ({ value: d.id, label: pick(d.name, d.nameEn) }))}
      />
      <Select
        allowClear
        placeholder={t('targets.comparator')}
        style={{ width: 130 }}
        value={filters.comparator}
        onChange={(v?: string) => set('comparator', v)}
        options={comparators.map((c) => ({ value: c, label: `${comparatorSymbols[c]} ${t(`comparator.${c}`)}` }))}
      />
      <Input.Search
        allowClear
        placeholder={t('common.filterText')}
        style={{ width: 200 }}
        defaultValue={filters.q}
        onSearch={(v) => set('q', v)}
      />
    </>
  );
}

export default function TargetsPage() {
  const i18n = usePlanI18n();
  const { t } = i18n;
  usePageTitle(t('targets.title'));
  const targets = useQuery(planQueries.targets());
  const departments = useDepartmentIndex();
  const { values, set, clear, active } = useUrlFilters(filterKeys);
  const rows = useMemo(() => (targets.data ?? []).filter((row) => matches(row, values)), [targets.data, values]);

  return (
    <Flex vertical gap={16} data-testid="targets-page">
      <PageHeader
        title={t('targets.title')}
        subtitle={targets.data && t('targets.subtitle', { n: targets.data.length })}
      />
      <FilterBar
        count={rows.length}
        active={active}
        onClear={clear}
        onExport={() => exportTargets(rows, departments, i18n)}
      >
        <TargetsFilters key={String(active)} filters={values} set={set} />
      </FilterBar>
      <Loaded query={targets}>
        {() => (
          <>
            <TargetsChart rows={rows} />
            <Card variant="borderless">
              <TargetsTable rows={rows} sortable pageSize={50} testId="targets-table" />
            </Card>
          </>
        )}
      </Loaded>
    </Flex>
  );
}
