/**
 * Expected outcomes of ledger operations are values (ARCHITECTURE rule 5): an operation either
 * succeeds or is refused for a reason the caller can act on. Each refusal code is also an error code
 * in src/shared/errors.ts, so the HTTP layer maps it to a status through the one table.
 */
import { formatFen } from '../plan/units.js';
import type { HoldStatus } from './types.js';

export type LedgerRefusal =
  /** The pool's available balance is less than the amount asked for ("stop when exhausted"). */
  | {
      readonly code: 'BUDGET_EXHAUSTED';
      readonly poolId: string;
      readonly requestedFen: number;
      readonly availableFen: number;
    }
  /** The pool is paused: it takes no new holds until resumed. */
  | { readonly code: 'POOL_PAUSED'; readonly poolId: string; readonly reason: string | null }
  /** Commit or release of a hold that is no longer held (already released, or committed differently). */
  | { readonly code: 'HOLD_NOT_HELD'; readonly holdId: string; readonly status: HoldStatus }
  /** A return against a hold that was never committed. */
  | { readonly code: 'HOLD_NOT_COMMITTED'; readonly holdId: string; readonly status: HoldStatus }
  /** A return larger than what the hold spent and has not yet returned. */
  | {
      readonly code: 'REVERSAL_EXCEEDS_SPENT';
      readonly holdId: string;
      readonly requestedFen: number;
      readonly reversibleFen: number;
    }
  /** The idempotency key was used before for a different request (another amount, pool or kind). */
  | { readonly code: 'IDEMPOTENCY_KEY_REUSED'; readonly idempotencyKey: string };

export type LedgerRefusalCode = LedgerRefusal['code'];

export const LEDGER_REFUSAL_CODES: readonly LedgerRefusalCode[] = [
  'BUDGET_EXHAUSTED',
  'POOL_PAUSED',
  'HOLD_NOT_HELD',
  'HOLD_NOT_COMMITTED',
  'REVERSAL_EXCEEDS_SPENT',
  'IDEMPOTENCY_KEY_REUSED',
];

/**
 * The result of a ledger operation. `replayed` is true when the request had been carried out before
 * (same idempotency key, or a commit/release/pause/resume already in effect): nothing new was written.
 */
export type LedgerOutcome<T> =
  ({ readonly ok: true; readonly replayed: boolean } & T) | { readonly ok: false; readonly refusal: LedgerRefusal };

export function refused(refusal: LedgerRefusal): { readonly ok: false; readonly refusal: LedgerRefusal } {
  return { ok: false, refusal };
}

/** A message a finance officer can act on, in zh-CN. */
export function describeRefusal(refusal: LedgerRefusal): string {
  switch (refusal.code) {
    case 'BUDGET_EXHAUSTED':
      return `资金池 ${refusal.poolId} 可用余额 ${formatFen(refusal.availableFen)} 元，不足 ${formatFen(refusal.requestedFen)} 元：资金已用完即止`;
    case 'POOL_PAUSED':
      return `资金池 ${refusal.poolId} 已暂停${refusal.reason === null ? '' : `（${refusal.reason}）`}，暂不受理新的补贴`;
    case 'HOLD_NOT_HELD':
      return `预留 ${refusal.holdId} 当前状态为 ${refusal.status}，不能再确认或释放`;
    case 'HOLD_NOT_COMMITTED':
      return `预留 ${refusal.holdId} 当前状态为 ${refusal.status}，尚未支出，不能退回`;
    case 'REVERSAL_EXCEEDS_SPENT':
      return `预留 ${refusal.holdId} 最多可退回 ${formatFen(refusal.reversibleFen)} 元，申请退回 ${formatFen(refusal.requestedFen)} 元`;
    case 'IDEMPOTENCY_KEY_REUSED':
      return `幂等键 ${refusal.idempotencyKey} 已用于另一笔不同的请求`;
  }
}
