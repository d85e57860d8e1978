/** What every budget page needs: its labels, the viewer's queries and the names of lines and units. */
import { useCallback, useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { budgetQueries, type PoolView, type BudgetLine } from './api';
import { planQueries } from '../plan/api';
import { useSession } from '../accounts/session';
import { useI18n } from '../../lib/i18n/useI18n';
import { lineName } from '../subsidy/lineOptions';
import { budgetText, type BudgetTranslate } from './messages';
import { CITY_WIDE } from './pools';

export function useBudgetText(): { bt: BudgetTranslate; lang: ReturnType<typeof useI18n>['lang'] } {
  const { lang } = useI18n();
  const bt = useCallback<BudgetTranslate>((key, vars) => budgetText(lang, key, vars), [lang]);
  return { bt, lang };
}

/** The budget queries of the signed-in account (its id is part of every key). */
export function useBudgetQueries() {
  const { session } = useSession();
  const viewer = session?.account.id ?? '';
  return useMemo(() => budgetQueries(viewer), [viewer]);
}

export interface UnitOption {
  id: string;
  label: string;
}

export interface PoolNaming {
  line: (line: BudgetLine) => string;
  unit: (unitId: string) => string;
  /** 家电以旧换新 · 湖滨区 · 市级 */
  pool: (pool: Pick<PoolView, 'line' | 'unitId' | 'source'>) => string;
  /** 全市 first, then the plan's implementing units in the plan's order. */
  units: UnitOption[];
  unitOrder: string[];
}

/** Names of lines (as the calculator names them), units (the plan's units, or 全市) and sources. */
export function usePoolNaming(): PoolNaming {
  const { bt, lang } = useBudgetText();
  const units = useQuery(planQueries.units());
  return useMemo(() => {
    const english = lang === 'en';
    const unitName = new Map((units.data ?? []).map((u) => [u.id, english ? u.nameEn : u.shortName]));
    const line = (id: BudgetLine) => lineName(id, english);
    const unit = (id: string) => (id === CITY_WIDE ? bt('budget.cityWide') : (unitName.get(id) ?? id));
    return {
      line,
      unit,
      pool: (pool) => [line(pool.line), unit(pool.unitId), bt(`budget.source.${pool.source}`)].join(' · '),
      units: [
        { id: CITY_WIDE, label: bt('budget.cityWide') },
        ...(units.data ?? []).map((u) => ({ id: u.id, label: english ? u.nameEn : u.shortName })),
      ],
      unitOrder: (units.data ?? []).map((u) => u.id),
    };
  }, [units.data, bt, lang]);
}
