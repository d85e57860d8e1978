import { useMemo } from 'react';
import { Tooltip, Typography } from 'antd';
import { useQueries } from '@tanstack/react-query';
import { accountQueries } from '../accounts/api/accounts';
import { useSession } from '../accounts/session';
import { useAuditI18n } from './messages';

/** `system:demo` and the like are the platform itself, not an account. */
export function isSystemActor(actor: string): boolean {
  return actor === 'system' || actor.startsWith('system:');
}

/** Who acted without signing in (a failed sign-in in the security log): no account to look up. */
export const ANONYMOUS_ACTOR = 'anonymous';

/**
 * Names of the accounts that acted (audit entries and ledger transactions keep account ids): the
 * caller's own name (marked with `selfSuffix` when given), and others' looked up once each when the
 * caller may read accounts; without that permission the id is shown.
 */
export function useActorNames(actors: readonly string[], selfSuffix?: string): Map<string, string> {
  const { session, can } = useSession();
  const self = session?.account;
  const ids = useMemo(
    () =>
      [...new Set(actors)].filter((actor) => !isSystemActor(actor) && actor !== ANONYMOUS_ACTOR && actor !== self?.id),
    [actors, self?.id],
  );
  const results = useQueries({
    queries: ids.map((id) => ({
      ...accountQueries.one(id),
      enabled: can('accounts.read'),
      retry: false,
      staleTime: 300_000,
    })),
  });
  return useMemo(() => {
    const names = new Map<string, string>();
    if (self) names.set(self.id, selfSuffix === undefined ? self.name : `${self.name} · ${selfSuffix}`);
    results.forEach((result, index) => {
      const id = ids[index];
      if (id !== undefined && result.data) names.set(id, result.data.name);
    });
    return names;
  }, [results, ids, self, selfSuffix]);
}

/** An actor: its name (or a short id, the full id on hover), or "system" and what part of it. */
export function ActorName({ actor, name }: { actor: string; name: string | undefined }) {
  const { t } = useAuditI18n();
  if (actor === ANONYMOUS_ACTOR) return <span>{t('audit.anonymous')}</span>;
  if (isSystemActor(actor)) {
    return (
      <span>
        {t('audit.system')}{' '}
        <Typography.Text type="secondary" className="hash">
          {actor.replace(/^system:?/, '')}
        </Typography.Text>
      </span>
    );
  }
  return (
    <Tooltip title={<span className="hash">{actor}</span>}>
      <span>{name ?? <span className="hash">{actor.slice(0, 8)}…</span>}</span>
    </Tooltip>
  );
}
