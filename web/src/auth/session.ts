/** The caller's session as the interface sees it, and what signing in and out does to the caches. */
import { useCallback } from 'react';
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { Account, Permission, Session } from '../api/accessTypes';
import { authQueries, SESSION_KEY, signOut } from '../api/auth';
import { hasPermission } from './access';

/** Caches that belong to a caller: dropped whenever who is signed in changes. */
const PRIVATE_KEYS = [['accounts'], ['merchants'], ['audit'], ['auth', 'roles']] as const;

function forgetPrivateData(client: QueryClient): void {
  for (const queryKey of PRIVATE_KEYS) client.removeQueries({ queryKey });
}

/** The session: `session` is null when signed out, undefined while the first check runs. */
export function useSession() {
  const query = useQuery(authQueries.session());
  const session = query.data;
  const can = useCallback((permission: Permission) => hasPermission(session, permission), [session]);
  return { session, loading: query.isPending, error: query.error, can, query };
}

/** After sign-in or registration: the new session is the current one, the previous caller's data goes. */
export function useSignedIn(): (session: Session) => void {
  const client = useQueryClient();
  return useCallback(
    (session: Session) => {
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
export function useUpdateOwnAccount(): (account: Account) => void {
  const client = useQueryClient();
  return useCallback(
    (account: Account) => {
      client.setQueryData<Session | null>(SESSION_KEY, (current) => (current ? { ...current, account } : current));
    },
    [client],
  );
}
