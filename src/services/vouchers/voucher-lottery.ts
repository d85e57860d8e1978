/**
 * Lottery rounds anyone can check (issue 13 §3; the procedure is domain/vouchers/lottery.ts). When a lottery
 * round is created its seed (256 random bits) is drawn, sealed with the data key and only its commitment
 * sha256(seed) published. Signed-in citizens register from the release until `registration_closes_at`; each
 * registration is published as an entry hash (sha256 of round and account id: nobody's identity), and the
 * per-person limits are checked at registration. After the close finance staff draw: the list digest is fixed,
 * the seed revealed, the winners follow from seed and list, and each winner gets one pack in the same
 * transaction — unless a claim elsewhere since registering took them past a limit (`won_over_limit`: their
 * pack is not issued and its money stays with the round). `GET …/rounds/{id}/draw` publishes all of it without
 * signing in, and `huimin voucher verify-draw ROUND` recomputes the draw from the database and reports a
 * changed list, seed or winners.
 */
import type { DrawView, LotteryDifferenceView, RegistrationView } from '../../contract/vouchers.js';
import { limitYearOf, decideClaim, limitWords } from '../../domain/vouchers/limits.js';
import {
  drawWinners,
  entryHashOf,
  listDigest,
  verifyDraw,
  type DrawVerification,
} from '../../domain/vouchers/lottery.js';
import { lotteryDifference } from '../../domain/vouchers/report.js';
import { AppError } from '../../shared/errors.js';
import { requireAccess } from '../access.js';
import { auditContextOf, principalOf, type RequestContext } from '../context.js';
import { writeOnce } from '../idempotent-write.js';
import { sha256Hex } from '../security/sha256.js';
import type { PersonalDataCipher } from '../security/personal-data-cipher.js';
import { newPackOf } from './claim-batcher.js';
import { endsAtOf, limitsOfRow, packOf, voucherCode, type VoucherService } from './voucher-service.js';

export interface DrawCheck extends DrawVerification {
  readonly roundId: string;
  readonly entries: number;
  readonly winners: number;
}

export class VoucherLottery {
  constructor(
    private readonly vouchers: VoucherService,
    private readonly cipher: PersonalDataCipher,
  ) {}

  /** Registers the signed-in citizen for a lottery round (its limits checked now, and again at the draw). */
  async register(context: RequestContext, roundId: string): Promise<RegistrationView> {
    const principal = principalOf(context);
    const { repository, now, store, audit } = this.vouchers.options;
    const round = await this.vouchers.requireRound(roundId);
    if (round.mode !== 'lottery') {
      throw new AppError('ROUND_NOT_LOTTERY', '本轮为先到先得，请直接领取 this round is first come first served', 'id');
    }
    const moment = now();
    const closes = round.registration_closes_at ?? endsAtOf(round);
    if (Date.parse(round.release_at) > moment.getTime() || Date.parse(closes) <= moment.getTime()) {
      throw new AppError(
        'REGISTRATION_CLOSED',
        `登记时间为 ${round.release_at} 至 ${closes} registration runs from ${round.release_at} to ${closes}`,
        'id',
      );
    }
    const campaign = await this.vouchers.requireCampaign(round.campaign_id);
    const pack = packOf(campaign);
    const limits = limitsOfRow(campaign);
    const entryHash = entryHashOf(roundId, principal.accountId, sha256Hex);
    const at = moment.toISOString();
    const year = limitYearOf(moment);
    return writeOnce(store, context.idempotency, async (trx) => {
      await repository.lockPerson(trx, principal.accountId);
      const claimed = await repository.claimedTotals(trx, principal.accountId, {
        roundId,
        campaignId: campaign.id,
        funderKind: campaign.funder_kind,
        year,
      });
      const decision = decideClaim({ limits, funderKind: campaign.funder_kind, claimed, pack });
      if (!decision.ok) {
        const words = limitWords(decision.refusal);
        throw new AppError('VOUCHER_LIMIT_REACHED', `${words.zh} ${words.en}`, decision.refusal.scope);
      }
      if (
        !(await repository.register(trx, {
          round_id: roundId,
          person_id: principal.accountId,
          entry_hash: entryHash,
          registered_at: at,
        }))
      ) {
        throw new AppError('ALREADY_REGISTERED', '您已登记本轮抽签 you are already registered', 'id');
      }
      await audit.append(trx, auditContextOf(context), {
        action: 'voucher.lottery.register',
        subject: `voucher-round:${roundId}`,
        after: { entryHash },
      });
      return {
        roundId,
        entryHash,
        registeredAt: at,
        registrationClosesAt: closes,
        commitment: round.seed_commitment ?? '',
      };
    });
  }

