/**
 * Consumption vouchers (issue 13): campaigns, rounds and flash claims. A round's whole budget (quantity × the
 * pack's face, domain/vouchers/packs.ts) is held in the ledger when the round is created, in the round's own
 * transaction, so no voucher exists without money behind it (BUDGET_EXHAUSTED when the pool cannot). A claim
 * is one transaction: the person's lock row, their totals read under it and the limits decided
 * (domain/vouchers/limits.ts), then the round's conditional `issued < quantity` UPDATE (VOUCHER_SOLD_OUT when
 * it changes nothing), then the pack's vouchers and the audit entry. Redemption is in voucher-redemptions.ts.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import type {
  CampaignInput,
  CampaignView,
  ClaimedPack,
  OwnVoucherList,
  RoundInput,
  RoundView,
} from '../../contract/vouchers.js';
import type { AccountRepository } from '../../db/accounts-repository.js';
import type { VoucherClaimsRepository } from '../../db/voucher-claims-repository.js';
import type { Database } from '../../db/tables.js';
import type { VoucherCampaignRow, VoucherRoundRow, VouchersRepository } from '../../db/vouchers-repository.js';
import { chinaDay, validUntilOf } from '../../domain/trade-in/calendar.js';
import { DEFAULT_LIMITS, validateLimits, type LimitRule, type VoucherLimits } from '../../domain/vouchers/limits.js';
import {
  packFaceFen,
  packVoucherCount,
  roundBudgetFen,
  validatePack,
  validateRound,
  type Pack,
} from '../../domain/vouchers/packs.js';
import { isExpired } from '../../domain/vouchers/redemption.js';
import type { RefundRule } from '../../domain/vouchers/vocabulary.js';
import { AppError } from '../../shared/errors.js';
import { requireAccess } from '../access.js';
import type { AuditLog } from '../audit/audit-log.js';
import { refusalError, type BudgetService } from '../budget/budget-service.js';
import { auditContextOf, principalOf, type RequestContext } from '../context.js';
import { writeOnce, type WriteStore } from '../idempotent-write.js';
import type { PersonalDataCipher } from '../security/personal-data-cipher.js';
import { newLotterySeed } from './lottery-seed.js';
import { OPEN_GATE, type AdmissionGate } from './admission-gate.js';
import { ClaimBatcher, soldOut } from './claim-batcher.js';
import { ClaimRounds } from './claim-rounds.js';

export interface VoucherServiceOptions {
  readonly store: WriteStore;
  readonly repository: VouchersRepository;
  readonly accounts: AccountRepository;
  readonly budget: BudgetService;
  readonly audit: AuditLog;
  readonly now: () => Date;
  /** Seals a lottery round's seed until its draw. */
  readonly cipher: PersonalDataCipher;
  /** The flash claim's admission gate (Redis, several app processes); none: the database decides alone. */
  readonly gate?: AdmissionGate;
  /** The flash claim's batch writes (db/voucher-claims-repository.ts). */
  readonly claims: VoucherClaimsRepository;
}

/**
 * Voucher codes: 16 characters without 0/O, 1/I, so a cashier can key one in (shown in groups of four):
 * five for the second it was made, then eleven random ones (55 bits, from the operating system's
 * generator). The time comes first so that the codes of a flash claim sort together: each batch's
 * hundreds of codes land on the few rightmost pages of the codes' unique index instead of one randomly
 * placed page each: three of the six randomly placed index pages a claim wrote; at 100,000 packs the
 * batches' commits fell from 208 to 175 µs a claim (bench/README.md, "Settlement, narrow settlement rows
 * and holds in hold order", its flash-claim paragraph). Guessing stays hopeless: within a known second
 * a guess hits one of that second's few thousand codes with odds of about 1 in 10^13, and redeeming
 * takes a signed-in cashier.
 */
const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const CODE_TIME_LENGTH = 5;
const CODE_RANDOM_LENGTH = 11;
/** Seconds are counted from here; five characters last 32^5 s (about a year), then wrap. */
const CODE_EPOCH_MS = Date.UTC(2025, 0, 1);

