/**
 * Who may do what: the one permission table. Every route declares one permission; one hook
 * (src/http/plugins/access.ts) enforces it, and test/integration/route-roles.test.ts walks every
 * route × every role against this table. docs/access.md explains it for people.
 */

export const ROLES = [
  'citizen',
  'merchant_owner',
  'merchant_cashier',
  'department_officer',
  'county_officer',
  'county_finance_officer',
  'reviewer',
  'finance_officer',
  'auditor',
  'admin',
  'department_leader',
  'county_leader',
  'city_leader',
] as const;
export type Role = (typeof ROLES)[number];

/** What a role assignment is scoped to: required for some roles, optional or absent for others. */
export type OrganisationKind = 'department' | 'unit' | 'merchant';

export interface RoleInfo {
  readonly label: string;
  readonly labelEn: string;
  /** The kind of organisation an assignment of this role names; null: none. */
  readonly organisation: OrganisationKind | null;
  /** Whether an assignment must name the organisation. */
  readonly organisationRequired: boolean;
}

export const ROLE_INFO: Readonly<Record<Role, RoleInfo>> = {
  citizen: { label: '市民', labelEn: 'Citizen', organisation: null, organisationRequired: false },
  merchant_owner: {
    label: '商户负责人',
    labelEn: 'Merchant owner',
    organisation: 'merchant',
    organisationRequired: true,
  },
  merchant_cashier: { label: '商户收银员', labelEn: 'Cashier', organisation: 'merchant', organisationRequired: true },
  department_officer: {
    label: '部门经办人',
    labelEn: 'Department officer',
    organisation: 'department',
    organisationRequired: true,
  },
  county_officer: { label: '县区经办人', labelEn: 'County officer', organisation: 'unit', organisationRequired: true },
  county_finance_officer: {
    label: '县区财政审核人',
    labelEn: 'County finance officer',
    organisation: 'unit',
    organisationRequired: true,
  },
  reviewer: { label: '审核员', labelEn: 'Reviewer', organisation: 'department', organisationRequired: false },
  finance_officer: {
    label: '财务人员',
    labelEn: 'Finance officer',
    organisation: 'department',
    organisationRequired: false,
  },
  auditor: { label: '审计人员', labelEn: 'Auditor', organisation: null, organisationRequired: false },
  admin: { label: '系统管理员', labelEn: 'Administrator', organisation: null, organisationRequired: false },
  department_leader: {
    label: '部门负责人',
    labelEn: 'Department leader',
    organisation: 'department',
    organisationRequired: true,
  },
  county_leader: { label: '县区负责人', labelEn: 'County leader', organisation: 'unit', organisationRequired: true },
  city_leader: { label: '市领导', labelEn: 'City leader', organisation: null, organisationRequired: false },
};

/**
 * `public`: anyone, signed in or not. `session`: any signed-in account. The others name the roles
 * that hold them.
 */
