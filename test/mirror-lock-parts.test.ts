/**
 * The pieces of the digest lock, each by a small table: key derivation, digest problems, line
 * import rows, the copies' keys, the digest policy, and the image-set plan that applies a lock.
 */
import { ErrorCodes } from '../src/errors';
import {
  collectImages, DigestLock, describeMissingDigests, digestRequiredError, isDigestLockKey, LockDiagnosticCodes,
  lockDocuments, lockKey, lookupDigest, missingDigestWarnings, parseLockLine, planImageSet,
} from '../src/mirror';
import { lockDigestProblem, referenceKey } from '../src/mirror/lock/format';
import { lineKey } from '../src/mirror/lock/import-lines';
import {
  DiagnosticCodes, ImageResolver, loadImageConfig, parseNormalizedReference,
} from '../src/resolver';
import { defaultImageConfigData } from './support/defaults';

const Q = 'quay.io/piraeusdatastore';
const OPERATOR = `${Q}/piraeus-operator:v2.10.4`;
const D = (n: number) => `sha256:${n.toString(16).padStart(64, '0')}`;

describe('key derivation', () => {
  test.each([
    ['nginx', 'docker.io/library/nginx'],
    ['nginx:1', 'docker.io/library/nginx:1'],
    ['quay.io/piraeusdatastore/piraeus-server:v1.32.3', 'quay.io/piraeusdatastore/piraeus-server:v1.32.3'],
    ['localhost:5000/p/x', 'localhost:5000/p/x'],
    ['mirror.example.com/a/b/c:v1', 'mirror.example.com/a/b/c:v1'],
  ])('lockKey(%j) = %j, as referenceKey of the parsed reference', (reference, key) => {
    expect(lockKey(reference)).toBe(key);
    expect(referenceKey(parseNormalizedReference(reference))).toBe(key);
  });

  test.each([
    [`nginx:1@${D(1)}`, ErrorCodes.INVALID_LOCK],
    ['a//b', ErrorCodes.INVALID_REFERENCE],
    ['Foo', ErrorCodes.INVALID_REFERENCE],
    ['', ErrorCodes.INVALID_REFERENCE],
  ])('lockKey(%j) throws %s', (reference, code) => {
    expect(() => lockKey(reference)).toThrow(expect.objectContaining({ code }));
  });

  const lock: DigestLock = { version: 1, images: { 'q.io/p/a:v1': D(1), 'q.io/p/b': D(2) } };
  test.each([
    ['q.io/p/a:v1', { key: 'q.io/p/a:v1', digest: D(1), repositoryOnly: false }],
    ['q.io/p/a:v2', undefined],
    ['q.io/p/b:v7', { key: 'q.io/p/b', digest: D(2), repositoryOnly: true }],
    ['q.io/p/b', { key: 'q.io/p/b', digest: D(2), repositoryOnly: true }],
    [`q.io/p/a:v1@${D(9)}`, undefined],
    ['not a reference', undefined],
  ])('lookupDigest(%j)', (reference, hit) => {
    expect(lookupDigest(lock, reference)).toEqual(hit);
  });

  test('an entry built in code without a value is no entry: the repository entry answers', () => {
    const partial = { version: 1, images: { 'q.io/p/b:v1': undefined as unknown as string, 'q.io/p/b': D(2) } } as DigestLock;
    expect(lookupDigest(partial, 'q.io/p/b:v1')).toEqual({ key: 'q.io/p/b', digest: D(2), repositoryOnly: true });
  });
});

describe('digest problems', () => {
  test.each([
    [D(1), undefined],
    [`sha256:${'A'.repeat(64)}`, /./],
    ['sha256:abc', /./],
    [`sha512:${'a'.repeat(128)}`, /only sha256 digests can be locked.*"sha512"/],
    ['', /./],
  ])('lockDigestProblem(%j)', (digest, problem) => {
    const found = lockDigestProblem(digest);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toMatch(problem);
  });
});

