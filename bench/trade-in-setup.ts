/**
 * Setup shared by the trade-in benchmarks (checkout.bench.ts, settlement.bench.ts): a platform on a
 * fresh database (SQLite file or PostgreSQL schema) in demo mode, merchants with approved memberships
 * across several units and their cashiers, funded pools, and citizens. Setup goes through the services
 * (sign-in, createMerchant, createStaff, apply/decide, createPool/fund, claim), except the citizens'
 * account rows, which are written in multi-row transactions through the account repository with one
 * password hash shared by all (registration's argon2 hash and SMS code would cost minutes for
 * thousands and measure nothing of checkout).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openApplication, type Application } from '../src/app/compose.js';
import { prepareDatabase } from '../src/app/startup.js';
import { loadConfig } from '../src/config.js';
import type { TradeInLine } from '../src/contract/trade-in.js';
import { dropPostgresSchema, ensurePostgresSchema } from '../src/db/database.js';
import type { AccountRow } from '../src/db/accounts-repository.js';
import { writeTransaction } from '../src/db/write-transaction.js';
import { permissionsOf } from '../src/domain/access/permissions.js';
import { poolIdOf, type FundingSource } from '../src/domain/budget/types.js';
import { creditCodeCheckCharacter, idNumberCheckCharacter } from '../src/domain/identity/index.js';
import type { Principal } from '../src/services/accounts/account-service.js';
import { DEMO_PASSWORD } from '../src/services/accounts/demo-accounts.js';
import { accountContext, type RequestContext } from '../src/services/context.js';
import { hashPassword } from '../src/services/security/passwords.js';

export type BenchDatabase = 'sqlite' | 'postgres';

export const POSTGRES_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const STAFF_PASSWORD = 'bench staff password 2025';
export const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** A data folder and (PostgreSQL) a schema of the run's own, and the environment that names them. */
export interface BenchPlace {
  readonly env: Record<string, string>;
  cleanup(): Promise<void>;
}

