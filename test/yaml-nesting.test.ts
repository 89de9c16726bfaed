/**
 * Deep nesting, decoded as the operator decodes it: go-yaml v2.4 and encoding/json accept up to
 * 10,000 levels, and up to there an entry gives what the same entry nested a few levels deep
 * gives (by the same rules: unknown keys ignored with the same warning at the same line, a list
 * or mapping where a string belongs the same located DECODE_TYPE). Beyond the limits, the
 * operator's errors. Every shape of nesting: flow sequences and mappings, block mappings and
 * sequences, a mix of all four, and nesting reached through aliases and merges.
 *
 * `levels` counts every list and mapping on the deepest path of the document, the top-level
 * mapping, `components` and the component included (so 10,000 is exactly encoding/json's limit).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ErrorCodes, PiraeusError } from '../src/errors';
import { decodeDocument } from '../src/resolver/yaml/decode';

/** The lines before the nested value (`key` is the component's key that holds it, at line 5). */
const head = (key: string) => `base: quay.io/p\ncomponents:\n  c:\n    image: i\n    ${key}:`;

/** The three levels `head` opens: the top-level mapping, `components` and the component. */
const OUTER = 3;

interface Shape {
  readonly name: string;
  /** An entry whose deepest path holds `levels` lists and mappings, the nested value under `key`. */
  readonly entry: (key: string, levels: number) => string;
  /** The line of `key`, and of the value an error about it names. */
  readonly keyLine: number;
  readonly valueLine: number;
}

const flowSeqs = (n: number) => '['.repeat(n) + ']'.repeat(n);
const flowMaps = (n: number) => '{a: '.repeat(n - 1) + '{a: 1' + '}'.repeat(n);
/** Block mappings, each indented one column further, from column `col`. */
const blockMaps = (n: number, col: number) => Array.from({ length: n }, (_, i) => `${' '.repeat(col + i)}a:`).join('\n') + ' x';

const SHAPES: readonly Shape[] = [
  { name: 'flow sequences', entry: (key, levels) => `${head(key)} ${flowSeqs(levels - OUTER)}\n`, keyLine: 5, valueLine: 5 },
  { name: 'flow mappings', entry: (key, levels) => `${head(key)} ${flowMaps(levels - OUTER)}\n`, keyLine: 5, valueLine: 5 },
  { name: 'block mappings', entry: (key, levels) => `${head(key)}\n${blockMaps(levels - OUTER, 6)}\n`, keyLine: 5, valueLine: 6 },
  {
    // Compact: each "-" opens a sequence two columns further than the one before.
    name: 'block sequences', entry: (key, levels) => `${head(key)}\n      ${'- '.repeat(levels - OUTER)}x\n`, keyLine: 5, valueLine: 6,
  },
  {
    // Block mappings and sequences in turn, one a line, then flow sequences and mappings in turn.
    name: 'block and flow mappings and sequences mixed',
    entry: (key, levels) => {
      const block = Math.min(200, Math.floor((levels - OUTER) / 2));
      const flow = levels - OUTER - block;
      const lines = Array.from({ length: block }, (_, i) => `${' '.repeat(6 + i)}${i % 2 === 0 ? 'a:' : '-'}`);
      const open = Array.from({ length: flow }, (_, i) => (i % 2 === 0 ? '[' : '{a: ')).join('');
      const close = Array.from({ length: flow }, (_, i) => ((flow - 1 - i) % 2 === 0 ? ']' : '}')).join('');
      return `${head(key)}\n${lines.join('\n')} ${open}x${close}\n`;
    },
    keyLine: 5,
    valueLine: 6,
  },
  {
    // The nested value is an alias of lists anchored under an unknown top-level key; at their
    // bottom, an alias of a mapping and a merge of it. Expanded under the component, the lists
    // and that mapping are `levels` deep.
    name: 'aliases and merges',
    entry: (key, levels) => {
      const lists = levels - OUTER - 1;
      const anchored = '['.repeat(lists - 1) + '[*m, {<<: *m, tag: t}]' + ']'.repeat(lists - 1);
      return `base: quay.io/p\nx-m: &m {image: j}\nx-deep: &deep ${anchored}\ncomponents:\n  c:\n    image: i\n    ${key}: *deep\n`;
    },
    keyLine: 7,
    valueLine: 3,
  },
];