describe('line import rows', () => {
  const read = (line: string) => {
    const r = parseLockLine(line);
    if (r === undefined) return 'skip';
    return 'code' in r ? r.code : `${referenceKey(r.reference)} ${r.digest}`;
  };
  test.each([
    ['', 'skip'],
    ['   # a comment', 'skip'],
    [`${Q}/x:v1@${D(1)}`, `${Q}/x:v1 ${D(1)}`],
    [`${Q}/x:v1@${D(1)}\r`, `${Q}/x:v1 ${D(1)}`],
    [`${Q}/x:v1@${D(1)}  # trailing comment`, `${Q}/x:v1 ${D(1)}`],
    [`docker://${Q}/x@${D(2)}`, `${Q}/x ${D(2)}`],
    [`${D(3)} docker://mirror.example.com/x:v3`, `mirror.example.com/x:v3 ${D(3)}`],
    [`nginx:1@${D(4)}`, `docker.io/library/nginx:1 ${D(4)}`],
    [`${Q}/x:v1`, ErrorCodes.INVALID_LOCK],
    [`${Q}/x:v1@sha256:abc`, ErrorCodes.INVALID_DIGEST],
    [`${Q}/x:v1@${D(1)}@${D(2)}`, ErrorCodes.INVALID_LOCK],
    [`a b c@${D(1)}`, ErrorCodes.INVALID_LOCK],
    [`a//b@${D(1)}`, ErrorCodes.INVALID_LOCK],
  ])('parseLockLine(%j) -> %s', (line, expected) => {
    expect(read(line)).toBe(expected);
  });

  const tags = new Map([[`${Q}/one`, new Set(['v1'])], [`${Q}/two`, new Set(['v2', 'v1'])]]);
  test.each([
    [`${Q}/one:v9`, tags, `${Q}/one:v9`],
    [`${Q}/one`, tags, `${Q}/one:v1`],
    [`${Q}/unused`, tags, `${Q}/unused`],
    [`${Q}/two`, undefined, `${Q}/two`],
    [`${Q}/two`, tags, /is used with tags v1, v2/],
  ])('lineKey(%j)', (reference, used, expected) => {
    const key = lineKey(parseNormalizedReference(reference), used);
    if (typeof expected === 'string') expect(key).toBe(expected);
    else expect(typeof key !== 'string' && key.detail).toMatch(expected);
  });
});

describe('the copies\' keys', () => {
  test.each([
    ['zz-digest-lock-00-0_piraeus_datastore_images.yaml', undefined, true],
    ['zzz-digest-lock-03-x.yaml', undefined, true],
    ['0_piraeus_datastore_images.yaml', undefined, false],
    ['zz-digest-lock-x.yaml', undefined, false],
    ['zz-pinned-00-0_a.yaml', 'zz-pinned', true],
    ['zzz-pinned-01-0_a.yaml', 'zz-pinned', true],
    ['zz-digest-lock-00-0_a.yaml', 'zz-pinned', false],
    ['zz.lock-00-a', 'zz.lock', true],
    ['zzxlock-00-a', 'zz.lock', false],
  ])('isDigestLockKey(%j, %j) = %j', (key, prefix, expected) => {
    expect(isDigestLockKey(key, prefix)).toBe(expected);
  });

  test('a custom prefix: every key lockDocuments writes is recognized with that prefix', () => {
    const documents = loadImageConfig(defaultImageConfigData()).documents;
    const lock: DigestLock = { version: 1, images: { [`${Q}/drbd9-jammy:v9.2.16`]: D(1), 'registry.k8s.io/sig-storage/csi-attacher:v4.10.0': D(2) } };
    const r = lockDocuments(documents, { keyPrefix: 'zz-pinned' }, lock);
    expect(Object.keys(r.data).length).toBe(2);
    for (const key of Object.keys(r.data)) {
      expect(isDigestLockKey(key, 'zz-pinned')).toBe(true);
      expect(isDigestLockKey(key)).toBe(false);
    }
  });
});

describe('digest policy', () => {
  const resolver = new ImageResolver(loadImageConfig({ '0.yaml': 'base: q.io/p\ncomponents:\n  a: {image: a, tag: v1}\n' }).documents);
  const missing = collectImages(resolver, { operatorImage: 'q.io/p/op:v1' }).filter((i) => i.digest === '');

  test.each([
    [0, 'q.io/p/a:v1', { key: '0.yaml', component: 'a' }],
    [1, 'q.io/p/op:v1', { component: 'manager' }],
  ])('missingDigestWarnings row %i names %s at its first source', (i, reference, location) => {
    const w = missingDigestWarnings(missing)[i];
    expect(w).toEqual({
      code: LockDiagnosticCodes.DIGEST_MISSING, severity: 'warning', location,
      message: `the lock has no digest for ${reference}; add it with \`cdk8s-piraeus lock import\`.`,
    });
  });

  test('an image built in code without sources is still placed, at its component', () => {
    const w = missingDigestWarnings([{ ...missing[0], sources: [] }]);
    expect(w.map((d) => d.location)).toEqual([{ component: 'a' }]);
  });

  test.each([
    [[], undefined],
    [missing, '2 image(s) have no digest: q.io/p/a:v1 (a/a); q.io/p/op:v1 (manager, gencert). Add them'],
  ])('digestRequiredError over %#', (images, start) => {
    const e = digestRequiredError(images, 'Chart/op');
    if (start === undefined) return expect(e).toBeUndefined();
    expect(e!.code).toBe(ErrorCodes.DIGEST_REQUIRED);
    expect(e!.detail).toBe(describeMissingDigests(images));
    expect(e!.detail.startsWith(start)).toBe(true);
  });
});

