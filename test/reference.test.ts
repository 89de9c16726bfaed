import { ErrorCodes, PiraeusError } from '../src/errors';
import {
  correctedRepositoryPrefix,
  formatReference,
  ImageReference,
  parseNormalizedReference,
  parseReference,
  validateDigest,
  validateReference,
  validateRepositoryPrefix,
  validateTag,
} from '../src/resolver/reference';

const HEX64 = '0123456789abcdef'.repeat(4);
const HEX96 = '0123456789abcdef'.repeat(6);
const HEX128 = '0123456789abcdef'.repeat(8);
const F64 = 'f'.repeat(64);

type Parsed = ImageReference | 'ERR';

function ref(domain: string, path: string, tag = '', digest = ''): ImageReference {
  return { domain, path, tag, digest };
}

function attempt(fn: (s: string) => ImageReference, input: string): Parsed {
  try {
    return fn(input);
  } catch (e) {
    if (e instanceof PiraeusError) return 'ERR';
    throw e;
  }
}

// 255-character names: "a/" * 127 + "a" (domain "a") and a 255-character single component.
const NAME255 = 'a/'.repeat(127) + 'a';
const NAME257 = 'a/'.repeat(128) + 'a';
const LONG_COMPONENT_255 = 'a'.repeat(255);
const LONG_COMPONENT_256 = 'a'.repeat(256);
const TAG128 = 't'.repeat(128);
const TAG129 = 't'.repeat(129);

describe('parseNormalizedReference (Go ParseNormalizedNamed)', () => {
  const cases: { input: string; expected: Parsed }[] = [
    // distribution/reference (Go) behaviour
    { input: 'localhost:5000/a/b:tag', expected: ref('localhost:5000', 'a/b', 'tag') },
    { input: 'a:5000', expected: ref('docker.io', 'library/a', '5000') },
    { input: 'UPPER/case', expected: ref('UPPER', 'case') },
    { input: 'img@sha256:short', expected: 'ERR' },
    { input: `img:tag@sha256:${HEX64}`, expected: ref('docker.io', 'library/img', 'tag', `sha256:${HEX64}`) },
    { input: `img:${TAG129}`, expected: 'ERR' },
    { input: 'Img', expected: 'ERR' },
    { input: `img@sha256:${HEX64.toUpperCase()}`, expected: 'ERR' },
    { input: '[::1]:5000/img:tag', expected: ref('[::1]:5000', 'img', 'tag') },
    { input: 'my_registry:5000/img', expected: 'ERR' },
    { input: 'a..b', expected: 'ERR' },
    { input: HEX64, expected: 'ERR' },
    // normalization
    { input: 'nginx', expected: ref('docker.io', 'library/nginx') },
    { input: 'nginx:1.25', expected: ref('docker.io', 'library/nginx', '1.25') },
    {
      input: `docker.io/library/nginx:1.25@sha256:${HEX64}`,
      expected: ref('docker.io', 'library/nginx', '1.25', `sha256:${HEX64}`),
    },
    { input: 'docker.io/nginx', expected: ref('docker.io', 'library/nginx') },
    { input: 'index.docker.io/nginx', expected: ref('docker.io', 'library/nginx') },
    { input: 'index.docker.io/foo/bar', expected: ref('docker.io', 'foo/bar') },
    { input: 'foo/bar', expected: ref('docker.io', 'foo/bar') },
    { input: 'localhost/foo', expected: ref('localhost', 'foo') },
    { input: 'localhost', expected: ref('docker.io', 'library/localhost') },
    { input: 'example.com', expected: ref('docker.io', 'library/example.com') },
    { input: 'quay.io/piraeusdatastore/piraeus-server:v1.24.2', expected: ref('quay.io', 'piraeusdatastore/piraeus-server', 'v1.24.2') },
    { input: 'registry.k8s.io/sig-storage/csi-attacher:v4.8.1', expected: ref('registry.k8s.io', 'sig-storage/csi-attacher', 'v4.8.1') },
    { input: '[2001:db8::1]:5000/repo', expected: ref('[2001:db8::1]:5000', 'repo') },
    { input: '[2001:db8::1]/repo:tag', expected: ref('[2001:db8::1]', 'repo', 'tag') },
    { input: 'foo/Bar', expected: 'ERR' },
    { input: `${HEX64}:tag`, expected: ref('docker.io', `library/${HEX64}`, 'tag') },
    { input: `foo/${HEX64}`, expected: ref('docker.io', `foo/${HEX64}`) },
    { input: '', expected: 'ERR' },
    // a first element with "." that is no valid domain: the path grammar takes the whole name (domain "")
    { input: 'a.b_c/d', expected: ref('', 'a.b_c/d') },
    // the whole normalized name counts towards 255 characters
    { input: 'a'.repeat(237), expected: ref('docker.io', `library/${'a'.repeat(237)}`) },
    { input: 'a'.repeat(238), expected: 'ERR' },
    { input: `img@SHA256:${HEX64}`, expected: 'ERR' },
  ];
  test.each(cases)('$input', ({ input, expected }) => {
    expect(attempt(parseNormalizedReference, input)).toEqual(expected);
  });
});

