/**
 * Group commit for checkouts (bench/README.md "Trade-in checkout"): the checkouts that arrive while a
 * batch is being written wait for it and then go together, in arrival order, into the next batch: one
 * write transaction, a few set-wise statements and one commit for all of them (the voucher claim batcher
 * and the ledger's hold batcher are the models).
 *
 * Each checkout is still decided exactly, as if the batch's checkouts had run one after the other, in the
 * order and with the refusals of the single path (checkout-service.ts): the batch takes the holder lock
 * of every citizen in it (sorted), then reads under those locks the batch's qualifications, the invoice
 * numbers and goods keys already taken and the citizens' earlier redemptions, and plays the checkouts in
 * memory against that: a qualification used (or expired) already or earlier in the batch is
 * QUALIFICATION_USED, an invoice of the merchant's that carries a subsidy already or earlier in the batch
 * INVOICE_ALREADY_USED, a serial number registered already or earlier in the batch (another merchant's
 * sale of the same goods) GOODS_ALREADY_SUBSIDISED, and the engine prices each against the citizen's
 * history plus what the same citizen bought earlier in the batch (SUBSIDY_NOT_ELIGIBLE). A refused
 * checkout contributes nothing to the writes.
 *
 * Then, set-wise: one insert registering the goods, one update using the qualifications (each only while
 * active and unexpired: the database decides again, and a batch whose numbers do not come back whole
 * fails), the holds of every funding share through the ledger's batch writer inside this transaction
 * (HoldBatcher.writeWithin: one round of pool updates, holds, ledger transactions, postings and their
 * audit entries), one insert of the redemptions and one of their shares, and the checkouts' audit entries
 * chained in order (AuditLog.appendMany). A checkout is answered only after its batch has committed.
 *
 * Idempotency: each checkout's request claim is taken in the batch's transaction and its answer (the
 * very body sent) stored there (writeOnceEach); a refused checkout leaves no record, so its retry runs
 * again.
 *
 * If the batch as a whole fails (a pool that cannot pay a share or is paused, a split pool whose slice
 * is short, a deadlock, a goods key or invoice another process took meanwhile), nothing of it was
 * written and each checkout runs again alone, in arrival order, through the single path in a transaction
 * of its own (`alone`): its refusal, if any, is then its own, and a re-run of one that did commit (a
 * connection lost at the commit) replays its stored answer. The queue itself (arrival, one batch at a
 * time, the fallback alone) is the group commit's (src/services/group-commit.ts).
 */
import type { Kysely } from 'kysely';
import { invoiceKey, type RedemptionRow, type ShareRow, type TradeInRepository } from '../../db/trade-in-repository.js';
import type { Database } from '../../db/tables.js';
import type { RedemptionView } from '../../contract/trade-in.js';
import type { GrantedDecision } from '../../domain/subsidy/index.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { BatchOperation, HoldBatcher } from '../budget/hold-batcher.js';
import { auditContextOf } from '../context.js';
import { GroupCommit } from '../group-commit.js';
import { writeOnceEach, type Settled, type WriteStore } from '../idempotent-write.js';
import {
  asGranted,
  goodsSubsidised,
  holdKeyOf,
  invoiceUsed,
  priceCheckout,
  qualificationUsed,
  redeemAuditRecord,
  redemptionRowOf,
  type PreparedCheckout,
} from './checkout-decision.js';

export interface CheckoutBatcherOptions {
  readonly store: WriteStore;
  readonly repository: TradeInRepository;
  /** The ledger's batch writer (BudgetService.batcher): the shares' holds inside the batch's transaction. */
  readonly holds: Pick<HoldBatcher, 'writeWithin'>;
  readonly audit: AuditLog;
  /** The answer of a granted checkout. */
  readonly view: (prepared: PreparedCheckout, row: RedemptionRow, shares: readonly ShareRow[]) => RedemptionView;
  /** Runs one checkout alone through the single path, in its own transaction (a failed batch's fallback). */
  readonly alone: (prepared: PreparedCheckout) => Promise<RedemptionView>;
  /** At most this many checkouts in one batch. */
  readonly maxBatch?: number;
  /** At most this many batches in flight at once (PostgreSQL 2, SQLite 1: see BATCHES_IN_FLIGHT). */
  readonly concurrency?: number;
}

