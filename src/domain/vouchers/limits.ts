/**
 * Claim limits (issue 13 §1): per person per round, per person per campaign, and per person across every campaign
 * of one funder kind in a calendar year. The one limit the plan itself sets: trade-union vouchers at most 500 yuan
 * per member per year, across all unions — measure 24 (二十四): “鼓励基层工会……可结合实际按每年每人不超过500元的
 * 标准发放工会消费券” (policies/sanmenxia-2025 parameter `union-voucher-max-per-member-year-2025`, key
 * `union_voucher.max_per_member_year_fen` = 50,000 fen, lte, per member_year; sources/reference.md: “the plan caps
 * them per person per year (the plan wins)”). A campaign may set tighter limits, never looser ones.
 *
 * Pure: the caller reads the person's totals (in the claim's transaction, under the same lock that issues) and
 * this decides. A claim is one pack; it is allowed only if every limit still holds after it.
 */
import { chinaDay } from '../trade-in/calendar.js';
import { yuan } from '../subsidy/money.js';
import { safeSum } from './arithmetic.js';
import { packFaceFen, type Pack } from './packs.js';
import type { FunderKind, LimitMeasure, LimitScope } from './vocabulary.js';

/** At most this many packs and this much face value (fen); null: no limit of that kind. */
export interface LimitRule {
  readonly maxPacks: number | null;
  readonly maxFaceFen: number | null;
}

export interface VoucherLimits {
  readonly perRound: LimitRule;
  readonly perCampaign: LimitRule;
  /** Across every campaign of the same funder kind in the calendar year (China time) of the claim. */
  readonly perFunderYear: LimitRule;
}

/** What a person has claimed so far, counted in packs and in face value. */
export interface Claimed {
  readonly packs: number;
  readonly faceFen: number;
}

export interface ClaimedTotals {
  /** In this round. */
  readonly round: Claimed;
  /** In this campaign, every round. */
  readonly campaign: Claimed;
  /** In every campaign of this campaign's funder kind, this calendar year (every union's, for a union campaign). */
  readonly funderYear: Claimed;
}

/** 500 yuan per member per year (measure 24), in fen. */
export const UNION_VOUCHER_MAX_PER_MEMBER_YEAR_FEN = 50_000;

/** The limits the plan sets per funder kind per year; a campaign's own limits can only tighten them. */
export const PLAN_FUNDER_YEAR_LIMITS: Readonly<Record<FunderKind, LimitRule>> = {
  city: { maxPacks: null, maxFaceFen: null },
  union: { maxPacks: null, maxFaceFen: UNION_VOUCHER_MAX_PER_MEMBER_YEAR_FEN },
};

/** Platform default (not a plan number): one pack per person per round, as Henan's rounds are run. */
export const DEFAULT_LIMITS: VoucherLimits = {
  perRound: { maxPacks: 1, maxFaceFen: null },
  perCampaign: { maxPacks: null, maxFaceFen: null },
  perFunderYear: { maxPacks: null, maxFaceFen: null },
};

export const NOTHING_CLAIMED: ClaimedTotals = {
  round: { packs: 0, faceFen: 0 },
  campaign: { packs: 0, faceFen: 0 },
  funderYear: { packs: 0, faceFen: 0 },
};

export interface LimitReached {
  readonly code: 'VOUCHER_LIMIT_REACHED';
  readonly scope: LimitScope;
  readonly measure: LimitMeasure;
  readonly funderKind: FunderKind;
  /** The limit that would be passed. */
  readonly limit: number;
  /** What the person already has under it. */
  readonly already: number;
  /** What this claim would add (1 pack, or the pack's face value). */
  readonly requested: number;
}

export type LimitDecision =
  { readonly ok: true; readonly after: ClaimedTotals } | { readonly ok: false; readonly refusal: LimitReached };

function tighter(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}

/** The campaign's limits with the plan's per-year limit of its funder kind folded in (the smaller wins). */
export function effectiveLimits(
  limits: VoucherLimits,
  funderKind: FunderKind,
  planLimits: Readonly<Record<FunderKind, LimitRule>> = PLAN_FUNDER_YEAR_LIMITS,
): VoucherLimits {
  const plan = planLimits[funderKind];
  return {
    ...limits,
    perFunderYear: {
      maxPacks: tighter(limits.perFunderYear.maxPacks, plan.maxPacks),
      maxFaceFen: tighter(limits.perFunderYear.maxFaceFen, plan.maxFaceFen),
    },
  };
}

const SCOPES: readonly { readonly scope: LimitScope; readonly key: keyof VoucherLimits }[] = [
  { scope: 'per_round', key: 'perRound' },
  { scope: 'per_campaign', key: 'perCampaign' },
  { scope: 'per_funder_year', key: 'perFunderYear' },
];

const TOTALS_OF: Readonly<Record<LimitScope, keyof ClaimedTotals>> = {
  per_round: 'round',
  per_campaign: 'campaign',
  per_funder_year: 'funderYear',
};

function add(claimed: Claimed, faceFen: number): Claimed {
  const packs = safeSum(claimed.packs, 1);
  const face = safeSum(claimed.faceFen, faceFen);
  if (packs === null || face === null) throw new RangeError('claimed totals pass Number.MAX_SAFE_INTEGER');
  return { packs, faceFen: face };
}

function checkClaimed(claimed: Claimed, field: string): void {
  if (!Number.isSafeInteger(claimed.packs) || claimed.packs < 0) throw new RangeError(`${field}.packs must be ≥ 0`);
  if (!Number.isSafeInteger(claimed.faceFen) || claimed.faceFen < 0) {
    throw new RangeError(`${field}.faceFen must be whole fen ≥ 0`);
  }
}

