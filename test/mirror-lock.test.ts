/**
 * Digest locks: the file format, importing `reference@sha256:` lines, applying a lock to the
 * image ConfigMap (round trip import -> lockDocuments -> resolver -> list) and bad input.
 */
import { ErrorCodes, PiraeusError } from '../src/errors';
import {
  checkDigests, collectImages, describeMissingDigests, digestRequiredError, DigestLock, emptyLock, formatList,
  importLockLines, isDigestLockKey, lockDocuments, lockFormatFor, lockReference, lookupDigest, parseLock, serializeLock,
} from '../src/mirror';
import { ImageConfigDocument, ImageResolver, loadImageConfig } from '../src/resolver';
import { compareBytewise } from '../src/resolver/order';
import { defaultImageConfigData } from './support/defaults';

const OPERATOR = 'quay.io/piraeusdatastore/piraeus-operator:v2.10.4';
const Q = 'quay.io/piraeusdatastore';
const D = (n: number) => `sha256:${n.toString(16).padStart(64, '0')}`;

function thrown(fn: () => unknown): PiraeusError {
  try {
    fn();
  } catch (e) {
    if (e instanceof PiraeusError) return e;
    throw e;
  }
  throw new Error('expected a PiraeusError');
}

const docsOf = (data: Record<string, string>) => loadImageConfig(data).documents;
const defaultDocs = () => docsOf(defaultImageConfigData());

/** Lines as a user would produce them: every unpinned image of the list with a digest. */
function linesFor(list: string, start = 1): string {
  return list.trimEnd().split('\n').map((ref, i) => `${ref}@${D(start + i)}`).join('\n') + '\n';
}

