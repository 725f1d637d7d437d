/**
 * Lists exported symbols that nothing imports (`npx tsx scripts/unusedExports.ts`), the way
 * ts-prune does, with the TypeScript compiler the project already has.
 *
 * Every source of the three tsconfig projects plus bench/ is read; each import, re-export and
 * dynamic `import()` is resolved to its file. An export counts as used when another file imports
 * it by name, a namespace import or `import()` reads it as a property, or `export *` passes it on
 * to a module that is itself used that way. Exports of entry points (the Electron main, CLI,
 * workers, preload, renderer main, configs, tests and benches) are not listed: the outside world
 * or a test runner uses them.
 *
 * Output: one line per export — `path:line name (kind)` — in three groups: not used anywhere
 * (dead), used only inside its own file (the `export` keyword is not needed), used by tests or
 * benches only and not in its own file either (it may exist only for its test).
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const root = resolve(__dirname, '..');

function filesOf(project: string): string[] {
  const configPath = join(root, project);
  const config = ts.readConfigFile(configPath, (path) => readFileSync(path, 'utf8'));
  return ts.parseJsonConfigFileContent(config.config, ts.sys, dirname(configPath)).fileNames;
}

const files = [
  ...new Set([
    ...filesOf('tsconfig.node.json'),
    ...filesOf('tsconfig.web.json'),
    ...filesOf('tsconfig.e2e.json'),
    ...ts.sys.readDirectory(join(root, 'bench'), ['.ts', '.mts']),
    ...ts.sys.readDirectory(join(root, 'scripts'), ['.ts']),
  ]),
].map((file) => resolve(file));
const program = ts.createProgram(files, { allowJs: false, jsx: ts.JsxEmit.ReactJSX, moduleResolution: ts.ModuleResolutionKind.Bundler, module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 });
const checker = program.getTypeChecker();

const isTest = (file: string) => /\/tests\//.test(file) || /\/bench\//.test(file) || /\/scripts\//.test(file);
const ENTRY = [
  'src/main/index.ts',
  'src/main/cli.ts',
  'src/main/simWorker.ts',
  'src/preload/index.ts',
  'src/renderer/src/main.tsx',
  'src/renderer/src/workers/',
  'electron.vite.config.ts',
  'vitest.config.ts',
  'playwright.config.ts',
].map((path) => join(root, path));
const isEntry = (file: string) => ENTRY.some((entry) => file === entry || (entry.endsWith('/') && file.startsWith(entry))) || isTest(file);

/** The symbol an export name stands for (through `export { x as y }` and aliases). */
function target(symbol: ts.Symbol): ts.Symbol {
  return symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
}

/** Files using each exported symbol (by the target symbol). */
const users = new Map<ts.Symbol, Set<string>>();
function use(symbol: ts.Symbol | undefined, by: string): void {
  if (!symbol) return;
  const real = target(symbol);
  if (!users.has(real)) users.set(real, new Set());
  users.get(real)!.add(by);
}

function moduleSymbol(specifier: ts.Expression): ts.Symbol | undefined {
  return checker.getSymbolAtLocation(specifier);
}

/** Marks every export of a module (and what its `export *` passes on) as used by `by`. */
function useAll(module: ts.Symbol | undefined, by: string): void {
  if (!module) return;
  for (const exported of checker.getExportsOfModule(module)) use(exported, by);
}

for (const source of program.getSourceFiles()) {
  const file = source.fileName;
  if (file.includes('/node_modules/')) continue;
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && node.importClause) {
      const clause = node.importClause;
      const module = moduleSymbol(node.moduleSpecifier);
      if (clause.name) use(checker.getSymbolAtLocation(clause.name), file);
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamedImports(bindings)) for (const element of bindings.elements) use(checker.getSymbolAtLocation(element.name), file);
      if (bindings && ts.isNamespaceImport(bindings)) useAll(module, file);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
      // Re-exports: `export { a } from` passes a on; `export * from` is resolved through the
      // module's own export list, so the re-exporting file's users count for the source.
      if (node.exportClause && ts.isNamedExports(node.exportClause)) {
        for (const element of node.exportClause.elements) use(checker.getSymbolAtLocation(element.propertyName ?? element.name), file);
      }
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0]) {
      useAll(moduleSymbol(node.arguments[0]), file);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      useAll(moduleSymbol(node.argument.literal), file);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
}

/** Uses of a symbol inside its own file other than its declaration. */
function usedLocally(symbol: ts.Symbol, source: ts.SourceFile): boolean {
  const declarations = new Set(symbol.declarations ?? []);
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isIdentifier(node) && !declarations.has(node.parent as ts.Declaration)) {
      const at = checker.getSymbolAtLocation(node);
      if (at && target(at) === symbol && !(ts.isExportSpecifier(node.parent))) found = true;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const dead: string[] = [];
const localOnly: string[] = [];
const testsOnly: string[] = [];
for (const source of program.getSourceFiles()) {
  const file = source.fileName;
  if (file.includes('/node_modules/') || !file.startsWith(join(root, 'src')) || isEntry(file)) continue;
  const module = checker.getSymbolAtLocation(source);
  if (!module) continue;
  for (const exported of checker.getExportsOfModule(module)) {
    const real = target(exported);
    const declaration = real.declarations?.[0];
    // Re-exported from elsewhere: judged where it is declared.
    if (!declaration || declaration.getSourceFile() !== source) continue;
    const kind = real.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias) ? 'type' : 'value';
    const line = source.getLineAndCharacterOfPosition(declaration.getStart()).line + 1;
    const label = `${relative(root, file)}:${line} ${exported.name} (${kind})`;
    const by = [...(users.get(real) ?? [])].filter((user) => user !== file);
    if (by.length === 0) (usedLocally(real, source) ? localOnly : dead).push(label);
    // Exported for a test but also doing its job in its own file: not dead, only tested directly.
    else if (by.every(isTest) && !usedLocally(real, source)) testsOnly.push(`${label} ← ${by.map((user) => relative(root, user)).join(', ')}`);
  }
}

for (const [title, list] of [
  ['Exported, used nowhere', dead],
  ['Exported, used only in its own file', localOnly],
  ['Exported, used only by tests or benches (not in its own file either)', testsOnly],
] as const) {
  console.log(`# ${title}: ${list.length}`);
  for (const item of list.sort()) console.log(item);
}
