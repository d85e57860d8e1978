/**
 * Subsidy parameters for unit tests, shaped like the plan's (same keys, units and appliesTo) so that
 * the domain tests need no file access. The values are the 2025 plan's; test/subsidy/plan-sentences
 * checks the engine against the real plan files, so a drift between the two shows there.
 */
import type { Parameter } from '../../src/domain/plan/schema.js';
import { compileRuleBook, type PlanParameter, type RuleBook } from '../../src/domain/subsidy/rule-book.js';

const YEAR = { effectiveFrom: '2025-01-01', effectiveTo: '2025-12-31' } as const;

type Draft = Pick<Parameter, 'id' | 'key' | 'value' | 'unit'> & Partial<PlanParameter>;

function parameter(draft: Draft): PlanParameter {
  return {
    name: draft.id,
    nameEn: draft.id,
    comparator: 'lte',
    source: 'plan',
    quote: `quote of ${draft.id}`,
    measure: 6,
    ...YEAR,
    ...draft,
  };
}

export const APPLIANCE_CATEGORIES = [
  'refrigerator',
  'washing_machine',
  'tv',
  'air_conditioner',
  'computer',
  'water_heater',
  'stove',
  'range_hood',
  'water_purifier',
  'dishwasher',
  'rice_cooker',
  'microwave',
];
export const SMART_HOME_CATEGORIES = ['smart_toilet', 'smart_lock', 'smart_drying_rack', 'smart_sofa'];
export const DIGITAL_CATEGORIES = ['phone', 'tablet', 'smartwatch'];

function carParameters(): PlanParameter[] {
  const fixed = (line: 'car_scrap' | 'car_replace', newCar: 'nev' | 'fuel', value: number): PlanParameter =>
    parameter({
      id: `${line}-${newCar}`,
      key: `${line}.${newCar}.max_subsidy_fen`,
      value,
      unit: 'fen',
      per: 'vehicle',
      name: `${line} ${newCar} 最高补贴`,
      appliesTo: { programme: line, newCar },
    });
  const registered = (line: 'car_scrap' | 'car_replace'): PlanParameter =>
    parameter({
      id: `${line}-registered`,
      key: `${line}.old_car.registered_on_or_before`,
      value: 20250107,
      unit: 'date_yyyymmdd',
      source: 'national',
      measure: null,
      appliesTo: { programme: line },
    });
  const perNewCar = (line: 'car_scrap' | 'car_replace'): PlanParameter =>
    parameter({
      id: `${line}-per-new-car`,
      key: `${line}.max_subsidies_per_new_car`,
      value: 1,
      unit: 'item',
      per: 'new_car',
      source: 'national',
      measure: null,
      appliesTo: { programme: line },
    });
  return [
    fixed('car_scrap', 'nev', 2_000_000),
    fixed('car_scrap', 'fuel', 1_500_000),
    fixed('car_replace', 'nev', 1_500_000),
    fixed('car_replace', 'fuel', 1_300_000),
    registered('car_scrap'),
    registered('car_replace'),
    perNewCar('car_scrap'),
    perNewCar('car_replace'),
    parameter({
      id: 'car_scrap-displacement',
      key: 'car_scrap.fuel.max_displacement_litre',
      value: 2,
      unit: 'litre',
      source: 'national',
      measure: null,
      appliesTo: { programme: 'car_scrap', newCar: 'fuel' },
    }),
    parameter({
      id: 'car_replace-per-person-year',
      key: 'car_replace.max_subsidies_per_person_year',
      value: 1,
      unit: 'item',
      per: 'person_year',
      source: 'national',
      measure: null,
      appliesTo: { programme: 'car_replace' },
    }),
  ];
}

function applianceParameters(): PlanParameter[] {
  return [
    parameter({
      id: 'appliance-categories',
      key: 'appliance.categories',
      value: 12,
      unit: 'category',
      comparator: 'eq',
      source: 'national',
      measure: null,
      appliesTo: { programme: 'appliance', categories: APPLIANCE_CATEGORIES },
    }),
    parameter({
      id: 'appliance-grade1',
      key: 'appliance.grade1.rate_bp',
      value: 2000,
      unit: 'bp',
      comparator: 'eq',
      appliesTo: { programme: 'appliance', efficiencyGrade: 1 },
    }),
    parameter({
      id: 'appliance-grade2',
      key: 'appliance.grade2.rate_bp',
      value: 1500,
      unit: 'bp',
      comparator: 'eq',
      appliesTo: { programme: 'appliance', efficiencyGrade: 2 },
    }),
    parameter({
      id: 'appliance-cap',
      key: 'appliance.max_subsidy_per_item_fen',
      value: 200_000,
      unit: 'fen',
      per: 'item',
      appliesTo: { programme: 'appliance' },
    }),
    parameter({
      id: 'appliance-per-category',
      key: 'appliance.max_items_per_person_category_year',
      value: 1,
      unit: 'item',
      per: 'person_category_year',
      source: 'national',
      measure: null,
      appliesTo: { programme: 'appliance' },
    }),
    parameter({
      id: 'appliance-air-conditioners',
      key: 'appliance.air_conditioner.max_items_per_person_year',
      value: 3,
      unit: 'item',
      per: 'person_category_year',
      source: 'national',
      measure: null,
      appliesTo: { programme: 'appliance', categories: ['air_conditioner'] },
    }),
  ];
}

