import { describe, expect, it } from 'vitest';
import type { AccountView, RoleAssignment, SessionView } from '../../../../src/contract/accounts';
import type { Permission } from '../../../../src/domain/access/permissions';
import { cleanGrants, grantsOf, hasPermission, organisationLinks, workPages } from './access';

function session(permissions: Permission[], roles: RoleAssignment[] = []): SessionView {
  const account: AccountView = {
    id: 'a1',
    kind: 'staff',
    username: 'someone',
    name: '某人',
    mobile: null,
    idNumber: null,
    bankAccount: null,
    roles,
    status: 'active',
    lockedUntil: null,
    demo: false,
    createdAt: '2025-01-01T00:00:00.000Z',
    lastSignInAt: null,
  };
  return { account, permissions, csrfToken: 't', expiresAt: '2025-01-01T12:00:00.000Z' };
}

describe('hasPermission', () => {
  it('grants public to anyone and session to anyone signed in', () => {
    expect(hasPermission(null, 'public')).toBe(true);
    expect(hasPermission(null, 'session')).toBe(false);
    expect(hasPermission(session([]), 'session')).toBe(true);
  });

  it('grants other permissions only when the server listed them', () => {
    expect(hasPermission(session(['audit.read']), 'audit.read')).toBe(true);
    expect(hasPermission(session(['audit.read']), 'accounts.read')).toBe(false);
    expect(hasPermission(undefined, 'audit.read')).toBe(false);
  });
});

describe('workPages', () => {
  it('lists the pages of the permissions held, in menu order', () => {
    expect(workPages(null)).toEqual([]);
    expect(workPages(session(['session']))).toEqual(['account']);
    expect(workPages(session(['audit.read', 'accounts.read', 'merchants.read']))).toEqual([
      'account',
      'accounts',
      'merchants',
      'audit',
    ]);
    expect(workPages(session(['merchants.own']))).toEqual(['account', 'merchant']);
  });
});

describe('organisationLinks', () => {
  it('links department officers to their department and county officers to their unit, once each', () => {
    const links = organisationLinks([
      { role: 'department_officer', organisation: { kind: 'department', id: 'commerce', name: '市商务局' } },
      { role: 'county_officer', organisation: { kind: 'unit', id: 'hubin', name: '湖滨区' } },
      { role: 'county_officer', organisation: { kind: 'unit', id: 'hubin', name: '湖滨区' } },
      { role: 'reviewer', organisation: { kind: 'department', id: 'finance', name: '市财政局' } },
      { role: 'merchant_owner', organisation: { kind: 'merchant', id: 'm1', name: '某商户' } },
      { role: 'admin', organisation: null },
    ]);
    expect(links).toEqual([
      { kind: 'department', id: 'commerce', name: '市商务局', path: '/plan/departments/commerce' },
      { kind: 'unit', id: 'hubin', name: '湖滨区', path: '/plan/units/hubin' },
    ]);
  });
});

describe('grants', () => {
  it('turns assignments into grants and back without organisations where there are none', () => {
    expect(
      grantsOf([
        { role: 'admin', organisation: null },
        { role: 'county_officer', organisation: { kind: 'unit', id: 'u1', name: '湖滨区' } },
      ]),
    ).toEqual([{ role: 'admin' }, { role: 'county_officer', organisationId: 'u1' }]);
  });

  it('drops empty rows, organisations of unscoped roles and duplicates', () => {
    expect(
      cleanGrants([
        { role: 'auditor', organisationId: 'x' },
        {},
        { role: 'reviewer', organisationId: null },
        { role: 'reviewer' },
        { role: 'department_officer', organisationId: 'commerce' },
      ]),
    ).toEqual([{ role: 'auditor' }, { role: 'reviewer' }, { role: 'department_officer', organisationId: 'commerce' }]);
  });
});
