import { useMemo } from 'react';
import { Card, Flex, Input, Segmented, Select, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { ParameterSource } from '../../../../src/contract/plan';
import type { ParameterView } from '../../../../src/contract/plan';
import { planQueries } from './api';
import { FilterBar } from '../../lib/ui/FilterBar';
import { Loaded } from '../../lib/ui/Loaded';
import { PageHeader, usePageTitle } from '../../lib/ui/PageHeader';
import { ParametersTable } from './components/ParametersTable';
import { useUrlFilters } from '../../lib/hooks';
import { usePlanI18n } from './messages';
import { labelOf, programmeLabels } from './labels';
import { exportParameters } from './parameters/exportParameters';

const filterKeys = ['programme', 'source', 'q'] as const;
type Filters = Record<(typeof filterKeys)[number], string | undefined>;
const sources: ParameterSource[] = ['plan', 'national', 'henan'];
/** The group of parameters that belong to no programme, listed last (not a valid programme id). */
const NONE = '_none';

const programmeOf = (row: ParameterView) => row.appliesTo?.programme ?? NONE;

function matches(row: ParameterView, f: Filters): boolean {
  const q = f.q?.trim().toLowerCase();
  return (
    (!f.programme || programmeOf(row) === f.programme) &&
    (!f.source || row.source === f.source) &&
    (!q || [row.name, row.nameEn, row.key, row.quote ?? '', row.id].some((text) => text.toLowerCase().includes(q)))
  );
}

/** Programmes with their parameter counts, as tags that filter the table. */
function ProgrammeTags({
  all,
  selected,
  onSelect,
}: {
  all: readonly ParameterView[];
  selected?: string;
  onSelect: (programme?: string) => void;
}) {
  const { t, lang } = usePlanI18n();
  const counts = new Map<string, number>();
  for (const row of all) counts.set(programmeOf(row), (counts.get(programmeOf(row)) ?? 0) + 1);
  return (
    <Flex gap={6} wrap>
      {[...counts].map(([programme, n]) => (
        <Tag.CheckableTag
          key={programme}
          checked={selected === programme}
          onChange={(checked) => onSelect(checked ? programme : undefined)}
          className="programme-tag"
        >
          {programme === NONE ? t('parameters.general') : labelOf(programmeLabels, programme, lang)} · {n}
        </Tag.CheckableTag>
      ))}
    </Flex>
  );
}

export default function ParametersPage() {
  const i18n = usePlanI18n();
  const { t, lang } = i18n;
  usePageTitle(t('parameters.title'));
  const parameters = useQuery(planQueries.parameters());
  const { values, set, clear, active } = useUrlFilters(filterKeys);
  const all = useMemo(
    () =>
      [...(parameters.data ?? [])].sort(
        (a, b) =>
          Number(programmeOf(a) === NONE) - Number(programmeOf(b) === NONE) ||
          programmeOf(a).localeCompare(programmeOf(b)) ||
          a.key.localeCompare(b.key),
      ),
    [parameters.data],
  );
  const rows = useMemo(() => all.filter((row) => matches(row, values)), [all, values]);
  const programmes = [...new Set(all.map(programmeOf))];

  return (
    <Flex vertical gap={16} data-testid="parameters-page">
      <PageHeader
        title={t('parameters.title')}
        subtitle={parameters.data && t('parameters.subtitle', { n: parameters.data.length })}
      />
      <FilterBar count={rows.length} active={active} onClear={clear} onExport={() => exportParameters(rows, i18n)}>
        <Segmented
          value={values.source ?? ''}
          onChange={(v) => set('source', v)}
          options={[
            { value: '', label: t('common.all') },
            ...sources.map((s) => ({ value: s, label: t(`source.${s}`) })),
          ]}
        />
        <Select
          allowClear
          placeholder={t('parameters.programme')}
          style={{ width: 200 }}
          value={values.programme}
          onChange={(v?: string) => set('programme', v)}
          options={programmes.map((p) => ({
            value: p,
            label: p === NONE ? t('parameters.general') : labelOf(programmeLabels, p, lang),
          }))}
        />
        <Input.Search
          key={String(active)}
          allowClear
          placeholder={t('common.filterText')}
          style={{ width: 200 }}
          defaultValue={values.q}
          onSearch={(v) => set('q', v)}
        />
      </FilterBar>
      <Loaded query={parameters}>
        {() => (
          <Card variant="borderless">
            <Flex vertical gap={12}>
              <ProgrammeTags all={all} selected={values.programme} onSelect={(p) => set('programme', p)} />
              <ParametersTable rows={rows} pageSize={50} testId="parameters-table" />
            </Flex>
          </Card>
        )}
      </Loaded>
    </Flex>
  );
}
