/** What every supervision page needs: its labels, the viewer's queries, status colours. */
import { useCallback, useMemo } from 'react';
import { useSession } from '../accounts/session';
import { useI18n } from '../../lib/i18n/useI18n';
import { supervisionQueries, type SupervisionStatus } from './api';
import { supervisionText, type SupervisionTranslate } from './messages';

export function useSupervisionText(): { st: SupervisionTranslate; lang: ReturnType<typeof useI18n>['lang'] } {
  const { lang } = useI18n();
  const st = useCallback<SupervisionTranslate>((key, vars) => supervisionText(lang, key, vars), [lang]);
  return { st, lang };
}

export function useSupervisionQueries() {
  const { session } = useSession();
  const viewer = session?.account.id ?? '';
  return useMemo(() => supervisionQueries(viewer), [viewer]);
}

/** One colour per status, the same on every page and chart. */
export const STATUS_COLOURS: Record<SupervisionStatus, string> = {
  done: '#389e0d',
  on_track: '#1677ff',
  behind: '#faad14',
  at_risk: '#fa541c',
  overdue: '#cf1322',
  not_reported: '#bfbfbf',
};

export function percent(bp: number | null | undefined): string {
  return bp === null || bp === undefined ? '—' : `${(bp / 100).toFixed(1)}%`;
}
