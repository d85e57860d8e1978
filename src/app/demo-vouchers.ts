/**
 * Demo mode's consumption vouchers (issue 13 §7, docs/vouchers.md "Demo"): the city's voucher pool
 * (`voucher.city.city`, measure 11's dining vouchers) and the city trade-union federation's own pool
 * (`voucher.city.union`, measure 24), funded; the city campaign 三门峡市餐饮消费券 whose first round, released ten
 * days ago, was claimed and partly redeemed at the demo merchants, ended and expired — its unspent whole packs
 * re-released into the second round, open since yesterday — and the union's campaign with one open round. Everything goes
 * through the real voucher services (limits, holds, redemption, expiry and re-release, all audited) on a clock set
 * back, so the dashboard has figures on first start. Written once.
 */
import type { CampaignInput } from '../contract/vouchers.js';
import type { DemoCitizen, DemoMerchant } from './demo-activity-data.js';
import { breathe } from './demo-activity-data.js';
import type { DemoActors } from './demo-actors.js';
import type { Application } from './compose.js';
import { VoucherRedemptions } from '../services/vouchers/voucher-redemptions.js';
import { VoucherRounds } from '../services/vouchers/voucher-rounds.js';
import { VoucherService } from '../services/vouchers/voucher-service.js';
import { AppError } from '../shared/errors.js';

const DAY = 86_400_000;
const CITY_VOUCHER_YUAN = 2_000_000;
const UNION_VOUCHER_YUAN = 300_000;
const CATEGORIES = ['dining', 'dining', 'dining', 'retail', 'culture', 'tourism'] as const;

/** 满50减10 ×2, 满100减20, 满200减50: 90 yuan a pack. */
const CITY_PACK: CampaignInput['packs'] = [
  { faceFen: 1000, thresholdFen: 5000, count: 2 },
  { faceFen: 2000, thresholdFen: 10_000, count: 1 },
  { faceFen: 5000, thresholdFen: 20_000, count: 1 },
];

export interface DemoVoucherSummary {
  readonly campaigns: number;
  readonly packs: number;
  readonly redemptions: number;
}

