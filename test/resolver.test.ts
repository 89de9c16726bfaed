/**
 * The resolver's subtle behaviours (docs/resolver.md), one table per behaviour, through the
 * public resolver API with documents given as ConfigMap text.
 */
import { PiraeusError } from '../src/errors';
import { computePins, DiagnosticCodes, ImageResolver, loadImageConfig, planImages } from '../src/resolver';
import { stripGroupNames } from '../src/resolver/go-regexp';
import { relatedImageNames } from '../src/resolver/resolve';
import { defaultImageConfigData } from './support/defaults';

function resolverFor(data: Record<string, string>, options: ConstructorParameters<typeof ImageResolver>[1] = {}): ImageResolver {
  return new ImageResolver(loadImageConfig(data).documents, options);
}

function image(r: ImageResolver, component: string, os = ''): string | undefined {
  return r.resolve(os).images.find((i) => i.name === component)?.image;
}

describe('1. documents are read in byte-wise key order', () => {
  test.each([
    [['10_x.yaml', '2_x.yaml'], 'b/two:v'],
    [['1_x.yaml', '10_x.yaml'], 'b/one:v'],
    [['A.yaml', 'a.yaml'], 'b/lower:v'],
  ])('%j', (keys, expected) => {
    const names: Record<string, string> = { '10_x.yaml': 'ten', '2_x.yaml': 'two', '1_x.yaml': 'one', 'A.yaml': 'upper', 'a.yaml': 'lower' };
    const data = Object.fromEntries(keys.map((k) => [k, `base: b\ncomponents:\n  c: {image: ${names[k]}, tag: v}\n`]));
    expect(image(resolverFor(data), 'c')).toBe(expected);
  });

  test('a surprising order is reported', () => {
    const { diagnostics } = loadImageConfig({ '10_x.yaml': 'base: b\n', '2_x.yaml': 'base: b\n' });
    expect(diagnostics).toEqual([expect.objectContaining({ code: DiagnosticCodes.KEY_ORDER, location: { key: '10_x.yaml' } })]);
  });
});

describe('2-4. decoding quirks reach the resolution', () => {
  test.each([
    ['case-insensitive keys', 'BASE: b\nComponents:\n  c: {IMAGE: i, tAg: v1}\n', 'b/i:v1'],
    ['lower-case spelling wins', 'base: b\ncomponents:\n  c: {Image: upper, image: lower, tag: v}\n', 'b/lower:v'],
    ['1.10 is read as 1.1', 'base: b\ncomponents:\n  c: {image: i, tag: 1.10}\n', 'b/i:1.1'],
    ['yes is read as true', 'base: b\ncomponents:\n  c: {image: i, tag: yes}\n', 'b/i:true'],
    ['~ is empty', 'base: b\ncomponents:\n  c: {image: i, tag: ~}\n', 'b/i'],
    ['only the first document', 'base: b\ncomponents:\n  c: {image: first, tag: v}\n---\nbase: b\ncomponents:\n  c: {image: second, tag: v}\n', 'b/first:v'],
    ['duplicate keys: last wins', 'base: b\ncomponents:\n  c: {image: one, image: two, tag: v}\n', 'b/two:v'],
  ])('%s', (_name, text, expected) => {
    expect(image(resolverFor({ '0.yaml': text }), 'c')).toBe(expected);
  });
});

test('5. a decode error in any entry rejects the whole configuration', () => {
  const bad = { '0.yaml': 'base: b\ncomponents:\n  c: {image: i, tag: v}\n', '1.yaml': 'components:\n  c:\n    match:\n      - {osImage: x, image: y, precompiled: "true"}\n' };
  expect(() => loadImageConfig(bad)).toThrow(PiraeusError);
  try {
    loadImageConfig(bad);
  } catch (e) {
    expect((e as PiraeusError).code).toBe('DECODE_TYPE');
    expect((e as PiraeusError).location?.key).toBe('1.yaml');
    expect((e as PiraeusError).location?.line).toBe(4);
  }
});

