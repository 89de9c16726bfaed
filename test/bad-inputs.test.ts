/**
 * The bad-input corpus: every case of test/fixtures/bad/cases.yaml through its entry
 * point, with its expected outcome (error code or warnings, and the location they name), nothing
 * but a PiraeusError escaping, and a time budget. The inputs too large to commit (a 1 MiB
 * ConfigMap, 10,000 components, 100,000-character OS strings) are generated here; see cases.yaml.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { Io } from '../src/cli/common';
import { main } from '../src/cli/main';
import { ErrorCodes, PiraeusError, SourceLocation } from '../src/errors';
import { parseLock } from '../src/mirror/lock';
import { loadImageConfig } from '../src/resolver/configmap';
import { ImageResolver } from '../src/resolver/image-resolver';
import { ExplicitOverride, planImages } from '../src/resolver/plan';
import { Diagnostic, Resolution } from '../src/resolver/types';
import { parseNodeList } from '../src/workloads/nodes';
import { defaultImageConfigData } from './support/defaults';

const BAD = path.join(__dirname, 'fixtures', 'bad');
const DEFAULT_KEY = '1_override.yaml';
const DEFAULT_OS_IMAGES = ['', 'Ubuntu 22.04.4 LTS'];

type Via = 'entry' | 'cli' | 'env' | 'nodes' | 'lock' | 'overrides';

interface ExpectedWarning extends SourceLocation {
  readonly code: string;
}

interface Expectation {
  readonly error?: string;
  readonly location?: SourceLocation;
  readonly detail?: string;
  readonly warnings?: readonly ExpectedWarning[];
  readonly noWarnings?: boolean;
  readonly images?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly exit?: number;
  readonly stderr?: readonly string[];
}

interface Case {
  readonly id: string;
  readonly file?: string;
  readonly via: Via;
  readonly key?: string;
  readonly osImages?: readonly string[];
  readonly repository?: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly externalVersion?: string;
  readonly args?: readonly string[];
  readonly stdin?: boolean;
  readonly wrapEntry?: boolean;
  readonly generate?: 'configmap-1mb' | 'components-10000' | 'deep-nesting-20000' | 'long-base-1mb' | 'os-string';
  readonly osString?: { readonly repeat: string; readonly times: number; readonly then?: string };
  readonly maxMs?: number;
  readonly expect: Expectation;
}

const corpus: { cases: Case[] } = YAML.parse(fs.readFileSync(path.join(BAD, 'cases.yaml'), 'utf8'));
const cases = corpus.cases;

// ---------------------------------------------------------------------------------------------
// Generated inputs
// ---------------------------------------------------------------------------------------------

const pad5 = (i: number): string => String(i).padStart(5, '0');

/** One override document with `n` components, each with a fallback and an Ubuntu 22.04 rule. */
function bulkDocument(n: number, prefix: string): string {
  const lines = ['base: quay.io/bulk', 'components:'];
  for (let i = 0; i < n; i++) {
    lines.push(`  ${prefix}-${pad5(i)}:`, `    image: image-${pad5(i)}`, '    tag: v1', '    match:',
      "      - osImage: 'Ubuntu 22\\.04'", `        image: jammy-${pad5(i)}`);
  }
  return lines.join('\n') + '\n';
}

