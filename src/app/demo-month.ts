/**
 * The demo's month of trade-in (2025-05-16 to 2025-06-15), day by day through the real services:
 * memberships first (one refused and reapplied, two still waiting), then each day the 10:00 claims,
 * the day's checkouts, the evening's returns; on 06-08 the first half of May-June is settled
 * (demo-settlement.ts) and on the demo's business day, 06-16, the next period's batches wait in the
 * queue. A few sales are made to raise each risk flag, so reviewers see them beside real lines.
 */
import type { RedemptionRequest, RedemptionView } from '../contract/trade-in.js';
import { addDays } from '../domain/trade-in/calendar.js';
import type { TradeInServices } from './compose-trade-in.js';
import {
  at,
  breathe,
  DEMO_PRODUCTS,
  pick,
  priceOf,
  productsOf,
  seededRandom,
  serialOf,
  type DemoCitizen,
  type DemoMerchant,
  type DemoProduct,
} from './demo-activity-data.js';
import type { DemoActors } from './demo-actors.js';
import { applyMemberships, DEMO_SHOP, LISTED_MERCHANT, listOneMerchant } from './demo-memberships.js';
import { DemoSettlement } from './demo-settlement.js';

export const FIRST_DAY = '2025-05-16';
export const LAST_DAY = '2025-06-15';
/** Citizens 13800000002 … 13800000010 are left without activity, for outside checks and browser tests. */
const RESERVED_CITIZENS = 9;

export interface MonthSummary {
  readonly claims: number;
  readonly redemptions: number;
  readonly returns: number;
  readonly settlements: number;
}

export interface PlayOptions {
  readonly tradeIn: TradeInServices;
  readonly actors: DemoActors;
  readonly merchants: readonly DemoMerchant[];
  readonly citizens: readonly DemoCitizen[];
  readonly units: readonly string[];
  readonly scale: number;
  readonly setClock: (moment: number) => void;
  /** Aborted when the server closes: the month stops after the day it is playing. */
  readonly signal?: AbortSignal | undefined;
}

interface Buyer {
  readonly id: string;
  readonly name: string;
}

interface PlannedSale {
  readonly merchant: DemoMerchant;
  readonly buyer: Buyer;
  readonly product: DemoProduct;
  readonly model: string;
  readonly priceFen: number;
  readonly redeemAt: number;
  readonly deviceId?: string;
  /** Claimed and never used: it lapses at the end of its day. */
  readonly lapses?: boolean;
}

export interface SoldItem {
  readonly view: RedemptionView;
  readonly merchant: DemoMerchant;
  readonly day: string;
  readonly priceFen: number;
}

/** A month of days from `from` to `to`, inclusive. */
function days(from: string, to: string): string[] {
  const out: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) out.push(day);
  return out;
}

class BuyerQueue {
  private next = 0;
  private readonly used = new Map<string, Map<string, number>>();

  constructor(private readonly citizens: readonly DemoCitizen[]) {}

  /** The next citizen who may still buy `category` this year (air conditioners: three). */
  take(category: string): Buyer {
    const limit = category === 'air_conditioner' ? 3 : 1;
    for (let tries = 0; tries < this.citizens.length; tries += 1) {
      const citizen = this.citizens[this.next % this.citizens.length];
      this.next += 1;
      if (citizen === undefined) break;
      const counts = this.used.get(citizen.id) ?? new Map<string, number>();
      const count = counts.get(category) ?? 0;
      if (count < limit) {
        counts.set(category, count + 1);
        this.used.set(citizen.id, counts);
        return citizen;
      }
    }
    throw new Error(`demo seed: every citizen has used the ${category} quota; raise the scale`);
  }
}

function modelPrice(product: DemoProduct, model: string, random: () => number, merchant: DemoMerchant): number {
  // 灵宝's phone shop prices just under the 6,000-yuan ceiling (the bunching flag).
  if (merchant.id === 'demo-lingbao-digital' && product.category === 'phone') {
    return (5_889 + Math.floor(random() * 11) * 10) * 100;
  }
  return priceOf(random, product, model);
}

