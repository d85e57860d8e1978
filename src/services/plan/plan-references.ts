/**
 * The checks of a plan's files against each other (plan-files.ts loads them): ids unique, every
 * reference to a department or unit known, dates real, money and rates whole numbers; and the list
 * of problems found, each located in its file.
 */
import path from 'node:path';
import type { Action, Parameter, PlanDocument, PlanMetadata, Target } from '../../domain/plan/schema.js';

export interface PlanFileProblem {
  /** Path of the file relative to the plan folder. */
  readonly file: string;
  /** Where in the file, e.g. measures[2].targets[0].value; empty for the whole file. */
  readonly path: string;
  readonly line: number | null;
  readonly column: number | null;
  readonly message: string;
}

export interface ParsedFile<T> {
  readonly file: string;
  readonly value: T;
  locate(pointer: readonly (string | number)[]): { line: number; column: number } | null;
}

export function segmentsToPath(segments: readonly (string | number)[]): string {
  return segments
    .map((segment, index) => (typeof segment === 'number' ? `[${segment}]` : index === 0 ? segment : `.${segment}`))
    .join('');
}

export class ProblemList {
  readonly items: PlanFileProblem[] = [];
  add(file: string, segments: readonly (string | number)[], message: string, located?: ParsedFile<unknown>): void {
    const position = located?.locate(segments) ?? null;
    this.items.push({
      file,
      path: segmentsToPath(segments),
      line: position?.line ?? null,
      column: position?.column ?? null,
      message,
    });
  }
}

const MONEY_AND_RATE_UNITS = new Set(['fen', 'bp', 'date_yyyymmdd']);

function isCalendarDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export interface Sources {
  folder: string;
  metadata: ParsedFile<PlanMetadata>;
  departments: ParsedFile<{ departments: PlanDocument['departments'] }>;
  units: ParsedFile<{ units: PlanDocument['units'] }>;
  implicit: ParsedFile<{ parameters: Parameter[] }>;
  actions: readonly ParsedFile<Action>[];
}

export function checkCrossReferences(document: PlanDocument, sources: Sources, problems: ProblemList): void {
  const { metadata } = sources;
  if (metadata.value.code !== path.basename(sources.folder)) {
    problems.add(
      metadata.file,
      ['code'],
      `must equal the plan folder's name "${path.basename(sources.folder)}" (HUIMIN_PLAN names folders)`,
      metadata,
    );
  }
  if (!isCalendarDate(metadata.value.effectiveFrom))
    problems.add(metadata.file, ['effectiveFrom'], 'is not a calendar date', metadata);
  if (!isCalendarDate(metadata.value.effectiveTo))
    problems.add(metadata.file, ['effectiveTo'], 'is not a calendar date', metadata);

  const departmentIds = uniqueIds(
    sources.departments,
    ['departments'],
    sources.departments.value.departments,
    problems,
  );
  const unitIds = uniqueIds(sources.units, ['units'], sources.units.value.units, problems);

  const actionNumbers = new Map<number, string>();
  const measureNumbers = new Map<number, string>();
  const targetIds = new Map<string, string>();
  const parameterIds = new Map<string, string>();

  for (const file of sources.actions) {
    const action = file.value;
    const clash = actionNumbers.get(action.number);
    if (clash !== undefined)
      problems.add(file.file, ['number'], `action ${action.number} is also defined in ${clash}`, file);
    actionNumbers.set(action.number, file.file);
    action.measures.forEach((measure, measureIndex) => {
      const at = ['measures', measureIndex];
      const other = measureNumbers.get(measure.number);
      if (other !== undefined)
        problems.add(file.file, [...at, 'number'], `measure ${measure.number} is also defined in ${other}`, file);
      measureNumbers.set(measure.number, file.file);
      measure.departments.forEach((id, index) => {
        if (!departmentIds.has(id))
          problems.add(
            file.file,
            [...at, 'departments', index],
            `unknown department "${id}" (not in departments.yaml)`,
            file,
          );
      });
      if (measure.units !== 'all') {
        measure.units.forEach((id, index) => {
          if (!unitIds.has(id))
            problems.add(
              file.file,
              [...at, 'units', index],
              `unknown implementing unit "${id}" (not in units.yaml)`,
              file,
            );
        });
      }
      measure.targets.forEach((target, index) => {
        checkTarget(target, [...at, 'targets', index], file, departmentIds, problems);
        const seen = targetIds.get(target.id);
        if (seen !== undefined)
          problems.add(
            file.file,
            [...at, 'targets', index, 'id'],
            `target id "${target.id}" is also used in ${seen}`,
            file,
          );
        targetIds.set(target.id, file.file);
      });
      measure.parameters.forEach((parameter, index) => {
        checkParameter(parameter, [...at, 'parameters', index], file, problems);
        const seen = parameterIds.get(parameter.id);
        if (seen !== undefined)
          problems.add(
            file.file,
            [...at, 'parameters', index, 'id'],
            `parameter id "${parameter.id}" is also used in ${seen}`,
            file,
          );
        parameterIds.set(parameter.id, file.file);
      });
    });
  }
  sources.implicit.value.parameters.forEach((parameter, index) => {
    checkParameter(parameter, ['parameters', index], sources.implicit, problems);
    if (parameter.source === 'plan') {
      problems.add(
        sources.implicit.file,
        ['parameters', index, 'source'],
        'an implicit parameter comes from national or henan rules, not the plan text; put plan numbers under their measure',
        sources.implicit,
      );
    }
    const seen = parameterIds.get(parameter.id);
    if (seen !== undefined)
      problems.add(
        sources.implicit.file,
        ['parameters', index, 'id'],
        `parameter id "${parameter.id}" is also used in ${seen}`,
        sources.implicit,
      );
    parameterIds.set(parameter.id, sources.implicit.file);
  });

  document.actions.forEach((action, index) => {
    if (action.number !== index + 1) {
      problems.items.push({
        file: 'actions/',
        path: '',
        line: null,
        column: null,
        message: `actions must be numbered 1..${document.actions.length} without gaps; found ${action.number} where ${index + 1} was expected`,
      });
    }
  });
  const numbers = document.measures.map((measure) => measure.number);
  numbers.forEach((number, index) => {
    if (number !== index + 1) {
      problems.items.push({
        file: 'actions/',
        path: '',
        line: null,
        column: null,
        message: `measures must be numbered 1..${numbers.length} without gaps; found ${number} where ${index + 1} was expected`,
      });
    }
  });
}

