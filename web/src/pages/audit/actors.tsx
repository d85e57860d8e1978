import { useMemo } from 'react';
import { Tooltip, Typography } from 'antd';
import { useQueries } from '@tanstack/react-query';
import type { AuditEntry } from '../../api/accessTypes';
import { accountQueries } from '../../api/accounts';
import { useSession } from '../../auth/session';
import { useI18n } from '../../i18n/useI18n';

/** `system:demo` and the like are the platform itself, not an account. */
export function isSystemActor(actor: string): boolean {
  return actor.startsWith('system:') || actor === 'system';
}

/**
 * Names of the accounts that acted in these entries (audit entries keep only account ids), looked
 * up once each when the caller may read accounts.
 */
export function useActorNames(entries: readonly AuditEntry[]): Map<string, string> {
  const { can } = useSession();
  const ids = useMemo(
    () => [...new Set(entries.map((e) => e.actor).filter((actor) => !isSystemActor(actor)))],
    [entries],
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
    results.forEach((result, index) => {
      const id = ids[index];
      if (id !== undefined && result.data) names.set(id, result.data.name);
    });
    return names;
  }, [results, ids]);
}

export function ActorName({ actor, name }: { actor: string; name: string | undefined }) {
  const { t } = useI18n();
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
