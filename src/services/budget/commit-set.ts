/**
 * Many holds committed together inside the caller's write transaction (a settlement batch's final
 * approval: 200,000 holds at once), recorded as **one ledger transaction per pool** (docs/ledger.md
 * "Commits of a settlement", docs/adr/0008-commit-set-per-pool.md): kind `commit_set`, postings per slice
 * `held` −ΣA, `spent` +ΣC and `available` +Σ(A − C) where some hold was committed for less, one audit
 * entry naming the caller's reference (the settlement batch) with the count and the sums. Every hold it
 * commits points at it (`budget_holds.commit_transaction_id`).
 *
 * The same rules as `commit` one hold at a time:
 * - only a hold still `held` is committed, only for at most its amount (the UPDATE's WHERE; the CHECKs
 *   stay), and every hold asked must change, or the whole transaction rolls back;
 * - the pool's (slice's) balances change by the set's net change through the one guarded UPDATE, which
 *   refuses any result below zero;
 * - a hold already committed for the amount asked (or all of it when none is asked) is a replay: it is
 *   left out and writes nothing; a released hold, or one committed for another amount, is refused
 *   (`HOLD_NOT_HELD`) and nothing is written; an unknown hold is HOLD_NOT_FOUND, an amount above the
 *   hold VALIDATION_FAILED, as `commit` would answer.
 *
 * Statements, however many holds: one aggregate read (the holds' sums per pool and slice), per pool one
 * ledger transaction with its legs and one guarded balance update per slice, one UPDATE of every hold
 * (fed by one JSON parameter), one audit append. The hold rows are read only when some hold cannot be
 * committed as asked, to answer for each.
 *
 * Locks (PostgreSQL): the inserts take FOR KEY SHARE on the pool rows (the foreign keys), which no
 * writer of the ledger blocks on; then the hold rows (the UPDATE), then the pool or slice rows by id
 * and slice: the ledger's one order.
 */
import type { Kysely } from 'kysely';
import type {
  BudgetBatchRepository,
  SetCommit,
  SetCommitHold,
  SetCommitSums,
} from '../../db/budget-batch-repository.js';
import type { BudgetRepository } from '../../db/budget-repository.js';
import type { Database } from '../../db/tables.js';
import { refused } from '../../domain/budget/outcomes.js';
import { commitLegs, onSlice, sliceDelta } from '../../domain/budget/postings.js';
import type { PostingLeg } from '../../domain/budget/types.js';
import type { AuditLog } from '../audit/audit-log.js';
import { auditContextOf, type RequestContext } from '../context.js';
import { holdNotFound, invalid } from './budget-arguments.js';
import type { Moment } from './budget-book.js';
import type { CommitSetOutcome, CommitSetTransaction } from './budget-requests.js';
import type { PoolSlices } from './budget-slices.js';

export interface CommitSetParts {
  readonly batches: BudgetBatchRepository;
  readonly repository: Pick<BudgetRepository, 'insertTransaction'>;
  readonly slices: Pick<PoolSlices, 'apply'>;
  readonly audit: AuditLog;
}

/** The legs of one pool's set commit: per slice, the commit legs of its sums. */
export function setCommitLegs(poolId: string, sums: readonly SetCommitSums[]): PostingLeg[] {
  return sums.flatMap((slice) => onSlice(commitLegs(poolId, slice.heldFen, slice.committedFen), slice.slice));
}

/**
 * Which of the asked commits are to be written, once the holds that cannot be committed as asked have
 * been read: replays are left out; a refusal or an error ends it all (nothing has been written yet).
 */
function judge(
  commits: readonly SetCommit[],
  rows: readonly SetCommitHold[],
): { write: SetCommit[]; replayed: number } | { refusal: CommitSetOutcome } {
  const byId = new Map(rows.map((row) => [row.id, row]));
  const write: SetCommit[] = [];
  let replayed = 0;
  for (const commit of commits) {
    const hold = byId.get(commit.holdId);
    if (hold === undefined) throw holdNotFound(commit.holdId);
    const asked = commit.committedFen;
    switch (hold.status) {
      case 'held':
        if (asked !== null && asked > hold.amount_fen) {
          throw invalid('amountFen', `cannot commit ${asked} fen of a hold of ${hold.amount_fen} fen`);
        }
        write.push(commit);
        break;
      case 'committed':
      case 'reversed':
        if (asked !== null && asked !== hold.committed_fen) {
          return { refusal: refused({ code: 'HOLD_NOT_HELD', holdId: hold.id, status: hold.status }) };
        }
        replayed += 1;
        break;
      default:
        return { refusal: refused({ code: 'HOLD_NOT_HELD', holdId: hold.id, status: 'released' }) };
    }
  }
  return { write, replayed };
}

