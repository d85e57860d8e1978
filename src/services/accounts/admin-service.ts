/**
 * What administrators do to accounts (create staff, set roles, disable, enable, unlock, reset a
 * password), what reviewers may read in full (audited), and merchants. Each change appends to the audit
 * log in the same transaction.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AccountRepository, AccountRow, MerchantRow, RoleRow } from '../../db/accounts-repository.js';
import type { Database } from '../../db/tables.js';
import { isUniqueViolation } from '../../db/write-transaction.js';
import { writeOnce, type WriteStore } from '../idempotent-write.js';
import { PERMISSIONS, PERMISSION_NAMES, ROLES, ROLE_INFO, permissionsOf } from '../../domain/access/permissions.js';
import type {
  AccountList,
  AccountListQuery,
  AccountView,
  MerchantInput,
  MerchantView,
  RevealInput,
  RoleCatalogue,
  RoleGrant,
  StaffAccountInput,
} from '../../contract/accounts.js';
import { checkCreditCode, checkDisplayName, checkMobileNumber, maskMobile } from '../../domain/identity/index.js';
import { AppError } from '../../shared/errors.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { PlanService } from '../plan/plan-service.js';
import type { PersonalDataCipher } from '../security/personal-data-cipher.js';
import { hashPassword, passwordProblem } from '../security/passwords.js';
import { auditContextOf, principalOf, type RequestContext } from '../context.js';
import { accountView, rolesSummary } from './account-views.js';
import type { OrganisationDirectory } from './organisations.js';

type NewRole = Omit<RoleRow, 'account_id'>;

/** As the request schemas allow; checked again after NFKC, which can make a name longer. */
const STAFF_NAME_MAX_LENGTH = 100;
const MERCHANT_NAME_MAX_LENGTH = 200;

/** The name normalised (NFKC), or VALIDATION_FAILED naming the field when it is blank or deceptive. */
function displayName(raw: string, maxLength: number): string {
  const check = checkDisplayName(raw, maxLength);
  if (!check.ok) throw new AppError('VALIDATION_FAILED', `${check.message} (name ${check.messageEn})`, 'name');
  return check.name;
}

export function merchantView(row: MerchantRow): MerchantView {
  return {
    id: row.id,
    name: row.name,
    creditCode: row.credit_code,
    creditCodeStatus: row.credit_code_status,
    unitId: row.unit_id,
    createdAt: row.created_at,
  };
}

export interface AdminServiceOptions {
  /** Where its writes run (writeOnce). */
  readonly store: WriteStore;
  readonly repository: AccountRepository;
  readonly cipher: PersonalDataCipher;
  readonly audit: AuditLog;
  readonly organisations: OrganisationDirectory;
  readonly plans: PlanService;
  readonly now: () => Date;
}

export class AdminService {
  private readonly store: WriteStore;
  private readonly repository: AccountRepository;
  private readonly cipher: PersonalDataCipher;
  private readonly audit: AuditLog;
  private readonly organisations: OrganisationDirectory;
  private readonly plans: PlanService;
  private readonly now: () => Date;

  constructor(options: AdminServiceOptions) {
    this.store = options.store;
    this.repository = options.repository;
    this.cipher = options.cipher;
    this.audit = options.audit;
    this.organisations = options.organisations;
    this.plans = options.plans;
    this.now = options.now;
  }

  roleCatalogue(): RoleCatalogue {
    return {
      roles: ROLES.map((role) => ({
        role,
        label: ROLE_INFO[role].label,
        labelEn: ROLE_INFO[role].labelEn,
        organisation: ROLE_INFO[role].organisation,
        organisationRequired: ROLE_INFO[role].organisationRequired,
        permissions: permissionsOf([role]),
      })),
      permissions: PERMISSION_NAMES.map((permission) => {
        const holders: 'anyone' | 'signed_in' | readonly string[] = PERMISSIONS[permission].roles;
        return {
          permission,
          description: PERMISSIONS[permission].description,
          roles: typeof holders === 'string' ? [holders] : [...holders],
        };
      }),
    };
  }

