/**
 * Demo mode's living data (issue 11 §8, docs/trade-in.md "Demo"): every line's pools funded in every
 * implementing unit, thousands of citizens (13800000001, 13800000002, … with the demo password), four
 * invented merchants per unit with their staff and memberships, and a month of trade-in activity
 * (2025-05-16 to 2025-06-15) played through the real services on a clock of its own: claims at the
 * 10:00 release, checkouts, returns before and after settlement, sales that raise each risk flag, one
 * period settled and paid (one payment failed and re-queued), the next one open in the queue.
 * Deterministic (a seeded generator), and written once: a database that has the demo's second citizen
 * is left as it is. `scale` multiplies citizens and sales (`huimin demo seed --scale N`).
 */
import { BudgetRepository } from '../db/budget-repository.js';
import type { AccountRow, RoleRow } from '../db/accounts-repository.js';
import { TRADE_IN_LINES, type TradeInLine } from '../contract/trade-in.js';
import type { FundingSource } from '../domain/budget/types.js';
import { poolIdOf } from '../domain/budget/types.js';
import { SUBSIDY_LINES } from '../domain/subsidy/subsidy-lines.js';
import type { Role } from '../domain/access/permissions.js';
import { BudgetService } from '../services/budget/budget-service.js';
import { DEMO_PASSWORD, demoAccountRow } from '../services/accounts/demo-accounts.js';
import { hashPassword } from '../services/security/passwords.js';
import { writeOnce } from '../services/idempotent-write.js';
import type { Application } from './compose.js';
import { composeTradeIn } from './compose-trade-in.js';
import { seedDemoClaims } from './demo-claims.js';
import { seedDemoVouchers } from './demo-vouchers.js';
import { demoCitizens, demoMerchants, type DemoCitizen, type DemoMerchant } from './demo-activity-data.js';
import { DemoActors } from './demo-actors.js';
import { playMonth, type MonthSummary } from './demo-month.js';

export const DEMO_CITIZENS_PER_SCALE = 2_000;
/** The first business moment of the seed: tranches arrive at the start of May. */
const FUNDED_AT = Date.parse('2025-05-06T01:00:00.000Z');

export interface DemoActivitySummary extends MonthSummary {
  readonly citizens: number;
  readonly merchants: number;
  readonly pools: number;
  /** Voucher packs claimed and vouchers redeemed (demo-vouchers.ts). */
  readonly voucherPacks: number;
  readonly voucherRedemptions: number;
  /** Reimbursement claims written (demo-claims.ts). */
  readonly claims: number;
  readonly milliseconds: number;
}

/** Yuan per county division; the three management zones get a third. Demo money, not the plan's. */
const FUNDING_YUAN: Record<string, Partial<Record<FundingSource, number>>> = {
  appliance: { central: 9_000_000, city: 1_000_000 },
  digital: { central: 2_700_000, city: 300_000 },
  smart_home: { central: 1_800_000, city: 200_000 },
  car_scrap: { city: 3_000_000 },
  car_replace: { city: 3_000_000 },
  elderly_adaptation: { city: 600_000 },
  ebike: { city: 400_000 },
  first_launch: { city: 1_000_000 },
};

/**
 * Seeds the demo's people and pools now (so that every demo citizen can sign in as soon as the server
 * answers) and returns the month to play, which the caller may run in the background; null when the
 * demo activity is already there or `scale` is 0.
 */
export async function prepareDemoActivity(
  application: Application,
  scale = 1,
): Promise<((signal?: AbortSignal) => Promise<DemoActivitySummary>) | null> {
  if (scale <= 0) return null;
  const started = performance.now();
  const { services, store, cipher, config, repositories } = application;
  const accounts = repositories.accounts;
  if ((await accounts.findById('demo-citizen-00002')) !== undefined) return null;

  const { catalogue } = await services.plans.current();
  const units = catalogue.units.map((unit) => ({ id: unit.id, name: unit.name }));
  const unitIds = units.map((unit) => unit.id);
  const merchants = demoMerchants(units);
  const citizens = demoCitizens(DEMO_CITIZENS_PER_SCALE * scale, unitIds);

  let clock = FUNDED_AT;
  const now = () => new Date(clock);
  const setClock = (moment: number) => {
    clock = Math.max(clock, moment);
  };
  const budget = new BudgetService({
    store,
    repository: new BudgetRepository(services.database.db, services.database.dialect),
    now,
    audit: services.audit,
    units: () => Promise.resolve(unitIds),
  });
  const tradeIn = composeTradeIn({
    database: services.database,
    config: { ...config, clockDate: null },
    store,
    audit: services.audit,
    security: services.security,
    accounts,
    budget,
    quotes: services.quotes,
    plans: services.plans,
    cipher,
    now,
  });

  await insertPeople(application, merchants, citizens, units);
  const actors = new DemoActors(accounts);
  const pools = await fundPools(budget, await actors.of('demo-finance-officer'), unitIds);
  return async (signal?: AbortSignal) => {
    const month = await playMonth({ tradeIn, actors, merchants, citizens, units: unitIds, scale, setClock, signal });
    const units = new Map(citizens.map((citizen) => [citizen.id, citizen.unitId] as const));
    const claims =
      signal?.aborted === true ? 0 : await seedDemoClaims(application, actors, (id) => units.get(id) ?? 'hubin');
    const vouchers = signal?.aborted === true ? null : await seedDemoVouchers(application, actors, citizens, merchants);
    const summary: DemoActivitySummary = {
      ...month,
      claims,
      voucherPacks: vouchers?.packs ?? 0,
      voucherRedemptions: vouchers?.redemptions ?? 0,
      citizens: citizens.length + 1,
      merchants: merchants.length + 1,
      pools,
      milliseconds: Math.round(performance.now() - started),
    };
    await writeOnce(store, null, (trx) =>
      services.audit.append(
        trx,
        { actor: 'system:demo', role: 'system', requestId: 'startup' },
        { action: 'demo.activity_seeded', subject: 'demo', after: { ...summary, scale } },
      ),
    );
    return summary;
  };
}

