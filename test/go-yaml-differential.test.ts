/**
 * The image-configuration decoder held to the operator's own decoding, case by case.
 *
 * test/fixtures/go-yaml-answers.json holds a corpus of entries (scripts/go-yaml-answers/cases.js)
 * and, for each, what the Piraeus Operator's decoding gives: scripts/go-yaml-answers/main.go calls
 * sigs.k8s.io/yaml v1.6.0's Unmarshal (over go.yaml.in/yaml/v2 v2.4.4) into the operator's
 * imageversions.Config, as pkg/imageversions FromConfigMap does. Every case must decode here to
 * the same Config, or fail where the operator fails, with the error code that way of failing maps
 * to. Where the library deliberately or knowingly answers otherwise, the case is listed in
 * KNOWN_DIVERGENCES with the reason, and the test checks that it still answers exactly that.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ErrorCodes, PiraeusError } from '../src/errors';
import { loadImageConfig } from '../src/resolver/configmap';
import { ImageConfigDocument } from '../src/resolver/types';
import { decodeDocument } from '../src/resolver/yaml/decode';

/** A decoded Config as the table writes it: empty fields left out. */
interface ConfigView {
  base?: string;
  components?: Record<string, {
    tag?: string; image?: string; digest?: string;
    match?: Array<{ osImage?: string; image?: string; precompiled?: boolean; digest?: string }>;
  }>;
}
/** Where the operator's decoding failed, and Go's message (without sigs.k8s.io/yaml's prefix). */
interface GoFailure {
  readonly stage: 'parse' | 'decode' | 'tojson' | 'json';
  readonly message: string;
}
interface GoAnswer {
  readonly config?: ConfigView;
  readonly error?: GoFailure;
}
interface Case {
  readonly name: string;
  readonly text: string;
  readonly go?: GoAnswer;
  /** Every answer Go gave where its map iteration order decides. */
  readonly goAny?: GoAnswer[];
}
interface Table {
  readonly about: string[];
  readonly header: {
    readonly go: string[];
    readonly modules: Array<{ path: string; version: string }>;
    readonly sources?: Record<string, string>;
  };
  readonly cases: Case[];
}

const FIXTURE = path.join(__dirname, 'fixtures', 'go-yaml-answers.json');
const TABLE: Table = JSON.parse(fs.readFileSync(FIXTURE, 'utf8'));

/**
 * The library's code for each way the operator fails (docs/resolver.md, "Decoding an entry"):
 * what go-yaml's reader, scanner, parser and composer reject is YAML_SYNTAX (an unknown anchor
 * included), and so are the decoder's alias limits; a value go-yaml cannot decode as its tag, a
 * map merge of something else than mappings, a key that is a list or mapping, a key JSON cannot
 * hold, NaN or infinity where no string is expected, and every encoding/json type error are
 * DECODE_TYPE.
 */
function expectedCode(e: GoFailure): string {
  switch (e.stage) {
    case 'parse':
      return ErrorCodes.YAML_SYNTAX;
    case 'decode':
      return /^yaml: (anchor '.*' value contains itself|document contains excessive aliasing)/.test(e.message)
        ? ErrorCodes.YAML_SYNTAX
        : ErrorCodes.DECODE_TYPE;
    default:
      return ErrorCodes.DECODE_TYPE;
  }
}

/** A decoded document in the table's form. */
function view(doc: ImageConfigDocument): ConfigView {
  const out: ConfigView = {};
  if (doc.base !== '') out.base = doc.base;
  if (doc.components.size > 0) {
    out.components = Object.fromEntries([...doc.components].map(([name, c]) => {
      const comp: NonNullable<ConfigView['components']>[string] = {};
      if (c.tag !== '') comp.tag = c.tag;
      if (c.image !== '') comp.image = c.image;
      if (c.digest !== '') comp.digest = c.digest;
      if (c.match.length > 0) {
        comp.match = c.match.map((m) => {
          const rule: { osImage?: string; image?: string; precompiled?: boolean; digest?: string } = {};
          if (m.osImage !== '') rule.osImage = m.osImage;
          if (m.image !== '') rule.image = m.image;
          if (m.precompiled) rule.precompiled = true;
          if (m.digest !== '') rule.digest = m.digest;
          return rule;
        });
      }
      return [name, comp];
    }));
  }
  return out;
}

/** What the library answers: the document, or the code it refuses the entry with. */
type Outcome = { readonly config: ConfigView } | { readonly code: string; readonly message: string };

function outcomeOf(decode: () => ImageConfigDocument): Outcome {
  try {
    return { config: view(decode()) };
  } catch (e) {
    if (e instanceof PiraeusError) return { code: e.code, message: e.message };
    throw e;
  }
}

function libraryOutcome(text: string): Outcome {
  return outcomeOf(() => decodeDocument('go-yaml.yaml', text).document);
}

function agrees(lib: Outcome, go: GoAnswer): boolean {
  if (go.config !== undefined) return 'config' in lib && JSON.stringify(sorted(lib.config)) === JSON.stringify(sorted(go.config));
  return 'code' in lib && go.error !== undefined && lib.code === expectedCode(go.error);
}

/** The same value with every object's keys in code-unit order (keys such as __proto__ kept). */
function sorted(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sorted);
  if (v === null || typeof v !== 'object') return v;
  const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.map(([k, x]) => [k, sorted(x)]);
}

function answers(c: Case): GoAnswer[] {
  return c.goAny ?? (c.go ? [c.go] : []);
}

