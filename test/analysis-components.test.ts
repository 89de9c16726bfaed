/** DIGEST_MALFORMED, NO_IMAGE and EMPTY_BASE, one table each. */
import { componentWithoutImage, emptyBase } from '../src/resolver/analysis/components';
import { malformedComponentDigest, malformedRuleDigest } from '../src/resolver/analysis/digests';
import { DiagnosticCodes } from '../src/resolver/types';
import { codeAndLocation, componentSites, entry } from './support/analysis';

const HEX64 = 'a'.repeat(64);

describe('malformedComponentDigest and malformedRuleDigest', () => {
  test.each([
    { digest: '', malformed: false },
    { digest: `sha256:${HEX64}`, malformed: false },
    { digest: `sha512:${'b'.repeat(128)}`, malformed: false },
    { digest: 'sha256:abc', malformed: true }, // too short for sha256
    { digest: `sha256:${'A'.repeat(64)}`, malformed: true }, // upper-case hex
    { digest: `SHA256:${HEX64}`, malformed: true }, // upper-case algorithm
    { digest: HEX64, malformed: true }, // no algorithm
  ])('$digest -> malformed: $malformed', ({ digest, malformed }) => {
    // The component digest on line 3, the rule digest on line 6.
    const text = `base: b\ncomponents:\n  c:\n    image: i\n    match:\n      - {osImage: x, image: y, digest: ${JSON.stringify(digest)}}\n    digest: ${JSON.stringify(digest)}\n`;
    const [site] = componentSites(entry(text));
    const component = malformedComponentDigest(site);
    const rule = malformedRuleDigest(site, 0);
    const at = (line: number) => ({ code: DiagnosticCodes.DIGEST_MALFORMED, location: { key: '1.yaml', component: 'c', line } });
    expect(component && codeAndLocation(component)).toEqual(malformed ? at(3) : undefined);
    expect(rule && codeAndLocation(rule)).toEqual(malformed ? at(6) : undefined);
  });

  test('the message says whose digest it is and what a digest looks like', () => {
    const [site] = componentSites(entry('base: b\ncomponents:\n  c:\n    image: i\n    digest: sha256:abc\n    match:\n      - {osImage: x, image: y, digest: "md5:0"}\n'));
    expect(malformedComponentDigest(site)?.message).toMatch(/^the component has digest "sha256:abc", which is malformed \(.+\).*Use "sha256:"/);
    expect(malformedRuleDigest(site, 0)?.message).toMatch(/^match rule 0 has digest "md5:0"/);
  });
});

describe('componentWithoutImage', () => {
  test.each([
    { value: '{tag: v}', expected: true },
    { value: '{}', expected: true },
    { value: `{tag: v, digest: "sha256:${HEX64}"}`, expected: true },
    { value: '{image: i}', expected: false },
    { value: '{match: [{osImage: x, image: y}]}', expected: false },
    // A rule without image still makes a (base-only) image: not this check's concern.
    { value: '{match: [{osImage: x}]}', expected: false },
  ])('c: $value -> NO_IMAGE: $expected', ({ value, expected }) => {
    const [site] = componentSites(entry(`base: b\ncomponents:\n  c: ${value}\n`));
    const d = componentWithoutImage(site);
    expect(d && codeAndLocation(d)).toEqual(expected
      ? { code: DiagnosticCodes.NO_IMAGE, location: { key: '1.yaml', component: 'c', line: 3 } }
      : undefined);
  });
});

describe('emptyBase', () => {
  test.each([
    // Located at the document's base line (none when the key is missing).
    { name: 'empty base', text: 'base: ""\ncomponents:\n  c: {image: i, tag: v}\n', repository: '', expected: { key: '1.yaml', line: 1 } },
    { name: 'no base key', text: 'components:\n  c: {image: i, tag: v}\n', repository: '', expected: { key: '1.yaml' } },
    { name: 'no base, rules only', text: 'components:\n  c: {match: [{osImage: x, image: y}]}\n', repository: '', expected: { key: '1.yaml' } },
    // A repository replaces the base; a component without image produces nothing to pull.
    { name: 'no base, repository', text: 'components:\n  c: {image: i, tag: v}\n', repository: 'reg.io/ns', expected: undefined },
    { name: 'no base, no image', text: 'components:\n  c: {tag: v}\n', repository: '', expected: undefined },
    { name: 'a base', text: 'base: b\ncomponents:\n  c: {image: i, tag: v}\n', repository: '', expected: undefined },
  ])('$name (repository "$repository")', ({ text, repository, expected }) => {
    const [site] = componentSites(entry(text));
    const d = emptyBase(site, { repository, env: new Map() });
    expect(d && codeAndLocation(d)).toEqual(expected && { code: DiagnosticCodes.EMPTY_BASE, location: expected });
  });

  test('the message shows the image name that starts with "/"', () => {
    const [site] = componentSites(entry('components:\n  c: {match: [{osImage: x, image: rule-image}]}\n'));
    expect(emptyBase(site, { repository: '', env: new Map() })?.message).toContain('(e.g. "/rule-image")');
  });
});