/** A deterministic sequence in [0, 1) (the demo is the same on every first start). */
function sequence(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

export async function seedDemoVouchers(
  application: Application,
  actors: DemoActors,
  citizens: readonly DemoCitizen[],
  merchants: readonly DemoMerchant[],
): Promise<DemoVoucherSummary> {
  const base = application.services.vouchers.vouchers;
  const { budget } = application.services;
  const existing = await application.services.database.db
    .selectFrom('voucher_campaigns')
    .select('id')
    .limit(1)
    .executeTakeFirst();
  if (existing !== undefined) return { campaigns: 0, packs: 0, redemptions: 0 };
  const today = base.options.now().getTime();
  let clock = today;
  const vouchers = new VoucherService({ ...base.options, now: () => new Date(clock) });
  const redemptions = new VoucherRedemptions(vouchers);
  const rounds = new VoucherRounds(vouchers);
  const finance = await actors.of('demo-finance-officer');
  const context = (step: string) => finance.context(`demo:vouchers:${step}`);

  const pools: Record<'city' | 'union', string> = { city: '', union: '' };
  for (const [source, yuan] of [
    ['city', CITY_VOUCHER_YUAN],
    ['union', UNION_VOUCHER_YUAN],
  ] as const) {
    const { pool } = await budget.createPool(context(`pool:${source}`), { line: 'voucher', unitId: 'city', source });
    await budget.fund(context(`fund:${source}`), pool.id, {
      amountFen: yuan * 100,
      idempotencyKey: `demo-fund-${pool.id}`,
      reference: source === 'city' ? '演示资金：市级消费券（措施11）' : '演示资金：市总工会职工消费券（措施24）',
    });
    pools[source] = pool.id;
  }

  // Ten days ago at 10:00 (Asia/Shanghai) the first round went out; the second opens today at 10:00.
  const chinaMidnight = (moment: number) => Math.floor((moment + 8 * 3600_000) / DAY) * DAY - 8 * 3600_000;
  const tenAm = (daysAgo: number) => chinaMidnight(today) - daysAgo * DAY + 10 * 3600_000;
  clock = tenAm(11);
  const city = await vouchers.createCampaign(context('campaign:city'), {
    name: '三门峡市餐饮消费券',
    funder: { kind: 'city', poolId: pools.city },
    categories: [],
    excludedCategories: ['pharmacy', 'fuel', 'appliance'],
    units: [],
    packs: CITY_PACK,
    limits: { perRound: { maxPacks: 1 }, perCampaign: { maxPacks: 2 } },
    rollover: true,
  });
  const first = await vouchers.createRound(context('round:1'), city.id, {
    releaseAt: new Date(tenAm(10)).toISOString(),
    quantity: 80,
    validDays: 7,
    mode: 'first_come',
  });
  const second = await vouchers.createRound(context('round:2'), city.id, {
    releaseAt: new Date(tenAm(1)).toISOString(),
    quantity: 60,
    validDays: 10,
    mode: 'first_come',
  });

  const random = sequence(2025_0616);
  const claimants = citizens.slice(0, 64);
  let packs = 0;
  let redeemed = 0;
  const claimAndSpend = async (roundId: string, people: readonly DemoCitizen[], daysAgo: number, share: number) => {
    for (const [index, citizen] of people.entries()) {
      await breathe();
      clock = Math.min(tenAm(daysAgo) + index * 41_000, today - 60_000);
      const actor = await actors.of(citizen.id);
      let pack;
      try {
        pack = await vouchers.claim(actor.context(`demo:vouchers:claim:${roundId}:${citizen.id}`), roundId);
      } catch (error) {
        if (error instanceof AppError) continue;
        throw error;
      }
      packs += 1;
      for (const [n, voucher] of pack.vouchers.entries()) {
        if (random() > share) continue;
        const merchant = merchants[Math.floor(random() * merchants.length)] ?? merchants[0];
        if (merchant === undefined) continue;
        // Bills from just over the threshold to three times it (bunched at thresholds, as real bills are).
        const spread = random();
        const billFen =
          voucher.thresholdFen === 0
            ? 3000 + Math.floor(spread * 5000)
            : voucher.thresholdFen +
              (spread < 0.35 ? Math.floor(spread * 300) : Math.floor(spread * 2 * voucher.thresholdFen));
        clock = Math.min(
          tenAm(daysAgo) + index * 41_000 + (n + 1) * 3 * 3600_000 + Math.floor(random() * DAY),
          today - 30_000,
        );
        const cashier = await actors.of(`${merchant.id}-cashier`);
        await redemptions.redeem(cashier.context(`demo:vouchers:redeem:${voucher.code}`), {
          voucherCode: voucher.code,
          billFen,
          category: CATEGORIES[Math.floor(random() * CATEGORIES.length)] ?? 'dining',
        });
        redeemed += 1;
      }
    }
  };
  // Round 1: 64 of its 80 packs claimed over its first days, most vouchers spent; it ended three days ago.
  await claimAndSpend(first.id, claimants, 10, 0.7);
  clock = Date.parse(first.endsAt) + 3600_000;
  await rounds.expire(context('expire:1'), first.id);
  // Round 2 (with round 1's re-released packs) opened yesterday: the first claims are in.
  await claimAndSpend(second.id, citizens.slice(64, 90), 1, 0.3);
  const demoCitizen = await actors.of('demo-citizen');
  clock = today;
  try {
    await vouchers.claim(demoCitizen.context('demo:vouchers:claim:demo-citizen'), second.id);
    packs += 1;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
  }

  // The city trade-union federation's own campaign: 100 yuan in two vouchers, one open round.
  clock = tenAm(3);
  const union = await vouchers.createCampaign(context('campaign:union'), {
    name: '市总工会职工消费券',
    funder: { kind: 'union', poolId: pools.union, unionName: '三门峡市总工会', creditCode: '81411200MC1234567A' },
    categories: [],
    excludedCategories: ['pharmacy', 'fuel'],
    units: [],
    packs: [{ faceFen: 5000, thresholdFen: 20_000, count: 2 }],
    limits: { perRound: { maxPacks: 1 } },
  });
  const unionRound = await vouchers.createRound(context('round:union'), union.id, {
    releaseAt: new Date(tenAm(2)).toISOString(),
    quantity: 200,
    validDays: 30,
    mode: 'first_come',
  });
  await claimAndSpend(unionRound.id, citizens.slice(90, 120), 2, 0.4);
  return { campaigns: 2, packs, redemptions: redeemed };
}
