/** Accounts and their roles, for admins (manage), reviewers and auditors (read). */
import { queryOptions } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type {
  AccountList,
  AccountListQuery,
  AccountView,
  RevealedValue as RevealedValueSchema,
  RevealInput,
  RoleGrant,
  StaffAccountInput,
} from '../../../../../src/contract/accounts';
import { getJson, sendJson } from '../../../lib/api/client';

export type AccountStatus = AccountView['status'];
export type RevealField = RevealInput['field'];
/** The contract's RevealedValue schema has no type of its own: derived here, not retyped. */
export type RevealedValue = Static<typeof RevealedValueSchema>;

const base = '/api/v1/accounts';
const path = (id: string, rest = '') => `${base}/${encodeURIComponent(id)}${rest}`;

export const accountQueries = {
  all: ['accounts'] as const,
  list: (query: AccountListQuery) =>
    queryOptions({
      queryKey: ['accounts', 'list', query],
      queryFn: ({ signal }) => getJson<AccountList>(base, { ...query }, signal),
      staleTime: 10_000,
      placeholderData: (previous) => previous,
    }),
  one: (id: string) =>
    queryOptions({
      queryKey: ['accounts', 'one', id],
      queryFn: ({ signal }) => getJson<AccountView>(path(id), undefined, signal),
      staleTime: 10_000,
    }),
};

export function createStaffAccount(account: StaffAccountInput): Promise<AccountView> {
  return sendJson<AccountView>('POST', base, account);
}

export function setRoles(id: string, roles: RoleGrant[]): Promise<AccountView> {
  return sendJson<AccountView>('PUT', path(id, '/roles'), { roles });
}

export type AccountAction = 'disable' | 'enable' | 'unlock';

export function accountAction(id: string, action: AccountAction): Promise<AccountView> {
  return sendJson<AccountView>('POST', path(id, `/${action}`));
}

export function resetPassword(id: string, newPassword: string): Promise<void> {
  return sendJson<void>('POST', path(id, '/password'), { newPassword });
}

export function reveal(id: string, field: RevealField, reason: string): Promise<RevealedValue> {
  return sendJson<RevealedValue>('POST', path(id, '/reveal'), { field, reason });
}