export async function benchPlace(database: BenchDatabase, extra: Record<string, string> = {}): Promise<BenchPlace> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'huimin-trade-in-bench-'));
  const env: Record<string, string> = {
    HUIMIN_DATA_DIR: dataDir,
    HUIMIN_DEMO: 'true',
    // The demo accounts, not the demo's month of trade-in: the benchmark makes its own sales.
    HUIMIN_DEMO_SCALE: '0',
    HUIMIN_RATE_LIMIT_SIGN_IN: '100000000',
    HUIMIN_RATE_LIMIT_SIGN_IN_ACCOUNT: '100000000',
    HUIMIN_RATE_LIMIT_MONEY: '100000000',
    ...extra,
  };
  let schema: string | null = null;
  if (database === 'postgres') {
    schema = `huimin_bench_${randomBytes(4).toString('hex')}`;
    await ensurePostgresSchema(POSTGRES_URL, schema);
    Object.assign(env, { DATABASE_URL: POSTGRES_URL, HUIMIN_DATABASE_SCHEMA: schema });
  }
  return {
    env,
    async cleanup() {
      if (schema !== null) await dropPostgresSchema(POSTGRES_URL, schema);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The platform composed on the place's database, migrated, the plan imported, demo staff present. */
export async function openBenchApplication(env: Record<string, string>, now?: () => Date): Promise<Application> {
  const application = await openApplication(loadConfig(env), { log: quiet, ...(now === undefined ? {} : { now }) });
  await prepareDatabase(application);
  return application;
}

/** A staff member's request context, signed in through the account service. */
export async function staffContext(application: Application, login: string, password = DEMO_PASSWORD) {
  const { accounts } = application.services;
  const opened = await accounts.signIn(
    { login, password },
    { address: '127.0.0.1', userAgent: 'bench', requestId: `bench-sign-in-${login}` },
  );
  const principal = await accounts.authenticate(opened.token);
  if (principal === null) throw new Error(`bench: ${login} signed in but has no session`);
  return (requestId = `bench-${randomUUID()}`): RequestContext => accountContext(principal, requestId);
}

export interface BenchMerchant {
  readonly merchantId: string;
  readonly name: string;
  readonly unitId: string;
  readonly cashiers: readonly string[];
}

/** A credit code with its check character (18 characters), unique per index. */
function creditCode(index: number): string {
  const body = `91411202MA4${String(index).padStart(5, '0')}`;
  return `${body}0${creditCodeCheckCharacter(`${body}0`)}`;
}

/**
 * Merchants in `units` (one per unit, round robin), each with an owner, `cashiersPerMerchant` cashiers
 * and an approved membership for `lines` in its unit, with its own bank account.
 */
export async function createMerchants(
  application: Application,
  options: {
    readonly count: number;
    readonly units: readonly string[];
    readonly cashiersPerMerchant: number;
    readonly lines: readonly TradeInLine[];
    readonly categories: readonly string[];
  },
): Promise<BenchMerchant[]> {
  const { admin, tradeIn } = application.services;
  const asAdmin = await staffContext(application, 'demo-admin');
  const asCommerce = await staffContext(application, 'demo-commerce');
  const merchants: BenchMerchant[] = [];
  for (let index = 0; index < options.count; index += 1) {
    const unitId = options.units[index % options.units.length] ?? 'hubin';
    const name = `压测家电卖场${index + 1}号店`;
    const merchant = await admin.createMerchant(asAdmin(), { name, creditCode: creditCode(index + 1), unitId });
    const owner = `bench-owner-${index + 1}`;
    await admin.createStaff(asAdmin(), {
      username: owner,
      name: `店主${index + 1}`,
      password: STAFF_PASSWORD,
      roles: [{ role: 'merchant_owner', organisationId: merchant.id }],
    });
    const cashiers: string[] = [];
    for (let till = 0; till < options.cashiersPerMerchant; till += 1) {
      const username = `bench-cashier-${index + 1}-${till + 1}`;
      await admin.createStaff(asAdmin(), {
        username,
        name: `收银员${index + 1}-${till + 1}`,
        password: STAFF_PASSWORD,
        roles: [{ role: 'merchant_cashier', organisationId: merchant.id }],
      });
      cashiers.push(username);
    }
    const asOwner = await staffContext(application, owner, STAFF_PASSWORD);
    const membership = await tradeIn.memberships.apply(asOwner(), {
      merchantId: merchant.id,
      lines: [...options.lines],
      units: [unitId],
      categories: [...options.categories],
      stores: [`${name} 门店`],
      bankAccountName: name,
      bankAccount: `6222020000${String(index + 1).padStart(8, '0')}`,
      bankName: '中国工商银行三门峡分行',
    });
    await tradeIn.memberships.decide(asCommerce(), membership.id, { decision: 'approve' });
    merchants.push({ merchantId: merchant.id, name, unitId, cashiers });
  }
  return merchants;
}

/** Opens and funds the pools of `lines` × `units` × (central, city). */
export async function fundPools(
  application: Application,
  options: { readonly lines: readonly TradeInLine[]; readonly units: readonly string[]; readonly fenPerPool: number },
): Promise<string[]> {
  const { budget } = application.services;
  const asFinance = await staffContext(application, 'demo-finance');
  const ids: string[] = [];
  for (const line of options.lines) {
    for (const unitId of new Set(options.units)) {
      for (const source of ['central', 'city'] as const satisfies readonly FundingSource[]) {
        await budget.createPool(asFinance(), { line, unitId, source });
        const poolId = poolIdOf({ line, unitId, source });
        const funded = await budget.fund(asFinance(), poolId, {
          amountFen: source === 'central' ? options.fenPerPool : Math.round(options.fenPerPool / 9),
          idempotencyKey: `bench-fund-${poolId}`,
        });
        if (!funded.ok) throw new Error(`bench: could not fund ${poolId}: ${funded.refusal.code}`);
        ids.push(poolId);
      }
    }
  }
  return ids;
}

export interface BenchCitizen {
  readonly id: string;
  readonly name: string;
  readonly principal: Principal;
}

const SURNAMES = [...'王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗'];
const GIVEN = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂'];

/** `count` citizen accounts, written 500 to a transaction; their principals as a session would give them. */
export async function insertCitizens(application: Application, count: number): Promise<BenchCitizen[]> {
  const { cipher, store } = application;
  const accounts = application.repositories.accounts;
  const passwordHash = await hashPassword('bench citizen password');
  const at = new Date().toISOString();
  const citizens: BenchCitizen[] = [];
  for (let start = 0; start < count; start += 500) {
    const rows: AccountRow[] = [];
    for (let index = start; index < Math.min(count, start + 500); index += 1) {
      const body = `4112021990${String(index).padStart(7, '0')}`.slice(0, 17);
      const idNumber = body + idNumberCheckCharacter(body);
      const mobile = `139${String(index).padStart(8, '0')}`;
      const name = `${SURNAMES[index % SURNAMES.length] ?? '王'}${GIVEN[Math.floor(index / SURNAMES.length) % GIVEN.length] ?? '伟'}${GIVEN[Math.floor(index / 400) % GIVEN.length] ?? ''}`;
      rows.push({
        id: randomUUID(),
        kind: 'citizen',
        username: null,
        name,
        id_number_cipher: cipher.encrypt(idNumber),
        id_number_lookup: cipher.lookup('id_number', `${idNumber}`),
        mobile_cipher: cipher.encrypt(mobile),
        mobile_lookup: cipher.lookup('mobile', mobile),
        bank_account_cipher: null,
        password_hash: passwordHash,
        status: 'active',
        failed_sign_ins: 0,
        locked_until: null,
        demo: 0,
        created_at: at,
        updated_at: at,
        last_sign_in_at: null,
      });
    }
    await writeTransaction(store.db, store.dialect, async (trx) => {
      for (const row of rows) {
        await accounts.insertAccount(trx, row, [{ role: 'citizen', organisation_kind: '', organisation_id: '' }]);
      }
    });
    for (const row of rows) {
      citizens.push({
        id: row.id,
        name: row.name,
        principal: {
          accountId: row.id,
          name: row.name,
          kind: 'citizen',
          roles: [{ role: 'citizen', organisation: null }],
          roleNames: ['citizen'],
          permissions: permissionsOf(['citizen']),
          sessionId: `bench-${row.id}`,
          csrfToken: 'bench',
          expiresAt: '2099-01-01T00:00:00.000Z',
        },
      });
    }
  }
  return citizens;
}

/** Runs `count` tasks, `concurrency` at a time. */
export async function inParallel(count: number, concurrency: number, task: (index: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      for (let index = next++; index < count; index = next++) await task(index);
    }),
  );
}