  /** The draw after registration closed: list digest fixed, seed revealed, one pack issued to each winner. */
  async draw(context: RequestContext, roundId: string): Promise<DrawView> {
    requireAccess(context, 'vouchers.manage', {}, { message: 'only finance staff draw lotteries', field: 'id' });
    const { repository, now, store, audit } = this.vouchers.options;
    const round = await this.vouchers.requireRound(roundId);
    if (round.mode !== 'lottery')
      throw new AppError('ROUND_NOT_LOTTERY', 'this round is first come first served', 'id');
    if (round.drawn_at !== null)
      throw new AppError('ROUND_ALREADY_DRAWN', `round ${roundId} was drawn at ${round.drawn_at}`, 'id');
    const moment = now();
    const closes = round.registration_closes_at ?? endsAtOf(round);
    if (Date.parse(closes) > moment.getTime()) {
      throw new AppError('DRAW_NOT_DUE', `登记 ${closes} 截止后开奖 the draw comes after ${closes}`, 'id');
    }
    if (round.seed_sealed === null) throw new Error(`lottery round ${roundId} keeps no seed`);
    const seed = this.cipher.decrypt(round.seed_sealed);
    const campaign = await this.vouchers.requireCampaign(round.campaign_id);
    const pack = packOf(campaign);
    const limits = limitsOfRow(campaign);
    const at = moment.toISOString();
    const year = limitYearOf(moment);
    await writeOnce(store, context.idempotency, async (trx) => {
      const registrations = await repository.registrations(trx, roundId);
      const entries = registrations.map((row) => row.entry_hash);
      const digest = entries.length === 0 ? sha256Hex('') : listDigest(entries, sha256Hex);
      const winners = new Set(entries.length === 0 ? [] : drawWinners(seed, entries, round.quantity, sha256Hex));
      let issued = 0;
      let overLimit = 0;
      for (const registration of registrations) {
        if (!winners.has(registration.entry_hash)) {
          await repository.setOutcome(trx, roundId, registration.person_id, 'not_drawn');
          continue;
        }
        const person = registration.person_id;
        await repository.lockPerson(trx, person);
        const claimed = await repository.claimedTotals(trx, person, {
          roundId,
          campaignId: campaign.id,
          funderKind: campaign.funder_kind,
          year,
        });
        if (!decideClaim({ limits, funderKind: campaign.funder_kind, claimed, pack }).ok) {
          overLimit += 1;
          await repository.setOutcome(trx, roundId, person, 'won_over_limit');
          continue;
        }
        if (!(await repository.issueOne(trx, roundId))) throw new Error(`lottery round ${roundId} ran out of packs`);
        const drawn = newPackOf({ personId: person, campaign, pack }, round, moment, {
          voucherCode,
          validUntilOf: endsAtOf,
        });
        await repository.insertPack(trx, drawn.pack, drawn.vouchers);
        await repository.setOutcome(trx, roundId, person, 'won');
        issued += 1;
      }
      const moved = await repository.moveRound(trx, roundId, [round.state], {
        state: 'drawn',
        seed,
        list_digest: digest,
        drawn_at: at,
      });
      if (!moved) throw new AppError('ROUND_ALREADY_DRAWN', `round ${roundId} was drawn meanwhile`, 'id');
      await audit.append(trx, auditContextOf(context), {
        action: 'voucher.lottery.draw',
        subject: `voucher-round:${roundId}`,
        after: {
          commitment: round.seed_commitment,
          seed,
          listDigest: digest,
          registrants: entries.length,
          winners: winners.size,
          packsIssued: issued,
          wonOverLimit: overLimit,
        },
      });
      return null;
    });
    return this.published(roundId);
  }

