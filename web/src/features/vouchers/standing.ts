/**
 * What 领消费券's button says for a round: from the round list before it is pressed (GET /api/v1/vouchers/rounds),
 * and from the server's answer once it is (201, or the 409's code), so it never waits on a spinner.
 */
import type { ClaimableRound } from './api';
import type { VouchersKey } from './messages';

/** What the button says (and whether it can be pressed). */
export type Standing =
  'claim' | 'claimed' | 'soldOut' | 'limit' | 'notYet' | 'register' | 'registered' | 'notDrawn' | 'drawn';

export const LABEL: Record<Standing, VouchersKey> = {
  claim: 'vo.claim.button',
  claimed: 'vo.claim.claimed',
  soldOut: 'vo.claim.soldOut',
  limit: 'vo.claim.limit',
  notYet: 'vo.claim.notYet',
  register: 'vo.claim.register',
  registered: 'vo.claim.registered',
  notDrawn: 'vo.claim.notDrawn',
  drawn: 'vo.campaign.drawn',
};

/** The answer to a claim, as the button shows it. */
export function standingOfCode(code: string | undefined): Standing | undefined {
  if (code === 'VOUCHER_SOLD_OUT') return 'soldOut';
  if (code === 'VOUCHER_LIMIT_REACHED') return 'limit';
  if (code === 'ROUND_NOT_OPEN') return 'notYet';
  if (code === 'ALREADY_REGISTERED') return 'registered';
  return undefined;
}

/** What the list says of the round for the caller. */
export function standingOf(round: ClaimableRound): Standing {
  if (round.mode === 'lottery') {
    if (round.claimedPacks > 0) return 'claimed';
    if (round.state === 'scheduled') return 'notYet';
    if (round.state === 'registration') {
      if (round.registered) return 'registered';
      return round.limitReached ? 'limit' : 'register';
    }
    return round.registered ? 'notDrawn' : 'drawn';
  }
  if (round.claimedPacks > 0 && round.limitReached) return 'claimed';
  if (round.state === 'scheduled') return 'notYet';
  if (round.remaining === 0 || round.state === 'closed') return 'soldOut';
  if (round.limitReached) return 'limit';
  return 'claim';
}
