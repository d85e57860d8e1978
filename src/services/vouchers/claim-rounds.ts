/**
 * This process's short memory of the rounds being claimed (issue 13 §2): at 10:00 every claim asks about
 * the same round, so its row and its campaign are read from the database once a second, not once a
 * claim; a round a batch found sold out is answered "sold out" at once, without a transaction, until the
 * next read. The memory only ever answers early: what a claim gets is decided again inside its batch's
 * transaction on the locked round row, so a stale entry can refuse a claim for at most a second (a round
 * that was given packs back, a state changed), never issue one the round does not have.
 */
import type { VoucherCampaignRow, VoucherRoundRow } from '../../db/vouchers-repository.js';
import type { RoundCounter } from './claim-batcher.js';

/** How long a round's row is trusted before it is read again. */
const FRESH_MS = 1000;

interface Entry {
  round: VoucherRoundRow;
  readonly campaign: VoucherCampaignRow;
  readonly at: number;
}

export class ClaimRounds {
  readonly #entries = new Map<string, Entry>();
  readonly #loading = new Map<string, Promise<Entry>>();

  constructor(
    private readonly readRound: (id: string) => Promise<VoucherRoundRow>,
    private readonly readCampaign: (id: string) => Promise<VoucherCampaignRow>,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The round and its campaign, from memory while fresh; one read at a time per round otherwise. */
  async read(roundId: string): Promise<{ round: VoucherRoundRow; campaign: VoucherCampaignRow }> {
    const entry = this.#entries.get(roundId);
    if (entry !== undefined && this.clock() - entry.at < FRESH_MS) return entry;
    const loading = this.#loading.get(roundId);
    if (loading !== undefined) return loading;
    const load = (async (): Promise<Entry> => {
      const round = await this.readRound(roundId);
      const campaign =
        entry !== undefined && entry.campaign.id === round.campaign_id
          ? entry.campaign
          : await this.readCampaign(round.campaign_id);
      const fresh = { round, campaign, at: this.clock() };
      this.#entries.set(roundId, fresh);
      return fresh;
    })().finally(() => this.#loading.delete(roundId));
    this.#loading.set(roundId, load);
    return load;
  }

  /** A committed batch's count for the round (never lowers what is known issued). */
  update(counter: RoundCounter): void {
    const entry = this.#entries.get(counter.id);
    if (entry === undefined) return;
    entry.round = { ...entry.round, quantity: counter.quantity, issued: Math.max(entry.round.issued, counter.issued) };
  }
}