describe('6-7. repository and base', () => {
  test('repository replaces the base of every document, sig-storage included', () => {
    const r = resolverFor(defaultImageConfigData(), { repository: 'mirror.example.com/p' });
    expect(image(r, 'csi-attacher')).toBe('mirror.example.com/p/csi-attacher:v4.10.0');
    expect(image(r, 'linstor-controller')).toBe('mirror.example.com/p/piraeus-server:v1.32.3');
  });
  test.each([
    ['', '/i:v'],
    ['b/', 'b//i:v'],
  ])('base %j gives %s', (base, expected) => {
    const r = resolverFor({ '0.yaml': `base: "${base}"\ncomponents:\n  c: {image: i, tag: v}\n` });
    expect(image(r, 'c')).toBe(expected);
  });
  test('an empty base is reported', () => {
    const r = resolverFor({ '0.yaml': 'components:\n  c: {image: i, tag: v}\n' });
    expect(r.diagnostics().map((d) => d.code)).toContain(DiagnosticCodes.EMPTY_BASE);
  });
});

describe('8. match rules', () => {
  const doc = (rules: string) => ({ '0.yaml': `base: b\ncomponents:\n  c:\n    image: fallback\n    tag: v\n    match:\n${rules}` });
  test.each([
    ['first match wins', '      - {osImage: Ubuntu, image: one}\n      - {osImage: Ubuntu 22, image: two}\n', 'Ubuntu 22.04', 'b/one:v'],
    ['unanchored', '      - {osImage: "22\\\\.04", image: one}\n', 'Ubuntu 22.04 LTS', 'b/one:v'],
    ['case-sensitive', '      - {osImage: ubuntu, image: one}\n', 'Ubuntu', 'b/fallback:v'],
    ['(?i) enables folding', '      - {osImage: "(?i)ubuntu", image: one}\n', 'Ubuntu', 'b/one:v'],
    ['invalid pattern skipped', '      - {osImage: "Ubuntu(", image: one}\n      - {osImage: Ubuntu, image: two}\n', 'Ubuntu', 'b/two:v'],
    ['lookahead does not compile in Go', '      - {osImage: "Ubuntu(?= 22)", image: one}\n', 'Ubuntu 22', 'b/fallback:v'],
    ['empty pattern matches everything', '      - {osImage: "", image: one}\n', '', 'b/one:v'],
    ['\\A anchor', '      - {osImage: "\\\\AUbuntu", image: one}\n', 'Ubuntu', 'b/one:v'],
    ['\\z anchor', '      - {osImage: "LTS\\\\z", image: one}\n', 'Ubuntu LTS', 'b/one:v'],
    ['POSIX class', '      - {osImage: "^[[:alpha:]]+$", image: one}\n', 'abc', 'b/one:v'],
    ['POSIX class is not a JS set', '      - {osImage: "[[:digit:]]", image: one}\n', 'd]', 'b/fallback:v'],
    ['Python group name', '      - {osImage: "(?P<v>[0-9]+)\\\\.", image: one}\n', '22.04', 'b/one:v'],
    ['duplicate group names are accepted as in Go', '      - {osImage: "(?P<x>a)(?P<x>b)", image: one}\n', 'ab', 'b/one:v'],
    ['repeat limit', '      - {osImage: "a{1001}", image: one}\n', 'a', 'b/fallback:v'],
  ])('%s', (_name, rules, os, expected) => {
    expect(image(resolverFor(doc(rules)), 'c', os)).toBe(expected);
  });

  test('an invalid pattern is reported with its line', () => {
    const r = resolverFor(doc('      - {osImage: "Ubuntu(", image: one}\n'));
    expect(r.diagnostics()).toContainEqual(expect.objectContaining({
      code: DiagnosticCodes.PATTERN_INVALID, location: expect.objectContaining({ key: '0.yaml', component: 'c', line: 7 }),
    }));
  });

  test.each([
    ['(a+)+$', 'a'.repeat(100_000) + '!'],
    ['(a|aa)*b', 'a'.repeat(100_000)],
  ])('pathological pattern %s runs in linear time', (pattern, os) => {
    expect(image(resolverFor(doc(`      - {osImage: "${pattern}", image: one}\n`)), 'c', os)).toBe('b/fallback:v');
  });

  test('stripGroupNames leaves escapes, quotes and classes alone', () => {
    expect(stripGroupNames('(?P<x>a)\\(?P<y>b)[(?P<z>]\\Q(?P<w>\\E(?<v>c)')).toBe('(a)\\(?P<y>b)[(?P<z>]\\Q(?P<w>\\E(c)');
  });
});