describe('parseReference (Go reference.Parse)', () => {
  const cases: { input: string; expected: Parsed }[] = [
    { input: 'a:5000', expected: ref('', 'a', '5000') },
    { input: 'UPPER/case', expected: ref('UPPER', 'case') },
    { input: 'Img', expected: 'ERR' },
    { input: 'img@sha256:short', expected: 'ERR' },
    { input: `img@sha256:${HEX64.toUpperCase()}`, expected: 'ERR' },
    { input: `img:tag@sha256:${HEX64}`, expected: ref('', 'img', 'tag', `sha256:${HEX64}`) },
    { input: 'my_registry:5000/img', expected: 'ERR' },
    { input: 'a..b', expected: 'ERR' },
    { input: HEX64, expected: ref('', HEX64) },
    { input: '', expected: 'ERR' },
    // distribution/reference reference_test.go
    { input: 'test_com', expected: ref('', 'test_com') },
    { input: 'test.com:tag', expected: ref('', 'test.com', 'tag') },
    { input: 'test.com:5000', expected: ref('', 'test.com', '5000') },
    { input: 'test.com/repo:tag', expected: ref('test.com', 'repo', 'tag') },
    { input: 'test:5000/repo', expected: ref('test:5000', 'repo') },
    { input: `test:5000/repo:tag@sha256:${F64}`, expected: ref('test:5000', 'repo', 'tag', `sha256:${F64}`) },
    { input: ':justtag', expected: 'ERR' },
    { input: `@sha256:${F64}`, expected: 'ERR' },
    { input: `repo@sha256:${'f'.repeat(34)}`, expected: 'ERR' },
    { input: `validname@invaliddigest:${F64}`, expected: 'ERR' },
    { input: 'Uppercase:tag', expected: 'ERR' },
    { input: 'test:5000/Uppercase/lowercase:tag', expected: 'ERR' },
    { input: 'lowercase:Uppercase', expected: ref('', 'lowercase', 'Uppercase') },
    { input: 'aa/asdf$$^/aa', expected: 'ERR' },
    { input: 'foo_bar.com:8080', expected: ref('', 'foo_bar.com', '8080') },
    { input: 'foo/foo_bar.com:8080', expected: ref('foo', 'foo_bar.com', '8080') },
    { input: '192.168.1.1', expected: ref('', '192.168.1.1') },
    { input: '192.168.1.1:5000/repo:5050', expected: ref('192.168.1.1:5000', 'repo', '5050') },
    { input: 'xn--n3h.com/myimage:xn--n3h.com', expected: ref('xn--n3h.com', 'myimage', 'xn--n3h.com') },
    { input: 'b.gcr.io/test.example.com/my-app:test.example.com', expected: ref('b.gcr.io', 'test.example.com/my-app', 'test.example.com') },
    // IPv6
    { input: '[2001:db8::1]', expected: 'ERR' },
    { input: '[2001:db8::1]:5000', expected: 'ERR' },
    { input: '[2001:db8::1]:tag', expected: 'ERR' },
    { input: '[2001:db8::1]/repo', expected: ref('[2001:db8::1]', 'repo') },
    { input: '[2001:db8:1:2:3:4:5:6]/repo:tag', expected: ref('[2001:db8:1:2:3:4:5:6]', 'repo', 'tag') },
    { input: '[::1]:5000/repo', expected: ref('[::1]:5000', 'repo') },
    { input: '[fe80::1%eth0]:5000/repo', expected: 'ERR' },
    { input: '[::ffff:1.2.3.4]/repo', expected: 'ERR' },
    { input: '[]/repo', expected: 'ERR' },
    // ports
    { input: 'host:5000/img', expected: ref('host:5000', 'img') },
    { input: 'host:/img', expected: 'ERR' },
    { input: 'host:50a/img', expected: 'ERR' },
    { input: 'host:5000:6000/img', expected: 'ERR' },
    // domain components
    { input: '-host.com/img', expected: 'ERR' },
    { input: 'host-.com/img', expected: 'ERR' },
    { input: 'a.-b/img', expected: 'ERR' },
    { input: 'My-Registry.Example.COM/img', expected: ref('My-Registry.Example.COM', 'img') },
    // separators
    { input: 'a__b', expected: ref('', 'a__b') },
    { input: 'a___b', expected: 'ERR' },
    { input: 'a---b', expected: ref('', 'a---b') },
    { input: 'a_.b', expected: 'ERR' },
    { input: 'a-', expected: 'ERR' },
    { input: '_a', expected: 'ERR' },
    { input: 'a//b', expected: 'ERR' },
    { input: 'a/', expected: 'ERR' },
    { input: '/a', expected: 'ERR' },
    // tags
    { input: `img:${TAG128}`, expected: ref('', 'img', TAG128) },
    { input: `img:${TAG129}`, expected: 'ERR' },
    { input: 'img:_x', expected: ref('', 'img', '_x') },
    { input: 'img:.x', expected: 'ERR' },
    { input: 'img:-x', expected: 'ERR' },
    { input: 'img:', expected: 'ERR' },
    { input: 'img:a:b', expected: 'ERR' },
    // names of 255 vs 256+ characters
    { input: `${NAME255}:tag`, expected: ref('a', NAME255.slice(2), 'tag') },
    { input: `${NAME257}:tag`, expected: 'ERR' },
    { input: LONG_COMPONENT_255, expected: ref('', LONG_COMPONENT_255) },
    { input: LONG_COMPONENT_256, expected: 'ERR' },
    // digests
    { input: `img@sha384:${HEX96}`, expected: ref('', 'img', '', `sha384:${HEX96}`) },
    { input: `img@sha512:${HEX128}`, expected: ref('', 'img', '', `sha512:${HEX128}`) },
    { input: `img@sha384:${HEX64}`, expected: 'ERR' },
    { input: `img@sha512:${HEX96}`, expected: 'ERR' },
    { input: `img@sha256:${HEX64}0`, expected: 'ERR' },
    { input: `img@md5:${'a'.repeat(32)}`, expected: 'ERR' },
    { input: `img@sha256:${HEX64}@x`, expected: 'ERR' },
  ];
  test.each(cases)('$input', ({ input, expected }) => {
    expect(attempt(parseReference, input)).toEqual(expected);
  });

  test('hostile input is rejected (linear-time matching)', () => {
    const hostile = 'a'.repeat(100000) + '!';
    expect(attempt(parseReference, hostile)).toBe('ERR');
    expect(attempt(parseNormalizedReference, hostile)).toBe('ERR');
    expect(validateReference(hostile)).toContain('"!"');
    expect(validateRepositoryPrefix(hostile)).toBeDefined();
  });
});

