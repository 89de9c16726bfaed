/**
 * The TypeScript in README.md and docs/*.md compiles against the built package, as a user would
 * paste it. Blocks that start mid-program use the names the text around them introduces: `app`
 * (a cdk8s App), `piraeus`/`install` (a PiraeusInstall) and `digestLock`; the package's names are
 * imported for them. Runs in `npm run test:full` (it reads lib/*.d.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const ROOT = path.join(__dirname, '..');
const DOCS = ['README.md', ...fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

interface Snippet { readonly file: string; readonly line: number; readonly code: string }

function snippets(): Snippet[] {
  const out: Snippet[] = [];
  for (const file of DOCS) {
    const lines = fs.readFileSync(path.join(ROOT, file), 'utf8').split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (lines[i].trim() !== '```ts') continue;
      const start = i + 1;
      let end = start;
      while (end < lines.length && lines[end].trim() !== '```') end++;
      out.push({ file, line: start + 1, code: lines.slice(start, end).join('\n') });
      i = end;
    }
  }
  return out;
}

/** The names the package root exports (values and types), from its declarations. */
function rootExports(program: ts.Program): Set<string> {
  const checker = program.getTypeChecker();
  const index = program.getSourceFile(path.join(ROOT, 'lib', 'index.d.ts'))!;
  return new Set(checker.getExportsOfModule(checker.getSymbolAtLocation(index)!).map((s) => s.name));
}

/** The snippet as a module: the names it uses but does not import or declare become imports. */
function asModule(s: Snippet, exported: ReadonlySet<string>): string {
  if (/^import /m.test(s.code)) return s.code;
  const declared = new Set([...s.code.matchAll(/\b(?:const|let|function|class)\s+([A-Za-z_$][\w$]*)/g)].map((m) => m[1]));
  const used = new Set([...s.code.matchAll(/\b[A-Za-z_$][\w$]*\b/g)].map((m) => m[0]));
  const names = [...used].filter((n) => exported.has(n) && !declared.has(n)).sort();
  const ambient = [
    ['app', 'App'], ['piraeus', 'PiraeusInstall'], ['install', 'PiraeusInstall'], ['digestLock', 'ImageDigestLock'],
  ].filter(([n]) => used.has(n) && !declared.has(n)).map(([n, t]) => `declare const ${n}: ${t};`);
  return [
    "import { App } from 'cdk8s';",
    ...(names.length ? [`import { ${names.join(', ')} } from 'cdk8s-piraeus';`] : []),
    "import type { ImageDigestLock as _Lock, PiraeusInstall as _Install } from 'cdk8s-piraeus';",
    ...ambient.map((a) => a.replace(': PiraeusInstall;', ': _Install;').replace(': ImageDigestLock;', ': _Lock;')),
    'export {};',
    s.code,
  ].join('\n');
}

describe('documentation snippets', () => {
  const all = snippets();

  test('there are snippets to check', () => {
    expect(all.length).toBeGreaterThanOrEqual(8);
  });

  test('every TypeScript block compiles against the built package', () => {
    if (!fs.existsSync(path.join(ROOT, 'lib', 'index.d.ts'))) throw new Error('lib/ is missing: run npm run build');
    // Inside the repository, so that 'cdk8s' resolves from its node_modules as in a user's project.
    const cache = path.join(ROOT, 'node_modules', '.cache');
    fs.mkdirSync(cache, { recursive: true });
    const dir = fs.mkdtempSync(path.join(cache, 'doc-snippets-'));
    const options: ts.CompilerOptions = {
      module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10, target: ts.ScriptTarget.ES2022,
      strict: true, noEmit: true, skipLibCheck: true, types: ['node'], typeRoots: [path.join(ROOT, 'node_modules', '@types')],
      baseUrl: ROOT, paths: { 'cdk8s-piraeus': ['lib/index.d.ts'], 'cdk8s-piraeus/*': ['lib/*/index.d.ts'] },
    };
    const probe = ts.createProgram([path.join(ROOT, 'lib', 'index.d.ts')], options);
    const exported = rootExports(probe);
    const files = all.map((s, i) => {
      const file = path.join(dir, `snippet-${i}.ts`);
      fs.writeFileSync(file, asModule(s, exported));
      return { file, snippet: s };
    });
    const program = ts.createProgram(files.map((f) => f.file), options, undefined, probe);
    const problems = ts.getPreEmitDiagnostics(program).map((d) => {
      const at = files.find((f) => f.file === d.file?.fileName);
      const where = at ? `${at.snippet.file} (block at line ${at.snippet.line})` : d.file?.fileName ?? '?';
      return `${where}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
    fs.rmSync(dir, { recursive: true, force: true });
    expect(problems).toEqual([]);
  }, 60_000);
});