  async list(query: AccountListQuery): Promise<AccountList> {
    const { rows, total } = await this.repository.list({
      ...(query.q === undefined ? {} : { q: query.q.trim() }),
      ...(query.role === undefined ? {} : { role: query.role }),
      ...(query.status === undefined ? {} : { status: query.status }),
      offset: query.offset ?? 0,
      limit: query.limit ?? 50,
    });
    const roles = await this.repository.rolesOf(rows.map((row) => row.id));
    const names = await this.organisations.namesFor(roles);
    const byAccount = new Map<string, RoleRow[]>();
    for (const role of roles) byAccount.set(role.account_id, [...(byAccount.get(role.account_id) ?? []), role]);
    return {
      items: rows.map((row) => accountView(row, byAccount.get(row.id) ?? [], this.cipher, names)),
      total,
    };
  }

  async get(id: string): Promise<AccountView> {
    const row = await this.repository.findById(id);
    if (row === undefined) throw new AppError('ACCOUNT_NOT_FOUND', `no account with id ${id}`);
    const roles = await this.repository.rolesOf([id]);
    return accountView(row, roles, this.cipher, await this.organisations.namesFor(roles));
  }

  /** Checks role grants against the table and the organisations that exist; returns rows to store. */
  private async rolesFrom(grants: readonly RoleGrant[], field: string): Promise<NewRole[]> {
    const rows = new Map<string, NewRole>();
    for (const [index, grant] of grants.entries()) {
      const where = `${field}[${index}]`;
      const info = ROLE_INFO[grant.role];
      if (grant.role === 'citizen') {
        throw new AppError(
          'VALIDATION_FAILED',
          'citizen accounts are created by registering, not by an administrator',
          `${where}.role`,
        );
      }
      const organisationId = grant.organisationId?.trim() ?? '';
      if (info.organisation === null && organisationId !== '') {
        throw new AppError(
          'VALIDATION_FAILED',
          `role ${grant.role} is not scoped to an organisation`,
          `${where}.organisationId`,
        );
      }
      if (info.organisationRequired && organisationId === '') {
        throw new AppError(
          'VALIDATION_FAILED',
          `role ${grant.role} needs the ${info.organisation ?? 'organisation'} it acts for`,
          `${where}.organisationId`,
        );
      }
      if (info.organisation !== null && organisationId !== '') {
        if (!(await this.organisations.exists(info.organisation, organisationId))) {
          throw new AppError(
            'ORGANISATION_NOT_FOUND',
            `no ${info.organisation} with id "${organisationId}" for role ${grant.role}`,
            `${where}.organisationId`,
          );
        }
      }
      const kind = organisationId === '' ? '' : (info.organisation ?? '');
      rows.set(`${grant.role}@${organisationId}`, {
        role: grant.role,
        organisation_kind: kind,
        organisation_id: organisationId,
      });
    }
    return [...rows.values()];
  }

  async createStaff(context: RequestContext, input: StaffAccountInput): Promise<AccountView> {
    const username = input.username;
    const name = displayName(input.name, STAFF_NAME_MAX_LENGTH);
    const weak = passwordProblem(input.password, username);
    if (weak !== null) throw new AppError('WEAK_PASSWORD', weak.message, 'password');
    let mobileNumber: string | null = null;
    if (input.mobile !== undefined) {
      const mobile = checkMobileNumber(input.mobile);
      if (!mobile.ok) throw new AppError('INVALID_MOBILE_NUMBER', `${mobile.message} (${mobile.messageEn})`, 'mobile');
      mobileNumber = mobile.mobileNumber;
    }
    const roles = await this.rolesFrom(input.roles, 'roles');
    const mobileLookup = mobileNumber === null ? null : this.cipher.lookup('mobile', mobileNumber);
    await this.refuseTaken(username, mobileLookup);
    const at = this.now().toISOString();
    const row: AccountRow = {
      id: randomUUID(),
      kind: 'staff',
      username,
      name,
      id_number_cipher: null,
      id_number_lookup: null,
      mobile_cipher: mobileNumber === null ? null : this.cipher.encrypt(mobileNumber),
      mobile_lookup: mobileLookup,
      bank_account_cipher: null,
      password_hash: await hashPassword(input.password),
      status: 'active',
      failed_sign_ins: 0,
      locked_until: null,
      demo: 0,
      created_at: at,
      updated_at: at,
      last_sign_in_at: null,
    };
    try {
      await writeOnce(this.store, null, async (trx) => {
        await this.repository.insertAccount(trx, row, roles);
        await this.audit.append(trx, auditContextOf(context), {
          action: 'account.create',
          subject: `account:${row.id}`,
          after: {
            kind: 'staff',
            username,
            name,
            mobile: mobileNumber === null ? null : maskMobile(mobileNumber),
            roles: rolesSummary(roles),
          },
        });
      });
    } catch (error) {
      if (isUniqueViolation(error)) await this.refuseTaken(username, mobileLookup);
      throw error;
    }
    return this.get(row.id);
  }

