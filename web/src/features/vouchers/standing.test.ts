import { describe, expect, it } from 'vitest';
import type { ClaimableRound } from './api';
import { standingOf, standingOfCode } from './standing';

const round: ClaimableRound = {
  id: 'r1',
  campaignId: 'c1',
  campaignName: '餐饮消费券',
  funderKind: 'city',
  unionName: null,
  releaseAt: '2025-06-20T02:00:00.000Z',
  endsAt: '2025-06-22T16:00:00.000Z',
  mode: 'first_come',
  state: 'open',
  validDays: 3,
  quantity: 5,
  remaining: 3,
  packs: [{ faceFen: 2000, thresholdFen: 10_000, count: 1 }],
  packFaceFen: 2000,
  categories: [],
  excludedCategories: [],
  claimedPacks: 0,
  limitReached: false,
  registered: false,
  registrationClosesAt: null,
  commitment: null,
};

describe('the claim button', () => {
  it('reads the round list: open, upcoming, sold out, at the limit, claimed', () => {
    expect(standingOf(round)).toBe('claim');
    expect(standingOf({ ...round, state: 'scheduled' })).toBe('notYet');
    expect(standingOf({ ...round, state: 'closed', remaining: 0 })).toBe('soldOut');
    expect(standingOf({ ...round, limitReached: true })).toBe('limit');
    expect(standingOf({ ...round, claimedPacks: 1, limitReached: true })).toBe('claimed');
    // a pack claimed and another allowed: the button claims again
    expect(standingOf({ ...round, claimedPacks: 1 })).toBe('claim');
    // the caller's own pack comes before "sold out"
    expect(standingOf({ ...round, state: 'closed', remaining: 0, claimedPacks: 1, limitReached: true })).toBe(
      'claimed',
    );
  });

  it('reads a lottery round: register, registered, not drawn, won', () => {
    const lottery = { ...round, mode: 'lottery' as const, state: 'registration' as const };
    expect(standingOf(lottery)).toBe('register');
    expect(standingOf({ ...lottery, registered: true })).toBe('registered');
    expect(standingOf({ ...lottery, state: 'drawn', registered: true })).toBe('notDrawn');
    expect(standingOf({ ...lottery, state: 'drawn', registered: true, claimedPacks: 1 })).toBe('claimed');
    expect(standingOf({ ...lottery, state: 'scheduled' })).toBe('notYet');
  });

  it('reads the claim’s refusal codes', () => {
    expect(standingOfCode('VOUCHER_SOLD_OUT')).toBe('soldOut');
    expect(standingOfCode('VOUCHER_LIMIT_REACHED')).toBe('limit');
    expect(standingOfCode('ROUND_NOT_OPEN')).toBe('notYet');
    expect(standingOfCode('ALREADY_REGISTERED')).toBe('registered');
    expect(standingOfCode('INTERNAL')).toBeUndefined();
  });
});
