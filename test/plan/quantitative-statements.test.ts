/**
 * The Sanmenxia 2025 plan as data, checked against its source text.
 *
 * The tables below were written by reading sources/plan.txt, independently of the YAML files: one
 * row per number-bearing statement of the measures (QUANTITIES), and one row per number-like word
 * that is deliberately not data (NOT_QUANTITIES: names, ordinals, programme titles). The tests
 * check that every row is encoded with the right value and unit, that every target and parameter
 * in the files is accounted for by a row, that every quote is the source's exact words, and that no
 * number in any measure's text escapes both tables.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MeasureUnit, Parameter, PlanDocument, PlanMeasure, Target } from '../../src/domain/plan/schema.js';
import { loadPlanDirectory } from '../../src/services/plan/plan-files.js';

const POLICY_DIR = fileURLToPath(new URL('../../policies/sanmenxia-2025/', import.meta.url));
const PLAN_TEXT = readFileSync(`${POLICY_DIR}sources/plan.txt`, 'utf8');
const REFERENCE_TEXT = readFileSync(`${POLICY_DIR}sources/reference.md`, 'utf8');

interface QuantityRow {
  readonly measure: number;
  /** Exact words of the measure's text that carry the number. */
  readonly quote: string;
  readonly expect: { readonly kind: 'target' | 'parameter'; readonly value: number; readonly unit: MeasureUnit };
}

interface NotQuantityRow {
  /** null: outside the measures (preamble). */
  readonly measure: number | null;
  readonly quote: string;
  readonly reason: string;
}

const target = (value: number, unit: MeasureUnit) => ({ kind: 'target', value, unit }) as const;
const parameter = (value: number, unit: MeasureUnit) => ({ kind: 'parameter', value, unit }) as const;

