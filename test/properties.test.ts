/**
 * Property tests over generated image configurations, at least 10,000 cases per run:
 *
 *  1. nothing but a PiraeusError ever escapes, and the same input gives the same output (library
 *     and CLI, which must also print exactly what the library resolves);
 *  2. encoding a configuration with the library's emitter and decoding it again resolves to the
 *     same images (from generated YAML text and from generated typed documents);
 *  3. the RELATED_IMAGE_* pins that planImages emits (and the constructs put on the operator)
 *     leave every resolution unchanged, for OS strings that match each rule;
 *  4. the strict image-reference parser accepts everything the renderer produces from valid
 *     inputs.
 *
 * Configurations are generated as YAML TEXT, so the decoder's quirks are exercised: several
 * documents, random components, match rules with valid and invalid patterns, unquoted numbers,
 * yes, ~, odd-cased and unknown keys, duplicate keys, merge keys, plus repository values,
 * RELATED_IMAGE_* environments and external versions.
 *
 * Reproduce a failure with the seed fast-check prints: FC_SEED=<seed> npx jest test/properties
 * (FC_RUNS_SCALE=0.1 for a quick local run, =10 for a long one).
 */
import * as fc from 'fast-check';
import { Io } from '../src/cli/common';
import { main } from '../src/cli/main';
import { ErrorCodes, PiraeusError } from '../src/errors';
import { loadImageConfig } from '../src/resolver/configmap';
import { encodeDocument } from '../src/resolver/encode';
import { SATELLITE_COMPONENT } from '../src/resolver/external';
import { compileGoPattern } from '../src/resolver/go-regexp';
import { ImageResolver } from '../src/resolver/image-resolver';
import { renderEntry } from '../src/resolver/kustomize';
import { planImages } from '../src/resolver/plan';
import { formatReference, parseReference, validateReference, validateRepositoryPrefix } from '../src/resolver/reference';
import { ComponentConfig, ImageConfigDocument, OsMatch, Resolution } from '../src/resolver/types';

// CI runs a fixed seed, so a submission's result does not depend on luck; local runs explore
// new cases each time (and print the seed of any failure).
const CI_SEED = 20261121;
const SEED = process.env.FC_SEED !== undefined && process.env.FC_SEED !== ''
  ? Number(process.env.FC_SEED)
  : process.env.CI ? CI_SEED : undefined;
// `npm test` runs a tenth of the cases for fast feedback; `npm run test:full` (and CI) runs them all.
const SCALE = process.env.FC_RUNS_SCALE !== undefined ? Number(process.env.FC_RUNS_SCALE) : 0.1;

/** Runs per property; their sum is at least 10,000 at scale 1 (checked below). */
const RUNS = {
  noEscape: 2500,
  roundTripText: 2000,
  roundTripTyped: 1000,
  pins: 2500,
  strictParser: 2500,
} as const;

function params(numRuns: number): fc.Parameters<unknown> {
  return { numRuns: Math.max(1, Math.round(numRuns * SCALE)), seed: SEED, endOnFailure: false };
}

// Generous: the whole file takes well under a minute on the 2-core CI machine.
jest.setTimeout(240_000);

// =============================================================================================
// Pools. Small on purpose, so that names collide (a_b vs a + b), documents override each other
// and environment variables hit.
// =============================================================================================

const COMPONENTS = ['linstor-satellite', 'linstor-controller', 'drbd-module-loader', 'a', 'a_b', 'b', 'b_c', 'x.y', '__proto__'];
/** Keys written plain that YAML 1.1 reads as something else (1.10 -> "1.1", yes -> "true"). */
const QUIRKY_COMPONENT_KEYS = ['1.10', 'yes', '010', '~x'];
const IMAGES = ['piraeus-server', 'drbd9-noble', 'drbd9-jammy', 'b', 'c', 'b_c', 'x', 'img:v1', 'img@sha256:abc', 'Img', 'sub/path', '1.10', 'yes', '~', ''];
const TAGS = ['v1', 'v1.32.3', 'v9.2.16', '1.10', '010', '0x1F', '1e3', 'yes', 'No', '~', 'null', '', '2024-01-02', '.inf', 'latest', 'v1@x', 'a:b'];
const HEX = '0123456789abcdef';
const DIGEST_OK = `sha256:${'0123456789abcdef'.repeat(4)}`;
const DIGESTS = ['', DIGEST_OK, 'sha256:abc', `SHA256:${'ABCDEF0123456789'.repeat(4)}`, `md5:${'0123456789abcdef'.repeat(2)}`, 'sha256:'];
const BASES = ['quay.io/piraeusdatastore', 'registry.example.com:5000/p', 'localhost', '', 'quay.io/', '~', '1.10', 'Quay.io/P'];
const REPOSITORIES = ['', '', 'registry.example.com/mirror', 'localhost:5000', 'quay.io/'];
const EXTERNAL_VERSIONS: Array<string | undefined> = [undefined, undefined, undefined, '1.31.2', 'v1', ''];