function planDay(day: string, options: PlayOptions, members: readonly DemoMerchant[], random: () => number) {
  const { scale } = options;
  const byId = new Map(members.map((merchant) => [merchant.id, merchant]));
  const sales: Omit<PlannedSale, 'buyer'>[] = [];
  const sale = (merchant: DemoMerchant, product: DemoProduct, extra: Partial<PlannedSale> = {}) => {
    const redeemAt = at(day, '10:45') + Math.floor(random() * 9 * 3_600_000);
    const model = pick(random, product.models);
    sales.push({
      merchant,
      product,
      model,
      priceFen: modelPrice(product, model, random, merchant),
      redeemAt,
      ...extra,
    });
  };
  for (const merchant of members) {
    const minimum = merchant.id === 'demo-lingbao-digital' ? 2 : 0;
    const count = Math.max(minimum * scale, Math.floor(random() * (3 * scale + 1)));
    for (let index = 0; index < count; index += 1) {
      sale(
        merchant,
        pick(
          random,
          merchant.lines.flatMap((line) => productsOf(line)),
        ),
      );
    }
  }
  const fridge = DEMO_PRODUCTS.find((product) => product.category === 'refrigerator');
  const phone = DEMO_PRODUCTS.find((product) => product.category === 'phone');
  const burstShop = byId.get('demo-shanzhou-appliances');
  const dearShop = byId.get('demo-lushi-mall');
  if (fridge === undefined || phone === undefined) throw new Error('demo seed: products missing');
  // Six qualifications used within ten minutes at one shop (the burst flag).
  if (burstShop !== undefined && (day === '2025-05-27' || day === '2025-06-04')) {
    for (let index = 0; index < 6; index += 1) {
      sale(burstShop, fridge, { redeemAt: at(day, '15:00') + index * 80_000 });
    }
  }
  // A refrigerator far above the model's median (the price flag).
  if (dearShop !== undefined && ['2025-05-29', '2025-06-03', '2025-06-06'].includes(day)) {
    sale(dearShop, fridge, { model: 'BCD-510W', priceFen: 9_899_00, redeemAt: at(day, '14:10') });
  }
  // One phone app keyed for three identities (the shared-device flag).
  const deviceShops: Record<string, [string, string]> = {
    '2025-05-20': ['demo-mianchi-digital', 'APP-5B8E0D14'],
    '2025-05-22': ['demo-mianchi-digital', 'APP-5B8E0D14'],
    '2025-05-25': ['demo-mianchi-digital', 'APP-5B8E0D14'],
    '2025-06-02': ['demo-yima-digital', 'APP-9F3A7C21'],
    '2025-06-03': ['demo-yima-digital', 'APP-9F3A7C21'],
    '2025-06-05': ['demo-yima-digital', 'APP-9F3A7C21'],
  };
  const device = deviceShops[day];
  const deviceShop = device === undefined ? undefined : byId.get(device[0]);
  if (device !== undefined && deviceShop !== undefined) {
    sale(deviceShop, phone, { deviceId: device[1], redeemAt: at(day, '16:20') });
  }
  // Claimed at 10:00, never used.
  for (let index = 0; index < 2 * scale; index += 1) {
    sale(pick(random, members), pick(random, DEMO_PRODUCTS), { lapses: true });
  }
  return sales;
}

/** Sales beside the random ones: a citizen buying in two units on one day, the demo citizen's own. */
function specialSales(day: string, members: readonly DemoMerchant[], traveller: Buyer | undefined): PlannedSale[] {
  const shop = (id: string) => members.find((merchant) => merchant.id === id);
  const product = (category: string) => DEMO_PRODUCTS.find((candidate) => candidate.category === category);
  const sales: PlannedSale[] = [];
  const add = (merchantId: string, buyer: Buyer, category: string, priceFen: number, time: string) => {
    const merchant = shop(merchantId);
    const chosen = product(category);
    if (merchant === undefined || chosen === undefined) return;
    sales.push({
      merchant,
      buyer,
      product: chosen,
      model: chosen.models[0] ?? chosen.category,
      priceFen,
      redeemAt: at(day, time),
    });
  };
  // The several-units flag: 湖滨区 in the morning, 陕州区 in the afternoon.
  if (traveller !== undefined && day === '2025-05-24') {
    add('demo-hubin-appliances', traveller, 'washing_machine', 3_299_00, '11:05');
    add('demo-shanzhou-digital', traveller, 'tablet', 2_499_00, '17:40');
  }
  if (traveller !== undefined && day === '2025-06-03') {
    add('demo-hubin-appliances', traveller, 'air_conditioner', 3_999_00, '11:05');
    add('demo-shanzhou-digital', traveller, 'phone', 4_299_00, '17:40');
  }
  // 演示市民 张三 (13800000001) bought a refrigerator and a washing machine at the demo shop.
  const demoCitizen: Buyer = { id: 'demo-citizen', name: '演示市民 张三' };
  if (day === '2025-05-20') add(DEMO_SHOP.id, demoCitizen, 'refrigerator', 4_599_00, '19:30');
  if (day === '2025-06-03') add(DEMO_SHOP.id, demoCitizen, 'washing_machine', 2_699_00, '19:30');
  return sales;
}

