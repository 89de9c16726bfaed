/**
 * The banded composer (src/resolver/yaml/compose.ts) against the `yaml` package's own Composer:
 * on the same syntax tree, with bands of 1, 2, 3 and 7 levels (so that nearly every collection
 * is a band of its own, or cut somewhere in its middle) and the default band, both must give the
 * same documents (the deep cases below are still within what the package's recursion can do): the same node trees (classes, ranges, values, tags, anchors, comments, source
 * tokens), the same errors and warnings in the same order, the same stream state.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as fc from 'fast-check';
import { Composer, CST, Document, isAlias, isMap, isPair, isScalar, isSeq, Parser } from 'yaml';
import { BandedComposer, COMPOSE_BAND, ComposeOptions, flowContainsNewline } from '../src/resolver/yaml/compose';

const OPTIONS: ComposeOptions = { version: '1.1', schema: 'failsafe', merge: false, uniqueKeys: false, keepSourceTokens: true };
const BANDS = [1, 2, 3, 7, COMPOSE_BAND];
/** Generated inputs: a fifth in `npm test`, all in `npm run test:full`. */
const RUNS_SCALE = process.env.CDK8S_PIRAEUS_FULL_TESTS === '1' ? 1 : 0.2;

/** Everything a composed stream exposes, as plain data (source tokens by their place in the CST). */
function describeStream(composer: Composer, cst: CST.Token[], text: string): unknown {
  const docs = Array.from(composer.compose(cst, false, text.length));
  const tokens = new Map<unknown, number>();
  const number = (t: unknown): void => {
    if (t === null || typeof t !== 'object' || tokens.has(t)) return;
    tokens.set(t, tokens.size);
    for (const v of Object.values(t)) number(v);
  };
  number(cst);
  const node = (n: unknown): unknown => {
    if (n === null || n === undefined) return n;
    const x = n as Record<string, unknown>;
    const base = {
      class: (n as object).constructor.name,
      range: x.range,
      anchor: x.anchor,
      tag: x.tag,
      comment: x.comment,
      commentBefore: x.commentBefore,
      spaceBefore: x.spaceBefore,
      srcToken: x.srcToken === undefined ? undefined : tokens.get(x.srcToken),
    };
    if (isPair(n)) return { ...base, key: node(n.key), value: node(n.value) };
    if (isScalar(n)) return { ...base, value: n.value, source: n.source, type: n.type, format: n.format };
    if (isAlias(n)) return { ...base, source: n.source };
    if (isMap(n) || isSeq(n)) return { ...base, flow: n.flow, items: n.items.map(node) };
    return { ...base, other: String(n) };
  };
  const problems = (list: ReadonlyArray<{ code: string; message: string; pos: [number, number] }>) =>
    list.map((e) => [e.code, e.message, e.pos]);
  const describeDoc = (d: Document.Parsed) => ({
    range: d.range,
    comment: d.comment,
    commentBefore: d.commentBefore,
    docStart: d.directives?.docStart,
    docEnd: d.directives?.docEnd,
    errors: problems(d.errors),
    warnings: problems(d.warnings),
    contents: node(d.contents),
  });
  const info = composer.streamInfo();
  return { docs: docs.map(describeDoc), stream: { errors: problems(info.errors), warnings: problems(info.warnings), comment: info.comment } };
}

function expectSameComposition(text: string, bands: readonly number[] = BANDS): void {
  const cst = Array.from(new Parser().parse(text));
  const expected = describeStream(new Composer(OPTIONS), cst, text);
  for (const band of bands) {
    expect({ band, composed: describeStream(new BandedComposer(OPTIONS, band), cst, text) }).toEqual({ band, composed: expected });
  }
}

