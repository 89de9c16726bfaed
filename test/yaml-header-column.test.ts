/**
 * A block scalar header on the line after its key, at the key's column: libyaml ends a block
 * mapping only at a less indented token (go-yaml v2.4 scannerc.go yaml_parser_unroll_indent).
 */
import { PiraeusError } from '../src/errors';
import { decodeDocument } from '../src/resolver/yaml/decode';
import { joinHeaderLines } from '../src/resolver/yaml/header-column';

describe('joinHeaderLines', () => {
  test.each([
    { name: 'a header at the root key\'s column', text: 'base:\n|-\n  a\n', expected: 'base: |-\n  a\n' },
    { name: 'after a comment and a blank line', text: 'base: # c\n\n>\n  a\n', expected: 'base:      >\n  a\n' },
    { name: 'after a tag', text: 'base: !!str\n|\n a\n', expected: 'base: !!str |\n a\n' },
    { name: 'a nested key in a list item', text: '- b:\n  |\n   x\n', expected: '- b:   |\n   x\n' },
    { name: 'a header more indented (the yaml package reads it already)', text: 'base:\n  |\n   a\n', expected: 'base:\n  |\n   a\n' },
    { name: 'a header less indented than its key', text: 'x:\n  base:\n|\n  a\n', expected: 'x:\n  base:\n|\n  a\n' },
    { name: 'a "|" inside a block scalar', text: 'a: |\n  b:\n  |\n', expected: 'a: |\n  b:\n  |\n' },
  ])('$name', ({ text, expected }) => {
    expect(joinHeaderLines(text)).toBe(expected);
  });
});

describe('decodeDocument: a block scalar header at its key\'s column (answers of sigs.k8s.io/yaml v1.6.0 on go.yaml.in/yaml/v2 v2.4.4)', () => {
  const outcome = (text: string): unknown => {
    try {
      return decodeDocument('k', text).document.base;
    } catch (e) {
      return (e as PiraeusError).code;
    }
  };
  test.each([
    { name: 'strip chomping', text: 'base:\n|-\n  a\n', expected: 'a' },
    { name: 'an indentation indicator counts from the mapping', text: 'base:\n|1\n  a\n', expected: ' a\n' },
    { name: 'CRLF line breaks', text: 'base:\r\n|\r\n  a\r\n', expected: 'a\n' },
    { name: 'content at the key column ends the scalar', text: 'base:\n|\na\n', expected: 'YAML_SYNTAX' },
  ])('$name', ({ text, expected }) => {
    expect(outcome(text)).toBe(expected);
  });
});