/** What the library does instead of the operator's answer, and why. */
interface KnownDivergence {
  /** The library's answer: the code it refuses with, or `decodes` (to a different Config). */
  readonly library: 'YAML_SYNTAX' | 'DECODE_TYPE' | 'INVALID_INPUT' | 'decodes';
  readonly reason: string;
}

const TWO_BOMS = 'go-yaml v2.4\'s is_bom (yamlprivateh.go) looks at the start of its read buffer, not at the position it '
  + 'is given: after a leading BOM, a second U+FEFF at the start of that buffer makes the scanner skip the first '
  + 'character of every line at column 0 (scannerc.go yaml_parser_scan_to_next_token) until yaml_parser_update_buffer '
  + '(readerc.go) next moves the unread text to the buffer\'s start, which depends on its 512-byte reads; the library '
  + 'reads the second U+FEFF as a character of the first key and does not model the reader\'s buffer';

/**
 * Cases where the library answers otherwise, each with the reason. The test checks that the
 * library still answers exactly this; when it comes to agree with the operator, the entry fails
 * and is to be removed.
 */
const KNOWN_DIVERGENCES: Readonly<Record<string, KnownDivergence>> = {
  'stream bom twice': { library: 'decodes', reason: TWO_BOMS },
  'found two BOMs only': { library: 'DECODE_TYPE', reason: TWO_BOMS },
};

function outcomeKind(o: Outcome): KnownDivergence['library'] | string {
  return 'config' in o ? 'decodes' : o.code;
}

function show(a: GoAnswer): string {
  return a.config !== undefined ? JSON.stringify(a.config) : `${a.error?.stage}: ${a.error?.message}`;
}

describe('the table', () => {
  test('records the Go releases and the module versions that answered it', () => {
    expect(TABLE.header.go.length).toBeGreaterThan(0);
    for (const v of TABLE.header.go) expect(v).toMatch(/^go1\.\d+/);
    const modules = Object.fromEntries(TABLE.header.modules.map((m) => [m.path, m.version]));
    expect(modules['sigs.k8s.io/yaml']).toBe('v1.6.0');
    expect(modules['go.yaml.in/yaml/v2']).toMatch(/^v2\.4\.\d+$/);
    expect(Object.keys(TABLE.header.sources ?? {}).sort()).toEqual(['go.yaml.in/yaml/v2', 'sigs.k8s.io/yaml']);
  });

  test('holds every case of scripts/go-yaml-answers/cases.js, each answered once', () => {
    const generated = JSON.parse(execFileSync(process.execPath, [path.join(__dirname, '..', 'scripts', 'go-yaml-answers', 'cases.js')],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })) as { cases: Array<{ name: string; text: string }> };
    expect(TABLE.cases.map((c) => [c.name, c.text])).toEqual(generated.cases.map((c) => [c.name, c.text]));
    for (const c of TABLE.cases) expect(answers(c).length).toBeGreaterThan(0);
  });

  test('every known divergence names a case', () => {
    const names = new Set(TABLE.cases.map((c) => c.name));
    expect(Object.keys(KNOWN_DIVERGENCES).filter((n) => !names.has(n))).toEqual([]);
  });
});

describe('decodeDocument answers as the operator does', () => {
  const agreeing = TABLE.cases.filter((c) => KNOWN_DIVERGENCES[c.name] === undefined);
  test.each(agreeing.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const lib = libraryOutcome(c.text);
    const goes = answers(c);
    if (!goes.some((a) => agrees(lib, a))) {
      const got = 'config' in lib ? JSON.stringify(lib.config) : `${lib.code}: ${lib.message}`;
      throw new Error(`the operator gives ${goes.map(show).join(' or ')}${goes[0].error ? ` (${expectedCode(goes[0].error)})` : ''}; `
        + `the library gives ${got}`);
    }
  });
});

describe('loadImageConfig', () => {
  test('decodes an entry as decodeDocument does (a ConfigMap of that one entry)', () => {
    const differ = TABLE.cases.filter((c) => {
      const one = outcomeOf(() => loadImageConfig({ 'go-yaml.yaml': c.text }).documents[0]);
      return JSON.stringify(sorted(one)) !== JSON.stringify(sorted(libraryOutcome(c.text)));
    });
    expect(differ.map((c) => c.name)).toEqual([]);
  });

  test('one entry the operator refuses rejects the whole ConfigMap, as in the operator', () => {
    const good = TABLE.cases.find((c) => c.go?.config !== undefined && KNOWN_DIVERGENCES[c.name] === undefined) as Case;
    const bad = TABLE.cases.find((c) => c.go?.error?.stage === 'parse' && KNOWN_DIVERGENCES[c.name] === undefined) as Case;
    expect(() => loadImageConfig({ '0.yaml': good.text, '1.yaml': bad.text })).toThrow(PiraeusError);
    expect(loadImageConfig({ '0.yaml': good.text }).documents).toHaveLength(1);
  });
});

describe('known divergences: the library still answers as listed', () => {
  const known = TABLE.cases.filter((c) => KNOWN_DIVERGENCES[c.name] !== undefined);
  test.each(known.map((c) => [c.name, c] as const))('%s', (name, c) => {
    const lib = libraryOutcome(c.text);
    expect(answers(c).some((a) => agrees(lib, a))).toBe(false); // else: remove the entry, the library agrees now
    expect(outcomeKind(lib)).toBe(KNOWN_DIVERGENCES[name].library);
  });
});
