/**
 * sigs.k8s.io/yaml's YAML-to-JSON step: key strings, its own field matching, string coercion.
 */
import { DecodeContext } from '../src/resolver/yaml/diagnostics';
import { buildNodeTree } from '../src/resolver/yaml/nodes';
import { readFirstDocument } from '../src/resolver/yaml/parse';
import { jsonKeyString, sigsFieldMatches, sigsFindField, toJson } from '../src/resolver/yaml/to-json';
import { unmarshalDocument } from '../src/resolver/yaml/unmarshal';
import { GV, JV, ScalarNode } from '../src/resolver/yaml/values';
import { expectPiraeusError } from './support/errors';

function convert(src: string) {
  const ctx = new DecodeContext('k');
  const jv = toJson(ctx, unmarshalDocument(ctx, buildNodeTree(ctx, readFirstDocument(ctx, src)!)));
  return { json: plainJson(jv), diagnostics: ctx.diagnostics().map((d) => d.code) };
}

/** Objects as [key, value] pairs in member order; numbers as `num <text>`. */
function plainJson(jv: JV): unknown {
  switch (jv.j) {
    case 'obj':
      return jv.entries.map((e) => [e.key, plainJson(e.value)]);
    case 'arr':
      return jv.items.map(plainJson);
    case 'num':
      return `num ${jv.gv.src.kind === 'scalar' ? jv.gv.src.value : ''}`;
    case 'null':
      return null;
    default:
      return jv.v;
  }
}

describe('sigsFieldMatches (sigs.k8s.io/yaml fold)', () => {
  test.each([
    { name: 'Image', key: 'image', matches: true },
    { name: 'Image', key: 'IMAGE', matches: true },
    { name: 'Image', key: 'imag', matches: false },
    { name: 'Image', key: 'İmage', matches: false }, // no S or K in the name: ASCII only
    { name: 'Digest', key: 'digeſt', matches: true }, // long s counts for s
    { name: 'OsImage', key: 'oſimage', matches: true },
    { name: 'Digest', key: 'dıgest', matches: false }, // dotless i never does
    { name: 'Tag', key: 'Tag', matches: true },
  ])('$name ~ $key: $matches', ({ name, key, matches }) => {
    expect(sigsFieldMatches(name, key)).toBe(matches);
  });
});

describe('sigsFindField', () => {
  test.each([
    { s: 'ComponentConfig' as const, key: 'TAG', field: 'Tag' },
    { s: 'OsMatch' as const, key: 'osimage', field: 'OsImage' },
    { s: 'OsMatch' as const, key: 'İmage', field: undefined },
    { s: 'Config' as const, key: 'componentſ', field: 'Components' },
    { s: 'Config' as const, key: 'image', field: undefined },
  ])('$s.$key -> $field', ({ s, key, field }) => {
    expect(sigsFindField(s, key)?.go).toBe(field);
  });
});

describe('jsonKeyString', () => {
  const src: ScalarNode = { kind: 'scalar', value: 'x', tag: '', implicit: true, quoted: false, offset: 0 };
  test.each<{ name: string; key: GV; expected: unknown }>([
    { name: 'string', key: { t: 'str', v: 'a', src }, expected: { key: 'a' } },
    { name: 'bool', key: { t: 'bool', v: false, src }, expected: { key: 'false' } },
    { name: 'int', key: { t: 'int', v: -7n, unsigned: false, src }, expected: { key: '-7' } },
    { name: 'float as float32 %g', key: { t: 'float', v: 1.1, src }, expected: { key: '1.1' } },
    { name: 'float 1e20', key: { t: 'float', v: 1e20, src }, expected: { key: '1e+20' } },
    { name: '+Inf', key: { t: 'float', v: Infinity, src }, expected: { key: '.inf' } },
    { name: '-Inf', key: { t: 'float', v: -Infinity, src }, expected: { key: '-.inf' } },
    { name: 'NaN', key: { t: 'float', v: NaN, src }, expected: { key: '.nan' } },
    {
      name: 'uint64', key: { t: 'int', v: 1n << 63n, unsigned: true, src },
      expected: { error: 'unsupported map key of type: uint64, key: 9223372036854775808 (the operator cannot use integer keys above 2^63-1)' },
    },
    {
      name: 'null', key: { t: 'null', src },
      expected: { error: 'unsupported map key of type: <nil> (a key that is empty, "~" or "null"); the operator rejects the entry' },
    },
  ])('$name', ({ key, expected }) => {
    expect(jsonKeyString(key)).toEqual(expected);
  });
});

describe('toJson', () => {
  test.each([
    {
      name: 'members in UTF-8 byte order (U+FFFF before U+1F600, unlike UTF-16)',
      src: '"😀": 1\n"\\uFFFF": 2\nb: 3\na: 4\n',
      json: [['a', 'num 4'], ['b', 'num 3'], ['\uffff', 'num 2'], ['😀', 'num 1']],
      diagnostics: [],
    },
    {
      name: 'a float in a string field becomes float32 text',
      src: 'components: {c: {tag: 1.10}}',
      json: [['components', [['c', [['tag', '1.1']]]]]],
      diagnostics: ['SCALAR_COERCED'],
    },
    {
      name: 'an int that reads back the same is coerced silently',
      src: 'base: 12',
      json: [['base', '12']],
      diagnostics: [],
    },
    {
      name: 'null in a string field stays null',
      src: 'base: ~',
      json: [['base', null]],
      diagnostics: ['SCALAR_COERCED'],
    },
    {
      name: 'no coercion for unknown keys',
      src: 'bass: 1.10',
      json: [['bass', 'num 1.10']],
      diagnostics: [],
    },
    {
      name: 'no coercion when only encoding/json would match the key',
      src: 'components: {c: {İmage: 2}}',
      json: [['components', [['c', [['İmage', 'num 2']]]]]],
      diagnostics: [],
    },
    {
      name: 'NaN in a string field is text',
      src: 'base: .nan',
      json: [['base', 'NaN']],
      diagnostics: ['SCALAR_COERCED'],
    },
    {
      name: 'a non-string component key is stringified',
      src: 'components: {1.0: {}}',
      json: [['components', [['1', []]]]],
      diagnostics: ['SCALAR_COERCED'],
    },
    {
      name: 'two YAML keys that become one JSON key',
      src: '1: a\n"1": b\n',
      json: [['1', 'b']],
      diagnostics: ['DUPLICATE_KEY'],
    },
  ])('$name', ({ src, json, diagnostics }) => {
    expect(convert(src)).toEqual({ json, diagnostics });
  });

  test.each([
    { name: 'NaN where no string is expected', src: 'x: .nan', message: 'json: unsupported value: NaN' },
    { name: '-Inf in a list', src: 'x: [-.inf]', message: 'json: unsupported value: -Inf' },
    { name: 'a null key', src: '~: 1', message: 'unsupported map key of type: <nil>' },
  ])('$name fails with DECODE_TYPE', ({ src, message }) => {
    expect(expectPiraeusError(() => convert(src), 'DECODE_TYPE').detail).toContain(message);
  });
});
