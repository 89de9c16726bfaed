import { RE2JS } from 're2js';
import {
  applyEntries,
  kustomizeSplit,
  matchesPlaceholder,
  placeholderPattern,
  placeholderPatternError,
  placeholderPatternValid,
  renderEntry,
  SplitImage,
} from '../src/resolver/kustomize';
import { ImageEntry } from '../src/resolver/types';

const HEX64 = 'a'.repeat(64);

function entry(name: string, fields: Partial<Omit<ImageEntry, 'name'>> = {}): ImageEntry {
  return { name, newName: fields.newName ?? '', newTag: fields.newTag ?? '', digest: fields.digest ?? '' };
}

describe('kustomizeSplit', () => {
  const cases: { input: string; expected: SplitImage }[] = [
    // kustomize's image name/tag/digest split
    {
      input: 'env.example.com/override/fallback:v2@sha256:1234',
      expected: { name: 'env.example.com/override/fallback', tag: 'v2', digest: 'sha256:1234' },
    },
    {
      input: 'env.example.com/override/ubuntu@sha256:4321',
      expected: { name: 'env.example.com/override/ubuntu', tag: '', digest: 'sha256:4321' },
    },
    { input: 'host:5000/img', expected: { name: 'host:5000/img', tag: '', digest: '' } },
    { input: 'host:5000/img:v1', expected: { name: 'host:5000/img', tag: 'v1', digest: '' } },
    { input: 'localhost:5000', expected: { name: 'localhost', tag: '5000', digest: '' } },
    { input: 'img@sha256:abc:def', expected: { name: 'img', tag: '', digest: 'sha256:abc:def' } },
    { input: 'a/b:c/d:e', expected: { name: 'a/b', tag: 'c/d:e', digest: '' } },
    { input: 'reg/img@a@b', expected: { name: 'reg/img', tag: '', digest: 'a@b' } },
    { input: 'reg/img:', expected: { name: 'reg/img', tag: '', digest: '' } },
    { input: 'reg/img@', expected: { name: 'reg/img', tag: '', digest: '' } },
    { input: ':v1', expected: { name: '', tag: 'v1', digest: '' } },
    { input: 'img:tag:tag2', expected: { name: 'img', tag: 'tag:tag2', digest: '' } },
    {
      input: 'docker.io/library/nginx:1.25@sha256:deadbeef',
      expected: { name: 'docker.io/library/nginx', tag: '1.25', digest: 'sha256:deadbeef' },
    },
    // references as kustomize splits them (not distribution/reference)
    { input: 'a:5000', expected: { name: 'a', tag: '5000', digest: '' } },
    { input: 'UPPER/case', expected: { name: 'UPPER/case', tag: '', digest: '' } },
    { input: 'img@sha256:short', expected: { name: 'img', tag: '', digest: 'sha256:short' } },
    { input: 'my_registry:5000/img', expected: { name: 'my_registry:5000/img', tag: '', digest: '' } },
    { input: '[::1]:5000/img:tag', expected: { name: '[::1]:5000/img', tag: 'tag', digest: '' } },
    {
      input: `img:tag@sha256:${HEX64}`,
      expected: { name: 'img', tag: 'tag', digest: `sha256:${HEX64}` },
    },
    // more edges
    { input: '', expected: { name: '', tag: '', digest: '' } },
    { input: 'img', expected: { name: 'img', tag: '', digest: '' } },
    { input: '/a:b', expected: { name: '/a', tag: 'b', digest: '' } }, // "/" at 0: whole value searched
    { input: 'a:1@x/b:2', expected: { name: 'a:1@x/b', tag: '2', digest: '' } }, // only after first "/"
    { input: '@sha256:x', expected: { name: '', tag: '', digest: 'sha256:x' } },
    { input: 'img:@', expected: { name: 'img', tag: '', digest: '' } },
  ];
  test.each(cases)('$input', ({ input, expected }) => {
    expect(kustomizeSplit(input)).toEqual(expected);
  });
});