describe('lock file', () => {
  const lock: DigestLock = { version: 1, images: { [`${Q}/b:v1`]: D(2), [`${Q}/a:v1`]: D(1) } };

  test('JSON is canonical: sorted keys, two-space indent, trailing newline; YAML reads back the same', () => {
    const json = serializeLock(lock);
    expect(json).toBe(`{\n  "version": 1,\n  "images": {\n    "${Q}/a:v1": "${D(1)}",\n    "${Q}/b:v1": "${D(2)}"\n  }\n}\n`);
    expect(parseLock(json, 'l.json')).toEqual({ version: 1, images: { [`${Q}/a:v1`]: D(1), [`${Q}/b:v1`]: D(2) } });
    const yaml = serializeLock(lock, 'yaml');
    expect(yaml.startsWith('version: 1\nimages:\n')).toBe(true);
    expect(parseLock(yaml, 'l.yaml')).toEqual(parseLock(json, 'l.json'));
    expect(serializeLock(parseLock(json, 'l.json'))).toBe(json);
    expect(lockFormatFor('x/images.lock.yml')).toBe('yaml');
    expect(lockFormatFor('images.lock.json')).toBe('json');
    expect(lockFormatFor('images.lock')).toBe('json');
  });

  test('keys are normalized; an empty images mapping is a valid lock', () => {
    expect(parseLock(`{"version": 1, "images": {"nginx:1.25": "${D(1)}"}}`, 'l').images).toEqual({ 'docker.io/library/nginx:1.25': D(1) });
    expect(parseLock('version: 1\nimages: {}\n', 'l')).toEqual(emptyLock());
    expect(parseLock('version: 1\nimages:\n', 'l')).toEqual(emptyLock());
  });

  test.each([
    ['a digest of the wrong length', `version: 1\nimages:\n  ${Q}/a:v1: sha256:abc\n`, ErrorCodes.INVALID_DIGEST, 3, /64 lower-case hex characters, got 3/],
    ['upper-case hex', `version: 1\nimages:\n  ${Q}/a:v1: sha256:${'A'.repeat(64)}\n`, ErrorCodes.INVALID_DIGEST, 3, /upper-case/],
    ['a sha512 digest', `version: 1\nimages:\n  ${Q}/a:v1: sha512:${'a'.repeat(128)}\n`, ErrorCodes.INVALID_DIGEST, 3, /only sha256/],
    ['a key with a digest', `version: 1\nimages:\n  "${Q}/a@${D(1)}": "${D(1)}"\n`, ErrorCodes.INVALID_LOCK, 3, /must not contain a digest/],
    ['a key that is no reference', 'version: 1\nimages:\n  "Quay.io/UPPER/x": "' + D(1) + '"\n', ErrorCodes.INVALID_LOCK, 3, /not an image reference/],
    ['a number as digest', `version: 1\nimages:\n  ${Q}/a:v1: 12\n`, ErrorCodes.INVALID_DIGEST, 3, /must be a string/],
    ['the same image twice after normalization', `version: 1\nimages:\n  nginx:1: "${D(1)}"\n  docker.io/library/nginx:1: "${D(2)}"\n`, ErrorCodes.INVALID_LOCK, 4, /same image as the entry on line 3/],
    ['a wrong version', `version: 2\nimages: {}\n`, ErrorCodes.INVALID_LOCK, 1, /unsupported lock version 2/],
    ['an unknown key', `version: 1\nimages: {}\ndigests: {}\n`, ErrorCodes.INVALID_LOCK, 3, /unknown key "digests"/],
    ['no version', 'images: {}\n', ErrorCodes.INVALID_LOCK, 1, /missing "version: 1"/],
    ['a list', '- a\n', ErrorCodes.INVALID_LOCK, 1, /expected a mapping/],
    ['broken JSON', '{"version": 1,\n "images": {\n', ErrorCodes.INVALID_LOCK, 3, /not valid JSON or YAML/],
    ['duplicate keys', `version: 1\nimages:\n  ${Q}/a:v1: "${D(1)}"\n  ${Q}/a:v1: "${D(2)}"\n`, ErrorCodes.INVALID_LOCK, 4, /not valid JSON or YAML/],
  ])('%s is a located error', (_, text, code, line, message) => {
    const e = thrown(() => parseLock(text, 'images.lock.yaml'));
    expect(e.code).toBe(code);
    expect(e.location?.line).toBe(line);
    expect(e.message).toContain(`images.lock.yaml line ${line}`);
    expect(e.message).toMatch(message);
  });

  test('every problem of a file is listed', () => {
    const e = thrown(() => parseLock(`version: 1\nimages:\n  ${Q}/a:v1: sha256:1\n  ${Q}/b:v1: sha256:2\n`, 'l.yaml'));
    expect(e.message).toMatch(/2 problems in the lock file: line 3: .*; line 4: /);
  });
});

