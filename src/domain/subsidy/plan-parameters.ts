/** The parameters of a loaded plan, each with the measure that states it, for compileRuleBook. */
import { PlanCatalogue } from '../plan/catalogue.js';
import type { PlanDocument } from '../plan/schema.js';
import type { ParameterView } from '../../contract/plan.js';

export function planParameters(plan: PlanDocument): ParameterView[] {
  return new PlanCatalogue(plan).parameters;
}
