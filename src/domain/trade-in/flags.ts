/**
 * Risk flags (issue 11 §6): values shown to settlement reviewers beside a line, never a silent block.
 * Each has a code, a reason in plain words and the evidence rows that raised it. The thresholds are
 * platform settings (what a reviewer's attention is worth), not policy numbers: they are named here
 * with why, and a city may tune them. Pure: the caller reads the rows, this decides.
 */
import type { RiskFlag } from '../../contract/settlement.js';
import { yuan } from '../subsidy/money.js';

/** A price this far above the same model's median is worth a look (Beijing/Hebei 2025: raised prices). */
export const PRICE_ABOVE_MEDIAN_RATIO = 1.3;
/** Fewer earlier sales than this make a median meaningless. */
export const MEDIAN_MIN_SAMPLES = 5;
/** "Just under" a ceiling or at a sweet spot: within this share of it (2%). */
export const BUNCH_BAND_BP = 200;
/** A merchant whose sales sit in the band this often (30% of at least 5 sales) bunches prices there. */
export const BUNCH_SHARE_BP = 3_000;
export const BUNCH_MIN_SALES = 5;
/** One phone, card or device across this many citizens. */
export const SHARED_CONTACT_MIN_CITIZENS = 3;
/** This many qualifications used at one merchant within the window. */
export const BURST_MIN_REDEMPTIONS = 5;
export const BURST_WINDOW_MS = 10 * 60 * 1000;
/** Returns after settlement at one merchant in 90 days. */
export const RETURNS_AFTER_SETTLEMENT_MIN = 2;

export interface FlagSubject {
  readonly id: string;
  readonly line: string;
  readonly category: string;
  readonly model: string;
  readonly merchantId: string;
  readonly citizenId: string;
  readonly unitId: string;
  readonly day: string;
  readonly createdAt: string;
  readonly finalPriceFen: number;
  readonly deviceId: string | null;
}

/** Where the line's prices have a ceiling and a cap: for the bunching checks. */
export interface LineLimits {
  /** digital: 6,000 yuan (price must not exceed it). */
  readonly priceCeilingFen: number | null;
  /** The price at which rate × price reaches the cap: above it the subsidy no longer grows. */
  readonly capSweetSpotsFen: readonly number[];
}

/**
 * Earlier sales of a model in a window, as the price rule reads them: how many, and their median. A
 * summary rather than the prices, so a caller that keeps a window sorted across 100,000 lines
 * (services/settlement/settlement-flags.ts) hands over two numbers instead of a copy of the window.
 */
export interface PriceSample {
  readonly count: number;
  readonly medianFen: number | null;
}

/** The merchant's redemptions within BURST_WINDOW_MS either side of a line: how many, the first and the last (ISO). */
export interface BurstSample {
  readonly count: number;
  readonly first: string;
  readonly last: string;
}

/** A merchant's sales of a line in a window, as the bunching rules read them. */
export interface SalesSample {
  readonly count: number;
  /** How many of them sit in the band just under `edgeFen` (`inBand`). */
  inBandUnder(edgeFen: number): number;
}

export interface FlagContext {
  /** Final prices of the same model sold in the previous 30 days, any merchant (this sale excluded). */
  readonly modelPrices30: PriceSample;
  /** … and in the previous 90 days. */
  readonly modelPrices90: PriceSample;
  /** The merchant's sales of the same line within 30 days either side of this one, this one included. */
  readonly merchantLineSales: SalesSample;
  readonly limits: LineLimits;
  /** Distinct citizens who redeemed on the same device. */
  readonly deviceCitizens: number;
  /** The merchant's redemptions within BURST_WINDOW_MS either side of this one, this one included. */
  readonly merchantBurst: BurstSample;
  /** Returns after settlement at this merchant in the previous 90 days. */
  readonly merchantReturnsAfterSettlement: number;
  /** The units the citizen redeemed in on the same day. */
  readonly citizenUnitsThatDay: readonly string[];
}

export function median(values: readonly number[]): number | null {
  return medianOfSorted([...values].sort((a, b) => a - b));
}

/** The median of prices already in ascending order (the mean of the middle two, rounded half up to the fen). */
export function medianOfSorted(sorted: readonly number[]): number | null {
  if (sorted.length === 0) return null;
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? 0;
  return sorted.length % 2 === 1 ? upper : Math.round(((sorted[middle - 1] ?? 0) + upper) / 2);
}

export function priceSample(prices: readonly number[]): PriceSample {
  return { count: prices.length, medianFen: median(prices) };
}

/** A burst sample of moments (ISO) in any order. */
export function burstSample(instants: readonly string[]): BurstSample {
  const sorted = [...instants].sort();
  return { count: sorted.length, first: sorted[0] ?? '', last: sorted[sorted.length - 1] ?? '' };
}

