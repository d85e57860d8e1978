import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { DepartmentView, LintFinding, UnitView } from '../../../../src/contract/plan';
import { usePlanI18n } from './messages';
import { planQueries } from './api';

/** Departments by id, for turning the ids in measures and targets into names. */
export function useDepartmentIndex(): Map<string, DepartmentView> {
  const { data } = useQuery(planQueries.departments());
  return useMemo(() => new Map((data ?? []).map((d) => [d.id, d])), [data]);
}

/**
 * The longest run of leading words that most names share ("Sanmenxia Municipal"), so that
 * labels in a crowded place can drop it.
 */
export function commonLead(names: readonly string[]): string {
  let lead = '';
  for (;;) {
    const counts = new Map<string, number>();
    for (const name of names) {
      if (!name.startsWith(lead)) continue;
      const next = name.slice(lead.length).split(' ')[0];
      if (next) counts.set(next, (counts.get(next) ?? 0) + 1);
    }
    const [word, count] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
    if (!word || count * 2 <= names.length) return lead;
    lead = `${lead}${word} `;
  }
}

/** Short labels for departments: the short name in Chinese, the English name less its common lead in English. */
export function useDepartmentLabel(): (id: string) => string {
  const { lang } = usePlanI18n();
  const departments = useDepartmentIndex();
  return useMemo(() => {
    const lead = commonLead([...departments.values()].map((d) => d.nameEn));
    return (id: string) => {
      const department = departments.get(id);
      if (!department) return id;
      if (lang !== 'en') return department.shortName;
      return department.nameEn.startsWith(lead) ? department.nameEn.slice(lead.length) : department.nameEn;
    };
  }, [departments, lang]);
}

/** Implementing units by id. */
export function useUnitIndex(): Map<string, UnitView> {
  const { data } = useQuery(planQueries.units());
  return useMemo(() => new Map((data ?? []).map((u) => [u.id, u])), [data]);
}

/** Lint findings by the measures they concern (a finding on two measures is listed under both). */
export function useFindingsByMeasure(): Map<number, LintFinding[]> {
  const { data } = useQuery(planQueries.lint());
  return useMemo(() => {
    const index = new Map<number, LintFinding[]>();
    for (const finding of data?.findings ?? []) {
      for (const measure of finding.measures) index.set(measure, [...(index.get(measure) ?? []), finding]);
    }
    return index;
  }, [data]);
}