describe('renderEntry', () => {
  const cases: { original?: string; entry: ImageEntry; expected: string }[] = [
    // how kustomize renders name, tag and digest into a container image
    {
      original: 'linstor-controller',
      entry: entry('linstor-controller', { newName: 'quay.io/p/piraeus-server', newTag: 'v1' }),
      expected: 'quay.io/p/piraeus-server:v1',
    },
    {
      original: 'linstor-controller',
      entry: entry('linstor-controller', { newName: 'quay.io/p/piraeus-server', newTag: 'v1', digest: 'sha256:abc' }),
      expected: 'quay.io/p/piraeus-server:v1@sha256:abc',
    },
    {
      original: 'linstor-controller',
      entry: entry('linstor-controller', { newName: 'quay.io/p/piraeus-server', digest: 'sha256:abc' }),
      expected: 'quay.io/p/piraeus-server@sha256:abc',
    },
    {
      original: 'linstor-controller',
      entry: entry('linstor-controller', { newName: 'quay.io/p/piraeus-server' }),
      expected: 'quay.io/p/piraeus-server',
    },
    {
      original: 'linstor-controller:v9',
      entry: entry('linstor-controller', { newName: 'quay.io/p/piraeus-server' }),
      expected: 'quay.io/p/piraeus-server:v9',
    },
    {
      original: 'linstor-controller',
      entry: entry('linstor-controller', { newTag: 'v1' }),
      expected: 'linstor-controller:v1',
    },
    {
      original: 'linstor-controller',
      entry: entry('linstor-controller', { newName: 'a.io/img:v1', newTag: 'v2' }),
      expected: 'a.io/img:v1:v2',
    },
    // default original = the bare placeholder
    {
      entry: entry('linstor-controller', { newName: 'quay.io/p/piraeus-server', newTag: 'v1' }),
      expected: 'quay.io/p/piraeus-server:v1',
    },
    { entry: entry('linstor-controller'), expected: 'linstor-controller' },
    // old digest / tag handling
    {
      original: `linstor-controller:v9@sha256:${HEX64}`,
      entry: entry('linstor-controller', { newTag: 'v1' }),
      expected: 'linstor-controller:v1',
    },
    {
      original: 'linstor-controller:v9',
      entry: entry('linstor-controller', { digest: 'sha256:abc' }),
      expected: 'linstor-controller@sha256:abc',
    },
    {
      original: 'linstor-controller:v9@sha256:old',
      entry: entry('linstor-controller', { newName: 'r/x' }),
      expected: 'r/x:v9@sha256:old',
    },
    {
      original: 'linstor-controller@sha256:old',
      entry: entry('linstor-controller', { newTag: 'v1', digest: 'sha256:new' }),
      expected: 'linstor-controller:v1@sha256:new',
    },
  ];
  test.each(cases)('$original + $entry.newName/$entry.newTag/$entry.digest -> $expected', ({ original, entry: e, expected }) => {
    expect(renderEntry(e, original)).toBe(expected);
  });
});

describe('matchesPlaceholder', () => {
  const cases: { name: string; image: string; expected: boolean }[] = [
    { name: 'linstor-controller', image: 'linstor-controller', expected: true },
    { name: 'linstor-controller', image: 'linstor-controller:v9', expected: true },
    { name: 'linstor-controller', image: `linstor-controller@sha256:${HEX64}`, expected: true },
    { name: 'linstor-controller', image: 'linstor-controller:v9@sha256:abc', expected: true },
    { name: 'linstor-controller', image: 'linstor-controller:', expected: true },
    { name: 'linstor-controller', image: 'linstor-controller:{{TAG}}', expected: true },
    { name: 'linstor-controller', image: 'linstor-controller-extra', expected: false },
    { name: 'linstor-controller', image: 'quay.io/piraeusdatastore/piraeus-server:v1', expected: false },
    { name: 'linstor-controller', image: 'x/linstor-controller', expected: false },
    { name: 'linstor-controller', image: 'linstor-controller@sha512:abc', expected: false },
    { name: 'linstor-controller', image: 'linstor-controller:v/9', expected: false },
    { name: 'linstor-controller', image: 'linstor-controller\n', expected: false },
    // "." is a wildcard
    { name: 'quay.io/x/y', image: 'quayXio/x/y:1', expected: true },
    { name: 'quay.io/x/y', image: 'quay.io/x/y', expected: true },
    // a "|" splits the pattern: `^a|b(...)?(...)?$` matches anything starting with "a"
    { name: 'a|b', image: 'a-anything', expected: true },
    { name: 'a|b', image: 'xb:1', expected: true },
    { name: 'a|b', image: 'xbc', expected: false },
    // invalid patterns never match
    { name: 'bad(', image: 'bad(', expected: false },
    { name: 'x{1001}', image: 'x', expected: false },
    { name: '(?=x)', image: 'x', expected: false },
  ];
  test.each(cases)('$name ~ $image -> $expected', ({ name, image, expected }) => {
    expect(matchesPlaceholder(name, image)).toBe(expected);
  });

  test.each([
    { name: 'linstor-controller', expected: true },
    { name: 'quay.io/x/y', expected: true },
    { name: 'bad(', expected: false },
    { name: '[', expected: false },
    { name: '(?<v>x)', expected: true },
  ])('placeholderPatternValid($name) -> $expected', ({ name, expected }) => {
    expect(placeholderPatternValid(name)).toBe(expected);
  });

  test('placeholderPattern inserts the name unescaped', () => {
    expect(placeholderPattern('a.b')).toBe('^a.b(:[a-zA-Z0-9_.{}-]*)?(@sha256:[a-zA-Z0-9_.{}-]*)?$');
  });
});