/** A price "just under" an edge: at most the edge and within BUNCH_BAND_BP of it. */
export function inBand(priceFen: number, edgeFen: number): boolean {
  return priceFen <= edgeFen && priceFen * 10_000 >= edgeFen * (10_000 - BUNCH_BAND_BP);
}

/** A sales sample of a list of final prices (counted on each call: for tests and small lists). */
export function salesSample(prices: readonly number[]): SalesSample {
  return {
    count: prices.length,
    inBandUnder: (edgeFen) => prices.filter((price) => inBand(price, edgeFen)).length,
  };
}

/**
 * What a rule found: its code and the figures behind it, without the words. A settlement stores its
 * lines' findings (a few dozen bytes each; the worded flag with its evidence is ten times that, and a
 * batch of 100,000 lines wrote 41 MB of it) and words them when a reviewer reads the line (`describeFlag`).
 */
export type FlagFinding =
  | {
      readonly code: 'PRICE_ABOVE_MEDIAN';
      readonly days: 30 | 90;
      readonly model: string;
      readonly count: number;
      readonly medianFen: number;
      readonly priceFen: number;
    }
  | {
      readonly code: 'PRICE_BUNCHED_UNDER_CEILING' | 'PRICE_AT_CAP_SWEET_SPOT';
      readonly edgeFen: number;
      readonly priceFen: number;
      readonly bunched: number;
      readonly sales: number;
    }
  | { readonly code: 'SHARED_CONTACT'; readonly deviceId: string; readonly citizens: number }
  | { readonly code: 'BURST_AT_MERCHANT'; readonly count: number; readonly first: string; readonly last: string }
  | { readonly code: 'RETURNS_AFTER_SETTLEMENT'; readonly count: number }
  | { readonly code: 'SEVERAL_UNITS_ONE_DAY'; readonly day: string; readonly units: readonly string[] };

function priceFindings(subject: FlagSubject, context: FlagContext): FlagFinding[] {
  const found: FlagFinding[] = [];
  for (const [days, prices] of [
    [30, context.modelPrices30],
    [90, context.modelPrices90],
  ] as const) {
    const middle = prices.medianFen;
    if (middle === null || prices.count < MEDIAN_MIN_SAMPLES || middle === 0) continue;
    if (subject.finalPriceFen > middle * PRICE_ABOVE_MEDIAN_RATIO) {
      found.push({
        code: 'PRICE_ABOVE_MEDIAN',
        days,
        model: subject.model,
        count: prices.count,
        medianFen: middle,
        priceFen: subject.finalPriceFen,
      });
      break; // the 30-day figure, when it says so, is the sharper evidence
    }
  }
  const sales = context.merchantLineSales;
  const edges: { edgeFen: number; code: 'PRICE_BUNCHED_UNDER_CEILING' | 'PRICE_AT_CAP_SWEET_SPOT' }[] = [
    ...(context.limits.priceCeilingFen === null
      ? []
      : [{ edgeFen: context.limits.priceCeilingFen, code: 'PRICE_BUNCHED_UNDER_CEILING' as const }]),
    ...context.limits.capSweetSpotsFen.map((edgeFen) => ({ edgeFen, code: 'PRICE_AT_CAP_SWEET_SPOT' as const })),
  ];
  for (const { edgeFen, code } of edges) {
    if (!inBand(subject.finalPriceFen, edgeFen) || sales.count < BUNCH_MIN_SALES) continue;
    const bunched = sales.inBandUnder(edgeFen);
    if (bunched * 10_000 < sales.count * BUNCH_SHARE_BP) continue;
    found.push({ code, edgeFen, priceFen: subject.finalPriceFen, bunched, sales: sales.count });
  }
  return found;
}

/** What every rule finds about one line, in the order reviewers read them. */
export function findFlags(subject: FlagSubject, context: FlagContext): FlagFinding[] {
  const found = priceFindings(subject, context);
  if (subject.deviceId !== null && context.deviceCitizens >= SHARED_CONTACT_MIN_CITIZENS) {
    found.push({ code: 'SHARED_CONTACT', deviceId: subject.deviceId, citizens: context.deviceCitizens });
  }
  const burst = context.merchantBurst;
  if (burst.count >= BURST_MIN_REDEMPTIONS) {
    found.push({ code: 'BURST_AT_MERCHANT', count: burst.count, first: burst.first, last: burst.last });
  }
  if (context.merchantReturnsAfterSettlement >= RETURNS_AFTER_SETTLEMENT_MIN) {
    found.push({ code: 'RETURNS_AFTER_SETTLEMENT', count: context.merchantReturnsAfterSettlement });
  }
  const units = [...new Set(context.citizenUnitsThatDay)].sort();
  if (units.length >= 2) found.push({ code: 'SEVERAL_UNITS_ONE_DAY', day: subject.day, units });
  return found;
}