/** Every quantitative statement of the 26 measures. Money in fen, rates in basis points. */
const QUANTITIES: readonly QuantityRow[] = [
  // （一）推动高质量充分就业
  { measure: 1, quote: '2025年开展职业技能培训4万人次以上', expect: target(40_000, 'person_time') },
  { measure: 1, quote: '新增高技能人才（取证）1.4万人以上', expect: target(14_000, 'person') },
  // （二）促进居民收入增长
  { measure: 2, quote: '2025年最低工资标准增幅不低于5%', expect: parameter(500, 'bp') },
  // （四）减轻居民消费负担
  { measure: 4, quote: '2025年实现二、三级公立综合医院儿科服务全覆盖', expect: target(100, 'percent') },
  {
    measure: 4,
    quote: '2025年普通高中国家助学金、中等职业学校国家助学金平均资助标准提高到每生每年2300元',
    expect: parameter(230_000, 'fen'),
  },
  // （六）加力推进以旧换新
  {
    measure: 6,
    quote: '2025年报废符合条件的旧乘用车并购买新能源乘用车最高补贴2万元',
    expect: parameter(2_000_000, 'fen'),
  },
  { measure: 6, quote: '燃油乘用车最高补贴1.5万元', expect: parameter(1_500_000, 'fen') },
  { measure: 6, quote: '转让旧车并购买新能源乘用车最高补贴1.5万元', expect: parameter(1_500_000, 'fen') },
  { measure: 6, quote: '燃油乘用车最高补贴1.3万元', expect: parameter(1_300_000, 'fen') },
  { measure: 6, quote: '增加微波炉、净水器、洗碗机、电饭煲等4类家电', expect: parameter(4, 'category') },
  {
    measure: 6,
    quote: '1级、2级能效或水效标准产品分别按最终销售价格的20%、15%给予补贴',
    expect: parameter(2000, 'bp'),
  },
  {
    measure: 6,
    quote: '1级、2级能效或水效标准产品分别按最终销售价格的20%、15%给予补贴',
    expect: parameter(1500, 'bp'),
  },
  { measure: 6, quote: '最高补贴2000元', expect: parameter(200_000, 'fen') },
  { measure: 6, quote: '等家居产品按最终销售价格的15%给予补贴', expect: parameter(1500, 'bp') },
  { measure: 6, quote: '每件最高补贴1500元', expect: parameter(150_000, 'fen') },
  { measure: 6, quote: '等3类数码产品', expect: parameter(3, 'category') },
  { measure: 6, quote: '数码产品按最终销售价格的15%给予补贴', expect: parameter(1500, 'bp') },
  { measure: 6, quote: '每件最高补贴500元', expect: parameter(50_000, 'fen') },
  { measure: 6, quote: '按适老化改造产品总费用的30%给予补贴', expect: parameter(3000, 'bp') },
  { measure: 6, quote: '每房最高补贴1.2万元', expect: parameter(1_200_000, 'fen') },
  { measure: 6, quote: '交售报废老旧电动自行车并换购合格新车的，最高补贴500元', expect: parameter(50_000, 'fen') },
  { measure: 6, quote: '2025年力争完成汽车报废和置换更新6000辆左右', expect: target(6000, 'vehicle') },
  { measure: 6, quote: '家电产品以旧换新15万台以上', expect: target(150_000, 'appliance_item') },
  // （七）提振汽车消费
  { measure: 7, quote: '2025年新建公共充电桩300万个以上', expect: target(3_000_000, 'facility') },
  { measure: 7, quote: '高速公路服务区充电车位增加15%以上', expect: target(15, 'percent') },
  // （八）稳定住房消费
  { measure: 8, quote: '可提高20%的贷款额度', expect: parameter(2000, 'bp') },
  // （九）提升托育消费
  { measure: 9, quote: '开设托班招收2—3岁幼儿', expect: parameter(2, 'year_of_age') },
  { measure: 9, quote: '开设托班招收2—3岁幼儿', expect: parameter(3, 'year_of_age') },
  { measure: 9, quote: '2025年力争每个县（市、区）建成1家以上普惠性托育机构', expect: target(1, 'institution') },
  { measure: 9, quote: '全市千人口托位数达到4.8个', expect: target(4.8, 'per_thousand_people') },
  // （十）扩大养老消费
  { measure: 10, quote: '到2025年年底，提升100家县级养老机构服务水平', expect: target(100, 'institution') },
  { measure: 10, quote: '实现1000个以上乡镇敬老院转型为区域养老服务中心', expect: target(1000, 'institution') },
  { measure: 10, quote: '建成1000个村级标准化养老服务站点', expect: target(1000, 'facility') },
  { measure: 10, quote: '2025年推动15个乡镇敬老院转型为区域养老服务中心', expect: target(15, 'institution') },
  { measure: 10, quote: '完成 450户老年人家庭适老化改造', expect: target(450, 'household') },
  // （十一）促进生活消费
  { measure: 11, quote: '2025年新增或改造提升医养结合床位200张', expect: target(200, 'bed') },
  { measure: 11, quote: '“15分钟、5—10分钟”两级社区生活圈标准', expect: parameter(15, 'minute') },
  { measure: 11, quote: '“15分钟、5—10分钟”两级社区生活圈标准', expect: parameter(5, 'minute') },
  { measure: 11, quote: '“15分钟、5—10分钟”两级社区生活圈标准', expect: parameter(10, 'minute') },
  { measure: 11, quote: '夜间24小时“不打烊”店', expect: parameter(24, 'hour') },
  // （十二）壮大文旅消费
  { measure: 12, quote: '四大主导工程', expect: target(4, 'project') },
  // （十三）做大体育消费
  { measure: 13, quote: '2025年建设不少于3个满足全龄段人群需求的多功能运动场', expect: target(3, 'facility') },
  { measure: 13, quote: '推动7个公共体育场馆向社会免费或低收费开放', expect: target(7, 'facility') },
  // （十七）发展低空消费: one named route, no numeral in the text
  { measure: 17, quote: '力争2025年开通“瞰黄河、游大坝、赏天鹅”主题线路', expect: target(1, 'line') },
  // （十八）畅通商贸流通
  { measure: 18, quote: '2025年新、改建农村公路300公里以上', expect: target(300, 'km') },
  { measure: 18, quote: '物流快递服务点110个以上', expect: target(110, 'facility') },
  { measure: 18, quote: '新增客货邮融合线路11条以上', expect: target(11, 'line') },
  // （十九）推动下乡进城
  { measure: 19, quote: '乡村商贸流通服务业5大产业集群', expect: target(5, 'cluster') },
  { measure: 19, quote: '食用菌等13条乡村富民产业链', expect: target(13, 'chain') },
  // （二十）做优品牌消费
  { measure: 20, quote: '数量保持在55个以上', expect: target(55, 'brand') },
  { measure: 20, quote: '绿色优质农产品总数达150个', expect: target(150, 'product') },
  { measure: 20, quote: '按照实际发生费用的30%给予补贴', expect: parameter(3000, 'bp') },
  { measure: 20, quote: '单个主体年度补贴金额不超过100万元', expect: parameter(100_000_000, 'fen') },
  { measure: 20, quote: '培育5个“小而美”电商品牌', expect: target(5, 'brand') },
  // （二十一）创新消费载体
  { measure: 21, quote: '美道家实业有限公司投资10亿元', expect: target(100_000_000_000, 'fen') },
  // （二十四）营造贴心氛围
  { measure: 24, quote: '按每年每人不超过500元的标准发放工会消费券', expect: parameter(50_000, 'fen') },
  // （二十六）强化配套保障: a milestone, 第一批 is ordinal
  { measure: 26, quote: '2025年落地实施第一批跨部门综合监管重点事项', expect: target(1, 'project') },
];