/** Two holds a checkout: 128 checkouts keep the ledger's batch at its usual 256 operations. */
const MAX_BATCH = 128;

/**
 * Batches in flight at once. SQLite has one writer, so one. On PostgreSQL a batch of 128 spends most
 * of its time waiting on the database while this process is idle, and then this process spends as long
 * answering it while the database is idle; with two in flight the next batch is written while the
 * last one's tills are answered (bench/README.md, "Two checkout batches in flight"). Two batches at once
 * are what two app processes already are: lock order (holders sorted, then goods and qualifications,
 * pools, audit head) and the unique keys make a batch that lost a race fail whole and run alone.
 */
const BATCHES_IN_FLIGHT = { postgres: 2, sqlite: 1 } as const;

/** A batch that cannot be written as decided (a hold refused, a row taken meanwhile): each runs alone. */
class BatchAbandoned extends Error {
  constructor(reason: string) {
    super(`the checkout batch was abandoned: ${reason}`);
    this.name = 'BatchAbandoned';
  }
}

export class CheckoutBatcher {
  private readonly queue: GroupCommit<PreparedCheckout, RedemptionView>;
  /** Batches written and checkouts in them, for the benchmark and the tests. */
  readonly stats = { batches: 0, checkouts: 0, redeemed: 0, fallbacks: 0, largest: 0 };

  constructor(private readonly options: CheckoutBatcherOptions) {
    this.queue = new GroupCommit({
      write: (checkouts) =>
        writeOnceEach(
          options.store,
          checkouts.map((prepared) => prepared.context.idempotency),
          (trx, admitted) => this.write(trx, checkouts, admitted),
        ),
      alone: (prepared) => options.alone(prepared),
      maxBatch: options.maxBatch ?? MAX_BATCH,
      concurrency: options.concurrency ?? BATCHES_IN_FLIGHT[options.store.dialect],
      unanswered: 'the batch left a checkout unanswered',
      onCommitted: (checkouts, results) => {
        this.stats.batches += 1;
        this.stats.checkouts += checkouts.length;
        this.stats.largest = Math.max(this.stats.largest, checkouts.length);
        this.stats.redeemed += results.filter((result) => result.ok).length;
      },
      onFallback: () => {
        this.stats.fallbacks += 1;
      },
    });
  }

  /** The most batches that were being written at once so far (1 on SQLite). */
  get mostInFlight(): number {
    return this.queue.mostInFlight;
  }

  submit(prepared: PreparedCheckout): Promise<RedemptionView> {
    return this.queue.submit(prepared);
  }

