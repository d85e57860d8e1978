/**
 * What the demo's month of trade-in activity is made of (docs/trade-in.md "Demo"): invented merchants in
 * every implementing unit, invented citizens, products with plausible prices, and a seeded random
 * sequence, so that every first start writes the same month. Nothing here is a policy number: the
 * subsidies come from the plan's rules when the sales go through the real checkout.
 */
import { creditCodeCheckCharacter, idNumberCheckCharacter } from '../domain/identity/index.js';
import { imeiFromBody } from '../domain/trade-in/goods.js';
import type { TradeInLine } from '../contract/trade-in.js';

/**
 * Lets waiting requests in between the seed's steps: on SQLite every query shares one connection, whose
 * lock a tight loop of awaits would otherwise take back before any waiting request got it.
 */
export const breathe = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export const at = (day: string, time: string): number => Date.parse(`${day}T${time}:00+08:00`);

/** mulberry32: a small, fast, seeded generator; the same seed gives the same month. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new RangeError('pick from an empty list');
  return item;
}

export interface DemoProduct {
  readonly line: TradeInLine;
  readonly category: string;
  readonly models: readonly string[];
  /** The usual price range in yuan; prices end in 9. */
  readonly lowYuan: number;
  readonly highYuan: number;
  /** Appliances carry an energy/water efficiency grade (1 or 2 are subsidised). */
  readonly graded: boolean;
}

export const DEMO_PRODUCTS: readonly DemoProduct[] = [
  {
    line: 'appliance',
    category: 'air_conditioner',
    models: ['KFR-35GW/A1', 'KFR-26GW/B2', 'KFR-72LW/C1'],
    lowYuan: 2_999,
    highYuan: 4_999,
    graded: true,
  },
  {
    line: 'appliance',
    category: 'refrigerator',
    models: ['BCD-510W', 'BCD-485WS', 'BCD-406WT'],
    lowYuan: 3_499,
    highYuan: 6_999,
    graded: true,
  },
  {
    line: 'appliance',
    category: 'washing_machine',
    models: ['XQG100-V88', 'XQB90-M28', 'XQG120-D36'],
    lowYuan: 1_999,
    highYuan: 3_999,
    graded: true,
  },
  {
    line: 'appliance',
    category: 'tv',
    models: ['65E5', '75T7', '55A6'],
    lowYuan: 2_999,
    highYuan: 6_499,
    graded: true,
  },
  {
    line: 'appliance',
    category: 'water_heater',
    models: ['E60-VN3', 'JSQ30-16'],
    lowYuan: 1_599,
    highYuan: 2_999,
    graded: true,
  },
  {
    line: 'digital',
    category: 'phone',
    models: ['Mate-70', 'X200', 'Find-X8', 'Mi-15'],
    lowYuan: 2_999,
    highYuan: 5_799,
    graded: false,
  },
  {
    line: 'digital',
    category: 'tablet',
    models: ['Pad-11.5', 'Pad-7'],
    lowYuan: 1_799,
    highYuan: 3_299,
    graded: false,
  },
  {
    line: 'digital',
    category: 'smartwatch',
    models: ['Watch-5', 'Watch-S4'],
    lowYuan: 999,
    highYuan: 2_499,
    graded: false,
  },
  {
    line: 'smart_home',
    category: 'smart_lock',
    models: ['Lock-M20', 'Lock-Q50'],
    lowYuan: 1_299,
    highYuan: 2_599,
    graded: false,
  },
  {
    line: 'smart_home',
    category: 'smart_toilet',
    models: ['Toilet-ZS790', 'Toilet-Q9'],
    lowYuan: 2_999,
    highYuan: 4_999,
    graded: false,
  },
];

export function productsOf(line: TradeInLine): DemoProduct[] {
  return DEMO_PRODUCTS.filter((product) => product.line === line);
}

/**
 * A price in fen for a model: each model has its place in the product's range and sells within 7% of
 * it, ending in 9 yuan (so that only the demo's deliberate outliers sit far above a model's median).
 */
export function priceOf(random: () => number, product: DemoProduct, model: string): number {
  const index = Math.max(0, product.models.indexOf(model));
  const base = product.lowYuan + ((product.highYuan - product.lowYuan) * (index + 0.5)) / product.models.length;
  const yuan = Math.floor((base * (0.93 + random() * 0.14)) / 10) * 10 + 9;
  return yuan * 100;
}

/** The region code of a unit, for invented ID numbers and credit codes (zones: the city's own code). */
const REGION: Record<string, string> = {
  hubin: '411202',
  shanzhou: '411203',
  mianchi: '411221',
  lushi: '411224',
  yima: '411281',
  lingbao: '411282',
};
export const regionOf = (unitId: string): string => REGION[unitId] ?? '411200';

