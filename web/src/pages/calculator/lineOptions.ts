/**
 * What the calculator form asks for each subsidy line. The line shapes and category names come
 * from the engine's lines.ts (browser-safe: it imports types only). Which categories belong to
 * which line is plan data (the *.categories parameters); the short lists below restate the
 * glossary's grouping for the picker only — the server decides eligibility.
 */
import type { SubsidyLine } from '../../../../src/domain/subsidy/schema';
import { CATEGORY_LABELS, LINE_SPECS, SUBSIDY_LINES } from '../../../../src/domain/subsidy/lines';

export { CATEGORY_LABELS, LINE_SPECS, SUBSIDY_LINES };

export const LINE_CATEGORIES: Partial<Record<SubsidyLine, readonly string[]>> = {
  appliance: [
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
  ],
  smart_home: ['smart_toilet', 'smart_lock', 'smart_drying_rack', 'smart_sofa'],
  digital: ['phone', 'tablet', 'smartwatch'],
};

/** Lines whose new car is nev or fuel, and which may carry the old car's facts. */
export const CAR_LINES: readonly SubsidyLine[] = ['car_scrap', 'car_replace'];

/** The line names as the brief and the citizen know them. */
export const LINE_NAMES: Record<SubsidyLine, { zh: string; en: string }> = {
  car_scrap: { zh: '汽车报废更新', en: 'Car scrappage renewal' },
  car_replace: { zh: '汽车置换更新', en: 'Car replacement renewal' },
  appliance: { zh: '家电以旧换新', en: 'Appliance trade-in' },
  smart_home: { zh: '智能家居', en: 'Smart home' },
  digital: { zh: '数码产品购新', en: 'Digital products' },
  elderly_adaptation: { zh: '居家适老化改造', en: 'Home adaptation for older people' },
  ebike: { zh: '电动自行车以旧换新', en: 'E-bike trade-in' },
  first_launch: { zh: '首发经济', en: 'First-launch economy' },
};
