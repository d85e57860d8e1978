/**
 * Demo mode (docs/access.md): one account per role, so a visitor can try every part of the platform.
 * Created at start in demo mode; deleted at start outside it, so demo accounts never exist in a
 * deployment that is not a demo. Their personal data is invented (valid in form only).
 */
import type { Kysely } from 'kysely';
import type { AccountRepository, AccountRow } from '../../db/accounts-repository.js';
import type { Database } from '../../db/tables.js';
import type { Role } from '../../domain/access/permissions.js';
import { creditCodeCheckCharacter, idNumberCheckCharacter } from '../../domain/identity/index.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { PersonalDataCipher } from '../security/personal-data-cipher.js';
import { hashPassword } from '../security/passwords.js';
import { writeOnce, type WriteStore } from '../idempotent-write.js';

export const DEMO_PASSWORD = 'huimin-demo-2025';

const DEMO_MERCHANT_ID = 'demo-merchant';
/** 湖滨区 (411202), a legal person (9 1), a made-up body; the check character is computed. */
const DEMO_CREDIT_CODE_BODY = '91411202MA46DEMX1';
/** 湖滨区, born 1985-01-01, sequence 123; the check character is computed. */
const DEMO_ID_NUMBER_BODY = '41120219850101123';

interface DemoAccount {
  readonly role: Role;
  /** Staff username; the citizen signs in with the mobile number. */
  readonly username: string | null;
  readonly name: string;
  readonly organisation: { kind: 'department' | 'unit' | 'merchant'; id: string } | null;
  /** The account id when the role's own (`demo-<role>`) is taken by the role's first demo account. */
  readonly id?: string;
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { role: 'citizen', username: null, name: '演示市民 张三', organisation: null },
  {
    role: 'merchant_owner',
    username: 'demo-merchant-owner',
    name: '演示商户负责人',
    organisation: { kind: 'merchant', id: DEMO_MERCHANT_ID },
  },
  {
    role: 'merchant_cashier',
    username: 'demo-cashier',
    name: '演示收银员',
    organisation: { kind: 'merchant', id: DEMO_MERCHANT_ID },
  },
  {
    role: 'department_officer',
    username: 'demo-commerce',
    name: '演示部门经办人（市商务局）',
    organisation: { kind: 'department', id: 'commerce' },
  },
  {
    role: 'department_officer',
    username: 'demo-police',
    id: 'demo-police',
    name: '演示部门经办人（市公安局交管）',
    organisation: { kind: 'department', id: 'public-security' },
  },
  {
    role: 'county_officer',
    username: 'demo-hubin',
    name: '演示县区经办人（湖滨区）',
    organisation: { kind: 'unit', id: 'hubin' },
  },
  {
    role: 'county_finance_officer',
    username: 'demo-hubin-finance',
    name: '演示县区财政审核人（湖滨区）',
    organisation: { kind: 'unit', id: 'hubin' },
  },
  { role: 'reviewer', username: 'demo-reviewer', name: '演示审核员', organisation: null },
  {
    role: 'finance_officer',
    username: 'demo-finance',
    name: '演示财务人员（市财政局）',
    organisation: { kind: 'department', id: 'finance' },
  },
  { role: 'auditor', username: 'demo-auditor', name: '演示审计人员', organisation: null },
  { role: 'admin', username: 'demo-admin', name: '演示系统管理员', organisation: null },
  {
    role: 'department_leader',
    username: 'demo-commerce-leader',
    name: '演示部门负责人（市商务局）',
    organisation: { kind: 'department', id: 'commerce' },
  },
  {
    role: 'county_leader',
    username: 'demo-hubin-leader',
    name: '演示县区负责人（湖滨区）',
    organisation: { kind: 'unit', id: 'hubin' },
  },
  { role: 'city_leader', username: 'demo-mayor', name: '演示市领导', organisation: null },
];

export const DEMO_CITIZEN_MOBILE = '13800000001';

const SYSTEM = { actor: 'system:demo', role: 'system', requestId: 'startup' } as const;

/** What a demo account is: staff sign in with a username; a citizen has an ID number, mobile and bank account. */
export interface DemoAccountFacts {
  readonly id: string;
  readonly username: string | null;
  readonly name: string;
  readonly citizen?: { readonly idNumber: string; readonly mobile: string; readonly bankAccount: string };
}

