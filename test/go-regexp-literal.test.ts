/**
 * Plain-text patterns (letters, digits, spaces, a few punctuation marks, `\.`) are matched as a
 * substring without compiling. The shortcut must give exactly what compiling gives.
 */
import { RE2JS } from 're2js';
import { compileGoPattern, literalPatternText } from '../src/resolver/go-regexp';

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
