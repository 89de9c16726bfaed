/**
 * The decoder's entry point: the layers run in order on one context, and only PiraeusErrors leave.
 */
import { decodeDocument } from '../src/resolver/yaml/decode';
import { expectPiraeusError } from './support/errors';

describe('decodeDocument', () => {
  test.each([
    { name: 'not a string', text: 42, code: 'INVALID_INPUT', detail: 'the entry is not a string', line: undefined },
    { name: 'a syntax error (layer 1)', text: 'a: "\\/"\n', code: 'YAML_SYNTAX', line: 1 },
    { name: 'a bad merge (layer 2)', text: '\n<<: 1\n', code: 'DECODE_TYPE', line: 2 },
    { name: 'NaN outside a string field (layer 3)', text: 'x: .nan\n', code: 'DECODE_TYPE', line: 1 },
    { name: 'a wrong type (layer 4)', text: 'components: []\n', code: 'DECODE_TYPE', line: 1 },
  ])('$name', ({ text, code, detail, line }) => {
    const e = expectPiraeusError(() => decodeDocument('k', text as string), code);
    expect(e.location?.line).toBe(line);
    if (detail !== undefined) expect(e.detail).toBe(detail);
  });

  test('a lone CR counts as a line break', () => {
    const { document } = decodeDocument('k', 'components:\r  c: {tag: v1}\r');
    expect(document.components.get('c')).toEqual({ tag: 'v1', image: '', digest: '', match: [], line: 2 });
  });

  test('diagnostics of all layers, by line', () => {
    const { diagnostics } = decodeDocument('k', 'base: a\nbase: b\ncomponents: {c: {Tag: 1.10}}\n---\nbase: z\n');
    expect(diagnostics.map((d) => [d.code, d.location.line])).toEqual([
      ['DUPLICATE_KEY', 2], ['SCALAR_COERCED', 3], ['KEY_CASE', 3], ['EXTRA_DOCUMENTS', 5],
    ]);
  });
});