/** Match patterns with OS strings they match (empty when none or the pattern is invalid). */
const PATTERNS: ReadonlyArray<{ p: string; samples: string[]; valid: boolean }> = [
  { p: 'Ubuntu 22\\.04', samples: ['Ubuntu 22.04.4 LTS'], valid: true },
  { p: '^Ubuntu 24', samples: ['Ubuntu 24.04.1 LTS'], valid: true },
  { p: '(?i)rocky', samples: ['Rocky Linux 9.4 (Blue Onyx)', 'ROCKY'], valid: true },
  { p: 'Debian GNU/Linux 1[23]', samples: ['Debian GNU/Linux 12 (bookworm)', 'Debian GNU/Linux 13 (trixie)'], valid: true },
  { p: '(?P<v>9)\\.\\d', samples: ['AlmaLinux 9.4'], valid: true },
  { p: '(?P<n>Talos)|(?P<n>Flatcar)', samples: ['Flatcar Container Linux 3975.2.0', 'Talos (v1.8.0)'], valid: true },
  { p: '', samples: ['anything at all'], valid: true },
  { p: '.*', samples: [''], valid: true },
  { p: '(a+)+$', samples: ['aaaaaaaaaaaaaaaaaaaaaaaa'], valid: true },
  { p: '\\p{Greek}', samples: ['Ελληνικά 1'], valid: true },
  { p: '(a+', samples: ['(a+'], valid: false },
  { p: '[z-a]', samples: ['z'], valid: false },
  { p: 'Ubuntu(?= 22)', samples: ['Ubuntu 22.04.4 LTS'], valid: false },
  { p: 'a**', samples: ['a'], valid: false },
  { p: '(Ubuntu) \\1', samples: ['Ubuntu Ubuntu'], valid: false },
  { p: 'a{1001}', samples: ['a'.repeat(1001)], valid: false },
];
const ALL_SAMPLES = [...new Set(PATTERNS.flatMap((x) => x.samples))];

const PRECOMPILED_OK = ['true', 'false', 'yes', 'no', 'on', 'off', 'y', 'True', '~'];
const PRECOMPILED_BAD = ['"true"', '1', 'maybe'];

const KEY_SPELLINGS: Record<string, string[]> = {
  base: ['base', 'base', 'base', 'Base', 'BASE'],
  components: ['components', 'components', 'components', 'Components'],
  image: ['image', 'image', 'image', 'Image', 'IMAGE'],
  tag: ['tag', 'tag', 'tag', 'Tag', 'TAG'],
  digest: ['digest', 'digest', 'Digest'],
  match: ['match', 'match', 'match', 'Match'],
  osImage: ['osImage', 'osImage', 'osImage', 'OSIMAGE', 'osimage'],
  precompiled: ['precompiled', 'precompiled', 'Precompiled'],
};
const UNKNOWN_KEYS = ['tagg', 'images', 'registry', 'x-notes'];

// =============================================================================================
// YAML text generation
// =============================================================================================

type Style = 'plain' | 'single' | 'double';

function renderScalar(v: string, style: Style): string {
  switch (style) {
    case 'plain':
      return v; // whatever YAML 1.1 makes of it: that is the point
    case 'single':
      return `'${v.replace(/'/g, "''")}'`;
    case 'double':
      return JSON.stringify(v); // JSON escapes are valid YAML double-quoted escapes
  }
}

/** A value rendered in some style; `safe` avoids styles that break the YAML for this value. */
function scalar(pool: readonly string[], safe: boolean): fc.Arbitrary<string> {
  const styles: fc.Arbitrary<Style> = fc.constantFrom<Style>('plain', 'plain', 'single', 'double');
  return fc.tuple(fc.constantFrom(...pool), styles).map(([v, style]) => {
    if (safe && style === 'plain' && !/^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(v) && !['~', ''].includes(v)) return renderScalar(v, 'single');
    return renderScalar(v, style);
  });
}

/** A pattern, single- or double-quoted (plain only when chaos is wanted). */
function patternScalar(safe: boolean): fc.Arbitrary<string> {
  return fc.tuple(fc.constantFrom(...PATTERNS.map((x) => x.p)), fc.constantFrom<Style>('single', 'double', 'plain'))
    .map(([p, style]) => (safe && style === 'plain' ? renderScalar(p, 'single') : renderScalar(p, style)));
}

function spelled(field: keyof typeof KEY_SPELLINGS): fc.Arbitrary<string> {
  return fc.constantFrom(...KEY_SPELLINGS[field]);
}

interface Line {
  readonly key: string;
  readonly value: string;
}