/** Number-like words that are names, ordinals or titles, not quantities of the plan. */
const NOT_QUANTITIES: readonly NotQuantityRow[] = [
  { measure: null, quote: '党的二十大', reason: 'name of the 20th National Congress of the CPC (preamble)' },
  { measure: null, quote: '二十届二中、三中全会', reason: 'names of plenary sessions (preamble)' },
  { measure: 1, quote: '“1131”服务', reason: 'name of the service for graduates still without a job; not a count' },
  { measure: 3, quote: '“二仙坡”苹果', reason: 'brand name' },
  { measure: 5, quote: '第三支柱养老保险', reason: 'name of a pension pillar (ordinal)' },
  {
    measure: 11,
    quote: '一刻钟便民生活圈',
    reason: 'programme name; the walking time it implies is the 15-minute life-circle parameter',
  },
  { measure: 11, quote: '一刻钟便民生活节', reason: 'name of an activity' },
  { measure: 12, quote: '“四季河南”主题活动', reason: 'name of a provincial campaign' },
  { measure: 13, quote: '“三山同登”群众登山健身大会', reason: 'name of an event' },
  { measure: 13, quote: '“万村千乡”农民篮球赛', reason: 'name of an event' },
  { measure: 14, quote: '1957文化街区', reason: 'name of a street quarter; the year is part of the name' },
  { measure: 15, quote: '“626中国服装品牌直播季”', reason: 'name of a campaign (26 June)' },
  {
    measure: 16,
    quote: '“百大标识”数字化提升项目',
    reason: 'name of a provincial programme; its 100 are not a city target',
  },
  { measure: 16, quote: '5G+AR/VR技术', reason: 'technology names' },
  { measure: 18, quote: '“一点多能”', reason: 'name of the service-point model (one point, many functions)' },
  {
    measure: 19,
    quote: '“832平台”',
    reason: 'name of the national sales platform for produce of poverty-relief areas',
  },
  { measure: 19, quote: '“四季助农”活动', reason: 'name of an activity' },
  { measure: 21, quote: '文博城“逢二集会”', reason: 'name of a market (held on dates with a 2)' },
  { measure: 21, quote: '黄北六街坊特色商业街区项目', reason: 'name of a project' },
  { measure: 21, quote: '“一店一策”', reason: 'policy phrase (one plan per store)' },
  {
    measure: 23,
    quote: '优化消费环境三年行动',
    reason: 'title of the national three-year action; its duration is not a city rule',
  },
  { measure: 26, quote: '“三单融合”', reason: 'name of a supervision reform' },
  { measure: 26, quote: '“双随机、一公开”', reason: 'name of the random-inspection regime' },
  { measure: 26, quote: '贸易“三新”统计', reason: 'name of a statistics programme' },
];