/** A demo account's row (personal data encrypted, with its look-up hashes), for one account or thousands. */
export function demoAccountRow(
  cipher: PersonalDataCipher,
  passwordHash: string,
  at: string,
  facts: DemoAccountFacts,
): AccountRow {
  const { citizen } = facts;
  return {
    id: facts.id,
    kind: citizen === undefined ? 'staff' : 'citizen',
    username: citizen === undefined ? facts.username : null,
    name: facts.name,
    id_number_cipher: citizen === undefined ? null : cipher.encrypt(citizen.idNumber),
    id_number_lookup: citizen === undefined ? null : cipher.lookup('id_number', citizen.idNumber),
    mobile_cipher: citizen === undefined ? null : cipher.encrypt(citizen.mobile),
    mobile_lookup: citizen === undefined ? null : cipher.lookup('mobile', citizen.mobile),
    bank_account_cipher: citizen === undefined ? null : cipher.encrypt(citizen.bankAccount),
    password_hash: passwordHash,
    status: 'active',
    failed_sign_ins: 0,
    locked_until: null,
    demo: 1,
    created_at: at,
    updated_at: at,
    last_sign_in_at: null,
  };
}

/** Creates whatever demo accounts are missing; returns how many were created. */
export async function ensureDemoAccounts(
  store: WriteStore,
  repository: AccountRepository,
  cipher: PersonalDataCipher,
  audit: AuditLog,
  now: Date,
): Promise<number> {
  const existing = await repository.demoAccounts();
  const missing = DEMO_ACCOUNTS.filter(
    (demo) =>
      !existing.some((row) => (demo.username === null ? row.kind === 'citizen' : row.username === demo.username)),
  );
  const merchantMissing = (await repository.findMerchant(DEMO_MERCHANT_ID)) === undefined;
  if (missing.length === 0 && !merchantMissing) return 0;
  // Every demo account has the same password: hash it once.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const at = now.toISOString();
  const idNumber = DEMO_ID_NUMBER_BODY + idNumberCheckCharacter(DEMO_ID_NUMBER_BODY);
  await writeOnce(store, null, async (trx) => {
    if (merchantMissing) {
      const creditCode = DEMO_CREDIT_CODE_BODY + creditCodeCheckCharacter(DEMO_CREDIT_CODE_BODY);
      await repository.insertMerchant(trx, {
        id: DEMO_MERCHANT_ID,
        name: '演示家电卖场（湖滨店）',
        credit_code: creditCode,
        credit_code_status: 'verified',
        unit_id: 'hubin',
        demo: 1,
        created_at: at,
      });
    }
    for (const demo of missing) {
      const citizen = demo.username === null;
      const row = demoAccountRow(cipher, passwordHash, at, {
        id: demo.id ?? `demo-${demo.role.replace(/_/g, '-')}`,
        username: demo.username,
        name: demo.name,
        ...(citizen ? { citizen: { idNumber, mobile: DEMO_CITIZEN_MOBILE, bankAccount: '6222020000000000001' } } : {}),
      });
      await repository.insertAccount(trx, row, [
        {
          role: demo.role,
          organisation_kind: demo.organisation?.kind ?? '',
          organisation_id: demo.organisation?.id ?? '',
        },
      ]);
    }
    await audit.append(trx, SYSTEM, {
      action: 'demo.accounts_created',
      subject: 'demo',
      after: { accounts: missing.map((demo) => demo.username ?? 'citizen'), merchant: merchantMissing },
    });
  });
  return missing.length;
}

/** Deletes every demo account and merchant (demo mode off); returns what was deleted. */
export async function removeDemoAccounts(
  store: WriteStore,
  repository: AccountRepository,
  audit: AuditLog,
): Promise<{ accounts: number; merchants: number }> {
  return writeOnce(store, null, async (trx: Kysely<Database>) => {
    const removed = await repository.deleteDemo(trx);
    if (removed.accounts + removed.merchants > 0) {
      await audit.append(trx, SYSTEM, { action: 'demo.accounts_removed', subject: 'demo', after: removed });
    }
    return removed;
  });
}
