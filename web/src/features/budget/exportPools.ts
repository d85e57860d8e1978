/** The pools table as CSV for Excel: names in the page's language, amounts as plain yuan with two decimals. */
import { downloadCsv } from '../../lib/csv';
import { formatShanghai } from '../../lib/datetime';
import type { Lang } from '../../lib/i18n/shared';
import type { PoolView } from './api';
import type { BudgetTranslate } from './messages';
import { shareText, yuanPlain } from '../../lib/money';

export interface PoolNames {
  line: (pool: PoolView) => string;
  unit: (pool: PoolView) => string;
}

export function poolCsv(
  pools: readonly PoolView[],
  names: PoolNames,
  bt: BudgetTranslate,
): { header: string[]; rows: (string | number)[][] } {
  return {
    header: [
      bt('budget.poolId'),
      bt('budget.line'),
      bt('budget.unit'),
      bt('budget.source'),
      bt('budget.status'),
      bt('budget.pauseReason'),
      bt('budget.funded'),
      bt('budget.available'),
      bt('budget.held'),
      bt('budget.spent'),
      bt('budget.withdrawn'),
      bt('budget.total'),
      bt('budget.shareSpent'),
      bt('budget.updatedAt'),
    ],
    rows: pools.map((pool) => [
      pool.id,
      names.line(pool),
      names.unit(pool),
      bt(`budget.source.${pool.source}`),
      bt(`budget.status.${pool.status}`),
      pool.pauseReason ?? '',
      yuanPlain(pool.fundedFen),
      yuanPlain(pool.availableFen),
      yuanPlain(pool.heldFen),
      yuanPlain(pool.spentFen),
      yuanPlain(pool.withdrawnFen),
      yuanPlain(pool.totalFen),
      shareText(pool.spentFen, pool.totalFen),
      formatShanghai(pool.updatedAt),
    ]),
  };
}

export function exportPools(pools: readonly PoolView[], names: PoolNames, bt: BudgetTranslate, lang: Lang): void {
  const { header, rows } = poolCsv(pools, names, bt);
  downloadCsv(lang === 'en' ? 'huimin-budget-pools.csv' : '惠民-资金池.csv', header, rows);
}
