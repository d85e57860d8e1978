/**
 * The shapes of the accounts, roles, sessions and audit API, as docs/access.md describes them.
 * Personal data (ID number, mobile, bank account) always arrives masked.
 */

// The role and permission names come from the server's one permission table, so they cannot drift.
export { ROLES, PERMISSION_NAMES as PERMISSIONS } from '../../../src/domain/access/permissions';
export type { Permission, Role } from '../../../src/domain/access/permissions';
import type { Permission, Role } from '../../../src/domain/access/permissions';

export type OrganisationKind = 'department' | 'unit' | 'merchant';

export interface Organisation {
  kind: OrganisationKind;
  id: string;
  name: string;
}

export interface RoleAssignment {
  role: Role;
  organisation: Organisation | null;
}

export interface RoleGrant {
  role: Role;
  organisationId?: string;
}

export type AccountKind = 'citizen' | 'staff';
export type AccountStatus = 'active' | 'disabled';

export interface Account {
  id: string;
  kind: AccountKind;
  username: string | null;
  name: string;
  /** masked: 138****5678 */
  mobile: string | null;
  /** masked: 4112**********123X */
  idNumber: string | null;
  /** masked: ***************1234 (last four digits) */
  bankAccount: string | null;
  roles: RoleAssignment[];
  status: AccountStatus;
  lockedUntil: string | null;
  demo: boolean;
  createdAt: string;
  lastSignInAt: string | null;
}

export interface Session {
  account: Account;
  permissions: Permission[];
  csrfToken: string;
  expiresAt: string;
}

export interface OneTimeCodeSent {
  sent: true;
  expiresInSeconds: number;
  resendAfterSeconds: number;
}

/** GET /api/v1/roles: each role with its labels, organisation scope and permissions. */
export interface RoleInfo {
  role: Role;
  label: string;
  labelEn: string;
  organisation: OrganisationKind | null;
  organisationRequired: boolean;
  permissions: Permission[];
}

export interface PermissionInfo {
  permission: Permission;
  description: string;
  roles: string[];
}

export interface RolesAnswer {
  roles: RoleInfo[];
  permissions: PermissionInfo[];
}

export interface AccountList {
  items: Account[];
  total: number;
}

export interface AccountQuery {
  q?: string;
  role?: Role;
  status?: AccountStatus;
  offset?: number;
  limit?: number;
}

export interface NewStaffAccount {
  username: string;
  name: string;
  password: string;
  mobile?: string;
  roles: RoleGrant[];
}

export type RevealField = 'idNumber' | 'mobile' | 'bankAccount';

export interface Revealed {
  field: RevealField;
  /** null when the account holds no such value */
  value: string | null;
}

export type CreditCodeStatus = 'verified' | 'needs_manual_verification';

export interface Merchant {
  id: string;
  name: string;
  creditCode: string;
  creditCodeStatus: CreditCodeStatus;
  unitId: string;
  createdAt: string;
}

export interface NewMerchant {
  name: string;
  creditCode: string;
  unitId: string;
}

export interface AuditSummary {
  before?: unknown;
  after?: unknown;
}

export interface AuditEntry {
  sequence: number;
  at: string;
  /** an account id, or `system:<what>` for the platform itself */
  actor: string;
  /** the actor's roles joined with +, or `system` */
  role: string;
  action: string;
  subject: string;
  summary: AuditSummary;
  requestId: string;
  previousHash: string;
  hash: string;
}

export interface AuditHead {
  sequence: number;
  hash: string;
}

export interface AuditPage {
  items: AuditEntry[];
  head: AuditHead;
  nextBefore: number | null;
}

export interface AuditQuery {
  before?: number;
  limit?: number;
  actor?: string;
  action?: string;
  subject?: string;
}

export interface BrokenEntry {
  sequence: number;
  problem: string;
  message: string;
  messageEn: string;
}

export interface ChainReport {
  ok: boolean;
  checked: number;
  head: AuditHead;
  lastHash: string | null;
  firstBroken: BrokenEntry | null;
  durationMs: number;
}

/** The audit chain's report at the top level; the security chain's beside it; `allOk` both. */
export interface AuditVerification extends ChainReport {
  security: ChainReport & { chain: string };
  allOk: boolean;
}

/** A signed statement of both chains' heads (docs/access.md). */
export interface AuditStatement {
  format: string;
  kind: 'daily' | 'on_demand';
  issuedAt: string;
  chains: { audit: AuditHead; security: AuditHead };
  keyId: string;
  publicKey: string;
  signature: string;
}
