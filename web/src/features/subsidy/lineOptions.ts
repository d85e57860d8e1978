/**
 * What the calculator form asks for each subsidy line: the line shapes, names and category labels
 * come from the engine's lines.ts (browser-safe: it imports types only); which categories belong
 * to which line comes from the plan's parameters (lineCategories), never from a list here.
 */
import type { SubsidyLine } from '../../../../src/domain/subsidy/schema';
import { CATEGORY_LABELS, LINE_SPECS, SUBSIDY_LINES, lineCategories } from '../../../../src/domain/subsidy/lines';

export { CATEGORY_LABELS, LINE_SPECS, SUBSIDY_LINES, lineCategories };

/** A line's name for the picker, in the page's language; `voucher` (a budget line only) is consumption vouchers. */
export function lineName(line: SubsidyLine | 'voucher', english: boolean): string {
  if (line === 'voucher') return english ? 'Consumption vouchers' : '消费券';
  const { label, labelEn } = LINE_SPECS[line];
  return english ? labelEn.charAt(0).toUpperCase() + labelEn.slice(1) : label;
}
