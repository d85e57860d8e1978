/**
 * The budget pool API (docs/ledger.md, src/http/routes/budget/budget-routes.ts): pools with their
 * balances, transactions, daily balances, burn-rate forecast and the books check for finance officers
 * and auditors (budget.read); creating, funding, pausing and resuming pools for finance officers
 * (budget.manage). Money is integer fen everywhere.
 *
 * Query keys start with 'budget' and the signed-in account's id, so one caller's cached pools are never
 * shown to the next caller of the same tab; `budgetKeys.all` invalidates them all after a change.
 */
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type {
  BooksReport,
  BurnForecast,
  CreatePoolInput,
  PoolCreated,
  PoolDay,
  PoolHistory as PoolHistorySchema,
  PoolList as PoolListSchema,
  PoolListQuery as PoolListQuerySchema,
  PoolStatusChanged,
  PoolView,
  TrancheInput,
  TrancheReceived,
  TransactionList as TransactionListSchema,
  TransactionView,
} from '../../../../src/contract/budget';
import type { FundingSource, PoolStatus } from '../../../../src/domain/budget/types';
import type { BudgetLine } from '../../../../src/domain/budget/types';
import { getJson, sendJson } from '../../lib/api/client';

export type { BooksReport, BurnForecast, FundingSource, PoolDay, PoolStatus, PoolView, BudgetLine, TransactionView };
export type TransactionKind = TransactionView['kind'];
// The contract has these schemas without a type of their own: their types, derived, not retyped.
export type PoolList = Static<typeof PoolListSchema>;
export type PoolListQuery = Static<typeof PoolListQuerySchema>;
export type PoolHistory = Static<typeof PoolHistorySchema>;
export type TransactionList = Static<typeof TransactionListSchema>;

const base = '/api/v1/budget';
const poolPath = (poolId: string, rest = '') => `${base}/pools/${encodeURIComponent(poolId)}${rest}`;

/** The ledger answers at most this many transactions per request. */
export const TRANSACTION_PAGE = 1000;

export const budgetKeys = {
  all: ['budget'] as const,
};

/** The queries of one viewer (the signed-in account's id, '' when signed out). */
export function budgetQueries(viewer: string) {
  return {
    pools: () =>
      queryOptions({
        queryKey: ['budget', viewer, 'pools'],
        queryFn: ({ signal }) => getJson<PoolList>(`${base}/pools`, undefined, signal),
        select: (answer) => answer.items,
        staleTime: 15_000,
        refetchOnWindowFocus: true,
      }),
    pool: (poolId: string) =>
      queryOptions({
        queryKey: ['budget', viewer, 'pool', poolId],
        queryFn: ({ signal }) => getJson<PoolView>(poolPath(poolId), undefined, signal),
        staleTime: 15_000,
        refetchOnWindowFocus: true,
      }),
    history: (poolId: string) =>
      queryOptions({
        queryKey: ['budget', viewer, 'history', poolId],
        queryFn: ({ signal }) => getJson<PoolHistory>(poolPath(poolId, '/history'), undefined, signal),
        select: (answer) => answer.days,
        staleTime: 15_000,
      }),
    forecast: (poolId: string, windowDays: number) =>
      queryOptions({
        queryKey: ['budget', viewer, 'forecast', poolId, windowDays],
        queryFn: ({ signal }) => getJson<BurnForecast>(poolPath(poolId, '/forecast'), { windowDays }, signal),
        staleTime: 15_000,
      }),
    /** The pool's transactions newest first, a page at a time (`before` = the oldest id seen). */
    transactions: (poolId: string) =>
      infiniteQueryOptions({
        queryKey: ['budget', viewer, 'transactions', poolId],
        queryFn: ({ signal, pageParam }) =>
          getJson<TransactionList>(
            poolPath(poolId, '/transactions'),
            { before: pageParam, limit: TRANSACTION_PAGE },
            signal,
          ),
        initialPageParam: Number.MAX_SAFE_INTEGER,
        getNextPageParam: (last) =>
          last.items.length < TRANSACTION_PAGE ? undefined : last.items[last.items.length - 1]?.id,
        staleTime: 15_000,
      }),
    books: () =>
      queryOptions({
        queryKey: ['budget', viewer, 'books'],
        queryFn: ({ signal }) => getJson<BooksReport>(`${base}/books`, undefined, signal),
        staleTime: 30_000,
      }),
  };
}

/** Opens the pool (or finds it: a pool's id is its line, implementing unit and source). */
export function createPool(pool: CreatePoolInput): Promise<PoolCreated> {
  return sendJson('POST', `${base}/pools`, pool);
}

/**
 * A tranche arrives. `idempotencyKey` must be the same on every retry of one submission, so a retry
 * after a lost answer never funds twice (the server then answers the first result again).
 */
export function fundPool(poolId: string, tranche: TrancheInput, idempotencyKey: string): Promise<TrancheReceived> {
  return sendJson('POST', poolPath(poolId, '/tranches'), tranche, { 'idempotency-key': idempotencyKey });
}

/** Stops new holds; held money may still be paid or released. An empty reason is sent as none. */
export function pausePool(poolId: string, reason: string): Promise<PoolStatusChanged> {
  const text = reason.trim();
  return sendJson('POST', poolPath(poolId, '/pause'), text ? { reason: text } : {});
}

export function resumePool(poolId: string): Promise<PoolStatusChanged> {
  return sendJson('POST', poolPath(poolId, '/resume'));
}
