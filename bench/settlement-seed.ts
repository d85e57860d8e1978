/**
 * Seeds a settlement benchmark's redemptions in bulk, as checkout would have left them: for each sale
 * the engine's price and explanation (evaluateQuote + explainDecision on the plan in force, cached per
 * price), one real hold per funding source through the ledger (`BudgetService.placeHold`, batched by
 * group commit, with its ledger transaction, postings and audit entry), and the rows checkout writes
 * (qualification used, goods register, redemption, its shares) in multi-row inserts. Citizens hold one
 * qualification per category (four categories), so no quota is exceeded.
 */
import { randomUUID } from 'node:crypto';
import type { Application } from '../src/app/compose.js';
import type { QualificationRow, SaleRecord, ShareRow } from '../src/db/trade-in-repository.js';
import { writeTransaction } from '../src/db/write-transaction.js';
import { poolIdOf } from '../src/domain/budget/types.js';
import { evaluateQuote, explainDecision } from '../src/domain/subsidy/index.js';
import { chinaDay } from '../src/domain/trade-in/calendar.js';
import { splitFunding } from '../src/domain/trade-in/funding.js';
import { goodsKeyOf } from '../src/domain/trade-in/goods.js';
import type { RequestContext } from '../src/services/context.js';
import { inParallel, insertCitizens, type BenchMerchant } from './trade-in-setup.js';

const CATEGORIES = ['air_conditioner', 'refrigerator', 'washing_machine', 'tv'] as const;
const ROWS_PER_INSERT = 200;

export interface SeedOptions {
  readonly count: number;
  readonly merchant: BenchMerchant;
  /** The cashier who sold (the holds' actor), as checkout's context would be. */
  readonly cashier: () => RequestContext;
  /** Sales are spread over these days (Asia/Shanghai), 10:00–20:00. */
  readonly days: readonly string[];
}

export interface Seeded {
  readonly redemptions: number;
  readonly subsidyFen: number;
}