describe('9. rules take the component tag and their own digest', () => {
  const data = { '0.yaml': 'base: b\ncomponents:\n  c:\n    image: f\n    tag: v1\n    digest: sha256:aaaa\n    match:\n      - {osImage: X, image: x}\n      - {osImage: Q, image: q, digest: "sha256:bbbb"}\n      - {osImage: Y, image: y}\n' };
  test.each([
    ['X', 'b/x:v1'],
    ['Q', 'b/q:v1@sha256:bbbb'],
    ['Z', 'b/f:v1@sha256:aaaa'],
    // An unquoted Y is a YAML 1.1 boolean: the pattern the operator sees is "true".
    ['Y', 'b/f:v1@sha256:aaaa'],
    // ... and so is the image name y: it becomes "true" too.
    ['true', 'b/true:v1'],
  ])('%s', (os, expected) => expect(image(resolverFor(data), 'c', os)).toBe(expected));
});

describe('10-11. yielding nothing, and last-wins of whole entries', () => {
  const base = '0.yaml';
  test('a later document with only a tag changes nothing and is reported', () => {
    const data = { [base]: 'base: b\ncomponents:\n  c: {image: i, tag: v1, digest: "sha256:aaaa"}\n', '1.yaml': 'components:\n  c: {tag: v2}\n' };
    const r = resolverFor(data);
    expect(image(r, 'c')).toBe('b/i:v1@sha256:aaaa');
    expect(r.diagnostics()).toContainEqual(expect.objectContaining({ code: DiagnosticCodes.NO_IMAGE, location: expect.objectContaining({ key: '1.yaml', component: 'c' }) }));
  });
  test('a later document replaces the whole entry, digest included', () => {
    const data = { [base]: 'base: b\ncomponents:\n  c: {image: i, tag: v1, digest: "sha256:aaaa"}\n', '1.yaml': 'base: o\ncomponents:\n  c: {image: j, tag: v2}\n' };
    expect(image(resolverFor(data), 'c')).toBe('o/j:v2');
  });
  test('a component without image whose rules do not match consults no variable', () => {
    const data = { [base]: 'base: b\ncomponents:\n  c:\n    match:\n      - {osImage: X, image: x}\n' };
    const r = resolverFor(data, { env: { 'RELATED_IMAGE_c': 'e/override:v' } });
    expect(image(r, 'c', 'Y')).toBeUndefined();
    expect(image(r, 'c', 'X')).toBe('e/override:v');
  });
});

test('12. precompiled is ORed over all documents, overridden entries included', () => {
  const data = {
    '0.yaml': 'base: b\ncomponents:\n  c:\n    image: f\n    match:\n      - {osImage: X, image: x, precompiled: yes}\n',
    '1.yaml': 'base: b\ncomponents:\n  c: {image: later, tag: v}\n',
  };
  const res = resolverFor(data).resolve('X');
  expect(res.precompiled).toBe(true);
  expect(res.images[0].image).toBe('b/later:v');
});

test('13. cluster level uses the empty OS string; rules matching "" apply there', () => {
  const data = { '0.yaml': 'base: b\ncomponents:\n  c:\n    image: f\n    tag: v\n    match:\n      - {osImage: "^$", image: empty}\n' };
  expect(resolverFor(data).resolveCluster().images[0].image).toBe('b/empty:v');
  expect(image(defaultResolverImage(), 'drbd-module-loader')).toBe('quay.io/piraeusdatastore/drbd9-noble:v9.2.16');
});