/** The whole demo activity, waited for (the CLI's `huimin demo seed`). */
export async function seedDemoActivity(application: Application, scale = 1): Promise<DemoActivitySummary | null> {
  const play = await prepareDemoActivity(application, scale);
  return play === null ? null : play();
}

async function insertPeople(
  application: Application,
  merchants: readonly DemoMerchant[],
  citizens: readonly DemoCitizen[],
  units: readonly { id: string; name: string }[],
): Promise<void> {
  const { cipher, store } = application;
  const accounts = application.repositories.accounts;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const at = application.now().toISOString();
  const rows: AccountRow[] = [];
  const roles: RoleRow[] = [];
  const staff = (id: string, username: string, name: string, role: Role, kind: 'unit' | 'merchant', org: string) => {
    rows.push(demoAccountRow(cipher, passwordHash, at, { id, username, name }));
    roles.push({ account_id: id, role, organisation_kind: kind, organisation_id: org });
  };
  for (const merchant of merchants) {
    staff(
      `${merchant.id}-owner`,
      `${merchant.id}-owner`,
      `${merchant.name}负责人`,
      'merchant_owner',
      'merchant',
      merchant.id,
    );
    staff(
      `${merchant.id}-cashier`,
      `${merchant.id}-cashier`,
      `${merchant.name}收银员`,
      'merchant_cashier',
      'merchant',
      merchant.id,
    );
  }
  // demo-hubin and demo-hubin-finance come with the demo accounts; the other units get theirs here.
  for (const unit of units.filter((candidate) => candidate.id !== 'hubin')) {
    staff(`demo-${unit.id}`, `demo-${unit.id}`, `演示县区经办人（${unit.name}）`, 'county_officer', 'unit', unit.id);
    staff(
      `demo-${unit.id}-finance`,
      `demo-${unit.id}-finance`,
      `演示县区财政审核人（${unit.name}）`,
      'county_finance_officer',
      'unit',
      unit.id,
    );
  }
  for (const citizen of citizens) {
    rows.push(
      demoAccountRow(cipher, passwordHash, at, {
        id: citizen.id,
        username: null,
        name: citizen.name,
        citizen: { idNumber: citizen.idNumber, mobile: citizen.mobile, bankAccount: citizen.bankAccount },
      }),
    );
    roles.push({ account_id: citizen.id, role: 'citizen', organisation_kind: '', organisation_id: '' });
  }
  await writeOnce(store, null, async (trx) => {
    await accounts.insertMerchants(
      trx,
      merchants.map((merchant) => ({
        id: merchant.id,
        name: merchant.name,
        credit_code: merchant.creditCode,
        credit_code_status: 'verified' as const,
        unit_id: merchant.unitId,
        demo: 1,
        created_at: at,
      })),
    );
    await accounts.insertAccounts(trx, rows, roles);
    await application.services.audit.append(
      trx,
      { actor: 'system:demo', role: 'system', requestId: 'startup' },
      {
        action: 'demo.activity_people_created',
        subject: 'demo',
        after: { merchants: merchants.length, staff: rows.length - citizens.length, citizens: citizens.length },
      },
    );
  });
}

async function fundPools(
  budget: BudgetService,
  finance: Awaited<ReturnType<DemoActors['of']>>,
  unitIds: readonly string[],
): Promise<number> {
  const zones = new Set(['urban-rural-demo-zone', 'economic-development-zone', 'modern-services-zone']);
  let count = 0;
  for (const line of SUBSIDY_LINES) {
    const sources = FUNDING_YUAN[line] ?? {};
    for (const unitId of unitIds) {
      for (const [source, yuan] of Object.entries(sources) as [FundingSource, number][]) {
        const context = finance.context(`demo:fund:${line}.${unitId}.${source}`);
        const { pool } = await budget.createPool(context, { line, unitId, source });
        const amountFen = Math.round((zones.has(unitId) ? yuan / 3 : yuan) * 100);
        await budget.fund(context, pool.id, {
          amountFen,
          idempotencyKey: `demo-fund-${poolIdOf({ line, unitId, source })}`,
          reference: `演示资金 demo tranche: ${TRADE_IN_LINES.includes(line as TradeInLine) ? '以旧换新' : line}`,
        });
        count += 1;
      }
    }
  }
  return count;
}
