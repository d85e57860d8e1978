/**
 * Which parameters (rates, caps, ceilings) differ between two plan versions: what an auditor asks
 * first when the plan in force changes ("the digital rate went from 15% to 50%"). Pure: both
 * documents are given.
 */
import type { Parameter, PlanDocument } from './schema.js';

/** The fields of a parameter that change what the platform pays, as an audit entry records them. */
export interface ParameterSnapshot {
  readonly key: string;
  readonly value: number;
  readonly unit: string;
  readonly comparator: string;
  readonly effectiveFrom: string;
  readonly effectiveTo: string;
}

export interface ParameterChange {
  readonly id: string;
  readonly key: string;
  /** null: the parameter is new in the later version. */
  readonly before: ParameterSnapshot | null;
  /** null: the later version no longer has it. */
  readonly after: ParameterSnapshot | null;
}

function snapshot(parameter: Parameter): ParameterSnapshot {
  const { key, value, unit, comparator, effectiveFrom, effectiveTo } = parameter;
  return { key, value, unit, comparator, effectiveFrom, effectiveTo };
}

function parametersOf(document: PlanDocument): Map<string, ParameterSnapshot> {
  const all = [...document.measures.flatMap((measure) => measure.parameters), ...document.implicitParameters];
  return new Map(all.map((parameter) => [parameter.id, snapshot(parameter)]));
}

function same(a: ParameterSnapshot, b: ParameterSnapshot): boolean {
  return (
    a.key === b.key &&
    a.value === b.value &&
    a.unit === b.unit &&
    a.comparator === b.comparator &&
    a.effectiveFrom === b.effectiveFrom &&
    a.effectiveTo === b.effectiveTo
  );
}

/** Every parameter added, removed or changed from `before` to `after`, ordered by id. */
export function parameterChanges(before: PlanDocument, after: PlanDocument): ParameterChange[] {
  const old = parametersOf(before);
  const next = parametersOf(after);
  const ids = [...new Set([...old.keys(), ...next.keys()])].sort();
  const changes: ParameterChange[] = [];
  for (const id of ids) {
    const was = old.get(id) ?? null;
    const is = next.get(id) ?? null;
    if (was !== null && is !== null && same(was, is)) continue;
    changes.push({ id, key: (is ?? was)?.key ?? '', before: was, after: is });
  }
  return changes;
}
