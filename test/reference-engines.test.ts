/**
 * The reference grammar runs on V8's engine for inputs up to 1,024 characters and on re2js beyond.
 * Both must give the same verdict and the same groups for every pattern: a table of shapes the
 * grammar cares about, generated strings over its alphabet, and the switch at the length bound.
 */
import * as fc from 'fast-check';
import { REFERENCE_GRAMMAR, validateReference } from '../src/resolver/reference';

const HEX64 = 'a'.repeat(64);
const shapes = [
  '', 'a', 'A', 'a:b', 'a/b', 'a.b/c', 'localhost:5000/x', 'quay.io/piraeusdatastore/piraeus-server:v1.33.1',
  `x@sha256:${HEX64}`, `x:t@sha256:${HEX64}`, '[::1]:5000/x', '[::1/x', 'a__b', 'a___b', 'a--b', 'a-', '-a', 'a..b',
  'a/B', 'A/b', 'a:-t', 'a:t.', `a:${'t'.repeat(128)}`, `a:${'t'.repeat(129)}`, 'a@b', `a@sha256:${'A'.repeat(64)}`,
  `a@sha256+b.c:${HEX64}`, 'a:5000', 'a:5000/b', 'a.b:/c', 'ab-cd.ef:80/g_h/i', `${'a.'.repeat(40)}a/b`, 'ä/b',
  '\u{1F600}', 'a\nb', 'a/b\n',
];

describe('V8 and re2js give one answer for every grammar pattern', () => {
  const patterns = Object.entries(REFERENCE_GRAMMAR);
  test.each(patterns)('%s over the table of shapes', (_name, pattern) => {
    for (const input of shapes) expect([input, pattern.groupsByV8(input)]).toEqual([input, pattern.groupsByRe2js(input)]);
  });

  test.each(patterns)('%s over generated strings of the grammar\'s alphabet', (_name, pattern) => {
    const alphabet = fc.constantFrom(...'aZ09._-/:@[]+'.split(''));
    fc.assert(fc.property(fc.array(alphabet, { maxLength: 40 }).map((cs) => cs.join('')), (input) => {
      expect(pattern.groupsByV8(input)).toEqual(pattern.groupsByRe2js(input));
    }), { numRuns: 300 });
  });
});

describe('the length bound between the engines', () => {
  test.each([
    ['a long valid-shaped digest', `x@sha256:${'a'.repeat(2000)}`],
    ['a long name', `${'a'.repeat(1500)}:t`],
    ['a long hostile run of labels', `${'a-'.repeat(800)}!`],
  ])('%s (beyond the bound) gets the verdict it gets below it', (_name, long) => {
    const pattern = REFERENCE_GRAMMAR.reference;
    expect(long.length).toBeGreaterThan(1024);
    expect(pattern.groups(long)).toEqual(pattern.groupsByV8(long));
    expect(validateReference(long)).toBeDefined();
  });
});
