/**
 * What ships: a real `npm pack` of the built package (`npm test` builds lib/ first), unpacked into
 * a temporary directory, checked for its file list, its entry points (at run time and for
 * TypeScript with the old `node` and the `node16` resolution) and its command.
 *
 * Nothing is installed: the package's runtime dependencies (`yaml`, `re2js`) and peers (`cdk8s`,
 * `constructs`) come from this repository's node_modules, through NODE_PATH for Node and through
 * symlinks in the consumer's node_modules for TypeScript.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';

const ROOT = path.join(__dirname, '..');
const NODE_MODULES = path.join(ROOT, 'node_modules');

interface PackResult { filename: string; files: { path: string }[] }

let dir: string;
let pkgDir: string;
let files: string[];
let manifest: Record<string, any>;

beforeAll(() => {
  if (!fs.existsSync(path.join(ROOT, 'lib', 'cli', 'main.js'))) throw new Error('lib/ is missing: run npm run build (npm test does)');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-piraeus-pack-'));
  const pack = spawnSync('npm', ['pack', '--json', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8' });
  if (pack.status !== 0) throw new Error(`npm pack failed:\n${pack.stderr}`);
  const [result] = JSON.parse(pack.stdout) as PackResult[];
  files = result.files.map((f) => f.path).sort();
  // The consumer project: node_modules/cdk8s-piraeus is the unpacked tarball.
  const modules = path.join(dir, 'consumer', 'node_modules');
  fs.mkdirSync(modules, { recursive: true });
  const untar = spawnSync('tar', ['-xzf', path.join(dir, result.filename), '-C', modules], { encoding: 'utf8' });
  if (untar.status !== 0) throw new Error(`tar failed:\n${untar.stderr}`);
  pkgDir = path.join(modules, 'cdk8s-piraeus');
  fs.renameSync(path.join(modules, 'package'), pkgDir);
  for (const dep of ['cdk8s', 'constructs', 'yaml', 're2js', '@types']) {
    fs.symlinkSync(path.join(NODE_MODULES, dep), path.join(modules, dep), 'dir');
  }
  fs.writeFileSync(path.join(dir, 'consumer', 'package.json'), '{ "name": "consumer", "private": true }\n');
  manifest = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
}, 120_000);
afterAll(() => { if (dir) fs.rmSync(dir, { recursive: true, force: true }); });

/** Runs node in the consumer project, dependencies from the repository (see the file comment). */
function node(args: string[]) {
  const r = spawnSync(process.execPath, args, {
    cwd: path.join(dir, 'consumer'), encoding: 'utf8', env: { ...process.env, NODE_PATH: NODE_MODULES },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the tarball', () => {
  test('ships the build, the release data and the documents, nothing else', () => {
    const allowed = [
      /^package\.json$/, /^README\.md$/, /^LICENSE$/, /^NOTICE$/, /^CHANGELOG\.md$/,
      /^lib\/.+\.js$/, /^lib\/.+\.d\.ts$/, /^lib\/releases\/[^/]+\.json$/,
    ];
    expect(files.filter((f) => !allowed.some((re) => re.test(f)))).toEqual([]);
    for (const f of ['package.json', 'README.md', 'LICENSE', 'lib/index.js', 'lib/index.d.ts', 'lib/cli/main.js',
      'lib/releases/index.json', 'NOTICE', 'CHANGELOG.md']) {
      expect(files).toContain(f);
    }
    // The release sources (releases/<v>/) stay home: lib/releases/<v>.json carries their objects and provenance.
    expect(files.filter((f) => /^(src|test|build|api|examples|bench|scripts|releases|\.ci)\//.test(f))).toEqual([]);
    const index = JSON.parse(fs.readFileSync(path.join(pkgDir, 'lib', 'releases', 'index.json'), 'utf8')) as { releases: string[] };
    expect(index.releases.length).toBeGreaterThan(0);
    for (const v of index.releases) expect(files).toContain(`lib/releases/${v}.json`);
  });

  test('every exports target and the bin are in it; no install scripts', () => {
    const targets: string[] = [];
    for (const value of Object.values(manifest.exports as Record<string, string | Record<string, string>>)) {
      targets.push(...(typeof value === 'string' ? [value] : Object.values(value)));
    }
    for (const t of [...targets, manifest.main, manifest.types, ...Object.values(manifest.bin as Record<string, string>)]) {
      expect(files).toContain(t.replace(/^\.\//, ''));
    }
    for (const list of Object.values(manifest.typesVersions['*'] as Record<string, string[]>)) {
      for (const t of list) expect(files).toContain(t);
    }
    for (const hook of ['preinstall', 'install', 'postinstall', 'prepare', 'prepack', 'postpack']) {
      expect(manifest.scripts?.[hook]).toBeUndefined();
    }
  });

  test('declarations leave out @internal members', () => {
    const leaking = files.filter((f) => f.endsWith('.d.ts')
      && /@internal/.test(fs.readFileSync(path.join(pkgDir, f), 'utf8')));
    expect(leaking).toEqual([]);
    expect(fs.readFileSync(path.join(pkgDir, 'lib', 'constructs', 'image-config-override.d.ts'), 'utf8')).not.toMatch(/_render/);
  });
});

describe('from the unpacked package', () => {
  test('the bin lists the built-in releases', () => {
    const r = node([path.join(pkgDir, manifest.bin['cdk8s-piraeus']), 'releases']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^release\s+date/);
    expect(r.stdout).toMatch(/^v2\.10\.4\s.*\(default\)$/m);
  });

  test('each entry point loads by its name; the modules behind them do not', () => {
    const script = `
      const out = {};
      for (const n of ['cdk8s-piraeus', 'cdk8s-piraeus/resolver', 'cdk8s-piraeus/release', 'cdk8s-piraeus/mirror',
        'cdk8s-piraeus/workloads', 'cdk8s-piraeus/storage', 'cdk8s-piraeus/imports']) out[n] = Object.keys(require(n)).length > 0;
      out.version = require('cdk8s-piraeus/package.json').version;
      try { require('cdk8s-piraeus/lib/resolver/yaml/float32'); out.deep = 'loaded'; } catch (e) { out.deep = e.code; }
      out.root = ['formatFloat32', 'compareBytewise', 'decodeDocument'].filter((k) => k in require('cdk8s-piraeus'));
      out.classes = typeof require('cdk8s-piraeus').PiraeusDatastore + typeof require('cdk8s-piraeus/resolver').ImageResolver;
      console.log(JSON.stringify(out));`;
    const r = node(['-e', script]);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({
      'cdk8s-piraeus': true, 'cdk8s-piraeus/resolver': true, 'cdk8s-piraeus/release': true, 'cdk8s-piraeus/mirror': true,
      'cdk8s-piraeus/workloads': true, 'cdk8s-piraeus/storage': true, 'cdk8s-piraeus/imports': true, 'version': manifest.version,
      'deep': 'ERR_PACKAGE_PATH_NOT_EXPORTED', 'root': [], 'classes': 'functionfunction',
    });
  });

  const CONSUMER = `
import { App, Chart } from 'cdk8s';
import { ErrorCodes, imports, LinstorCluster, OperatorRelease, PiraeusDatastore, PiraeusError, runSynth } from 'cdk8s-piraeus';
import { ImageResolver, loadImageConfig, parseReference } from 'cdk8s-piraeus/resolver';
import { buildInstall, OperatorRelease as Release } from 'cdk8s-piraeus/release';
import { collectImages, formatList } from 'cdk8s-piraeus/mirror';
import { parseNodeList } from 'cdk8s-piraeus/workloads';
import { LinstorClusterSpec } from 'cdk8s-piraeus/imports';
// @ts-expect-error helpers are not at the root
import { formatFloat32 } from 'cdk8s-piraeus';

const release: Release = OperatorRelease.latest();
const spec: LinstorClusterSpec = { nodeSelector: { a: 'b' } };
const op: imports.LinstorNodeConnectionSpecSelectorMatchLabelsOp = imports.LinstorNodeConnectionSpecSelectorMatchLabelsOp.IN;
export const used = [release, spec, op, ErrorCodes.INVALID_PROPS, PiraeusError, LinstorCluster, PiraeusDatastore, runSynth,
  ImageResolver, loadImageConfig, parseReference, buildInstall, collectImages, formatList, parseNodeList, App, Chart, formatFloat32];
`;

  test.each([
    ['node (node10)', ts.ModuleKind.CommonJS, ts.ModuleResolutionKind.Node10, 'resolves'],
    ['node16', ts.ModuleKind.Node16, ts.ModuleResolutionKind.Node16, 'is blocked'],
  ])('TypeScript with moduleResolution %s finds every entry point', (_name, module, moduleResolution, deep) => {
    const consumer = path.join(dir, 'consumer');
    const file = path.join(consumer, `use-${moduleResolution}.ts`);
    // Deep imports: old resolution has no `exports`, so they resolve; node16 honours the map.
    const deepLine = deep === 'is blocked'
      ? "// @ts-expect-error only the entry points are public\nimport { compareBytewise } from 'cdk8s-piraeus/lib/resolver/order';\nexport const d = compareBytewise;\n"
      : '';
    fs.writeFileSync(file, CONSUMER + deepLine);
    const program = ts.createProgram([file], {
      module, moduleResolution, target: ts.ScriptTarget.ES2022, strict: true, noEmit: true, skipLibCheck: true,
      types: [], typeRoots: [], esModuleInterop: true,
    });
    const diagnostics = ts.getPreEmitDiagnostics(program)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(diagnostics).toEqual([]);
    expect(program.getSourceFiles().some((sf) => sf.fileName.endsWith('cdk8s-piraeus/lib/resolver/index.d.ts'))).toBe(true);
  }, 60_000);
});
