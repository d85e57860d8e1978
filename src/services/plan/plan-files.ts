/**
 * Loads a plan from its folder of YAML files (policies/<code>/), validates every file against the
 * schema and the files against each other, and returns the whole plan as one document. Any problem
 * stops the load; each names the file, the path inside it (with line and column) and what is wrong.
 * Nothing is dropped silently: unknown keys are errors.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { LineCounter, parseDocument, type Document } from 'yaml';
import {
  ActionFile,
  CityFactsFile,
  DepartmentsFile,
  ImplicitParametersFile,
  PlanMetadata,
  UnitsFile,
  type Action,
  type Parameter,
  type PlanDocument,
  type PlanMeasure,
} from '../../domain/plan/schema.js';
import { canonicalJson } from '../../domain/shared/canonical-json.js';
import { ProblemList, checkCrossReferences, type ParsedFile, type PlanFileProblem } from './plan-references.js';

export type { PlanFileProblem } from './plan-references.js';

export class PlanFilesError extends Error {
  constructor(
    readonly folder: string,
    readonly problems: readonly PlanFileProblem[],
  ) {
    super(
      `plan ${folder} has ${problems.length} problem(s):\n` +
        problems.map((problem) => `  ${formatProblem(problem)}`).join('\n'),
    );
    this.name = 'PlanFilesError';
  }
}

export function formatProblem(problem: PlanFileProblem): string {
  const where = problem.line === null ? '' : `:${problem.line}:${problem.column ?? 1}`;
  const inside = problem.path === '' ? '' : ` ${problem.path}`;
  return `${problem.file}${where}${inside}: ${problem.message}`;
}

const validators = new Map<TSchema, ReturnType<typeof Compile>>();
function validatorFor(schema: TSchema): ReturnType<typeof Compile> {
  let validator = validators.get(schema);
  if (validator === undefined) {
    validator = Compile(schema);
    validators.set(schema, validator);
  }
  return validator;
}

/** JSON pointer (/measures/2/value) to the dotted form people read (measures[2].value). */
function pointerToSegments(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
}

async function readYaml<T>(
  folder: string,
  file: string,
  schema: TSchema,
  problems: ProblemList,
): Promise<ParsedFile<T> | null> {
  let text: string;
  try {
    text = await readFile(path.join(folder, file), 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file is missing' : String(error);
    problems.add(file, [], reason);
    return null;
  }
  const lineCounter = new LineCounter();
  const document: Document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    for (const error of document.errors) {
      const [start] = error.pos;
      const position = lineCounter.linePos(start);
      problems.items.push({
        file,
        path: '',
        line: position.line,
        column: position.col,
        message: `YAML: ${error.message.split('\n')[0]}`,
      });
    }
    return null;
  }
  const value: unknown = document.toJS();
  const parsed: ParsedFile<T> = {
    file,
    value: value as T,
    locate(segments) {
      for (let length = segments.length; length >= 0; length -= 1) {
        const node = document.getIn(segments.slice(0, length), true) as
          { range?: [number, number, number] } | undefined;
        if (node?.range !== undefined) {
          const position = lineCounter.linePos(node.range[0]);
          return { line: position.line, column: position.col };
        }
      }
      return null;
    },
  };
  const errors = [...validatorFor(schema).Errors(value)];
  if (errors.length > 0) {
    // A union reports once per branch; one line per place is what a person can act on.
    const byPath = new Map<string, SchemaIssue[]>();
    for (const error of errors) {
      const group = byPath.get(error.instancePath) ?? [];
      group.push(error);
      byPath.set(error.instancePath, group);
    }
    for (const [pointer, group] of byPath) {
      problems.add(file, pointerToSegments(pointer), describeSchemaIssues(group), parsed);
    }
    return null;
  }
  return parsed;
}

interface SchemaIssue {
  keyword: string;
  message: string;
  params: Record<string, unknown>;
}

function describeSchemaIssues(issues: readonly SchemaIssue[]): string {
  const allowed = issues
    .filter((issue) => issue.keyword === 'const')
    .map((issue) => JSON.stringify(issue.params.allowedValue));
  if (allowed.length > 0) return `must be one of ${allowed.join(', ')}`;
  const types = issues.filter((issue) => issue.keyword === 'type').map((issue) => String(issue.params.type));
  if (types.length > 1) return `must be ${types.join(' or ')}`;
  const messages = issues
    .filter((issue) => issue.keyword !== 'anyOf')
    .map((issue) => {
      switch (issue.keyword) {
        case 'required':
          return `missing required field(s): ${(issue.params.requiredProperties as string[] | undefined)?.join(', ') ?? ''}`;
        case 'additionalProperties':
          return `unknown field(s): ${(issue.params.additionalProperties as string[] | undefined)?.join(', ') ?? ''}`;
        case 'boolean':
          return 'field is not allowed here';
        default:
          return issue.message;
      }
    });
  return [...new Set(messages)].join('; ') || 'does not match the schema';
}

