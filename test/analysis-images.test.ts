/** UNTAGGED_IMAGE and REFERENCE_INVALID (per variant), and PLACEHOLDER_COLLISION, one table each. */
import { placeholderCollisions } from '../src/resolver/analysis/collisions';
import { invalidReference, untaggedImage } from '../src/resolver/analysis/images';
import { Diagnostic, DiagnosticCodes } from '../src/resolver/types';
import { analysisInput, codeAndLocation, entry, InputOptions } from './support/analysis';

const HEX64 = 'a'.repeat(64);

/** Runs a per-variant check over every variant of the configuration. */
function perVariant(check: (v: ReturnType<typeof analysisInput>['variants'][number]) => Diagnostic | undefined,
  data: Record<string, string>, options: InputOptions = {}) {
  return analysisInput(data, options).variants.map(check).filter((d): d is Diagnostic => d !== undefined).map(codeAndLocation);
}

describe('untaggedImage', () => {
  const at = (line: number, key = '1.yaml') => ({ code: DiagnosticCodes.UNTAGGED_IMAGE, location: { key, component: 'c', line } });
  test.each([
    { name: 'no tag', data: entry('base: b\ncomponents:\n  c: {image: i}\n'), options: {}, expected: [at(3)] },
    { name: 'a tag', data: entry('base: b\ncomponents:\n  c: {image: i, tag: v}\n'), options: {}, expected: [] },
    { name: 'a digest only', data: entry(`base: b\ncomponents:\n  c: {image: i, digest: "sha256:${HEX64}"}\n`), options: {}, expected: [] },
    // Each rule is a variant of its own, located at the rule.
    { name: 'rules without tag', data: entry('base: b\ncomponents:\n  c:\n    image: i\n    match:\n      - {osImage: x, image: y}\n'), options: {}, expected: [at(6), at(3)] },
    { name: 'a variable without tag', data: entry('base: b\ncomponents:\n  c: {image: i, tag: v}\n'), options: { env: { RELATED_IMAGE_c: 'reg.io/x' } }, expected: [at(3)] },
    { name: 'a variable with tag', data: entry('base: b\ncomponents:\n  c: {image: i}\n'), options: { env: { RELATED_IMAGE_c: 'reg.io/x:v' } }, expected: [] },
    // A later document with a fallback image always wins: the earlier variant is unreachable.
    { name: 'shadowed', data: { '1.yaml': 'base: b\ncomponents:\n  c: {image: i}\n', '2.yaml': 'base: b\ncomponents:\n  c: {image: j, tag: v}\n' }, options: {}, expected: [] },
    // A rule behind an empty (catch-all) pattern is unreachable.
    { name: 'behind a catch-all', data: entry('base: b\ncomponents:\n  c:\n    tag: v\n    match:\n      - {osImage: "", image: y}\n      - {osImage: x, image: z, digest: ""}\n'), options: {}, expected: [] },
  ])('$name', ({ data, options, expected }) => {
    expect(perVariant(untaggedImage, data, options)).toEqual(expected);
  });

  test('the message says where to add the tag', () => {
    const [plain] = analysisInput(entry('base: b\ncomponents:\n  c: {image: i}\n')).variants;
    expect(untaggedImage(plain)?.message).toBe('the fallback image resolves to "b/i" with neither tag nor digest: the runtime pulls "latest". Set `tag` or `digest`.');
    const [fromEnv] = analysisInput(entry('base: b\ncomponents:\n  c: {image: i}\n'), { env: { RELATED_IMAGE_c_i: 'reg.io/x' } }).variants;
    expect(untaggedImage(fromEnv)?.message).toMatch(/resolves to "reg.io\/x" .*Add a tag to RELATED_IMAGE_c_i\.$/);
  });
});

