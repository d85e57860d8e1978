/**
 * The web types no API shape by hand: every request and response shape comes from src/contract.
 * Read with the TypeScript compiler, this fails when an interface or type alias under web/src
 * - has the name of something src/contract exports (a schema or its type), or
 * - is an object shape of three or more properties whose property names are exactly those of a
 *   contract shape (the same shape retyped under another name).
 * An alias that only points into the contract (`type X = Static<typeof C>`, `C['field']`, `C`) is not
 * a shape written by hand and passes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CONTRACT = path.join(ROOT, 'src/contract');
const WEB = path.join(ROOT, 'web/src');

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ts|tsx)$/.test(e.name) && !e.name.endsWith('.d.ts'))
    .map((e) => path.join(e.parentPath, e.name));
}

interface ContractShape {
  /** module/name, for messages */
  readonly where: string;
  readonly name: string;
  /** the property names when the shape is an object type, else null */
  readonly keys: string | null;
}

const keyOf = (names: Iterable<string>) => [...new Set(names)].sort().join(',');

/** Every export of src/contract/*.ts with the property names of its type (Static<typeof …> for schemas). */
function contractShapes(): ContractShape[] {
  const modules = readdirSync(CONTRACT).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
  // a probe file that names the static type of every export, so the checker can list its properties
  const probePath = path.join(CONTRACT, '__web_shapes_probe__.ts');
  const lines = ["import type { Static } from 'typebox';"];
  const program0 = ts.createProgram(
    modules.map((m) => path.join(CONTRACT, m)),
    { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, strict: true, noEmit: true },
  );
  const checker0 = program0.getTypeChecker();
  const exportsOf = new Map<string, { name: string; isValue: boolean; isType: boolean }[]>();
  for (const m of modules) {
    const file = program0.getSourceFile(path.join(CONTRACT, m));
    const moduleSymbol = file && checker0.getSymbolAtLocation(file);
    if (!moduleSymbol) throw new Error(`cannot read ${m}`);
    const list = checker0.getExportsOfModule(moduleSymbol).map((s) => {
      const target = s.flags & ts.SymbolFlags.Alias ? checker0.getAliasedSymbol(s) : s;
      return {
        name: s.name,
        isValue: (target.flags & ts.SymbolFlags.Value) !== 0,
        isType: (target.flags & ts.SymbolFlags.Type) !== 0,
      };
    });
    exportsOf.set(m, list);
    const alias = m.replace(/\W/g, '_');
    lines.push(`import type * as ${alias} from './${m.replace(/\.ts$/, '.js')}';`);
    for (const e of list) {
      if (e.isType) lines.push(`export type P_${alias}_${e.name} = ${alias}.${e.name};`);
      else if (e.isValue) lines.push(`export type P_${alias}_${e.name} = Static<typeof ${alias}.${e.name}>;`);
    }
  }
  const probe = lines.join('\n');
  const options = program0.getCompilerOptions();
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const readFile = host.readFile.bind(host);
  host.getSourceFile = (name, lang, ...rest) =>
    path.resolve(name) === probePath ? ts.createSourceFile(name, probe, lang) : getSourceFile(name, lang, ...rest);
  host.fileExists = (name) => path.resolve(name) === probePath || fileExists(name);
  host.readFile = (name) => (path.resolve(name) === probePath ? probe : readFile(name));
  const program = ts.createProgram([probePath], options, host);
  const checker = program.getTypeChecker();
  const probeFile = program.getSourceFile(probePath);
  const probeSymbol = probeFile && checker.getSymbolAtLocation(probeFile);
  if (!probeSymbol) throw new Error('cannot read the probe');
  const byName = new Map(checker.getExportsOfModule(probeSymbol).map((s) => [s.name, s]));

  const shapes: ContractShape[] = [];
  for (const [m, list] of exportsOf) {
    const alias = m.replace(/\W/g, '_');
    for (const e of list) {
      const symbol = byName.get(`P_${alias}_${e.name}`);
      let keys: string | null = null;
      if (symbol) {
        const type = checker.getDeclaredTypeOfSymbol(symbol);
        const props = type.isUnion() ? [] : checker.getPropertiesOfType(type).map((p) => p.name);
        const isObject = (type.flags & ts.TypeFlags.Object) !== 0 || type.isIntersection();
        if (isObject && props.length >= 3 && checker.getIndexInfosOfType(type).length === 0) keys = keyOf(props);
      }
      shapes.push({ where: `src/contract/${m}`, name: e.name, keys });
    }
  }
  return shapes;
}

