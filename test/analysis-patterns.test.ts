/** PATTERN_INVALID and PLACEHOLDER_PATTERN_INVALID, one table each. */
import { invalidOsImagePattern, invalidPlaceholderPatterns } from '../src/resolver/analysis/patterns';
import { DiagnosticCodes } from '../src/resolver/types';
import { analysisInput, codeAndLocation, componentSites, entry } from './support/analysis';

describe('invalidOsImagePattern', () => {
  // One rule at line 6 of the entry.
  const rule = (osImage: string) => entry(
    `base: b\ncomponents:\n  c:\n    tag: v\n    match:\n      - {osImage: ${JSON.stringify(osImage)}, image: x}\n`);
  test.each([
    { osImage: '(', invalid: true },
    { osImage: 'x{1001}', invalid: true }, // Go caps repeat counts at 1000
    { osImage: '(?=x)', invalid: true }, // no look-ahead in RE2
    { osImage: '[z-a]', invalid: true },
    { osImage: '', invalid: false },
    { osImage: 'Ubuntu 22\\.04', invalid: false },
    { osImage: '(?P<n>a)|(?P<n>b)', invalid: false }, // Go accepts repeated group names
  ])('$osImage -> invalid: $invalid', ({ osImage, invalid }) => {
    const [site] = componentSites(rule(osImage));
    const d = invalidOsImagePattern(site, 0);
    expect(d && codeAndLocation(d)).toEqual(invalid
      ? { code: DiagnosticCodes.PATTERN_INVALID, location: { key: '1.yaml', component: 'c', line: 6 } }
      : undefined);
  });

  test('the message names the rule, the pattern, the reason and the image never used', () => {
    const [site] = componentSites(rule('('));
    expect(invalidOsImagePattern(site, 0)?.message).toMatch(/^match rule 0 osImage pattern "\(" does not compile .*missing closing \).*image "x" is never used/);
  });

  test('only the rule asked about is checked', () => {
    const [site] = componentSites(entry('base: b\ncomponents:\n  c:\n    match:\n      - {osImage: "(", image: x}\n      - {osImage: ok, image: y}\n'));
    expect(invalidOsImagePattern(site, 0)?.location.line).toBe(5);
    expect(invalidOsImagePattern(site, 1)).toBeUndefined();
  });
});

describe('invalidPlaceholderPatterns', () => {
  const component = (name: string) => `base: b\ncomponents:\n  ${JSON.stringify(name)}: {image: i, tag: v}\n`;
  test.each([
    { name: 'bad(', expected: [{ key: '1.yaml', line: 3 }] },
    { name: '[', expected: [{ key: '1.yaml', line: 3 }] },
    { name: 'x{1001}', expected: [{ key: '1.yaml', line: 3 }] },
    { name: 'a)', expected: [{ key: '1.yaml', line: 3 }] },
    // Compiles and matches itself (with surprising matches, which PLACEHOLDER_COLLISION covers): no warning.
    { name: 'a.b', expected: [] },
    { name: 'a|b', expected: [] },
    { name: 'linstor-controller', expected: [] },
    // Compiles but does not match its own text: the placeholder is never replaced.
    { name: '(?<v>x)', expected: [{ key: '1.yaml', line: 3 }], code: DiagnosticCodes.PLACEHOLDER_UNMATCHED },
    { name: 'a+b', expected: [{ key: '1.yaml', line: 3 }], code: DiagnosticCodes.PLACEHOLDER_UNMATCHED },
    { name: 'x\\d', expected: [{ key: '1.yaml', line: 3 }], code: DiagnosticCodes.PLACEHOLDER_UNMATCHED },
  ])('$name', ({ name, expected, code }) => {
    const found = invalidPlaceholderPatterns(analysisInput(entry(component(name))).docs).map(codeAndLocation);
    expect(found).toEqual(expected.map((l) => ({ code: code ?? DiagnosticCodes.PLACEHOLDER_PATTERN_INVALID, location: { ...l, component: name } })));
  });

  test('each document that defines the name is reported, in document order', () => {
    const data = { '2.yaml': component('bad('), '1.yaml': 'base: b\ncomponents:\n  ok: {image: i}\n  "bad(": {tag: v}\n' };
    expect(invalidPlaceholderPatterns(analysisInput(data).docs).map(codeAndLocation)).toEqual([
      { code: DiagnosticCodes.PLACEHOLDER_PATTERN_INVALID, location: { key: '1.yaml', component: 'bad(', line: 4 } },
      { code: DiagnosticCodes.PLACEHOLDER_PATTERN_INVALID, location: { key: '2.yaml', component: 'bad(', line: 3 } },
    ]);
  });

  test('the message shows the pattern kustomize builds, why it fails and what to do', () => {
    const [d] = invalidPlaceholderPatterns(analysisInput(entry(component('bad('))).docs);
    expect(d.severity).toBe('warning');
    expect(d.message).toContain('"^bad((:[a-zA-Z0-9_.{}-]*)?(@sha256:[a-zA-Z0-9_.{}-]*)?$"');
    expect(d.message).toMatch(/does not compile \(missing closing \)/);
    expect(d.message).toMatch(/Rename the component/);
  });

  test('an unmatched name is explained: the placeholder stays as it is', () => {
    const [d] = invalidPlaceholderPatterns(analysisInput(entry(component('a+b'))).docs);
    expect(d.message).toMatch(/does not match "a\+b" itself: a container whose image is this placeholder keeps it unchanged/);
  });
});