function ruleArb(safe: boolean): fc.Arbitrary<string[]> {
  const fields = fc.tuple(
    fc.tuple(spelled('osImage'), patternScalar(safe)),
    fc.option(fc.tuple(spelled('image'), scalar(IMAGES, safe)), { freq: 6 }),
    fc.option(fc.tuple(spelled('digest'), scalar(DIGESTS, safe)), { freq: 2 }),
    fc.option(fc.tuple(spelled('precompiled'), fc.constantFrom(...(safe ? PRECOMPILED_OK : [...PRECOMPILED_OK, ...PRECOMPILED_BAD]))), { freq: 3 }),
    fc.option(fc.tuple(fc.constantFrom(...UNKNOWN_KEYS), scalar(TAGS, safe)), { freq: 8 }),
  ).map((t) => t.filter((x): x is [string, string] => x !== null).map(([key, value]) => ({ key, value })));
  return fc.tuple(fc.constantFrom('block', 'block', 'block', 'flow', 'null'), fields).map(([kind, lines]) => {
    if (kind === 'null') return ['      -'];
    if (kind === 'flow' && lines.every((l) => !l.value.startsWith('[') && !/[,{}[\]]/.test(l.value) || /^['"]/.test(l.value))) {
      return [`      - {${lines.map((l) => `${l.key}: ${l.value}`).join(', ')}}`];
    }
    return lines.map((l, i) => `${i === 0 ? '      - ' : '        '}${l.key}: ${l.value}`);
  });
}

function componentArb(safe: boolean, anchors: boolean): fc.Arbitrary<string[]> {
  const name = fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...COMPONENTS) },
    { weight: 1, arbitrary: fc.constantFrom(...QUIRKY_COMPONENT_KEYS) },
  ).map((n) => (n === '__proto__' || /^[a-z]/.test(n) || QUIRKY_COMPONENT_KEYS.includes(n) ? n : `'${n}'`));
  const fields = fc.tuple(
    fc.option(fc.tuple(spelled('image'), scalar(IMAGES, safe)), { freq: 8 }),
    fc.option(fc.tuple(spelled('tag'), scalar(TAGS, safe)), { freq: 6 }),
    fc.option(fc.tuple(spelled('digest'), scalar(DIGESTS, safe)), { freq: 3 }),
    fc.option(fc.tuple(fc.constantFrom(...UNKNOWN_KEYS), scalar(TAGS, safe)), { freq: 6 }),
    fc.option(fc.tuple(spelled('image'), scalar(IMAGES, safe)), { freq: 6 }), // duplicate or other spelling
  ).map((t) => t.filter((x): x is [string, string] => x !== null).map(([key, value]): Line => ({ key, value })));
  const rules = fc.option(fc.tuple(spelled('match'), fc.array(ruleArb(safe), { maxLength: 4 })), { freq: 3 });
  return fc.tuple(name, fc.constantFrom('map', 'map', 'map', 'map', 'map', 'null'), fields, rules, fc.boolean())
    .map(([n, kind, lines, match, merge]) => {
      if (kind === 'null') return [`  ${n}:`];
      const out = [`  ${n}:`];
      if (anchors && merge) out.push('    <<: *defaults');
      for (const l of lines) out.push(`    ${l.key}: ${l.value}`);
      if (match) {
        const [key, list] = match;
        if (list.length === 0) out.push(`    ${key}: []`);
        else out.push(`    ${key}:`, ...list.flat());
      }
      if (out.length === 1) out.push('    tag: v0');
      return out;
    });
}

/** One ConfigMap entry as YAML text. `safe` keeps it decodable (mostly). */
function entryArb(safe: boolean): fc.Arbitrary<string> {
  return fc.record({
    comment: fc.boolean(),
    anchors: fc.boolean(),
    base: fc.option(fc.tuple(spelled('base'), scalar(BASES, safe)), { freq: 6 }),
    unknownTop: fc.option(fc.tuple(fc.constantFrom(...UNKNOWN_KEYS), scalar(TAGS, safe)), { freq: 5 }),
    componentsKey: spelled('components'),
    components: fc.array(componentArb(safe, true), { minLength: 0, maxLength: 5 }),
    extraDocument: fc.option(fc.constantFrom('---\nbase: quay.io/ignored\ncomponents:\n  a: {image: ignored, tag: v0}\n', '---\n', '...\n'), { freq: 6 }),
    glitch: safe ? fc.constant(null) : fc.option(fc.constantFrom('\t', ' ', '"', '[', '- ', ': :', '&x ', '*x', '%YAML 1.2\n', '\u0007'), { freq: 6 }),
  }).map((r) => {
    const lines: string[] = [];
    if (r.comment) lines.push('# generated by test/properties.test.ts');
    if (r.anchors) lines.push('x-defaults: &defaults', '  image: shared', '  tag: v9');
    if (r.base) lines.push(`${r.base[0]}: ${r.base[1]}`);
    if (r.unknownTop) lines.push(`${r.unknownTop[0]}: ${r.unknownTop[1]}`);
    if (r.components.length > 0) lines.push(`${r.componentsKey}:`, ...r.components.flat());
    let text = lines.join('\n') + '\n';
    // Merge keys need the anchor; without it the alias would be a (valid) syntax error.
    if (!r.anchors) text = text.replace(/^ {4}<<: \*defaults\n/gm, '');
    if (r.extraDocument) text += r.extraDocument;
    if (r.glitch) {
      // Somewhere at the start of a line, where it hurts most.
      const at = text.indexOf('\n', Math.floor(text.length / 2));
      text = at < 0 ? r.glitch + text : text.slice(0, at + 1) + r.glitch + text.slice(at + 1);
    }
    return text;
  });
}