/** What decoding gives: the document and the warnings (code, line, component), or the error. */
function outcome(text: string): unknown {
  try {
    const r = decodeDocument('1.yaml', text);
    return {
      base: r.document.base,
      components: [...r.document.components].map(([k, v]) => [k, { image: v.image, tag: v.tag, digest: v.digest, match: v.match }]),
      warnings: r.diagnostics.map((d) => [d.code, d.location.line, d.location.component, d.message]),
    };
  } catch (e) {
    if (!(e instanceof PiraeusError)) throw e;
    return { error: e.code, detail: e.detail, location: e.location };
  }
}

/** `npm test` runs two depths of each shape; `npm run test:full` all four (the limits below run in both). */
const FULL = process.env.CDK8S_PIRAEUS_FULL_TESTS === '1';
const DEPTHS = FULL ? [401, 1000, 5000, 10000] : [401, 1000];
const SHALLOW = 6;

describe.each(SHAPES)('$name', (shape) => {
  test.each(DEPTHS)('%d levels under an unknown key of a component: ignored, with the warning a shallow value gets', (levels) => {
    const deep = outcome(shape.entry('x-notes', levels));
    expect(deep).toEqual(outcome(shape.entry('x-notes', SHALLOW)));
    expect(deep).toMatchObject({ components: [['c', { image: 'i' }]] });
    expect((deep as { warnings: unknown[][] }).warnings.filter((w) => w[0] === 'UNKNOWN_KEY').map((w) => w.slice(1, 3)))
      .toContainEqual([shape.keyLine, 'c']);
  });

  test.each(DEPTHS)('%d levels where "tag" must be a string: the DECODE_TYPE a shallow value gets', (levels) => {
    const deep = outcome(shape.entry('tag', levels));
    expect(deep).toEqual(outcome(shape.entry('tag', SHALLOW)));
    expect(deep).toMatchObject({ error: ErrorCodes.DECODE_TYPE, location: { line: shape.valueLine, component: 'c' } });
    expect((deep as { detail: string }).detail).toMatch(/^"tag" must be a string, but is a (list|mapping)/);
  });
});

describe('the operator\'s limits: 10,000 levels decode, one more is its error', () => {
  const ok = { components: [['c', { image: 'i' }]] };
  const JSON_DEPTH = { error: ErrorCodes.DECODE_TYPE, detail: expect.stringContaining('"exceeded max depth" at 10000') };
  const SCANNER = (what: string) => ({ error: ErrorCodes.YAML_SYNTAX, detail: `exceeded max depth of 10000: the operator's YAML parser allows at most 10000 nested ${what}` });
  const [flowSeq, flowMap, blockMap, blockSeq, mixed, aliases] = SHAPES;
  // Block mappings 10,000 deep are 50 MB of text: `npm run test:full` decodes them, `npm test` the other shapes.
  test.each([
    { name: '10,000 containers, 9,997 of them flow sequences', text: () => flowSeq.entry('x-notes', 10000), expected: ok },
    { name: '10,001 containers, 9,998 of them flow sequences (encoding/json)', text: () => flowSeq.entry('x-notes', 10001), expected: JSON_DEPTH },
    { name: '10,001 open brackets (go-yaml\'s scanner)', text: () => flowSeq.entry('x-notes', 10004), expected: SCANNER('[ ] and { }') },
    { name: '10,001 containers, 9,998 of them flow mappings', text: () => flowMap.entry('x-notes', 10001), expected: JSON_DEPTH },
    { name: '10,000 indented block mappings', text: () => blockMap.entry('x-notes', 10000), expected: ok },
    { name: '10,001 indented block mappings (go-yaml\'s scanner)', text: () => blockMap.entry('x-notes', 10001), expected: SCANNER('indented block collections') },
    { name: '10,000 indented block sequences and mappings', text: () => blockSeq.entry('x-notes', 10000), expected: ok },
    { name: '10,001 indented block sequences and mappings', text: () => blockSeq.entry('x-notes', 10001), expected: SCANNER('indented block collections') },
    { name: '10,000 mixed containers', text: () => mixed.entry('x-notes', 10000), expected: ok },
    { name: '10,001 mixed containers (encoding/json)', text: () => mixed.entry('x-notes', 10001), expected: JSON_DEPTH },
    { name: '10,000 containers once aliases are expanded', text: () => aliases.entry('x-notes', 10000), expected: ok },
    { name: '10,001 containers once aliases are expanded (encoding/json)', text: () => aliases.entry('x-notes', 10001), expected: JSON_DEPTH },
  ].filter(({ name }) => FULL || !name.includes('block mappings')))('$name', ({ text, expected }) => {
    expect(outcome(text())).toMatchObject(expected);
  });

  test('the encoding/json error stands at the first list or mapping beyond the limit', () => {
    // "    x-notes: " then 9,998 brackets from column 14: the last is the 10,001st container.
    const text = SHAPES[0].entry('x-notes', 10001);
    expect(outcome(text)).toMatchObject({ location: { line: 5, column: 14 + 9997 } });
  });
});