function uniqueIds(
  file: ParsedFile<unknown>,
  at: (string | number)[],
  items: readonly { id: string }[],
  problems: ProblemList,
): Set<string> {
  const ids = new Set<string>();
  items.forEach((item, index) => {
    if (ids.has(item.id)) problems.add(file.file, [...at, index, 'id'], `duplicate id "${item.id}"`, file);
    ids.add(item.id);
  });
  return ids;
}

function checkValue(
  unit: string,
  value: number,
  at: (string | number)[],
  file: ParsedFile<unknown>,
  problems: ProblemList,
): void {
  if (MONEY_AND_RATE_UNITS.has(unit) && !Number.isSafeInteger(value)) {
    problems.add(file.file, [...at, 'value'], `a value in ${unit} must be a whole number (got ${value})`, file);
  }
  if (!Number.isFinite(value)) problems.add(file.file, [...at, 'value'], 'must be a finite number', file);
}

function checkTarget(
  target: Target,
  at: (string | number)[],
  file: ParsedFile<unknown>,
  departmentIds: Set<string>,
  problems: ProblemList,
): void {
  checkValue(target.unit, target.value, at, file, problems);
  if (!isCalendarDate(target.deadline)) problems.add(file.file, [...at, 'deadline'], 'is not a calendar date', file);
  target.departments.forEach((id, index) => {
    if (!departmentIds.has(id))
      problems.add(file.file, [...at, 'departments', index], `unknown department "${id}"`, file);
  });
}

function checkParameter(
  parameter: Parameter,
  at: (string | number)[],
  file: ParsedFile<unknown>,
  problems: ProblemList,
): void {
  checkValue(parameter.unit, parameter.value, at, file, problems);
  for (const field of ['effectiveFrom', 'effectiveTo'] as const) {
    if (!isCalendarDate(parameter[field])) problems.add(file.file, [...at, field], 'is not a calendar date', file);
  }
  if (parameter.effectiveFrom > parameter.effectiveTo) {
    problems.add(
      file.file,
      [...at, 'effectiveTo'],
      `ends (${parameter.effectiveTo}) before it starts (${parameter.effectiveFrom})`,
      file,
    );
  }
}
