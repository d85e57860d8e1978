/**
 * Accounts, their role assignments, sessions, one-time codes and merchants in the database.
 * Lockout counting is one conditional UPDATE (no read-then-write), so concurrent wrong passwords from
 * several app processes all count.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { DialectName } from './database.js';
import { jsonList } from './json-params.js';
import { batchedById, batchedRead } from './read-batch.js';
import type {
  AccountsTable,
  Database,
  MerchantsTable,
  OneTimeCodesTable,
  RoleAssignmentsTable,
  SessionsTable,
} from './tables.js';

export type AccountRow = Selectable<AccountsTable>;
export type RoleRow = Selectable<RoleAssignmentsTable>;
export type SessionRow = Selectable<SessionsTable>;

/** What a signed-in request needs of its session, its account and its roles. */
export interface SessionWithAccount {
  readonly session: Pick<SessionRow, 'id' | 'account_id' | 'csrf_token' | 'expires_at' | 'last_seen_at'>;
  readonly account: Pick<AccountRow, 'id' | 'name' | 'kind' | 'status' | 'demo'>;
  readonly roles: RoleRow[];
}
export type MerchantRow = Selectable<MerchantsTable>;
export type OneTimeCodeRow = Selectable<OneTimeCodesTable>;
export type OneTimeCodePurpose = OneTimeCodesTable['purpose'];

export interface AccountListFilter {
  /** Matches name or username (case-insensitive substring). */
  readonly q?: string;
  readonly role?: string;
  readonly status?: 'active' | 'disabled';
  readonly offset: number;
  readonly limit: number;
}

export class AccountRepository {
  /** The hot reads outside transactions, batched per turn (read-batch.ts). */
  readonly #account: (id: string) => Promise<AccountRow | undefined>;
  readonly #merchant: (id: string) => Promise<MerchantRow | undefined>;
  readonly #session: (id: string) => Promise<SessionWithAccount | undefined>;