/** Token soup: mostly not YAML at all. */
const soupArb: fc.Arbitrary<string> = fc.array(fc.constantFrom(
  'base', 'components', 'image', 'tag', 'digest', 'match', 'osImage', 'precompiled', 'Base', 'IMAGE', 'tagg', ':', ': ',
  '- ', '-', '\n', '\n  ', '\n    ', '\n      ', '  ', '\t', '"', "'", '[', ']', '{', '}', ',', '&a ', '*a', '<<: ',
  '!!str ', '!!int ', '!!binary ', '!x ', '~', 'yes', '1.10', '0777', '.nan', '.inf', '---\n', '...\n', '#', '|', '>',
  '?', '%YAML 1.1\n', '%TAG ! x\n', '\\', '(a+)+$', 'Ubuntu 22\\.04', 'sha256:', 'x', 'linstor-satellite', '\u2028',
  '\u0085', '\ufeff', '\r\n', '\r', '\u0000', '\ud800', '\u00e9', 'ſ', 'K',
), { maxLength: 40 }).map((a) => a.join(''));

const DATA_KEYS = ['0_piraeus_datastore_images.yaml', '0_sig_storage_images.yaml', '1_override.yaml', '10_x.yaml', '2_x.yaml', 'A.yaml', 'bad key', '__proto__'];

function dataArb(safe: boolean): fc.Arbitrary<Record<string, string>> {
  const entry = safe ? entryArb(true) : fc.oneof({ weight: 5, arbitrary: entryArb(false) }, { weight: 2, arbitrary: entryArb(true) }, { weight: 1, arbitrary: soupArb });
  return fc.uniqueArray(fc.tuple(fc.constantFrom(...DATA_KEYS), entry), { minLength: 1, maxLength: 3, selector: ([k]) => k })
    .map((pairs) => {
      const data: Record<string, string> = Object.create(null);
      for (const [k, v] of pairs) data[k] = v;
      return data;
    });
}

const ENV_VALUES = ['', 'quay.io/env/override:v2', 'quay.io/env/override@' + DIGEST_OK, 'x', ':v1', 'host:5000/img', 'localhost:5000',
  'a/b:c/d:e', 'img@sha256:abc:def', 'Not An Image', 'reg/img:', 'quay.io/env/x:v1=2'];

const envArb: fc.Arbitrary<Record<string, string>> = fc.array(fc.tuple(
  fc.oneof(
    fc.tuple(fc.constantFrom(...COMPONENTS), fc.constantFrom(...IMAGES)).map(([c, i]) => `RELATED_IMAGE_${c}_${i}`),
    fc.constantFrom(...COMPONENTS).map((c) => `RELATED_IMAGE_${c}`),
    fc.constantFrom('PATH', 'related_image_a', 'RELATED_IMAGE_', 'RELATED_IMAGE_nothing', 'NAMESPACE'),
  ),
  fc.constantFrom(...ENV_VALUES),
), { maxLength: 4 }).map((pairs) => {
  const env: Record<string, string> = Object.create(null);
  for (const [k, v] of pairs) env[k] = v;
  return env;
});

const osArb: fc.Arbitrary<string[]> = fc.array(fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...ALL_SAMPLES) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.constant('') },
), { minLength: 1, maxLength: 4 });

interface Scenario {
  readonly data: Record<string, string>;
  readonly repository: string;
  readonly env: Record<string, string>;
  readonly externalVersion: string | undefined;
  readonly osImages: string[];
}

function scenarioArb(safe: boolean, withEnv: boolean): fc.Arbitrary<Scenario> {
  return fc.record({
    data: dataArb(safe),
    repository: fc.constantFrom(...REPOSITORIES),
    env: withEnv ? envArb : fc.constant({}),
    externalVersion: fc.constantFrom(...EXTERNAL_VERSIONS),
    osImages: osArb,
  });
}

// =============================================================================================
// Helpers
// =============================================================================================