/**
 * The commits in hold-id order, which is the holds' primary-key order (time-ordered ids): the set's two
 * statements then walk the index and the table forward instead of jumping about them (at 200,000 holds
 * the random order cost a third more, bench/README.md "Settlement"). Already in order (the settlement
 * reads its shares so): kept as it is.
 */
function inHoldOrder(commits: SetCommit[]): SetCommit[] {
  for (let index = 1; index < commits.length; index += 1) {
    if ((commits[index - 1]?.holdId ?? '') > (commits[index]?.holdId ?? '')) {
      return [...commits].sort((a, b) => (a.holdId < b.holdId ? -1 : a.holdId > b.holdId ? 1 : 0));
    }
  }
  return commits;
}

export async function commitSet(
  trx: Kysely<Database>,
  context: RequestContext,
  parts: CommitSetParts,
  commits: readonly SetCommit[],
  reference: string | null,
  at: Moment,
): Promise<CommitSetOutcome> {
  // The same hold asked twice: the second is the first's replay (the same amount), or refused.
  const unique = new Map<string, SetCommit>();
  for (const commit of commits) {
    const first = unique.get(commit.holdId);
    if (first === undefined) unique.set(commit.holdId, commit);
    else if (commit.committedFen !== null && commit.committedFen !== first.committedFen) {
      return refused({ code: 'HOLD_NOT_HELD', holdId: commit.holdId, status: 'committed' });
    }
  }
  let write = inHoldOrder([...unique.values()]);
  let replayed = commits.length - write.length;
  let sums = await parts.batches.setCommitSums(trx, write);
  if (sums.reduce((count, slice) => count + slice.holds, 0) !== write.length) {
    // Some hold is not `held`, unknown, or smaller than asked: answer for each as `commit` would.
    const judged = judge(write, await parts.batches.setCommitHolds(trx, [...unique.keys()]));
    if ('refusal' in judged) return judged.refusal;
    write = judged.write;
    replayed += judged.replayed;
    sums = await parts.batches.setCommitSums(trx, write);
    if (sums.reduce((count, slice) => count + slice.holds, 0) !== write.length) {
      throw new Error('a hold of the set commit was settled meanwhile');
    }
  }
  const byPool = new Map<string, SetCommitSums[]>();
  for (const slice of sums) byPool.set(slice.poolId, [...(byPool.get(slice.poolId) ?? []), slice]);
  const pools = [...byPool.keys()].sort();
  const transactions = new Map<string, number>();
  const recorded: CommitSetTransaction[] = [];
  for (const poolId of pools) {
    const slices = byPool.get(poolId) ?? [];
    const legs = setCommitLegs(poolId, slices);
    const holds = slices.reduce((count, slice) => count + slice.holds, 0);
    const heldFen = slices.reduce((sum, slice) => sum + slice.heldFen, 0);
    const committedFen = slices.reduce((sum, slice) => sum + slice.committedFen, 0);
    const transactionId = await parts.repository.insertTransaction(
      trx,
      {
        pool_id: poolId,
        kind: 'commit_set',
        hold_id: null,
        amount_fen: committedFen,
        idempotency_key: null,
        destination: null,
        actor: context.actor.id,
        reference,
        note: `${holds} holds committed together`,
        created_at: at.iso,
        booked_on: at.bookedOn,
      },
      legs,
    );
    transactions.set(poolId, transactionId);
    recorded.push({ poolId, transactionId, holds, heldFen, committedFen });
  }
  if ((await parts.batches.commitSet(trx, write, transactions, at.iso)) !== write.length) {
    throw new Error('a hold of the set commit was settled meanwhile');
  }
  for (const poolId of pools) {
    for (const slice of byPool.get(poolId) ?? []) {
      const change = sliceDelta(setCommitLegs(poolId, [slice]), slice.slice);
      const delta = { ...change, allottedFen: change.availableFen + change.heldFen + change.spentFen };
      // The database decides again: the held money must be there (it cannot lack it unless the books are wrong).
      if (!(await parts.slices.apply(trx, poolId, slice.slice, delta, { requireActive: false }, at.iso))) {
        throw new Error(
          `slice ${slice.slice} of pool ${poolId} refused a commit of its own held money: the books need checking`,
        );
      }
    }
  }
  await parts.audit.appendMany(
    trx,
    recorded.map((transaction) => ({
      context: auditContextOf(context),
      record: {
        action: 'ledger.commit_set',
        subject: `pool:${transaction.poolId}`,
        after: {
          transactionId: transaction.transactionId,
          holds: transaction.holds,
          heldFen: transaction.heldFen,
          amountFen: transaction.committedFen,
          reference,
        },
      },
    })),
  );
  return { ok: true, replayed: write.length === 0, committed: write.length, replays: replayed, transactions: recorded };
}