  constructor(
    readonly db: Kysely<Database>,
    readonly dialect: DialectName,
  ) {
    // The ids as one JSON parameter: one statement text whatever the turn's count (SQLite keeps it prepared).
    this.#account = batchedById((ids) =>
      db.selectFrom('accounts').selectAll().where('id', 'in', jsonList(dialect, ids)).execute(),
    );
    this.#merchant = batchedById((ids) =>
      db.selectFrom('merchants').selectAll().where('id', 'in', jsonList(dialect, ids)).execute(),
    );
    this.#session = batchedRead({ many: (ids) => this.sessionsWithAccounts(ids), keyOf: (id) => id });
  }

  findById(id: string, executor: Kysely<Database> = this.db): Promise<AccountRow | undefined> {
    if (executor === this.db) return this.#account(id);
    return executor.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findByUsername(username: string): Promise<AccountRow | undefined> {
    return this.db.selectFrom('accounts').selectAll().where('username', '=', username).executeTakeFirst();
  }

  findByMobileLookup(lookup: string): Promise<AccountRow | undefined> {
    return this.db.selectFrom('accounts').selectAll().where('mobile_lookup', '=', lookup).executeTakeFirst();
  }

  findByIdNumberLookup(lookup: string): Promise<AccountRow | undefined> {
    return this.db.selectFrom('accounts').selectAll().where('id_number_lookup', '=', lookup).executeTakeFirst();
  }

  async exists(column: 'username' | 'mobile_lookup' | 'id_number_lookup', value: string): Promise<boolean> {
    const row = await this.db.selectFrom('accounts').select('id').where(column, '=', value).executeTakeFirst();
    return row !== undefined;
  }

  async insertAccount(trx: Kysely<Database>, row: AccountRow, roles: readonly Omit<RoleRow, 'account_id'>[]) {
    await trx.insertInto('accounts').values(row).execute();
    await this.insertRoles(trx, row.id, roles);
  }

  /** Many accounts and their roles at once (the demo's citizens): multi-row statements in chunks. */
  async insertAccounts(trx: Kysely<Database>, rows: readonly AccountRow[], roles: readonly RoleRow[]): Promise<void> {
    // 18 columns × 400 rows stays under SQLite's and PostgreSQL's bound-parameter limits.
    for (let start = 0; start < rows.length; start += 400) {
      await trx
        .insertInto('accounts')
        .values(rows.slice(start, start + 400))
        .execute();
    }
    for (let start = 0; start < roles.length; start += 2_000) {
      await trx
        .insertInto('role_assignments')
        .values(roles.slice(start, start + 2_000))
        .execute();
    }
  }

  private async insertRoles(trx: Kysely<Database>, accountId: string, roles: readonly Omit<RoleRow, 'account_id'>[]) {
    if (roles.length === 0) return;
    await trx
      .insertInto('role_assignments')
      .values(roles.map((role) => ({ ...role, account_id: accountId })))
      .execute();
  }

  async replaceRoles(trx: Kysely<Database>, accountId: string, roles: readonly Omit<RoleRow, 'account_id'>[]) {
    await trx.deleteFrom('role_assignments').where('account_id', '=', accountId).execute();
    await this.insertRoles(trx, accountId, roles);
  }

  rolesOf(accountIds: readonly string[], executor: Kysely<Database> = this.db): Promise<RoleRow[]> {
    if (accountIds.length === 0) return Promise.resolve([]);
    return executor
      .selectFrom('role_assignments')
      .selectAll()
      .where('account_id', 'in', accountIds)
      .orderBy('account_id')
      .orderBy('role')
      .orderBy('organisation_id')
      .execute();
  }

  /** Active accounts holding `role` (for "the last administrator" checks). */
  async countActiveWithRole(trx: Kysely<Database>, role: string): Promise<number> {
    const row = await trx
      .selectFrom('role_assignments')
      .innerJoin('accounts', 'accounts.id', 'role_assignments.account_id')
      .select(sql<number>`count(distinct accounts.id)`.as('count'))
      .where('role_assignments.role', '=', role)
      .where('accounts.status', '=', 'active')
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  async list(filter: AccountListFilter): Promise<{ rows: AccountRow[]; total: number }> {
    let query = this.db.selectFrom('accounts');
    if (filter.q !== undefined && filter.q !== '') {
      const pattern = `%${filter.q.toLowerCase().replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
      query = query.where((eb) =>
        eb.or([
          eb(sql`lower(name)`, 'like', sql`${pattern} escape '\\'`),
          eb(sql`lower(coalesce(username, ''))`, 'like', sql`${pattern} escape '\\'`),
        ]),
      );
    }
    if (filter.status !== undefined) query = query.where('status', '=', filter.status);
    if (filter.role !== undefined) {
      const role = filter.role;
      query = query.where((eb) =>
        eb.exists(
          eb
            .selectFrom('role_assignments')
            .select('role_assignments.account_id')
            .whereRef('role_assignments.account_id', '=', 'accounts.id')
            .where('role_assignments.role', '=', role),
        ),
      );
    }
    const total = await query.select(sql<number>`count(*)`.as('count')).executeTakeFirstOrThrow();
    const rows = await query
      .selectAll('accounts')
      .orderBy('created_at')
      .orderBy('id')
      .offset(filter.offset)
      .limit(filter.limit)
      .execute();
    return { rows, total: Number(total.count) };
  }

  async update(
    trx: Kysely<Database>,
    id: string,
    changes: Partial<Omit<AccountRow, 'id' | 'kind' | 'created_at'>>,
  ): Promise<void> {
    await trx.updateTable('accounts').set(changes).where('id', '=', id).execute();
  }

  /**
   * Counts one wrong password and locks the account when it reaches `threshold` in a row; a lock that
   * has run out starts the count again. Returns the count and the lock after this failure.
   */
  async recordFailedSignIn(
    trx: Kysely<Database>,
    id: string,
    now: string,
    lockUntil: string,
    threshold: number,
  ): Promise<{ failedSignIns: number; lockedUntil: string | null }> {
    await trx
      .updateTable('accounts')
      .set({
        failed_sign_ins: sql<number>`case when locked_until is not null and locked_until <= ${now} then 1
          else failed_sign_ins + 1 end`,
        locked_until: sql<string | null>`case
          when locked_until is not null and locked_until > ${now} then locked_until
          when (case when locked_until is not null and locked_until <= ${now} then 1 else failed_sign_ins + 1 end)
            >= ${threshold} then ${lockUntil}
          else null end`,
        updated_at: now,
      })
      .where('id', '=', id)
      .execute();
    const row = await trx
      .selectFrom('accounts')
      .select(['failed_sign_ins', 'locked_until'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    return { failedSignIns: Number(row.failed_sign_ins), lockedUntil: row.locked_until };
  }

  async recordSignIn(trx: Kysely<Database>, id: string, now: string): Promise<void> {
    await trx
      .updateTable('accounts')
      .set({ failed_sign_ins: 0, locked_until: null, last_sign_in_at: now })
      .where('id', '=', id)
      .execute();
  }

  // Sessions

  async insertSession(trx: Kysely<Database>, row: SessionRow): Promise<void> {
    await trx.insertInto('sessions').values(row).execute();
  }

  /**
   * A session, its account and the account's roles in one statement (every signed-in request asks
   * this, so it is one round trip, not three; the requests of one turn share it).
   */
  sessionWithAccount(id: string): Promise<SessionWithAccount | undefined> {
    return this.#session(id);
  }

  /**
   * Sessions with their accounts and roles, by session id: the roles travel as a JSON array in role and
   * organisation order, as `rolesOf` gives them.
   */
  private async sessionsWithAccounts(ids: readonly string[]): Promise<Map<string, SessionWithAccount>> {
    const roles =
      this.dialect === 'postgres'
        ? sql<unknown>`coalesce((select json_agg(json_build_array(r.role, r.organisation_kind, r.organisation_id)
            order by r.role, r.organisation_id) from role_assignments r where r.account_id = a.id), '[]'::json)`
        : sql<unknown>`(select json_group_array(json_array(r.role, r.organisation_kind, r.organisation_id))
            from (select role, organisation_kind, organisation_id from role_assignments
              where account_id = a.id order by role, organisation_id) r)`;
    const rows = await this.db
      .selectFrom('sessions as s')
      .innerJoin('accounts as a', 'a.id', 's.account_id')
      .select([
        's.id as session_id',
        's.account_id',
        's.csrf_token',
        's.expires_at',
        's.last_seen_at',
        'a.name',
        'a.kind',
        'a.status',
        'a.demo',
        roles.as('roles'),
      ])
      .where('s.id', 'in', jsonList(this.dialect, [...new Set(ids)]))
      .execute();
    const found = new Map<string, SessionWithAccount>();
    for (const row of rows) {
      const list = (typeof row.roles === 'string' ? JSON.parse(row.roles) : row.roles) as [
        string,
        RoleRow['organisation_kind'],
        string,
      ][];
      found.set(row.session_id, {
        session: {
          id: row.session_id,
          account_id: row.account_id,
          csrf_token: row.csrf_token,
          expires_at: row.expires_at,
          last_seen_at: row.last_seen_at,
        },
        account: { id: row.account_id, name: row.name, kind: row.kind, status: row.status, demo: Number(row.demo) },
        roles: list.map(([role, organisation_kind, organisation_id]) => ({
          account_id: row.account_id,
          role,
          organisation_kind,
          organisation_id,
        })),
      });
    }
    return found;
  }

  /** Moves the sessions' "last seen" to `now` in one statement (services/accounts/session-touches.ts). */
  async touchSessions(ids: readonly string[], now: string): Promise<void> {
    if (ids.length === 0) return;
    await this.db
      .updateTable('sessions')
      .set({ last_seen_at: now })
      .where('id', 'in', jsonList(this.dialect, ids))
      .where('last_seen_at', '<', now)
      .execute();
  }

  async deleteSession(id: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id', '=', id).execute();
  }

  /** Ends every session of an account except `keep`. */
  async deleteSessionsOf(trx: Kysely<Database>, accountId: string, keep?: string): Promise<void> {
    let query = trx.deleteFrom('sessions').where('account_id', '=', accountId);
    if (keep !== undefined) query = query.where('id', '!=', keep);
    await query.execute();
  }

  async deleteExpiredSessions(now: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
  }

  // One-time codes (one outstanding per mobile number and purpose)

  findCode(mobileLookup: string, purpose: OneTimeCodePurpose): Promise<OneTimeCodeRow | undefined> {
    return this.db
      .selectFrom('one_time_codes')
      .selectAll()
      .where('mobile_lookup', '=', mobileLookup)
      .where('purpose', '=', purpose)
      .executeTakeFirst();
  }

  /**
   * Stores a new code unless one of the same purpose was issued after `resendAfter`; true when stored.
   * Two requests for one number at once: the second's insert fails on the key (see isUniqueViolation).
   */
  async storeCode(trx: Kysely<Database>, row: OneTimeCodeRow, resendAfter: string): Promise<boolean> {
    const existing = await trx
      .selectFrom('one_time_codes')
      .select('created_at')
      .where('mobile_lookup', '=', row.mobile_lookup)
      .where('purpose', '=', row.purpose)
      .executeTakeFirst();
    if (existing !== undefined && existing.created_at > resendAfter) return false;
    await trx
      .deleteFrom('one_time_codes')
      .where('mobile_lookup', '=', row.mobile_lookup)
      .where('purpose', '=', row.purpose)
      .execute();
    await trx.insertInto('one_time_codes').values(row).execute();
    return true;
  }

  async countCodeAttempt(mobileLookup: string, purpose: OneTimeCodePurpose): Promise<void> {
    await this.db
      .updateTable('one_time_codes')
      .set({ attempts: sql<number>`attempts + 1` })
      .where('mobile_lookup', '=', mobileLookup)
      .where('purpose', '=', purpose)
      .execute();
  }

  /** Consumes the code: true only for the one caller that deleted it. */
  async consumeCode(mobileLookup: string, purpose: OneTimeCodePurpose, codeHash: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('one_time_codes')
      .where('mobile_lookup', '=', mobileLookup)
      .where('purpose', '=', purpose)
      .where('code_hash', '=', codeHash)
      .executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  }

  // Merchants

  async insertMerchants(trx: Kysely<Database>, rows: readonly MerchantRow[]): Promise<void> {
    if (rows.length > 0) await trx.insertInto('merchants').values(rows).execute();
  }

  async insertMerchant(trx: Kysely<Database>, row: MerchantRow): Promise<void> {
    await trx.insertInto('merchants').values(row).execute();
  }

  findMerchant(id: string, executor: Kysely<Database> = this.db): Promise<MerchantRow | undefined> {
    if (executor === this.db) return this.#merchant(id);
    return executor.selectFrom('merchants').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findMerchantByCreditCode(creditCode: string): Promise<MerchantRow | undefined> {
    return this.db.selectFrom('merchants').selectAll().where('credit_code', '=', creditCode).executeTakeFirst();
  }

  merchants(ids?: readonly string[]): Promise<MerchantRow[]> {
    let query = this.db.selectFrom('merchants').selectAll();
    if (ids !== undefined) {
      if (ids.length === 0) return Promise.resolve([]);
      query = query.where('id', 'in', ids);
    }
    return query.orderBy('created_at').orderBy('id').execute();
  }

  // Demo mode

  async demoAccounts(executor: Kysely<Database> = this.db): Promise<AccountRow[]> {
    return executor.selectFrom('accounts').selectAll().where('demo', '=', 1).execute();
  }

  async deleteDemo(trx: Kysely<Database>): Promise<{ accounts: number; merchants: number }> {
    const demoIds = trx.selectFrom('accounts').select('id').where('demo', '=', 1);
    await trx.deleteFrom('sessions').where('account_id', 'in', demoIds).execute();
    await trx.deleteFrom('role_assignments').where('account_id', 'in', demoIds).execute();
    const accounts = await trx.deleteFrom('accounts').where('demo', '=', 1).executeTakeFirst();
    const demoMerchants = trx.selectFrom('merchants').select('id').where('demo', '=', 1);
    await trx
      .deleteFrom('role_assignments')
      .where('organisation_kind', '=', 'merchant')
      .where('organisation_id', 'in', demoMerchants)
      .execute();
    const merchants = await trx.deleteFrom('merchants').where('demo', '=', 1).executeTakeFirst();
    return { accounts: Number(accounts.numDeletedRows), merchants: Number(merchants.numDeletedRows) };
  }
}
