/**
 * An index over one loaded plan version: the lookups and cross-references the API, the CLI and the
 * web need (a measure by number, a department's measures and targets, full-text search). Built once
 * per version and immutable, so any number of requests may share it.
 */
import type { Department, ImplementingUnit, Parameter, PlanDocument, PlanMeasure, Target } from './schema.js';
import type {
  DepartmentDetail,
  DepartmentView,
  ParameterView,
  SearchHit,
  TargetView,
  UnitDetail,
  UnitView,
} from '../../contract/plan.js';

export interface TargetFilter {
  readonly measure?: number;
  readonly department?: string;
}

export interface ParameterFilter {
  readonly measure?: number;
  readonly source?: Parameter['source'];
  readonly programme?: string;
  readonly key?: string;
  /** Only parameters in force on this date (YYYY-MM-DD). */
  readonly on?: string;
}

export class PlanCatalogue {
  readonly measures: PlanMeasure[];
  readonly targets: TargetView[];
  readonly parameters: ParameterView[];
  readonly departments: DepartmentView[];
  readonly units: UnitView[];
  private readonly measureByNumber = new Map<number, PlanMeasure>();
  private readonly departmentById = new Map<string, DepartmentView>();
  private readonly unitById = new Map<string, UnitView>();

  constructor(readonly document: PlanDocument) {
    this.measures = document.measures;
    for (const measure of document.measures) this.measureByNumber.set(measure.number, measure);
    this.targets = document.measures.flatMap((measure) =>
      measure.targets.map((target) => toTargetView(target, measure)),
    );
    this.parameters = [
      ...document.measures.flatMap((measure) =>
        measure.parameters.map((parameter): ParameterView => ({ ...parameter, measure: measure.number })),
      ),
      ...document.implicitParameters.map((parameter): ParameterView => ({ ...parameter, measure: null })),
    ];
    this.departments = document.departments.map((department) => this.toDepartmentView(department));
    for (const department of this.departments) this.departmentById.set(department.id, department);
    this.units = document.units.map((unit) => this.toUnitView(unit));
    for (const unit of this.units) this.unitById.set(unit.id, unit);
  }

  measure(number: number): PlanMeasure | undefined {
    return this.measureByNumber.get(number);
  }

  measuresOfAction(action: number): PlanMeasure[] {
    return this.measures.filter((measure) => measure.action === action);
  }

  findTargets(filter: TargetFilter = {}): TargetView[] {
    return this.targets.filter(
      (target) =>
        (filter.measure === undefined || target.measure === filter.measure) &&
        (filter.department === undefined || target.responsibleDepartments.includes(filter.department)),
    );
  }

  findParameters(filter: ParameterFilter = {}): ParameterView[] {
    return this.parameters.filter(
      (parameter) =>
        (filter.measure === undefined || parameter.measure === filter.measure) &&
        (filter.source === undefined || parameter.source === filter.source) &&
        (filter.programme === undefined || parameter.appliesTo?.programme === filter.programme) &&
        (filter.key === undefined || parameter.key === filter.key) &&
        (filter.on === undefined || (parameter.effectiveFrom <= filter.on && filter.on <= parameter.effectiveTo)),
    );
  }

  departmentDetail(id: string): DepartmentDetail | undefined {
    const department = this.departmentById.get(id);
    if (department === undefined) return undefined;
    return {
      department,
      measures: department.measureNumbers.map((number) => this.measureByNumber.get(number)).filter(isDefined),
      targets: this.findTargets({ department: id }),
    };
  }

  unitDetail(id: string): UnitDetail | undefined {
    const unit = this.unitById.get(id);
    if (unit === undefined) return undefined;
    const measures = unit.measureNumbers.map((number) => this.measureByNumber.get(number)).filter(isDefined);
    const numbers = new Set(unit.measureNumbers);
    return { unit, measures, targets: this.targets.filter((target) => numbers.has(target.measure)) };
  }

  /** Case-insensitive substring search over the plan's texts, names, metrics and quotes. */
  search(query: string, limit = 50): { total: number; hits: SearchHit[] } {
    const needle = query.trim().toLowerCase();
    if (needle === '') return { total: 0, hits: [] };
    const hits: SearchHit[] = [];
    const consider = (
      kind: SearchHit['kind'],
      id: string,
      measure: number | null,
      title: string,
      texts: readonly string[],
    ): void => {
      for (const text of texts) {
        const at = text.toLowerCase().indexOf(needle);
        if (at >= 0) {
          hits.push({ kind, id, measure, title, ...snippetAround(text, at, needle.length) });
          return;
        }
      }
    };
    for (const measure of this.measures) {
      consider('measure', String(measure.number), measure.number, measure.title, [
        measure.title,
        measure.titleEn,
        measure.text,
        measure.departmentsQuote,
      ]);
    }
    for (const target of this.targets) {
      consider('target', target.id, target.measure, target.metric, [
        target.metric,
        target.metricEn,
        target.quote ?? '',
      ]);
    }
    for (const parameter of this.parameters) {
      consider('parameter', parameter.id, parameter.measure, parameter.name, [
        parameter.name,
        parameter.nameEn,
        parameter.key,
        parameter.quote ?? '',
      ]);
    }
    for (const department of this.departments) {
      consider('department', department.id, null, department.shortName, [
        department.name,
        department.shortName,
        department.nameEn,
        ...department.aliases,
      ]);
    }
    for (const unit of this.units) {
      consider('unit', unit.id, null, unit.name, [unit.name, unit.shortName, unit.nameEn, unit.regionCode ?? '']);
    }
    return { total: hits.length, hits: hits.slice(0, limit) };
  }

  private toDepartmentView(department: Department): DepartmentView {
    return {
      ...department,
      measureNumbers: this.measures
        .filter((measure) => measure.departments.includes(department.id))
        .map((measure) => measure.number),
      targetIds: this.targets
        .filter((target) => target.responsibleDepartments.includes(department.id))
        .map((target) => target.id),
    };
  }

  private toUnitView(unit: ImplementingUnit): UnitView {
    return {
      ...unit,
      measureNumbers: this.measures
        .filter((measure) => measure.units === 'all' || measure.units.includes(unit.id))
        .map((measure) => measure.number),
    };
  }
}

function toTargetView(target: Target, measure: PlanMeasure): TargetView {
  return {
    ...target,
    measure: measure.number,
    action: measure.action,
    responsibleDepartments: target.departments.length > 0 ? target.departments : measure.departments,
  };
}

const SNIPPET_CONTEXT = 40;

function snippetAround(
  text: string,
  at: number,
  length: number,
): { snippet: string; matchStart: number; matchLength: number } {
  const start = Math.max(0, at - SNIPPET_CONTEXT);
  const end = Math.min(text.length, at + length + SNIPPET_CONTEXT);
  const prefix = start > 0 ? '…' : '';
  const suffix = end < text.length ? '…' : '';
  return {
    snippet: `${prefix}${text.slice(start, end)}${suffix}`,
    matchStart: prefix.length + at - start,
    matchLength: length,
  };
}

function isDefined<T>(value: T | undefined): value is T {
  return value !== undefined;
}