const nest = (open: string, close: string, n: number, inner = 'x') => open.repeat(n) + inner + close.repeat(n);
const blockMaps = (n: number, value = 'x') => Array.from({ length: n }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n') + ` ${value}\n`;
const blockSeqs = (n: number) => Array.from({ length: n }, (_, i) => `${'  '.repeat(i)}-`).join('\n') + ' x\n';

describe('the banded composer composes what the package composes', () => {
  test.each([
    { name: 'empty', text: '' },
    { name: 'a comment', text: '# c\n' },
    { name: 'a scalar root', text: 'x\n' },
    { name: 'a block mapping', text: 'base: b\ncomponents:\n  c: {tag: v, image: i}\n' },
    { name: 'anchors, aliases and merges', text: 'a: &a {x: 1}\nb:\n  <<: *a\n  y: [*a, &s [1, 2], *s]\n' },
    { name: 'tags on collections', text: 'a: !!map {x: 1}\nb: !!seq [1]\nc: !!omap [a: 1, b: 2]\nd: !!set {a, b}\ne: !x [1]\nf: !!str {a: 1}\n' },
    { name: 'props on block collections', text: 'a: &a !!map\n  x: 1\nb: !!seq\n- 1\nc: &c\n  - 1\n' },
    { name: 'props without a newline before a block sequence', text: 'a: &a - 1\n' },
    { name: 'comments everywhere', text: '# top\na: # after key\n  # before\n  b: [1, # in flow\n    2] # after\n# end\n' },
    { name: 'several documents', text: '%YAML 1.1\n---\na: [1\n---\n- x\n...\n# trailing\n' },
    { name: 'directive errors', text: '%FOO\n%YAML 1.1\n%YAML 1.2\n---\na: 1\n' },
    { name: 'unclosed flow collections', text: 'a: [1, {b: 2\nc: 3\n' },
    { name: 'an unclosed flow root', text: '[1, [2, [3\n' },
    { name: 'bad indentation', text: 'a:\n  b: 1\n c: 2\n   d: 3\n' },
    { name: 'a block sequence as an implicit key', text: '- a\n- b\n: c\n' },
    { name: 'multi-line implicit keys', text: '{a\n b: c}\n[d\n e: f]\n? g\n  h\n: i\n' },
    { name: 'a tab as indentation', text: 'a:\n\tb: 1\n' },
    { name: 'explicit keys that are collections', text: '? [a, [b]]\n: v\n? {c: [d]}\n: w\n? - e\n  - f\n: x\n' },
    { name: 'a flow collection as an implicit key', text: '[a, [b, [c]]]: v\n{d: [e]}: w\n' },
    { name: 'flow keys that span lines', text: '[a,\n b]: v\n[[c, {d: "e\n f"}]]: w\nx: [[g, [h # c\n ]]: i, [*j\n ]: k]\n' },
    { name: 'flow keys with block collections inside', text: '[[a, {b: c}], - d]: v\n' },
    { name: 'block collections inside flow ones', text: '[a, b: c, {d: e}]\n{f: - g}\n' },
    { name: 'empty values and keys', text: 'a:\nb: [,]\nc: {:}\n? \n- \n' },
    { name: 'block scalars', text: 'a: |\n  x\nb: >-\n  y\n  z\nc: [|\n  w\n]\n' },
    { name: 'an anchor without a name', text: 'a: & [1]\nb: &\n  c: 1\n' },
    { name: 'several anchors', text: 'a: &x &y [1]\n' },
    { name: 'an alias with props', text: 'a: &x *y\n' },
    { name: 'a document start before a block collection', text: '--- a: 1\n--- - 1\n' },
    { name: 'deep flow sequences', text: `a: ${nest('[', ']', 40)}\n` },
    { name: 'deep flow mappings', text: `a: ${nest('{a: ', '}', 40)}\n` },
    { name: 'deep block mappings', text: blockMaps(40) },
    { name: 'deep block sequences', text: blockSeqs(40) },
    { name: 'deep mixed', text: `a:\n  - b: ${nest('[{c: ', '}]', 20)}\n    d:\n${blockMaps(10).replace(/^/gm, '      ')}` },
    { name: 'deep with comments and errors', text: `a: ${nest('[ # c\n  ', ' ,]', 30)}\n` },
    { name: 'deep with anchors and tags', text: `a: ${nest('&a !!seq [', ']', 30)}\nb: *a\n` },
    { name: 'deep flow root', text: nest('[', ']', 30) },
    { name: 'deep unclosed', text: `a: ${'['.repeat(30)}x\n` },
    { name: 'deeper than the default band', text: `a:\n  - ${nest('{b: [', ']}', 60, '&x [*y, "q\n  r"]')}\n${blockMaps(130)}` },
    { name: 'several deep values side by side', text: `a: ${nest('[', ']', 120)}\nb: ${nest('{c: ', '}', 120)}\nd: ${nest('[', ']', 120)}\n` },
  ])('$name', ({ text }) => {
    expectSameComposition(text);
  });

  test('every YAML file of the test fixtures and releases', () => {
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.ya?ml$/.test(e.name)) files.push(p);
      }
    };
    walk(path.join(__dirname, 'fixtures'));
    walk(path.join(__dirname, '..', 'releases'));
    expect(files.length).toBeGreaterThan(50);
    for (const f of files) expectSameComposition(fs.readFileSync(f, 'utf8'), [1, COMPOSE_BAND]);
  });

  const atoms = ['base', 'components', 'tag', ':', ': ', '\n', '  ', '    ', '- ', '-', '{', '}', '[', ']', ',', '"', '\'',
    '\t', '#', '# c\n', '&a ', '&', '*a', '<<', '!!str ', '!!map ', '!!seq ', '!!omap ', '!x ', '? ', '|', '>', '---\n',
    '...\n', '~', 'x', '%YAML 1.1\n', '\r\n', '\u2028'];

  test('random YAML-like input', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...atoms), { maxLength: 60 }), (parts) => {
      expectSameComposition(parts.join(''));
    }), { numRuns: Math.round(1500 * RUNS_SCALE), seed: 2026 });
  });

  const nested: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constantFrom('x', '', '"q"', '*a', '|\n  b\n', '# c\n'),
      fc.tuple(fc.constantFrom('[', '{', '[ ', '{ ', '[\n', '&a [', '!!seq [', '!!map {'), fc.array(tie('node'), { maxLength: 3 }),
        fc.constantFrom(']', '}', '', ' ]', '\n]'), fc.constantFrom(', ', ',', ': ', ' :', ',\n '))
        .map(([open, items, close, sep]) => open + items.join(sep) + close),
      fc.tuple(fc.array(fc.tuple(fc.constantFrom('k', '? k', '- ', 'k', '&b k', ''), tie('node')), { minLength: 1, maxLength: 3 }),
        fc.constantFrom('  ', ' ', '    ', ''))
        .map(([pairs, indent]) => '\n' + pairs.map(([k, v]) => `${k}: ${v}`).join('\n').replace(/\n/g, `\n${indent}`)),
    ),
  })).node;

  test('random nested collections', () => {
    fc.assert(fc.property(nested, (text) => {
      expectSameComposition(`root: ${text}\n`);
      expectSameComposition(text);
    }), { numRuns: Math.round(700 * RUNS_SCALE), seed: 7 });
  });
});

describe('flowContainsNewline answers as the package\'s containsNewline', () => {
  const { containsNewline } = require(path.join(path.dirname(require.resolve('yaml')), 'compose', 'util-contains-newline.js')) as {
    containsNewline: (t: unknown) => boolean | null;
  };
  const flowKey = (text: string): CST.FlowCollection => {
    const doc = Array.from(new Parser().parse(text)).find((t) => t.type === 'document') as CST.Document;
    const item = (doc.value as CST.BlockMap).items[0];
    return (item.key ?? (item.value as CST.FlowCollection)) as CST.FlowCollection;
  };
  test.each([
    '[a, b]: v', '[a,\n b]: v', '[a, [b, {c: d}]]: v', '[a, [b, {c: "d\n e"}]]: v', '[[a # c\n ]]: v',
    '[*x, [*y\n ]]: v', '[a, - b]: v', '{a: |\n  b\n}: v', '[[[[]]]]: v', '[? a : b]: v', '[a: b, c:\n d]: v',
  ])('%j', (text) => {
    const key = flowKey(text);
    expect(key.type).toBe('flow-collection');
    expect(flowContainsNewline(key)).toBe(containsNewline(key) === true);
  });
});
