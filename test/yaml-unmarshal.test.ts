/**
 * go-yaml v2's decode into interface{}: scalars, aliases, positional `<<` merges, duplicate keys.
 */
import { DecodeContext } from '../src/resolver/yaml/diagnostics';
import { buildNodeTree } from '../src/resolver/yaml/nodes';
import { readFirstDocument } from '../src/resolver/yaml/parse';
import { MERGE_TAG } from '../src/resolver/yaml/scalar';
import { allowedAliasRatio, isMergeKey, mapKeyIdentity, unmarshalDocument } from '../src/resolver/yaml/unmarshal';
import { GV, ScalarNode } from '../src/resolver/yaml/values';
import { expectPiraeusError } from './support/errors';

function decode(src: string) {
  const ctx = new DecodeContext('k');
  const gv = unmarshalDocument(ctx, buildNodeTree(ctx, readFirstDocument(ctx, src)!));
  return { value: plainValue(gv), diagnostics: ctx.diagnostics().map((d) => d.code) };
}

/** Maps as [key, value] pairs in Go map insertion order; ints as `1n`-style strings. */
function plainValue(gv: GV): unknown {
  switch (gv.t) {
    case 'map':
      return [...gv.entries.values()].map((e) => [plainValue(e.key), plainValue(e.value)]);
    case 'seq':
      return gv.items.map(plainValue);
    case 'null':
      return null;
    case 'int':
      return `${gv.unsigned ? 'uint' : 'int'} ${gv.v}`;
    default:
      return gv.v;
  }
}

const node = (value: string, tag = '', implicit = true): ScalarNode => ({ kind: 'scalar', value, tag, implicit, quoted: !implicit, offset: 0 });

describe('allowedAliasRatio', () => {
  test.each([
    { count: 0, ratio: 0.99 },
    { count: 400000, ratio: 0.99 },
    { count: 2200000, ratio: 0.545 },
    { count: 4000000, ratio: 0.1 },
    { count: 9000000, ratio: 0.1 },
  ])('$count -> $ratio', ({ count, ratio }) => {
    expect(allowedAliasRatio(count)).toBeCloseTo(ratio, 12);
  });
});

describe('mapKeyIdentity (Go interface{} map key equality)', () => {
  const src = node('x');
  test.each<{ name: string; key: GV; id: string | undefined }>([
    { name: 'null', key: { t: 'null', src }, id: 'n' },
    { name: 'true', key: { t: 'bool', v: true, src }, id: 'b1' },
    { name: 'int 1', key: { t: 'int', v: 1n, unsigned: false, src }, id: 'i1' },
    { name: 'uint64 beyond int64', key: { t: 'int', v: 1n << 63n, unsigned: true, src }, id: 'u9223372036854775808' },
    { name: 'float 1.5', key: { t: 'float', v: 1.5, src }, id: 'f1.5' },
    { name: '-0.0 equals 0.0', key: { t: 'float', v: -0, src }, id: 'f0' },
    { name: 'NaN equals nothing', key: { t: 'float', v: NaN, src }, id: undefined },
    { name: 'string "1" differs from int 1', key: { t: 'str', v: '1', src }, id: 's1' },
  ])('$name', ({ key, id }) => {
    expect(mapKeyIdentity(key)).toBe(id);
  });
});

describe('isMergeKey', () => {
  test.each([
    { name: 'plain <<', n: node('<<'), merge: true },
    { name: '!!merge <<', n: node('<<', MERGE_TAG, false), merge: true },
    { name: 'quoted "<<"', n: node('<<', '', false), merge: false },
    { name: '!!str <<', n: node('<<', 'tag:yaml.org,2002:str', false), merge: false },
    { name: 'other text', n: node('<'), merge: false },
  ])('$name', ({ n, merge }) => {
    expect(isMergeKey(n)).toBe(merge);
  });
});

describe('unmarshalDocument', () => {
  test.each([
    { name: 'YAML 1.1 scalars', src: '[yes, 0x10, 1.5, ~, "1", 2001-01-01]', value: [true, 'int 16', 1.5, null, '1', '2001-01-01'], diagnostics: [] },
    { name: 'duplicate key: last wins', src: 'a: 1\na: 2\n', value: [['a', 'int 2']], diagnostics: ['DUPLICATE_KEY'] },
    { name: 'merge after an explicit key overrides it', src: 'a: 1\n<<: {a: 2, b: 3}\n', value: [['a', 'int 2'], ['b', 'int 3']], diagnostics: ['YAML_FEATURE'] },
    { name: 'explicit key after a merge wins silently', src: '<<: {a: 2}\na: 1\n', value: [['a', 'int 1']], diagnostics: [] },
    { name: 'in a merge list the first map wins', src: '<<: [{a: 1}, {a: 2}]\n', value: [['a', 'int 1']], diagnostics: [] },
    { name: 'merge of an alias', src: 'm: &m {a: 1}\nc: {<<: *m}\n', value: [['m', [['a', 'int 1']]], ['c', [['a', 'int 1']]]], diagnostics: [] },
    { name: 'y is a YAML 1.1 boolean key', src: 'y: 1\n', value: [[true, 'int 1']], diagnostics: [] },
    { name: 'quoted "<<" is a plain key', src: '"<<": {a: 1}\n', value: [['<<', [['a', 'int 1']]]], diagnostics: [] },
    { name: 'NaN keys never collide', src: '.nan: 1\n.nan: 2\n', value: [[NaN, 'int 1'], [NaN, 'int 2']], diagnostics: [] },
    { name: 'a custom tag is read as text', src: 'a: !foo 1\n', value: [['a', '1']], diagnostics: ['YAML_FEATURE'] },
  ])('$name', ({ src, value, diagnostics }) => {
    expect(decode(src)).toEqual({ value, diagnostics });
  });

  test.each([
    { name: 'an alias inside its own anchor', src: 'a: &x [*x]\n', code: 'YAML_SYNTAX', message: "anchor 'x' value contains itself" },
    { name: 'merge of a scalar', src: '<<: 1\n', code: 'DECODE_TYPE', message: 'map merge requires map or sequence of maps as the value' },
    { name: 'merge list with a scalar', src: '<<: [{a: 1}, 2]\n', code: 'DECODE_TYPE', message: 'map merge requires map or sequence of maps as the value' },
    { name: 'a mapping as a key', src: '? {a: 1}\n: b\n', code: 'DECODE_TYPE', message: 'invalid map key: a mapping cannot be a key' },
    { name: 'a value that does not fit its tag', src: 'a: !!int x\n', code: 'DECODE_TYPE', message: 'cannot decode !!str `x` as a !!int' },
  ])('$name', ({ src, code, message }) => {
    expect(expectPiraeusError(() => decode(src), code).detail).toContain(message);
  });
});
