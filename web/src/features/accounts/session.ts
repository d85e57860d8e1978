/** The caller's session as the interface sees it, and what signing in and out does to the caches. */
import { useCallback } from 'react';
import { hashKey, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { AccountView, SessionView } from '../../../../src/contract/accounts';
import type { Permission } from '../../../../src/domain/access/permissions';
import { authQueries, SESSION_KEY, signOut } from './api/auth';
import { hasPermission } from './access';

/**
 * Everything cached but the plan (public, the same for everyone) and the session itself belongs to the
 * caller: accounts, merchants, audit entries, budget pools… It is dropped whenever who is signed in changes.
 */
function forgetPrivateData(client: QueryClient): void {
  client.removeQueries({
    predicate: (query) => query.queryKey[0] !== 'plan' && query.queryHash !== hashKey(SESSION_KEY),
  });
}

/** The session: `session` is null when signed out, undefined while the first check runs. */
export function useSession() {
  const query = useQuery(authQueries.session());
  const session = query.data;
  const can = useCallback((permission: Permission) => hasPermission(session, permission), [session]);
  return { session, loading: query.isPending, error: query.error, can, query };
}

/** After sign-in or registration: the new session is the current one, the previous caller's data goes. */
export function useSignedIn(): (session: SessionView) => void {
  const client = useQueryClient();
  return useCallback(
    (session: SessionView) => {
      forgetPrivateData(client);
      client.setQueryData(SESSION_KEY, session);
    },
    [client],
  );
}

/** Signs out and forgets the caller's data, whatever the server answers. */
export function useSignOut(): () => Promise<void> {
  const client = useQueryClient();
  return useCallback(async () => {
    try {
      await signOut();
    } finally {
      forgetPrivateData(client);
      client.setQueryData(SESSION_KEY, null);
    }
  }, [client]);
}

/** Puts a changed own account (bank account set) into the session without asking the server again. */
export function useUpdateOwnAccount(): (account: AccountView) => void {
  const client = useQueryClient();
  return useCallback(
    (account: AccountView) => {
      client.setQueryData<SessionView | null>(SESSION_KEY, (current) => (current ? { ...current, account } : current));
    },
    [client],
  );
}