export async function seedRedemptions(application: Application, options: SeedOptions): Promise<Seeded> {
  const { budget, quotes, tradeIn } = application.services;
  const { store, cipher } = application;
  const { merchant, count } = options;
  const book = await quotes.currentRuleBook();
  const citizens = await insertCitizens(application, Math.ceil(count / CATEGORIES.length));
  const priced = new Map<string, { subsidyFen: number; explained: ReturnType<typeof explainDecision> }>();
  const rows: SaleRecord[] = [];
  const qualifications: QualificationRow[] = [];
  const shares: ShareRow[] = [];
  const rules = new Map<string, number>();
  let subsidyFen = 0;
  for (let index = 0; index < count; index += 1) {
    const citizen = citizens[Math.floor(index / CATEGORIES.length)];
    if (citizen === undefined) throw new Error('bench: too few citizens');
    const category = CATEGORIES[index % CATEGORIES.length] ?? 'tv';
    const day = options.days[index % options.days.length] ?? '2025-06-01';
    // 10:00–20:00 in Sanmenxia (UTC+8), spread evenly over the day's sales.
    const minute = Math.floor((index / options.days.length) * (600 / (count / options.days.length)));
    const created = new Date(Date.parse(`${day}T02:00:00.000Z`) + minute * 60_000 + (index % 60) * 1000);
    const price = 150_000 + ((index * 7919) % 400) * 2_500;
    const grade = 1 + (index % 2);
    const key = `${category}:${price}:${grade}:${day}`;
    let decision = priced.get(key);
    if (decision === undefined) {
      const quote = evaluateQuote(book, {
        line: 'appliance',
        category,
        finalPriceFen: price,
        purchaseDate: day,
        efficiencyGrade: grade,
      });
      if (!quote.eligible) throw new Error(`bench: ${key} is not eligible`);
      decision = { subsidyFen: quote.subsidyFen, explained: explainDecision(quote) };
      priced.set(key, decision);
    }
    const id = randomUUID();
    const serial = `SN-${category}-${String(index).padStart(8, '0')}`;
    const model = `${category.slice(0, 2).toUpperCase()}-${100 + (index % 300)}`;
    const qualificationId = randomUUID();
    qualifications.push({
      id: qualificationId,
      citizen_id: citizen.id,
      line: 'appliance',
      category,
      year: 2025,
      day,
      state: 'used',
      short_code: `B${index.toString(36).toUpperCase().padStart(11, '0')}`,
      valid_until: new Date(Date.parse(`${day}T16:00:00.000Z`)).toISOString(),
      claimed_at: created.toISOString(),
      used_at: created.toISOString(),
      redemption_id: id,
    });
    rows.push({
      id,
      qualification_id: qualificationId,
      citizen_id: citizen.id,
      merchant_id: merchant.merchantId,
      unit_id: merchant.unitId,
      line: 'appliance',
      category,
      model,
      serial_number: serial,
      goods_key: goodsKeyOf(serial),
      efficiency_grade: grade,
      final_price_fen: price,
      subsidy_fen: decision.subsidyFen,
      returned_price_fen: 0,
      invoice_number: `INV-${serial}`,
      invoice_buyer_cipher: cipher.encrypt(citizen.name),
      explanation: decision.explained.explanation,
      explanation_en: decision.explained.explanationEn,
      clause: decision.explained.clause,
      parameter_version: decision.explained.parameterVersion,
      plan_version_id: decision.explained.planVersionId,
      state: 'redeemed',
      cashier_id: options.cashier().actor.id,
      device_id: null,
      day,
      created_at: created.toISOString(),
    });
    subsidyFen += decision.subsidyFen;
    if (!rules.has(day)) rules.set(day, (await tradeIn.qualifications.rulesOn(day)).centralShareBp);
  }
  // The holds: each funding source's share of each sale, through the ledger's batched path.
  const wanted = rows.flatMap((row) =>
    splitFunding(Number(row.subsidy_fen), rules.get(row.day) ?? 9000).map((share) => ({ row, share })),
  );
  await inParallel(wanted.length, 256, async (index) => {
    const { row, share } = wanted[index] ?? {};
    if (row === undefined || share === undefined) return;
    const poolId = poolIdOf({ line: 'appliance', unitId: row.unit_id, source: share.source });
    const hold = await budget.placeHold(options.cashier(), poolId, {
      amountFen: share.amountFen,
      idempotencyKey: `redemption:${row.id}:${share.source}`,
      reference: `redemption:${row.id}`,
    });
    if (!hold.ok) throw new Error(`bench: hold refused: ${hold.refusal.code}`);
    shares.push({
      redemption_id: row.id,
      source: share.source,
      pool_id: poolId,
      hold_id: hold.hold.id,
      amount_fen: share.amountFen,
    });
  });
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT * 10) {
    await writeTransaction(store.db, store.dialect, async (trx) => {
      for (let part = start; part < Math.min(rows.length, start + ROWS_PER_INSERT * 10); part += ROWS_PER_INSERT) {
        const slice = rows.slice(part, part + ROWS_PER_INSERT);
        await trx
          .insertInto('trade_in_qualifications')
          .values(qualifications.slice(part, part + ROWS_PER_INSERT))
          .execute();
        await trx
          .insertInto('subsidised_goods')
          .values(
            slice.map((row) => ({
              goods_key: row.goods_key,
              subject: `redemption:${row.id}`,
              created_at: row.created_at,
            })),
          )
          .execute();
        await trx.insertInto('trade_in_redemptions').values(slice).execute();
      }
    });
  }
  for (let start = 0; start < shares.length; start += ROWS_PER_INSERT * 2) {
    await store.db
      .insertInto('trade_in_redemption_shares')
      .values(shares.slice(start, start + ROWS_PER_INSERT * 2))
      .execute();
  }
  return { redemptions: rows.length, subsidyFen };
}

/** The business day of a moment (Asia/Shanghai). */
export const dayOf = (moment: number): string => chinaDay(new Date(moment));
