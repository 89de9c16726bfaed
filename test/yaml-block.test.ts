/**
 * libyaml's block-scalar scanner: the value from the body, header and enclosing indentation,
 * and where the scan stops. Cases checked against go-yaml v2.4.0.
 */
import { blockHeaderProblem, scanBlockScalar } from '../src/resolver/yaml/block';

const LS = '\u2028';
const PS = '\u2029';

describe('scanBlockScalar', () => {
  test.each([
    // body, header, parent indent -> value
    { name: 'literal keeps line breaks', body: '  a\n  b\n', header: '|', parent: 0, value: 'a\nb\n' },
    { name: 'folded joins lines', body: '  a\n  b\n', header: '>', parent: 0, value: 'a b\n' },
    { name: 'an empty line in folded is a newline', body: '  a\n\n  b\n', header: '>', parent: 0, value: 'a\nb\n' },
    { name: 'more-indented lines in folded keep their breaks', body: '  a\n   b\n  c\n', header: '>', parent: 0, value: 'a\n b\nc\n' },
    { name: 'strip', body: '  a\n\n', header: '|-', parent: 0, value: 'a' },
    { name: 'keep', body: '  a\n\n', header: '|+', parent: 0, value: 'a\n\n' },
    { name: 'explicit indentation keeps the extra spaces', body: '   a\n', header: '|1', parent: 0, value: '  a\n' },
    { name: 'explicit indentation is relative to the enclosing collection', body: '      a\n', header: '|2', parent: 4, value: 'a\n' },
    { name: 'CRLF, CR and NEL read as "\\n"', body: '  a\r\n  b\r  c\u0085  d', header: '|', parent: 0, value: 'a\nb\nc\nd' },
    // LS and PS: line breaks that stay themselves
    { name: 'LS ends a line and is kept', body: `  a${LS}  b\n`, header: '|', parent: 0, value: `a${LS}b\n` },
    { name: 'PS is never folded into a space', body: `  a${PS}  b\n`, header: '>', parent: 0, value: `a${PS}b\n` },
    { name: 'LS as the last break is what clip keeps', body: `  a${LS}`, header: '|', parent: 0, value: `a${LS}` },
    { name: 'LS as the last break is dropped by strip', body: `  a${LS}`, header: '>-', parent: 0, value: 'a' },
    { name: 'empty lines of LS and PS are kept by keep', body: `  a\n${LS}${PS}`, header: '|+', parent: 0, value: `a\n${LS}${PS}` },
    { name: 'an empty LS line between folded lines', body: `  a\n${LS}  b\n`, header: '>', parent: 0, value: `a${LS}b\n` },
    { name: 'a line after LS needs the indentation too', body: `  a${LS}b\n`, header: '|', parent: 0, value: `a${LS}` },
    { name: 'leading LS lines count for the indentation', body: `${LS}  a\n`, header: '|', parent: 0, value: `${LS}a\n` },
    // where libyaml and the yaml package part
    { name: 'a line of spaces beyond the indentation is content', body: '  a\n     \n', header: '|', parent: 0, value: 'a\n   \n' },
    { name: 'even at the end with strip', body: '  a\n   ', header: '|-', parent: 0, value: 'a\n ' },
    { name: 'a more indented leading empty line sets the indentation', body: '     \n  a\n', header: '|', parent: 0, value: '' },
    { name: 'which keep keeps as a line break', body: '     \n  a\n', header: '|+', parent: 0, value: '\n' },
  ])('$name', ({ body, header, parent, value }) => {
    expect(scanBlockScalar(body, 0, header, parent).value).toBe(value);
  });

  test.each([
    { name: 'at the first less indented line, after its spaces', text: 'k: |\n   a\n  b: 1\n', from: 5, end: 12 },
    { name: 'at a line after LS that is not indented', text: `k: |\n  a${LS}b: 1\n`, from: 5, end: 9 },
    { name: 'before a content line less indented than a leading empty line', text: 'k: |\n    \n  a\n', from: 5, end: 12 },
    { name: 'at the end of the text', text: 'k: |\n  a', from: 5, end: 8 },
  ])('ends $name', ({ text, from, end }) => {
    expect(scanBlockScalar(text, from, '|', 0).end).toBe(end);
  });
});

describe('blockHeaderProblem', () => {
  const extra = (offset: number) => ({ message: 'did not find expected comment or line break after a block scalar header (| or >)', offset });
  const zero = (offset: number) => ({ message: 'found an indentation indicator equal to 0', offset });
  // go-yaml v2.4's answers (yaml_parser_scan_block_scalar).
  test.each([
    { header: '|\n', expected: undefined },
    { header: '>-\n', expected: undefined },
    { header: '|2+\n', expected: undefined },
    { header: '|+2\n', expected: undefined },
    { header: '| # c\n', expected: undefined },
    { header: '|#c\n', expected: undefined },
    { header: '|', expected: undefined },
    { header: '|\r\n', expected: undefined },
    { header: '|1  ---\n', expected: extra(4) },
    { header: '|  x\n', expected: extra(3) },
    { header: '|-  !!str  {', expected: extra(4) },
    { header: '|1-x\n', expected: extra(3) },
    { header: '|10\n', expected: extra(2) },
    { header: '|0\n', expected: zero(1) },
    { header: '|-0\n', expected: zero(2) },
  ])('$header', ({ header, expected }) => {
    expect(blockHeaderProblem(header, 0)).toEqual(expected);
  });
});