  private async refuseTaken(username: string, mobileLookup: string | null): Promise<void> {
    if (await this.repository.exists('username', username)) {
      throw new AppError('ACCOUNT_EXISTS', `username "${username}" is taken`, 'username');
    }
    if (mobileLookup !== null && (await this.repository.exists('mobile_lookup', mobileLookup))) {
      throw new AppError('ACCOUNT_EXISTS', 'another account has this mobile number', 'mobile');
    }
  }

  /** Loads an account inside a write transaction, or fails with ACCOUNT_NOT_FOUND. */
  private async load(trx: Kysely<Database>, id: string): Promise<AccountRow> {
    const row = await this.repository.findById(id, trx);
    if (row === undefined) throw new AppError('ACCOUNT_NOT_FOUND', `no account with id ${id}`);
    return row;
  }

  /** Refuses a change that would leave no active administrator (nobody could then manage accounts). */
  private async keepAnAdministrator(trx: Kysely<Database>, field: string): Promise<void> {
    if ((await this.repository.countActiveWithRole(trx, 'admin')) === 0) {
      throw new AppError('VALIDATION_FAILED', 'at least one active administrator must remain', field);
    }
  }

  async setRoles(context: RequestContext, id: string, grants: readonly RoleGrant[]): Promise<AccountView> {
    const account = await this.repository.findById(id);
    if (account === undefined) throw new AppError('ACCOUNT_NOT_FOUND', `no account with id ${id}`);
    const wanted =
      account.kind === 'citizen'
        ? await this.rolesFrom(
            grants.filter((grant) => grant.role !== 'citizen'),
            'roles',
          )
        : await this.rolesFrom(grants, 'roles');
    if (account.kind === 'citizen') wanted.unshift({ role: 'citizen', organisation_kind: '', organisation_id: '' });
    await writeOnce(this.store, null, async (trx) => {
      await this.load(trx, id);
      const before = await this.repository.rolesOf([id], trx);
      await this.repository.replaceRoles(trx, id, wanted);
      await this.keepAnAdministrator(trx, 'roles');
      await this.audit.append(trx, auditContextOf(context), {
        action: 'account.roles_set',
        subject: `account:${id}`,
        before: { roles: rolesSummary(before) },
        after: { roles: rolesSummary(wanted) },
      });
    });
    return this.get(id);
  }

  async setStatus(context: RequestContext, id: string, status: 'active' | 'disabled'): Promise<AccountView> {
    if (status === 'disabled' && id === context.actor.id) {
      throw new AppError('VALIDATION_FAILED', 'administrators cannot disable their own account', 'id');
    }
    await writeOnce(this.store, null, async (trx) => {
      const account = await this.load(trx, id);
      if (account.status === status) return;
      await this.repository.update(trx, id, { status, updated_at: this.now().toISOString() });
      if (status === 'disabled') {
        await this.repository.deleteSessionsOf(trx, id);
        await this.keepAnAdministrator(trx, 'id');
      }
      await this.audit.append(trx, auditContextOf(context), {
        action: status === 'disabled' ? 'account.disable' : 'account.enable',
        subject: `account:${id}`,
        before: { status: account.status },
        after: { status },
      });
    });
    return this.get(id);
  }

  async unlock(context: RequestContext, id: string): Promise<AccountView> {
    await writeOnce(this.store, null, async (trx) => {
      const account = await this.load(trx, id);
      await this.repository.update(trx, id, {
        failed_sign_ins: 0,
        locked_until: null,
        updated_at: this.now().toISOString(),
      });
      await this.audit.append(trx, auditContextOf(context), {
        action: 'account.unlock',
        subject: `account:${id}`,
        before: { lockedUntil: account.locked_until, failedSignIns: account.failed_sign_ins },
      });
    });
    return this.get(id);
  }

