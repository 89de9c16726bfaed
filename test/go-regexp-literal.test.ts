/**
 * Plain-text patterns (letters, digits, spaces, a few punctuation marks, `\.`) are matched as a
 * substring without compiling. The shortcut must give exactly what compiling gives.
 */
import { RE2JS } from 're2js';
import { compileGoPattern, literalPatternText, simplePatternRegExp } from '../src/resolver/go-regexp';

const inputs = ['Ubuntu 24.04.1 LTS', 'Ubuntu 24x04', 'Red Hat Enterprise Linux 9.4 (Plow)', 'Debian GNU/Linux 12 (bookworm)',
  '', 'a', 'AlmaLinux 10.0', 'x "quoted" <y> #z', 'ubuntu 24.04'];

describe('literal patterns', () => {
  test.each([
    ['Ubuntu 24\\.04', 'Ubuntu 24.04'],
    ['Debian GNU/Linux 12', 'Debian GNU/Linux 12'],
    ['', ''],
    ['x "quoted" <y> #z', 'x "quoted" <y> #z'],
    ['AlmaLinux 1', 'AlmaLinux 1'],
  ])('%j is the text %j and matches as re2js does', (pattern, text) => {
    expect(literalPatternText(pattern)).toBe(text);
    const re = RE2JS.compile(pattern);
    for (const input of inputs) expect([input, compileGoPattern(pattern).test(input)]).toEqual([input, re.test(input)]);
  });

  test.each(['Ubuntu 24.04', 'CoreOS 41[3-9]', '^Ubuntu', 'LTS$', 'a|b', 'a+', '(?i)ubuntu', 'a\\d', '\\pL', 'a\\\\.b', 'ä'])(
    '%j is not treated as a literal', (pattern) => {
      expect(literalPatternText(pattern)).toBeUndefined();
    });
});

describe('simple patterns (classes of ASCII letters and digits, escapes, anchors) run on V8', () => {
  const more = [...inputs, 'Red Hat Enterprise Linux CoreOS 415.92', 'Red Hat Enterprise Linux CoreOS 412', 'CoreOS 41\u{1F600}',
    'x$', '^x', 'a.b', 'a+b', 'ab', 'AB9', 'ß9'];
  test.each([
    'Red Hat Enterprise Linux CoreOS 41[3-9]', '^Ubuntu 2[2-4]\\.04', 'LTS$', '^$', '[A-Za-z][0-9]', 'a\\+b', '\\^x', 'x\\$',
    '[aZ9]', '^[a-c]+', '[Ss]ome',
  ])('%j matches as re2js does', (pattern) => {
    const re = RE2JS.compile(pattern);
    for (const input of more) expect([input, compileGoPattern(pattern).test(input)]).toEqual([input, re.test(input)]);
  });

  test.each([
    ['a repetition', '^[a-c]+'], ['a negated class', '[^a]'], ['a dot', 'a.b'], ['a group', '(a)'], ['an alternation', 'a|b'],
    ['a class with a dash at the end', '[a-]'], ['a descending range', '[9-3]'], ['a Perl class', '\\d'], ['a flag', '(?i)a'],
  ])('%s is left to re2js: %j', (_what, pattern) => {
    expect(simplePatternRegExp(pattern)).toBeUndefined();
  });

  test('a descending range is still an invalid pattern', () => {
    expect(compileGoPattern('x[9-3]').error).toBeDefined();
  });
});