export const PERMISSIONS = {
  public: { roles: 'anyone', description: 'The plan, quotes, health, sign-in and registration' },
  session: { roles: 'signed_in', description: 'Own account: profile, sign-out, password, bank account' },
  'accounts.read': { roles: ['admin', 'reviewer', 'auditor'], description: 'List and read accounts (masked)' },
  'accounts.manage': { roles: ['admin'], description: 'Create staff accounts, set roles, disable, unlock' },
  'personal_data.read': {
    roles: ['reviewer'],
    description: 'Reveal one full ID number, mobile or bank account, with a reason (audited)',
  },
  'merchants.read': { roles: ['admin', 'reviewer', 'finance_officer', 'auditor'], description: 'List merchants' },
  'merchants.manage': { roles: ['admin'], description: 'Register merchants' },
  'merchants.own': { roles: ['merchant_owner', 'merchant_cashier'], description: "The caller's own merchants" },
  'audit.read': { roles: ['auditor'], description: 'Audit entries and chain verification' },
  'budget.read': { roles: ['finance_officer', 'auditor'], description: 'Budget pools, postings, forecasts, books' },
  'budget.manage': { roles: ['finance_officer'], description: 'Create, fund, pause and resume budget pools' },
  'subsidy.grant': {
    roles: ['reviewer', 'merchant_owner', 'merchant_cashier'],
    description: 'Grant a subsidy (quota check and budget hold) and take a return (merchants: their own units)',
  },
  'subsidy.read': { roles: ['reviewer', 'finance_officer', 'auditor'], description: 'List granted subsidies' },
  'trade_in.claim': {
    roles: ['citizen'],
    description: 'Claim trade-in qualifications; see one’s own and their redemptions',
  },
  'trade_in.redeem': {
    roles: ['merchant_owner', 'merchant_cashier'],
    description: 'Checkout with a qualification code, and returns (own merchants only)',
  },
  'trade_in.read': {
    roles: [
      'merchant_owner',
      'merchant_cashier',
      'county_officer',
      'county_finance_officer',
      'department_officer',
      'reviewer',
      'finance_officer',
      'auditor',
    ],
    description: 'Redemptions in scope: own merchants, own unit, or city-wide',
  },
  'merchants.join': { roles: ['merchant_owner'], description: 'Apply for trade-in membership for one’s own merchant' },
  'merchants.approve': {
    roles: ['county_officer', 'department_officer'],
    description: 'Approve or refuse membership applications (county officers: their unit)',
  },
  'merchants.credit': {
    roles: ['department_officer', 'admin'],
    description: 'Record or import credit listings (abnormal operation, dishonest); suspends listed members',
  },
  'settlement.read': {
    roles: [
      'merchant_owner',
      'county_officer',
      'county_finance_officer',
      'department_officer',
      'reviewer',
      'finance_officer',
      'auditor',
    ],
    description: 'Settlement batches in scope and their lines with risk flags',
  },
  'settlement.run': {
    roles: ['department_officer', 'finance_officer'],
    description: 'Build a period’s settlement batches',
  },
  'settlement.review': {
    roles: ['county_officer', 'county_finance_officer', 'department_officer', 'finance_officer'],
    description: 'Decide the stage of a batch that the role reviews, in its scope',
  },
  'settlement.pay': {
    roles: ['finance_officer'],
    description: 'Download payout files (full bank accounts, logged) and import payment results',
  },
  'claims.apply': {
    roles: ['citizen', 'merchant_owner'],
    description: 'Apply for a reimbursement claim (a company through its own merchant), upload evidence, submit',
  },
  'claims.read': {
    roles: ['department_officer', 'county_officer', 'finance_officer', 'reviewer', 'auditor'],
    description: 'Claims in scope (the stages the role reviews; auditors all) and their evidence',
  },
  'claims.review': {
    roles: ['department_officer', 'county_officer', 'finance_officer'],
    description: 'Decide the stage of a claim that the role reviews, in its scope (never one’s own)',
  },
  'claims.pay': {
    roles: ['finance_officer'],
    description: 'Claims payout batches: build, download (full bank accounts, logged), import payment results',
  },
  'vouchers.manage': {
    roles: ['finance_officer'],
    description: 'Create voucher campaigns and rounds (a round’s whole budget held in the funder’s pool)',
  },
  'vouchers.claim': { roles: ['citizen'], description: 'Claim a pack of a voucher round; see one’s own vouchers' },
  'vouchers.redeem': {
    roles: ['merchant_owner', 'merchant_cashier'],
    description: 'Redeem a citizen’s voucher on a bill at the till (own merchants only)',
  },
  'vouchers.read': {
    roles: ['finance_officer', 'department_officer', 'auditor'],
    description: 'Voucher rounds’ figures and campaign reports',
  },
  'supervision.read': {
    roles: ['department_officer', 'county_officer', 'department_leader', 'county_leader', 'city_leader', 'auditor'],
    description: 'The supervision board, targets, approved reports, alerts and instructions; exports',
  },
  'supervision.report': {
    roles: ['department_officer', 'county_officer'],
    description: "Report progress for the caller's department or unit, upload evidence, answer instructions",
  },
  'supervision.approve': {
    roles: ['department_leader', 'county_leader'],
    description: "Approve the reports of the leader's own department or unit (never one's own)",
  },
  'supervision.manage': {
    roles: ['department_officer', 'department_leader'],
    description: "Set units' shares of targets: the supervising department (市商务局) only",
  },
  'supervision.instruct': { roles: ['city_leader'], description: 'Give an instruction (批示) on a target or task' },
} as const satisfies Record<string, { roles: 'anyone' | 'signed_in' | readonly Role[]; description: string }>;
export type Permission = keyof typeof PERMISSIONS;
export const PERMISSION_NAMES = Object.keys(PERMISSIONS) as Permission[];

/** Whether a caller holding `roles` (null: not signed in) has `permission`. */
export function allows(permission: Permission, roles: readonly Role[] | null): boolean {
  const holders: 'anyone' | 'signed_in' | readonly Role[] = PERMISSIONS[permission].roles;
  if (holders === 'anyone') return true;
  if (roles === null) return false;
  if (holders === 'signed_in') return true;
  return roles.some((role) => holders.includes(role));
}

/** Every permission a caller holding `roles` has, in table order. */
export function permissionsOf(roles: readonly Role[] | null): Permission[] {
  return PERMISSION_NAMES.filter((permission) => allows(permission, roles));
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