interface WebDeclaration {
  readonly where: string;
  readonly name: string;
  /** property names of the shape written here, when it is an object shape */
  readonly keys: string | null;
  /** the alias only names something of the contract (or derives from it) */
  readonly derived: boolean;
}

function memberNames(members: ts.NodeArray<ts.TypeElement>, file: ts.SourceFile): string[] {
  return members.filter((m) => m.name !== undefined).map((m) => m.name!.getText(file).replace(/^['"]|['"]$/g, ''));
}

/** Names that the file imports from src/contract. */
function contractImports(file: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  for (const statement of file.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    if (!/\/src\/contract\//.test(statement.moduleSpecifier.text)) continue;
    const bindings = statement.importClause?.namedBindings;
    if (bindings && ts.isNamedImports(bindings)) for (const el of bindings.elements) names.add(el.name.text);
  }
  return names;
}

/** Whether a type names only contract shapes and the ways to derive from them (Static, indexed access, utility types). */
function onlyFromContract(node: ts.TypeNode, fromContract: Set<string>): boolean {
  let sawContract = false;
  let handWritten = false;
  const visit = (n: ts.Node): void => {
    if (ts.isTypeLiteralNode(n) || ts.isMappedTypeNode(n)) handWritten = true;
    if (ts.isTypeQueryNode(n) && ts.isIdentifier(n.exprName) && fromContract.has(n.exprName.text)) sawContract = true;
    if (ts.isTypeReferenceNode(n) && ts.isIdentifier(n.typeName) && fromContract.has(n.typeName.text))
      sawContract = true;
    ts.forEachChild(n, visit);
  };
  visit(node);
  return sawContract && !handWritten;
}

function webDeclarations(): WebDeclaration[] {
  const found: WebDeclaration[] = [];
  for (const full of sourceFiles(WEB)) {
    const where = path.relative(ROOT, full);
    const file = ts.createSourceFile(full, readFileSync(full, 'utf8'), ts.ScriptTarget.Latest, true);
    const fromContract = contractImports(file);
    const visit = (node: ts.Node): void => {
      if (ts.isInterfaceDeclaration(node)) {
        const names = memberNames(node.members, file);
        found.push({ where, name: node.name.text, keys: names.length >= 3 ? keyOf(names) : null, derived: false });
      } else if (ts.isTypeAliasDeclaration(node)) {
        const literals: string[] = [];
        const collect = (t: ts.TypeNode) => {
          if (ts.isTypeLiteralNode(t)) literals.push(...memberNames(t.members, file));
          else if (ts.isIntersectionTypeNode(t)) t.types.forEach(collect);
          else if (ts.isParenthesizedTypeNode(t)) collect(t.type);
        };
        collect(node.type);
        found.push({
          where,
          name: node.name.text,
          keys: literals.length >= 3 ? keyOf(literals) : null,
          derived: onlyFromContract(node.type, fromContract),
        });
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return found;
}

describe('the web types no API shape by hand', () => {
  const contract = contractShapes();
  const web = webDeclarations();

  it('reads the contract and the web', () => {
    expect(contract.map((c) => c.name)).toContain('AccountView');
    expect(contract.find((c) => c.name === 'PoolDay')?.keys).toBeTruthy();
    expect(web.length).toBeGreaterThan(10);
  });

  it('declares nothing under a name the contract exports', () => {
    const names = new Map(contract.map((c) => [c.name, c.where]));
    const clashes = web
      .filter((d) => !d.derived && names.has(d.name))
      .map((d) => `${d.where}: ${d.name} (see ${names.get(d.name)})`);
    expect(clashes).toEqual([]);
  });

  it('retypes no contract shape under another name', () => {
    const shapes = new Map<string, string>();
    for (const c of contract) if (c.keys) shapes.set(c.keys, `${c.where} ${c.name}`);
    const copies = web
      .filter((d) => d.keys && shapes.has(d.keys))
      .map((d) => `${d.where}: ${d.name} has the fields of ${shapes.get(d.keys!)}`);
    expect(copies).toEqual([]);
  });
});
