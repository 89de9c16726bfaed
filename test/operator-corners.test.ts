/**
 * The operator's behaviour in corners found by running the resolver side by side with the
 * operator's own decoding and kustomize: one block per behaviour, each a small table.
 */
import * as fs from 'fs';
import * as path from 'path';
import { RE2JS } from 're2js';
import { joinOptionValues } from '../src/cli/common';
import { main } from '../src/cli/main';
import { PiraeusError } from '../src/errors';
import { DiagnosticCodes, ImageResolver, loadImageConfig } from '../src/resolver';
import { parseConfigMapManifest } from '../src/resolver/configmap';
import { compileGoPattern } from '../src/resolver/go-regexp';
import { classText, needsGoTables, withGoTables } from '../src/resolver/go-regexp-unicode';
import {
  cleanRunes, decodeOrbits, decodeRanges, foldOrbit, foldRunes, goUnicodeProvenance, goUnicodeTable, hasRune, negateRunes,
} from '../src/resolver/go-unicode';
import { kustomizedEntry, matchesPlaceholder, placeholderImage, placeholderPatternValid, renderEntry } from '../src/resolver/kustomize';
import { decodeDocument } from '../src/resolver/yaml/decode';
import { kustomizationProblem, throughKustomization } from '../src/resolver/yaml/quoted';

function resolverFor(data: Record<string, string>): ImageResolver {
  return new ImageResolver(loadImageConfig(data).documents);
}

function image(data: Record<string, string>, component: string): string | undefined {
  return resolverFor(data).resolve('').images.find((i) => i.name === component)?.image;
}

describe('placeholder matching is a regular expression built from the unescaped name', () => {
  const doc = (key: string) => ({ '1.yaml': `base: b\ncomponents:\n  ${key}: {image: i, tag: v}\n` });
  test.each([
    { key: 'plain-name', name: 'plain-name', expected: 'b/i:v' },
    { key: '"a.b"', name: 'a.b', expected: 'b/i:v' }, // "." matches itself too
    { key: '"a|b"', name: 'a|b', expected: 'b/i:v' },
    { key: '"a+b"', name: 'a+b', expected: 'a+b' },
    { key: '"a*"', name: 'a*', expected: 'a*' },
    { key: '"a?"', name: 'a?', expected: 'a?' },
    { key: '"(a)"', name: '(a)', expected: '(a)' },
    { key: '"[a]"', name: '[a]', expected: '[a]' },
    { key: '"a{2}"', name: 'a{2}', expected: 'a{2}' },
    { key: '"x\\\\d"', name: 'x\\d', expected: 'x\\d' },
    { key: '"^a"', name: '^a', expected: '^a' }, // "^" is an anchor, never the character
    { key: '"a$"', name: 'a$', expected: 'a$' },
    { key: '6777217.0', name: '6.777217e+06', expected: '6.777217e+06' },
    { key: '"bad("', name: 'bad(', expected: 'bad(' }, // does not compile
  ])('$name -> $expected', ({ key, name, expected }) => {
    expect(image(doc(key), name)).toBe(expected);
  });

  test('placeholderImage keeps the bare name when the pattern does not match it', () => {
    expect(placeholderImage({ name: 'a+b', newName: 'x/y', newTag: 't', digest: '' })).toBe('a+b');
    expect(placeholderImage({ name: 'a-b', newName: 'x/y', newTag: 't', digest: '' })).toBe('x/y:t');
  });

  test.each([
    { key: '"a+b"', code: DiagnosticCodes.PLACEHOLDER_UNMATCHED },
    { key: '6777217.0', code: DiagnosticCodes.PLACEHOLDER_UNMATCHED },
    { key: '"bad("', code: DiagnosticCodes.PLACEHOLDER_PATTERN_INVALID },
  ])('$key is reported as $code', ({ key, code }) => {
    const codes = resolverFor(doc(key)).diagnostics().map((d) => d.code);
    expect(codes).toContain(code);
  });

  test('a name that matches itself is not reported', () => {
    const codes = resolverFor(doc('"a.b"')).diagnostics().map((d) => d.code);
    expect(codes).not.toContain(DiagnosticCodes.PLACEHOLDER_UNMATCHED);
  });
});

/** What the operator decodes from one entry: base and components' tag/image, or the error code. */
function decoded(text: string): unknown {
  try {
    const { document } = decodeDocument('1.yaml', text);
    return {
      base: document.base,
      components: Object.fromEntries([...document.components].map(([k, v]) => [k, { image: v.image, tag: v.tag }])),
    };
  } catch (e) {
    return { error: (e as PiraeusError).code };
  }
}
const SYNTAX = { error: 'YAML_SYNTAX' };

describe('tabs: a separator after the ":" of a simple key in block context, not after "-" or "?"', () => {
  test.each([
    { text: 'base:\tquay.io\n', expected: { base: 'quay.io', components: {} } },
    { text: 'base: \t quay.io\n', expected: { base: 'quay.io', components: {} } },
    { text: 'components:\n  c:\t{image: i}\n', expected: { base: '', components: { c: { image: 'i', tag: '' } } } },
    { text: '"base":\tx\n', expected: { base: 'x', components: {} } },
    { text: '- \tx\n', expected: SYNTAX },
    { text: '? base\n:\tx\n', expected: SYNTAX },
    { text: '\tbase: x\n', expected: SYNTAX },
  ])('$text', ({ text, expected }) => {
    expect(decoded(text)).toEqual(expected);
  });
});

describe('flow context: ":" is a value indicator only before a blank; a tag needs a blank after it', () => {
  test.each([
    { text: '{base: b, components: {c: {image: i, tag: 7, tag:}}}\n', expected: { base: 'b', components: { c: { image: 'i', tag: '7' } } } },
    { text: '{components: {linstor-satellite:}}\n', expected: { base: '', components: { 'linstor-satellite:': { image: '', tag: '' } } } },
    { text: '{components: {c:, d: {tag: v}}}\n', expected: { base: '', components: { 'c:': { image: '', tag: '' }, 'd': { image: '', tag: 'v' } } } },
    { text: '{base :}\n', expected: { base: '', components: {} } },
    { text: '{base: b}\n', expected: { base: 'b', components: {} } },
    { text: '{base: !!str}\n', expected: SYNTAX },
    { text: '{base: !!str, components: {}}\n', expected: SYNTAX },
    { text: '{components: {c: {match: [!!map]}}}\n', expected: SYNTAX },
    { text: '{base: !!str x}\n', expected: { base: 'x', components: {} } },
    { text: 'base: !!str\n', expected: { base: '', components: {} } },
  ])('$text', ({ text, expected }) => {
    expect(decoded(text)).toEqual(expected);
  });

  test('the key "tag:" is unknown and reported', () => {
    const { diagnostics } = decodeDocument('1.yaml', '{components: {c: {tag: 7, tag:}}}\n');
    expect(diagnostics.map((d) => d.code)).toContain(DiagnosticCodes.UNKNOWN_KEY);
  });
});

