/**
 * Who is asking, for a service method: the signed-in account with its roles, the request's id (it goes
 * into every audit entry and log line), and the request's claim on its idempotency key, when the route
 * moves money. The audit and ledger contexts derive from it.
 */
import type { Principal } from './accounts/account-service.js';
import type { IdempotencyClaim } from './idempotent-write.js';

export interface RequestContext {
  readonly principal: Principal;
  readonly requestId: string;
  /** The claim on the request's Idempotency-Key: its one write stores the answer with the effect. */
  readonly idempotency: IdempotencyClaim | null;
}