function smartHomeAndDigitalParameters(): PlanParameter[] {
  const smartHome = { programme: 'smart_home', categories: SMART_HOME_CATEGORIES };
  const digital = { programme: 'digital', categories: DIGITAL_CATEGORIES };
  return [
    parameter({ id: 'smart-home-rate', key: 'smart_home.rate_bp', value: 1500, unit: 'bp', appliesTo: smartHome }),
    parameter({
      id: 'smart-home-cap',
      key: 'smart_home.max_subsidy_per_item_fen',
      value: 150_000,
      unit: 'fen',
      per: 'item',
      appliesTo: smartHome,
    }),
    parameter({ id: 'digital-categories', key: 'digital.categories', value: 3, unit: 'category', appliesTo: digital }),
    parameter({ id: 'digital-rate', key: 'digital.rate_bp', value: 1500, unit: 'bp', appliesTo: digital }),
    parameter({
      id: 'digital-cap',
      key: 'digital.max_subsidy_per_item_fen',
      value: 50_000,
      unit: 'fen',
      per: 'item',
      appliesTo: digital,
    }),
    parameter({
      id: 'digital-ceiling',
      key: 'digital.max_final_price_fen',
      value: 600_000,
      unit: 'fen',
      per: 'item',
      source: 'national',
      measure: null,
      appliesTo: digital,
    }),
    parameter({
      id: 'digital-per-category',
      key: 'digital.max_items_per_person_category',
      value: 1,
      unit: 'item',
      per: 'person_category_year',
      source: 'national',
      measure: null,
      appliesTo: digital,
    }),
  ];
}

function otherParameters(): PlanParameter[] {
  return [
    parameter({
      id: 'elderly-rate',
      key: 'elderly_adaptation.rate_bp',
      value: 3000,
      unit: 'bp',
      appliesTo: { programme: 'elderly_adaptation' },
    }),
    parameter({
      id: 'elderly-cap',
      key: 'elderly_adaptation.max_subsidy_per_dwelling_fen',
      value: 1_200_000,
      unit: 'fen',
      per: 'dwelling_cumulative',
      appliesTo: { programme: 'elderly_adaptation' },
    }),
    parameter({
      id: 'elderly-age',
      key: 'elderly_adaptation.min_age_years',
      value: 60,
      unit: 'year_of_age',
      comparator: 'gte',
      source: 'henan',
      measure: null,
      appliesTo: { programme: 'elderly_adaptation' },
    }),
    parameter({
      id: 'ebike-max',
      key: 'ebike.max_subsidy_fen',
      value: 50_000,
      unit: 'fen',
      per: 'vehicle',
      appliesTo: { programme: 'ebike' },
    }),
    parameter({
      id: 'first-launch-rate',
      key: 'first_launch.rate_bp',
      value: 3000,
      unit: 'bp',
      measure: 20,
      appliesTo: { programme: 'first_launch' },
    }),
    parameter({
      id: 'first-launch-cap',
      key: 'first_launch.max_subsidy_per_entity_year_fen',
      value: 100_000_000,
      unit: 'fen',
      per: 'entity_year',
      measure: 20,
      appliesTo: { programme: 'first_launch' },
    }),
  ];
}

/** The subsidy parameters of the 2025 plan, as a fresh array (tests may change their copy). */
export function sampleParameters(): PlanParameter[] {
  return [...carParameters(), ...applianceParameters(), ...smartHomeAndDigitalParameters(), ...otherParameters()];
}

export function sampleBook(parameters: readonly PlanParameter[] = sampleParameters()): RuleBook {
  return compileRuleBook(parameters, 'test-plan@1');
}

/** A parameter of the sample set with some fields changed (e.g. other dates for a second version). */
export function variant(id: string, changes: Partial<PlanParameter>): PlanParameter {
  const found = sampleParameters().find((item) => item.id === id);
  if (found === undefined) throw new Error(`no sample parameter ${id}`);
  return { ...found, ...changes };
}