export function voucherCode(nowMs: number = Date.now()): string {
  // The alphabet is in code-unit order, so a later second's prefix sorts after an earlier one (until it wraps).
  const span = CODE_ALPHABET.length ** CODE_TIME_LENGTH;
  let second = Math.floor((nowMs - CODE_EPOCH_MS) / 1000) % span;
  if (second < 0) second += span;
  let prefix = '';
  for (let index = 0; index < CODE_TIME_LENGTH; index += 1) {
    prefix = (CODE_ALPHABET[second % CODE_ALPHABET.length] ?? '') + prefix;
    second = Math.floor(second / CODE_ALPHABET.length);
  }
  let code = prefix;
  // 256 is a multiple of 32: each byte picks a character uniformly.
  for (const byte of randomBytes(CODE_RANDOM_LENGTH)) code += CODE_ALPHABET[byte % CODE_ALPHABET.length];
  return code;
}

function rule(input: { maxPacks?: number | null; maxFaceFen?: number | null } | undefined, fallback: LimitRule) {
  if (input === undefined) return fallback;
  return { maxPacks: input.maxPacks ?? null, maxFaceFen: input.maxFaceFen ?? null };
}

function limitsOf(input: CampaignInput['limits']): VoucherLimits {
  return {
    perRound: rule(input.perRound, DEFAULT_LIMITS.perRound),
    perCampaign: rule(input.perCampaign, DEFAULT_LIMITS.perCampaign),
    perFunderYear: rule(input.perFunderYear, DEFAULT_LIMITS.perFunderYear),
  };
}

export function packOf(row: VoucherCampaignRow): Pack {
  return JSON.parse(row.pack) as Pack;
}

export function limitsOfRow(row: VoucherCampaignRow): VoucherLimits {
  return JSON.parse(row.limits) as VoucherLimits;
}

export function campaignView(row: VoucherCampaignRow): CampaignView {
  const pack = packOf(row);
  return {
    id: row.id,
    name: row.name,
    funder: { kind: row.funder_kind, poolId: row.pool_id, unionName: row.union_name, creditCode: row.credit_code },
    categories: JSON.parse(row.categories) as string[],
    excludedCategories: JSON.parse(row.excluded_categories) as string[],
    units: JSON.parse(row.units) as string[],
    merchants: JSON.parse(row.merchants) as string[],
    packs: pack.map((item) => ({ ...item })),
    packFaceFen: Number(row.pack_face_fen),
    vouchersPerPack: packVoucherCount(pack),
    limits: limitsOfRow(row),
    stacking: row.stacking === 1,
    refundRule: row.refund_rule,
    rollover: row.rollover === 1,
    createdAt: row.created_at,
  };
}

function invalid(field: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', message, field);
}

export class VoucherService {
  constructor(readonly options: VoucherServiceOptions) {}

  // ------------------------------------------------------------------------------ campaigns

  async createCampaign(context: RequestContext, input: CampaignInput): Promise<CampaignView> {
    const principal = requireAccess(context, 'vouchers.manage', {}, { message: 'not yours', field: 'funder' });
    const pack: Pack = input.packs;
    const packProblem = validatePack(pack)[0];
    if (packProblem !== undefined) throw invalid(packProblem.field, packProblem.messageEn);
    const limits = limitsOf(input.limits);
    const limitProblem = validateLimits(limits, input.funder.kind, pack)[0];
    if (limitProblem !== undefined) throw invalid(limitProblem.field, limitProblem.messageEn);
    if (
      input.funder.kind === 'union' &&
      (input.funder.unionName === undefined || input.funder.creditCode === undefined)
    ) {
      throw invalid('funder.creditCode', 'a union campaign names the union and its credit code');
    }
    const overlap = input.categories.find((category) => input.excludedCategories.includes(category));
    if (overlap !== undefined) throw invalid('excludedCategories', `${overlap} is both accepted and excluded`);
    // The pool must exist (and be the funder's): read before the transaction.
    await this.options.budget.getPool(input.funder.poolId);
    const at = this.options.now().toISOString();
    const refundRule: RefundRule = input.refundRule ?? 'restore';
    const row = {
      id: randomUUID(),
      name: input.name.trim(),
      funder_kind: input.funder.kind,
      pool_id: input.funder.poolId,
      union_name: input.funder.unionName ?? null,
      credit_code: input.funder.creditCode ?? null,
      categories: JSON.stringify([...new Set(input.categories)]),
      excluded_categories: JSON.stringify([...new Set(input.excludedCategories)]),
      units: JSON.stringify([...new Set(input.units)]),
      merchants: JSON.stringify([...new Set(input.merchants ?? [])]),
      pack: JSON.stringify(pack.map(({ faceFen, thresholdFen, count }) => ({ faceFen, thresholdFen, count }))),
      pack_face_fen: packFaceFen(pack),
      limits: JSON.stringify(limits),
      stacking: input.stacking === true ? 1 : 0,
      refund_rule: refundRule,
      rollover: input.rollover === true ? 1 : 0,
      created_by: principal.accountId,
      created_at: at,
    };
    return writeOnce(this.options.store, context.idempotency, async (trx) => {
      await this.options.repository.insertCampaign(trx, row);
      await this.options.audit.append(trx, auditContextOf(context), {
        action: 'voucher.campaign.create',
        subject: `voucher-campaign:${row.id}`,
        after: { name: row.name, funder: input.funder, packFaceFen: row.pack_face_fen, limits },
      });
      return campaignView((await this.options.repository.findCampaign(row.id, trx)) as VoucherCampaignRow);
    });
  }