/** A Chinese numeral followed by a counting word: 四大, 三年, 两级, 千人 … */
const CHINESE_QUANTITY =
  /[一二三四五六七八九十两百千万亿]+(?:个|家|条|类|大|项|张|户|台|辆|所|座|级|年|人|元|届|倍|次|种|期|轮)/gu;
/** 一批 ("a number of") never states a count; it is left out of the coverage check on purpose. */
const ARABIC_QUANTITY = /\d+(?:\.\d+)?/gu;

const NUMERALS = [
  '一',
  '二',
  '三',
  '四',
  '五',
  '六',
  '七',
  '八',
  '九',
  '十',
  '十一',
  '十二',
  '十三',
  '十四',
  '十五',
  '十六',
  '十七',
  '十八',
  '十九',
  '二十',
  '二十一',
  '二十二',
  '二十三',
  '二十四',
  '二十五',
  '二十六',
];

/** Measures of each action, by the plan's headings 一、…八、. */
const ACTION_MEASURES: Record<number, number[]> = {
  1: [1, 2, 3, 4, 5],
  2: [6, 7, 8],
  3: [9, 10, 11],
  4: [12, 13, 14],
  5: [15, 16, 17],
  6: [18, 19],
  7: [20, 21, 22],
  8: [23, 24, 25, 26],
};

const COUNTY_LEVEL: Record<string, { regionCode: string; kind: string }> = {
  湖滨区: { regionCode: '411202', kind: 'district' },
  陕州区: { regionCode: '411203', kind: 'district' },
  渑池县: { regionCode: '411221', kind: 'county' },
  卢氏县: { regionCode: '411224', kind: 'county' },
  义马市: { regionCode: '411281', kind: 'county_city' },
  灵宝市: { regionCode: '411282', kind: 'county_city' },
};
const ZONES = ['城乡一体化示范区', '经济开发区', '现代服务业开发区'];

type Encoded = (Target & { kind: 'target' }) | (Parameter & { kind: 'parameter' });

function encodedOf(measure: PlanMeasure): Encoded[] {
  return [
    ...measure.targets.map((item) => ({ ...item, kind: 'target' as const })),
    ...measure.parameters.map((item) => ({ ...item, kind: 'parameter' as const })),
  ];
}

function quotesOverlap(a: string | undefined, b: string): boolean {
  return a !== undefined && (a.includes(b) || b.includes(a));
}

function matches(row: QuantityRow, item: Encoded): boolean {
  return (
    item.kind === row.expect.kind &&
    quotesOverlap(item.quote, row.quote) &&
    item.value === row.expect.value &&
    item.unit === row.expect.unit
  );
}

/** Every [start, end) span where `needle` occurs in `haystack`. */
function spans(haystack: string, needle: string): [number, number][] {
  const found: [number, number][] = [];
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1)) {
    found.push([at, at + needle.length]);
  }
  return found;
}

/** The names in a bracketed list: （市商务局、发展改革委…按职责分工负责…） → [市商务局, 发展改革委, …]. */
function bracketNames(departmentsQuote: string): string[] {
  const end = departmentsQuote.indexOf('按职责分工负责');
  return departmentsQuote.slice(1, end === -1 ? -1 : end).split('、');
}

let plan: PlanDocument;

beforeAll(async () => {
  plan = await loadPlanDirectory(POLICY_DIR);
});

function measureNumbered(number: number): PlanMeasure {
  const found = plan.measures.find((measure) => measure.number === number);
  if (found === undefined) throw new Error(`measure ${number} is missing`);
  return found;
}

