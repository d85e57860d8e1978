import { useMemo } from 'react';
import { Tooltip, Typography } from 'antd';
import { useQueries } from '@tanstack/react-query';
import { accountQueries } from '../../api/accounts';
import { useSession } from '../../auth/session';
import { useBudgetText } from './useBudget';

const isSystem = (actor: string) => actor === 'system' || actor.startsWith('system:');

/**
 * Names of the accounts that acted (the ledger keeps account ids): the caller's own name, and others'
 * looked up once each when the caller may read accounts (auditors); finance officers see the id.
 */
export function useActorNames(actors: readonly string[]): Map<string, string> {
  const { session, can } = useSession();
  const { bt } = useBudgetText();
  const self = session?.account;
  const ids = useMemo(
    () => [...new Set(actors)].filter((actor) => !isSystem(actor) && actor !== self?.id),
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
    if (self) names.set(self.id, `${self.name} · ${bt('budget.tx.you')}`);
    results.forEach((result, index) => {
      const id = ids[index];
      if (id !== undefined && result.data) names.set(id, result.data.name);
    });
    return names;
  }, [results, ids, self, bt]);
}

export function ActorLabel({ actor, name }: { actor: string; name: string | undefined }) {
  const { bt } = useBudgetText();
  if (isSystem(actor)) {
    return (
      <span>
        {bt('budget.tx.system')}{' '}
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
