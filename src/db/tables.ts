/** The database as Kysely sees it: one interface per table, the same on SQLite and PostgreSQL. */
import type { Generated } from 'kysely';

import type { ClaimTables } from './claim-tables.js';
import type { VoucherTables } from './voucher-tables.js';
import type { TradeInTables } from './trade-in-tables.js';

export interface PlanVersionsTable {
  /** `<plan code>@<first 12 hex of content hash>` */
  id: string;
  code: string;
  content_hash: string;
  title: string;
  status: string;
  year: number;
  /** ISO 8601, UTC */
  imported_at: string;
  /** 1 for the version the platform runs, 0 otherwise; one current version per code. */
  is_current: number;
  /** The whole PlanDocument as JSON text, exactly as validated at import. */
  document: string;
  source_text: string;
  /** LintReport as JSON, computed at import. */
  lint_report: string;
}

export interface PlanMeasuresTable {
  plan_version_id: string;
  number: number;
  action: number;
  title: string;
  text: string;
}

export interface PlanTargetsTable {
  plan_version_id: string;
  id: string;
  measure: number;
  metric: string;
  unit: string;
  comparator: string;
  value: number;
  deadline: string;
  scope: string;
  quote: string | null;
}

export interface PlanParametersTable {
  plan_version_id: string;
  id: string;
  key: string;
  /** null for national and Henan rules the plan leaves implicit */
  measure: number | null;
  value: number;
  unit: string;
  comparator: string;
  effective_from: string;
  effective_to: string;
  source: string;
  quote: string | null;
}

export interface PlanDepartmentsTable {
  plan_version_id: string;
  id: string;
  name: string;
  short_name: string;
  kind: string;
}

export interface PlanUnitsTable {
  plan_version_id: string;
  id: string;
  name: string;
  kind: string;
  region_code: string | null;
}

export interface PlanMeasureDepartmentsTable {
  plan_version_id: string;
  measure: number;
  department_id: string;
}

/**
 * A budget pool (资金池) of one subsidy line, implementing unit and funding source, with its balances in fen.
 * CHECK constraints keep every balance ≥ 0 and funded = available + held + spent + withdrawn.
 */
export interface BudgetPoolsTable {
  /** `<line>.<unitId>.<source>`, e.g. `appliance.lingbao.central` */
  id: string;
  line: string;
  /** implementing-unit id, or `city` */
  unit_id: string;
  source: string;
  /** active | paused */
  status: string;
  pause_reason: string | null;
  funded_fen: number;
  available_fen: number;
  held_fen: number;
  spent_fen: number;
  /** returned to the treasury (reversals with destination `treasury`) */
  withdrawn_fen: number;
  /** ISO 8601, UTC */
  created_at: string;
  updated_at: string;
}

/** Money reserved for one pending subsidy; the idempotency key makes a retried hold find this row. */
export interface BudgetHoldsTable {
  id: string;
  pool_id: string;
  amount_fen: number;
  /** held | committed | released | reversed */
  status: string;
  committed_fen: number;
  reversed_fen: number;
  idempotency_key: string;
  reference: string | null;
  actor: string;
  created_at: string;
  settled_at: string | null;
}

/** One ledger transaction: its postings (ledger_postings) sum to zero. Append-only. */
export interface LedgerTransactionsTable {
  /** increasing: the order of the ledger */
  id: Generated<number>;
  pool_id: string;
  /** fund | hold | commit | release | reverse | pause | resume */
  kind: string;
  hold_id: string | null;
  /** the operation's amount in fen (0 for pause and resume) */
  amount_fen: number;
  /** unique when present: fund, hold and reverse take one */
  idempotency_key: string | null;
  /** reverse only: pool | treasury */
  destination: string | null;
  /** who asked (user id, service name); the audit log of a later module builds on it */
  actor: string;
  /** the caller's reference (claim id, tranche document number …) */
  reference: string | null;
  /** pause reason and other free text */
  note: string | null;
  /** ISO 8601, UTC */
  created_at: string;
  /** business date, China Standard Time, YYYY-MM-DD */
  booked_on: string;
}

/** One leg of a transaction: signed fen into (+) or out of (−) an account. */
export interface LedgerPostingsTable {
  transaction_id: number;
  leg: number;
  /** available | held | spent (pool accounts, pool_id set) or funding:<source> | treasury (pool_id null) */
  account: string;
  pool_id: string | null;
  amount_fen: number;
}