/** A finding in words: the reason in zh-CN and English and the evidence rows, as reviewers see it. */
export function describeFlag(finding: FlagFinding): RiskFlag {
  switch (finding.code) {
    case 'PRICE_ABOVE_MEDIAN': {
      const { days, medianFen, priceFen } = finding;
      const percent = Math.round(((priceFen - medianFen) * 100) / medianFen);
      return {
        code: finding.code,
        reason: `成交价 ${yuan(priceFen)} 元比同型号前 ${days} 天中位价 ${yuan(medianFen)} 元高 ${percent}%`,
        reasonEn: `Final price ${yuan(priceFen)} yuan is ${percent}% above the model's ${days}-day median of ${yuan(medianFen)} yuan`,
        evidence: [
          { label: '型号 model', value: finding.model },
          { label: `前${days}天成交笔数 sales in ${days} days`, value: String(finding.count) },
          { label: '中位价 median (yuan)', value: yuan(medianFen) },
          { label: '本笔成交价 this price (yuan)', value: yuan(priceFen) },
        ],
      };
    }
    case 'PRICE_BUNCHED_UNDER_CEILING':
    case 'PRICE_AT_CAP_SWEET_SPOT': {
      const ceiling = finding.code === 'PRICE_BUNCHED_UNDER_CEILING';
      const words = ceiling ? '限价' : '补贴封顶临界价';
      const { edgeFen, bunched, sales } = finding;
      return {
        code: finding.code,
        reason: `本商户近30天 ${sales} 笔中有 ${bunched} 笔成交价集中在${words} ${yuan(edgeFen)} 元之下 2% 以内`,
        reasonEn: `${bunched} of the merchant's ${sales} sales in 30 days sit within 2% under the ${ceiling ? 'price ceiling' : 'cap sweet spot'} of ${yuan(edgeFen)} yuan`,
        evidence: [
          { label: `${words} edge (yuan)`, value: yuan(edgeFen) },
          { label: '本笔成交价 this price (yuan)', value: yuan(finding.priceFen) },
          { label: '集中笔数 sales in band', value: `${bunched} / ${sales}` },
        ],
      };
    }
    case 'SHARED_CONTACT':
      return {
        code: finding.code,
        reason: `同一设备 ${finding.deviceId} 为 ${finding.citizens} 个不同身份核销补贴`,
        reasonEn: `One device (${finding.deviceId}) redeemed for ${finding.citizens} different identities`,
        evidence: [
          { label: '设备 device', value: finding.deviceId },
          { label: '身份数 identities', value: String(finding.citizens) },
        ],
      };
    case 'BURST_AT_MERCHANT':
      return {
        code: finding.code,
        reason: `本商户在 10 分钟内核销了 ${finding.count} 个补贴资格`,
        reasonEn: `${finding.count} qualifications used at this merchant within 10 minutes`,
        evidence: [
          { label: '首笔 first', value: finding.first },
          { label: '末笔 last', value: finding.last },
          { label: '笔数 count', value: String(finding.count) },
        ],
      };
    case 'RETURNS_AFTER_SETTLEMENT':
      return {
        code: finding.code,
        reason: `本商户近90天有 ${finding.count} 笔清算后退货`,
        reasonEn: `${finding.count} returns after settlement at this merchant in 90 days`,
        evidence: [{ label: '清算后退货 returns after settlement', value: String(finding.count) }],
      };
    case 'SEVERAL_UNITS_ONE_DAY':
      return {
        code: finding.code,
        reason: `同一市民在 ${finding.day} 一天内在 ${finding.units.length} 个县区核销补贴：${finding.units.join('、')}`,
        reasonEn: `The same citizen redeemed in ${finding.units.length} units on ${finding.day}: ${finding.units.join(', ')}`,
        evidence: [
          { label: '日期 day', value: finding.day },
          { label: '县区 units', value: finding.units.join(', ') },
        ],
      };
  }
}

/** Every rule's flags on one line, in words. */
export function riskFlags(subject: FlagSubject, context: FlagContext): RiskFlag[] {
  return findFlags(subject, context).map(describeFlag);
}

/**
 * A settlement line's stored flags in words: findings (stored since 2026-12-04) are worded now, flags
 * stored worded by earlier versions are shown as they were stored.
 */
export function storedFlags(text: string): RiskFlag[] {
  const stored = JSON.parse(text) as readonly (FlagFinding | RiskFlag)[];
  return stored.map((flag) => ('reason' in flag ? flag : describeFlag(flag)));
}