describe('deep values elsewhere in the entry', () => {
  test('a deep second document is composed and reported as ignored, as a shallow one', () => {
    const second = (n: number) => `base: quay.io/p\n---\nx: ${flowSeqs(n)}\n`;
    expect(outcome(second(20000))).toEqual(outcome(second(2)));
    expect(outcome(second(20000))).toMatchObject({ warnings: [['EXTRA_DOCUMENTS', 3, undefined, expect.any(String)]] });
  });

  test('a duplicate key deep down is reported at its line, as go-yaml decodes every level', () => {
    // Lines 3 to 5,002 open 5,000 mappings; line 5,003 repeats the innermost key.
    const text = (n: number) => `base: quay.io/p\nx:\n${blockMaps(n, 2)}\n${' '.repeat(n + 1)}a: y\n`;
    const warnings = (outcome(text(5000)) as { warnings: unknown[][] }).warnings.map((w) => w.slice(0, 2));
    expect(warnings).toEqual([['UNKNOWN_KEY', 2], ['DUPLICATE_KEY', 5003]]);
  });

  test('a deep flow collection as a mapping key is the YAML_SYNTAX a long shallow one gets', () => {
    const key = (n: number) => `${flowSeqs(n)}: v\n`;
    const deep = outcome(key(5000));
    expect(deep).toMatchObject({ error: ErrorCodes.YAML_SYNTAX, location: { line: 1 } });
    expect((deep as { detail: string }).detail).toBe((outcome(`${'k'.repeat(10000)}: v\n`) as { detail: string }).detail);
  });
});

describe('the stack a decode needs does not grow with the nesting', () => {
  // The built decoder in a process with a quarter of Node's default stack (984 KB): 10,000 levels
  // of each shape decode there as in this process. Every pass is bounded by the composer's band
  // (50 levels), not by the entry.
  const decoder = path.join(__dirname, '..', 'lib', 'resolver', 'yaml', 'decode.js');
  // `npm test` checks the mixed shape (every kind of collection); `npm run test:full` each shape.
  const shapes = FULL ? SHAPES : SHAPES.filter((s) => s.name.includes('mixed'));
  test.each(shapes.map((s) => s.name))('%s, 10,000 levels, with a 250 KB stack', (name) => {
    if (!fs.existsSync(decoder)) throw new Error(`${decoder} is missing: run npm run build (npm test does)`);
    const text = (SHAPES.find((s) => s.name === name) as Shape).entry('x-notes', 10000);
    const script = `const { decodeDocument } = require(${JSON.stringify(decoder)});
      const r = decodeDocument('1.yaml', require('fs').readFileSync(0, 'utf8'));
      process.stdout.write(JSON.stringify(r.diagnostics.map((d) => [d.code, d.location.line, d.message])));`;
    const r = spawnSync(process.execPath, ['--stack-size=250', '-e', script], { input: text, encoding: 'utf8', maxBuffer: 1 << 26 });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual(decodeDocument('1.yaml', text).diagnostics.map((d) => [d.code, d.location.line, d.message]));
  });
});
