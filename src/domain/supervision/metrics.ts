/**
 * Which targets the platform measures itself (docs/supervision.md, "Platform figures"): the target id,
 * the metric key a programme figure source answers for, and how a gap between the reported and the
 * platform figure is judged.
 */
import { GAP_THRESHOLD_BP } from './vocabulary.js';

/** Metric keys the programmes answer for (a source lists the ones it knows). */
export const PROGRAMME_METRICS = [
  'trade_in.appliance_units',
  'trade_in.car_units',
  'claims.elderly_households',
  'vouchers.redeemed',
] as const;
export type ProgrammeMetric = (typeof PROGRAMME_METRICS)[number];

/**
 * Targets of the Sanmenxia plan measured by the platform's own data: measure 6's 家电产品以旧换新15万台以上
 * and 汽车报废和置换更新6000辆左右, measure 10's 完成 450户老年人家庭适老化改造.
 */
export const TARGET_METRICS: Readonly<Record<string, ProgrammeMetric>> = {
  'appliance-trade-in-units': 'trade_in.appliance_units',
  'car-trade-in-vehicles': 'trade_in.car_units',
  'elderly-home-adaptation-households': 'claims.elderly_households',
};

/** Whether two figures differ by more than GAP_THRESHOLD_BP of the larger. */
export function hasGap(reported: number | null, platform: number | null): boolean {
  if (reported === null || platform === null) return false;
  const larger = Math.max(Math.abs(reported), Math.abs(platform));
  if (larger === 0) return false;
  return Math.abs(reported - platform) * 10000 > larger * GAP_THRESHOLD_BP;
}