  /** Decides every admitted checkout against what the holder locks protect, in arrival order, then writes. */
  private async write(
    trx: Kysely<Database>,
    checkouts: readonly PreparedCheckout[],
    admitted: readonly boolean[],
  ): Promise<Settled<RedemptionView>[]> {
    const { repository } = this.options;
    const live = checkouts.filter((_, index) => admitted[index] === true);
    await repository.lockHolders(
      trx,
      live.map((prepared) => `applicant:${prepared.citizenId}`),
    );
    const qualifications = new Map(
      (
        await repository.qualificationStates(
          trx,
          live.map((prepared) => prepared.qualificationId),
        )
      ).map((row) => [row.id, row]),
    );
    const invoices = await repository.invoicesUsed(
      trx,
      live.map((prepared) => ({ merchantId: prepared.merchantId, number: prepared.invoice.number })),
    );
    const goods = await repository.registeredGoods(
      trx,
      live.map((prepared) => prepared.goodsKey),
    );
    const history = new Map<string, GrantedDecision[]>();
    for (const row of await repository.grantsOfCitizens(
      trx,
      live.map((prepared) => prepared.citizenId),
    )) {
      history.set(row.citizen_id, [...(history.get(row.citizen_id) ?? []), asGranted(row)]);
    }

    const used = new Set<string>();
    const granted: { index: number; prepared: PreparedCheckout; row: RedemptionRow; shares: ShareRow[] }[] = [];
    const operations: BatchOperation[] = [];
    const answers: (Settled<RedemptionView> | undefined)[] = [];
    for (const [index, prepared] of checkouts.entries()) {
      if (admitted[index] !== true) {
        answers.push({ ok: false, error: new Error('not admitted') });
        continue;
      }
      try {
        // The single path's order: the qualification, the invoice, the goods, then the engine.
        const qualification = qualifications.get(prepared.qualificationId);
        if (
          qualification === undefined ||
          qualification.state !== 'active' ||
          qualification.valid_until <= prepared.nowIso ||
          used.has(prepared.qualificationId)
        ) {
          throw qualificationUsed();
        }
        const invoice = invoiceKey(prepared.merchantId, prepared.invoice.number);
        if (invoices.has(invoice)) throw invoiceUsed(prepared.invoice.number);
        if (goods.has(prepared.goodsKey)) throw goodsSubsidised();
        const priced = priceCheckout(prepared, history.get(prepared.citizenId) ?? []);
        const row = redemptionRowOf(prepared, priced);
        const shares: ShareRow[] = [];
        for (const share of priced.shares) {
          const poolId = prepared.poolIds.get(share.source) ?? '';
          const { key, reference } = holdKeyOf(prepared, share.source);
          // What the budget's own step would refuse as invalid is the single path's to answer.
          if (!Number.isSafeInteger(share.amountFen) || share.amountFen <= 0 || poolId === '') {
            throw new BatchAbandoned(`a share of ${share.amountFen} fen on "${poolId}"`);
          }
          operations.push({
            kind: 'hold',
            context: prepared.context,
            poolId,
            amountFen: share.amountFen,
            idempotencyKey: key,
            reference,
          });
          shares.push({
            redemption_id: prepared.id,
            source: share.source,
            pool_id: poolId,
            hold_id: '',
            amount_fen: share.amountFen,
          });
        }
        used.add(prepared.qualificationId);
        invoices.add(invoice);
        goods.add(prepared.goodsKey);
        history.set(prepared.citizenId, [...(history.get(prepared.citizenId) ?? []), asGranted(row)]);
        granted.push({ index, prepared, row, shares });
        answers.push(undefined);
      } catch (error) {
        if (error instanceof BatchAbandoned) throw error;
        // This checkout alone is refused: it writes nothing.
        answers.push({ ok: false, error });
      }
    }
    if (granted.length === 0) return answers.map((answer) => answer ?? { ok: false, error: new Error('unanswered') });

    // The writes, in the single path's lock order: goods and qualifications, then the pools, then the rest.
    const registered = await repository.registerGoodsMany(
      trx,
      granted.map(({ prepared }) => ({
        goods_key: prepared.goodsKey,
        subject: `redemption:${prepared.id}`,
        created_at: prepared.nowIso,
      })),
    );
    if (registered !== granted.length) throw new BatchAbandoned('goods were registered meanwhile');
    const usedNow = await repository.useQualifications(
      trx,
      granted.map(({ prepared }) => ({ id: prepared.qualificationId, redemptionId: prepared.id, at: prepared.nowIso })),
    );
    if (usedNow !== granted.length) throw new BatchAbandoned('a qualification was used meanwhile');
    const outcomes = await this.options.holds.writeWithin(trx, operations);
    let next = 0;
    for (const { shares } of granted) {
      for (const [position, share] of shares.entries()) {
        const outcome = outcomes[next];
        next += 1;
        if (outcome === undefined || !outcome.ok || outcome.replayed) {
          throw new BatchAbandoned(outcome?.ok === false ? outcome.refusal.code : 'a hold was not placed');
        }
        shares[position] = { ...share, hold_id: outcome.hold.id };
      }
    }
    await repository.insertRedemptions(
      trx,
      granted.map(({ row }) => row),
      granted.flatMap(({ shares }) => shares),
    );
    await this.options.audit.appendMany(
      trx,
      granted.map(({ prepared, row, shares }) => ({
        context: auditContextOf(prepared.context),
        record: redeemAuditRecord(row, shares),
      })),
    );
    for (const { index, prepared, row, shares } of granted) {
      answers[index] = { ok: true, value: this.options.view(prepared, row, shares) };
    }
    return answers.map((answer) => answer ?? { ok: false, error: new Error('unanswered') });
  }
}