describe('invalidReference', () => {
  const at = (line: number) => ({ code: DiagnosticCodes.REFERENCE_INVALID, location: { key: '1.yaml', component: 'c', line } });
  test.each([
    { name: 'valid', text: 'base: reg.io/ns\ncomponents:\n  c: {image: i, tag: v1}\n', expected: [] },
    { name: 'a space in the base', text: 'base: Bad Base\ncomponents:\n  c: {image: i, tag: v1}\n', expected: [at(3)] },
    { name: 'an upper-case path', text: 'base: reg.io\ncomponents:\n  c: {image: UPPER, tag: v1}\n', expected: [at(3)] },
    { name: 'a tag the grammar rejects', text: 'base: reg.io\ncomponents:\n  c: {image: i, tag: "-v1"}\n', expected: [at(3)] },
    { name: 'a rule image', text: 'base: reg.io\ncomponents:\n  c:\n    tag: v\n    match:\n      - {osImage: x, image: "a b"}\n', expected: [at(6)] },
    // A name starting with "/" is EMPTY_BASE's to report.
    { name: 'no base', text: 'components:\n  c: {image: UPPER, tag: v1}\n', expected: [] },
    // Unreachable behind an invalid pattern.
    { name: 'an invalid pattern', text: 'base: reg.io\ncomponents:\n  c:\n    tag: v\n    match:\n      - {osImage: "(", image: "a b"}\n', expected: [] },
  ])('$name', ({ text, expected }) => {
    expect(perVariant(invalidReference, entry(text))).toEqual(expected);
  });

  test('the message gives the image and the grammar\'s reason', () => {
    const [v] = analysisInput(entry('base: reg.io\ncomponents:\n  c: {image: UPPER, tag: v1}\n')).variants;
    expect(invalidReference(v)?.message).toMatch(/^the fallback image resolves to "reg.io\/UPPER:v1", which is not a valid image reference: .+\.$/);
  });
});

describe('placeholderCollisions', () => {
  const collision = (component: string, line: number, path?: string) => ({
    code: DiagnosticCodes.PLACEHOLDER_COLLISION, location: { key: '1.yaml', component, line, ...(path ? { path } : {}) },
  });
  test.each<{ name: string; text: string; env: Record<string, string>; expected: unknown[] }>([
    { name: 'no collision', text: 'base: b\ncomponents:\n  a: {image: i, tag: v}\n  c: {image: j, tag: v}\n', env: {}, expected: [] },
    // A variable that names another component's placeholder.
    { name: 'a variable', text: 'base: b\ncomponents:\n  a: {image: i, tag: v}\n  c: {image: j, tag: v}\n', env: { RELATED_IMAGE_a: 'c:v1' }, expected: [collision('a', 3, 'RELATED_IMAGE_a')] },
    // "." in a name is a wildcard, so "b.x" is matched by "b/x".
    { name: 'a patterned name', text: 'base: b\ncomponents:\n  a: {image: x, tag: v}\n  b.x: {image: j, tag: v}\n', env: {}, expected: [collision('a', 3)] },
    // A component's own placeholder is no collision.
    { name: 'its own name', text: 'base: b\ncomponents:\n  b.x: {image: x, tag: v}\n', env: {}, expected: [] },
    // Two rules with the same image: one warning.
    { name: 'once per image', text: 'base: b\ncomponents:\n  a:\n    tag: v\n    match:\n      - {osImage: x, image: x}\n      - {osImage: y, image: x}\n  b.x: {image: j, tag: v}\n', env: {}, expected: [collision('a', 6)] },
  ])('$name', ({ text, env, expected }) => {
    expect(placeholderCollisions(analysisInput(entry(text), { env }).variants).map(codeAndLocation)).toEqual(expected);
  });

  test('past 64 patterned names, one summary warning and exact names only', () => {
    const names = Array.from({ length: 65 }, (_, i) => `  n.${i}: {image: i, tag: v}`).join('\n');
    const found = placeholderCollisions(analysisInput(entry(`base: b\ncomponents:\n${names}\n`)).variants);
    expect(found.map(codeAndLocation)).toEqual([{ code: DiagnosticCodes.PLACEHOLDER_COLLISION, location: {} }]);
    expect(found[0].message).toMatch(/^65 component names contain regular-expression characters/);
  });
});
