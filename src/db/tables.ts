/** The database as Kysely sees it: one interface per table, the same on SQLite and PostgreSQL. */
export interface PlanVersionsTable {
  /** `<plan code>@<first 12 hex of content hash>` */
  id: string;
  code: string;
  content_hash: string;
  title: string;
  status: string;
  year: number;
  /** ISO 8601, UTC */
  imported_at: string;
  /** 1 for the version the platform runs, 0 otherwise; one current version per code. */
  is_current: number;
  /** The whole PlanDocument as JSON text, exactly as validated at import. */
  document: string;
  source_text: string;
  /** LintReport as JSON, computed at import. */
  lint_report: string;
}

export interface PlanMeasuresTable {
  plan_version_id: string;
  number: number;
  action: number;
  title: string;
  text: string;
}

export interface PlanTargetsTable {
  plan_version_id: string;
  id: string;
  measure: number;
  metric: string;
  unit: string;
  comparator: string;
  value: number;
  deadline: string;
  scope: string;
  quote: string | null;
}

export interface PlanParametersTable {
  plan_version_id: string;
  id: string;
  key: string;
  /** null for national and Henan rules the plan leaves implicit */
  measure: number | null;
  value: number;
  unit: string;
  comparator: string;
  effective_from: string;
  effective_to: string;
  source: string;
  quote: string | null;
}

export interface PlanDepartmentsTable {
  plan_version_id: string;
  id: string;
  name: string;
  short_name: string;
  kind: string;
}

export interface PlanUnitsTable {
  plan_version_id: string;
  id: string;
  name: string;
  kind: string;
  region_code: string | null;
}

export interface PlanMeasureDepartmentsTable {
  plan_version_id: string;
  measure: number;
  department_id: string;
}

export interface Database {
  plan_versions: PlanVersionsTable;
  plan_measures: PlanMeasuresTable;
  plan_targets: PlanTargetsTable;
  plan_parameters: PlanParametersTable;
  plan_departments: PlanDepartmentsTable;
  plan_units: PlanUnitsTable;
  plan_measure_departments: PlanMeasureDepartmentsTable;
}
