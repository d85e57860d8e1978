/** A small, valid plan document to build unit-test cases from, one change at a time. */
import type { PlanDocument, PlanMeasure, Target } from '../../src/domain/plan/schema.js';

export const FIXTURE_SOURCE =
  '一、示范行动\n（一）示范措施。开展职业技能培训4万人次以上。加快推进示范工作，加快推进示范工作。（市示范局负责）\n（二）第二措施。加快推进示范工作。新建公共充电桩300万个以上。（市示范局负责）';

export function target(overrides: Partial<Target> = {}): Target {
  return {
    id: 'training',
    metric: '职业技能培训人次',
    metricEn: 'vocational training',
    unit: 'person_time',
    comparator: 'gte',
    value: 40000,
    deadline: '2025-12-31',
    scope: 'city',
    departments: [],
    quote: '开展职业技能培训4万人次以上',
    scaleBasis: 'none',
    ...overrides,
  };
}

export function measure(overrides: Partial<PlanMeasure> = {}): PlanMeasure {
  return {
    number: 1,
    action: 1,
    title: '示范措施',
    titleEn: 'Example measure',
    text: '开展职业技能培训4万人次以上。加快推进示范工作，加快推进示范工作。',
    departmentsQuote: '（市示范局负责）',
    departments: ['example'],
    units: 'all',
    targets: [target()],
    parameters: [],
    ...overrides,
  };
}

export function planDocument(measures: PlanMeasure[] = [measure()]): PlanDocument {
  return {
    metadata: {
      code: 'example-2025',
      title: '示范方案',
      titleEn: 'Example plan',
      issuer: '示范市人民政府',
      issuerEn: 'Example City',
      regionCode: '411200',
      status: 'draft',
      statusLabel: '征求意见稿',
      year: 2025,
      effectiveFrom: '2025-01-01',
      effectiveTo: '2025-12-31',
      source: { file: 'sources/plan.txt', sha256: '0'.repeat(64) },
      preamble: '示范',
      closing: '示范',
      defaultUnitsQuote: '示范',
    },
    contentHash: 'f'.repeat(64),
    actions: [
      { number: 1, title: '示范行动', titleEn: 'Example action', measureNumbers: measures.map((item) => item.number) },
    ],
    measures,
    departments: [
      {
        id: 'example',
        name: '示范市示范局',
        shortName: '市示范局',
        nameEn: 'Example Bureau',
        kind: 'government_department',
        aliases: [],
      },
    ],
    units: [
      {
        id: 'hubin',
        name: '湖滨区',
        shortName: '湖滨区',
        nameEn: 'Hubin District',
        kind: 'district',
        regionCode: '411202',
        formerRegionCodes: [],
      },
    ],
    implicitParameters: [],
    cityFacts: [
      { key: 'population', name: '常住人口', value: 2_000_000, asOf: '2020', source: 'census' },
      { key: 'townships', name: '乡镇', value: 60, asOf: '2023', source: 'statistics' },
    ],
    cityFactsNote: 'facts for tests',
  };
}
