/** The claims module's services, composed once (app/compose.ts). */
import { ClaimChanges } from './claim-changes.js';
import { ClaimPayouts } from './claim-payouts.js';
import { ClaimQueue } from './claim-queue.js';
import { ClaimRecompute } from './claim-recompute.js';
import { ClaimReminders } from './claim-reminders.js';
import type { OneTimeCodeSender } from '../accounts/one-time-code-sender.js';
import { ClaimReviews } from './claim-review.js';
import { ClaimService, type ClaimServiceOptions } from './claim-service.js';

export interface ClaimServices {
  readonly claims: ClaimService;
  readonly queue: ClaimQueue;
  readonly changes: ClaimChanges;
  readonly reviews: ClaimReviews;
  readonly payouts: ClaimPayouts;
  readonly recompute: ClaimRecompute;
  readonly reminders: ClaimReminders;
}

export function composeClaims(options: ClaimServiceOptions, sender: OneTimeCodeSender): ClaimServices {
  const claims = new ClaimService(options);
  return {
    claims,
    queue: new ClaimQueue(claims),
    changes: new ClaimChanges(claims),
    reviews: new ClaimReviews(claims),
    payouts: new ClaimPayouts(claims),
    recompute: new ClaimRecompute(claims),
    reminders: new ClaimReminders(claims, sender),
  };
}