describe('importLockLines', () => {
  test('reference@digest lines; comments, blank lines, CRLF, docker:// and skopeo digest files', () => {
    const text = [
      '# digests of 2026-11-21',
      '',
      `${Q}/a:v1@${D(1)}\r`,
      `docker://${Q}/b:v2@${D(2)}   # from skopeo`,
      `${D(3)} docker://mirror.example.com/c:v3`,
      `${Q}/a:v1@${D(1)}`,
    ].join('\n');
    const r = importLockLines(undefined, text, 'digests.txt');
    expect(r.lock).toEqual({ version: 1, images: { [`${Q}/a:v1`]: D(1), [`${Q}/b:v2`]: D(2), 'mirror.example.com/c:v3': D(3) } });
    expect(r.added).toEqual(['mirror.example.com/c:v3', `${Q}/a:v1`, `${Q}/b:v2`]);
  });

  test('updating: added, changed, unchanged; untouched entries stay', () => {
    const existing: DigestLock = { version: 1, images: { [`${Q}/a:v1`]: D(1), [`${Q}/b:v1`]: D(2), [`${Q}/keep:v1`]: D(9) } };
    const r = importLockLines(existing, `${Q}/a:v1@${D(1)}\n${Q}/b:v1@${D(5)}\n${Q}/c:v1@${D(6)}\n`, 'x');
    expect(r.added).toEqual([`${Q}/c:v1`]);
    expect(r.changed).toEqual([{ key: `${Q}/b:v1`, from: D(2), to: D(5) }]);
    expect(r.unchanged).toEqual([`${Q}/a:v1`]);
    expect(Object.keys(r.lock.images)).toEqual([`${Q}/a:v1`, `${Q}/b:v1`, `${Q}/c:v1`, `${Q}/keep:v1`]);
    expect(existing.images[`${Q}/b:v1`]).toBe(D(2));
  });

  test('a line with tag and digest is keyed by name:tag; a tagless one by the tag the deployment uses', () => {
    const references = [`${Q}/piraeus-server:v1.32.3`, `${Q}/drbd9-jammy:v9.2.16`];
    const r = importLockLines(undefined, `${Q}/piraeus-server@${D(1)}\n${Q}/drbd9-jammy:v9.2.16@${D(2)}\n${Q}/unused@${D(3)}\n`, 'x', { references });
    expect(r.lock.images).toEqual({
      [`${Q}/drbd9-jammy:v9.2.16`]: D(2), [`${Q}/piraeus-server:v1.32.3`]: D(1), [`${Q}/unused`]: D(3),
    });
    const e = thrown(() => importLockLines(undefined, `\n${Q}/x@${D(1)}\n`, 'x', { references: [`${Q}/x:v1`, `${Q}/x:v2`] }));
    expect(e.message).toMatch(/x line 2: .*used with tags v1, v2/);
    // Without references, keyed by repository.
    expect(importLockLines(undefined, `${Q}/x@${D(1)}\n`, 'x').lock.images).toEqual({ [`${Q}/x`]: D(1) });
  });

  test.each([
    ['no digest', `${Q}/a:v1`, ErrorCodes.INVALID_LOCK, /has no digest/],
    ['a digest of the wrong length', `${Q}/a:v1@sha256:${'a'.repeat(63)}`, ErrorCodes.INVALID_DIGEST, /64 lower-case hex characters, got 63/],
    ['a digest that is too long', `${Q}/a:v1@sha256:${'a'.repeat(65)}`, ErrorCodes.INVALID_DIGEST, /got 65/],
    ['a bad algorithm', `${Q}/a:v1@md5:${'a'.repeat(32)}`, ErrorCodes.INVALID_DIGEST, /unsupported digest algorithm/],
    ['an invalid reference', `Quay.io/UPPER/a:v1@${D(1)}`, ErrorCodes.INVALID_LOCK, /not a valid image reference/],
    ['two digests', `${Q}/a@${D(1)}@${D(2)}`, ErrorCodes.INVALID_LOCK, /two digests/],
    ['two words', `${Q}/a:v1@${D(1)} extra`, ErrorCodes.INVALID_LOCK, /one "reference@sha256:<64 hex>" per line/],
  ])('%s is an error naming its line', (_, line, code, message) => {
    const e = thrown(() => importLockLines(undefined, `# header\n${Q}/ok:v1@${D(1)}\n${line}\n`, 'digests.txt'));
    expect(e.code).toBe(code);
    expect(e.location?.line).toBe(3);
    expect(e.message).toContain('digests.txt line 3');
    expect(e.message).toMatch(message);
  });

  test('every malformed line is named, and nothing is imported', () => {
    const e = thrown(() => importLockLines(emptyLock(), `bad\n${Q}/ok:v1@${D(1)}\n${Q}/a:v1@sha256:12\n`, 'in'));
    expect(e.message).toMatch(/2 problems in in: line 1: .*; line 3: .*got 2/);
    expect(e.location?.line).toBe(1);
  });

  test('one image, two digests: an error naming both lines', () => {
    const e = thrown(() => importLockLines(undefined, `${Q}/a:v1@${D(1)}\n\n${Q}/a:v1@${D(2)}\n`, 'in'));
    expect(e.message).toMatch(/in line 3: .*line 1 gave it/);
  });
});

