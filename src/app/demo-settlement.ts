/**
 * The demo's settlement (清算), through the real settlement service: the second half of May is run on
 * 06-08 and each unit's batches get as far as a real month would get them — 湖滨区 through every stage,
 * paid on 06-10 except one batch whose payment fails (its lines re-queued and run again on 06-12); 陕州区
 * waiting for the city; 渑池县 with a batch rejected at county finance; 卢氏县 with a flagged line held
 * out; the rest still with their county. On the demo's business day, 06-16, June's first week waits.
 */
import type { SettlementView } from '../contract/settlement.js';
import type { PlayOptions } from './demo-month.js';
import { at, breathe } from './demo-activity-data.js';

const countyOfficer = (unitId: string) => (unitId === 'hubin' ? 'demo-county-officer' : `demo-${unitId}`);
const countyFinance = (unitId: string) =>
  unitId === 'hubin' ? 'demo-county-finance-officer' : `demo-${unitId}-finance`;
const CITY_COMMERCE = 'demo-department-officer';
const CITY_FINANCE = 'demo-finance-officer';
/** How many stages each unit's batches pass in the demo (4: paid). */
const STAGES_PASSED: Record<string, number> = { hubin: 4, shanzhou: 2, mianchi: 2, lushi: 1 };
const REJECTED_AT_COUNTY_FINANCE = 'demo-mianchi-smart-home';
const PAYMENT_FAILS = 'demo-hubin-mall';

export class DemoSettlement {
  private firstPeriod: SettlementView[] = [];
  private minute = 0;

  constructor(private readonly options: PlayOptions) {}

  private step(day: string, time: string): void {
    this.minute += 1;
    this.options.setClock(at(day, time) + this.minute * 20_000);
  }

  private async review(batch: SettlementView, accountId: string, day: string, time: string, extra = {}) {
    this.step(day, time);
    await breathe();
    const reviewer = await this.options.actors.of(accountId);
    return this.options.tradeIn.settlements.review(reviewer.context(`demo:review:${batch.id}:${accountId}`), batch.id, {
      decision: 'approve',
      ...extra,
    });
  }

  /** The morning's settlement work before the day's 10:00 release; returns batches created. */
  async morning(day: string): Promise<number> {
    const { tradeIn, actors } = this.options;
    const commerce = await actors.of(CITY_COMMERCE);
    const finance = await actors.of(CITY_FINANCE);
    if (day === '2025-06-08') {
      this.step(day, '08:30');
      const run = await tradeIn.settlements.run(commerce.context('demo:settle:2025-05b'), {
        periodFrom: '2025-05-16',
        periodTo: '2025-05-31',
      });
      this.firstPeriod = run.created;
      for (const batch of this.firstPeriod) {
        const passes = STAGES_PASSED[batch.unitId] ?? 0;
        if (passes >= 1) {
          const holdOut =
            batch.unitId === 'lushi'
              ? (await tradeIn.settlements.get(commerce.context('demo:read'), batch.id)).lines
                  .filter((line) => line.flags.some((flag) => flag.code === 'PRICE_ABOVE_MEDIAN'))
                  .map((line) => ({
                    redemptionId: line.redemptionId,
                    reason: '成交价明显高于同型号中位数，待商户说明',
                  }))
              : [];
          await this.review(batch, countyOfficer(batch.unitId), day, '08:40', holdOut.length > 0 ? { holdOut } : {});
        }
        if (batch.merchantId === REJECTED_AT_COUNTY_FINANCE) {
          await this.review(batch, countyFinance(batch.unitId), day, '09:00', {
            decision: 'reject',
            reason: '两张发票的购买方与系统登记不一致，请县区商务部门核对后重新提交',
          });
        } else if (passes >= 2) {
          await this.review(batch, countyFinance(batch.unitId), day, '09:00');
        }
      }
      return this.firstPeriod.length;
    }
    const paying = this.firstPeriod.filter((batch) => (STAGES_PASSED[batch.unitId] ?? 0) >= 4);
    if (day === '2025-06-09') {
      for (const batch of paying) await this.review(batch, CITY_COMMERCE, day, '08:30');
      for (const batch of paying) await this.review(batch, CITY_FINANCE, day, '09:10');
    }
    if (day === '2025-06-10') {
      for (const [index, batch] of paying.entries()) {
        this.step(day, '09:00');
        const context = finance.context(`demo:pay:${batch.id}`);
        await tradeIn.settlements.payoutFile(context, batch.id, 'csv');
        const fails = batch.merchantId === PAYMENT_FAILS;
        await tradeIn.settlements.paymentResults(context, batch.id, {
          results: [
            {
              reference: batch.reference,
              status: fails ? 'failed' : 'paid',
              amountFen: batch.netFen,
              ...(fails
                ? { failureReason: '收款账户户名与开户名不符（演示）' }
                : { bankReference: `BOC2025061000${String(index + 1).padStart(3, '0')}` }),
            },
          ],
        });
      }
    }
    if (day === '2025-06-12') {
      // The failed payment's lines are back in the queue: the period is run again for 湖滨区.
      this.step(day, '08:30');
      const rerun = await tradeIn.settlements.run(commerce.context('demo:settle:2025-05b:rerun'), {
        periodFrom: '2025-05-16',
        periodTo: '2025-05-31',
        unitId: 'hubin',
      });
      return rerun.created.length;
    }
    if (day === '2025-06-16') {
      this.step(day, '08:30');
      const run = await tradeIn.settlements.run(commerce.context('demo:settle:2025-06a'), {
        periodFrom: '2025-06-01',
        periodTo: '2025-06-15',
      });
      return run.created.length;
    }
    return 0;
  }
}