describe('applyEntries', () => {
  const controller = entry('linstor-controller', { newName: 'quay.io/p/piraeus-server', newTag: 'v1' });
  const attacher = entry('csi-attacher', { newName: 'csi-provisioner' });
  const provisioner = entry('csi-provisioner', { newName: 'registry.k8s.io/sig-storage/csi-provisioner', newTag: 'v5' });
  const noop = entry('linstor-controller');

  const cases: { title: string; image: string; entries: ImageEntry[]; expected: string; by?: ImageEntry }[] = [
    { title: 'no entries', image: 'linstor-controller', entries: [], expected: 'linstor-controller' },
    {
      title: 'one matching entry',
      image: 'linstor-controller',
      entries: [attacher, controller],
      expected: 'quay.io/p/piraeus-server:v1',
      by: controller,
    },
    {
      title: 'no matching entry stays literal',
      image: 'linstor-satellite',
      entries: [controller],
      expected: 'linstor-satellite',
    },
    {
      title: 'output of an earlier entry feeds a later one',
      image: 'csi-attacher',
      entries: [attacher, provisioner],
      expected: 'registry.k8s.io/sig-storage/csi-provisioner:v5',
      by: provisioner,
    },
    {
      title: 'order matters: a later entry cannot feed an earlier one',
      image: 'csi-attacher',
      entries: [provisioner, attacher],
      expected: 'csi-provisioner',
      by: attacher,
    },
    {
      title: 'a user-patched tag is kept without newTag',
      image: 'csi-attacher:v9',
      entries: [attacher],
      expected: 'csi-provisioner:v9',
      by: attacher,
    },
    {
      title: 'an entry that changes nothing is not reported',
      image: 'linstor-controller',
      entries: [noop],
      expected: 'linstor-controller',
    },
    {
      title: 'the last entry that changed the value is reported',
      image: 'linstor-controller',
      entries: [controller, noop],
      expected: 'quay.io/p/piraeus-server:v1',
      by: controller,
    },
  ];
  test.each(cases)('$title', ({ image, entries, expected, by }) => {
    const result = applyEntries(image, entries);
    expect(result.image).toBe(expected);
    expect(result.entry).toBe(by);
  });

  test('each entry is offered twice (legacy pass and field-spec pass)', () => {
    // The output `x/y:c` matches `.*` again; its split name is `x/y`, tag `c`; newName keeps `x/y:c`.
    const self = entry('.*', { newName: 'x/y:c' });
    expect(applyEntries('a', [self]).image).toBe('x/y:c:c');
    expect(applyEntries('a', [self], { passes: 1 }).image).toBe('x/y:c');
  });
});

describe('literal component names are decided without compiling', () => {
  // The shortcut must agree with compiling kustomize's pattern, for names on both sides of it.
  const names = ['linstor-csi', 'drbd-module-loader', 'a.b', 'quay.io/x', 'x:y', 'x@y', '_', '',
    'a+b', 'x\\d', '6.777217e+06', 'a|b', '(x', 'ä', 'a b'];
  test.each(names)('%j', (name) => {
    let compiled: { ok: boolean; self: boolean };
    try {
      compiled = { ok: true, self: RE2JS.compile(placeholderPattern(name)).test(name) };
    } catch {
      compiled = { ok: false, self: false };
    }
    expect(placeholderPatternValid(name)).toBe(compiled.ok);
    expect(matchesPlaceholder(name, name)).toBe(compiled.self);
    expect(placeholderPatternError(name) === undefined).toBe(compiled.ok);
  });
});
