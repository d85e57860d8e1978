/**
 * Scope checks, decided by the roles that carry the permission being used. An account may hold several
 * roles (a cashier who is also a registered citizen, a department officer who also works a till): what it
 * may do with one permission is bounded by the assignments of the roles that hold that permission, never
 * widened by another role it happens to have. And nobody decides their own case: no one grants, redeems,
 * reviews or approves a subsidy, claim or batch of which they are the beneficiary.
 */
import { PERMISSIONS, type Permission } from '../domain/access/permissions.js';
import type { RoleAssignment } from '../contract/accounts.js';
import { AppError } from '../shared/errors.js';
import type { Principal } from './accounts/account-service.js';

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