describe('planImageSet: one plan for constructs and CLI', () => {
  const config = () => loadImageConfig(defaultImageConfigData());
  const lock: DigestLock = { version: 1, images: { [`${Q}/piraeus-server:v1.31.2`]: D(5), [OPERATOR]: D(8), 'foo.io/bar:v1': D(3) } };

  test('the lock copies restate the external version without a shadowing warning; the original documents still get one', () => {
    const shadowing = { ...defaultImageConfigData(), '1_x.yaml': `base: ${Q}\ncomponents:\n  linstor-satellite: {image: piraeus-server, tag: v1.30.0}\n` };
    const planned = planImageSet({
      config: loadImageConfig(shadowing), operatorImage: OPERATOR, externalController: true, externalControllerVersion: '1.31.2',
      lock: { lock }, where: 'test',
    });
    const shadowed = planned.plan.diagnostics.filter((d) => d.code === DiagnosticCodes.EXTERNAL_VERSION_SHADOWED).map((d) => d.location.key);
    expect(shadowed).toEqual(['1_x.yaml']);
    expect(Object.keys(planned.lockData).length).toBeGreaterThan(0);
  });

  test.each([
    ['overrides', { overrides: [{ component: 'linstor-satellite', image: 'foo.io/bar:v1' }] }],
    ['environment', { env: { 'RELATED_IMAGE_linstor-satellite_piraeus-server': 'foo.io/bar:v1', 'OTHER': 'foo.io/bar:v1' }, pin: false }],
  ])('the %s images are locked like the operator image', (_, extra) => {
    const planned = planImageSet({ config: config(), operatorImage: OPERATOR, lock: { lock, source: 'l.json' }, ...extra });
    expect(planned.operatorImage).toBe(`${OPERATOR}@${D(8)}`);
    expect(planned.plan.resolver.resolve('').images.find((i) => i.name === 'linstor-satellite')!.image).toBe(`foo.io/bar:v1@${D(3)}`);
    expect(planned.lockDiagnostics.map((d) => [d.code, d.location.path])).toEqual([[LockDiagnosticCodes.LOCK_UNUSED, `${Q}/piraeus-server:v1.31.2`]]);
    expect(planned.plan.diagnostics.slice(-planned.lockDiagnostics.length)).toEqual(planned.lockDiagnostics);
  });

  test('the lock\'s warnings without a place of their own name where the lock came from', () => {
    const ambiguous: DigestLock = { version: 1, images: { [`${Q}/piraeus-server`]: D(1) } };
    const data = { ...defaultImageConfigData(), '1_x.yaml': `base: ${Q}\ncomponents:\n  linstor-satellite: {image: piraeus-server, tag: v1.31.0}\n` };
    const planned = planImageSet({ config: loadImageConfig(data), operatorImage: OPERATOR, lock: { lock: ambiguous, source: 'l.json' } });
    expect(planned.lockDiagnostics.map((d) => [d.code, d.location.key, d.location.path])).toEqual([
      [LockDiagnosticCodes.LOCK_AMBIGUOUS, '0_piraeus_datastore_images.yaml', 'l.json'],
      [LockDiagnosticCodes.LOCK_UNUSED, undefined, `${Q}/piraeus-server`],
    ]);
  });

  test('without a lock: the plan of the configuration, nothing added', () => {
    const planned = planImageSet({ config: config(), operatorImage: OPERATOR });
    expect(planned.lockData).toEqual({});
    expect(planned.lockDiagnostics).toEqual([]);
    expect(planned.operatorImage).toBe(OPERATOR);
    expect(planned.plan.env.length).toBeGreaterThan(0);
  });
});