describe('document markers and directives before the first document', () => {
  test.each([
    { text: '...\nbase: x\n', expected: SYNTAX },
    { text: '# only a comment\n...\n', expected: SYNTAX },
    { text: '%YAML 1.1\n%YAML 1.1\n---\nbase: x\n', expected: SYNTAX },
    { text: '%TAG !e! tag:a,\n%TAG !e! tag:b,\n---\nbase: x\n', expected: SYNTAX },
    { text: '%TAG !e! tag:a,\n%TAG !f! tag:a,\n---\nbase: x\n', expected: { base: 'x', components: {} } },
    { text: '%YAML 1.1\n---\nbase: x\n...\n', expected: { base: 'x', components: {} } },
    { text: 'base: x\n...\n...\n', expected: { base: 'x', components: {} } },
  ])('$text', ({ text, expected }) => {
    expect(decoded(text)).toEqual(expected);
  });
});

describe('key folding: encoding/json matches a key to a field through unicode.SimpleFold orbits', () => {
  test.each([
    { text: 'components: {c: {ımage: i}}\n', image: '', unknown: true }, // U+0131
    { text: 'components: {c: {İmage: i}}\n', image: '', unknown: true }, // U+0130
    { text: 'components: {c: {IMAGE: i}}\n', image: 'i', unknown: false },
    { text: 'components: {c: {imaGe: i}}\n', image: 'i', unknown: false },
  ])('$text', ({ text, image: expected, unknown }) => {
    const { document, diagnostics } = decodeDocument('1.yaml', text);
    expect(document.components.get('c')?.image).toBe(expected);
    expect(diagnostics.map((d) => d.code).includes(DiagnosticCodes.UNKNOWN_KEY)).toBe(unknown);
  });

  test('ſ (U+017F) still spells s', () => {
    expect(decodeDocument('1.yaml', 'baſe: b\n').document.base).toBe('b');
  });
});

describe('the CLI takes any argument as the value of a value option', () => {
  function cli(args: string[]): { code: number; stdout: string; stderr: string } {
    let stdout = '';
    let stderr = '';
    const io = { stdout: (t: string) => { stdout += t; }, stderr: (t: string) => { stderr += t; }, readStdin: () => '' };
    const code = main(args, io);
    return { code, stdout, stderr };
  }
  const resolved = (args: string[]) => JSON.parse(cli(['resolve', '--output', 'json', ...args]).stdout) as
    { results: { osImage: string; images: { name: string; image: string }[] }[] };

  test.each([
    { args: ['--os-image', '-x'], osImage: '-x' },
    { args: ['--os-image', '--help'], osImage: '--help' },
    { args: ['--os-image', '-h'], osImage: '-h' },
    { args: ['--os-image', '--'], osImage: '--' },
  ])('resolve $args', ({ args, osImage }) => {
    expect(resolved(args).results.map((r) => r.osImage)).toEqual([osImage]);
  });

  test('--repository -d and --external-version -1 are values', () => {
    const images = resolved(['--repository', '-d', '--external-version', '-1']).results[0].images;
    expect(images.find((i) => i.name === 'linstor-satellite')?.image).toMatch(/^-d\/.*:v-1$/);
  });

  test('--help as an option still prints the help, wherever it stands', () => {
    for (const args of [['resolve', '--help'], ['resolve', '--output', 'json', '--help'], ['resolve', '-h'], ['lock', 'show', '--help']]) {
      const r = cli(args);
      expect({ args, code: r.code, usage: r.stdout.startsWith('usage: cdk8s-piraeus') }).toEqual({ args, code: 0, usage: true });
    }
  });

  test('an unknown option is still bad usage', () => {
    expect(cli(['resolve', '--bogus', 'x']).code).toBe(2);
  });

  test('joinOptionValues joins only value options, and nothing after --', () => {
    const spec = { 'os-image': { type: 'string' as const }, 'all': { type: 'boolean' as const } };
    expect(joinOptionValues(['--os-image', '-x', '--all', '--os-image=y', '--', '--os-image', 'z'], spec))
      .toEqual(['--os-image=-x', '--all', '--os-image=y', '--', '--os-image', 'z']);
  });
});