  async requireCampaign(id: string, executor?: Kysely<Database>): Promise<VoucherCampaignRow> {
    const row = await this.options.repository.findCampaign(id, executor);
    if (row === undefined) throw new AppError('VOUCHER_CAMPAIGN_NOT_FOUND', `no voucher campaign ${id}`, 'id');
    return row;
  }

  async requireRound(id: string, executor?: Kysely<Database>): Promise<VoucherRoundRow> {
    const row = await this.options.repository.findRound(id, executor);
    if (row === undefined) throw new AppError('VOUCHER_ROUND_NOT_FOUND', `no voucher round ${id}`, 'id');
    return row;
  }

  // -------------------------------------------------------------------------------- rounds

  /** A round of `quantity` packs, its whole budget held in the funder's pool in the same transaction. */
  async createRound(context: RequestContext, campaignId: string, input: RoundInput): Promise<RoundView> {
    const principal = requireAccess(context, 'vouchers.manage', {}, { message: 'not yours', field: 'id' });
    const campaign = await this.requireCampaign(campaignId);
    const pack = packOf(campaign);
    const problem = validateRound(pack, input.quantity)[0];
    if (problem !== undefined) throw invalid(problem.field, problem.messageEn);
    const release = Date.parse(input.releaseAt);
    if (Number.isNaN(release)) throw invalid('releaseAt', 'releaseAt must be an ISO 8601 moment');
    const budgetFen = roundBudgetFen(pack, input.quantity);
    const endsAt = roundEndOf(new Date(release), input.validDays);
    let registrationClosesAt: string | null = null;
    if (input.mode === 'lottery') {
      const closes =
        input.registrationClosesAt === undefined
          ? release + 24 * 60 * 60 * 1000
          : Date.parse(input.registrationClosesAt);
      if (Number.isNaN(closes) || closes <= release || closes >= Date.parse(endsAt)) {
        throw invalid('registrationClosesAt', 'registration closes after the release and before the round ends');
      }
      registrationClosesAt = new Date(closes).toISOString();
    }
    const seed = input.mode === 'lottery' ? newLotterySeed(this.options.cipher) : null;
    const id = randomUUID();
    const at = this.options.now().toISOString();
    return writeOnce(this.options.store, context.idempotency, async (trx) => {
      const hold = await this.options.budget.hold(trx, context, campaign.pool_id, {
        amountFen: budgetFen,
        idempotencyKey: `voucher-round:${id}`,
        reference: `voucher-round:${id}`,
      });
      if (!hold.ok) throw refusalError(hold.refusal);
      await this.options.repository.insertRound(trx, {
        id,
        campaign_id: campaignId,
        release_at: new Date(release).toISOString(),
        quantity: input.quantity,
        issued: 0,
        valid_days: input.validDays,
        mode: input.mode,
        state: 'scheduled',
        budget_fen: budgetFen,
        held_fen: budgetFen,
        spent_fen: 0,
        redeemed: 0,
        hold_id: hold.hold.id,
        created_by: principal.accountId,
        created_at: at,
        ends_at: endsAt,
        registration_closes_at: registrationClosesAt,
        seed_commitment: seed?.commitment ?? null,
        seed_sealed: seed?.sealed ?? null,
      });
      await this.options.audit.append(trx, auditContextOf(context), {
        action: 'voucher.round.create',
        subject: `voucher-round:${id}`,
        after: {
          campaignId,
          ...input,
          budgetFen,
          poolId: campaign.pool_id,
          holdId: hold.hold.id,
          endsAt,
          commitment: seed?.commitment ?? null,
        },
      });
      return this.roundView(await this.requireRound(id, trx), campaign, trx);
    });
  }