/** A stable, complete text form of anything the library returns (Maps included). */
function canonical(x: unknown): string {
  return JSON.stringify(x, (_k, v) => (v instanceof Map ? { map: [...v.entries()] } : v));
}

/** The part of a resolution the operator acts on (provenance aside). */
function view(r: Resolution): unknown {
  return {
    osImage: r.osImage,
    precompiled: r.precompiled,
    images: r.images.map((i) => ({ name: i.name, newName: i.newName, newTag: i.newTag, digest: i.digest, image: i.image })),
  };
}

/** Cheap deep equality; jest's diff only when the values differ. */
function same(actual: unknown, expected: unknown): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) expect(actual).toEqual(expected);
}

function sameView(actual: Resolution, expected: Resolution): void {
  same(view(actual), view(expected));
}

const KNOWN_CODES = new Set<string>(Object.values(ErrorCodes));

type Outcome = { readonly ok: string } | { readonly error: string; readonly code: string };

/**
 * Runs `body`; a PiraeusError is an outcome, anything else escaping fails the property.
 * A string result is taken as is (the caller serialized it), anything else is made canonical.
 */
function outcome(body: () => unknown): Outcome {
  try {
    const result = body();
    return { ok: typeof result === 'string' ? result : canonical(result) };
  } catch (e) {
    if (e instanceof PiraeusError) {
      if (!KNOWN_CODES.has(e.code)) throw new Error(`PiraeusError with an unknown code ${e.code}: ${e.message}`);
      return { error: `${e.code}: ${e.message}`, code: e.code };
    }
    throw e;
  }
}

/**
 * Everything the library computes for a scenario, serialized. `onCli` receives, as soon as it is
 * known, what the CLI's `resolve --output json` must print (the CLI stops there).
 */
function pipeline(s: Scenario, onCli: (view: string) => void = () => undefined): string {
  const loaded = loadImageConfig(s.data);
  const resolver = new ImageResolver(loaded.documents, { repository: s.repository, env: s.env, externalVersion: s.externalVersion });
  const resolutions = s.osImages.map((os) => resolver.resolve(os));
  const cluster = resolver.resolveCluster();
  const variants = resolver.variants();
  const diagnostics = resolver.diagnostics();
  onCli(JSON.stringify({ results: resolutions.map(view) }));
  const plan = planImages({
    data: s.data, repository: s.repository,
    externalController: s.externalVersion !== undefined, externalControllerVersion: s.externalVersion,
  });
  const encoded = loaded.documents.map((d) => encodeDocument(d));
  // Serialized here, Maps spelled out, so that no replacer has to visit every value.
  const plainDocs = (docs: readonly ImageConfigDocument[]) => docs.map((d) => ({ ...d, components: [...d.components] }));
  return JSON.stringify({
    documents: plainDocs(loaded.documents), loadDiagnostics: loaded.diagnostics,
    resolutions, cluster, variants, diagnostics, components: resolver.components(),
    plan: { env: plan.env, pins: plan.pins.map((p) => [p.name, p.value]), diagnostics: plan.diagnostics, documents: plainDocs(plan.documents) },
    encoded,
  });
}

function runCli(s: Scenario): { code: number; stdout: string; stderr: string } {
  // JSON, which kubectl reads as YAML 1.1 without surprises: every data value stays a string
  // (a plain `yes` written by a YAML 1.2 writer would be a boolean there).
  const manifest = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'piraeus-operator-image-config' }, data: { ...s.data } });
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, readStdin: () => manifest };
  const args = ['resolve', '--config-map', '-', '--output', 'json', `--repository=${s.repository}`,
    ...s.osImages.map((os) => `--os-image=${os}`),
    ...Object.entries(s.env).map(([k, v]) => `--env=${k}=${v}`),
    ...(s.externalVersion === undefined ? [] : [`--external-version=${s.externalVersion}`])];
  const code = main(args, io);
  return { code, stdout, stderr };
}

// =============================================================================================
// 1. Nothing but PiraeusError escapes; same input, same output
// =============================================================================================