describe('lookup', () => {
  const lock: DigestLock = { version: 1, images: { [`${Q}/a:v1`]: D(1), [`${Q}/a`]: D(2), 'docker.io/library/nginx:1': D(3) } };
  test('exact tag first, then the tagless entry; normalized; pinned references are left alone', () => {
    expect(lookupDigest(lock, `${Q}/a:v1`)).toEqual({ key: `${Q}/a:v1`, digest: D(1), repositoryOnly: false });
    expect(lookupDigest(lock, `${Q}/a:v9`)).toEqual({ key: `${Q}/a`, digest: D(2), repositoryOnly: true });
    expect(lockReference(lock, 'nginx:1')).toBe(`nginx:1@${D(3)}`);
    expect(lockReference(lock, `${Q}/a:v1@${D(7)}`)).toBeUndefined();
    expect(lockReference(lock, `${Q}/b:v1`)).toBeUndefined();
    expect(lockReference(lock, '/broken')).toBeUndefined();
  });
});

describe('lockDocuments: round trip import -> apply -> list', () => {
  const documents = defaultDocs();
  const plain = new ImageResolver(documents);
  const list = formatList(collectImages(plain, { operatorImage: OPERATOR }));
  const { lock } = importLockLines(undefined, linesFor(list), 'digests.txt', {
    references: collectImages(plain, { operatorImage: OPERATOR }).map((i) => i.reference),
  });
  const expected = new Map(list.trimEnd().split('\n').map((ref, i) => [ref, D(i + 1)]));
  const result = lockDocuments(documents, { extraReferences: [OPERATOR] }, lock);
  const data = { ...defaultImageConfigData(), ...result.data };
  const locked = new ImageResolver(docsOf(data));

  test('the default documents stay verbatim; the copies sort after them', () => {
    const keys = Object.keys(result.data);
    expect(keys).toEqual(['zz-digest-lock-00-0_piraeus_datastore_images.yaml', 'zz-digest-lock-01-0_sig_storage_images.yaml']);
    const all = Object.keys(data).sort(compareBytewise);
    expect(all.slice(-2)).toEqual(keys);
    for (const k of Object.keys(defaultImageConfigData())) expect(data[k]).toBe(defaultImageConfigData()[k]);
  });

  test('every image, operator included, carries exactly its digest', () => {
    const images = collectImages(locked, { operatorImage: result.references[OPERATOR] });
    expect(images.length).toBe(expected.size);
    for (const img of images) {
      const name = `${img.domain}/${img.path}:${img.tag}`;
      expect(img.digest).toBe(expected.get(name));
      expect(img.reference).toBe(`${name}@${expected.get(name)}`);
    }
    expect(checkDigests(locked, result.references[OPERATOR])).toEqual([]);
    expect(result.unused).toEqual([]);
    expect(result.withoutDigest).toEqual([]);
    expect(result.diagnostics).toEqual([]);
  });

  test('the copies decode to exactly the documents returned', () => {
    const decoded = docsOf(result.data);
    const strip = (d: ImageConfigDocument) => ({
      key: d.key, base: d.base,
      components: [...d.components].map(([n, c]) => [n, c.image, c.tag, c.digest, c.match.map((m) => [m.osImage, m.image, m.digest, m.precompiled])]),
    });
    expect(decoded.map(strip)).toEqual(result.documents.map(strip));
  });

  test.each([
    '', 'Ubuntu 22.04.4 LTS', 'Ubuntu 24.04 LTS', 'Red Hat Enterprise Linux 9.4 (Plow)', 'Red Hat Enterprise Linux CoreOS 415.92',
    'Red Hat Enterprise Linux CoreOS 412.86', 'Debian GNU/Linux 13 (trixie)', 'AlmaLinux 10.0', 'Flatcar Container Linux',
  ])('node %j resolves as before, now with digests', (os) => {
    const before = plain.resolve(os);
    const after = locked.resolve(os);
    expect(after.precompiled).toBe(before.precompiled);
    expect(after.images.map((i) => i.name)).toEqual(before.images.map((i) => i.name));
    after.images.forEach((img, i) => {
      const b = before.images[i];
      expect([img.newName, img.newTag]).toEqual([b.newName, b.newTag]);
      expect(img.image).toBe(`${b.image}@${expected.get(b.image)}`);
    });
  });

  test('a second application copies the copies and changes nothing', () => {
    const again = lockDocuments(docsOf(data), {}, lock);
    const twice = new ImageResolver(docsOf({ ...data, ...again.data }));
    expect(Object.keys(again.data).every((k) => k.startsWith('zzz-digest-lock-'))).toBe(true);
    expect(twice.resolve('Ubuntu 22.04').images.map((i) => i.image)).toEqual(locked.resolve('Ubuntu 22.04').images.map((i) => i.image));
  });
});

