/**
 * What the interface offers a caller, derived from the session alone: the permissions the server
 * granted (the server checks them again on every request) and the organisations of the roles.
 */
import type { OrganisationKind, Permission, Role } from '../../../../src/domain/access/permissions';
import type { RoleAssignment, RoleGrant, SessionView } from '../../../../src/contract/accounts';

export function hasPermission(session: SessionView | null | undefined, permission: Permission): boolean {
  if (permission === 'public') return true;
  if (!session) return false;
  if (permission === 'session') return true;
  return session.permissions.includes(permission);
}

/** The organisation each role is scoped to, and whether it must name one. */
export const ROLE_SCOPES: Record<Role, { kind: OrganisationKind; required: boolean } | null> = {
  citizen: null,
  merchant_owner: { kind: 'merchant', required: true },
  merchant_cashier: { kind: 'merchant', required: true },
  department_officer: { kind: 'department', required: true },
  county_officer: { kind: 'unit', required: true },
  county_finance_officer: { kind: 'unit', required: true },
  reviewer: { kind: 'department', required: false },
  finance_officer: { kind: 'department', required: false },
  auditor: null,
  admin: null,
  department_leader: { kind: 'department', required: true },
  county_leader: { kind: 'unit', required: true },
  city_leader: null,
};

/** A link to the plan page of an organisation a role is scoped to (我的部门, 我的县区). */
export interface OrganisationLink {
  kind: 'department' | 'unit';
  id: string;
  name: string;
  path: string;
}

/** Department officers get their department's plan page, county officers their unit's; each once. */
export function organisationLinks(roles: readonly RoleAssignment[]): OrganisationLink[] {
  const links = new Map<string, OrganisationLink>();
  for (const { role, organisation } of roles) {
    if (!organisation) continue;
    if (role === 'department_officer' && organisation.kind === 'department') {
      const path = `/plan/departments/${encodeURIComponent(organisation.id)}`;
      links.set(path, { kind: 'department', id: organisation.id, name: organisation.name, path });
    }
    if (role === 'county_officer' && organisation.kind === 'unit') {
      const path = `/plan/units/${encodeURIComponent(organisation.id)}`;
      links.set(path, { kind: 'unit', id: organisation.id, name: organisation.name, path });
    }
  }
  return [...links.values()];
}

/** The pages a signed-in caller may open beyond the public ones, in menu order. */
export type WorkPage = 'account' | 'merchant' | 'accounts' | 'merchants' | 'audit';

export const WORK_PAGES: Record<WorkPage, { path: string; permission: Permission }> = {
  account: { path: '/account', permission: 'session' },
  merchant: { path: '/merchant', permission: 'merchants.own' },
  accounts: { path: '/admin/accounts', permission: 'accounts.read' },
  merchants: { path: '/admin/merchants', permission: 'merchants.read' },
  audit: { path: '/audit', permission: 'audit.read' },
};

export function workPages(session: SessionView | null | undefined): WorkPage[] {
  return (Object.keys(WORK_PAGES) as WorkPage[]).filter((page) => hasPermission(session, WORK_PAGES[page].permission));
}

/** The grants that reproduce an account's role assignments (for editing them). */
export function grantsOf(roles: readonly RoleAssignment[]): RoleGrant[] {
  return roles.map(({ role, organisation }) => (organisation ? { role, organisationId: organisation.id } : { role }));
}

/** Grants as a form holds them, cleaned: no organisation where the role takes none, no duplicates. */
export function cleanGrants(grants: readonly { role?: Role; organisationId?: string | null }[]): RoleGrant[] {
  const seen = new Set<string>();
  const result: RoleGrant[] = [];
  for (const grant of grants) {
    if (!grant.role) continue;
    const organisationId = ROLE_SCOPES[grant.role] && grant.organisationId ? grant.organisationId : undefined;
    const key = `${grant.role}\u0000${organisationId ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    result.push(organisationId ? { role: grant.role, organisationId } : { role: grant.role });
  }
  return result;
}
