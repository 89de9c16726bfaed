/**
 * Flow collections as libyaml scans them (src/resolver/yaml/flow.ts). The decoded values are
 * go-yaml v2.4's (sigs.k8s.io/yaml v1.6.0 over go.yaml.in/yaml/v2 v2.4.4), as recorded in
 * test/fixtures/go-yaml-answers.json.
 */
import { decodeDocument } from '../src/resolver/yaml/decode';
import { flattenFlowCollections, scanFlowCollection } from '../src/resolver/yaml/flow';
import { expectPiraeusError } from './support/errors';

describe('scanFlowCollection', () => {
  test.each([
    { name: 'one line, nothing to change', text: '[a, {b: c}]', expected: { end: 11, edits: [] } },
    { name: 'a line break', text: '[a,\nb]', expected: { end: 6, edits: [[3, ' ']] } },
    { name: 'a CRLF', text: '{a: b,\r\nc: d}', expected: { end: 13, edits: [[6, ' '], [7, ' ']] } },
    { name: 'a comment after ","', text: '[a, #c\nb]', expected: { end: 9, edits: [[4, ' '], [5, ' '], [6, ' ']] } },
    { name: 'a ":" before ","', text: '[a:, b]', expected: { end: 7, edits: [[2, 'x']] } },
    { name: 'a "-" before "}"', text: '{a: -}', expected: { end: 6, edits: [[4, 'x']] } },
    { name: '"?" before a key in { }', text: '{?a: b}', expected: { end: 7, edits: [[1, ' ']] } },
    { name: '"?" before a key in [ ]', text: '[?a]', expected: { end: 4, edits: [[1, ' ']] } },
    { name: '"?" inside a plain scalar is left', text: '[a?b]', expected: { end: 5, edits: [] } },
    { name: 'a multi-line plain scalar', text: '[a\n  b]', expected: { end: 7, edits: [[2, ' ']] } },
    { name: 'a quoted "]"', text: '["]", b]', expected: { end: 8, edits: [] } },
    { name: 'not closed', text: '[a, b', expected: undefined },
    { name: 'a wrong closing bracket', text: '{a: b]', expected: undefined },
    { name: 'a document marker on a continuation line', text: '[a,\n---\n]', expected: undefined },
    { name: 'a directive on a continuation line', text: '[a,\n%YAML 1.1\n]', expected: undefined },
    { name: 'a comment between two plain scalars', text: '[a # c\n b]', expected: undefined },
    { name: 'a block entry', text: '[- a]', expected: undefined },
    { name: 'a tag through ","', text: '[!a,b c]', expected: undefined },
    { name: 'a collection over two lines used as a key', text: '{a: #c\n b}: x', expected: undefined },
    { name: 'a collection on one line used as a key', text: '{a: b}: x', expected: { end: 6, edits: [] } },
  ])('$name', ({ text, expected }) => {
    expect(scanFlowCollection(text, 0)).toEqual(expected);
  });
});

describe('flattenFlowCollections', () => {
  test.each([
    { name: 'no brackets', text: 'a: b\n', expected: 'a: b\n' },
    { name: 'a one-line collection', text: 'a: [b, c]\n', expected: 'a: [b, c]\n' },
    { name: 'continuation lines at column 0', text: 'a: [\nb,\n]\nc: d\n', expected: 'a: [ b, ]\nc: d\n' },
    { name: 'two collections', text: 'a: {b: -}\nc: [d,\ne]\n', expected: 'a: {b: x}\nc: [d, e]\n' },
    { name: 'brackets in a plain scalar are text', text: 'a: b[c\n', expected: 'a: b[c\n' },
  ])('$name', ({ text, expected }) => {
    expect(flattenFlowCollections(text).text).toBe(expected);
  });
});

describe('decoding flow collections as go-yaml does', () => {
  const decoded = (text: string) => {
    const d = decodeDocument('k', text).document;
    return { base: d.base, components: Object.fromEntries([...d.components].map(([k, c]) => [k, { tag: c.tag, image: c.image, match: c.match.map((m) => m.osImage) }])) };
  };
  test.each([
    {
      name: 'a rule list whose lines start at column 0',
      text: 'components:\n  x:\n    match: [\n{osImage: a, image: b},\n]\n',
      expected: { base: '', components: { x: { tag: '', image: '', match: ['a'] } } },
    },
    {
      name: 'a mapping continued below its key',
      text: 'components: {x: {tag: t,\nimage: i}}\n',
      expected: { base: '', components: { x: { tag: 't', image: 'i', match: [] } } },
    },
    {
      name: 'a plain scalar over two lines folds to one space',
      text: 'components: {x: {tag: a\n  b}}\n',
      expected: { base: '', components: { x: { tag: 'a b', image: '', match: [] } } },
    },
    {
      name: 'an empty line in a plain scalar is a line break',
      text: 'components: {x: {tag: a\n\n  b}}\n',
      expected: { base: '', components: { x: { tag: 'a\nb', image: '', match: [] } } },
    },
    {
      name: '"-" and "a:" before a flow indicator are text',
      text: 'components: {x: {tag: -, image: a:}}\n',
      expected: { base: '', components: { x: { tag: '-', image: 'a:', match: [] } } },
    },
    {
      name: '"?" right before a key is the explicit-key indicator',
      text: 'components: {x: {?tag: v}}\n',
      expected: { base: '', components: { x: { tag: 'v', image: '', match: [] } } },
    },
    {
      name: '"?" right before an item of [ ] makes it a mapping with that key',
      text: 'components: {x: {match: [?osImage: a, ?b]}}\n',
      expected: { base: '', components: { x: { tag: '', image: '', match: ['a', ''] } } },
    },
    {
      name: 'a comment inside, line breaks around it',
      text: 'base: x\ncomponents: {\n# the one\nx: {tag: t}, # end\n}\n',
      expected: { base: 'x', components: { x: { tag: 't', image: '', match: [] } } },
    },
  ])('$name', ({ text, expected }) => {
    expect(decoded(text)).toEqual(expected);
  });

  test.each([
    { name: 'a document marker on a continuation line', text: 'a: {c: d,\n---\n}\n' },
    { name: 'a comment between two plain scalars', text: 'a: [b # c\n c]\n' },
    { name: 'not closed', text: 'a: {c: d,\ne: f\n' },
  ])('still an error: $name', ({ text }) => {
    expectPiraeusError(() => decodeDocument('k', text), 'YAML_SYNTAX');
  });
});