function defaultResolverImage(): ImageResolver {
  return resolverFor(defaultImageConfigData());
}

describe('14-15. RELATED_IMAGE_* lookup and splitting', () => {
  test.each([
    ['two-part name first', { 'RELATED_IMAGE_drbd-module-loader_drbd9-jammy': 'm/j:1', 'RELATED_IMAGE_drbd-module-loader': 'm/all:1' }, 'Ubuntu 22.04', 'm/j:1'],
    ['component-only hits every variant', { 'RELATED_IMAGE_drbd-module-loader': 'm/all:1' }, 'AlmaLinux 9.3', 'm/all:1'],
    ['empty value is unset', { 'RELATED_IMAGE_drbd-module-loader_drbd9-jammy': '', 'RELATED_IMAGE_drbd-module-loader': 'm/all:1' }, 'Ubuntu 22.04', 'm/all:1'],
    ['names are case-sensitive', { 'RELATED_IMAGE_DRBD-MODULE-LOADER': 'm/all:1' }, 'Ubuntu 22.04', 'quay.io/piraeusdatastore/drbd9-jammy:v9.2.16'],
    ['registry port kept', { 'RELATED_IMAGE_drbd-module-loader': 'host:5000/img' }, 'Ubuntu 22.04', 'host:5000/img'],
    ['digest only', { 'RELATED_IMAGE_drbd-module-loader': 'r/img@sha256:abc:def' }, 'Ubuntu 22.04', 'r/img@sha256:abc:def'],
  ])('%s', (_n, env, os, expected) => {
    expect(image(resolverFor(defaultImageConfigData(), { env }), 'drbd-module-loader', os)).toBe(expected);
  });

  test('an override ignores repository, tag, digest and the external version', () => {
    const r = resolverFor(defaultImageConfigData(), {
      repository: 'mirror.example.com/p', externalVersion: '1.31.2', env: { 'RELATED_IMAGE_linstor-satellite_piraeus-server': 'e/sat:v9' },
    });
    const sat = r.resolve('Ubuntu 24.04').images.find((i) => i.name === 'linstor-satellite')!;
    expect(sat.image).toBe('e/sat:v9');
    expect(sat.provenance).toMatchObject({ envVar: 'RELATED_IMAGE_linstor-satellite_piraeus-server', externalVersion: false });
  });

  test('variables nothing consults are reported', () => {
    const r = resolverFor(defaultImageConfigData(), { env: { 'RELATED_IMAGE_linstor_controller': 'x/y:z', PATH: '/bin' } });
    expect(r.diagnostics().filter((d) => d.code === DiagnosticCodes.ENV_UNUSED).map((d) => d.location.path)).toEqual(['PATH', 'RELATED_IMAGE_linstor_controller']);
  });

  test('relatedImageNames gives the lookup order', () => {
    expect(relatedImageNames('c', 'i')).toEqual(['RELATED_IMAGE_c_i', 'RELATED_IMAGE_c']);
  });
});

describe('19. external controller', () => {
  test('tag v<version> on the first document holding linstor-satellite; cluster level unchanged', () => {
    const r = resolverFor(defaultImageConfigData(), { externalVersion: '1.31.2' });
    expect(image(r, 'linstor-satellite', 'Ubuntu 24.04')).toBe('quay.io/piraeusdatastore/piraeus-server:v1.31.2');
    expect(r.resolve('x').images.find((i) => i.name === 'linstor-satellite')!.provenance.externalVersion).toBe(true);
    expect(r.resolveCluster().images.find((i) => i.name === 'linstor-satellite')!.image).toBe('quay.io/piraeusdatastore/piraeus-server:v1.32.3');
  });
  test('a later document silently wins, and that is reported', () => {
    const r = resolverFor({ ...defaultImageConfigData(), '1_o.yaml': 'base: o\ncomponents:\n  linstor-satellite: {image: sat, tag: v2}\n' }, { externalVersion: '1.31.2' });
    expect(image(r, 'linstor-satellite', 'x')).toBe('o/sat:v2');
    expect(r.diagnostics().map((d) => d.code)).toContain(DiagnosticCodes.EXTERNAL_VERSION_SHADOWED);
  });
  test('no document holding linstor-satellite is an error naming the keys', () => {
    expect(() => resolverFor({ 'a.yaml': 'base: b\n' }, { externalVersion: '1' })).toThrow(/no linstor-satellite component found in configs \(ConfigMap keys: "a.yaml"\)/);
  });
});

