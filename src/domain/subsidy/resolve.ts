/**
 * Which parameters apply to one kind of purchase (line, category, efficiency grade, new car) in one
 * period: the rate or fixed amount, and every cap, ceiling, quota and condition. The engine and the
 * reform simulation both decide through here, so they cannot disagree on what applies. Results are
 * remembered per period (RulePeriod.resolutions) because a few kinds of purchase make up all quotes.
 */
import type { Reason } from './decision.js';
import type { LineSpec } from './lines.js';
import {
  categoriesInForce,
  gradesInForce,
  pick,
  qualifiersMatch,
  type Qualifiers,
  type RuleParameter,
  type RulePeriod,
} from './rule-book.js';

export interface Scope {
  /** The category list the purchase's category was found in, if the line has one. */
  readonly categories: RuleParameter | null;
  /** The rate or fixed amount that applies; null when the purchase is not covered. */
  readonly amount: RuleParameter | null;
  readonly reason: Reason | null;
}

export interface Resolution {
  readonly scope: Scope;
  readonly priceCeiling: RuleParameter | null;
  readonly oldCarRegisteredBy: RuleParameter | null;
  readonly maxDisplacement: RuleParameter | null;
  readonly minAge: RuleParameter | null;
  readonly itemsPerCategoryYear: RuleParameter | null;
  readonly subsidiesPerPersonYear: RuleParameter | null;
  readonly subsidiesPerNewCar: RuleParameter | null;
  readonly itemCap: RuleParameter | null;
  readonly dwellingCap: RuleParameter | null;
  readonly entityYearCap: RuleParameter | null;
}

const GRADE_SLOTS = 6;
const NEW_CAR_SLOTS = 3;

/** The memo slot of a purchase kind; -1 when it is not one to remember. */
function slotOf(period: RulePeriod, qualifiers: Qualifiers): number {
  const grade = qualifiers.efficiencyGrade ?? 0;
  if (!Number.isInteger(grade) || grade < 0 || grade >= GRADE_SLOTS) return -1;
  if (qualifiers.category !== undefined && !period.knownCategories.has(qualifiers.category)) return -1;
  const newCar = qualifiers.newCar === undefined ? 0 : qualifiers.newCar === 'nev' ? 1 : 2;
  return grade * NEW_CAR_SLOTS + newCar;
}

export function resolve(period: RulePeriod, spec: LineSpec, qualifiers: Qualifiers): Resolution {
  const slot = slotOf(period, qualifiers);
  if (slot < 0) return resolveUncached(period, spec, qualifiers);
  const key = qualifiers.category ?? '';
  let slots = period.resolutions.get(key);
  if (slots === undefined) {
    slots = new Array<Resolution | undefined>(GRADE_SLOTS * NEW_CAR_SLOTS).fill(undefined);
    period.resolutions.set(key, slots);
  }
  let resolution = slots[slot];
  if (resolution === undefined) {
    resolution = resolveUncached(period, spec, qualifiers);
    slots[slot] = resolution;
  }
  return resolution;
}

function resolveUncached(period: RulePeriod, spec: LineSpec, qualifiers: Qualifiers): Resolution {
  return {
    scope: scopeOf(period, spec, qualifiers),
    priceCeiling: pick(period, 'price_ceiling', qualifiers),
    oldCarRegisteredBy: pick(period, 'old_car_registered_by', qualifiers),
    maxDisplacement: pick(period, 'max_displacement', qualifiers),
    minAge: pick(period, 'min_age', qualifiers),
    itemsPerCategoryYear: pick(period, 'items_per_person_category_year', qualifiers),
    subsidiesPerPersonYear: pick(period, 'subsidies_per_person_year', qualifiers),
    subsidiesPerNewCar: pick(period, 'subsidies_per_new_car', qualifiers),
    itemCap: pick(period, 'item_cap', qualifiers),
    dwellingCap: pick(period, 'dwelling_cumulative_cap', qualifiers),
    entityYearCap: pick(period, 'entity_year_cap', qualifiers),
  };
}

/** Is the purchase one the line's parameters cover (category, efficiency grade, new car)? */
export function scopeOf(period: RulePeriod, spec: LineSpec, qualifiers: Qualifiers): Scope {
  let categories: RuleParameter | null = null;
  if (spec.needsCategory && period.roles.categories.length > 0) {
    categories = pick(period, 'categories', qualifiers);
    if (categories === null) {
      const reason: Reason = {
        code: 'CATEGORY_NOT_ELIGIBLE',
        category: qualifiers.category ?? '',
        allowed: categoriesInForce(period),
      };
      return { categories, amount: null, reason };
    }
  }
  const role = spec.amount === 'rate' ? 'rate' : 'fixed_subsidy';
  const amount = pick(period, role, qualifiers);
  return { categories, amount, reason: amount === null ? scopeReason(period, spec, qualifiers, role) : null };
}

/** Why no rate or fixed amount applies: the new car, the grade or the category is not covered. */
function scopeReason(
  period: RulePeriod,
  spec: LineSpec,
  qualifiers: Qualifiers,
  role: 'rate' | 'fixed_subsidy',
): Reason {
  if (spec.needsNewCar) return { code: 'NEW_CAR_NOT_ELIGIBLE', newCar: qualifiers.newCar };
  // Another grade would be covered: the grade is what is not eligible.
  const otherGrade = period.roles[role].some(
    (parameter) =>
      parameter.efficiencyGrade !== null &&
      qualifiersMatch(parameter, { ...qualifiers, efficiencyGrade: parameter.efficiencyGrade }),
  );
  if (otherGrade) {
    return { code: 'GRADE_NOT_ELIGIBLE', grade: qualifiers.efficiencyGrade ?? 0, allowed: gradesInForce(period) };
  }
  return { code: 'CATEGORY_NOT_ELIGIBLE', category: qualifiers.category ?? '', allowed: categoriesInForce(period) };
}
