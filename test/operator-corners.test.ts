/**
 * The operator's behaviour in corners found by running the resolver side by side with the
 * operator's own decoding and kustomize: one block per behaviour, each a small table.
 */
import { DiagnosticCodes, ImageResolver, loadImageConfig } from '../src/resolver';
import { placeholderImage } from '../src/resolver/kustomize';

function resolverFor(data: Record<string, string>): ImageResolver {
  return new ImageResolver(loadImageConfig(data).documents);
}

function image(data: Record<string, string>, component: string): string | undefined {
  return resolverFor(data).resolve('').images.find((i) => i.name === component)?.image;
}

describe('placeholder matching is a regular expression built from the unescaped name', () => {
  const doc = (key: string) => ({ '1.yaml': `base: b\ncomponents:\n  ${key}: {image: i, tag: v}\n` });
  test.each([
    { key: 'plain-name', name: 'plain-name', expected: 'b/i:v' },
    { key: '"a.b"', name: 'a.b', expected: 'b/i:v' }, // "." matches itself too
    { key: '"a|b"', name: 'a|b', expected: 'b/i:v' },
    { key: '"a+b"', name: 'a+b', expected: 'a+b' },
    { key: '"a*"', name: 'a*', expected: 'a*' },
    { key: '"a?"', name: 'a?', expected: 'a?' },
    { key: '"(a)"', name: '(a)', expected: '(a)' },
    { key: '"[a]"', name: '[a]', expected: '[a]' },
    { key: '"a{2}"', name: 'a{2}', expected: 'a{2}' },
    { key: '"x\\\\d"', name: 'x\\d', expected: 'x\\d' },
    { key: '"^a"', name: '^a', expected: '^a' }, // "^" is an anchor, never the character
    { key: '"a$"', name: 'a$', expected: 'a$' },
    { key: '6777217.0', name: '6.777217e+06', expected: '6.777217e+06' },
    { key: '"bad("', name: 'bad(', expected: 'bad(' }, // does not compile
  ])('$name -> $expected', ({ key, name, expected }) => {
    expect(image(doc(key), name)).toBe(expected);
  });

  test('placeholderImage keeps the bare name when the pattern does not match it', () => {
    expect(placeholderImage({ name: 'a+b', newName: 'x/y', newTag: 't', digest: '' })).toBe('a+b');
    expect(placeholderImage({ name: 'a-b', newName: 'x/y', newTag: 't', digest: '' })).toBe('x/y:t');
  });

  test.each([
    { key: '"a+b"', code: DiagnosticCodes.PLACEHOLDER_UNMATCHED },
    { key: '6777217.0', code: DiagnosticCodes.PLACEHOLDER_UNMATCHED },
    { key: '"bad("', code: DiagnosticCodes.PLACEHOLDER_PATTERN_INVALID },
  ])('$key is reported as $code', ({ key, code }) => {
    const codes = resolverFor(doc(key)).diagnostics().map((d) => d.code);
    expect(codes).toContain(code);
  });

  test('a name that matches itself is not reported', () => {
    const codes = resolverFor(doc('"a.b"')).diagnostics().map((d) => d.code);
    expect(codes).not.toContain(DiagnosticCodes.PLACEHOLDER_UNMATCHED);
  });
});
