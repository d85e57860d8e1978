/**
 * The subsidy lines (docs/glossary.md): the one list the subsidy engine, the budget pools and their
 * schemas share, so a new line cannot reach one without the other.
 */
export const SUBSIDY_LINES = [
  'car_scrap',
  'car_replace',
  'appliance',
  'smart_home',
  'digital',
  'elderly_adaptation',
  'ebike',
  'first_launch',
] as const;
export type SubsidyLine = (typeof SUBSIDY_LINES)[number];