  async round(context: RequestContext, id: string): Promise<RoundView> {
    requireAccess(context, 'vouchers.read', {}, { message: 'not yours', field: 'id' });
    const round = await this.requireRound(id);
    return this.roundView(round, await this.requireCampaign(round.campaign_id));
  }

  async roundView(
    round: VoucherRoundRow,
    campaign: VoucherCampaignRow,
    executor: Kysely<Database> = this.options.store.db,
  ): Promise<RoundView> {
    const now = this.options.now();
    const counts = await this.options.repository.roundCounts(round.id, now.toISOString(), executor);
    const state = roundStateAt(round, now);
    return {
      id: round.id,
      campaignId: round.campaign_id,
      campaignName: campaign.name,
      releaseAt: round.release_at,
      quantity: round.quantity,
      issued: round.issued,
      redeemed: counts.redeemed,
      expired: counts.expired,
      validDays: round.valid_days,
      mode: round.mode,
      state,
      budgetFen: Number(round.budget_fen),
      heldFen: Number(round.held_fen),
      spentFen: Number(round.spent_fen),
      holdId: round.hold_id,
      createdAt: round.created_at,
      endsAt: endsAtOf(round),
      rereleasedPacks: Number(round.rereleased_packs),
      rereleasedFrom: round.rereleased_from,
      rereleasedInto: round.rereleased_into,
      returnedFen: Number(round.returned_fen),
      expiredAt: round.expired_at,
      registrationClosesAt: round.registration_closes_at,
      commitment: round.seed_commitment,
      drawnAt: round.drawn_at,
    };
  }

  // -------------------------------------------------------------------------------- claims

  /**
   * One pack of the round for the signed-in citizen, or VOUCHER_SOLD_OUT / VOUCHER_LIMIT_REACHED /
   * ROUND_NOT_OPEN. The round is read from this process's short cache (a round known sold out is answered
   * at once, without a transaction); the admission gate (Redis, several processes) turns the crowd away
   * once the round's admissions are given; the claim is then decided and written in the next batch of
   * claims (claim-batcher.ts), one transaction for all that arrived together.
   */
  async claim(context: RequestContext, roundId: string): Promise<ClaimedPack> {
    const principal = principalOf(context);
    const claims = this.#claimPath();
    const { round, campaign } = await claims.rounds.read(roundId);
    const refusal = claimRefusalOf(round, this.options.now());
    if (refusal !== null) throw refusal;
    // Already gone: answered at once, without a transaction (the batch decides in any case).
    if (round.issued >= round.quantity) throw soldOut();
    const gate = this.options.gate ?? OPEN_GATE;
    let admission = await gate.admit(round, principal.accountId);
    // The person's other claim of this round is in flight (at this process or another), or the last
    // places are with claims in flight that may give them back: wait for those, a little.
    for (let waited = 0; admission.kind === 'busy' || admission.kind === 'wait'; waited += BUSY_POLL_MS) {
      if (waited >= BUSY_WAIT_MS && admission.kind === 'wait') throw soldOut();
      if (waited >= BUSY_WAIT_MS) {
        throw new AppError(
          'RATE_LIMITED',
          '您的另一次领取正在处理 your other claim of this round is in progress; retry',
          'id',
        );
      }
      await sleep(BUSY_POLL_MS);
      admission = await gate.admit(round, principal.accountId);
    }
    if (admission.kind === 'sold_out') throw soldOut();
    const settle = (outcome: 'issued' | 'returned' | 'sold_out'): void => {
      if (admission.kind !== 'admitted') return;
      void gate.settle([{ roundId, personId: principal.accountId, admissionId: admission.id, outcome }]);
    };
    try {
      const answer = await claims.batcher.submit({
        context,
        personId: principal.accountId,
        roundId,
        campaign,
        pack: packOf(campaign),
        limits: limitsOfRow(campaign),
      });
      settle('issued');
      return answer;
    } catch (error) {
      settle(error instanceof AppError && error.code === 'VOUCHER_SOLD_OUT' ? 'sold_out' : 'returned');
      throw error;
    }
  }

