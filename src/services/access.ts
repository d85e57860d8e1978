/**
 * Scope checks, decided by the roles that carry the permission being used. An account may hold several
 * roles (a cashier who is also a registered citizen, a department officer who also works a till): what it
 * may do with one permission is bounded by the assignments of the roles that hold that permission, never
 * widened by another role it happens to have. And nobody decides their own case: no one grants, redeems,
 * reviews or approves a subsidy, claim or batch of which they are the beneficiary.
 */
import { PERMISSIONS, ROLE_INFO, type OrganisationKind, type Permission } from '../domain/access/permissions.js';
import type { RoleAssignment } from '../contract/accounts.js';
import { AppError } from '../shared/errors.js';
import type { Principal } from './accounts/account-service.js';
import { principalOf, type RequestContext } from './context.js';

/** The caller's role assignments whose role holds `permission`. */
export function assignmentsCarrying(principal: Principal, permission: Permission): readonly RoleAssignment[] {
  const holders = PERMISSIONS[permission].roles;
  if (holders === 'anyone' || holders === 'signed_in') return principal.roles;
  return principal.roles.filter((assignment) => (holders as readonly string[]).includes(assignment.role));
}

/** The ids of the organisations of one kind that the caller's `permission`-carrying roles name. */
export function organisationsCarrying(
  principal: Principal,
  permission: Permission,
  kind: 'department' | 'unit' | 'merchant',
): readonly string[] {
  return assignmentsCarrying(principal, permission)
    .filter((assignment) => assignment.organisation?.kind === kind)
    .map((assignment) => assignment.organisation?.id ?? '');
}

/** Refuses when the caller is the beneficiary of the case they are acting on. */
export function refuseOwnCase(principal: Principal, beneficiaryAccountId: string | null, what: string): void {
  if (beneficiaryAccountId !== null && beneficiaryAccountId === principal.accountId) {
    throw new AppError(
      'CONFLICT_OF_INTEREST',
      `you are the beneficiary of this ${what}: another person must act on it`,
    );
  }
}

/**
 * The organisations a case belongs to, as far as scope goes. `null`: the case has none of that kind (a
 * grant made without a merchant); absent: the kind does not apply to this case.
 */
export interface CaseOrganisations {
  readonly merchantId?: string | null;
  readonly unitId?: string | null;
  readonly departmentId?: string | null;
}

const CASE_FIELD: Readonly<Record<OrganisationKind, keyof CaseOrganisations>> = {
  merchant: 'merchantId',
  unit: 'unitId',
  department: 'departmentId',
};

/**
 * Whether one of the caller's roles that carry `permission` reaches a case. A carrying role is bounded
 * by its organisation kind where the case has that kind (a cashier by the case's merchant, a county
 * officer by its unit) and reaches nothing there when its assignment names no such organisation or the
 * case has none; where the kind does not apply to the case, the role is not bounded by it (a reviewer's
 * department does not limit the merchants whose grants they decide).
 */
export function reaches(principal: Principal, permission: Permission, organisations: CaseOrganisations): boolean {
  return assignmentsCarrying(principal, permission).some((assignment) => {
    const kind = ROLE_INFO[assignment.role].organisation;
    if (kind === null) return true;
    const field = CASE_FIELD[kind];
    if (!(field in organisations) || organisations[field] === undefined) return true;
    const caseId = organisations[field];
    return caseId !== null && assignment.organisation?.kind === kind && assignment.organisation.id === caseId;
  });
}

/**
 * The scope check at the top of a service method (in the manner of immich's `requireAccess`): the
 * signed-in caller, whose roles carrying `permission` reach the case; else FORBIDDEN naming `field`.
 * The route has already checked that the caller holds the permission at all.
 */
export function requireAccess(
  context: RequestContext,
  permission: Permission,
  organisations: CaseOrganisations,
  refusal: { readonly message: string; readonly field: string },
): Principal {
  const principal = principalOf(context);
  if (!reaches(principal, permission, organisations)) throw new AppError('FORBIDDEN', refusal.message, refusal.field);
  return principal;
}