describe('the ConfigMap manifest is read as kubectl reads it', () => {
  const cm = (data: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: m}\n${data}`;
  test.each([
    { name: 'no data', text: cm(''), expected: {} },
    { name: 'null data', text: cm('data: ~\n'), expected: {} },
    { name: 'a null entry is the empty string', text: cm('data: {a.yaml: ~}\n'), expected: { 'a.yaml': '' } },
    { name: 'null spelled out', text: cm('data:\n  a.yaml: null\n'), expected: { 'a.yaml': '' } },
    { name: 'duplicate keys: the last wins', text: cm('data:\n  a.yaml: one\n  a.yaml: two\n'), expected: { 'a.yaml': 'two' } },
    {
      name: '<< merges',
      text: cm('shared: &s {a.yaml: "base: b"}\ndata:\n  <<: *s\n  b.yaml: x\n'),
      expected: { 'a.yaml': 'base: b', 'b.yaml': 'x' },
    },
    { name: 'a quoted number is text', text: cm('data: {a.yaml: "1.10"}\n'), expected: { 'a.yaml': '1.10' } },
  ])('$name', ({ text, expected }) => {
    expect({ ...parseConfigMapManifest(text, 'cm.yaml') }).toEqual(expected);
  });

  test.each([
    { name: 'a number', text: cm('data: {a.yaml: 1.10}\n') },
    { name: 'a boolean (YAML 1.1 yes)', text: cm('data: {a.yaml: yes}\n') },
    { name: 'a mapping', text: cm('data: {a.yaml: {base: b}}\n') },
  ])('rejected as kubectl rejects it: $name', ({ text }) => {
    expect(() => parseConfigMapManifest(text, 'cm.yaml')).toThrow(/must be a string/);
  });
});

describe('an empty or comment-only entry is accepted, resolves to nothing, and is reported', () => {
  test.each(['', '# nothing\n', '---\n', '~\n', 'null\n'])('%j', (text) => {
    const loaded = loadImageConfig({ 'a.yaml': text });
    expect(loaded.documents.map((d) => [d.base, d.components.size])).toEqual([['', 0]]);
    expect(loaded.diagnostics.map((d) => [d.code, d.location.key])).toEqual([[DiagnosticCodes.EMPTY_DOCUMENT, 'a.yaml']]);
  });

  test('an entry with content is not reported', () => {
    expect(loadImageConfig({ 'a.yaml': 'base: b\n' }).diagnostics).toEqual([]);
  });
});

describe("regular expressions know only Go's Unicode class names (Go 1.21 to 1.24, Unicode 15.0.0)", () => {
  test.each([
    { pattern: '\\p{Emoji}', valid: false },
    { pattern: '\\p{Alphabetic}', valid: false },
    { pattern: '\\p{Lowercase}', valid: false },
    { pattern: '\\p{Assigned}', valid: false },
    { pattern: '\\p{Cn}', valid: false },
    { pattern: '\\p{LC}', valid: false },
    { pattern: '\\p{Garay}', valid: false }, // Unicode 16
    { pattern: '\\p{Sunuwar}', valid: false }, // Unicode 16
    { pattern: '[\\p{Emoji}a]', valid: false },
    { pattern: '\\P{^Emoji}', valid: false },
    { pattern: '\\p{Latin}', valid: true },
    { pattern: '\\p{Kawi}', valid: true }, // Unicode 15
    { pattern: '\\p{Nag_Mundari}', valid: true },
    { pattern: '\\p{Any}', valid: true },
    { pattern: '\\p{^Greek}', valid: true },
    { pattern: '\\pL', valid: true },
    { pattern: '\\pN+', valid: true },
    { pattern: '\\PL', valid: true },
    { pattern: '\\QUbuntu \\p{Emoji}\\E', valid: true }, // quoted text
    { pattern: '\\\\p{Emoji}', valid: true }, // an escaped backslash, then text
    { pattern: 'Ubuntu 22\\.04', valid: true },
  ])('$pattern -> valid: $valid', ({ pattern, valid }) => {
    const compiled = compileGoPattern(pattern);
    expect(compiled.error === undefined).toBe(valid);
    if (!valid) expect(compiled.error).toMatch(/^invalid character class range: `\\[pP]/);
  });

  test('a rule with such a pattern is skipped and reported', () => {
    const data = { '1.yaml': 'base: b\ncomponents:\n  c:\n    tag: v\n    image: fallback\n    match:\n      - {osImage: "\\\\p{Emoji}", image: rule}\n' };
    const r = resolverFor(data);
    expect(r.resolve('\u{1F600}').images.find((i) => i.name === 'c')?.image).toBe('b/fallback:v');
    expect(r.diagnostics().map((d) => d.code)).toContain(DiagnosticCodes.PATTERN_INVALID);
  });

  test('an unknown class name in a component name makes the placeholder pattern invalid', () => {
    expect(placeholderPatternValid('a\\p{Emoji}')).toBe(false);
    expect(placeholderPatternValid('a\\pL')).toBe(true);
  });
});

