/**
 * The shape of the code, as docs/architecture.md draws it, checked over every import:
 * - no import cycles in src/ (type-only imports aside: they leave no trace at run time);
 * - each layer imports only the layers below it; `http` reaches the database only through the
 *   composition root (src/app/);
 * - the contract is pure shapes: TypeBox, other contract files and the domain's vocabulary;
 * - the web imports from src/ only the contract and the pure domain.
 * Imports are read with TypeScript's own pre-processor, so comments and strings never count.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/shared/project-root.js';

const ROOT = projectRoot();

function filesUnder(folder: string): string[] {
  return readdirSync(path.join(ROOT, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(ts|tsx)$/.test(entry.name) && !entry.name.endsWith('.d.ts'))
    .map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)));
}

interface Import {
  readonly from: string;
  /** The imported file, relative to the project (without extension guessing: .js → .ts/.tsx). */
  readonly to: string;
  readonly typeOnly: boolean;
}

function resolve(from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = path.normalize(path.join(path.dirname(from), specifier)).replace(/\.js$/, '');
  for (const candidate of [`${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')]) {
    try {
      readFileSync(path.join(ROOT, candidate));
      return candidate;
    } catch {
      // try the next
    }
  }
  return base;
}

/** Every relative import of a file, and whether it is type-only (`import type`, `export type`). */
function importsOf(file: string): Import[] {
  const source = ts.createSourceFile(file, readFileSync(path.join(ROOT, file), 'utf8'), ts.ScriptTarget.Latest, true);
  const found: Import[] = [];
  for (const statement of source.statements) {
    if (
      (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) &&
      statement.moduleSpecifier !== undefined &&
      ts.isStringLiteral(statement.moduleSpecifier)
    ) {
      const to = resolve(file, statement.moduleSpecifier.text);
      if (to === null) continue;
      const typeOnly = ts.isImportDeclaration(statement)
        ? statement.importClause?.isTypeOnly === true ||
          (statement.importClause?.namedBindings !== undefined &&
            ts.isNamedImports(statement.importClause.namedBindings) &&
            statement.importClause.name === undefined &&
            statement.importClause.namedBindings.elements.length > 0 &&
            statement.importClause.namedBindings.elements.every((element) => element.isTypeOnly))
        : statement.isTypeOnly;
      found.push({ from: file, to, typeOnly });
    }
  }
  return found;
}

const SOURCE = filesUnder('src').filter((file) => !file.endsWith('.test.ts'));
const WEB = filesUnder('web/src');
const IMPORTS = [...SOURCE, ...WEB].flatMap(importsOf);

const layerOf = (file: string): string => file.split(path.sep).slice(0, 2).join('/');

describe('the import graph', () => {
  it('has no cycles in src/ (type-only imports aside)', () => {
    expect(IMPORTS.length).toBeGreaterThan(500);
    const edges = new Map<string, string[]>();
    for (const edge of IMPORTS) {
      if (edge.typeOnly || !edge.from.startsWith('src')) continue;
      edges.set(edge.from, [...(edges.get(edge.from) ?? []), edge.to]);
    }
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (file: string): void => {
      state.set(file, 'open');
      stack.push(file);
      for (const next of edges.get(file) ?? []) {
        if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next].join(' → '));
        else if (state.get(next) === undefined) visit(next);
      }
      stack.pop();
      state.set(file, 'done');
    };
    for (const file of SOURCE) if (state.get(file) === undefined) visit(file);
    expect(cycles).toEqual([]);
  });

  it('keeps every layer to the layers below it', () => {
    // Who may import whom (runtime or type); a layer may always import itself.
    const allowed: Record<string, readonly string[]> = {
      'src/shared': [],
      'src/contract': ['src/domain', 'src/shared'],
      'src/domain': ['src/contract', 'src/shared'],
      'src/db': ['src/domain', 'src/contract', 'src/shared'],
      'src/services': ['src/db', 'src/domain', 'src/contract', 'src/shared', 'src/config.ts'],
      'src/app': ['src/services', 'src/db', 'src/domain', 'src/contract', 'src/shared', 'src/config.ts'],
      'src/http': ['src/app', 'src/services', 'src/domain', 'src/contract', 'src/shared', 'src/config.ts'],
      'src/cli': ['src/app', 'src/services', 'src/db', 'src/domain', 'src/contract', 'src/shared', 'src/config.ts'],
      'src/main.ts': ['src/app', 'src/http', 'src/config.ts'],
      'src/config.ts': ['src/shared'],
    };
    const problems = IMPORTS.filter((edge) => edge.from.startsWith('src')).flatMap((edge) => {
      const from = layerOf(edge.from);
      const to = layerOf(edge.to);
      if (from === to) return [];
      // Only the domain's type-only imports of the contract are allowed; its runtime values stay its own.
      if (from === 'src/domain' && to === 'src/contract' && !edge.typeOnly)
        return [`${edge.from} → ${edge.to} (runtime)`];
      return (allowed[from] ?? []).includes(to) ? [] : [`${edge.from} → ${edge.to}`];
    });
    expect(problems).toEqual([]);
  });

  it('lets the contract import only the domain’s vocabulary, which imports nothing of its own', () => {
    const problems = IMPORTS.filter(
      (edge) => edge.from.startsWith('src/contract') && edge.to.startsWith('src/domain') && !edge.typeOnly,
    ).flatMap((edge) => {
      const further = IMPORTS.filter(
        (next) => next.from === edge.to && !next.typeOnly && !next.to.startsWith('src/domain'),
      );
      return further.map((next) => `${edge.from} → ${edge.to} → ${next.to}`);
    });
    expect(problems).toEqual([]);
  });

  it('opens write transactions in one place: services write through writeOnce, never writeTransaction', () => {
    const openers = SOURCE.filter((file) => !file.startsWith(`src${path.sep}db`)).filter((file) =>
      /\bwriteTransaction\b/.test(readFileSync(path.join(ROOT, file), 'utf8')),
    );
    expect(openers).toEqual([path.join('src', 'services', 'idempotent-write.ts')]);
  });

  it('keeps services out of repositories’ handles: they write through their store', () => {
    const reaching = SOURCE.filter((file) => file.startsWith(`src${path.sep}services`)).filter((file) =>
      /\.repository\.(db|dialect)\b/.test(readFileSync(path.join(ROOT, file), 'utf8')),
    );
    expect(reaching).toEqual([]);
  });

  it('lets the web import from src/ only the contract and the pure domain', () => {
    const problems = IMPORTS.filter((edge) => edge.from.startsWith('web') && edge.to.startsWith('src'))
      .filter((edge) => !edge.to.startsWith(`src${path.sep}contract`) && !edge.to.startsWith(`src${path.sep}domain`))
      .map((edge) => `${edge.from} → ${edge.to}`);
    expect(problems).toEqual([]);
  });
});
