/**
 * The demo's merchants join the trade-in programme through the real membership service: each applies
 * with its own bank account and its unit's commerce officer decides; one is refused with a reason and
 * reapplies, two applications still wait, and at the end of the month one member is put on the
 * abnormal-operation list (so it shows suspended with its reason).
 */
import type { DemoMerchant } from './demo-activity-data.js';
import { productsOf } from './demo-activity-data.js';
import type { PlayOptions } from './demo-month.js';

/** The demo accounts' own shop (demo-merchant-owner, demo-merchant-cashier), a member of every line. */
export const DEMO_SHOP: DemoMerchant = {
  id: 'demo-merchant',
  name: '演示家电卖场（湖滨店）',
  unitId: 'hubin',
  creditCode: '',
  lines: ['appliance', 'digital', 'smart_home'],
  categories: (['appliance', 'digital', 'smart_home'] as const).flatMap((line) =>
    productsOf(line).map((product) => product.category),
  ),
  store: '演示家电卖场（湖滨区六峰路 1 号）',
  bankAccount: '622202000000000088',
};

/** Applied and not yet decided: the county officer's queue shows them. */
export const PENDING_MERCHANTS = ['demo-yima-mall', 'demo-lingbao-smart-home'];
const REFUSED_FIRST = 'demo-mianchi-smart-home';
export const LISTED_MERCHANT = 'demo-lushi-smart-home';

const officerOf = (unitId: string) => (unitId === 'hubin' ? 'demo-county-officer' : `demo-${unitId}`);
const BANKS = ['中国工商银行三门峡分行', '中国建设银行三门峡分行', '中国农业银行三门峡分行', '三门峡农商银行'];

/** Every merchant applies; returns the approved members (the demo shop first). */
export async function applyMemberships(options: PlayOptions): Promise<DemoMerchant[]> {
  const { tradeIn, actors, setClock } = options;
  const members: DemoMerchant[] = [];
  const all = [DEMO_SHOP, ...options.merchants];
  for (const [index, merchant] of all.entries()) {
    setClock(Date.parse('2025-05-08T01:00:00.000Z') + index * 600_000);
    const owner = await actors.of(`${merchant.id}-owner`);
    const apply = (attempt: number) =>
      tradeIn.memberships.apply(owner.context(`demo:join:${merchant.id}:${attempt}`), {
        merchantId: merchant.id,
        lines: [...merchant.lines],
        units: [merchant.unitId],
        categories: [...merchant.categories],
        stores: [merchant.store],
        bankAccountName: merchant.name,
        bankAccount: merchant.bankAccount,
        bankName: BANKS[index % BANKS.length] ?? BANKS[0] ?? '',
      });
    let application = await apply(1);
    if (PENDING_MERCHANTS.includes(merchant.id)) continue;
    const officer = await actors.of(officerOf(merchant.unitId));
    setClock(Date.parse('2025-05-09T01:30:00.000Z') + index * 600_000);
    if (merchant.id === REFUSED_FIRST) {
      await tradeIn.memberships.decide(officer.context(`demo:refuse:${merchant.id}`), application.id, {
        decision: 'refuse',
        reason: '门店地址与营业执照登记地址不一致，请更正后重新申请',
      });
      setClock(Date.parse('2025-05-12T02:00:00.000Z'));
      application = await apply(2);
      setClock(Date.parse('2025-05-13T02:00:00.000Z'));
    }
    await tradeIn.memberships.decide(officer.context(`demo:approve:${merchant.id}`), application.id, {
      decision: 'approve',
    });
    members.push(merchant);
  }
  return members;
}

/** The last evening of the month: one member found on the abnormal-operation list is suspended. */
export async function listOneMerchant(options: PlayOptions, creditCode: string): Promise<void> {
  options.setClock(Date.parse('2025-06-15T13:30:00.000Z'));
  const commerce = await options.actors.of('demo-department-officer');
  await options.tradeIn.memberships.recordListings(commerce.context('demo:credit-listing'), [
    { creditCode, list: 'abnormal_operation', source: '国家企业信用信息公示系统（演示）', listedOn: '2025-06-15' },
  ]);
}
