import { useEffect, useMemo } from 'react';
import { useLocation, useSearchParams } from 'react-router-dom';

/** Scrolls to the element named by the URL's #hash once ready (content loaded) is true. */
export function useScrollToHash(ready: boolean) {
  const { hash } = useLocation();
  useEffect(() => {
    if (!ready || !hash) return;
    document.getElementById(decodeURIComponent(hash.slice(1)))?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }, [ready, hash]);
}

/** Filters kept in the URL's query string, so a filtered view can be bookmarked and shared. */
export function useUrlFilters<K extends string>(keys: readonly K[]) {
  const [params, setParams] = useSearchParams();
  const values = useMemo(
    () => Object.fromEntries(keys.map((k) => [k, params.get(k) ?? undefined])) as Record<K, string | undefined>,
    [keys, params],
  );
  /** Sets several filters at once (separate set calls in one event would each start from the same URL). */
  const update = (patch: Partial<Record<K, string | number | undefined | null>>) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(patch) as [K, string | number | undefined | null][]) {
          if (value === undefined || value === null || value === '') next.delete(key);
          else next.set(key, String(value));
        }
        return next;
      },
      { replace: true },
    );
  const set = (key: K, value: string | number | undefined | null) =>
    update({ [key]: value } as Partial<Record<K, string | number | undefined | null>>);
  const clear = () => setParams(new URLSearchParams(), { replace: true });
  const active = keys.some((k) => values[k] !== undefined);
  return { values, set, update, clear, active };
}
