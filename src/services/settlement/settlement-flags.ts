/**
 * The risk flags of a settlement's lines (issue 11 §6), computed from one read of the look-back window
 * (90 days of redemptions) instead of a query per line. A batch may hold 100,000 lines of one merchant,
 * so nothing here scans the window per line: the rows are grouped and sorted by time once, and each
 * line's evidence (the same model's earlier sales, the merchant's sales of the line within 30 days, its
 * redemptions within the burst window) is a range found by binary search, handed to the rules as a
 * summary (count and median, count in the band under an edge, count and ends) rather than a copy of the
 * range. The rules themselves are pure: domain/trade-in/flags.ts.
 */
import type { SaleRow } from '../../db/settlement-repository.js';
import {
  BURST_WINDOW_MS,
  inBand,
  findFlags,
  medianOfSorted,
  type FlagContext,
  type FlagFinding,
  type PriceSample,
} from '../../domain/trade-in/flags.js';

const DAY_MS = 86_400_000;

/** Sales in time order: moments and prices side by side. */
interface Timeline {
  readonly moments: number[];
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
    out.set(key, { moments: sales.map((sale) => sale.moment), prices: sales.map((sale) => sale.price) });
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
 * The prices of a timeline's range [from, to) kept in ascending order from the previous range asked of
 * the same window: a range that moved forward loses the sales that left it and gains those that came in
 * (binary search), any other range is sorted afresh. The median is then read off the middle, so a line
 * costs the sales that entered or left its window, not a copy and a sort of the window.
 */
class SortedWindow {
  private from = 0;
  private to = 0;
  private sorted: number[] = [];

  constructor(private readonly timeline: Timeline) {}

  sample(from: number, to: number): PriceSample {
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
    return { count: this.sorted.length, medianFen: medianOfSorted(this.sorted) };
  }
}

/**
 * How many of a timeline's sales sit in the band under an edge, for any range: running counts per edge
 * (built once per timeline and edge), so a range's count is a subtraction.
 */
class BandCounts {
  private readonly running = new Map<number, Int32Array>();

  constructor(private readonly timeline: Timeline) {}

  between(from: number, to: number, edgeFen: number): number {
    let counts = this.running.get(edgeFen);
    if (counts === undefined) {
      const { prices } = this.timeline;
      counts = new Int32Array(prices.length + 1);
      for (let index = 0; index < prices.length; index += 1) {
        counts[index + 1] = (counts[index] ?? 0) + (inBand(prices[index] ?? 0, edgeFen) ? 1 : 0);
      }
      this.running.set(edgeFen, counts);
    }
    return (counts[to] ?? 0) - (counts[from] ?? 0);
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

function cached<V>(map: Map<string, V>, key: string, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}

/** What the risk rules find about each queued redemption, from one read of the look-back window. */
export function flagComputer(
  lookBack: readonly SaleRow[],
  clawbackCounts: ReadonlyMap<string, number>,
  limitsOf: (line: string, day: string) => FlagContext['limits'],
): (redemption: SaleRow) => FlagFinding[] {
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
  const empty: Timeline = { moments: [], prices: [] };
  const windows30 = new Map<string, SortedWindow>();
  const windows90 = new Map<string, SortedWindow>();
  const bands = new Map<string, BandCounts>();
  return (redemption) => {
    const sold = Date.parse(redemption.created_at);
    const model = models.get(redemption.model) ?? empty;
    // Earlier sales of the model (strictly before this one) within 30 and 90 days.
    const before = boundOf(model.moments, sold);
    const sample = (windows: Map<string, SortedWindow>, days: number) =>
      cached(windows, redemption.model, () => new SortedWindow(model)).sample(
        boundOf(model.moments, sold - days * DAY_MS),
        before,
      );
    const merchantLine = `${redemption.merchant_id}\u0000${redemption.line}`;
    const sales = merchantLines.get(merchantLine) ?? empty;
    const from = boundOf(sales.moments, sold - 30 * DAY_MS);
    const to = boundOf(sales.moments, sold + 30 * DAY_MS, true);
    const band = cached(bands, merchantLine, () => new BandCounts(sales));
    const { moments } = merchants.get(redemption.merchant_id) ?? empty;
    const burstFrom = boundOf(moments, sold - BURST_WINDOW_MS);
    const burstTo = boundOf(moments, sold + BURST_WINDOW_MS, true);
    const instant = (index: number) => (index < burstTo ? new Date(moments[index] ?? 0).toISOString() : '');
    return findFlags(
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
        modelPrices30: sample(windows30, 30),
        modelPrices90: sample(windows90, 90),
        merchantLineSales: { count: to - from, inBandUnder: (edgeFen) => band.between(from, to, edgeFen) },
        limits: limitsOf(redemption.line, redemption.day),
        deviceCitizens: redemption.device_id === null ? 0 : (byDevice.get(redemption.device_id)?.size ?? 0),
        // In time order: the first and the last are the ends of the range.
        merchantBurst: { count: burstTo - burstFrom, first: instant(burstFrom), last: instant(burstTo - 1) },
        merchantReturnsAfterSettlement: clawbackCounts.get(redemption.merchant_id) ?? 0,
        citizenUnitsThatDay: [...(byCitizenDay.get(`${redemption.citizen_id}\u0000${redemption.day}`) ?? [])],
      },
    );
  };
}
