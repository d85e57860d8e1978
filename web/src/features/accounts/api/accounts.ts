/** Accounts and their roles, for admins (manage), reviewers and auditors (read). */
import { queryOptions } from '@tanstack/react-query';
import type {
  Account,
  AccountList,
  AccountQuery,
  NewStaffAccount,
  RevealField,
  Revealed,
  RoleGrant,
} from '../../../api/accessTypes';
import { getJson, sendJson } from '../../../lib/api/client';

const base = '/api/v1/accounts';
const path = (id: string, rest = '') => `${base}/${encodeURIComponent(id)}${rest}`;

export const accountQueries = {
  all: ['accounts'] as const,
  list: (query: AccountQuery) =>
    queryOptions({
      queryKey: ['accounts', 'list', query],
      queryFn: ({ signal }) => getJson<AccountList>(base, { ...query }, signal),
      staleTime: 10_000,
      placeholderData: (previous) => previous,
    }),
  one: (id: string) =>
    queryOptions({
      queryKey: ['accounts', 'one', id],
      queryFn: ({ signal }) => getJson<Account>(path(id), undefined, signal),
      staleTime: 10_000,
    }),
};

export function createStaffAccount(account: NewStaffAccount): Promise<Account> {
  return sendJson<Account>('POST', base, account);
}

export function setRoles(id: string, roles: RoleGrant[]): Promise<Account> {
  return sendJson<Account>('PUT', path(id, '/roles'), { roles });
}

export type AccountAction = 'disable' | 'enable' | 'unlock';

export function accountAction(id: string, action: AccountAction): Promise<Account> {
  return sendJson<Account>('POST', path(id, `/${action}`));
}

export function resetPassword(id: string, newPassword: string): Promise<void> {
  return sendJson<void>('POST', path(id, '/password'), { newPassword });
}

export function reveal(id: string, field: RevealField, reason: string): Promise<Revealed> {
  return sendJson<Revealed>('POST', path(id, '/reveal'), { field, reason });
}
