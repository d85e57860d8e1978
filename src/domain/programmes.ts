/**
 * The programme lines (GLOSSARY "Programmes"): the one list the subsidy engine, the budget ledger
 * and their schemas share, so a new line cannot reach one without the other.
 */
export const PROGRAMME_LINES = [
  'car_scrap',
  'car_replace',
  'appliance',
  'smart_home',
  'digital',
  'elderly_adaptation',
  'ebike',
  'first_launch',
] as const;
export type ProgrammeLine = (typeof PROGRAMME_LINES)[number];