  #claims: { rounds: ClaimRounds; batcher: ClaimBatcher } | undefined;

  /** The claim path's round cache and batcher, made on first use. */
  #claimPath(): { rounds: ClaimRounds; batcher: ClaimBatcher } {
    if (this.#claims !== undefined) return this.#claims;
    const rounds = new ClaimRounds(
      (id) => this.requireRound(id),
      (id) => this.requireCampaign(id),
    );
    const batcher = new ClaimBatcher({
      store: this.options.store,
      repository: this.options.claims,
      audit: this.options.audit,
      now: this.options.now,
      refusalOf: claimRefusalOf,
      voucherCode,
      validUntilOf: endsAtOf,
      onRound: (counter) => rounds.update(counter),
    });
    this.#claims = { rounds, batcher };
    return this.#claims;
  }

  /** The claim batcher's figures (batches, claims, fallbacks), for the benchmark and the tests. */
  get claimStats(): ClaimBatcher['stats'] {
    return this.#claimPath().batcher.stats;
  }

  /** The caller's vouchers, newest first. */
  async mine(context: RequestContext): Promise<OwnVoucherList> {
    const principal = principalOf(context);
    const rows = await this.options.repository.vouchersOf(principal.accountId);
    const campaigns = new Map(
      (await this.options.repository.campaigns([...new Set(rows.map((row) => row.campaign_id))])).map(
        (row) => [row.id, row] as const,
      ),
    );
    const now = this.options.now();
    return {
      vouchers: rows.map((row) => {
        const lapsed = row.state === 'issued' && isExpired(row.valid_until, now);
        return {
          code: row.code,
          faceFen: Number(row.face_fen),
          thresholdFen: Number(row.threshold_fen),
          validUntil: row.valid_until,
          state: lapsed ? 'expired' : row.state,
          roundId: row.round_id,
          campaignId: row.campaign_id,
          campaignName: campaigns.get(row.campaign_id)?.name ?? '',
          claimedAt: row.claimed_at,
          usable: row.state === 'issued' && !lapsed,
        };
      }),
    };
  }
}

/** The round's end: claims close and its vouchers lapse (release day + validDays, the next midnight). */
export function roundEndOf(releaseAt: Date, validDays: number): string {
  return validUntilOf(chinaDay(releaseAt), validDays).toISOString();
}

export function endsAtOf(round: VoucherRoundRow): string {
  return round.ends_at ?? roundEndOf(new Date(round.release_at), round.valid_days);
}

/** A round's state as the clock stands: the stored state once it ended, drew or expired; else by the clock. */
export function roundStateAt(round: VoucherRoundRow, now: Date): RoundView['state'] {
  if (round.state !== 'scheduled' && round.state !== 'open') return round.state;
  if (Date.parse(endsAtOf(round)) <= now.getTime()) return 'closed';
  if (round.issued >= round.quantity && round.mode === 'first_come') return 'closed';
  if (Date.parse(round.release_at) > now.getTime()) return 'scheduled';
  return round.mode === 'lottery' ? 'registration' : 'open';
}

/** A claimed person waits this long at most for their other claim of the round, polling the gate. */
const BUSY_WAIT_MS = 3000;
const BUSY_POLL_MS = 20;

/** Why a round takes no claims at `now`, or null (checked before the batch and again inside it). */
export function claimRefusalOf(round: VoucherRoundRow, now: Date): AppError | null {
  if (round.mode !== 'first_come') {
    return new AppError('ROUND_NOT_OPEN', '本轮为登记抽签，不能直接领取 this round is drawn by lottery', 'id');
  }
  if (round.state !== 'scheduled' && round.state !== 'open') {
    return new AppError('ROUND_NOT_OPEN', `本轮已结束 the round is ${round.state}`, 'id');
  }
  if (Date.parse(endsAtOf(round)) <= now.getTime()) {
    return new AppError('ROUND_NOT_OPEN', `本轮已于 ${endsAtOf(round)} 结束 the round ended`, 'id');
  }
  if (Date.parse(round.release_at) > now.getTime()) {
    return new AppError('ROUND_NOT_OPEN', `本轮 ${round.release_at} 开抢 the round opens at ${round.release_at}`, 'id');
  }
  return null;
}
