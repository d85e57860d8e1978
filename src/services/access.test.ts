import { describe, expect, it } from 'vitest';
import { permissionsOf } from '../domain/access/permissions.js';
import type { RoleAssignment } from '../contract/accounts.js';
import type { Principal } from './accounts/account-service.js';
import { reaches, requireAccess } from './access.js';
import { accountContext } from './context.js';

function principal(...roles: RoleAssignment[]): Principal {
  const roleNames = roles.map((assignment) => assignment.role);
  return {
    accountId: 'a1',
    name: '测试',
    kind: 'staff',
    roles,
    roleNames,
    permissions: permissionsOf(roleNames),
    sessionId: 's',
    csrfToken: 'c',
    expiresAt: '2026-12-31T00:00:00.000Z',
  };
}
const cashierOf = (id: string): RoleAssignment => ({
  role: 'merchant_cashier',
  organisation: { kind: 'merchant', id, name: id },
});
const citizen: RoleAssignment = { role: 'citizen', organisation: null };
const reviewer: RoleAssignment = {
  role: 'reviewer',
  organisation: { kind: 'department', id: 'commerce', name: '商务局' },
};

describe('scope by the roles that carry the permission', () => {
  it('bounds a cashier by the case’s merchant, whatever other roles the account holds', () => {
    const cashier = principal(citizen, cashierOf('m1'));
    expect(reaches(cashier, 'subsidy.grant', { merchantId: 'm1' })).toBe(true);
    expect(reaches(cashier, 'subsidy.grant', { merchantId: 'm2' })).toBe(false);
    // a case without a merchant is out of a merchant role's reach
    expect(reaches(cashier, 'subsidy.grant', { merchantId: null })).toBe(false);
  });

  it('does not bound a reviewer by merchants: their department is not a kind the grant has', () => {
    const decider = principal(reviewer);
    expect(reaches(decider, 'subsidy.grant', { merchantId: 'm2' })).toBe(true);
    expect(reaches(decider, 'subsidy.grant', { merchantId: null })).toBe(true);
    // but a case in a department is bounded by the reviewer's own
    expect(reaches(decider, 'subsidy.grant', { departmentId: 'finance' })).toBe(false);
    expect(reaches(decider, 'subsidy.grant', { departmentId: 'commerce' })).toBe(true);
  });

  it('reaches nothing through roles that do not carry the permission', () => {
    expect(reaches(principal(citizen), 'subsidy.grant', { merchantId: 'm1' })).toBe(false);
  });

  it('refuses out of scope with FORBIDDEN naming the field', () => {
    const context = accountContext(principal(cashierOf('m1')), 'r1');
    expect(() =>
      requireAccess(context, 'subsidy.grant', { merchantId: 'm2' }, { message: 'not yours', field: 'id' }),
    ).toThrow(expect.objectContaining({ code: 'FORBIDDEN', field: 'id' }));
    expect(
      requireAccess(context, 'subsidy.grant', { merchantId: 'm1' }, { message: 'not yours', field: 'id' }).accountId,
    ).toBe('a1');
  });
});