/** Loads and validates policies/<code>/; throws PlanFilesError listing every problem found. */
export async function loadPlanDirectory(folder: string): Promise<PlanDocument> {
  const problems = new ProblemList();
  const metadata = await readYaml<PlanMetadata>(folder, 'plan.yaml', PlanMetadata, problems);
  const departments = await readYaml<{ departments: PlanDocument['departments'] }>(
    folder,
    'departments.yaml',
    DepartmentsFile,
    problems,
  );
  const units = await readYaml<{ units: PlanDocument['units'] }>(folder, 'units.yaml', UnitsFile, problems);
  const implicit = await readYaml<{ parameters: Parameter[] }>(
    folder,
    'implicit-parameters.yaml',
    ImplicitParametersFile,
    problems,
  );
  const facts = await readYaml<{ facts: PlanDocument['cityFacts']; note: string }>(
    folder,
    'city-facts.yaml',
    CityFactsFile,
    problems,
  );

  await checkNoStrayFiles(folder, problems);
  let actionFiles: string[] = [];
  try {
    const names = (await readdir(path.join(folder, 'actions'))).sort();
    actionFiles = names.filter((name) => name.endsWith('.yaml'));
    // A file the loader would skip is a file someone meant to be read: refuse it rather than drop it.
    for (const name of names.filter((item) => !item.endsWith('.yaml'))) {
      problems.add(`actions/${name}`, [], 'not a .yaml file: rename it to .yaml or move it out of actions/');
    }
  } catch {
    problems.add('actions/', [], 'folder is missing');
  }
  if (actionFiles.length === 0 && problems.items.length === 0) problems.add('actions/', [], 'no action files (*.yaml)');
  const actions: ParsedFile<Action>[] = [];
  for (const name of actionFiles) {
    const parsed = await readYaml<Action>(folder, `actions/${name}`, ActionFile, problems);
    if (parsed !== null) actions.push(parsed);
  }

  if (
    metadata === null ||
    departments === null ||
    units === null ||
    implicit === null ||
    facts === null ||
    problems.items.length > 0
  ) {
    throw new PlanFilesError(folder, problems.items);
  }

  await checkSource(folder, metadata, problems);
  const document = assemble(
    metadata.value,
    actions,
    departments.value.departments,
    units.value.units,
    implicit.value.parameters,
    facts.value,
  );
  checkCrossReferences(document, { folder, metadata, departments, units, implicit, actions }, problems);
  if (problems.items.length > 0) throw new PlanFilesError(folder, problems.items);
  return document;
}

/** Files a plan folder may hold at its top level; anything else would be silently ignored. */
const KNOWN_ENTRIES = new Set([
  'plan.yaml',
  'departments.yaml',
  'units.yaml',
  'implicit-parameters.yaml',
  'city-facts.yaml',
  'actions',
  'sources',
  'README.md',
]);

async function checkNoStrayFiles(folder: string, problems: ProblemList): Promise<void> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    problems.add('', [], `plan folder ${folder} is missing`);
    return;
  }
  for (const name of names.sort()) {
    if (!KNOWN_ENTRIES.has(name) && !name.startsWith('.')) {
      problems.add(name, [], `unknown file in the plan folder (known: ${[...KNOWN_ENTRIES].join(', ')})`);
    }
  }
}

async function checkSource(folder: string, metadata: ParsedFile<PlanMetadata>, problems: ProblemList): Promise<void> {
  try {
    const bytes = await readFile(path.join(folder, metadata.value.source.file));
    const digest = createHash('sha256').update(bytes).digest('hex');
    if (digest !== metadata.value.source.sha256) {
      problems.add(
        metadata.file,
        ['source', 'sha256'],
        `does not match ${metadata.value.source.file} (its sha256 is ${digest})`,
        metadata,
      );
    }
  } catch {
    problems.add(metadata.file, ['source', 'file'], `source text ${metadata.value.source.file} is missing`, metadata);
  }
}

function assemble(
  metadata: PlanMetadata,
  actionFiles: readonly ParsedFile<Action>[],
  departments: PlanDocument['departments'],
  units: PlanDocument['units'],
  implicitParameters: Parameter[],
  facts: { facts: PlanDocument['cityFacts']; note: string },
): PlanDocument {
  const actions = actionFiles.map((file) => file.value).sort((a, b) => a.number - b.number);
  const measures: PlanMeasure[] = actions
    .flatMap((action) => action.measures.map((measure) => ({ ...measure, action: action.number })))
    .sort((a, b) => a.number - b.number);
  const content = {
    metadata,
    actions: actions.map((action) => ({
      number: action.number,
      title: action.title,
      titleEn: action.titleEn,
      measureNumbers: action.measures.map((measure) => measure.number),
    })),
    measures,
    departments,
    units,
    implicitParameters,
    cityFacts: facts.facts,
    cityFactsNote: facts.note,
  };
  const contentHash = createHash('sha256').update(canonicalJson(content)).digest('hex');
  return { ...content, contentHash };
}
