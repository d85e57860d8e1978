/**
 * The plan API as TanStack Query options: one key per resource under 'plan'. Plan content is
 * immutable per version, so it never goes stale by time; the overview (which carries the
 * version's content hash) is re-checked, and a new hash invalidates everything else.
 */
import { queryOptions, type QueryClient } from '@tanstack/react-query';
import type {
  DepartmentDetail,
  DepartmentView,
  LintReport,
  ParameterView,
  PlanMeasure,
  PlanOverview,
  PlanVersionView,
  SearchResult,
  TargetView,
  UnitDetail,
  UnitView,
} from '../../../../src/contract/plan';
import { getJson } from '../../lib/api/client';

const base = '/api/v1/plan';

export const planQueries = {
  overview: () =>
    queryOptions({
      queryKey: ['plan', 'overview'],
      queryFn: ({ signal }) => getJson<PlanOverview>(base, undefined, signal),
      staleTime: 60_000,
      refetchOnWindowFocus: true,
    }),
  versions: () =>
    queryOptions({
      queryKey: ['plan', 'versions'],
      queryFn: ({ signal }) => getJson<PlanVersionView[]>(`${base}/versions`, undefined, signal),
    }),
  measures: () =>
    queryOptions({
      queryKey: ['plan', 'measures'],
      queryFn: ({ signal }) => getJson<PlanMeasure[]>(`${base}/measures`, undefined, signal),
    }),
  measure: (number: number) =>
    queryOptions({
      queryKey: ['plan', 'measures', number],
      queryFn: ({ signal }) => getJson<PlanMeasure>(`${base}/measures/${number}`, undefined, signal),
    }),
  targets: () =>
    queryOptions({
      queryKey: ['plan', 'targets'],
      queryFn: ({ signal }) => getJson<TargetView[]>(`${base}/targets`, undefined, signal),
    }),
  parameters: () =>
    queryOptions({
      queryKey: ['plan', 'parameters'],
      queryFn: ({ signal }) => getJson<ParameterView[]>(`${base}/parameters`, undefined, signal),
    }),
  departments: () =>
    queryOptions({
      queryKey: ['plan', 'departments'],
      queryFn: ({ signal }) => getJson<DepartmentView[]>(`${base}/departments`, undefined, signal),
    }),
  department: (id: string) =>
    queryOptions({
      queryKey: ['plan', 'departments', id],
      queryFn: ({ signal }) =>
        getJson<DepartmentDetail>(`${base}/departments/${encodeURIComponent(id)}`, undefined, signal),
    }),
  units: () =>
    queryOptions({
      queryKey: ['plan', 'units'],
      queryFn: ({ signal }) => getJson<UnitView[]>(`${base}/units`, undefined, signal),
    }),
  unit: (id: string) =>
    queryOptions({
      queryKey: ['plan', 'units', id],
      queryFn: ({ signal }) => getJson<UnitDetail>(`${base}/units/${encodeURIComponent(id)}`, undefined, signal),
    }),
  lint: () =>
    queryOptions({
      queryKey: ['plan', 'lint'],
      queryFn: ({ signal }) => getJson<LintReport>(`${base}/lint`, undefined, signal),
    }),
  search: (q: string) =>
    queryOptions({
      queryKey: ['plan', 'search', q],
      queryFn: ({ signal }) => getJson<SearchResult>(`${base}/search`, { q }, signal),
      enabled: q.trim().length > 0,
    }),
};

/** After the overview reports a new content hash, drop every other cached plan resource. */
export function invalidatePlanContent(client: QueryClient): Promise<void> {
  return client.invalidateQueries({
    predicate: (query) => query.queryKey[0] === 'plan' && query.queryKey[1] !== 'overview',
  });
}
