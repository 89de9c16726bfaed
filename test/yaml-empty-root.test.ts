/**
 * A [ ] or { } root with more on its closing line, empty or over lines: go-yaml v2.4 drops the
 * simple key of its opening bracket (scannerc.go yaml_parser_decrease_flow_level, or
 * yaml_parser_stale_simple_keys at the line break), so the root is the collection.
 */
import { PiraeusError } from '../src/errors';
import { decodeDocument } from '../src/resolver/yaml/decode';
import { flowRootLine } from '../src/resolver/yaml/empty-root';

describe('flowRootLine', () => {
  test.each([
    { name: 'a key after { }', text: '{} base: x\n', expected: '{} #ase: x\n' },
    { name: 'a ":" after [ ]', text: '[]: x\n', expected: '[]# x\n' },
    { name: 'after comments and ---', text: '# c\n--- { } "a": x\n', expected: '# c\n--- { } #a": x\n' },
    { name: 'a collection that is not empty', text: '{a: 1} b: c\n', expected: '{a: 1} b: c\n' },
    { name: 'a comment after the root', text: '{} # c\n', expected: '{} # c\n' },
    { name: 'an indicator libyaml refuses there', text: '{} @x\n', expected: '{} @x\n' },
    { name: 'not the root', text: 'a: {} b\n', expected: 'a: {} b\n' },
    { name: 'a key after a collection over lines', text: '{a: b,\n c}d: e\n', expected: '{a: b,\n c}#: e\n' },
    { name: 'a ":" right after a collection over lines (libyaml refuses it)', text: '{a: b,\n c}: e\n', expected: '{a: b,\n c}: e\n' },
  ])('$name', ({ text, expected }) => {
    expect(flowRootLine(text)).toBe(expected);
  });
});

describe('decodeDocument: an empty flow root then text (answers of sigs.k8s.io/yaml v1.6.0 on go.yaml.in/yaml/v2 v2.4.4)', () => {
  const outcome = (text: string): unknown => {
    try {
      const r = decodeDocument('k', text);
      return { base: r.document.base, components: r.document.components.size, diagnostics: r.diagnostics.map((d) => d.code) };
    } catch (e) {
      return (e as PiraeusError).code;
    }
  };
  test.each([
    { name: 'a key after { } is never read', text: '{} base: x\n', expected: { base: '', components: 0, diagnostics: ['EXTRA_DOCUMENTS'] } },
    { name: '{ } as a key', text: '{}: x\n', expected: { base: '', components: 0, diagnostics: ['EXTRA_DOCUMENTS'] } },
    { name: '[ ] as a key is a list root', text: '[]: x\ncomponents: {}\n', expected: 'DECODE_TYPE' },
    { name: 'the token after the root is still scanned', text: '{} "a\\q": x\n', expected: 'YAML_SYNTAX' },
  ])('$name', ({ text, expected }) => {
    expect(outcome(text)).toEqual(expected);
  });
});
