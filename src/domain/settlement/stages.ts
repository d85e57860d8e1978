/**
 * Review stages as data (issue 11 §5, shared with claims, issue 12): each stage is a role, in the scope
 * of the case's unit or city-wide. Settlement's default is Henan's order (reference.md: "county commerce
 * + finance review, then city review, then payment"): county commerce → county finance → city commerce
 * → city finance. Pure.
 */
import type { Role } from '../access/permissions.js';

/** A role assignment as the stage check reads it (the contract's RoleAssignment fits). */
export interface StageAssignment {
  readonly role: Role;
  readonly organisation: { readonly kind: string; readonly id: string } | null;
}

export interface ReviewStage {
  readonly id: string;
  readonly label: string;
  readonly labelEn: string;
  readonly role: Role;
  /** unit: the reviewer's role must name the case's unit; city: any organisation of the role's kind. */
  readonly scope: 'unit' | 'city';
  /** For city-wide stages of department roles: the department the role must name, if any. */
  readonly department?: string;
}

export const SETTLEMENT_STAGES: readonly ReviewStage[] = [
  {
    id: 'county_commerce',
    label: '县区商务审核',
    labelEn: 'County commerce review',
    role: 'county_officer',
    scope: 'unit',
  },
  {
    id: 'county_finance',
    label: '县区财政审核',
    labelEn: 'County finance review',
    role: 'county_finance_officer',
    scope: 'unit',
  },
  {
    id: 'city_commerce',
    label: '市商务局复核',
    labelEn: 'City commerce review',
    role: 'department_officer',
    scope: 'city',
    department: 'commerce',
  },
  {
    id: 'city_finance',
    label: '市财政局终审',
    labelEn: 'City finance approval',
    role: 'finance_officer',
    scope: 'city',
  },
];

/**
 * Whether one of the assignments may decide `stage` of a case in `unitId`: the stage's role, in the
 * case's unit for unit stages, in the named department for department stages. Shared by settlement
 * batches and claims (one review rule).
 */
export function fitsStage(assignments: readonly StageAssignment[], stage: ReviewStage, unitId: string): boolean {
  return assignments.some((assignment) => {
    if (assignment.role !== stage.role) return false;
    if (stage.scope === 'unit')
      return assignment.organisation?.kind === 'unit' && assignment.organisation.id === unitId;
    if (stage.department !== undefined) {
      return assignment.organisation?.kind === 'department' && assignment.organisation.id === stage.department;
    }
    return true;
  });
}

/** The stage after `index`, or null: the last stage approved, the case is approved. */
export function nextStageIndex(stages: readonly ReviewStage[], index: number): number | null {
  return index + 1 < stages.length ? index + 1 : null;
}

/** A batch's reference on the payout file and the bank transfer: `JS-<unit>-<period end>-<short id>`. */
export function settlementReference(unitId: string, periodTo: string, id: string): string {
  return `JS-${unitId}-${periodTo.replace(/-/g, '')}-${id.slice(0, 8).toUpperCase()}`;
}
