/**
 * Group commit for flash claims (issue 13 §2): the claims that arrive while a batch is being written wait
 * for it and then go together, in arrival order, into the next batch: one write transaction, a few
 * set-based statements and one commit for all of them (the budget's hold batcher is the model).
 *
 * Each claim is still decided exactly, as if the batch's claims had run one after the other: the batch
 * takes the lock rows of everyone in it (person order) and then the rounds' rows, reads what those people
 * have claimed, and plays the claims in memory against that: the limits per person on the totals read under
 * the lock plus what the same person took earlier in the batch (VOUCHER_LIMIT_REACHED), the round's packs
 * left as the locked row says minus what the batch took (VOUCHER_SOLD_OUT), the round's state at the clock
 * (ROUND_NOT_OPEN). Then one conditional UPDATE per round raises the counter by the batch's packs
 * (`issued + n <= quantity`, the CHECK behind it), one multi-row insert each writes the packs and their
 * vouchers, and the audit entries (one per claim, in order) are chained behind the head locked once. The
 * round's row is taken before the vouchers' report sums (ADR 7's lock order: expiry takes them in that
 * order too), so two processes' batches of one round queue on it; the Redis gate keeps the crowd that
 * cannot get a pack out of that queue. A
 * claim is answered only after its batch has committed.
 *
 * Idempotency: each claim's request claim is taken in the batch's transaction and its answer stored there
 * (writeOnceEach), so a crash leaves each claim's pack with its answer, or neither; a refused claim leaves
 * no record (its retry runs again) and contributes nothing to the writes.
 *
 * If the batch as a whole fails (a deadlock, a lost connection, a voucher code that collided), nothing of
 * it was written and each claim runs again alone, as a batch of one in a transaction of its own: one
 * claim's failure is then its own, and a re-run of one that did commit (a connection lost at the commit)
 * replays its stored answer. The queue itself (arrival, one batch at a time, the fallback alone) is the
 * group commit's (src/services/group-commit.ts).
 */
import type { Insertable, Kysely } from 'kysely';
import type { ClaimedPack } from '../../contract/vouchers.js';
import type { ClaimedGroup, VoucherClaimsRepository } from '../../db/voucher-claims-repository.js';
import type { Database } from '../../db/tables.js';
import type { VoucherPacksTable, VouchersTable } from '../../db/voucher-tables.js';
import type { VoucherCampaignRow, VoucherRoundRow } from '../../db/vouchers-repository.js';
import {
  decideClaim,
  limitWords,
  limitYearOf,
  type Claimed,
  type ClaimedTotals,
  type VoucherLimits,
} from '../../domain/vouchers/limits.js';
import { packVouchers, type Pack } from '../../domain/vouchers/packs.js';
import { AppError } from '../../shared/errors.js';
import { timeOrderedId } from '../../shared/time-ordered-id.js';
import type { AuditLog } from '../audit/audit-log.js';
import { auditContextOf, type RequestContext } from '../context.js';
import { GroupCommit } from '../group-commit.js';
import { writeOnceEach, type Settled, type WriteStore } from '../idempotent-write.js';

/** One claim as it waits for its batch: who, which round, and the campaign's rules as read before. */
export interface ClaimRequest {
  readonly context: RequestContext;
  readonly personId: string;
  readonly roundId: string;
  readonly campaign: VoucherCampaignRow;
  readonly pack: Pack;
  readonly limits: VoucherLimits;
}

/** What a claim decided to issue: the rows to write and the answer. */
export interface IssuedPack {
  readonly pack: Insertable<VoucherPacksTable>;
  readonly vouchers: readonly Insertable<VouchersTable>[];
  readonly answer: ClaimedPack;
}

export interface ClaimBatcherOptions {
  readonly store: WriteStore;
  readonly repository: VoucherClaimsRepository;
  readonly audit: AuditLog;
  readonly now: () => Date;
  /** Why the round takes no claims at `now` (mode, state, release, end), or null. */
  readonly refusalOf: (round: VoucherRoundRow, now: Date) => AppError | null;
  /** A new voucher code (unique by the table's constraint). */
  readonly voucherCode: () => string;
  /** When the round's vouchers lapse (the round's end). */
  readonly validUntilOf: (round: VoucherRoundRow) => string;
  /** Told each round's counter as a batch left it (the service's cache of sold-out rounds). */
  readonly onRound?: (round: RoundCounter) => void;
  /** At most this many claims in one batch. */
  readonly maxBatch?: number;
}