describe('lockDocuments: partial locks and the merge', () => {
  test('images the lock does not know keep no digest and are reported; unused entries are reported', () => {
    const lock: DigestLock = { version: 1, images: { [`${Q}/drbd9-jammy:v9.2.16`]: D(1), [`${Q}/not-used:v1`]: D(2) } };
    const r = lockDocuments(defaultDocs(), {}, lock);
    expect(Object.keys(r.data)).toEqual(['zz-digest-lock-00-0_piraeus_datastore_images.yaml']);
    expect(r.documents[0].components.size).toBe(1);
    expect(r.used).toEqual([`${Q}/drbd9-jammy:v9.2.16`]);
    expect(r.unused).toEqual([`${Q}/not-used:v1`]);
    expect(r.withoutDigest.map((u) => u.reference)).toContain(`${Q}/drbd9-noble:v9.2.16`);
    expect(r.withoutDigest.map((u) => u.reference)).not.toContain(`${Q}/drbd9-jammy:v9.2.16`);
    expect(r.diagnostics.map((d) => d.code)).toContain('LOCK_UNUSED');
    expect(r.diagnostics.map((d) => d.code)).toContain('DIGEST_MISSING');
    const resolver = new ImageResolver(docsOf({ ...defaultImageConfigData(), ...r.data }));
    expect(resolver.resolve('Ubuntu 22.04').images.find((i) => i.name === 'drbd-module-loader')!.image)
      .toBe(`${Q}/drbd9-jammy:v9.2.16@${D(1)}`);
    expect(resolver.resolve('Ubuntu 24.04').images.find((i) => i.name === 'drbd-module-loader')!.image)
      .toBe(`${Q}/drbd9-noble:v9.2.16`);
    const missing = checkDigests(resolver, OPERATOR);
    expect(missing.map((m) => m.reference)).toContain(OPERATOR);
    expect(missing.map((m) => m.reference)).not.toContain(`${Q}/drbd9-jammy:v9.2.16@${D(1)}`);
    const e = digestRequiredError(missing, 'Chart/Operator')!;
    expect(e.code).toBe(ErrorCodes.DIGEST_REQUIRED);
    expect(e.message).toContain(`${Q}/drbd9-noble:v9.2.16 (drbd-module-loader/drbd9-noble)`);
    expect(e.message).toContain(`${OPERATOR} (manager, gencert)`);
    expect(describeMissingDigests(missing)).toMatch(/^\d+ image\(s\) have no digest/);
    expect(digestRequiredError([])).toBeUndefined();
  });

  test('a lock entry for a shadowed earlier document does not let it win over the later one', () => {
    const data = {
      '0_a.yaml': 'base: a.io/p\ncomponents:\n  c: {image: one, tag: v1}\n  d: {image: d, tag: v1}\n',
      '1_b.yaml': 'base: b.io/p\ncomponents:\n  c:\n    image: two\n    tag: v2\n    match:\n      - {osImage: X, image: three, precompiled: true}\n',
    };
    const lock: DigestLock = { version: 1, images: { 'a.io/p/one:v1': D(1), 'b.io/p/three:v2': D(3), 'a.io/p/d:v1': D(4) } };
    const r = lockDocuments(docsOf(data), {}, lock);
    const resolver = new ImageResolver(docsOf({ ...data, ...r.data }));
    const c = (os: string) => resolver.resolve(os).images.find((i) => i.name === 'c')!.image;
    expect(c('')).toBe('b.io/p/two:v2');
    expect(c('X')).toBe(`b.io/p/three:v2@${D(3)}`);
    expect(resolver.resolve('X').precompiled).toBe(true);
    expect(resolver.resolve('').images.find((i) => i.name === 'd')!.image).toBe(`a.io/p/d:v1@${D(4)}`);
    // a.io/p/one:v1 is only in the shadowed variant: the copy is written, the entry counts as used.
    expect(r.unused).toEqual([]);
    expect(r.withoutDigest.map((u) => u.reference)).toEqual(['b.io/p/two:v2']);
  });

  test('spec.repository: the lock is keyed by the mirror references', () => {
    const lock: DigestLock = { version: 1, images: { 'mirror.example.com/p/drbd9-jammy:v9.2.16': D(1) } };
    const r = lockDocuments(defaultDocs(), { repository: 'mirror.example.com/p' }, lock);
    const resolver = new ImageResolver(docsOf({ ...defaultImageConfigData(), ...r.data }), { repository: 'mirror.example.com/p' });
    expect(resolver.resolve('Ubuntu 22.04').images.find((i) => i.name === 'drbd-module-loader')!.image)
      .toBe(`mirror.example.com/p/drbd9-jammy:v9.2.16@${D(1)}`);
    expect(lockDocuments(defaultDocs(), {}, lock).unused).toEqual(['mirror.example.com/p/drbd9-jammy:v9.2.16']);
  });

  test('a configured digest is kept; a differing lock digest is a conflict warning', () => {
    const data = { '0.yaml': `base: q.io/p\ncomponents:\n  a: {image: a, tag: v1, digest: "${D(1)}"}\n` };
    const r = lockDocuments(docsOf(data), {}, { version: 1, images: { 'q.io/p/a:v1': D(2) } });
    expect(r.data).toEqual({});
    expect(r.diagnostics.map((d) => d.code)).toEqual(['LOCK_CONFLICT']);
    expect(r.unused).toEqual([]);
  });

  test('a tagless entry applies while one tag is used, and is refused when several are', () => {
    const one = lockDocuments(defaultDocs(), {}, { version: 1, images: { [`${Q}/piraeus-server`]: D(1) } });
    const res = new ImageResolver(docsOf({ ...defaultImageConfigData(), ...one.data }));
    expect(res.resolve('').images.find((i) => i.name === 'linstor-controller')!.image).toBe(`${Q}/piraeus-server:v1.32.3@${D(1)}`);
    const data = { ...defaultImageConfigData(), '1_x.yaml': `base: ${Q}\ncomponents:\n  linstor-satellite: {image: piraeus-server, tag: v1.31.0}\n` };
    const two = lockDocuments(docsOf(data), {}, { version: 1, images: { [`${Q}/piraeus-server`]: D(1) } });
    expect(two.data).toEqual({});
    expect(two.diagnostics.map((d) => d.code)).toContain('LOCK_AMBIGUOUS');
    expect(two.withoutDigest.filter((u) => u.reason === 'ambiguous').map((u) => u.component).sort())
      .toEqual(['linstor-controller', 'linstor-satellite']);
  });

  test('external controller without version: the satellite stays out of the copies', () => {
    const lock: DigestLock = { version: 1, images: { [`${Q}/piraeus-server:v1.32.3`]: D(1) } };
    const r = lockDocuments(defaultDocs(), { externalController: true }, lock);
    expect([...r.documents[0].components.keys()]).toEqual(['linstor-controller']);
    expect(r.withoutDigest.filter((u) => u.component === 'linstor-controller' || u.component === 'linstor-satellite'))
      .toEqual([expect.objectContaining({ component: 'linstor-satellite', reason: 'external-controller' })]);
    const resolver = new ImageResolver(docsOf({ ...defaultImageConfigData(), ...r.data }), { externalVersion: '1.33.0' });
    expect(resolver.resolve('').images.find((i) => i.name === 'linstor-satellite')!.image).toBe(`${Q}/piraeus-server:v1.33.0`);
  });

  test('external controller with a version: the satellite is locked at v<version>', () => {
    const lock: DigestLock = { version: 1, images: { [`${Q}/piraeus-server:v1.31.2`]: D(5), [`${Q}/piraeus-server:v1.32.3`]: D(1) } };
    const r = lockDocuments(defaultDocs(), { externalController: true, externalControllerVersion: '1.31.2' }, lock);
    const resolver = new ImageResolver(docsOf({ ...defaultImageConfigData(), ...r.data }), { externalVersion: '1.31.2' });
    const img = (name: string) => resolver.resolve('').images.find((i) => i.name === name)!.image;
    expect(img('linstor-satellite')).toBe(`${Q}/piraeus-server:v1.31.2@${D(5)}`);
    expect(img('linstor-controller')).toBe(`${Q}/piraeus-server:v1.32.3@${D(1)}`);
    expect(r.unused).toEqual([]);
    // The copy restates the pinned version; the resolver's shadowing warning names only lock keys.
    const shadowed = resolver.diagnostics().filter((d) => d.code === 'EXTERNAL_VERSION_SHADOWED');
    expect(shadowed.length).toBeGreaterThan(0);
    expect(shadowed.every((d) => isDigestLockKey(d.location.key!))).toBe(true);
    expect(isDigestLockKey('0_piraeus_datastore_images.yaml')).toBe(false);
    expect(isDigestLockKey('zzz-digest-lock-03-x.yaml')).toBe(true);
  });

  test('extra references (operator image, overrides) are locked and count as used', () => {
    const lock: DigestLock = { version: 1, images: { [OPERATOR]: D(8) } };
    const r = lockDocuments(defaultDocs(), { extraReferences: [OPERATOR, 'example.com/other:v1'] }, lock);
    expect(r.references).toEqual({ [OPERATOR]: `${OPERATOR}@${D(8)}`, 'example.com/other:v1': 'example.com/other:v1' });
    expect(r.unused).toEqual([]);
  });

  test('existing keys that sort late push the copies further back', () => {
    const data = { ...defaultImageConfigData(), 'zzzz.yaml': `base: ${Q}\ncomponents:\n  ktls-utils: {image: ktls-utils, tag: v9}\n` };
    const r = lockDocuments(docsOf(data), {}, { version: 1, images: { [`${Q}/ktls-utils:v9`]: D(1) } });
    const keys = Object.keys(r.data);
    expect(keys).toEqual(['zzzzz-digest-lock-00-zzzz.yaml']);
    expect(compareBytewise('zzzz.yaml', keys[0])).toBeLessThan(0);
  });

  test('the lock is never changed', () => {
    const lock: DigestLock = Object.freeze({ version: 1, images: Object.freeze({ [OPERATOR]: D(8) }) }) as DigestLock;
    expect(() => lockDocuments(defaultDocs(), {}, lock)).not.toThrow();
    expect(() => importLockLines(lock, `${Q}/x:v1@${D(1)}\n`, 'x')).not.toThrow();
  });
});