describe('error codes and messages', () => {
  const cases: { input: string; normalized?: boolean; code: string; message: string }[] = [
    { input: 'Img', code: ErrorCodes.INVALID_REFERENCE, message: 'upper-case letters are not allowed in a repository path' },
    { input: 'Img', normalized: true, code: ErrorCodes.INVALID_REFERENCE, message: 'upper-case letters are not allowed in a repository path' },
    { input: 'quay.io/Piraeus/x', code: ErrorCodes.INVALID_REFERENCE, message: 'upper-case letters are not allowed in a repository path' },
    { input: `img:${TAG129}`, code: ErrorCodes.INVALID_REFERENCE, message: 'tag longer than 128 characters (got 129)' },
    { input: `${NAME257}:tag`, code: ErrorCodes.INVALID_REFERENCE, message: 'name longer than 255 characters (got 257)' },
    { input: LONG_COMPONENT_256, code: ErrorCodes.INVALID_REFERENCE, message: 'name longer than 255 characters' },
    { input: 'a'.repeat(238), normalized: true, code: ErrorCodes.INVALID_REFERENCE, message: 'after normalization' },
    { input: 'a//b', code: ErrorCodes.INVALID_REFERENCE, message: 'empty path component' },
    { input: 'a..b', code: ErrorCodes.INVALID_REFERENCE, message: 'separator ".."' },
    { input: 'a-', code: ErrorCodes.INVALID_REFERENCE, message: 'must end with a lower-case letter or digit' },
    { input: 'my_registry:5000/img', normalized: true, code: ErrorCodes.INVALID_REFERENCE, message: 'domain component "my_registry"' },
    { input: 'host:50a/img', code: ErrorCodes.INVALID_REFERENCE, message: 'port "50a"' },
    { input: 'img:', code: ErrorCodes.INVALID_REFERENCE, message: 'empty tag' },
    { input: 'img:.x', code: ErrorCodes.INVALID_REFERENCE, message: 'must start with a letter, digit or "_"' },
    { input: ':v1', code: ErrorCodes.INVALID_REFERENCE, message: 'missing repository name' },
    { input: ':v1', normalized: true, code: ErrorCodes.INVALID_REFERENCE, message: 'missing repository name' },
    { input: HEX64, normalized: true, code: ErrorCodes.INVALID_REFERENCE, message: 'image ID' },
    { input: '', code: ErrorCodes.INVALID_REFERENCE, message: 'empty reference' },
    { input: 'img@sha256:abcd', code: ErrorCodes.INVALID_DIGEST, message: 'sha256 digest must have 64 lower-case hex characters, got 4' },
    { input: `img@sha256:${HEX64.toUpperCase()}`, code: ErrorCodes.INVALID_DIGEST, message: 'upper-case hex' },
    { input: `img@sha256:${HEX64.toUpperCase()}`, normalized: true, code: ErrorCodes.INVALID_DIGEST, message: 'upper-case hex' },
    { input: `img@SHA256:${HEX64}`, normalized: true, code: ErrorCodes.INVALID_DIGEST, message: 'must be lower-case' },
    { input: `img@md5:${'a'.repeat(32)}`, code: ErrorCodes.INVALID_DIGEST, message: 'unsupported digest algorithm "md5"' },
    { input: 'img@', code: ErrorCodes.INVALID_DIGEST, message: 'empty digest' },
  ];
  test.each(cases)('$input -> $code: $message', ({ input, normalized, code, message }) => {
    const parse = normalized ? parseNormalizedReference : parseReference;
    let caught: unknown;
    try {
      parse(input);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(PiraeusError);
    const err = caught as PiraeusError;
    expect(err.code).toBe(code);
    expect(err.message).toContain(message);
  });
});

describe('validateDigest', () => {
  const cases: { input: string; expected: string | undefined }[] = [
    { input: `sha256:${HEX64}`, expected: undefined },
    { input: `sha384:${HEX96}`, expected: undefined },
    { input: `sha512:${HEX128}`, expected: undefined },
    { input: 'sha256:abcd', expected: 'sha256 digest must have 64 lower-case hex characters, got 4' },
    { input: `sha384:${HEX64}`, expected: 'sha384 digest must have 96 lower-case hex characters, got 64' },
    { input: `sha512:${HEX96}`, expected: 'sha512 digest must have 128 lower-case hex characters, got 96' },
    { input: `sha256:${HEX64.toUpperCase()}`, expected: 'upper-case hex' },
    { input: `sha256:${'g'.repeat(64)}`, expected: '"g" is not a hex character' },
    { input: `md5:${'a'.repeat(32)}`, expected: 'unsupported digest algorithm "md5"' },
    { input: `sha256+b64:${'a'.repeat(32)}`, expected: 'unsupported digest algorithm' },
    { input: `md5:${'a'.repeat(31)}`, expected: 'at least 32 hex characters' },
    { input: `SHA256:${HEX64}`, expected: 'must be lower-case' },
    { input: `sha256..x:${HEX64}`, expected: 'is malformed' },
    { input: HEX64, expected: 'has no ":"' },
    { input: `:${HEX64}`, expected: 'no algorithm' },
    { input: 'sha256:', expected: 'got 0' },
    { input: '', expected: 'empty digest' },
  ];
  test.each(cases)('$input', ({ input, expected }) => {
    const reason = validateDigest(input);
    if (expected === undefined) expect(reason).toBeUndefined();
    else expect(reason).toContain(expected);
  });
});

describe('validateReference', () => {
  test.each([
    { input: 'quay.io/piraeusdatastore/piraeus-server:v1.24.2', valid: true },
    { input: `quay.io/piraeusdatastore/piraeus-server:v1.24.2@sha256:${HEX64}`, valid: true },
    { input: 'a:5000', valid: true },
    { input: 'Img', valid: false },
    { input: 'img@sha256:short', valid: false },
  ])('$input -> $valid', ({ input, valid }) => {
    expect(validateReference(input) === undefined).toBe(valid);
  });
});

describe('validateTag', () => {
  test.each([
    { tag: 'v1.24.2', reason: undefined },
    { tag: 'latest', reason: undefined },
    { tag: '_x', reason: undefined },
    { tag: '1.10', reason: undefined },
    { tag: 'v1_2-3.4', reason: undefined },
    { tag: 'a'.repeat(128), reason: undefined },
    { tag: '', reason: /^empty tag$/ },
    { tag: 'a'.repeat(129), reason: /^tag longer than 128 characters \(got 129\)$/ },
    { tag: '.v1', reason: /must start with a letter, digit or "_"/ },
    { tag: '-v1', reason: /must start with a letter, digit or "_"/ },
    { tag: 'v1 2', reason: /character " " is not allowed in a tag/ },
    { tag: 'v1:2', reason: /character ":" is not allowed in a tag/ },
    { tag: 'v1/2', reason: /character "\/" is not allowed in a tag/ },
    // Valid inside a reference ("x/y:v1@sha256:..."), but not a tag.
    { tag: `v1@sha256:${HEX64}`, reason: /character "@" is not allowed in a tag/ },
    { tag: 'v\u00e9', reason: /is not allowed in a tag/ },
  ])('$tag', ({ tag, reason }) => {
    const got = validateTag(tag);
    if (reason === undefined) expect(got).toBeUndefined();
    else expect(got).toMatch(reason);
  });
});

describe('validateRepositoryPrefix', () => {
  const cases: { input: string; expected: string | undefined }[] = [
    { input: 'registry.example.com:5000/piraeus', expected: undefined },
    { input: 'quay.io/piraeusdatastore', expected: undefined },
    { input: 'registry.example.com', expected: undefined },
    { input: 'registry.example.com:5000', expected: undefined },
    { input: 'localhost:5000', expected: undefined },
    { input: '[::1]:5000/mirror', expected: undefined },
    { input: 'piraeusdatastore', expected: undefined },
    { input: 'a/b/c', expected: undefined },
    { input: 'MyRegistry/piraeus', expected: undefined },
    { input: '', expected: 'empty repository prefix' },
    { input: 'quay.io/piraeusdatastore/', expected: 'must not end with "/"' },
    { input: 'quay.io/piraeusdatastore:v1', expected: 'must not contain a tag' },
    { input: `quay.io/piraeusdatastore@sha256:${HEX64}`, expected: 'must not contain a digest' },
    { input: 'quay.io/Piraeus', expected: 'upper-case letters are not allowed' },
    { input: 'my_registry:5000/x', expected: 'domain component "my_registry"' },
    { input: 'quay..io/x', expected: 'empty domain component' },
    { input: 'a//b', expected: 'empty path component' },
    { input: 'reg.io/' + 'a'.repeat(250), expected: 'name longer than 255 characters' },
    {
      input: 'https://registry.example.com/piraeus',
      expected: 'repository prefix "https://registry.example.com/piraeus" starts with the scheme "https://": a repository is '
        + 'a registry host and path without a scheme; use "registry.example.com/piraeus"',
    },
    { input: 'oci://registry.example.com:5000/p/', expected: 'starts with the scheme "oci://": a repository is a registry host and path without a scheme; use "registry.example.com:5000/p"' },
    { input: 'https://Registry.example.com/Piraeus', expected: 'without a scheme' }, // no use "...": stripping does not fix it
    { input: 'quay.io/piraeusdatastore//', expected: 'must not end with "/"; use "quay.io/piraeusdatastore"' },
  ];
  test.each(cases)('$input', ({ input, expected }) => {
    const reason = validateRepositoryPrefix(input);
    if (expected === undefined) expect(reason).toBeUndefined();
    else expect(reason).toContain(expected);
  });

  test('a value that stripping the scheme does not fix gets no suggestion', () => {
    expect(validateRepositoryPrefix('https://Registry.example.com/Piraeus')).not.toContain('; use');
  });
});

describe('correctedRepositoryPrefix', () => {
  test.each([
    { input: 'https://registry.example.com/piraeus', expected: 'registry.example.com/piraeus' },
    { input: 'HTTP://registry.example.com/piraeus/', expected: 'registry.example.com/piraeus' },
    { input: 'registry.example.com/piraeus/', expected: 'registry.example.com/piraeus' },
    { input: 'registry.example.com/piraeus', expected: undefined }, // already valid
    { input: 'https://', expected: undefined },
    { input: 'https://reg.io/x:v1', expected: undefined }, // still a tag
  ])('$input -> $expected', ({ input, expected }) => {
    expect(correctedRepositoryPrefix(input)).toBe(expected);
  });
});

describe('formatReference', () => {
  test.each([
    { input: ref('', 'img'), expected: 'img' },
    { input: ref('docker.io', 'library/nginx', '1.25'), expected: 'docker.io/library/nginx:1.25' },
    { input: ref('q.io', 'a/b', 't', `sha256:${HEX64}`), expected: `q.io/a/b:t@sha256:${HEX64}` },
    { input: ref('[::1]:5000', 'img', '', `sha256:${HEX64}`), expected: `[::1]:5000/img@sha256:${HEX64}` },
  ])('$expected', ({ input, expected }) => {
    expect(formatReference(input)).toBe(expected);
  });

  test.each([
    'quay.io/piraeusdatastore/piraeus-server:v1.24.2',
    `localhost:5000/a/b:tag@sha256:${HEX64}`,
    'foo/foo_bar.com:8080',
    '[2001:db8::1]:5000/repo:tag',
  ])('round trip %s', (input) => {
    expect(formatReference(parseReference(input))).toBe(input);
  });
});
