/**
 * The demo seed's people acting through the real services: each account's principal as a session
 * would carry it (its roles and their permissions), without a session, since nobody signs in.
 */
import type { AccountRepository } from '../db/accounts-repository.js';
import { isRole, permissionsOf } from '../domain/access/permissions.js';
import type { Principal } from '../services/accounts/account-service.js';
import { roleAssignmentsOf } from '../services/accounts/account-views.js';
import { accountContext, type RequestContext } from '../services/context.js';

export interface DemoActor {
  readonly principal: Principal;
  context(requestId: string): RequestContext;
}

export class DemoActors {
  private readonly known = new Map<string, DemoActor>();

  constructor(private readonly accounts: AccountRepository) {}

  async of(accountId: string): Promise<DemoActor> {
    const cached = this.known.get(accountId);
    if (cached !== undefined) return cached;
    const account = await this.accounts.findById(accountId);
    if (account === undefined) throw new Error(`demo seed: no account ${accountId}`);
    const rows = await this.accounts.rolesOf([accountId]);
    const roleNames = rows.map((row) => row.role).filter(isRole);
    const principal: Principal = {
      accountId,
      name: account.name,
      kind: account.kind,
      roles: roleAssignmentsOf(rows, { nameOf: () => undefined }),
      roleNames,
      permissions: permissionsOf(roleNames),
      sessionId: `demo-seed:${accountId}`,
      csrfToken: '',
      expiresAt: '9999-12-31T00:00:00.000Z',
    };
    const actor: DemoActor = { principal, context: (requestId) => accountContext(principal, requestId) };
    this.known.set(accountId, actor);
    return actor;
  }
}
