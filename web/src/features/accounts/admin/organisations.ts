import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { OrganisationKind } from '../../../../../src/domain/access/permissions';
import { merchantQueries } from '../api/merchants';
import { planQueries } from '../../plan/api';
import { useSession } from '../session';
import { useAccountsI18n } from '../messages';

export interface OrganisationOption {
  value: string;
  label: string;
}

/**
 * What a role may be scoped to: the plan's departments and implementing units, and the registered
 * merchants (read only by callers who may list merchants).
 */
export function useOrganisationOptions(): {
  options: Record<OrganisationKind, OrganisationOption[]>;
  loading: boolean;
} {
  const { pick } = useAccountsI18n();
  const { can } = useSession();
  const departments = useQuery(planQueries.departments());
  const units = useQuery(planQueries.units());
  const merchants = useQuery({ ...merchantQueries.list(), enabled: can('merchants.read') });
  const options = useMemo(
    () => ({
      department: (departments.data ?? []).map((d) => ({ value: d.id, label: pick(d.name, d.nameEn) })),
      unit: (units.data ?? []).map((u) => ({ value: u.id, label: pick(u.name, u.nameEn) })),
      merchant: (merchants.data?.items ?? []).map((m) => ({ value: m.id, label: `${m.name}（${m.creditCode}）` })),
    }),
    [departments.data, units.data, merchants.data, pick],
  );
  return { options, loading: departments.isPending || units.isPending };
}
