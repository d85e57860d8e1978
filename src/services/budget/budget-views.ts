/** Database rows of the ledger as the views the service returns (and the HTTP layer will serve). */
import type { HoldRow, PoolRow, PostingRow, TransactionRow } from '../../db/budget-repository.js';
import { NO_CHANGE, sliceCountOf, type SliceBalances } from '../../db/budget-slice-repository.js';
import {
  FUNDING_SOURCES,
  HOLD_STATUSES,
  POOL_STATUSES,
  BUDGET_LINES,
  REVERSAL_DESTINATIONS,
  TRANSACTION_KINDS,
  type FundingSource,
  type HoldStatus,
  type PoolStatus,
  type BudgetLine,
  type ReversalDestination,
  type TransactionKind,
} from '../../domain/budget/types.js';
import type { HoldView, PoolView, TransactionView } from '../../contract/budget.js';

function member<T extends string>(values: readonly T[], value: string, what: string): T {
  const found = values.find((candidate) => candidate === value);
  if (found === undefined) throw new Error(`the ledger holds an unknown ${what} "${value}"`);
  return found;
}

export function holdStatusOf(row: HoldRow): HoldStatus {
  return member(HOLD_STATUSES, row.status, 'hold status');
}

export function poolStatusOf(row: PoolRow): PoolStatus {
  return member(POOL_STATUSES, row.status, 'pool status');
}

/**
 * A pool as one pool: with `slices` (the sums of its slice rows 1 … K−1, when it is split), the
 * balances are the pool row's (slice 0) plus theirs.
 */
export function poolView(row: PoolRow, slices: SliceBalances = NO_CHANGE): PoolView {
  const fundedFen = row.funded_fen + slices.allottedFen;
  return {
    id: row.id,
    line: member<BudgetLine>(BUDGET_LINES, row.line, 'subsidy line'),
    unitId: row.unit_id,
    source: member<FundingSource>(FUNDING_SOURCES, row.source, 'funding source'),
    status: poolStatusOf(row),
    pauseReason: row.pause_reason,
    fundedFen,
    availableFen: row.available_fen + slices.availableFen,
    heldFen: row.held_fen + slices.heldFen,
    spentFen: row.spent_fen + slices.spentFen,
    withdrawnFen: row.withdrawn_fen,
    totalFen: fundedFen - row.withdrawn_fen,
    ...(sliceCountOf(row) > 1 ? { slices: sliceCountOf(row) } : {}),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function holdView(row: HoldRow): HoldView {
  return {
    id: row.id,
    poolId: row.pool_id,
    amountFen: row.amount_fen,
    status: holdStatusOf(row),
    committedFen: row.committed_fen,
    reversedFen: row.reversed_fen,
    idempotencyKey: row.idempotency_key,
    reference: row.reference,
    createdAt: row.created_at,
    settledAt: row.settled_at,
  };
}

export function transactionView(transaction: TransactionRow, postings: readonly PostingRow[]): TransactionView {
  return {
    id: transaction.id,
    poolId: transaction.pool_id,
    kind: member<TransactionKind>(TRANSACTION_KINDS, transaction.kind, 'transaction kind'),
    holdId: transaction.hold_id,
    amountFen: transaction.amount_fen,
    idempotencyKey: transaction.idempotency_key,
    destination:
      transaction.destination === null
        ? null
        : member<ReversalDestination>(REVERSAL_DESTINATIONS, transaction.destination, 'reversal destination'),
    actor: transaction.actor,
    reference: transaction.reference,
    note: transaction.note,
    createdAt: transaction.created_at,
    bookedOn: transaction.booked_on,
    postings: postings.map((posting) => ({
      account: posting.account,
      poolId: posting.pool_id,
      amountFen: posting.amount_fen,
    })),
  };
}
