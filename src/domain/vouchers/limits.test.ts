import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LIMITS,
  NOTHING_CLAIMED,
  UNION_VOUCHER_MAX_PER_MEMBER_YEAR_FEN,
  decideClaim,
  effectiveLimits,
  limitWords,
  limitYearOf,
  validateLimits,
  type Claimed,
  type ClaimedTotals,
  type LimitRule,
  type VoucherLimits,
} from './limits.js';
import type { Pack } from './packs.js';
import type { FunderKind } from './vocabulary.js';

const pack = (faceFen: number): Pack => [{ faceFen, thresholdFen: 0, count: 1 }];
const UNION_200: Pack = [
  { faceFen: 10000, thresholdFen: 0, count: 1 },
  { faceFen: 5000, thresholdFen: 0, count: 2 },
];
const OPEN: VoucherLimits = {
  perRound: { maxPacks: null, maxFaceFen: null },
  perCampaign: { maxPacks: null, maxFaceFen: null },
  perFunderYear: { maxPacks: null, maxFaceFen: null },
};

describe('claim limits', () => {
  it('one pack per person per round by default', () => {
    const first = decideClaim({
      limits: DEFAULT_LIMITS,
      funderKind: 'city',
      claimed: NOTHING_CLAIMED,
      pack: UNION_200,
    });
    expect(first).toEqual({
      ok: true,
      after: {
        round: { packs: 1, faceFen: 20000 },
        campaign: { packs: 1, faceFen: 20000 },
        funderYear: { packs: 1, faceFen: 20000 },
      },
    });
    if (!first.ok) return;
    expect(decideClaim({ limits: DEFAULT_LIMITS, funderKind: 'city', claimed: first.after, pack: UNION_200 })).toEqual({
      ok: false,
      refusal: {
        code: 'VOUCHER_LIMIT_REACHED',
        scope: 'per_round',
        measure: 'packs',
        funderKind: 'city',
        limit: 1,
        already: 1,
        requested: 1,
      },
    });
  });

  it('union vouchers: at most 500 yuan per member per year across every union (measure 24)', () => {
    // A member took 200 yuan from union A's campaign and 200 from union B's: the year's union total is 400.
    const claimed: ClaimedTotals = {
      round: { packs: 0, faceFen: 0 },
      campaign: { packs: 0, faceFen: 0 },
      funderYear: { packs: 2, faceFen: 40000 },
    };
    const decision = decideClaim({ limits: OPEN, funderKind: 'union', claimed, pack: UNION_200 });
    expect(decision).toMatchObject({
      ok: false,
      refusal: { scope: 'per_funder_year', measure: 'face_fen', limit: 50000, already: 40000, requested: 20000 },
    });
    if (!decision.ok) {
      expect(limitWords(decision.refusal).zh).toContain('所有工会合计');
      expect(limitWords(decision.refusal).en).toContain('500.00 yuan');
    }
    // 100 yuan still fits, to the fen
    expect(decideClaim({ limits: OPEN, funderKind: 'union', claimed, pack: pack(10000) }).ok).toBe(true);
    // city campaigns carry no plan cap
    expect(decideClaim({ limits: OPEN, funderKind: 'city', claimed, pack: UNION_200 }).ok).toBe(true);
  });

  it('a campaign may tighten the plan’s cap, never loosen it', () => {
    const loose = { ...OPEN, perFunderYear: { maxPacks: null, maxFaceFen: 100000 } };
    expect(effectiveLimits(loose, 'union').perFunderYear.maxFaceFen).toBe(UNION_VOUCHER_MAX_PER_MEMBER_YEAR_FEN);
    const tight = { ...OPEN, perFunderYear: { maxPacks: 1, maxFaceFen: 30000 } };
    expect(effectiveLimits(tight, 'union').perFunderYear).toEqual({ maxPacks: 1, maxFaceFen: 30000 });
    expect(effectiveLimits(loose, 'city').perFunderYear.maxFaceFen).toBe(100000);
  });

  it('validates limits: whole numbers ≥ 1, and one pack must fit under every face-value limit', () => {
    expect(validateLimits(OPEN, 'union', pack(60000)).map((found) => [found.field, found.problem])).toEqual([
      ['limits.perFunderYear.maxFaceFen', 'pack_exceeds_limit'],
    ]);
    expect(validateLimits(OPEN, 'city', pack(60000))).toEqual([]);
    const wrong = { ...OPEN, perRound: { maxPacks: 0, maxFaceFen: 2.5 } };
    expect(validateLimits(wrong, 'city', pack(100)).map((found) => found.problem)).toEqual([
      'not_positive',
      'not_integer',
    ]);
  });

  it('counts the year in China time', () => {
    expect(limitYearOf(new Date('2025-12-31T15:59:59Z'))).toBe(2025);
    expect(limitYearOf(new Date('2025-12-31T16:00:00Z'))).toBe(2026);
  });

  it('no sequence of allowed claims ever passes a limit, and a claim is refused only when it would (property)', () => {
    const rule: fc.Arbitrary<LimitRule> = fc.record({
      maxPacks: fc.option(fc.integer({ min: 1, max: 6 }), { nil: null }),
      maxFaceFen: fc.option(fc.integer({ min: 1, max: 80000 }), { nil: null }),
    });
    const campaign = fc.record({
      funderKind: fc.constantFrom<FunderKind>('city', 'union'),
      limits: fc.record({ perRound: rule, perCampaign: rule, perFunderYear: rule }),
      face: fc.integer({ min: 100, max: 30000 }),
    });
    // One person's claims across campaigns (two of each kind possible) and their rounds, within one year.
    const claim = fc.record({ campaign: fc.integer({ min: 0, max: 3 }), round: fc.integer({ min: 0, max: 2 }) });
    const within = (value: Claimed, limit: LimitRule) =>
      (limit.maxPacks === null || value.packs <= limit.maxPacks) &&
      (limit.maxFaceFen === null || value.faceFen <= limit.maxFaceFen);
    fc.assert(
      fc.property(
        fc.array(campaign, { minLength: 4, maxLength: 4 }),
        fc.array(claim, { maxLength: 60 }),
        (campaigns, claims) => {
          const totals = new Map<string, Claimed>();
          const get = (key: string): Claimed => totals.get(key) ?? { packs: 0, faceFen: 0 };
          for (const { campaign: index, round } of claims) {
            const { funderKind, limits, face } = campaigns[index]!;
            const keys = { round: `r:${index}:${round}`, campaign: `c:${index}`, funderYear: `f:${funderKind}` };
            const claimed = { round: get(keys.round), campaign: get(keys.campaign), funderYear: get(keys.funderYear) };
            const decision = decideClaim({ limits, funderKind, claimed, pack: pack(face) });
            const effective = effectiveLimits(limits, funderKind);
            const plusOne = (value: Claimed): Claimed => ({ packs: value.packs + 1, faceFen: value.faceFen + face });
            const allowed =
              within(plusOne(claimed.round), effective.perRound) &&
              within(plusOne(claimed.campaign), effective.perCampaign) &&
              within(plusOne(claimed.funderYear), effective.perFunderYear);
            expect(decision.ok).toBe(allowed);
            if (decision.ok) {
              expect(decision.after).toEqual({
                round: plusOne(claimed.round),
                campaign: plusOne(claimed.campaign),
                funderYear: plusOne(claimed.funderYear),
              });
              totals.set(keys.round, decision.after.round);
              totals.set(keys.campaign, decision.after.campaign);
              totals.set(keys.funderYear, decision.after.funderYear);
            } else {
              expect(decision.refusal.already + decision.refusal.requested).toBeGreaterThan(decision.refusal.limit);
            }
          }
          // Every round and campaign total within its limits. A campaign's own per-year limit bounds the claims made
          // in it (the model above, at each claim); the plan's union cap bounds the year's total whatever they say.
          for (const [index, { funderKind, limits }] of campaigns.entries()) {
            const effective = effectiveLimits(limits, funderKind);
            for (const round of [0, 1, 2]) expect(within(get(`r:${index}:${round}`), effective.perRound)).toBe(true);
            expect(within(get(`c:${index}`), effective.perCampaign)).toBe(true);
          }
          expect(get('f:union').faceFen).toBeLessThanOrEqual(UNION_VOUCHER_MAX_PER_MEMBER_YEAR_FEN);
        },
      ),
    );
  });
});
