/** What the budget service's use cases and steps take and answer (the HTTP shapes are in src/contract/budget.ts). */
import type { HoldView, PoolView } from '../../contract/budget.js';
import type { LedgerOutcome } from '../../domain/budget/outcomes.js';
import type { FundingSource, ReversalDestination, BudgetLine } from '../../domain/budget/types.js';

export interface CreatePoolRequest {
  readonly line: BudgetLine;
  /** An implementing-unit id, or `city` for a city-wide pool. */
  readonly unitId: string;
  readonly source: FundingSource;
}

/** The caller's reference, stored with the ledger transaction: a claim id, a tranche's document number … */
export interface Referenced {
  readonly reference?: string | null;
}

export interface FundRequest extends Referenced {
  readonly amountFen: number;
  /** A retry with the same key does not fund twice. */
  readonly idempotencyKey: string;
}

export interface HoldRequest extends Referenced {
  readonly amountFen: number;
  /** A retry with the same key returns the same hold; the same key with another amount is refused. */
  readonly idempotencyKey: string;
}

export interface CommitRequest extends Referenced {
  /** What to spend, at most the held amount (the rest goes back to available); all of it when absent. */
  readonly amountFen?: number;
}

export interface ReverseRequest extends Referenced {
  /** What to return, at most committed minus already returned; all of that when absent. */
  readonly amountFen?: number;
  readonly idempotencyKey: string;
  /** `pool` (default): back to the pool's available balance; `treasury`: out of the programme. */
  readonly destination?: ReversalDestination;
}

export type PoolFilterRequest = {
  readonly line?: string;
  readonly unitId?: string;
  readonly source?: string;
  readonly status?: string;
};

export type FundOutcome = LedgerOutcome<{ readonly pool: PoolView; readonly transactionId: number }>;
export type HoldOutcome = LedgerOutcome<{ readonly hold: HoldView; readonly transactionId: number }>;
/** transactionId is null when nothing new was written (replayed). */
export type SettleOutcome = LedgerOutcome<{ readonly hold: HoldView; readonly transactionId: number | null }>;
export type ReverseOutcome = LedgerOutcome<{ readonly hold: HoldView; readonly transactionId: number }>;
export type PoolStatusOutcome = LedgerOutcome<{ readonly pool: PoolView; readonly transactionId: number | null }>;

/** One pool's ledger transaction of a set commit (`commit_set`), and what its holds add up to. */
export interface CommitSetTransaction {
  readonly poolId: string;
  readonly transactionId: number;
  readonly holds: number;
  /** Σ of the holds' held amounts (the `held` legs). */
  readonly heldFen: number;
  /** Σ of what they spent (the `spent` legs; the rest went back to available). */
  readonly committedFen: number;
}

/**
 * `commitSet`'s answer: how many holds it committed, how many were committed already as asked (replays,
 * left out), and its transactions, one per pool; `replayed` when it committed none.
 */
export type CommitSetOutcome = LedgerOutcome<{
  readonly committed: number;
  readonly replays: number;
  readonly transactions: readonly CommitSetTransaction[];
}>;