export async function playMonth(options: PlayOptions): Promise<MonthSummary> {
  const { tradeIn, actors, merchants, setClock } = options;
  const random = seededRandom(20_250_601);
  const members = await applyMemberships(options);
  const buyers = new BuyerQueue(options.citizens.slice(RESERVED_CITIZENS + 2));
  const sold: SoldItem[] = [];
  let claims = 0;
  let returns = 0;
  let settlements = 0;
  let sequence = 0;
  const traveller = options.citizens[RESERVED_CITIZENS + 1];
  const settlement = new DemoSettlement(options);

  for (const day of days(FIRST_DAY, LAST_DAY)) {
    options.signal?.throwIfAborted();
    settlements += await settlement.morning(day);
    const planned = planDay(day, options, members, random).map((sale) => ({
      ...sale,
      buyer: buyers.take(sale.product.category),
    }));
    planned.push(...specialSales(day, members, traveller));

    // 10:00: the day's release opens and the claims come in, a few seconds apart.
    const codes: { sale: PlannedSale; code: string }[] = [];
    for (const [index, sale] of planned.entries()) {
      setClock(at(day, '10:00') + 1_000 + index * 7_000);
      await breathe();
      const citizen = await actors.of(sale.buyer.id);
      const view = await tradeIn.qualifications.claim(citizen.context(`demo:claim:${day}:${index}`), {
        line: sale.product.line,
        category: sale.product.category,
      });
      claims += 1;
      if (view.code === null) throw new Error('demo seed: a new qualification has no code');
      if (sale.lapses !== true) codes.push({ sale, code: view.code });
    }
    // The day's checkouts in time order.
    codes.sort((a, b) => a.sale.redeemAt - b.sale.redeemAt);
    for (const { sale, code } of codes) {
      setClock(sale.redeemAt);
      await breathe();
      sequence += 1;
      const cashier = await actors.of(`${sale.merchant.id}-cashier`);
      const request: RedemptionRequest = {
        qualificationCode: code,
        merchantId: sale.merchant.id,
        unitId: sale.merchant.unitId,
        product: {
          category: sale.product.category,
          model: sale.model,
          serialNumber: serialOf(sale.product, sequence),
          ...(sale.product.graded ? { efficiencyGrade: random() < 0.7 ? 1 : 2 } : {}),
          finalPriceFen: sale.priceFen,
        },
        invoice: {
          number: `FP${day.replace(/-/g, '')}${String(sequence).padStart(6, '0')}`,
          buyerName: sale.buyer.name,
          amountFen: sale.priceFen,
        },
        ...(sale.deviceId === undefined ? {} : { deviceId: sale.deviceId }),
      };
      const view = await tradeIn.checkout.redeem(cashier.context(`demo:redeem:${sequence}`), request);
      sold.push({ view, merchant: sale.merchant, day, priceFen: sale.priceFen });
    }
    returns += await eveningReturns(options, day, sold, random);
  }
  const listed = merchants.find((merchant) => merchant.id === LISTED_MERCHANT);
  if (listed !== undefined) await listOneMerchant(options, listed.creditCode);
  settlements += await settlement.morning(addDays(LAST_DAY, 1));
  return { claims, redemptions: sold.length, returns, settlements };
}

/** About one sale in forty comes back within five days, a third of them in part. */
async function eveningReturns(
  options: PlayOptions,
  day: string,
  sold: SoldItem[],
  random: () => number,
): Promise<number> {
  let count = 0;
  const candidates = sold.filter(
    (item) => item.day >= addDays(day, -5) && item.day < day && item.view.state !== 'returned',
  );
  for (const [index, item] of candidates.entries()) {
    if (random() >= 0.025 / 5) continue;
    options.setClock(at(day, '20:30') + index * 60_000);
    const staff = await options.actors.of(`${item.merchant.id}-owner`);
    const partial = random() < 0.33;
    const returned = await options.tradeIn.checkout.returnGoods(
      staff.context(`demo:return:${item.view.id}`),
      item.view.id,
      {
        reason: partial ? '部分配件退回（演示）' : '顾客七日无理由退货（演示）',
        ...(partial ? { returnedPriceFen: Math.round((item.priceFen * 0.4) / 100) * 100 } : {}),
      },
    );
    const at_ = sold.indexOf(item);
    sold[at_] = { ...item, view: returned.redemption };
    count += 1;
  }
  // Two returns after the first period was paid, at one shop (the returns-after-settlement flag).
  if (day === '2025-06-11') {
    const paid = sold.filter(
      (item) =>
        item.merchant.id === 'demo-hubin-appliances' &&
        item.day >= '2025-05-27' &&
        item.day <= '2025-05-31' &&
        item.view.state !== 'returned',
    );
    for (const [index, item] of paid.slice(0, 2).entries()) {
      options.setClock(at(day, '20:45') + index * 60_000);
      const staff = await options.actors.of(`${item.merchant.id}-owner`);
      const returned = await options.tradeIn.checkout.returnGoods(
        staff.context(`demo:clawback:${item.view.id}`),
        item.view.id,
        {
          reason: '清算后整机退货（演示）',
        },
      );
      sold[sold.indexOf(item)] = { ...item, view: returned.redemption };
      count += 1;
    }
  }
  return count;
}