describe("regular expressions match with Go's Unicode 15.0.0 tables and case orbits, not re2js's newer ones", () => {
  const U = (cp: number) => String.fromCodePoint(cp);
  test.each([
    { pattern: '\\p{L}', input: U(0x2ebf0), matches: false, why: 'CJK Extension I is Unicode 15.1' },
    { pattern: '\\p{Han}', input: U(0x2ebf0), matches: false, why: 'CJK Extension I is Unicode 15.1' },
    { pattern: '\\PL', input: U(0x2ebf0), matches: true, why: 'unassigned in Unicode 15' },
    { pattern: '[^\\p{L}]', input: U(0x2ebf0), matches: true, why: 'the complement of Go\'s table' },
    { pattern: '\\pN', input: U(0x10d40), matches: false, why: 'Garay digits are Unicode 16' },
    { pattern: '\\p{Nd}', input: '7', matches: true, why: 'an old digit' },
    { pattern: '\\p{Lo}', input: U(0x295), matches: false, why: 'U+0295 became Lo in Unicode 16; it is Ll in 15' },
    { pattern: '\\p{Ll}', input: U(0x295), matches: true, why: 'U+0295 is Ll in Unicode 15' },
    { pattern: '\\p{Kawi}', input: U(0x11f04), matches: true, why: 'Kawi is Unicode 15.0' },
    { pattern: '\\p{Kawi}', input: U(0x11f5a), matches: false, why: 'U+11F5A joined Kawi in Unicode 16' },
    { pattern: '\\pC', input: U(0x378), matches: false, why: 'Go 1.21 to 1.24: C is Cc, Cf, Co and Cs, without unassigned code points' },
    { pattern: '(?i)\u0264', input: U(0xa7cb), matches: false, why: 'U+A7CB, the capital of U+0264, is Unicode 16' },
    { pattern: '(?i)[^\u0264]', input: U(0xa7cb), matches: true, why: 'folded, then negated, with Go\'s orbits' },
    { pattern: '(?i)\u0390', input: U(0x1fd3), matches: false, why: 'this case pair is not in Go\'s orbits' },
    { pattern: '(?i)\\p{Lu}', input: U(0x264), matches: false, why: 'FoldCategory Lu of Unicode 15' },
    { pattern: '(?i)\\p{Lu}', input: 'a', matches: true, why: 'FoldCategory Lu' },
    { pattern: '(?i)k', input: U(0x212a), matches: true, why: 'the Kelvin sign folds to k in both' },
    { pattern: '(?i)\\w', input: U(0x17f), matches: true, why: '\\w folds to long s under (?i), as in Go' },
    { pattern: '(?i)\\W', input: U(0x17f), matches: false, why: 'folded before it is negated' },
    { pattern: '\\w', input: '\u00e9', matches: false, why: 'Perl classes are ASCII' },
    { pattern: '(?i)\u03c3', input: '\u03c2', matches: true, why: 'sigma\'s orbit has three members' },
    { pattern: '(?i:\u0264)\u0264', input: '\u0264\u0264', matches: true, why: 'flags end with their group' },
    { pattern: '(?i)\u0264(?-i)\u0264', input: '\u0264\u0264', matches: true, why: '(?-i) turns folding off' },
    { pattern: '(?i)\\Q\u0264.\\E', input: '\u0264x', matches: false, why: '\\Q...\\E stays literal text' },
  ])('$pattern on $input: $matches ($why)', ({ pattern, input, matches }) => {
    expect(compileGoPattern(pattern).test(input)).toBe(matches);
  });

  /** test/fixtures/go-regexp-unicode.json: cases with Go's own answers, per Go release. */
  const table: { cases: { pattern: string; inputs: string[]; answers: Record<string, boolean[] | string> }[] } =
    JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures/go-regexp-unicode.json'), 'utf8'));
  const answer = (answers: Record<string, boolean[] | string>, release: RegExp) =>
    Object.entries(answers).find(([go]) => release.test(go))![1];
  const GO_1_21_TO_1_24 = /^go1\.2[1-4]\./;
  const GO_1_25_ON = /^go1\.(2[5-9]|[3-9]\d)\./;

  test('the case table has Go answers for both name rules', () => {
    expect(table.cases.length).toBeGreaterThan(500);
    for (const c of table.cases) {
      expect(answer(c.answers, GO_1_21_TO_1_24)).toBeDefined();
      expect(answer(c.answers, GO_1_25_ON)).toBeDefined();
    }
  });

  test('every case of the table matches as in Go 1.21 to 1.24', () => {
    const wrong: unknown[] = [];
    for (const c of table.cases) {
      const go = answer(c.answers, GO_1_21_TO_1_24);
      const compiled = compileGoPattern(c.pattern);
      const ours = compiled.error === undefined ? c.inputs.map((input) => compiled.test(input)) : 'error';
      if (JSON.stringify(ours) !== JSON.stringify(typeof go === 'string' ? 'error' : go)) wrong.push({ pattern: c.pattern, go, ours });
    }
    expect(wrong).toEqual([]);
  });

  test('Go 1.25 and later answer otherwise only where the pattern names a class or uses C', () => {
    // Go 1.25 looks names up case-insensitively without `_`, `-` and spaces (so `Old_Italic` no
    // longer compiles, `greek` does), adds Cn, LC, Assigned, ASCII and aliases such as Letter, and
    // puts unassigned code points into C. This library follows Go 1.21 to 1.24.
    const differing = table.cases.filter((c) =>
      JSON.stringify(answer(c.answers, GO_1_21_TO_1_24)) !== JSON.stringify(answer(c.answers, GO_1_25_ON)));
    expect(differing.length).toBeGreaterThan(0);
    for (const c of differing) {
      const nameRule = [answer(c.answers, GO_1_21_TO_1_24), answer(c.answers, GO_1_25_ON)].some((a) => typeof a === 'string');
      expect({ pattern: c.pattern, explained: nameRule || /\\[pP](C|\{\^?C\})/.test(c.pattern) }).toEqual({ pattern: c.pattern, explained: true });
    }
  });

  test('every pattern of the table that Go accepts is rewritten into one re2js accepts', () => {
    const rejected = table.cases
      .filter((c) => typeof answer(c.answers, GO_1_21_TO_1_24) !== 'string' && needsGoTables(c.pattern))
      .filter((c) => {
        try {
          RE2JS.compile(withGoTables(c.pattern).replace(/\(\?P?<[^>]*>/g, '('));
          return false;
        } catch {
          return true;
        }
      });
    expect(rejected).toEqual([]);
  });

  test.each([
    { pattern: 'Ubuntu 22\\.04', needed: false },
    { pattern: '(?i)ubuntu', needed: false }, // ASCII orbits are the same in both
    { pattern: 'Γειά', needed: false }, // no folding, no classes: plain code points
    { pattern: '(?i)Γειά', needed: true },
    { pattern: '(?i)[\\x{100}-\\x{200}]', needed: true },
    { pattern: '\\pL', needed: true },
    { pattern: '[\\P{Greek}]', needed: true },
  ])('$pattern needs Go\'s tables: $needed', ({ pattern, needed }) => {
    expect(needsGoTables(pattern)).toBe(needed);
  });

  test.each([
    { pattern: '(?i)k', rewritten: '(?)[\\x{4b}\\x{6b}\\x{212a}]' },
    { pattern: '(?i-s:a.)b', rewritten: '(?-s:[\\x{41}\\x{61}].)b' },
    { pattern: '(?im)a(?-i)b', rewritten: '(?m)[\\x{41}\\x{61}](?)b' },
    { pattern: '(?i)[^\\d]', rewritten: '(?)[\\x{0}-\\x{2f}\\x{3a}-\\x{10ffff}]' },
    { pattern: '\\p{Cc}+', rewritten: '[\\x{0}-\\x{1f}\\x{7f}-\\x{9f}]+' },
    { pattern: '[^\\P{Zl}]', rewritten: '[\\x{2028}]' },
    { pattern: '(?i)\\Q.k\\E', rewritten: '(?)\\x{2e}[\\x{4b}\\x{6b}\\x{212a}]' },
    { pattern: '\\Q.k\\E', rewritten: '\\Q.k\\E' },
    { pattern: '(?P<n>(?i)\u00df)', rewritten: '(?P<n>(?)[\\x{df}\\x{1e9e}])' },
    { pattern: '\\P{Any}', rewritten: '[^\\x00-\\x{10ffff}]' },
  ])('$pattern is rewritten as $rewritten', ({ pattern, rewritten }) => {
    expect(withGoTables(pattern)).toBe(rewritten);
  });

  test.each([
    { name: '(?i)\u0264', image: '\ua7cb', matches: false }, // Go's orbits
    { name: '(?i)\u0264', image: '\u0264:v1', matches: true },
    { name: '\\p{Han}', image: '\u{2ebf0}', matches: false }, // Unicode 15.1
    { name: '(?P<a>x)(?P<a>y)', image: 'xy', matches: true }, // Go accepts repeated group names
  ])('the placeholder pattern of $name matches $image: $matches', ({ name, image, matches }) => {
    expect(matchesPlaceholder(name, image)).toBe(matches);
  });

  test('the tables are loaded only when a pattern needs them', () => {
    const loads: string[] = [];
    jest.isolateModules(() => {
      jest.doMock('../src/resolver/go-unicode-15', () => {
        loads.push('tables');
        return jest.requireActual('../src/resolver/go-unicode-15');
      });
      const { compileGoPattern: compile } = require('../src/resolver/go-regexp') as typeof import('../src/resolver/go-regexp');
      compile('(?i)Ubuntu 22\\.04');
      compile('Γειά');
      expect(loads).toEqual([]);
      compile('\\p{Greek}');
      expect(loads).toEqual(['tables']);
    });
  });
});

describe("Go's Unicode tables as data: decoding and class arithmetic", () => {
  test('the tables come from a Go release with Unicode 15.0.0', () => {
    expect(goUnicodeProvenance()).toEqual({ goVersion: expect.stringMatching(/^go1\.2[1-4]\./), unicodeVersion: '15.0.0' });
  });

  test.each([
    { text: '0.0', runes: [0, 0] },
    { text: '1t.p', runes: [0x41, 0x5a] }, // A-Z
    { text: '1t.p,7.p', runes: [0x41, 0x5a, 0x61, 0x7a] }, // gaps count from the previous hi
    { text: '74.4.2', runes: [0x100, 0x100, 0x102, 0x102, 0x104, 0x104] }, // a stride
    { text: '0.1,1.1', runes: [0, 3] }, // adjacent ranges merge
  ])('decodeRanges($text)', ({ text, runes }) => {
    expect(decodeRanges(text)).toEqual(runes);
  });

  test.each([
    { text: '1t.w.1.2', orbits: [[0x41, 0x61], [0x42, 0x62]] },
    { text: '1t.w.1.a,*1.w.6gv', orbits: [...Array.from({ length: 10 }, (_, k) => [0x41 + k, 0x61 + k]), [0x4b, 0x6b, 0x212a]] },
    { text: '74.1.2.3', orbits: [[0x100, 0x101], [0x102, 0x103], [0x104, 0x105]] },
  ])('decodeOrbits($text)', ({ text, orbits }) => {
    expect(decodeOrbits(text)).toEqual(orbits);
  });

  test.each([
    { pairs: [5, 9, 1, 3], clean: [1, 3, 5, 9] },
    { pairs: [1, 3, 4, 9], clean: [1, 9] },
    { pairs: [1, 9, 2, 3], clean: [1, 9] },
    { pairs: [], clean: [] },
  ])('cleanRunes($pairs)', ({ pairs, clean }) => {
    expect(cleanRunes(pairs)).toEqual(clean);
  });

  test.each([
    { set: [], negated: [0, 0x10ffff] },
    { set: [0, 0x10ffff], negated: [] },
    { set: [0x41, 0x5a], negated: [0, 0x40, 0x5b, 0x10ffff] },
  ])('negateRunes($set)', ({ set, negated }) => {
    expect(negateRunes(set)).toEqual(negated);
  });

  test.each([
    { c: 0x6b, orbit: [0x4b, 0x6b, 0x212a] },
    { c: 0x3c3, orbit: [0x3a3, 0x3c2, 0x3c3] },
    { c: 0x264, orbit: [0x264] }, // its capital U+A7CB is Unicode 16
    { c: 0x31, orbit: [0x31] },
  ])('foldOrbit(U+$c)', ({ c, orbit }) => {
    expect(foldOrbit(c)).toEqual(orbit);
  });

  test.each([
    { set: [0x61, 0x61], folded: [0x41, 0x41, 0x61, 0x61] },
    { set: [0x6b, 0x6b], folded: [0x4b, 0x4b, 0x6b, 0x6b, 0x212a, 0x212a] },
    { set: [0x30, 0x39], folded: [0x30, 0x39] },
  ])('foldRunes($set)', ({ set, folded }) => {
    expect(foldRunes(set)).toEqual(folded);
  });

  test.each([
    { name: 'Any', has: [0, 0x10ffff], hasNot: [] },
    { name: 'Lu', has: [0x41, 0x391], hasNot: [0x61, 0xa7cb] },
    { name: 'Greek', has: [0x3b1], hasNot: [0x61] },
    { name: 'C', has: [0, 0xad, 0xe000], hasNot: [0x378, 0x61] },
  ])('goUnicodeTable($name)', ({ name, has, hasNot }) => {
    const { table } = goUnicodeTable(name)!;
    expect({ has: has.map((c) => hasRune(table, c)), hasNot: hasNot.map((c) => hasRune(table, c)) })
      .toEqual({ has: has.map(() => true), hasNot: hasNot.map(() => false) });
  });

  test.each(['Emoji', 'Cn', 'LC', 'Garay', 'greek', 'Letter'])('goUnicodeTable(%s) is undefined', (name) => {
    expect(goUnicodeTable(name)).toBeUndefined();
  });

  test.each([
    { set: [0x41, 0x41], text: '[\\x{41}]' },
    { set: [0x41, 0x5a, 0x100, 0x100], text: '[\\x{41}-\\x{5a}\\x{100}]' },
    { set: [], text: '[^\\x00-\\x{10ffff}]' },
  ])('classText($set)', ({ set, text }) => {
    expect(classText(set)).toBe(text);
  });
});

describe('limits: nesting and the 1,024 characters of an implicit key', () => {
  const nested = (n: number) => `base: b\ncomponents: {c: {match: ${'['.repeat(n)}${']'.repeat(n)}}}\n`;

  // Decoded at every depth the operator decodes: a list of lists is no match rule (DECODE_TYPE at
  // the list), until go-yaml's scanner or encoding/json stops first.
  const NO_RULE = /"match" must be a mapping with osImage/;
  const JSON_DEPTH = /nests more than 10000 lists and mappings.*"exceeded max depth"/;
  const SCANNER_DEPTH = /^exceeded max depth of 10000: .* nested \[ \] and \{ \}$/;
  test.each([
    { levels: 390, expected: 'DECODE_TYPE', says: NO_RULE },
    { levels: 401, expected: 'DECODE_TYPE', says: NO_RULE },
    { levels: 9997, expected: 'DECODE_TYPE', says: NO_RULE }, // 10,000 containers: decoded
    { levels: 9998, expected: 'DECODE_TYPE', says: JSON_DEPTH }, // 10,000 open brackets, but 10,001 containers: encoding/json stops
    { levels: 9999, expected: 'YAML_SYNTAX', says: SCANNER_DEPTH }, // 10,001 open brackets: go-yaml's scanner stops
    { levels: 20000, expected: 'YAML_SYNTAX', says: SCANNER_DEPTH },
  ])('$levels levels -> $expected', ({ levels, expected, says }) => {
    expect(decoded(nested(levels))).toEqual({ error: expected });
    expect(() => decodeDocument('1.yaml', nested(levels))).toThrow(expect.objectContaining({ detail: expect.stringMatching(says) }));
  });

  const blockMaps = (n: number) => Array.from({ length: n }, (_, i) => `${' '.repeat(i)}a:`).join('\n') + ' x\n';
  // The first sequence stands at its key's column: it nests, but does not indent (no roll).
  const compactSeqs = (n: number) => `base: b\nx:\n${'- '.repeat(n)}x\n`;
  test.each([
    { name: '10,001 indented block mappings', text: blockMaps(10001), expected: 'YAML_SYNTAX', line: 10001 },
    { name: '10,000 indented block mappings (an unknown key)', text: blockMaps(10000), expected: undefined, line: undefined },
    { name: '9,999 sequences under a key (10,000 containers; an unknown key)', text: compactSeqs(9999), expected: undefined, line: undefined },
    { name: '10,000 sequences under a key (10,000 indentations, 10,001 containers)', text: compactSeqs(10000), expected: 'DECODE_TYPE', line: 3 },
    { name: '10,001 sequences under a key (10,001 indentations)', text: compactSeqs(10001), expected: 'YAML_SYNTAX', line: 3 },
  ])('at and beyond the operator\'s limits: $name', ({ text, expected, line }) => {
    let code: string | undefined;
    let at: number | undefined;
    try {
      decodeDocument('1.yaml', text);
    } catch (e) {
      code = (e as PiraeusError).code;
      at = (e as PiraeusError).location?.line;
    }
    expect(code).toBe(expected);
    if (line !== undefined) expect(at).toBe(line);
  });

  const smile = '\u{1F600}'; // one character, two UTF-16 units
  test.each([
    { name: '1,000 astral characters (2,000 UTF-16 units)', text: `${smile.repeat(1000)}: v\n`, ok: true },
    { name: '1,024 astral characters', text: `${smile.repeat(1024)}: v\n`, ok: true },
    { name: '1,025 astral characters', text: `${smile.repeat(1025)}: v\n`, ok: false },
    { name: '1,024 ASCII characters', text: `${'k'.repeat(1024)}: v\n`, ok: true },
    { name: '1,025 ASCII characters', text: `${'k'.repeat(1025)}: v\n`, ok: false },
    { name: 'a nested key of 1,000 astral characters', text: `components:\n  ${smile.repeat(1000)}: {tag: v}\n`, ok: true },
    { name: 'a flow-sequence pair key of 1,000 astral characters', text: `components: {c: {match: [${smile.repeat(1000)}: v]}}\n`, ok: true },
    { name: 'a flow-sequence pair key of 1,025 astral characters', text: `components: {c: {match: [${smile.repeat(1025)}: v]}}\n`, ok: false },
  ])('$name', ({ text, ok }) => {
    expect((decoded(text) as { error?: string }).error === 'YAML_SYNTAX').toBe(!ok);
  });

  const k = (n: number) => 'k'.repeat(n);
  test.each([
    // Inside { }, a key must end within 1,024 characters of its start and on its line, or go-yaml fails.
    { name: 'a key of 1,024 characters in { }', text: `{base: b, components: {c: {${k(1024)}: v}}}\n`, ok: true },
    { name: 'a key of 1,025 characters in { }', text: `{base: b, components: {c: {${k(1025)}: v}}}\n`, ok: false },
    { name: 'a key of 1,025 characters in { } inside a block mapping', text: `components:\n  c: {${k(1025)}: v}\n`, ok: false },
    { name: 'the limit counts characters', text: `components:\n  c: {${'\u00e9'.repeat(1024)}: v}\n`, ok: true },
    { name: 'quotes count: 1,022 characters between them', text: `components:\n  c: {"${k(1022)}": v}\n`, ok: true },
    { name: 'quotes count: 1,023 characters between them', text: `components:\n  c: {"${k(1023)}": v}\n`, ok: false },
    { name: 'an anchor counts as the start of its key', text: `components:\n  c: {&a ${k(1022)}: v}\n`, ok: false },
    { name: 'a blank before the ":" counts', text: `components:\n  c: {${k(1024)} : v}\n`, ok: false },
    { name: 'a long key without a value indicator is fine', text: `components:\n  c: {${k(1100)}}\n`, ok: true },
    { name: 'a long key with ":" not followed by a blank is one plain scalar', text: `components:\n  c: {${k(1100)}:v}\n`, ok: true },
    { name: 'an explicit key may be longer', text: `components:\n  c: {? ${k(1100)} : v}\n`, ok: true },
    { name: 'a key that spans lines', text: 'components:\n  c: {a\n    b: v}\n', ok: false },
    { name: 'a quoted key that spans lines', text: 'components:\n  c: {"a\n    b": v}\n', ok: false },
    { name: 'a ":" on the line after its key', text: 'components:\n  c: {tag\n    : v}\n', ok: false },
    { name: 'an anchor on the line before its key', text: 'components:\n  c: {&a\n    tag: v}\n', ok: false },
    { name: 'an explicit key may span lines', text: 'components:\n  c: {? tag\n    : v}\n', ok: true },
    { name: 'a value may start on the next line', text: 'components:\n  c: {tag:\n    v}\n', ok: true },
    { name: 'a ":" without a key', text: 'components:\n  c: {: v}\n', ok: false },
    { name: 'a tag alone is a key', text: 'components:\n  c: {!!str : v}\n', ok: true },
  ])('flow: $name', ({ text, ok }) => {
    expect((decoded(text) as { error?: string }).error === 'YAML_SYNTAX').toBe(!ok);
  });

  test('the error stands at the ":" and says what to do', () => {
    expect(() => decodeDocument('1.yaml', `components:\n  c: {${k(1030)}: v}\n`)).toThrow(
      expect.objectContaining({ location: expect.objectContaining({ line: 2, column: 1037 }), message: expect.stringMatching(/did not find expected ',' or '}'.*write it as "\? key"/) }));
  });
});

describe('only the first document\'s root node is read; what follows it is scanned only as far as libyaml looks', () => {
  const base = (b: string) => ({ base: b, components: {} });
  test.each([
    { text: ' base: x\nfoo\n', expected: base('x') }, // a dedent below an indented root ends it
    { text: ' base: x\nfoo: bar\n', expected: base('x') },
    { text: ' base: x\n- y\n', expected: base('x') },
    { text: '{base: b}x\n', expected: base('b') }, // the end of a flow root ends it
    { text: '{}x\n', expected: base('') },
    { text: '{}}\n', expected: base('') },
    { text: '{base: b}}]\n', expected: base('b') },
    { text: '{base: b}\n- x\n', expected: base('b') },
    { text: '---\n%YAML 1.1\n', expected: base('') }, // a directive where the root would be: an empty root
    { text: '---\n%YAML 1.2\nbase: b\n', expected: base('') }, // only the parser checks the version
    { text: 'base: x\n...\n%FOO\n', expected: base('x') }, // "..." is the token after the root
    { text: '{base: b}x\n"no closing quote\n', expected: base('b') }, // a plain scalar "x \"no closing quote"
    { text: ' base: b\n"ok" x\n"bad\\q"\n', expected: base('b') }, // likewise
    // Still scanned, so still errors: the token after the root, and what it looks ahead to.
    { text: '---\n%FOO\n', expected: SYNTAX },
    { text: '---\n%YAML x\n', expected: SYNTAX },
    { text: ' base: x\n"unterminated\n', expected: SYNTAX },
    { text: ' base: x\n"bad \\q"\n', expected: SYNTAX },
    { text: ' base: x\n\tfoo\n', expected: SYNTAX },
    { text: '{base: b} - x\n', expected: SYNTAX },
    { text: '{base: b} ? x\n', expected: SYNTAX },
  ])('$text', ({ text, expected }) => {
    expect(decoded(text)).toEqual(expected);
  });

  test('the text after the root is reported', () => {
    const { diagnostics } = decodeDocument('1.yaml', ' base: x\nfoo\n');
    expect(diagnostics.map((d) => [d.code, d.location.line])).toEqual([[DiagnosticCodes.EXTRA_DOCUMENTS, 2]]);
  });

  test('libyaml\'s reader checks characters 512 bytes of UTF-8 at a time', () => {
    const after = (gap: string) => decoded(`base: b\n---\n${gap}\u0001\n`);
    expect(after('#'.repeat(400))).toEqual(SYNTAX); // in the first chunk
    expect(after('#'.repeat(600))).toEqual(base('b')); // never read
    expect(after('\u00e9'.repeat(240))).toEqual(SYNTAX); // 480 bytes + 12: still the first chunk
    expect(after('\u00e9'.repeat(260))).toEqual(base('b')); // 520 bytes: the next one
  });
});

describe('quoted scalars: the indentation of continuation lines is not checked', () => {
  test.each([
    { text: "base: 'a\nb'\n", expected: { base: 'a b', components: {} } },
    { text: 'base: "a\nb"\n', expected: { base: 'a b', components: {} } },
    { text: "base: 'a\n\nb'\n", expected: { base: 'a\nb', components: {} } },
    { text: 'base: "a\\\nb"\n', expected: { base: 'ab', components: {} } }, // an escaped line break
    { text: "base: 'a\n#b'\n", expected: { base: 'a #b', components: {} } }, // no comment inside quotes
    { text: "base: 'a\nb: c'\n", expected: { base: 'a b: c', components: {} } },
    { text: "components:\n  c:\n    image: 'a\n b'\n    tag: v\n", expected: { base: '', components: { c: { image: 'a b', tag: 'v' } } } },
    { text: "base: 'it''s\nhere'\n", expected: { base: 'it\'s here', components: {} } },
    // Still errors: a document indicator at the start of a continuation line, and no closing quote.
    { text: "base: 'a\n---\nb'\n", expected: SYNTAX },
    { text: "base: 'a\n...\nb'\n", expected: SYNTAX },
    { text: "base: 'a\nb\n", expected: SYNTAX },
  ])('$text', ({ text, expected }) => {
    expect(decoded(text)).toEqual(expected);
  });

  test('lines after such a scalar keep their numbers', () => {
    const { diagnostics } = decodeDocument('1.yaml', "base: 'a\nb'\nbogus: 1\n");
    expect(diagnostics.map((d) => [d.code, d.location.line])).toEqual([[DiagnosticCodes.UNKNOWN_KEY, 3]]);
  });
});

describe('block scalars are scanned as libyaml scans them', () => {
  const base = (b: string) => ({ base: b, components: {} });
  test.each([
    { name: 'LS in a literal scalar is kept', text: 'base: |\n  a\u2028  b\ncomponents: {}\n', expected: base('a\u2028b\n') },
    { name: 'PS in a folded scalar is not folded', text: 'base: >\n  a\u2029  b\n', expected: base('a\u2029b\n') },
    { name: 'LS as the final break is kept by clip', text: 'base: |\n  a\u2028components: {}\n', expected: base('a\u2028') },
    { name: 'and dropped by strip', text: 'base: >-\n  a\u2028components: {}\n', expected: base('a') },
    { name: 'NEL is "\\n" there', text: 'base: |\n  a\u0085  b\n', expected: base('a\nb\n') },
    { name: 'a line of spaces beyond the indentation is content', text: 'base: |\n  a\n     \ncomponents: {}\n', expected: base('a\n   \n') },
    {
      name: 'a more indented leading empty line sets the indentation: a comment may follow',
      text: 'components:\n  c:\n    tag: |+\n          \n      # note\n    image: i\n',
      expected: { base: '', components: { c: { image: 'i', tag: '\n' } } },
    },
    {
      name: 'but not a less indented content line',
      text: 'components:\n  c:\n    tag: |\n          \n      v1\n    image: i\n',
      expected: SYNTAX,
    },
    { name: 'a line after LS at the key\'s column is the next key', text: 'base: |\n  a\u2028components: {c: {tag: v}}\n',
      expected: { base: 'a\u2028', components: { c: { image: '', tag: 'v' } } } },
  ])('$name', ({ text, expected }) => {
    expect(decoded(text)).toEqual(expected);
  });

  test('the error for a content line cut off by a leading empty line is located there', () => {
    const text = 'components:\n  c:\n    tag: |\n          \n      v1\n';
    expect(() => decodeDocument('1.yaml', text)).toThrow(expect.objectContaining({ code: 'YAML_SYNTAX', location: expect.objectContaining({ line: 5, column: 7 }) }));
  });
});

describe('an implicit key broken by LS or PS spans two lines', () => {
  test.each([
    { name: 'LS', text: 'components:\n  c:\n    ab\u2028      k: v\n' },
    { name: 'PS', text: 'base: b\nx\u2029 y: 1\n' },
  ])('$name: an error, as for "\\n"', ({ text }) => {
    expect(decoded(text)).toEqual(SYNTAX);
  });
});

describe('line breaks: U+2028, U+2029 and U+0085 are line breaks for go-yaml v2', () => {
  const base = (b: string) => ({ base: b, components: {} });
  test.each([
    { name: 'LS folds into a plain scalar as itself', text: 'base: a\u2028 b\n', expected: base('a\u2028b') },
    { name: 'PS likewise', text: 'base: a\u2029 b\n', expected: base('a\u2029b') },
    { name: 'LS then LF: both kept', text: 'base: a\u2028\n b\n', expected: base('a\u2028\nb') },
    { name: 'LF then LS: the LS kept', text: 'base: a\n\u2028 b\n', expected: base('a\u2028b') },
    { name: 'in a flow collection', text: '{base: a\u2028b}\n', expected: base('a\u2028b') },
    { name: 'NEL folds to a space', text: 'base: a\u0085 b\n', expected: base('a b') },
    { name: 'NEL in a flow collection', text: '{base: a\u0085b}\n', expected: base('a b') },
    { name: 'LS ends a line: a key follows', text: 'base: b\u2028components: {}\n', expected: base('b') },
    { name: 'LS ends a comment', text: '# note\u2028base: b\n', expected: base('b') },
    { name: 'LS inside quotes is a line break too', text: 'base: "a\u2028b"\n', expected: base('a\u2028b') },
    { name: 'LS then a line at column 0 without ":"', text: 'base: a\u2028b\n', expected: SYNTAX },
  ])('$name', ({ text, expected }) => {
    expect(decoded(text)).toEqual(expected);
  });

  test('an LS in a key keeps the lines after it numbered as libyaml numbers them', () => {
    const { diagnostics } = decodeDocument('1.yaml', 'base: b\u2028bogus: 1\n');
    expect(diagnostics.map((d) => [d.code, d.location.line])).toEqual([[DiagnosticCodes.UNKNOWN_KEY, 2]]);
  });

  test.each([
    { name: 'one U+0085 (written \\N) reaches kustomize as a space', value: 'quay.io\u0085x', expected: 'quay.io x' },
    { name: 'blanks around it go', value: 'a \u0085 b', expected: 'a b' },
    { name: 'two keep one line break', value: 'a\u0085\u0085b', expected: 'a\nb' },
    { name: 'at the end: a space', value: 'v\u0085', expected: 'v ' },
    { name: 'U+2028, quotes, backslashes and tabs survive', value: 'a\u2028"\\\t\u0085b', expected: 'a\u2028"\\\t b' },
    { name: 'no U+0085: unchanged', value: 'a \u2029 b', expected: 'a \u2029 b' },
  ])('throughKustomization: $name', ({ value, expected }) => {
    expect(throughKustomization(value)).toBe(expected);
  });

  test('the decoder keeps U+0085 from an escape (the round trip belongs to the kustomization, not the document)', () => {
    expect(decodeDocument('1.yaml', 'base: "a\\Nb"\n').document.base).toBe('a\u0085b');
  });

  test.each([
    { name: 'DEL', value: 'a\u007fb', expected: 'U+007F' },
    { name: 'a C1 control', value: 'a\u0080b', expected: 'U+0080' },
    { name: 'U+009F', value: '\u009f', expected: 'U+009F' },
    { name: 'U+FFFE', value: 'v\ufffe', expected: 'U+FFFE' },
    { name: 'U+FFFF', value: 'v\uffff', expected: 'U+FFFF' },
    { name: 'U+0085 then "---" and a space', value: 'a\u0085--- b', expected: '"---"' },
    { name: 'U+0085 then "..." and U+0085', value: 'a\u0085...\u0085b', expected: '"..."' },
    { name: 'U+0085, U+0085 then "---" and a space', value: 'a\u0085\u0085--- b', expected: '"---"' },
    { name: 'U+0085 then "---" at the end: no blank follows', value: 'a\u0085---', expected: undefined },
    { name: 'U+0085, a space, then "---": not at the start of a line', value: 'a\u0085 --- b', expected: undefined },
    { name: '"---" and a space without U+0085', value: '--- b', expected: undefined },
    { name: 'C0 controls, U+2028 and U+FEFF are escaped or allowed', value: '\u0001\t\u2028\ufeff\u00a0', expected: undefined },
  ])('kustomizationProblem: $name', ({ value, expected }) => {
    const problem = kustomizationProblem(value);
    if (expected === undefined) expect(problem).toBeUndefined();
    else expect(problem).toContain(expected);
  });

  test('a value the operator cannot write is left as it is', () => {
    expect(throughKustomization('a\u0085--- b\u0085c')).toBe('a\u0085--- b\u0085c');
  });

  test.each([
    {
      name: 'a U+0085 in the base reaches the container as a space',
      text: 'base: "quay.io\\Nx"\ncomponents:\n  linstor-csi: {image: csi, tag: v1}\n',
      expected: 'quay.io x/csi:v1',
    },
    {
      name: 'in the tag, with blanks around it',
      text: 'base: b\ncomponents:\n  linstor-csi: {image: csi, tag: "v1 \\N 2"}\n',
      expected: 'b/csi:v1 2',
    },
    {
      name: 'in a rule\'s digest',
      text: 'base: b\ncomponents:\n  linstor-csi: {tag: v1, match: [{osImage: "", image: csi, digest: "sha256:\\N"}]}\n',
      expected: 'b/csi:v1@sha256: ',
    },
    {
      name: 'an escaped U+2028 arrives unchanged',
      text: 'base: "a\\Lb"\ncomponents:\n  linstor-csi: {image: csi, tag: v1}\n',
      expected: 'a\u2028b/csi:v1',
    },
  ])('resolution: $name', ({ text, expected }) => {
    expect(image({ '1.yaml': text }, 'linstor-csi')).toBe(expected);
  });

  test('the resolved entry stays the operator\'s; only the rendered image is kustomize\'s', () => {
    const resolved = resolverFor({ '1.yaml': 'base: "r\\Ns"\ncomponents:\n  c: {image: i, tag: v}\n' }).resolve('').images[0];
    expect([resolved.newName, resolved.image]).toEqual(['r\u0085s/i', 'r s/i:v']);
    expect(kustomizedEntry(resolved)).toEqual({ name: 'c', newName: 'r s/i', newTag: 'v', digest: '' });
  });

  test('an environment override with U+0085 is split first, then written through the kustomization', () => {
    const resolver = new ImageResolver(loadImageConfig({ '1.yaml': 'base: b\ncomponents:\n  c: {image: i, tag: v}\n' }).documents,
      { env: { RELATED_IMAGE_c: 'reg/x:v\u00852' } });
    expect(resolver.resolve('').images[0].image).toBe('reg/x:v 2');
  });

  test('a component name with U+0085 builds its pattern from the name kustomize receives', () => {
    expect(placeholderImage({ name: 'a\u0085b', newName: 'n', newTag: 't', digest: '' })).toBe('a\u0085b');
    expect(renderEntry({ name: 'a\u0085b', newName: 'n', newTag: 't', digest: '' }, 'a b')).toBe('n:t');
  });

  test.each([
    { name: 'DEL in the base', text: 'base: "b\\x7f"\ncomponents:\n  c: {image: i, tag: v}\n', field: 'the image name' },
    { name: 'a C1 control in the tag', text: 'base: b\ncomponents:\n  c: {image: i, tag: "v\\x80"}\n', field: 'the tag' },
    { name: 'U+0085 and a document indicator in a rule digest', text: 'base: b\ncomponents:\n  c: {match: [{osImage: x, image: i, digest: "\\N--- x"}]}\n', field: 'the digest' },
    { name: 'in the component name', text: 'base: b\ncomponents:\n  "c\\uFFFE": {image: i, tag: v}\n', field: 'the component name' },
  ])('KUSTOMIZATION_INVALID: $name', ({ text, field }) => {
    const found = resolverFor({ '1.yaml': text }).diagnostics().filter((d) => d.code === DiagnosticCodes.KUSTOMIZATION_INVALID);
    expect(found).toHaveLength(1);
    expect(found[0].message).toMatch(new RegExp(`^${field} of `));
    expect(found[0].location).toMatchObject({ key: '1.yaml', line: 3 });
  });

  test('KUSTOMIZATION_INVALID names the variable an unwritable override comes from', () => {
    const resolver = new ImageResolver(loadImageConfig({ '1.yaml': 'base: b\ncomponents:\n  c: {image: i, tag: v}\n' }).documents,
      { env: { RELATED_IMAGE_c_i: 'reg/x:v\u007f' } });
    const found = resolver.diagnostics().filter((d) => d.code === DiagnosticCodes.KUSTOMIZATION_INVALID);
    expect(found.map((d) => d.location.path)).toEqual(['RELATED_IMAGE_c_i']);
  });

  test('no KUSTOMIZATION_INVALID for a variant no node can select', () => {
    const text = 'base: b\ncomponents:\n  c: {image: "i\\x7f", tag: v}\n';
    const later = 'base: b\ncomponents:\n  c: {image: j, tag: v}\n';
    const codes = resolverFor({ '1.yaml': text, '2.yaml': later }).diagnostics().map((d) => d.code);
    expect(codes).not.toContain(DiagnosticCodes.KUSTOMIZATION_INVALID);
  });
});