test('the run counts add up to at least 10,000 cases', () => {
  expect(Object.values(RUNS).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(10_000);
});

test('the pattern table is right: valid patterns compile and match their sample OS strings', () => {
  for (const { p, samples, valid } of PATTERNS) {
    const compiled = compileGoPattern(p);
    expect({ p, valid: compiled.error === undefined }).toEqual({ p, valid });
    if (valid) for (const os of samples) expect({ p, os, matches: compiled.test(os) }).toEqual({ p, os, matches: true });
  }
});

describe('1. nothing but a PiraeusError escapes; same input, same output', () => {
  test('library and CLI, over generated configurations, environments and OS strings', () => {
    fc.assert(fc.property(scenarioArb(false, true), (s) => {
      let cliView: string | undefined;
      const first = outcome(() => pipeline(s, (v) => { cliView = v; }));
      const second = outcome(() => pipeline(s));
      same(second, first);

      // The CLI prints what the library resolves, or the library's error as one line.
      const cli = runCli(s);
      const library: Outcome = cliView !== undefined ? { ok: cliView } : first;
      const warningsOnly = cli.stderr.split('\n').every((l) => l === '' || /^warning: .* \[[A-Z_]+\]$/.test(l));
      const oneErrorLine = 'code' in library && new RegExp(`^error: [^\\n]* \\[${library.code}\\]\\n$`).test(cli.stderr);
      const ok = 'ok' in library
        ? cli.code === 0 && warningsOnly && JSON.stringify(JSON.parse(cli.stdout)) === library.ok
        : cli.code === 1 && cli.stdout === '' && oneErrorLine;
      if (!ok) expect({ code: cli.code, stdout: cli.stdout, stderr: cli.stderr }).toEqual({ library });
    }), params(RUNS.noEscape));
  });
});

// =============================================================================================
// 2. Encode, decode: the same images
// =============================================================================================

/** Field-by-field view of a document without lines. */
function strip(d: { base: string; components: ReadonlyMap<string, ComponentConfig> }): unknown {
  return {
    base: d.base,
    components: [...d.components].map(([k, c]) => [k, {
      tag: c.tag, image: c.image, digest: c.digest,
      match: c.match.map((m) => ({ osImage: m.osImage, image: m.image, precompiled: m.precompiled, digest: m.digest })),
    }]).sort((a, b) => ((a[0] as string) < (b[0] as string) ? -1 : (a[0] as string) > (b[0] as string) ? 1 : 0)),
  };
}

/** Resolves with and without the round trip and compares everything, provenance included. */
function expectSameResolutions(before: readonly ImageConfigDocument[], after: readonly ImageConfigDocument[], s: Scenario): void {
  const options = { repository: s.repository, env: s.env, externalVersion: s.externalVersion };
  const resolveAll = (docs: readonly ImageConfigDocument[]) => outcome(() => {
    const r = new ImageResolver(docs, options);
    return JSON.stringify([...[...s.osImages, ...ALL_SAMPLES].map((os) => r.resolve(os)), r.resolveCluster()]);
  });
  same(resolveAll(after), resolveAll(before));
}

describe('2. encoding and decoding again resolves to the same images', () => {
  test('from generated YAML text', () => {
    fc.assert(fc.property(scenarioArb(true, true), (s) => {
      let loaded;
      try {
        loaded = loadImageConfig(s.data);
      } catch (e) {
        if (e instanceof PiraeusError) return; // not a configuration: property 1 covers it
        throw e;
      }
      const reencoded: Record<string, string> = Object.create(null);
      for (const d of loaded.documents) reencoded[d.key] = encodeDocument(d);
      const again = loadImageConfig(reencoded);
      // What the emitter writes, the decoder reads back field for field, without a single warning
      // (KEY_ORDER and INVALID_KEY are about the data keys, which are the same on both sides).
      expect(again.diagnostics.filter((x) => !['KEY_ORDER', 'INVALID_KEY'].includes(x.code)).map((x) => `${x.code}: ${x.message}`)).toEqual([]);
      same(again.documents.map((d) => [d.key, strip(d)]), loaded.documents.map((d) => [d.key, strip(d)]));
      expectSameResolutions(loaded.documents, again.documents, s);
    }), params(RUNS.roundTripText));
  });

  const anyText = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...IMAGES, ...TAGS, ...BASES, ...DIGESTS, ...PATTERNS.map((x) => x.p), '<<', '- a', 'a: b', '#x', '"', "'", '\\', '\t', '\n', ' a', 'a ', '?', '@x', '%', '!x', '*a', '&a', '|', '>', '[', ']', '{', '}', ',', '=', '\u2028', '\u0085', '\ufeff', '\u00a0', '\u007f') },
    { weight: 2, arbitrary: fc.string({ maxLength: 10 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
  );
  const ruleTyped: fc.Arbitrary<OsMatch> = fc.record({ osImage: anyText, image: anyText, digest: anyText, precompiled: fc.boolean() });
  const componentTyped: fc.Arbitrary<ComponentConfig> = fc.record({ tag: anyText, image: anyText, digest: anyText, match: fc.array(ruleTyped, { maxLength: 3 }) });
  const documentTyped: fc.Arbitrary<ImageConfigDocument> = fc.record({
    key: fc.constantFrom(...DATA_KEYS),
    base: anyText,
    components: fc.array(fc.tuple(fc.oneof(anyText, fc.constantFrom(...COMPONENTS)), componentTyped), { maxLength: 4 }).map((a) => new Map(a)),
  });

  test('from generated typed documents', () => {
    fc.assert(fc.property(fc.uniqueArray(documentTyped, { minLength: 1, maxLength: 3, selector: (d) => d.key }), osArb, (docs, osImages) => {
      const data: Record<string, string> = Object.create(null);
      for (const d of docs) {
        try {
          data[d.key] = encodeDocument(d);
        } catch (e) {
          // Only strings that cannot be UTF-8 (lone surrogates) are refused, and as a PiraeusError.
          expect(e).toBeInstanceOf(PiraeusError);
          expect((e as PiraeusError).code).toBe(ErrorCodes.INVALID_INPUT);
          return;
        }
      }
      const ordered = [...docs].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      const again = loadImageConfig(data).documents;
      same(again.map(strip), ordered.map(strip));
      expectSameResolutions(ordered, again, { data, repository: '', env: {}, externalVersion: undefined, osImages });
    }), params(RUNS.roundTripTyped));
  });
});

// =============================================================================================
// 3. Pins leave every resolution unchanged
// =============================================================================================

const pinScenarioArb: fc.Arbitrary<Scenario> = fc.record({
  data: dataArb(true),
  repository: fc.constantFrom(...REPOSITORIES),
  env: fc.constant({}),
  externalVersion: fc.constantFrom(undefined, undefined, undefined, undefined, '1.31.2'),
  osImages: fc.constant([]),
});

/** The plan for a scenario, or undefined when the configuration is rejected. */
function planOf(s: Scenario): ReturnType<typeof planImages> | undefined {
  try {
    return planImages({ data: s.data, repository: s.repository, externalControllerVersion: s.externalVersion });
  } catch (e) {
    if (e instanceof PiraeusError) return undefined;
    throw e;
  }
}

describe('3. the RELATED_IMAGE_* pins leave every resolution unchanged', () => {
  test('for OS strings matching every rule, the empty string and random ones', () => {
    fc.assert(fc.property(pinScenarioArb, fc.array(fc.string({ maxLength: 12 }), { maxLength: 3 }), (s, randomOs) => {
      const plan = planOf(s);
      if (!plan) return;
      const options = { repository: s.repository, externalVersion: s.externalVersion };
      const without = new ImageResolver(plan.documents, options);
      const pinned = new ImageResolver(plan.documents, { ...options, env: new Map(plan.env.map((e) => [e.name, e.value])) });
      for (const os of ['', ...ALL_SAMPLES, ...randomOs]) {
        sameView(pinned.resolve(os), without.resolve(os));
        // The plan's own resolver is the pinned one.
        sameView(plan.resolver.resolve(os), pinned.resolve(os));
      }
      // The cluster controller shares the environment. It ignores the external version, so the
      // satellite's pin (which carries it) differs there, but no cluster-level workload runs the
      // linstor-satellite image.
      const cluster = (r: ImageResolver) => {
        const v = view(r.resolveCluster()) as { images: Array<{ name: string }> };
        return s.externalVersion === undefined ? v : { ...v, images: v.images.filter((i) => i.name !== SATELLITE_COMPONENT) };
      };
      expect(cluster(pinned)).toEqual(cluster(without));
      // Every pin is two-part (RELATED_IMAGE_<component>_<image>), never the bare component name.
      for (const pin of plan.pins) expect(pin.name.startsWith(`RELATED_IMAGE_${pin.component}_`)).toBe(true);
    }), params(RUNS.pins));
  });

  test('every pin name is an environment variable name Kubernetes accepts', () => {
    // IsEnvVarName: [-._a-zA-Z][-._a-zA-Z0-9]*; a Deployment with any other name is rejected
    // by the API server (before the RelaxedEnvironmentVariableValidation gate), so such a pin
    // must be skipped with a PIN_SKIPPED warning instead.
    fc.assert(fc.property(pinScenarioArb, (s) => {
      const plan = planOf(s);
      if (!plan) return;
      for (const e of plan.env) expect(e.name).toMatch(/^[-._a-zA-Z][-._a-zA-Z0-9]*$/);
    }), params(500));
  });
});

// =============================================================================================
// 4. The strict parser accepts what the renderer produces from valid inputs
// =============================================================================================

const lower = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789');
const alnum = fc.string({ unit: lower, minLength: 1, maxLength: 8 });
const separator = fc.constantFrom('.', '_', '__', '-', '--', '---');
const pathComponent = fc.tuple(alnum, fc.array(fc.tuple(separator, alnum), { maxLength: 2 }))
  .map(([head, rest]) => head + rest.map(([s, a]) => s + a).join(''));
const label = fc.tuple(
  fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'),
  fc.option(fc.tuple(fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-'), maxLength: 6 }), fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'))),
).map(([first, rest]) => (rest ? first + rest[0] + rest[1] : first));
const port = fc.option(fc.integer({ min: 1, max: 65535 }).map((p) => `:${p}`), { freq: 3 });
const domain = fc.oneof(
  fc.tuple(fc.array(label, { minLength: 1, maxLength: 3 }), fc.constantFrom('io', 'com', 'example', 'local'), port)
    .map(([labels, tld, p]) => `${labels.join('.')}.${tld}${p ?? ''}`),
  port.map((p) => `localhost${p ?? ''}`),
  fc.constantFrom('[::1]:5000', '[fe80::1]:443', '10.0.0.1:5000'),
);
/** A valid spec.repository / document base: [domain/]path, or a bare domain. */
const validBase = fc.oneof(
  fc.tuple(domain, fc.array(pathComponent, { minLength: 1, maxLength: 3 })).map(([d, p]) => `${d}/${p.join('/')}`),
  domain,
  fc.array(pathComponent, { minLength: 1, maxLength: 2 }).map((p) => p.join('/')),
);
const validImage = fc.array(pathComponent, { minLength: 1, maxLength: 2 }).map((p) => p.join('/'));
const tagFirst = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_');
const tagRest = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-');
const validTag = fc.oneof(
  { weight: 5, arbitrary: fc.tuple(tagFirst, fc.string({ unit: tagRest, maxLength: 12 })).map(([a, b]) => a + b) },
  { weight: 1, arbitrary: fc.tuple(tagFirst, fc.string({ unit: tagRest, minLength: 120, maxLength: 127 })).map(([a, b]) => a + b) },
  { weight: 2, arbitrary: fc.constant('') },
);
const hex = (n: number) => fc.string({ unit: fc.constantFrom(...HEX), minLength: n, maxLength: n });
const validDigest = fc.oneof(
  { weight: 3, arbitrary: fc.constant('') },
  { weight: 3, arbitrary: hex(64).map((h) => `sha256:${h}`) },
  { weight: 1, arbitrary: hex(96).map((h) => `sha384:${h}`) },
  { weight: 1, arbitrary: hex(128).map((h) => `sha512:${h}`) },
);
const PLACEHOLDERS = ['linstor-controller', 'linstor-satellite', 'drbd-module-loader', 'csi-attacher', 'ha-controller'];

