/**
 * Who is asking, for every service method (docs/architecture.md): the actor (a signed-in account with
 * its roles, or one of the platform's own jobs), the request's id (it goes into every audit entry and
 * log line), and the request's claim on its idempotency key when the route moves money. The audit and
 * ledger records derive from it, so no service takes "actor", "role" and "request id" apart.
 */
import { AppError } from '../shared/errors.js';
import type { Principal } from './accounts/account-service.js';
import type { AuditContext } from './audit/audit-log.js';
import type { IdempotencyClaim } from './idempotent-write.js';

export interface Actor {
  /** An account id, or `system:<job>` for what the platform does by itself. */
  readonly id: string;
  /** As the audit log records it: the account's roles joined by `+`, or `system`. */
  readonly role: string;
  /** The signed-in account; null for the platform's own jobs (start-up, demo, CLI). */
  readonly principal: Principal | null;
}

export interface RequestContext {
  readonly actor: Actor;
  readonly requestId: string;
  /** The claim on the request's Idempotency-Key: its one write stores the answer with the effect. */
  readonly idempotency: IdempotencyClaim | null;
}

/** A signed-in account's request. */
export function accountContext(
  principal: Principal,
  requestId: string,
  idempotency: IdempotencyClaim | null = null,
): RequestContext {
  return {
    actor: { id: principal.accountId, role: principal.roleNames.join('+') || 'none', principal },
    requestId,
    idempotency,
  };
}

/** One of the platform's own jobs (`start`, `demo`, `cli`, `settlement-run` …). */
export function systemContext(job: string, requestId = `system:${job}`): RequestContext {
  return { actor: { id: `system:${job}`, role: 'system', principal: null }, requestId, idempotency: null };
}

/** The signed-in account behind a request; a job that needs one is a programming error. */
export function principalOf(context: RequestContext): Principal {
  if (context.actor.principal === null) {
    throw new AppError('UNAUTHENTICATED', `this needs a signed-in account, not ${context.actor.id}`);
  }
  return context.actor.principal;
}

/** The audit log's view of who asks. */
export function auditContextOf(context: RequestContext): AuditContext {
  return { actor: context.actor.id, role: context.actor.role, requestId: context.requestId };
}
