/**
 * Anchors and aliases right before a ":", read as libyaml reads them (go-yaml v2.4 scannerc.go
 * yaml_parser_scan_anchor ends the name at the first character outside [0-9A-Za-z_-]).
 */
import { Parser } from 'yaml';
import { PiraeusError } from '../src/errors';
import { restoreAnchorColons, separateAnchorColons } from '../src/resolver/yaml/anchors';
import { decodeDocument } from '../src/resolver/yaml/decode';
import { leavesOf } from '../src/resolver/yaml/scan';

describe('separateAnchorColons', () => {
  test.each([
    { name: 'an anchor before ": "', text: '&a: x\n', expected: '! : x\n' },
    { name: 'a longer anchor at the end', text: 'k:\n  &abc:', expected: 'k:\n  !   :' },
    { name: 'an anchor before a plain scalar that starts with ":"', text: 'base: &a:b x\n', expected: 'base: ! :b x\n' },
    { name: 'an anchor before ":" inside { }', text: '{&a:}\n', expected: '{! :}\n' },
    { name: 'an alias before ": "', text: '*ab: x\n', expected: '\'x\': x\n' },
    { name: 'an alias before ":" inside { }', text: '{*a:x}\n', expected: '{\'\':x}\n' },
    { name: 'an alias before a plain scalar (libyaml refuses it too)', text: '*a:b\n', expected: '*a:b\n' },
    { name: 'an anchor before ":b" inside { }', text: '{&ab:b}\n', expected: '{\'x\':b}\n' },
    { name: 'inside quotes', text: 'a: "&a: x"\n', expected: 'a: "&a: x"\n' },
    { name: 'a name that is not libyaml\'s before the ":"', text: '&a.b: x\n', expected: '&a.b: x\n' },
  ])('$name', ({ text, expected }) => {
    const out = separateAnchorColons(text);
    expect(out.text).toBe(expected);
    expect(out.text).toHaveLength(text.length);
  });
});

describe('restoreAnchorColons', () => {
  test('puts the anchor and the alias back, each ending at its ":"', () => {
    const text = 'k: &a base\n&b: x\n*a: y\n';
    const sep = separateAnchorColons(text);
    const cst = Array.from(new Parser().parse(sep.text));
    restoreAnchorColons(cst, sep.props);
    const props = leavesOf(cst).filter((l) => l.type === 'anchor' || l.type === 'alias').map((l) => [l.type, l.offset, l.source]);
    expect(props).toEqual([['anchor', 3, '&a'], ['anchor', 11, '&b'], ['alias', 17, '*a']]);
  });
});

describe('decodeDocument: anchors and aliases before ":" (answers of sigs.k8s.io/yaml v1.6.0 on go.yaml.in/yaml/v2 v2.4.4)', () => {
  const outcome = (text: string): unknown => {
    try {
      const d = decodeDocument('k', text).document;
      return { base: d.base, components: [...d.components.keys()] };
    } catch (e) {
      return (e as PiraeusError).code;
    }
  };
  test.each([
    { name: 'an alias as a key', text: 'k: &a base\n*a: x\n', expected: { base: 'x', components: [] } },
    { name: 'an alias as a key inside { }, ":" at once', text: '{k: &a base, *a:x}\n', expected: { base: 'x', components: [] } },
    { name: 'an anchored empty key is a null key', text: 'components:\n  &a:\n    image: i\n', expected: 'DECODE_TYPE' },
    { name: 'an anchored empty key inside [ ]', text: '[&a: b]\n', expected: 'DECODE_TYPE' },
    { name: 'an anchored empty key inside { }, ":" and its value at once', text: '{!!str &a:b, base: *a}\n', expected: { base: '', components: [] } },
    { name: 'a tagged and anchored empty key is ""', text: '!!str &ab: x\n', expected: { base: '', components: [] } },
    { name: 'the ":" starts the plain scalar', text: 'base: &a:b x\n', expected: { base: ':b x', components: [] } },
    { name: 'no key after a key on its line', text: 'base: &a: x\n', expected: 'YAML_SYNTAX' },
  ])('$name', ({ text, expected }) => {
    expect(outcome(text)).toEqual(expected);
  });
});
