/**
 * libyaml's quoted-scalar scanner: escapes, line folding, and the errors the operator reports.
 */
import { decodeFlowScalar, QuotedScalar } from '../src/resolver/yaml/quoted';

interface Row {
  readonly name: string;
  readonly raw: string;
  readonly single: boolean;
  readonly expected: QuotedScalar;
}

const rows: Row[] = [
  { name: 'doubled quote in single quotes', raw: "'it''s'", single: true, expected: { value: "it's" } },
  { name: 'backslash is literal in single quotes', raw: "'a\\tb'", single: true, expected: { value: 'a\\tb' } },
  { name: 'simple escapes', raw: '"a\\tb\\n\\0"', single: false, expected: { value: 'a\tb\n\0' } },
  { name: 'YAML 1.1 named escapes', raw: '"\\N\\_\\L\\P\\e"', single: false, expected: { value: '\u0085\u00a0\u2028\u2029\x1b' } },
  { name: "\\' is an escape in libyaml", raw: '"a\\\'b"', single: false, expected: { value: "a'b" } },
  { name: 'hex and unicode escapes', raw: '"\\x41\\u00e9\\U0001F600"', single: false, expected: { value: 'Aé😀' } },
  { name: 'a line break folds to a space', raw: '"a\n  b"', single: false, expected: { value: 'a b' } },
  { name: 'an empty line stays a newline', raw: '"a\n\n  b"', single: false, expected: { value: 'a\nb' } },
  { name: 'blanks before a break are dropped', raw: '"a  \n b"', single: false, expected: { value: 'a b' } },
  { name: 'escaped line break joins the lines', raw: '"a\\\n   b"', single: false, expected: { value: 'ab' } },
  { name: 'CRLF is one break', raw: "'a\r\n\r\nb'", single: true, expected: { value: 'a\nb' } },
  {
    name: '\\/ is not an escape in YAML 1.1', raw: '"\\/"', single: false,
    expected: {
      error: 'found unknown escape character "\\/" in a double-quoted string; the operator rejects the entry. '
        + 'Write "\\\\/" or use single quotes',
      at: 1,
    },
  },
  { name: 'short hex escape', raw: '"\\x4"', single: false, expected: { error: 'did not find expected hexadecimal number in a double-quoted escape', at: 3 } },
  { name: 'surrogate escape', raw: '"\\uD800"', single: false, expected: { error: 'found invalid Unicode character escape code in a double-quoted string', at: 3 } },
  { name: 'unterminated', raw: '"abc', single: false, expected: { error: 'found unexpected end of stream while scanning a quoted string', at: 0 } },
];

describe('decodeFlowScalar', () => {
  test.each(rows)('$name', ({ raw, single, expected }) => {
    expect(decodeFlowScalar(raw, single)).toEqual(expected);
  });
});