export interface AccountsTable {
  id: string;
  kind: 'citizen' | 'staff';
  username: string | null;
  name: string;
  /** Personal data: AES-256-GCM ciphertext (see services/security/personal-data-cipher.ts). */
  id_number_cipher: string | null;
  /** HMAC-SHA-256 of the normalised value, for uniqueness and look-up without decrypting. */
  id_number_lookup: string | null;
  mobile_cipher: string | null;
  mobile_lookup: string | null;
  bank_account_cipher: string | null;
  /** argon2id PHC string. */
  password_hash: string;
  status: 'active' | 'disabled';
  failed_sign_ins: number;
  locked_until: string | null;
  /** 1 for accounts created by demo mode (deleted when demo mode is off). */
  demo: number;
  created_at: string;
  updated_at: string;
  last_sign_in_at: string | null;
}

export interface MerchantsTable {
  id: string;
  name: string;
  credit_code: string;
  credit_code_status: 'verified' | 'needs_manual_verification';
  unit_id: string;
  demo: number;
  created_at: string;
}

export interface RoleAssignmentsTable {
  account_id: string;
  role: string;
  /** '' when the role names no organisation. */
  organisation_kind: '' | 'department' | 'unit' | 'merchant';
  organisation_id: string;
}

export interface SessionsTable {
  /** SHA-256 hex of the session token. */
  id: string;
  account_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
  address: string | null;
  user_agent: string | null;
}

export interface OneTimeCodesTable {
  mobile_lookup: string;
  /** What the code is for: one of each per mobile number may be outstanding. */
  purpose: 'sign_in' | 'register';
  /** HMAC of the code. */
  code_hash: string;
  attempts: number;
  created_at: string;
  expires_at: string;
}

export interface AuditEntriesTable {
  sequence: number;
  at: string;
  actor: string;
  role: string;
  action: string;
  subject: string;
  /** `{before?, after?}` as JSON text. */
  summary: string;
  request_id: string;
  previous_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  sequence: number;
  hash: string;
}

/** The security log's entries: the same columns (and encoding) as the audit log's, in a chain of its own. */
export type SecurityEventsTable = AuditEntriesTable;
export type SecurityHeadTable = AuditHeadTable;

export interface IdempotencyRecordsTable {
  scope: string;
  key: string;
  route: string;
  request_hash: string;
  state: 'pending' | 'done';
  status_code: number | null;
  response_body: string | null;
  created_at: string;
}

export interface SubsidyGrantsTable {
  id: string;
  line: string;
  category: string | null;
  unit_id: string;
  /** The merchant the grant was made through (a till), or null for a reviewer's grant. */
  merchant_id: string | null;
  pool_id: string;
  hold_id: string;
  applicant_id: string | null;
  dwelling_id: string | null;
  entity_id: string | null;
  new_car_id: string | null;
  rule_date: string;
  subsidy_fen: number;
  status: 'granted' | 'reversed';
  plan_version_id: string;
  parameter_version: string;
  /** The QuoteInput judged, as JSON. */
  input: string;
  explanation: string;
  actor: string;
  created_at: string;
  reversed_at: string | null;
}

export interface QuotaLocksTable {
  holder: string;
}

export interface Database extends TradeInTables, ClaimTables, VoucherTables {
  plan_versions: PlanVersionsTable;
  plan_measures: PlanMeasuresTable;
  plan_targets: PlanTargetsTable;
  plan_parameters: PlanParametersTable;
  plan_departments: PlanDepartmentsTable;
  plan_units: PlanUnitsTable;
  plan_measure_departments: PlanMeasureDepartmentsTable;
  budget_pools: BudgetPoolsTable;
  budget_holds: BudgetHoldsTable;
  ledger_transactions: LedgerTransactionsTable;
  ledger_postings: LedgerPostingsTable;
  accounts: AccountsTable;
  merchants: MerchantsTable;
  role_assignments: RoleAssignmentsTable;
  sessions: SessionsTable;
  one_time_codes: OneTimeCodesTable;
  audit_entries: AuditEntriesTable;
  audit_head: AuditHeadTable;
  security_events: SecurityEventsTable;
  security_head: SecurityHeadTable;
  idempotency_records: IdempotencyRecordsTable;
  subsidy_grants: SubsidyGrantsTable;
  quota_locks: QuotaLocksTable;
}
