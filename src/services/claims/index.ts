/** The claims module's services, composed once (app/compose.ts). */
import { ClaimPayouts } from './claim-payouts.js';
import { ClaimRecompute } from './claim-recompute.js';
import { ClaimReviews } from './claim-review.js';
import { ClaimService, type ClaimServiceOptions } from './claim-service.js';

export interface ClaimServices {
  readonly claims: ClaimService;
  readonly reviews: ClaimReviews;
  readonly payouts: ClaimPayouts;
  readonly recompute: ClaimRecompute;
}

export function composeClaims(options: ClaimServiceOptions): ClaimServices {
  const claims = new ClaimService(options);
  return {
    claims,
    reviews: new ClaimReviews(claims),
    payouts: new ClaimPayouts(claims),
    recompute: new ClaimRecompute(claims),
  };
}
