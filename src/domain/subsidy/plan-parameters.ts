/** The parameters of a loaded plan, each with the measure that states it, for compileRuleBook. */
import type { PlanDocument } from '../plan/schema.js';
import type { ParameterView } from '../plan/views.js';

export function planParameters(plan: PlanDocument): ParameterView[] {
  return [
    ...plan.measures.flatMap((measure) =>
      measure.parameters.map((parameter) => ({ ...parameter, measure: measure.number })),
    ),
    ...plan.implicitParameters.map((parameter) => ({ ...parameter, measure: null })),
  ];
}