  /** What is published of a lottery round: commitment, list (hashes), digest, seed and winners once drawn. */
  async published(roundId: string): Promise<DrawView> {
    const { repository } = this.vouchers.options;
    const round = await this.vouchers.requireRound(roundId);
    if (round.mode !== 'lottery')
      throw new AppError('ROUND_NOT_LOTTERY', 'this round is first come first served', 'id');
    const registrations = await repository.registrations(repository.db, roundId);
    return {
      roundId,
      quantity: round.quantity,
      commitment: round.seed_commitment ?? '',
      registrationClosesAt: round.registration_closes_at ?? endsAtOf(round),
      entries: registrations.map((row) => row.entry_hash).sort(),
      listDigest: round.list_digest,
      seed: round.seed,
      winners:
        round.drawn_at === null
          ? []
          : registrations
              .filter((row) => row.outcome === 'won' || row.outcome === 'won_over_limit')
              .map((row) => row.entry_hash)
              .sort(),
      drawnAt: round.drawn_at,
      procedure:
        'score = sha256(seed + ":" + entryHash); winners = the quantity entries with the lowest scores; ' +
        'entryHash = sha256(roundId + ":" + accountId); listDigest = sha256(sorted entry hashes joined by "\\n")',
    };
  }

  /** Recomputes a drawn round from the database (`huimin voucher verify-draw`). */
  async verify(roundId: string): Promise<DrawCheck> {
    const published = await this.published(roundId);
    if (published.seed === null || published.listDigest === null) {
      throw new AppError('DRAW_NOT_DUE', `round ${roundId} has not been drawn yet`, 'id');
    }
    const verification = verifyDraw(
      {
        commitment: published.commitment,
        listDigest: published.listDigest,
        seed: published.seed,
        entryHashes: published.entries,
        winners: published.winners,
        quantity: published.quantity,
      },
      sha256Hex,
    );
    return { ...verification, roundId, entries: published.entries.length, winners: published.winners.length };
  }

  /**
   * The difference in mean spending between the round's winners and its registered non-winners over the
   * round's validity (domain/vouchers/report.ts lotteryDifference): the draw is random, so it estimates what
   * winning changed. Only spending the platform records is counted: bills paid with any voucher and trade-in
   * purchases; what non-winners spent without either is not seen, which the answer says.
   */
  async difference(context: RequestContext, roundId: string): Promise<LotteryDifferenceView> {
    requireAccess(context, 'vouchers.read', {}, { message: 'not yours', field: 'id' });
    const { repository } = this.vouchers.options;
    const round = await this.vouchers.requireRound(roundId);
    if (round.mode !== 'lottery')
      throw new AppError('ROUND_NOT_LOTTERY', 'this round is first come first served', 'id');
    if (round.drawn_at === null) throw new AppError('DRAW_NOT_DUE', `round ${roundId} has not been drawn yet`, 'id');
    const registrations = await repository.registrations(repository.db, roundId);
    const from = round.release_at;
    const until = endsAtOf(round);
    const spending = await repository.spendingOf(
      registrations.map((row) => row.person_id),
      from,
      until,
    );
    const result = lotteryDifference({
      registrants: registrations.map((row) => ({ personKey: row.person_id, won: row.outcome === 'won' })),
      spending,
    });
    return {
      roundId,
      from,
      until,
      winners: result.winners,
      nonWinners: result.nonWinners,
      meanWinnersFen: result.meanWinnersFen,
      meanNonWinnersFen: result.meanNonWinnersFen,
      differenceFen: result.differenceFen,
      spendingCounted:
        '平台可见的消费：用券账单（任一活动，扣除退货）与以旧换新购买（扣除退货） bills paid with any voucher and trade-in purchases, less refunds',
      note: result.note,
    };
  }
}