/** A round's counter as a committed batch left it. */
export interface RoundCounter {
  readonly id: string;
  readonly quantity: number;
  readonly issued: number;
}

const MAX_BATCH = 256;

/** One pack of the round for a claim (or a lottery winner) decided to issue: its rows and the answer. */
export function newPackOf(
  request: Pick<ClaimRequest, 'personId' | 'campaign' | 'pack'>,
  round: VoucherRoundRow,
  now: Date,
  make: { voucherCode: () => string; validUntilOf: (round: VoucherRoundRow) => string },
): IssuedPack {
  const at = now.toISOString();
  const { campaign } = request;
  // Every voucher of a round lapses at the round's end: expiry settles the round in one step.
  const validUntil = make.validUntilOf(round);
  const packId = timeOrderedId();
  const vouchers: VouchersTable[] = packVouchers(request.pack).map((face) => ({
    id: timeOrderedId(),
    code: make.voucherCode(),
    pack_id: packId,
    round_id: round.id,
    campaign_id: campaign.id,
    owner_id: request.personId,
    face_fen: face.faceFen,
    threshold_fen: face.thresholdFen,
    valid_until: validUntil,
    state: 'issued',
    claimed_at: at,
    updated_at: at,
  }));
  return {
    pack: {
      id: packId,
      round_id: round.id,
      campaign_id: campaign.id,
      owner_id: request.personId,
      funder_kind: campaign.funder_kind,
      year: limitYearOf(now),
      face_fen: Number(campaign.pack_face_fen),
      claimed_at: at,
    },
    vouchers,
    answer: {
      vouchers: vouchers.map((row) => ({
        code: row.code,
        faceFen: Number(row.face_fen),
        thresholdFen: Number(row.threshold_fen),
        validUntil: row.valid_until,
      })),
    },
  };
}

export function soldOut(): AppError {
  return new AppError('VOUCHER_SOLD_OUT', '本轮已抢完 the round is sold out', 'id');
}

/** A person's totals for one claim, from what they claimed (read under the lock, and earlier in the batch). */
function totalsOf(
  groups: readonly ClaimedGroup[],
  where: { roundId: string; campaignId: string; funderKind: string; year: number },
): ClaimedTotals {
  let round: Claimed = { packs: 0, faceFen: 0 };
  let campaign: Claimed = { packs: 0, faceFen: 0 };
  let funderYear: Claimed = { packs: 0, faceFen: 0 };
  for (const group of groups) {
    const sum = (claimed: Claimed) => ({
      packs: claimed.packs + group.packs,
      faceFen: claimed.faceFen + group.faceFen,
    });
    if (group.roundId === where.roundId) round = sum(round);
    if (group.campaignId === where.campaignId) campaign = sum(campaign);
    if (group.funderKind === where.funderKind && group.year === where.year) funderYear = sum(funderYear);
  }
  return { round, campaign, funderYear };
}

export class ClaimBatcher {
  private readonly queue: GroupCommit<ClaimRequest, ClaimedPack>;
  /** Batches written and claims in them, for the benchmark and the tests. */
  readonly stats = { batches: 0, claims: 0, issued: 0, fallbacks: 0, largest: 0 };

  constructor(private readonly options: ClaimBatcherOptions) {
    this.queue = new GroupCommit({
      write: (requests) => this.writeBatch(requests),
      // Alone: a batch of one in a transaction of its own.
      alone: async (request) => {
        const [result] = await this.writeBatch([request]);
        if (result?.ok === true) return result.value;
        throw result?.error;
      },
      maxBatch: options.maxBatch ?? MAX_BATCH,
      unanswered: 'the batch left a claim unanswered',
      onCommitted: (requests) => {
        this.stats.batches += 1;
        this.stats.claims += requests.length;
        this.stats.largest = Math.max(this.stats.largest, requests.length);
      },
      onFallback: () => {
        this.stats.fallbacks += 1;
      },
    });
  }

  submit(request: ClaimRequest): Promise<ClaimedPack> {
    return this.queue.submit(request);
  }

  private async writeBatch(requests: readonly ClaimRequest[]): Promise<Settled<ClaimedPack>[]> {
    const counters: RoundCounter[] = [];
    const results = await writeOnceEach(
      this.options.store,
      requests.map((request) => request.context.idempotency),
      (trx, admitted) => this.write(trx, requests, admitted, counters),
    );
    // Committed: the rounds' counters as the batch left them.
    for (const counter of counters) this.options.onRound?.(counter);
    return results;
  }