/** Short names for ids (merchant and account ids are at most 40 characters). */
const SHORT: Record<string, string> = {
  'urban-rural-demo-zone': 'urz',
  'economic-development-zone': 'edz',
  'modern-services-zone': 'msz',
};
export const shortUnit = (unitId: string): string => SHORT[unitId] ?? unitId;

/** The kinds of store the demo invents per unit: two appliance stores, a phone shop, a smart-home store. */
export const STORE_KINDS: readonly { suffix: string; name: string; lines: readonly TradeInLine[] }[] = [
  { suffix: 'appliances', name: '惠民家电城', lines: ['appliance'] },
  { suffix: 'mall', name: '百货电器商场', lines: ['appliance', 'digital'] },
  { suffix: 'digital', name: '数码通讯广场', lines: ['digital'] },
  { suffix: 'smart-home', name: '智家生活馆', lines: ['smart_home', 'appliance'] },
];

export interface DemoMerchant {
  readonly id: string;
  readonly name: string;
  readonly unitId: string;
  readonly creditCode: string;
  readonly lines: readonly TradeInLine[];
  readonly categories: readonly string[];
  readonly store: string;
  readonly bankAccount: string;
}

/** Check characters of a credit code's organisation part: digits and letters but I, O, S, V, Z. */
const ORG_CHARACTERS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

export function demoCreditCode(region: string, index: number): string {
  let org = '';
  let rest = index;
  for (let position = 0; position < 4; position += 1) {
    org = (ORG_CHARACTERS[rest % ORG_CHARACTERS.length] ?? '0') + org;
    rest = Math.floor(rest / ORG_CHARACTERS.length);
  }
  const body = `91${region}MA47D${org}`;
  return body + creditCodeCheckCharacter(body);
}

export function demoMerchants(units: readonly { id: string; name: string }[]): DemoMerchant[] {
  const merchants: DemoMerchant[] = [];
  units.forEach((unit, unitIndex) => {
    STORE_KINDS.forEach((kind, kindIndex) => {
      const index = unitIndex * STORE_KINDS.length + kindIndex;
      merchants.push({
        id: `demo-${shortUnit(unit.id)}-${kind.suffix}`,
        name: `${unit.name}${kind.name}`,
        unitId: unit.id,
        creditCode: demoCreditCode(regionOf(unit.id), index + 1),
        lines: kind.lines,
        categories: kind.lines.flatMap((line) => productsOf(line).map((product) => product.category)),
        store: `${unit.name}${kind.name}（${unit.name}人民路 ${String(10 + index)} 号）`,
        bankAccount: `62220200${String(10_000_000 + index * 7919).padStart(11, '0')}`,
      });
    });
  });
  return merchants;
}

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎';
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀英',
  '霞',
  '平',
  '刚',
  '桂英',
  '建华',
  '晓东',
  '海燕',
  '文博',
  '子涵',
  '雨桐',
  '浩然',
  '欣怡',
];

export interface DemoCitizen {
  readonly id: string;
  readonly mobile: string;
  readonly name: string;
  readonly idNumber: string;
  readonly bankAccount: string;
  readonly unitId: string;
}

/** The demo's citizens after the first (demo-citizen, 13800000001): 13800000002, 13800000003, … */
export function demoCitizens(count: number, unitIds: readonly string[]): DemoCitizen[] {
  const random = seededRandom(20_250_516);
  const citizens: DemoCitizen[] = [];
  for (let number = 2; number <= count; number += 1) {
    const unitId = unitIds[number % unitIds.length] ?? 'hubin';
    const year = 1950 + Math.floor(random() * 50);
    const month = 1 + Math.floor(random() * 12);
    const day = 1 + Math.floor(random() * 28);
    const body = `${regionOf(unitId)}${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${String(number % 1000).padStart(3, '0')}`;
    const surname = SURNAMES[Math.floor(random() * SURNAMES.length)] ?? '王';
    citizens.push({
      id: `demo-citizen-${String(number).padStart(5, '0')}`,
      mobile: `138${String(number).padStart(8, '0')}`,
      name: surname + pick(random, GIVEN),
      idNumber: body + idNumberCheckCharacter(body),
      bankAccount: `6217${String(number).padStart(15, '0')}`,
      unitId,
    });
  }
  return citizens;
}

/** A serial number (appliances) or a valid IMEI (phones, tablets, watches) that no other sale has. */
export function serialOf(product: DemoProduct, sequence: number): string {
  if (product.line === 'digital') return imeiFromBody(`86${String(sequence).padStart(12, '0')}`);
  return `SN${product.category.slice(0, 3).toUpperCase()}${String(sequence).padStart(9, '0')}`;
}