  async resetPassword(context: RequestContext, id: string, newPassword: string): Promise<void> {
    const account = await this.repository.findById(id);
    if (account === undefined) throw new AppError('ACCOUNT_NOT_FOUND', `no account with id ${id}`);
    const weak = passwordProblem(newPassword, account.username);
    if (weak !== null) throw new AppError('WEAK_PASSWORD', weak.message, 'newPassword');
    const passwordHash = await hashPassword(newPassword);
    await writeOnce(this.store, null, async (trx) => {
      await this.load(trx, id);
      await this.repository.update(trx, id, {
        password_hash: passwordHash,
        failed_sign_ins: 0,
        locked_until: null,
        updated_at: this.now().toISOString(),
      });
      await this.repository.deleteSessionsOf(trx, id);
      await this.audit.append(trx, auditContextOf(context), {
        action: 'account.password_reset',
        subject: `account:${id}`,
      });
    });
  }

  /** One full value of personal data, for a reviewer, with the reason kept in the audit log first. */
  async reveal(context: RequestContext, id: string, input: RevealInput) {
    const reason = input.reason.trim();
    if (reason.length < 2)
      throw new AppError('VALIDATION_FAILED', 'give the reason for reading the full value', 'reason');
    const account = await this.repository.findById(id);
    if (account === undefined) throw new AppError('ACCOUNT_NOT_FOUND', `no account with id ${id}`);
    const stored = {
      idNumber: account.id_number_cipher,
      mobile: account.mobile_cipher,
      bankAccount: account.bank_account_cipher,
    }[input.field];
    // The read is recorded before the value leaves: if the audit log cannot be written, nothing is shown.
    await writeOnce(this.store, null, (trx) =>
      this.audit.append(trx, auditContextOf(context), {
        action: 'personal_data.read',
        subject: `account:${id}`,
        after: { field: input.field, reason },
      }),
    );
    return { field: input.field, value: stored === null ? null : this.cipher.decrypt(stored) };
  }

  // Merchants

  async listMerchants(): Promise<{ items: MerchantView[]; total: number }> {
    const rows = await this.repository.merchants();
    return { items: rows.map(merchantView), total: rows.length };
  }

  async merchantsOf(context: RequestContext): Promise<{ items: MerchantView[] }> {
    const ids = principalOf(context)
      .roles.map((role) => role.organisation)
      .filter((organisation) => organisation?.kind === 'merchant')
      .map((organisation) => organisation?.id ?? '');
    return { items: (await this.repository.merchants([...new Set(ids)])).map(merchantView) };
  }

  async createMerchant(context: RequestContext, input: MerchantInput): Promise<MerchantView> {
    const name = displayName(input.name, MERCHANT_NAME_MAX_LENGTH);
    const check = checkCreditCode(input.creditCode);
    if (check.status === 'invalid') {
      throw new AppError('INVALID_CREDIT_CODE', `${check.message} (${check.messageEn})`, 'creditCode');
    }
    const { catalogue } = await this.plans.current();
    if (!catalogue.units.some((unit) => unit.id === input.unitId)) {
      throw new AppError('UNIT_NOT_FOUND', `the plan has no implementing unit "${input.unitId}"`, 'unitId');
    }
    const row: MerchantRow = {
      id: randomUUID(),
      name,
      credit_code: check.creditCode,
      credit_code_status: check.status === 'valid' ? 'verified' : 'needs_manual_verification',
      unit_id: input.unitId,
      demo: 0,
      created_at: this.now().toISOString(),
    };
    try {
      await writeOnce(this.store, null, async (trx) => {
        await this.repository.insertMerchant(trx, row);
        await this.audit.append(trx, auditContextOf(context), {
          action: 'merchant.create',
          subject: `merchant:${row.id}`,
          after: merchantView(row),
        });
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new AppError('MERCHANT_EXISTS', `a merchant with credit code ${row.credit_code} exists`, 'creditCode');
      }
      throw error;
    }
    return merchantView(row);
  }
}
