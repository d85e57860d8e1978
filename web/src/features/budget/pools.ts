/**
 * Budget pools as the dashboard lists them: the vocabularies (lines, sources, statuses, transaction
 * kinds), the filters kept in the address bar, the totals of the filtered pools and the order shown.
 */
import type { FundingSource, PoolListQuery, PoolStatus, PoolView, TransactionKind } from './api';
import { BUDGET_LINES, type BudgetLine } from '../../../../src/domain/budget/types';

export { BUDGET_LINES };

/** The unit id of a city-wide pool (docs/ledger.md). */
export const CITY_WIDE = 'city';

export const FUNDING_SOURCES = ['central', 'provincial', 'city', 'union'] as const satisfies readonly FundingSource[];
export const POOL_STATUSES = ['active', 'paused'] as const satisfies readonly PoolStatus[];
export const TRANSACTION_KINDS = [
  'fund',
  'hold',
  'commit',
  'release',
  'reverse',
  'pause',
  'resume',
  'rebalance',
  'commit_set',
] as const satisfies readonly TransactionKind[];

/** Tag colours of the transaction kinds: money in, money reserved, money out, money back, status. */
export const KIND_COLORS: Record<TransactionKind, string> = {
  fund: 'green',
  hold: 'gold',
  commit: 'blue',
  release: 'cyan',
  reverse: 'purple',
  pause: 'red',
  resume: 'lime',
  rebalance: 'geekblue',
  commit_set: 'blue',
};

export const SOURCE_COLORS: Record<FundingSource, string> = {
  central: 'red',
  provincial: 'orange',
  city: 'blue',
  union: 'magenta',
};

function oneOf<T extends string>(values: readonly T[], value: string | undefined): T | undefined {
  return values.find((v) => v === value);
}

export const asLine = (value: string | undefined): BudgetLine | undefined => oneOf(BUDGET_LINES, value);
export const asSource = (value: string | undefined): FundingSource | undefined => oneOf(FUNDING_SOURCES, value);
export const asStatus = (value: string | undefined): PoolStatus | undefined => oneOf(POOL_STATUSES, value);

export function filterPools(pools: readonly PoolView[], filter: PoolListQuery): PoolView[] {
  return pools.filter(
    (pool) =>
      (filter.line === undefined || pool.line === filter.line) &&
      (filter.unitId === undefined || pool.unitId === filter.unitId) &&
      (filter.source === undefined || pool.source === filter.source) &&
      (filter.status === undefined || pool.status === filter.status),
  );
}

/**
 * Pools in the plan's order: by line as the plan lists them, then city-wide before the units in
 * `unitOrder` (unknown units last, by id), then central, provincial, city money.
 */
export function sortPools(pools: readonly PoolView[], unitOrder: readonly string[]): PoolView[] {
  const unitRank = (unitId: string) => {
    if (unitId === CITY_WIDE) return -1;
    const index = unitOrder.indexOf(unitId);
    return index < 0 ? unitOrder.length : index;
  };
  return [...pools].sort(
    (a, b) =>
      BUDGET_LINES.indexOf(a.line) - BUDGET_LINES.indexOf(b.line) ||
      unitRank(a.unitId) - unitRank(b.unitId) ||
      a.unitId.localeCompare(b.unitId) ||
      FUNDING_SOURCES.indexOf(a.source) - FUNDING_SOURCES.indexOf(b.source),
  );
}

export interface PoolTotals {
  count: number;
  fundedFen: number;
  availableFen: number;
  heldFen: number;
  spentFen: number;
  withdrawnFen: number;
  /** fundedFen − withdrawnFen = availableFen + heldFen + spentFen */
  totalFen: number;
}

/** The sums of the pools' balances (exact while below 2^53 fen, some 90 trillion yuan). */
export function totalsOf(pools: readonly PoolView[]): PoolTotals {
  const totals: PoolTotals = {
    count: pools.length,
    fundedFen: 0,
    availableFen: 0,
    heldFen: 0,
    spentFen: 0,
    withdrawnFen: 0,
    totalFen: 0,
  };
  for (const pool of pools) {
    totals.fundedFen += pool.fundedFen;
    totals.availableFen += pool.availableFen;
    totals.heldFen += pool.heldFen;
    totals.spentFen += pool.spentFen;
    totals.withdrawnFen += pool.withdrawnFen;
    totals.totalFen += pool.totalFen;
  }
  return totals;
}