  /** Decides every admitted claim against the locked rows, in arrival order, then writes the batch. */
  private async write(
    trx: Kysely<Database>,
    requests: readonly ClaimRequest[],
    admitted: readonly boolean[],
    counters: RoundCounter[],
  ): Promise<Settled<ClaimedPack>[]> {
    const { repository } = this.options;
    const live = requests.filter((_, index) => admitted[index] === true);
    const people = [...new Set(live.map((request) => request.personId))];
    await repository.lockPersons(trx, people);
    const rounds = new Map(
      (
        await repository.lockRounds(
          trx,
          live.map((r) => r.roundId),
        )
      ).map((r) => [r.id, r]),
    );
    const claimed = new Map<string, ClaimedGroup[]>();
    for (const group of await repository.claimedBy(trx, people)) {
      claimed.set(group.ownerId, [...(claimed.get(group.ownerId) ?? []), group]);
    }
    const now = this.options.now();
    const year = limitYearOf(now);
    const taken = new Map<string, number>();
    const packs: Insertable<VoucherPacksTable>[] = [];
    const vouchers: Insertable<VouchersTable>[] = [];
    const entries: Parameters<AuditLog['appendMany']>[1][number][] = [];
    const answers: Settled<ClaimedPack>[] = [];
    for (const [index, request] of requests.entries()) {
      if (admitted[index] !== true) {
        answers.push({ ok: false, error: new Error('not admitted') });
        continue;
      }
      const round = rounds.get(request.roundId);
      if (round === undefined) {
        answers.push({
          ok: false,
          error: new AppError('VOUCHER_ROUND_NOT_FOUND', `no voucher round ${request.roundId}`, 'id'),
        });
        continue;
      }
      const refusal = this.options.refusalOf(round, now);
      if (refusal !== null) {
        answers.push({ ok: false, error: refusal });
        continue;
      }
      const { campaign } = request;
      const groups = claimed.get(request.personId) ?? [];
      const decision = decideClaim({
        limits: request.limits,
        funderKind: campaign.funder_kind,
        claimed: totalsOf(groups, {
          roundId: round.id,
          campaignId: campaign.id,
          funderKind: campaign.funder_kind,
          year,
        }),
        pack: request.pack,
      });
      if (!decision.ok) {
        const words = limitWords(decision.refusal);
        answers.push({
          ok: false,
          error: new AppError('VOUCHER_LIMIT_REACHED', `${words.zh} ${words.en}`, decision.refusal.scope),
        });
        continue;
      }
      const already = taken.get(round.id) ?? 0;
      if (round.issued + already >= round.quantity) {
        answers.push({ ok: false, error: soldOut() });
        continue;
      }
      taken.set(round.id, already + 1);
      const issued = newPackOf(request, round, now, this.options);
      const faceFen = Number(issued.pack.face_fen);
      claimed.set(request.personId, [
        ...groups,
        {
          ownerId: request.personId,
          roundId: round.id,
          campaignId: campaign.id,
          funderKind: campaign.funder_kind,
          year: issued.pack.year,
          packs: 1,
          faceFen,
        },
      ]);
      packs.push(issued.pack);
      vouchers.push(...issued.vouchers);
      entries.push({
        context: auditContextOf(request.context),
        record: {
          action: 'voucher.claim',
          subject: `voucher-round:${round.id}`,
          after: { packId: issued.pack.id, faceFen, vouchers: issued.vouchers.length, owner: request.personId },
        },
      });
      answers.push({ ok: true, value: issued.answer });
    }
    // The database decides again: the counter may not pass quantity (and the CHECK stays behind it).
    const issued = new Map<string, number>();
    for (const [roundId, count] of [...taken.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const now = await repository.issueMany(trx, roundId, count);
      if (now === null) throw new Error(`round ${roundId} refused the batch's ${count} packs`);
      issued.set(roundId, now);
    }
    await repository.insertPacks(trx, packs, vouchers);
    await this.options.audit.appendMany(trx, entries);
    for (const round of rounds.values()) {
      counters.push({ id: round.id, quantity: round.quantity, issued: issued.get(round.id) ?? round.issued });
    }
    this.stats.issued += packs.length;
    return answers;
  }
}
