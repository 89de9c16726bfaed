/**
 * encoding/json's decode into imageversions.Config: field folding, unknown keys, several
 * spellings of one field, and the `match` slice reusing its backing array.
 */
import { ComponentConfig } from '../src/resolver/types';
import { DecodeContext } from '../src/resolver/yaml/diagnostics';
import { decodeImageConfig, jsonFindField, unknownKeyMessage } from '../src/resolver/yaml/json-decode';
import { buildNodeTree } from '../src/resolver/yaml/nodes';
import { readFirstDocument } from '../src/resolver/yaml/parse';
import { StructName } from '../src/resolver/yaml/structs';
import { toJson } from '../src/resolver/yaml/to-json';
import { unmarshalDocument } from '../src/resolver/yaml/unmarshal';
import { expectPiraeusError } from './support/errors';

function decode(src: string) {
  const ctx = new DecodeContext('k');
  const root = readFirstDocument(ctx, src);
  const jv = root === null ? null : toJson(ctx, unmarshalDocument(ctx, buildNodeTree(ctx, root)));
  const doc = decodeImageConfig(ctx, jv);
  return { base: doc.base, baseLine: doc.baseLine, components: Object.fromEntries(doc.components), diagnostics: ctx.diagnostics().map((d) => d.code) };
}

const component = (c: Partial<ComponentConfig>): ComponentConfig => ({ tag: '', image: '', digest: '', match: [], ...c });
const rule = (osImage: string, image: string, line: number) => ({ osImage, image, precompiled: false, digest: '', line });

describe('jsonFindField (encoding/json foldName)', () => {
  test.each<{ s: StructName; key: string; field: string | undefined }>([
    { s: 'OsMatch', key: 'OSIMAGE', field: 'OsImage' },
    { s: 'OsMatch', key: 'preCompiled', field: 'Precompiled' },
    // U+0130 and U+0131 are in no SimpleFold orbit with i: no spelling of Image.
    { s: 'ComponentConfig', key: 'İmage', field: undefined },
    { s: 'ComponentConfig', key: 'ımage', field: undefined },
    { s: 'ComponentConfig', key: 'digeſt', field: 'Digest' },
    { s: 'Config', key: 'bases', field: undefined },
    { s: 'Config', key: 'tag', field: undefined },
  ])('$s.$key -> $field', ({ s, key, field }) => {
    expect(jsonFindField(s, key)?.go).toBe(field);
  });
});

describe('unknownKeyMessage', () => {
  test.each<{ key: string; s: StructName; written: string; message: string }>([
    { key: 'tagg', s: 'ComponentConfig', written: 'tagg', message: 'unknown key "tagg" in a component is ignored by the operator; did you mean "tag"?' },
    { key: 'ta', s: 'ComponentConfig', written: 'ta', message: 'unknown key "ta" in a component is ignored by the operator; did you mean "tag"?' },
    {
      key: 'g', s: 'ComponentConfig', written: 'g',
      message: 'unknown key "g" in a component is ignored by the operator; known keys here: tag, match, image, digest',
    },
    { key: 'OSIMAGE', s: 'ComponentConfig', written: 'OSIMAGE', message: 'unknown key "OSIMAGE" in a component is ignored by the operator; "osImage" belongs in a match rule' },
    {
      key: '1', s: 'Config', written: '1.0',
      message: 'unknown key "1" (written 1.0) in the top level of the document is ignored by the operator; known keys here: base, components',
    },
  ])('$key in $s', ({ key, s, written, message }) => {
    expect(unknownKeyMessage(key, s, written)).toBe(message);
  });
});

describe('decodeImageConfig', () => {
  test.each([
    { name: 'empty entry', src: '', expected: { base: '', baseLine: undefined, components: {}, diagnostics: [] } },
    { name: 'base and its line', src: '\nbase: x\n', expected: { base: 'x', baseLine: 2, components: {}, diagnostics: [] } },
    {
      name: 'two spellings: the byte-wise last ("base" after "Base") wins',
      src: 'base: b\nBase: a\n',
      expected: { base: 'b', baseLine: 1, components: {}, diagnostics: ['KEY_SPELLING_CONFLICT', 'KEY_CASE'] },
    },
    {
      name: 'null leaves a string field as it was',
      src: 'Base: a\nbase: ~\n',
      expected: { base: 'a', baseLine: 1, components: {}, diagnostics: ['KEY_CASE', 'SCALAR_COERCED', 'KEY_SPELLING_CONFLICT'] },
    },
    {
      name: 'a null component is an empty one',
      src: 'components:\n  c: ~\n',
      expected: { base: '', baseLine: undefined, components: { c: component({ line: 2 }) }, diagnostics: ['NULL_VALUE'] },
    },
    {
      name: 'unknown keys are ignored',
      src: 'components:\n  c: {tagg: 1, image: i}\n',
      expected: { base: '', baseLine: undefined, components: { c: component({ image: 'i', line: 2 }) }, diagnostics: ['UNKNOWN_KEY'] },
    },
    {
      name: 'a later spelling of match decodes into the earlier elements',
      src: 'components:\n  c:\n    MATCH: [{osImage: a}, {osImage: b}, {osImage: c}]\n    Match: [{image: i1}]\n    match: [{image: i2}, {image: i3}]\n',
      expected: {
        base: '', baseLine: undefined,
        components: { c: component({ match: [rule('a', 'i2', 5), rule('b', 'i3', 5)], line: 2 }) },
        diagnostics: ['KEY_CASE', 'KEY_CASE', 'KEY_SPELLING_CONFLICT'],
      },
    },
    {
      name: 'an empty list in between starts a fresh slice',
      src: 'components:\n  c:\n    MATCH: [{osImage: a}, {osImage: b}]\n    Match: []\n    match: [{image: i2}, {image: i3}]\n',
      expected: {
        base: '', baseLine: undefined,
        components: { c: component({ match: [rule('', 'i2', 5), rule('', 'i3', 5)], line: 2 }) },
        diagnostics: ['KEY_CASE', 'KEY_CASE', 'KEY_SPELLING_CONFLICT'],
      },
    },
  ])('$name', ({ src, expected }) => {
    expect(decode(src)).toEqual(expected);
  });

  test.each([
    { name: 'a list as the document', src: '- a\n', message: 'the document must be a mapping with "base" and "components", but is a list' },
    { name: 'a list of components', src: 'components: []\n', message: '"components" must be a mapping of component names to components, but is a list' },
    { name: 'a quoted boolean', src: 'components: {c: {match: [{precompiled: "true"}]}}', message: '"precompiled" must be a YAML boolean' },
  ])('$name fails with DECODE_TYPE', ({ src, message }) => {
    expect(expectPiraeusError(() => decode(src), 'DECODE_TYPE').detail).toContain(message);
  });
});
