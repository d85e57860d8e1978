/**
 * The budget's book-keeping inside a write transaction: one ledger transaction with its postings and
 * its audit entry, always together (docs/ledger.md). BudgetService decides what moves; this writes it.
 */
import type { Kysely } from 'kysely';
import type { BudgetRepository, HoldRow, NewTransaction } from '../../db/budget-repository.js';
import type { Database } from '../../db/tables.js';
import { businessDate } from '../../domain/budget/calendar.js';
import { balanceDelta } from '../../domain/budget/postings.js';
import type { PostingLeg, TransactionKind } from '../../domain/budget/types.js';
import type { AuditLog, AuditRecord } from '../audit/audit-log.js';
import { auditContextOf, type RequestContext } from '../context.js';
import { holdNotFound } from './budget-arguments.js';
import { newHoldId } from './hold-id.js';

/** The moment of an operation, as stored: ISO instant and China Standard Time business date. */
export interface Moment {
  readonly iso: string;
  readonly bookedOn: string;
}

/** The audit entry of one ledger transaction (the same for a step and for a batch). */
export function ledgerAuditRecord(
  kind: TransactionKind,
  poolId: string,
  transactionId: number,
  reference: string | null,
  fields: Partial<Pick<NewTransaction, 'hold_id' | 'destination' | 'note'>> & Pick<NewTransaction, 'amount_fen'>,
): AuditRecord {
  return {
    action: `ledger.${kind}`,
    subject: `pool:${poolId}`,
    after: {
      transactionId,
      amountFen: fields.amount_fen,
      holdId: fields.hold_id ?? null,
      destination: fields.destination ?? null,
      note: fields.note ?? null,
      reference,
    },
  };
}

/** A new hold's row: the amount held, nothing committed or returned yet. */
export function newHoldRow(hold: {
  readonly poolId: string;
  readonly amountFen: number;
  readonly idempotencyKey: string;
  readonly reference: string | null;
  readonly actor: string;
  readonly at: Moment;
}): HoldRow {
  return {
    id: newHoldId(),
    pool_id: hold.poolId,
    amount_fen: hold.amountFen,
    status: 'held',
    committed_fen: 0,
    reversed_fen: 0,
    idempotency_key: hold.idempotencyKey,
    reference: hold.reference,
    actor: hold.actor,
    created_at: hold.at.iso,
    settled_at: null,
  };
}

export class BudgetBook {
  constructor(
    private readonly repository: BudgetRepository,
    private readonly audit: AuditLog,
    private readonly now: () => Date,
  ) {}

  moment(): Moment {
    const now = this.now();
    return { iso: now.toISOString(), bookedOn: businessDate(now) };
  }
  /**
   * Applies a movement of money the hold already owns (commit, release, reverse). It cannot lack
   * money (the legs take from `held` or `spent` only what the hold row says is there), so a refusal
   * means the books disagree with the holds: stop, and roll the whole operation back.
   */
  async applyOwnMovement(
    trx: Kysely<Database>,
    poolId: string,
    legs: readonly PostingLeg[],
    at: Moment,
  ): Promise<void> {
    const pool = await this.repository.applyToPool(trx, poolId, balanceDelta(legs), { requireActive: false }, at.iso);
    if (pool === undefined) {
      throw new Error(`pool ${poolId} refused a movement of its own held or spent money: the books need checking`);
    }
  }

  async record(
    trx: Kysely<Database>,
    context: RequestContext,
    kind: TransactionKind,
    poolId: string,
    legs: readonly PostingLeg[],
    at: Moment,
    reference: string | null,
    fields: Partial<Pick<NewTransaction, 'hold_id' | 'idempotency_key' | 'destination' | 'note'>> &
      Pick<NewTransaction, 'amount_fen'>,
  ): Promise<number> {
    const transactionId = await this.repository.insertTransaction(
      trx,
      {
        pool_id: poolId,
        kind,
        hold_id: fields.hold_id ?? null,
        amount_fen: fields.amount_fen,
        idempotency_key: fields.idempotency_key ?? null,
        destination: fields.destination ?? null,
        actor: context.actor.id,
        reference,
        note: fields.note ?? null,
        created_at: at.iso,
        booked_on: at.bookedOn,
      },
      legs,
    );
    await this.audited(trx, context, ledgerAuditRecord(kind, poolId, transactionId, reference, fields));
    return transactionId;
  }

  async audited(trx: Kysely<Database>, context: RequestContext, record: AuditRecord): Promise<void> {
    await this.audit.append(trx, auditContextOf(context), record);
  }

  async requireHold(executor: Kysely<Database>, holdId: string): Promise<HoldRow> {
    const hold = await this.repository.findHold(executor, holdId);
    if (hold === undefined) throw holdNotFound(holdId);
    return hold;
  }
}