/** A ConfigMap manifest as `kubectl get configmap -o yaml` prints it. */
function configMapManifest(data: Readonly<Record<string, string>>): string {
  const body = Object.entries(data).map(([k, v]) =>
    `  ${k}: |\n${v.replace(/\n$/, '').split('\n').map((l) => `    ${l}`).join('\n')}`).join('\n');
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: piraeus-operator-image-config\n  namespace: piraeus-datastore\ndata:\n${body}\n`;
}

/** The default documents plus a bulk document: at least 1 MiB of manifest. */
function configMap1MiB(): string {
  const defaults = defaultImageConfigData();
  // About 150 bytes per component in the manifest.
  let n = 6000;
  for (;;) {
    const text = configMapManifest({ ...defaults, '9_bulk.yaml': bulkDocument(n, 'bulk') });
    if (text.length >= 1 << 20) return text;
    n += 1000;
  }
}

function osString(c: Case): string {
  const spec = c.osString!;
  return spec.repeat.repeat(spec.times) + (spec.then ?? '');
}

function readFixture(c: Case): string {
  return fs.readFileSync(path.join(BAD, c.file!), 'utf8');
}

/** The input text of a case (fixture or generated). */
function inputText(c: Case): string {
  switch (c.generate) {
    case 'configmap-1mb':
      return configMap1MiB();
    case 'components-10000':
      return bulkDocument(10_000, 'comp');
    case 'deep-nesting-20000':
      return `base: quay.io/p\nx: ${'['.repeat(20_000)}\n`;
    case 'long-base-1mb':
      return `base: ${'a'.repeat(1 << 20)}\ncomponents:\n  linstor-controller:\n    image: piraeus-server\n    tag: v1.32.3\n`;
    default:
      return readFixture(c);
  }
}

/** OS strings of an entry case, with "generated" standing for the generated one. */
function osImagesOf(c: Case): string[] {
  const list = c.osImages ?? DEFAULT_OS_IMAGES;
  return c.generate === 'os-string' ? [...list, osString(c)] : [...list];
}

function resolveKey(c: Case, os: string): string {
  return os === 'generated' ? osString(c) : os;
}

// ---------------------------------------------------------------------------------------------
// Entry points
// ---------------------------------------------------------------------------------------------

interface Outcome {
  readonly error?: PiraeusError;
  readonly diagnostics: readonly Diagnostic[];
  readonly resolutions: ReadonlyMap<string, Resolution>;
}

/** Runs `body`; a PiraeusError is an outcome, anything else escaping is a test failure. */
function guarded(body: () => Outcome): Outcome {
  try {
    return body();
  } catch (e) {
    if (e instanceof PiraeusError) return { error: e, diagnostics: [], resolutions: new Map() };
    throw new Error(`something other than a PiraeusError escaped: ${e instanceof Error ? e.stack : String(e)}`);
  }
}

function runEntry(c: Case): Outcome {
  const text = inputText(c);
  const data = { [c.key ?? DEFAULT_KEY]: text };
  return guarded(() => {
    const loaded = loadImageConfig(data);
    const resolver = new ImageResolver(loaded.documents, {
      repository: c.repository, env: c.env, externalVersion: c.externalVersion,
    });
    const resolutions = new Map<string, Resolution>();
    for (const os of osImagesOf(c)) resolutions.set(os, resolver.resolve(os));
    resolver.resolveCluster();
    const plan = planImages({ data, repository: c.repository, externalControllerVersion: c.externalVersion });
    return { diagnostics: [...plan.diagnostics, ...resolver.diagnostics()], resolutions };
  });
}

function runNodes(c: Case): Outcome {
  return guarded(() => {
    parseNodeList(readFixture(c), path.basename(c.file!));
    return { diagnostics: [], resolutions: new Map() };
  });
}

function runLock(c: Case): Outcome {
  return guarded(() => {
    parseLock(readFixture(c), path.basename(c.file!));
    return { diagnostics: [], resolutions: new Map() };
  });
}

function runOverrides(c: Case): Outcome {
  const overrides: ExplicitOverride[] = JSON.parse(readFixture(c));
  return guarded(() => {
    const plan = planImages({ data: defaultImageConfigData(), overrides, where: path.basename(c.file!) });
    return { diagnostics: plan.diagnostics, resolutions: new Map() };
  });
}

interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function fakeIo(stdin: string | undefined): Io & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (t: string) => { io.out += t; },
    stderr: (t: string) => { io.err += t; },
    readStdin: () => {
      if (stdin === undefined) throw new Error('standard input was not expected to be read');
      return stdin;
    },
  };
  return io;
}

function runCli(c: Case): CliRun {
  let stdin: string | undefined;
  let args: string[];
  if (c.via === 'env') {
    const lines = readFixture(c).split('\n').filter((l) => l.trim() !== '');
    args = ['resolve', '--output', 'json', ...lines.map((l) => `--env=${l}`)];
  } else {
    const file = c.file === undefined ? '' : path.join(BAD, c.file);
    const os = c.generate === 'os-string' ? osString(c) : '';
    args = (c.args ?? []).map((a) => a.replace('{file}', file).replace('{os}', os));
    if (c.stdin) {
      // Read as the real process reads standard input: UTF-8 text.
      if (c.wrapEntry) stdin = configMapManifest({ [DEFAULT_KEY]: readFixture(c) });
      else if (c.generate === 'configmap-1mb') stdin = configMap1MiB();
      else stdin = fs.readFileSync(file, 'utf8');
    }
  }
  const io = fakeIo(stdin);
  const code = main(args, io);
  return { code, stdout: io.out, stderr: io.err };
}

// ---------------------------------------------------------------------------------------------
// Assertions
// ---------------------------------------------------------------------------------------------

function expectLocation(actual: SourceLocation | undefined, expected: SourceLocation | undefined): void {
  if (!expected) return;
  const picked: Record<string, unknown> = {};
  for (const k of Object.keys(expected)) picked[k] = (actual as Record<string, unknown> | undefined)?.[k];
  expect(picked).toEqual(expected);
}

function describeDiagnostics(ds: readonly Diagnostic[]): string {
  return ds.map((d) => `${d.code} ${JSON.stringify(d.location)}`).join('\n');
}

function expectWarnings(diagnostics: readonly Diagnostic[], expected: readonly ExpectedWarning[] | undefined): void {
  for (const w of expected ?? []) {
    const { code, ...where } = w;
    const hit = diagnostics.some((d) => d.code === code
      && Object.entries(where).every(([k, v]) => (d.location as Record<string, unknown>)[k] === v));
    if (!hit) {
      throw new Error(`expected a ${code} warning at ${JSON.stringify(where)}; got:\n${describeDiagnostics(diagnostics)}`);
    }
  }
}

function expectImages(c: Case, lookup: (os: string) => Record<string, string> | undefined): void {
  for (const [osKey, want] of Object.entries(c.expect.images ?? {})) {
    const got = lookup(resolveKey(c, osKey));
    expect(got).toBeDefined();
    if (Object.keys(want).length === 0) {
      expect(got).toEqual({});
      continue;
    }
    const picked: Record<string, string | undefined> = {};
    for (const name of Object.keys(want)) picked[name] = got![name];
    expect(picked).toEqual(want);
  }
}

function imagesOf(r: Resolution): Record<string, string> {
  return Object.fromEntries(r.images.map((i) => [i.name, i.image]));
}

function checkLibraryOutcome(c: Case, outcome: Outcome): void {
  const e = c.expect;
  if (e.error !== undefined) {
    if (!outcome.error) throw new Error(`expected ${e.error}, but nothing was thrown`);
    expect(outcome.error.code).toBe(e.error);
    expect(Object.values(ErrorCodes)).toContain(outcome.error.code);
    expectLocation(outcome.error.location, e.location);
    if (e.detail !== undefined) expect(outcome.error.detail).toContain(e.detail);
    // The message names the location it carries.
    if (outcome.error.location?.key !== undefined) expect(outcome.error.message).toContain(`"${outcome.error.location.key}"`);
    return;
  }
  if (outcome.error) throw new Error(`unexpected ${outcome.error.code}: ${outcome.error.message}`);
  expectWarnings(outcome.diagnostics, e.warnings);
  if (e.noWarnings) expect(describeDiagnostics(outcome.diagnostics)).toBe('');
  expectImages(c, (os) => {
    const r = outcome.resolutions.get(os);
    return r ? imagesOf(r) : undefined;
  });
}

/** The stderr rules of docs/cli.md: one error line; exit 2 adds the usage, nothing else. */
function expectCliShape(run: CliRun, errorCode: string | undefined): void {
  expect(run.stderr).not.toContain('internal error');
  const lines = run.stderr.split('\n');
  expect(lines.pop()).toBe(''); // every line ends with a newline
  if (run.code === 0) {
    for (const l of lines) expect(l).toMatch(/^warning: .* \[[A-Z_]+\]$/);
    return;
  }
  expect(run.stdout).toBe('');
  expect(lines.filter((l) => l.startsWith('error: '))).toHaveLength(1);
  expect(lines[0]).toMatch(/^error: /);
  if (run.code === 1) {
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/ \[[A-Z_]+\]$/);
  } else {
    expect(run.code).toBe(2);
    expect(lines[1]).toMatch(/^usage: /);
    for (const l of lines.slice(2)) expect(l).toMatch(/^\s+\S/);
  }
  if (errorCode !== undefined) expect(lines[0].endsWith(` [${errorCode}]`)).toBe(true);
}

function expectCliWarnings(stderr: string, expected: readonly ExpectedWarning[] | undefined): void {
  const lines = stderr.split('\n').filter((l) => l.startsWith('warning: '));
  for (const w of expected ?? []) {
    const parts = [`[${w.code}]`];
    if (w.key !== undefined) parts.push(`ConfigMap key "${w.key}"${w.line !== undefined ? ` line ${w.line}` : ''}`);
    if (w.component !== undefined) parts.push(`component "${w.component}"`);
    if (w.path !== undefined) parts.push(`at ${w.path}:`);
    if (!lines.some((l) => parts.every((p) => l.includes(p)))) {
      throw new Error(`expected a warning line with ${JSON.stringify(parts)}; got:\n${lines.join('\n')}`);
    }
  }
}

function checkCliOutcome(c: Case, run: CliRun): void {
  const e = c.expect;
  expect({ exit: run.code, stderr: run.stderr.slice(0, 2000) }).toEqual({ exit: e.exit, stderr: expect.any(String) });
  expectCliShape(run, e.error);
  for (const s of e.stderr ?? []) expect(run.stderr).toContain(s);
  expectCliWarnings(run.stderr, e.warnings);
  if (run.code === 0) {
    const out = JSON.parse(run.stdout) as { results: Array<{ osImage: string; images: Array<{ name: string; image: string }> }> };
    expectImages(c, (os) => {
      const r = out.results.find((x) => x.osImage === os);
      return r ? Object.fromEntries(r.images.map((i) => [i.name, i.image])) : undefined;
    });
  }
}

function runCase(c: Case): void {
  switch (c.via) {
    case 'entry':
      return checkLibraryOutcome(c, runEntry(c));
    case 'nodes':
      return checkLibraryOutcome(c, runNodes(c));
    case 'lock':
      return checkLibraryOutcome(c, runLock(c));
    case 'overrides':
      return checkLibraryOutcome(c, runOverrides(c));
    case 'cli':
    case 'env':
      return checkCliOutcome(c, runCli(c));
  }
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

describe('the corpus', () => {
  test('has at least 40 committed inputs, every one of them listed in cases.yaml', () => {
    const files: string[] = [];
    for (const sub of fs.readdirSync(BAD, { withFileTypes: true })) {
      if (sub.isDirectory()) for (const f of fs.readdirSync(path.join(BAD, sub.name))) files.push(`${sub.name}/${f}`);
    }
    const listed = new Set(cases.map((c) => c.file).filter((f): f is string => f !== undefined));
    expect(files.filter((f) => !listed.has(f))).toEqual([]);
    expect([...listed].filter((f) => !files.includes(f))).toEqual([]);
    expect(files.length).toBeGreaterThanOrEqual(40);
  });

  test('every case has a unique id and an expected outcome', () => {
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
    for (const c of cases) {
      const e = c.expect;
      const hasOutcome = e.error !== undefined || e.exit !== undefined || e.warnings !== undefined
        || e.noWarnings === true || e.images !== undefined;
      expect({ id: c.id, hasOutcome }).toEqual({ id: c.id, hasOutcome: true });
    }
  });

  test('the generated inputs have the sizes cases.yaml promises', () => {
    expect(configMap1MiB().length).toBeGreaterThanOrEqual(1 << 20);
    expect(loadImageConfig({ x: bulkDocument(10_000, 'comp') }).documents[0].components.size).toBe(10_000);
    for (const c of cases.filter((x) => x.generate === 'os-string')) expect(osString(c).length).toBeGreaterThanOrEqual(100_000);
  });
});

/**
 * The generated megabyte-sized inputs take most of this file's time; `npm test` leaves them to
 * `npm run test:full` (which CI runs too), so that the everyday run stays fast.
 */
const HEAVY = new Set(['configmap-1mb', 'components-10000', 'long-base-1mb']);
const FULL = process.env.CDK8S_PIRAEUS_FULL_TESTS === '1';

describe.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
  // Time budgets for these cases are measured by bench/hostile.js, never asserted here.
  const run = c.generate !== undefined && HEAVY.has(c.generate) && !FULL ? test.skip : test;
  run(`${c.via}: ${c.expect.error ?? (c.expect.exit !== undefined ? `exit ${c.expect.exit}` : 'resolves')}`, () => {
    runCase(c);
  }, 60_000);
});

// Linear growth on hostile OS strings is measured by bench/hostile.js (npm run bench).