export interface ClaimQuestion {
  readonly limits: VoucherLimits;
  readonly funderKind: FunderKind;
  /** The person's totals before this claim. */
  readonly claimed: ClaimedTotals;
  /** The round's pack: one claim takes one pack. */
  readonly pack: Pack;
  /** Defaults to the plan's (PLAN_FUNDER_YEAR_LIMITS). */
  readonly planLimits?: Readonly<Record<FunderKind, LimitRule>>;
}

/**
 * May the person claim one more pack? Checks per round, then per campaign, then per funder kind and year, packs
 * before face value, and answers the first limit the claim would pass with the numbers, or the totals after it.
 */
export function decideClaim(question: ClaimQuestion): LimitDecision {
  const { claimed, funderKind } = question;
  const limits = effectiveLimits(question.limits, funderKind, question.planLimits);
  const faceFen = packFaceFen(question.pack);
  for (const { scope } of SCOPES) checkClaimed(claimed[TOTALS_OF[scope]], TOTALS_OF[scope]);
  for (const { scope, key } of SCOPES) {
    const rule = limits[key];
    const before = claimed[TOTALS_OF[scope]];
    const checks: readonly [LimitMeasure, number | null, number, number][] = [
      ['packs', rule.maxPacks, before.packs, 1],
      ['face_fen', rule.maxFaceFen, before.faceFen, faceFen],
    ];
    for (const [measure, limit, already, requested] of checks) {
      if (limit !== null && already + requested > limit) {
        return {
          ok: false,
          refusal: { code: 'VOUCHER_LIMIT_REACHED', scope, measure, funderKind, limit, already, requested },
        };
      }
    }
  }
  return {
    ok: true,
    after: {
      round: add(claimed.round, faceFen),
      campaign: add(claimed.campaign, faceFen),
      funderYear: add(claimed.funderYear, faceFen),
    },
  };
}

export interface LimitProblem {
  readonly field: string;
  readonly problem: 'not_integer' | 'not_positive' | 'pack_exceeds_limit';
  readonly message: string;
  readonly messageEn: string;
}

/**
 * Problems of a campaign's limits: every bound a whole number ≥ 1, and one pack must fit under every face-value
 * limit (including the plan's union cap), else the campaign could never issue anything.
 */
export function validateLimits(limits: VoucherLimits, funderKind: FunderKind, pack: Pack): LimitProblem[] {
  const found: LimitProblem[] = [];
  for (const { key } of SCOPES) {
    for (const measure of ['maxPacks', 'maxFaceFen'] as const) {
      const value = limits[key][measure];
      if (value === null) continue;
      const field = `limits.${key}.${measure}`;
      if (!Number.isSafeInteger(value)) {
        found.push({
          field,
          problem: 'not_integer',
          message: '限额必须是整数',
          messageEn: `${field} must be a whole number`,
        });
      } else if (value < 1) {
        found.push({
          field,
          problem: 'not_positive',
          message: '限额至少为 1',
          messageEn: `${field} must be at least 1`,
        });
      }
    }
  }
  if (found.length > 0) return found;
  const faceFen = packFaceFen(pack);
  const effective = effectiveLimits(limits, funderKind);
  for (const { key } of SCOPES) {
    const max = effective[key].maxFaceFen;
    if (max !== null && faceFen > max) {
      found.push({
        field: `limits.${key}.maxFaceFen`,
        problem: 'pack_exceeds_limit',
        message: `一个券包面值 ${yuan(faceFen)} 元，超过限额 ${yuan(max)} 元`,
        messageEn: `One pack's face value of ${yuan(faceFen)} yuan exceeds the limit of ${yuan(max)} yuan`,
      });
    }
  }
  return found;
}

/** The calendar year (Asia/Shanghai) a claim at `now` counts in for the per-year limits. */
export function limitYearOf(now: Date): number {
  return Number(chinaDay(now).slice(0, 4));
}

const SCOPE_WORDS: Readonly<Record<LimitScope, { zh: string; en: string }>> = {
  per_round: { zh: '本轮每人', en: 'per person in this round' },
  per_campaign: { zh: '本活动每人', en: 'per person in this campaign' },
  per_funder_year: { zh: '每人每年', en: 'per person per year' },
};

/** The refusal in words a citizen understands, zh-CN and English. */
export function limitWords(refusal: LimitReached): { zh: string; en: string } {
  const scope = SCOPE_WORDS[refusal.scope];
  const union = refusal.scope === 'per_funder_year' && refusal.funderKind === 'union';
  const zhScope = union ? '工会消费券每人每年（所有工会合计）' : scope.zh;
  const enScope = union ? 'of union vouchers per member per year (all unions together)' : scope.en;
  if (refusal.measure === 'packs') {
    return {
      zh: `已达领取上限：${zhScope}最多 ${refusal.limit} 份，您已领 ${refusal.already} 份`,
      en: `Limit reached: at most ${refusal.limit} packs ${enScope}; you have ${refusal.already}`,
    };
  }
  return {
    zh: `已达领取上限：${zhScope}最多 ${yuan(refusal.limit)} 元，您已领 ${yuan(refusal.already)} 元，本券包 ${yuan(refusal.requested)} 元`,
    en: `Limit reached: at most ${yuan(refusal.limit)} yuan ${enScope}; you have ${yuan(refusal.already)} yuan and this pack is ${yuan(refusal.requested)} yuan`,
  };
}
