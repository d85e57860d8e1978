/**
 * The risk flags of a settlement's lines (issue 11 §6), computed from one read of the look-back window
 * (90 days of redemptions) instead of a query per line. A batch may hold 100,000 lines of one merchant,
 * so nothing here scans the window per line: the rows are grouped and sorted by time once, and each
 * line's evidence (the same model's earlier sales, the merchant's sales of the line within 30 days, its
 * redemptions within the burst window) is a range found by binary search. The merchant's 30-day prices
 * are shared between lines whose range is the same (in one period, most are). The rules themselves are
 * pure: domain/trade-in/flags.ts.
 */
import type { RiskFlag } from '../../contract/settlement.js';
import type { SaleRow } from '../../db/settlement-repository.js';
import { BURST_WINDOW_MS, riskFlags, type FlagContext } from '../../domain/trade-in/flags.js';

const DAY_MS = 86_400_000;

/** Sales in time order: moments, the same as ISO text, and prices side by side. */
interface Timeline {
  readonly moments: number[];
  readonly instants: string[];
  readonly prices: number[];
}

/** The first index whose moment is ≥ `moment` (`strict`: > `moment`). */
function boundOf(moments: readonly number[], moment: number, strict = false): number {
  let low = 0;
  let high = moments.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const value = moments[middle] ?? 0;
    if (value < moment || (strict && value === moment)) low = middle + 1;
    else high = middle;
  }
  return low;
}

function timelines(groups: Map<string, { moment: number; price: number }[]>): Map<string, Timeline> {
  const out = new Map<string, Timeline>();
  for (const [key, sales] of groups) {
    sales.sort((a, b) => a.moment - b.moment);
    out.set(key, {
      moments: sales.map((sale) => sale.moment),
      instants: sales.map((sale) => new Date(sale.moment).toISOString()),
      prices: sales.map((sale) => sale.price),
    });
  }
  return out;
}

/** The first index in ascending `sorted` whose value is ≥ `value`. */
function lowerBound(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] ?? 0) < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * The prices of a timeline's range [from, to) in ascending order, kept from the previous range asked
 * of the same window: a range that moved forward loses the sales that left it and gains those that
 * came in (binary search), any other range is sorted afresh. Ascending prices make the rule's median
 * (which sorts a copy) one pass instead of a sort per line.
 */
class SortedWindow {
  private from = 0;
  private to = 0;
  private sorted: number[] = [];

  constructor(private readonly timeline: Timeline) {}

  range(from: number, to: number): number[] {
    const { prices } = this.timeline;
    if (from >= this.from && to >= this.to && from <= this.to) {
      for (let index = this.from; index < from; index += 1) {
        this.sorted.splice(lowerBound(this.sorted, prices[index] ?? 0), 1);
      }
      for (let index = this.to; index < to; index += 1) {
        const price = prices[index] ?? 0;
        this.sorted.splice(lowerBound(this.sorted, price), 0, price);
      }
    } else {
      this.sorted = prices.slice(from, to).sort((a, b) => a - b);
    }
    this.from = from;
    this.to = to;
    return this.sorted.slice();
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/** Risk flags of each queued redemption from one read of the look-back window. */
export function flagComputer(
  lookBack: readonly SaleRow[],
  clawbackCounts: ReadonlyMap<string, number>,
  limitsOf: (line: string, day: string) => FlagContext['limits'],
): (redemption: SaleRow) => RiskFlag[] {
  const byModel = new Map<string, { moment: number; price: number }[]>();
  const byMerchantLine = new Map<string, { moment: number; price: number }[]>();
  const byDevice = new Map<string, Set<string>>();
  const byMerchant = new Map<string, { moment: number; price: number }[]>();
  const byCitizenDay = new Map<string, Set<string>>();
  for (const row of lookBack) {
    const sale = { moment: Date.parse(row.created_at), price: Number(row.final_price_fen) };
    push(byModel, row.model, sale);
    push(byMerchantLine, `${row.merchant_id}\u0000${row.line}`, sale);
    push(byMerchant, row.merchant_id, sale);
    if (row.device_id !== null) {
      const citizens = byDevice.get(row.device_id) ?? new Set<string>();
      citizens.add(row.citizen_id);
      byDevice.set(row.device_id, citizens);
    }
    const citizenDay = `${row.citizen_id}\u0000${row.day}`;
    const units = byCitizenDay.get(citizenDay) ?? new Set<string>();
    units.add(row.unit_id);
    byCitizenDay.set(citizenDay, units);
  }
  const models = timelines(byModel);
  const merchantLines = timelines(byMerchantLine);
  const merchants = timelines(byMerchant);
  const empty: Timeline = { moments: [], instants: [], prices: [] };
  const windows = new Map<string, SortedWindow>();
  const windowOf = (key: string, timeline: Timeline): SortedWindow => {
    let window = windows.get(key);
    if (window === undefined) {
      window = new SortedWindow(timeline);
      windows.set(key, window);
    }
    return window;
  };
  /** The last range of each merchant and line handed out, and its prices: lines in a row share it. */
  const shared = new Map<string, { from: number; to: number; prices: number[] }>();
  return (redemption) => {
    const sold = Date.parse(redemption.created_at);
    const model = models.get(redemption.model) ?? empty;
    // Earlier sales of the model (strictly before this one) within 30 and 90 days.
    const before = boundOf(model.moments, sold);
    const prices = (days: number) =>
      windowOf(`${days}\u0000${redemption.model}`, model).range(boundOf(model.moments, sold - days * DAY_MS), before);
    const merchantLine = `${redemption.merchant_id}\u0000${redemption.line}`;
    const sales = merchantLines.get(merchantLine) ?? empty;
    const from = boundOf(sales.moments, sold - 30 * DAY_MS);
    const to = boundOf(sales.moments, sold + 30 * DAY_MS, true);
    let range = shared.get(merchantLine);
    if (range === undefined || range.from !== from || range.to !== to) {
      range = { from, to, prices: sales.prices.slice(from, to) };
      shared.set(merchantLine, range);
    }
    const { moments, instants } = merchants.get(redemption.merchant_id) ?? empty;
    // In time order, so the rule's sort of them is one pass.
    const burst = instants.slice(
      boundOf(moments, sold - BURST_WINDOW_MS),
      boundOf(moments, sold + BURST_WINDOW_MS, true),
    );
    return riskFlags(
      {
        id: redemption.id,
        line: redemption.line,
        category: redemption.category,
        model: redemption.model,
        merchantId: redemption.merchant_id,
        citizenId: redemption.citizen_id,
        unitId: redemption.unit_id,
        day: redemption.day,
        createdAt: redemption.created_at,
        finalPriceFen: Number(redemption.final_price_fen),
        deviceId: redemption.device_id,
      },
      {
        modelPrices30: prices(30),
        modelPrices90: prices(90),
        merchantLinePrices: range.prices,
        limits: limitsOf(redemption.line, redemption.day),
        deviceCitizens: redemption.device_id === null ? 0 : (byDevice.get(redemption.device_id)?.size ?? 0),
        merchantBurst: burst,
        merchantReturnsAfterSettlement: clawbackCounts.get(redemption.merchant_id) ?? 0,
        citizenUnitsThatDay: [...(byCitizenDay.get(`${redemption.citizen_id}\u0000${redemption.day}`) ?? [])],
      },
    );
  };
}