describe('plan metadata', () => {
  it('names the exact source text it was encoded from', () => {
    const digest = createHash('sha256')
      .update(readFileSync(`${POLICY_DIR}${plan.metadata.source.file}`))
      .digest('hex');
    expect(plan.metadata.source.sha256).toBe(digest);
    expect(plan.metadata.code).toBe('sanmenxia-2025');
    expect(plan.metadata.regionCode).toBe('411200');
    expect(plan.metadata.status).toBe('draft');
  });

  it('quotes the preamble, the closing paragraph and the default-units sentence verbatim', () => {
    const lines = PLAN_TEXT.split('\n').map((line) => line.trimEnd());
    expect(lines).toContain(plan.metadata.preamble);
    expect(lines).toContain(plan.metadata.closing);
    expect(plan.metadata.defaultUnitsQuote.startsWith('以下均需')).toBe(true);
    expect(measureNumbered(1).departmentsQuote).toContain(plan.metadata.defaultUnitsQuote);
  });
});

describe('measures', () => {
  it('are the 26 measures of the 8 actions, numbered 1..26', () => {
    expect(plan.measures.map((measure) => measure.number)).toEqual(Array.from({ length: 26 }, (_, index) => index + 1));
    expect(plan.actions.map((action) => action.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    for (const action of plan.actions) {
      expect(action.measureNumbers, `action ${action.number}`).toEqual(ACTION_MEASURES[action.number]);
      expect(PLAN_TEXT, `action ${action.number} title`).toContain(`${NUMERALS[action.number - 1]}、${action.title}\n`);
    }
  });

  it.each(Array.from({ length: 26 }, (_, index) => index + 1))(
    'measure %i rebuilds its paragraph of the source exactly',
    (number) => {
      const measure = measureNumbered(number);
      expect(PLAN_TEXT).toContain(measure.text);
      expect(PLAN_TEXT).toContain(measure.departmentsQuote);
      const paragraph = `（${NUMERALS[number - 1]}）${measure.title}。${measure.text}${measure.departmentsQuote}`;
      expect(PLAN_TEXT.split('\n').map((line) => line.trimEnd())).toContain(paragraph);
      expect(measure.departmentsQuote.startsWith('（')).toBe(true);
      expect(measure.departmentsQuote.endsWith('）')).toBe(true);
      expect(measure.units).toBe('all');
    },
  );
});

describe('the table of quantitative statements', () => {
  it('quotes each statement from its own measure', () => {
    for (const row of QUANTITIES) {
      expect(measureNumbered(row.measure).text, `measure ${row.measure}: ${row.quote}`).toContain(row.quote);
    }
  });

  it('finds every statement encoded with the same value and unit', () => {
    const missing = QUANTITIES.filter(
      (row) => !encodedOf(measureNumbered(row.measure)).some((item) => matches(row, item)),
    );
    expect(missing).toEqual([]);
  });

  it('accounts for every target and parameter in the files', () => {
    const unclaimed = plan.measures.flatMap((measure) =>
      encodedOf(measure)
        .filter((item) => !QUANTITIES.some((row) => row.measure === measure.number && matches(row, item)))
        .map((item) => `measure ${measure.number}: ${item.kind} ${item.id}`),
    );
    expect(unclaimed).toEqual([]);
  });

  it('lists the words that are not quantities, each present where the table says', () => {
    for (const row of NOT_QUANTITIES) {
      expect(row.reason.length).toBeGreaterThan(0);
      const where = row.measure === null ? PLAN_TEXT : measureNumbered(row.measure).text;
      expect(where, row.quote).toContain(row.quote);
    }
  });

  it('leaves no number in any measure outside both tables', () => {
    const uncovered: string[] = [];
    for (const measure of plan.measures) {
      const quotes = [...QUANTITIES, ...NOT_QUANTITIES]
        .filter((row) => row.measure === measure.number)
        .map((row) => row.quote);
      const covered = quotes.flatMap((quote) => spans(measure.text, quote));
      for (const pattern of [ARABIC_QUANTITY, CHINESE_QUANTITY]) {
        for (const match of measure.text.matchAll(pattern)) {
          const start = match.index;
          const end = start + match[0].length;
          if (!covered.some(([from, to]) => from <= start && end <= to)) {
            uncovered.push(
              `measure ${measure.number}: “${match[0]}” in …${measure.text.slice(Math.max(0, start - 10), end + 10)}…`,
            );
          }
        }
      }
    }
    expect(uncovered).toEqual([]);
  });
});

describe('quotes', () => {
  it('of plan targets and parameters are exact words of their measure', () => {
    for (const measure of plan.measures) {
      for (const item of encodedOf(measure)) {
        expect(item.quote, `${item.kind} ${item.id}`).toBeDefined();
        if (item.kind === 'parameter') expect(item.source, item.id).toBe('plan');
        expect(measure.text, `${item.kind} ${item.id}`).toContain(item.quote);
      }
    }
  });

  it('of implicit parameters are exact words of the reference rules', () => {
    expect(plan.implicitParameters.length).toBeGreaterThan(0);
    for (const item of plan.implicitParameters) {
      expect(['national', 'henan'], item.id).toContain(item.source);
      expect(item.quote, item.id).toBeDefined();
      expect(REFERENCE_TEXT, item.id).toContain(item.quote);
    }
  });
});

describe('departments', () => {
  it('resolve every name of every bracketed list, and match the measure’s department ids', () => {
    const byName = new Map<string, string>();
    for (const department of plan.departments) {
      for (const name of [department.shortName, ...department.aliases]) {
        const other = byName.get(name);
        expect(other === undefined || other === department.id, `${name} names two departments`).toBe(true);
        byName.set(name, department.id);
      }
    }
    for (const measure of plan.measures) {
      const names = bracketNames(measure.departmentsQuote);
      const unresolved = names.filter((name) => !byName.has(name));
      expect(unresolved, `measure ${measure.number}`).toEqual([]);
      expect(measure.departments, `measure ${measure.number}`).toEqual(names.map((name) => byName.get(name)));
    }
  });

  it('are each named by at least one measure, and target departments belong to their measure', () => {
    const used = new Set(plan.measures.flatMap((measure) => measure.departments));
    expect(
      plan.departments.filter((department) => !used.has(department.id)).map((department) => department.id),
    ).toEqual([]);
    for (const measure of plan.measures) {
      for (const item of measure.targets) {
        for (const id of item.departments) expect(measure.departments, `${item.id}: ${id}`).toContain(id);
      }
    }
  });
});

describe('implementing units and city facts', () => {
  it('hold the six county-level divisions with their codes and the three management zones', () => {
    for (const [shortName, expected] of Object.entries(COUNTY_LEVEL)) {
      const unit = plan.units.find((candidate) => candidate.shortName === shortName);
      expect(unit, shortName).toBeDefined();
      expect(unit?.regionCode, shortName).toBe(expected.regionCode);
      expect(unit?.kind, shortName).toBe(expected.kind);
    }
    expect(plan.units.find((unit) => unit.shortName === '陕州区')?.formerRegionCodes).toContain('411222');
    for (const shortName of ZONES) {
      const zone = plan.units.find((unit) => unit.shortName === shortName);
      expect(zone, shortName).toBeDefined();
      expect(zone?.kind, shortName).toBe('management_zone');
      expect(zone?.regionCode, shortName).toBeNull();
      expect(plan.metadata.defaultUnitsQuote).toContain(shortName);
    }
    expect(plan.units).toHaveLength(9);
  });

  it('give a city fact for every scale basis a target uses', () => {
    const keys = new Set(plan.cityFacts.map((fact) => fact.key));
    for (const key of ['population', 'county_units', 'townships', 'villages'] as const)
      expect(keys, key).toContain(key);
    for (const measure of plan.measures) {
      for (const item of measure.targets) {
        if (item.scaleBasis !== 'none') expect(keys, item.id).toContain(item.scaleBasis);
      }
    }
    const countyUnits = plan.cityFacts.find((fact) => fact.key === 'county_units');
    expect(countyUnits?.value).toBe(Object.keys(COUNTY_LEVEL).length);
  });
});