describe('pins', () => {
  test('one two-part variable per variant, never the component-only name', () => {
    const { pins } = computePins(defaultResolverImage());
    const names = pins.map((p) => p.name);
    expect(names).not.toContain('RELATED_IMAGE_drbd-module-loader');
    expect(names.filter((n) => n.startsWith('RELATED_IMAGE_drbd-module-loader_'))).toEqual([
      'almalinux10', 'almalinux8', 'almalinux9', 'bookworm', 'bullseye', 'jammy', 'noble',
    ].map((s) => `RELATED_IMAGE_drbd-module-loader_drbd9-${s}`));
    expect(names).toEqual([...names].sort());
  });

  test('pinning changes nothing for any OS variant', () => {
    const data = defaultImageConfigData();
    const plan = planImages({ data, repository: 'mirror.example.com/p' });
    const unpinned = resolverFor(data, { repository: 'mirror.example.com/p' });
    const oses = ['', 'Ubuntu 22.04.4 LTS', 'Ubuntu 24.04.1 LTS', 'AlmaLinux 9.4', 'Red Hat Enterprise Linux CoreOS 416.94', 'Red Hat Enterprise Linux CoreOS 9.6',
      'Debian GNU/Linux 13 (trixie)', 'Debian GNU/Linux 12 (bookworm)', 'Rocky Linux 10.0', 'Oracle Linux Server 8.10', 'Talos (v1.8.0)'];
    for (const os of oses) {
      const strip = (res: ReturnType<ImageResolver['resolve']>) => res.images.map((i) => [i.name, i.image]);
      expect(strip(plan.resolver.resolve(os))).toEqual(strip(unpinned.resolve(os)));
    }
    expect(plan.env.every((e) => e.origin === 'pin')).toBe(true);
  });

  test('variants that would need two values under one name are left unpinned', () => {
    const data = { '0.yaml': 'base: b\ncomponents:\n  c:\n    image: i\n    tag: v\n    digest: "sha256:aaaa"\n    match:\n      - {osImage: X, image: i}\n' };
    const { pins, diagnostics } = computePins(resolverFor(data));
    expect(pins).toEqual([]);
    expect(diagnostics).toContainEqual(expect.objectContaining({ code: DiagnosticCodes.PIN_SKIPPED }));
  });

  test('an image name carrying a tag cannot be pinned faithfully', () => {
    const { pins, diagnostics } = computePins(resolverFor({ '0.yaml': 'base: b\ncomponents:\n  c: {image: "i:v1", tag: v2}\n' }));
    expect(pins).toEqual([]);
    expect(diagnostics[0].message).toMatch(/b\/i:v1:v2/);
  });
});

describe('collisions between entries', () => {
  test('an override whose image is another placeholder is reported', () => {
    const r = resolverFor(defaultImageConfigData(), { env: { 'RELATED_IMAGE_csi-attacher': 'csi-provisioner' } });
    expect(r.diagnostics()).toContainEqual(expect.objectContaining({
      code: DiagnosticCodes.PLACEHOLDER_COLLISION,
      location: expect.objectContaining({ component: 'csi-attacher', path: 'RELATED_IMAGE_csi-attacher' }),
    }));
  });
  test('the default configuration has none', () => {
    expect(defaultResolverImage().diagnostics()).toEqual([]);
  });
});