/** Accepted, and read back into exactly the parts it was written from. */
function expectStrictlyValid(image: string): void {
  expect({ image, reason: validateReference(image) }).toEqual({ image, reason: undefined });
  expect(formatReference(parseReference(image))).toBe(image);
}

describe('4. the strict reference parser accepts what the renderer produces from valid inputs', () => {
  test('renderEntry, the resolver (with and without repository) and environment overrides', () => {
    const input = fc.record({
      base: validBase, repository: fc.option(validBase, { freq: 3 }), image: validImage, ruleImage: validImage,
      tag: validTag, digest: validDigest, ruleDigest: validDigest, placeholder: fc.constantFrom(...PLACEHOLDERS),
      override: fc.record({ name: fc.oneof(domain.map((d) => `${d}/x`), validBase.map((b) => `${b}/y`)), tag: validTag, digest: validDigest }),
    });
    fc.assert(fc.property(input, (v) => {
      // Keep names within the grammar's 255 characters; everything else is valid by construction.
      const longest = Math.max(v.base.length, v.repository?.length ?? 0) + 1 + Math.max(v.image.length, v.ruleImage.length);
      if (longest > 255 || v.override.name.length > 255) return;
      expect(validateRepositoryPrefix(v.base)).toBeUndefined();
      if (v.repository !== null) expect(validateRepositoryPrefix(v.repository)).toBeUndefined();

      expectStrictlyValid(renderEntry({ name: v.placeholder, newName: `${v.base}/${v.image}`, newTag: v.tag, digest: v.digest }));

      const doc: ImageConfigDocument = {
        key: '0_images.yaml',
        base: v.base,
        components: new Map([[v.placeholder, {
          tag: v.tag, image: v.image, digest: v.digest,
          match: [{ osImage: '^rule$', image: v.ruleImage, digest: v.ruleDigest, precompiled: false }],
        }]]),
      };
      for (const repository of v.repository === null ? [''] : ['', v.repository]) {
        const resolver = new ImageResolver([doc], { repository });
        for (const os of ['', 'rule']) {
          const [entry] = resolver.resolve(os).images;
          expectStrictlyValid(entry.image);
        }
      }

      // A valid RELATED_IMAGE_* value is written through unchanged.
      let value = v.override.name;
      if (v.override.tag !== '') value += `:${v.override.tag}`;
      if (v.override.digest !== '') value += `@${v.override.digest}`;
      expectStrictlyValid(value);
      const overridden = new ImageResolver([doc], { env: { [`RELATED_IMAGE_${v.placeholder}`]: value } });
      for (const os of ['', 'rule']) {
        const image = overridden.resolve(os).images[0].image;
        expect(image).toBe(value);
        expectStrictlyValid(image);
      }
    }), params(RUNS.strictParser));
  });
});
