/**
 * The budget ledger's vocabulary: budget pools (资金池) by subsidy line, implementing unit and funding source;
 * the accounts money sits in; the kinds of transaction that move it. Money is integer fen. The views
 * the API answers with are in src/contract/budget.ts.
 */
import { SUBSIDY_LINES, type SubsidyLine } from '../subsidy/subsidy-lines.js';

/** The subsidy lines that spend from budget pools. */
export { SUBSIDY_LINES, type SubsidyLine };

/**
 * What a budget pool is for: a subsidy line, or `voucher` — consumption vouchers (消费券, measures 11–13, 19
 * and 24), which spend through campaigns rather than the subsidy engine.
 */
export const BUDGET_LINES = [...SUBSIDY_LINES, 'voucher'] as const;
export type BudgetLine = (typeof BUDGET_LINES)[number];

/**
 * Where a tranche comes from: 2025 money arrives from the centre, the province and the city itself; `union`
 * is a grassroots trade union's own money for its members' vouchers (measure 24), not the government's.
 */
export const FUNDING_SOURCES = ['central', 'provincial', 'city', 'union'] as const;
export type FundingSource = (typeof FUNDING_SOURCES)[number];

/** The unit id of a city-wide pool; every other is an implementing-unit id (`lingbao`, `hubin` …). */
export const CITY_WIDE = 'city';

/** Implementing-unit ids as the plan writes them: lower case, digits and hyphens. */
export const UNIT_ID_PATTERN = /^[a-z][a-z0-9-]{0,79}$/;

export const POOL_STATUSES = ['active', 'paused'] as const;
export type PoolStatus = (typeof POOL_STATUSES)[number];

/**
 * A hold's life: `held` (money reserved for a pending subsidy) → `committed` (spent) or `released`
 * (back to available); a committed hold whose whole committed amount has been returned is `reversed`.
 */
export const HOLD_STATUSES = ['held', 'committed', 'released', 'reversed'] as const;
export type HoldStatus = (typeof HOLD_STATUSES)[number];

/** Each pool has three accounts; their balances never go below zero. */
export const POOL_ACCOUNTS = ['available', 'held', 'spent'] as const;
export type PoolAccount = (typeof POOL_ACCOUNTS)[number];

/**
 * Accounts outside the pools: one per funding source (money comes from it, so its balance is the
 * negative of everything that source has given) and the treasury (国库), which receives returned
 * subsidies that are taken out of the programme.
 */
export type FundingAccount = `funding:${FundingSource}`;
export type ExternalAccount = FundingAccount | 'treasury';
export const EXTERNAL_ACCOUNTS: readonly ExternalAccount[] = [
  'funding:central',
  'funding:provincial',
  'funding:city',
  'funding:union',
  'treasury',
];
export type Account = PoolAccount | ExternalAccount;

export function fundingAccount(source: FundingSource): FundingAccount {
  return `funding:${source}`;
}

export function isPoolAccount(account: Account): account is PoolAccount {
  return account === 'available' || account === 'held' || account === 'spent';
}

/**
 * `rebalance`: available money moved between two slices of one pool (a hot pool split into slices).
 * `commit_set`: many holds of one pool committed together (a settlement batch's final approval): one
 * transaction for all of them, each hold pointing at it (docs/ledger.md "Commits of a settlement").
 */
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
] as const;
export type TransactionKind = (typeof TRANSACTION_KINDS)[number];

/**
 * Where returned money goes. `pool` (the default) puts it back in the pool's available balance, so
 * the next applicant can have it: the money never left the treasury's programme budget (Henan: "the
 * subsidy goes back to the treasury", which for a pool still open means back into the pool).
 * `treasury` takes it out of the programme, e.g. after the programme has closed.
 */
export const REVERSAL_DESTINATIONS = ['pool', 'treasury'] as const;
export type ReversalDestination = (typeof REVERSAL_DESTINATIONS)[number];

export interface PoolKey {
  readonly line: BudgetLine;
  /** An implementing-unit id, or `city` for a city-wide pool. */
  readonly unitId: string;
  readonly source: FundingSource;
}

/** `appliance.lingbao.central`: readable, and the same in every process that creates the pool. */
export function poolIdOf(key: PoolKey): string {
  return `${key.line}.${key.unitId}.${key.source}`;
}

/**
 * A pool's balances. `fundedFen` is every tranche received; `withdrawnFen` is what went back to the
 * treasury. Always: fundedFen = availableFen + heldFen + spentFen + withdrawnFen, each ≥ 0.
 */
export interface PoolBalances {
  readonly fundedFen: number;
  readonly availableFen: number;
  readonly heldFen: number;
  readonly spentFen: number;
  readonly withdrawnFen: number;
}

export const ZERO_BALANCES: PoolBalances = { fundedFen: 0, availableFen: 0, heldFen: 0, spentFen: 0, withdrawnFen: 0 };

/**
 * One leg of a transaction. Positive amounts go into the account, negative ones out of it; the legs
 * of every transaction sum to zero. Pool accounts carry their pool id; external accounts carry null.
 */
export interface PostingLeg {
  readonly account: Account;
  readonly poolId: string | null;
  readonly amountFen: number;
  /**
   * The slice of the pool whose account the leg moves (a pool split into slices, docs/ledger.md
   * "Slices"); absent for slice 0, the pool's own row, and for accounts outside the pools.
   */
  readonly slice?: number;
}

/** The most slices a pool may be split into (slice 0 is the pool row; 1 … 63 are slice rows). */
export const MAX_SLICES = 64;

/** The largest amount the ledger stores: beyond it numbers lose precision in JavaScript. */
export const MAX_FEN = Number.MAX_SAFE_INTEGER;

export function isPositiveFen(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

/** The longest window a burn-rate forecast averages over (a year, leap or not). */
export const MAX_FORECAST_WINDOW_DAYS = 366;
