/**
 * Labels for open vocabularies of the plan data (what a parameter counts per, which programme it
 * belongs to). Unknown ids are shown as they are.
 */
import type { Lang } from '../../lib/i18n/shared';

type Labels = Record<string, { zh: string; en: string }>;

export const perLabels: Labels = {
  item: { zh: '每件', en: 'per item' },
  vehicle: { zh: '每辆', en: 'per vehicle' },
  voucher: { zh: '每张券', en: 'per voucher' },
  year: { zh: '每年', en: 'per year' },
  person_year: { zh: '每人每年', en: 'per person per year' },
  person_category_year: { zh: '每人每类每年', en: 'per person, category and year' },
  person_round_platform: { zh: '每人每轮每平台', en: 'per person, round and platform' },
  student_year: { zh: '每生每年', en: 'per student per year' },
  member_year: { zh: '每人每年（会员）', en: 'per member per year' },
  entity_year: { zh: '每主体每年', en: 'per entity per year' },
  dwelling_cumulative: { zh: '每房累计', en: 'per dwelling, cumulative' },
};

export const programmeLabels: Labels = {
  appliance: { zh: '家电以旧换新', en: 'Appliance trade-in' },
  car_scrap: { zh: '汽车报废更新', en: 'Car scrappage' },
  car_replace: { zh: '汽车置换更新', en: 'Car replacement' },
  digital: { zh: '数码产品购新', en: 'Digital products' },
  smart_home: { zh: '智能家居', en: 'Smart home products' },
  elderly_adaptation: { zh: '居家适老化改造', en: 'Elderly home adaptation' },
  ebike: { zh: '电动自行车以旧换新', en: 'E-bike trade-in' },
  voucher: { zh: '消费券', en: 'Consumption vouchers' },
  union_voucher: { zh: '工会消费券', en: 'Trade-union vouchers' },
  first_launch: { zh: '首发经济', en: 'First-launch economy' },
};

export function labelOf(labels: Labels, id: string | undefined, lang: Lang): string {
  if (!id) return '';
  const label = labels[id];
  if (!label) return id;
  return lang === 'en' ? label.en : label.zh;
}
