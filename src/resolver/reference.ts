/**
 * The strict container image reference grammar of `github.com/distribution/reference`
 * (`regexp.go`, `reference.go`, `normalize.go`) plus the digest checks of
 * `github.com/opencontainers/go-digest`, compiled with re2js so that matching is linear-time on
 * hostile input.
 *
 * Use it to validate what users type (`spec.repository`, override images, mirror targets). Never
 * use it where the operator uses kustomize's `Split`: the two disagree on purpose (see
 * `./kustomize`).
 *
 * Verdicts (valid or not) follow Go exactly; error messages are more precise than Go's
 * ("invalid reference format") and name the offending part.
 */
import type { RE2JS } from 're2js';
import { ErrorCodes, PiraeusError } from '../errors';
import { re2js } from './on-demand';

/** A parsed reference. Absent parts are `""`. */
export interface ImageReference {
  /** Registry host with optional port (`quay.io`, `localhost:5000`, `[::1]:5000`); may be `""`. */
  readonly domain: string;
  /** Repository path without the domain (`piraeusdatastore/piraeus-server`). */
  readonly path: string;
  /** Tag, without the `:`. */
  readonly tag: string;
  /** Digest `algorithm:hex`, without the `@`. */
  readonly digest: string;
}

// ---------------------------------------------------------------------------------------------
// Grammar (regexp.go)
// ---------------------------------------------------------------------------------------------

const ALPHANUMERIC = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|[-]+)';
const DOMAIN_NAME_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const OPTIONAL_PORT = '(?::[0-9]+)?';
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][[:xdigit:]]{32,}';
const IPV6_ADDRESS = '\\[(?:[a-fA-F0-9:]+)\\]';
const DOMAIN_NAME = `${DOMAIN_NAME_COMPONENT}(?:\\.${DOMAIN_NAME_COMPONENT})*`;
const HOST = `(?:${DOMAIN_NAME}|${IPV6_ADDRESS})`;
const DOMAIN_AND_PORT = HOST + OPTIONAL_PORT;
const PATH_COMPONENT = `${ALPHANUMERIC}(?:${SEPARATOR}${ALPHANUMERIC})*`;
const REMOTE_NAME = `${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const NAME = `(?:${DOMAIN_AND_PORT}/)?${REMOTE_NAME}`;

/** Inputs up to this length are matched by V8's own engine; longer ones by re2js. */
const MAX_BACKTRACKING_INPUT = 1024;

/**
 * One pattern of the grammar, matched whole. re2js costs milliseconds per pattern to compile and
 * to warm up, which a cold synthesis pays for every image it validates; V8's engine starts in
 * microseconds. These patterns have no ambiguous nested repetition (separators and name
 * characters are disjoint, labels end on a fixed character class), so backtracking stays linear
 * in practice, and bounding its input to MAX_BACKTRACKING_INPUT makes that a guarantee; longer
 * input (no valid reference is that long) goes through re2js, linear by construction. Both give
 * the same verdict and groups: the patterns are ASCII-only and both engines pick the leftmost-first
 * match.
 */
export class GrammarPattern {
  private readonly native: RegExp;
  private linear: RE2JS | undefined;

  public constructor(private readonly source: string) {
    // `[[:xdigit:]]` is RE2's POSIX class; V8 spells it out.
    this.native = new RegExp(source.replace(/\[\[:xdigit:\]\]/g, '[0-9A-Fa-f]'));
  }

  /** Whether the whole input matches. */
  public matches(input: string): boolean {
    return this.groups(input) !== undefined;
  }

  /** The capture groups (index 0: the whole match; unmatched groups ''), or undefined. */
  public groups(input: string): string[] | undefined {
    return input.length <= MAX_BACKTRACKING_INPUT ? this.groupsByV8(input) : this.groupsByRe2js(input);
  }

  /** `groups` by V8's engine, whatever the length. */
  public groupsByV8(input: string): string[] | undefined {
    const m = this.native.exec(input);
    return m === null ? undefined : Array.from(m, (g) => g ?? '');
  }

  /** `groups` by re2js, whatever the length. */
  public groupsByRe2js(input: string): string[] | undefined {
    this.linear ??= re2js().compile(this.source);
    const m = this.linear.matcher(input);
    if (!m.matches()) return undefined;
    return Array.from({ length: m.groupCount() + 1 }, (_, i) => m.group(i) ?? '');
  }
}

/** A grammar pattern anchored at both ends. */
function whole(source: string): GrammarPattern {
  return new GrammarPattern(`^(?:${source})$`);
}

/** `referenceRegexp`: groups 1 name, 2 tag, 3 digest. */
const REFERENCE_RE = whole(`(${NAME})(?::(${TAG}))?(?:@(${DIGEST}))?`);
/** `anchoredNameRegexp`: groups 1 domain, 2 path. */
const ANCHORED_NAME_RE = whole(`(?:(${DOMAIN_AND_PORT})/)?(${REMOTE_NAME})`);
/** `anchoredIdentifierRegexp`: a bare image ID. */
const IDENTIFIER_RE = whole('[a-f0-9]{64}');

// Pieces used only to explain a failure.
const DOMAIN_AND_PORT_RE = whole(DOMAIN_AND_PORT);
const DOMAIN_LABEL_RE = whole(DOMAIN_NAME_COMPONENT);
const PATH_COMPONENT_RE = whole(PATH_COMPONENT);
const SEPARATOR_RE = whole(SEPARATOR);
const TAG_RE = whole(TAG);
/** go-digest `DigestRegexp` algorithm part. */
const ALGORITHM_RE = whole('[a-z0-9]+(?:[.+_-][a-z0-9]+)*');
const HEX_RE = whole('[a-fA-F0-9]{32,}');
const LOWER_HEX_RE = whole('[a-f0-9]*');

/** Every pattern of the grammar, by name (for the tests that hold the two engines to one answer). */
export const REFERENCE_GRAMMAR: Readonly<Record<string, GrammarPattern>> = {
  reference: REFERENCE_RE, anchoredName: ANCHORED_NAME_RE, identifier: IDENTIFIER_RE, domainAndPort: DOMAIN_AND_PORT_RE,
  domainLabel: DOMAIN_LABEL_RE, pathComponent: PATH_COMPONENT_RE, separator: SEPARATOR_RE, tag: TAG_RE,
  algorithm: ALGORITHM_RE, hex: HEX_RE, lowerHex: LOWER_HEX_RE,
};

/** `NameTotalLengthMax`. */
const NAME_TOTAL_LENGTH_MAX = 255;
/** Longest tag the grammar allows. */
const TAG_LENGTH_MAX = 128;

const DEFAULT_DOMAIN = 'docker.io';
const LEGACY_DEFAULT_DOMAIN = 'index.docker.io';
const OFFICIAL_REPO_PREFIX = 'library/';
const LOCALHOST = 'localhost';

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/** Quotes a piece of user input for a message, shortening hostile lengths. */
function q(s: string): string {
  const max = 80;
  const shown = s.length > max ? `${s.slice(0, max)}…` : s;
  return JSON.stringify(shown) + (s.length > max ? ` (${s.length} characters)` : '');
}

/** Describes one character, making control and space characters visible. */
function qc(ch: string): string {
  return JSON.stringify(ch);
}

class ReferenceProblem {
  public constructor(
    public readonly code: typeof ErrorCodes.INVALID_REFERENCE | typeof ErrorCodes.INVALID_DIGEST,
    public readonly reason: string,
  ) {}
}

function fail(problem: ReferenceProblem, ref: string): never {
  throw new PiraeusError(problem.code, `invalid image reference ${q(ref)}: ${problem.reason}`);
}

/** Expected hex length of the algorithms go-digest supports; undefined for others. */
function digestHexLength(algorithm: string): number | undefined {
  switch (algorithm) {
    case 'sha256':
      return 64;
    case 'sha384':
      return 96;
    case 'sha512':
      return 128;
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Digests
// ---------------------------------------------------------------------------------------------

/**
 * Validates a digest `algorithm:hex` like go-digest `Digest.Validate` (with the grammar of the
 * reference parser): the algorithm follows `[a-z0-9]+(?:[.+_-][a-z0-9]+)*`; sha256, sha384 and
 * sha512 need exactly 64, 96 and 128 lower-case hex characters; any other algorithm is
 * unsupported.
 *
 * @returns undefined when valid, otherwise the reason.
 */
export function validateDigest(digest: string): string | undefined {
  if (digest === '') return 'empty digest; expected algorithm:hex such as sha256:<64 hex characters>';
  const colon = digest.indexOf(':');
  if (colon < 0) {
    return `digest ${q(digest)} has no ":"; expected algorithm:hex such as sha256:<64 hex characters>`;
  }
  const algorithm = digest.slice(0, colon);
  const hex = digest.slice(colon + 1);
  if (algorithm === '') return `digest ${q(digest)} has no algorithm before ":"`;
  if (!ALGORITHM_RE.matches(algorithm)) {
    if (algorithm.toLowerCase() !== algorithm && ALGORITHM_RE.matches(algorithm.toLowerCase())) {
      return `digest algorithm ${q(algorithm)} must be lower-case`;
    }
    return `digest algorithm ${q(algorithm)} is malformed: expected lower-case letters and digits, optionally joined by single ".", "+", "_" or "-"`;
  }
  const expected = digestHexLength(algorithm);
  if (expected !== undefined) {
    if (hex.length !== expected) {
      return `${algorithm} digest must have ${expected} lower-case hex characters, got ${hex.length}`;
    }
    if (!LOWER_HEX_RE.matches(hex)) {
      const bad = [...hex].find((ch) => !/[a-f0-9]/.test(ch)) ?? '';
      if (/[A-F]/.test(bad)) {
        return `${algorithm} digest must have ${expected} lower-case hex characters; upper-case hex (${qc(bad)}) is not allowed`;
      }
      return `${algorithm} digest must have ${expected} lower-case hex characters; ${qc(bad)} is not a hex character`;
    }
    return undefined;
  }
  if (hex === '') return `digest ${q(digest)} has nothing after ":"`;
  if (!HEX_RE.matches(hex)) {
    return `digest ${q(digest)} is malformed: expected at least 32 hex characters after ":", got ${q(hex)}`;
  }
  return `unsupported digest algorithm ${q(algorithm)}; supported are sha256, sha384 and sha512`;
}

// ---------------------------------------------------------------------------------------------
// Explaining failures
// ---------------------------------------------------------------------------------------------

function domainReason(domain: string): string {
  let host = domain;
  let port: string | undefined;
  if (domain.startsWith('[')) {
    const close = domain.indexOf(']');
    if (close < 0) return `registry domain ${q(domain)} has an IPv6 address without closing "]"`;
    const inner = domain.slice(1, close);
    if (inner === '' || !/^[a-fA-F0-9:]+$/.test(inner)) {
      return `registry domain ${q(domain)}: an IPv6 address in [...] may contain only hex digits and ":" (no zone, no IPv4 part)`;
    }
    const rest = domain.slice(close + 1);
    if (rest === '') return `registry domain ${q(domain)} is invalid`;
    if (!rest.startsWith(':')) return `registry domain ${q(domain)}: only ":<port>" may follow the IPv6 address`;
    host = domain.slice(0, close + 1);
    port = rest.slice(1);
  } else {
    const colon = domain.indexOf(':');
    if (colon >= 0) {
      host = domain.slice(0, colon);
      port = domain.slice(colon + 1);
    }
  }
  if (port !== undefined && !/^[0-9]+$/.test(port)) {
    return `registry domain ${q(domain)}: port ${q(port)} must be a non-empty decimal number`;
  }
  if (!host.startsWith('[')) {
    for (const label of host.split('.')) {
      if (label === '') return `registry domain ${q(domain)} has an empty domain component`;
      if (!DOMAIN_LABEL_RE.matches(label)) {
        return `registry domain ${q(domain)}: domain component ${q(label)} may contain only letters, digits and "-", and must not start or end with "-"`;
      }
    }
  }
  return `registry domain ${q(domain)} is invalid`;
}

function pathComponentReason(component: string): string | undefined {
  if (component === '') return 'empty path component (leading, trailing or doubled "/")';
  if (PATH_COMPONENT_RE.matches(component)) return undefined;
  const upper = [...component].find((ch) => ch >= 'A' && ch <= 'Z');
  if (upper !== undefined) {
    return `upper-case letters are not allowed in a repository path (${qc(upper)} in path component ${q(component)})`;
  }
  const bad = [...component].find((ch) => !/[a-z0-9._-]/.test(ch));
  if (bad !== undefined) {
    return `character ${qc(bad)} is not allowed in a repository path (path component ${q(component)}); use lower-case letters, digits and separators ".", "_", "__", "-"`;
  }
  if (!/^[a-z0-9]/.test(component)) {
    return `path component ${q(component)} must start with a lower-case letter or digit`;
  }
  if (!/[a-z0-9]$/.test(component)) {
    return `path component ${q(component)} must end with a lower-case letter or digit`;
  }
  const runs = component.split(/[a-z0-9]+/).filter((r) => r !== '');
  const badRun = runs.find((r) => !SEPARATOR_RE.matches(r));
  if (badRun !== undefined) {
    return `path component ${q(component)} contains the separator ${q(badRun)}; only ".", "_", "__" or a run of "-" may join letters and digits`;
  }
  return `path component ${q(component)} is invalid`;
}

/**
 * Validates a tag on its own by the reference grammar: `[\w][\w.-]{0,127}` (letters, digits and
 * `_`, then also `.` and `-`; at most 128 characters).
 *
 * @returns undefined when valid, otherwise the reason.
 */
export function validateTag(tag: string): string | undefined {
  return tag === '' ? 'empty tag' : tagReason(tag);
}

function tagReason(tag: string): string | undefined {
  if (tag === '') return 'empty tag after ":"';
  if (TAG_RE.matches(tag)) return undefined;
  if (tag.length > TAG_LENGTH_MAX) return `tag longer than ${TAG_LENGTH_MAX} characters (got ${tag.length})`;
  if (!/^\w/.test(tag)) return `tag ${q(tag)} must start with a letter, digit or "_"`;
  const bad = [...tag].find((ch) => !/[\w.-]/.test(ch)) ?? '';
  return `character ${qc(bad)} is not allowed in a tag (tag ${q(tag)}); use letters, digits, "_", "." and "-"`;
}

/**
 * Explains why `ref` does not match the reference grammar. Walks the same structure as the
 * grammar: `name[:tag][@digest]`, name = `[domain/]path`.
 */
function explain(ref: string): ReferenceProblem {
  const invalid = (reason: string) => new ReferenceProblem(ErrorCodes.INVALID_REFERENCE, reason);
  if (ref === '') return invalid('empty reference: a repository name needs at least one component');

  const at = ref.indexOf('@');
  const beforeDigest = at < 0 ? ref : ref.slice(0, at);
  const digest = at < 0 ? undefined : ref.slice(at + 1);

  // A tag follows the first ":" after the last "/"; a ":" before that can only be a domain port.
  const lastSlash = beforeDigest.lastIndexOf('/');
  const colon = beforeDigest.indexOf(':', lastSlash + 1);
  const name = colon < 0 ? beforeDigest : beforeDigest.slice(0, colon);
  const tag = colon < 0 ? undefined : beforeDigest.slice(colon + 1);

  if (name === '') {
    return invalid(`missing repository name before ${q(ref.slice(0, 1))}`);
  }

  const components = name.split('/');
  let pathComponents = components;
  if (components.length > 1) {
    const first = components[0] ?? '';
    if (DOMAIN_AND_PORT_RE.matches(first)) {
      pathComponents = components.slice(1);
    } else if (first !== '' && !PATH_COMPONENT_RE.matches(first) && /[.:[\]A-Z]/.test(first)) {
      // Neither a domain nor a path component; with ".", ":", "[" or upper case it was meant as a
      // registry (that is also how the normalizing parser splits it).
      return invalid(domainReason(first));
    }
  }
  for (const component of pathComponents) {
    const reason = pathComponentReason(component);
    if (reason !== undefined) return invalid(reason);
  }
  if (name.length > NAME_TOTAL_LENGTH_MAX) {
    return invalid(`name longer than ${NAME_TOTAL_LENGTH_MAX} characters (got ${name.length})`);
  }
  if (tag !== undefined) {
    const reason = tagReason(tag);
    if (reason !== undefined) return invalid(reason);
  }
  if (digest !== undefined) {
    const reason = validateDigest(digest);
    if (reason !== undefined) return new ReferenceProblem(ErrorCodes.INVALID_DIGEST, reason);
  }
  return invalid('invalid reference format');
}

// ---------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------

function parseOrProblem(ref: string): ImageReference | ReferenceProblem {
  if (ref === '') return explain(ref);
  const m = REFERENCE_RE.groups(ref);
  if (m === undefined) return explain(ref);
  // Every group is there ('' when it did not take part).
  const [, name = '', tag = '', digest = ''] = m;

  // github.com/distribution/reference v0.6.0 limits the whole name (domain included).
  if (name.length > NAME_TOTAL_LENGTH_MAX) {
    return new ReferenceProblem(
      ErrorCodes.INVALID_REFERENCE,
      `name longer than ${NAME_TOTAL_LENGTH_MAX} characters (got ${name.length})`,
    );
  }

  let domain = '';
  let path = name;
  const nm = ANCHORED_NAME_RE.groups(name);
  if (nm !== undefined) {
    domain = nm[1] ?? '';
    path = nm[2] || name;
  }

  if (digest !== '') {
    const reason = validateDigest(digest);
    if (reason !== undefined) return new ReferenceProblem(ErrorCodes.INVALID_DIGEST, reason);
  }
  return { domain, path, tag, digest };
}

/**
 * Parses a reference like Go's `reference.Parse`: no normalization. `domain` is the first path
 * element when the anchored name grammar accepts it as `host[:port]` followed by `/`
 * (`foo/bar` has domain `foo`); otherwise `""`.
 *
 * @throws PiraeusError INVALID_REFERENCE, or INVALID_DIGEST when the digest is the problem.
 */
export function parseReference(ref: string): ImageReference {
  const r = parseOrProblem(ref);
  if (r instanceof ReferenceProblem) fail(r, ref);
  return r;
}

/** distribution/reference `splitDockerDomain` (current `strings.Cut` version). */
function splitDockerDomain(name: string): [string, string] {
  const slash = name.indexOf('/');
  if (slash < 0) return [DEFAULT_DOMAIN, OFFICIAL_REPO_PREFIX + name];
  const maybeDomain = name.slice(0, slash);
  const maybeRemote = name.slice(slash + 1);
  let domain: string;
  let remote: string;
  if (maybeDomain === LOCALHOST) {
    [domain, remote] = [maybeDomain, maybeRemote];
  } else if (maybeDomain === LEGACY_DEFAULT_DOMAIN) {
    [domain, remote] = [DEFAULT_DOMAIN, maybeRemote];
  } else if (maybeDomain.includes('.') || maybeDomain.includes(':')) {
    [domain, remote] = [maybeDomain, maybeRemote];
  } else if (maybeDomain.toLowerCase() !== maybeDomain) {
    // Upper-case namespaces are not allowed, so an upper-case first element is a domain.
    [domain, remote] = [maybeDomain, maybeRemote];
  } else {
    [domain, remote] = [DEFAULT_DOMAIN, name];
  }
  if (domain === DEFAULT_DOMAIN && !remote.includes('/')) remote = OFFICIAL_REPO_PREFIX + remote;
  return [domain, remote];
}

function parseNormalizedOrProblem(ref: string): ImageReference | ReferenceProblem {
  if (IDENTIFIER_RE.matches(ref)) {
    return new ReferenceProblem(
      ErrorCodes.INVALID_REFERENCE,
      'a bare 64-character hex string is an image ID, not a repository name',
    );
  }
  const [domain, remainder] = splitDockerDomain(ref);
  const tagSep = remainder.indexOf(':');
  const remote = tagSep < 0 ? remainder : remainder.slice(0, tagSep);
  if (remote.toLowerCase() !== remote) {
    const at = remote.indexOf('@');
    const repo = at < 0 ? remote : remote.slice(0, at);
    if (repo.toLowerCase() === repo) {
      // The upper case is in the digest algorithm (`img@SHA256:...`).
      const digestReason = validateDigest(remainder.slice(remainder.indexOf('@') + 1));
      return new ReferenceProblem(ErrorCodes.INVALID_DIGEST, digestReason ?? 'digest algorithm must be lower-case');
    }
    const upper = [...repo].find((ch) => ch.toLowerCase() !== ch) ?? '';
    return new ReferenceProblem(
      ErrorCodes.INVALID_REFERENCE,
      `upper-case letters are not allowed in a repository path (${qc(upper)} in ${q(repo)})`,
    );
  }
  const normalized = `${domain}/${remainder}`;
  const r = parseOrProblem(normalized);
  if (r instanceof ReferenceProblem && normalized !== ref) {
    // Explain in terms of what the user wrote when that is wrong too; otherwise the problem only
    // exists after normalization (e.g. the added `docker.io/library/` makes the name too long).
    const original = parseOrProblem(ref);
    if (original instanceof ReferenceProblem) return original;
    return new ReferenceProblem(r.code, `${r.reason} after normalization to ${q(normalized)}`);
  }
  return r;
}

/**
 * Parses a reference like Go's `reference.ParseNormalizedNamed`: a first element that contains
 * `.` or `:`, is `localhost` or has upper case is the domain; otherwise `docker.io` is used and,
 * for single-element paths, `library/` is prepended; `index.docker.io` becomes `docker.io`; a bare
 * 64-character hex string is rejected.
 *
 * @throws PiraeusError INVALID_REFERENCE, or INVALID_DIGEST when the digest is the problem.
 */
export function parseNormalizedReference(ref: string): ImageReference {
  const r = parseNormalizedOrProblem(ref);
  if (r instanceof ReferenceProblem) fail(r, ref);
  return r;
}

/**
 * Validates a reference with `parseReference` (Go `reference.Parse`).
 *
 * @returns undefined when valid, otherwise the reason.
 */
export function validateReference(ref: string): string | undefined {
  const r = parseOrProblem(ref);
  return r instanceof ReferenceProblem ? r.reason : undefined;
}

/** A URL scheme (`https://`, `oci://`), which no image reference carries. */
const URL_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;

/**
 * The repository prefix `base` was most likely meant to be, when it is invalid only for a URL
 * scheme or trailing "/" (`https://registry.example.com/piraeus/` gives
 * `registry.example.com/piraeus`); undefined when `base` is valid or that does not fix it.
 */
export function correctedRepositoryPrefix(base: string): string | undefined {
  const stripped = base.replace(URL_SCHEME, '').replace(/\/+$/, '');
  if (stripped === base || stripped === '') return undefined;
  return validateRepositoryPrefix(stripped) === undefined ? stripped : undefined;
}

/**
 * Validates a registry/namespace prefix such as `spec.repository` or a document `base`
 * (`registry.example.com:5000/piraeus`, `quay.io/piraeusdatastore`, or a bare host
 * `registry.example.com`): images become `<prefix>/<image>`, so `<prefix>/x` must be a valid
 * repository name (no tag, no digest) as the container runtime parses it (normalized).
 *
 * @returns undefined when valid, otherwise the reason.
 */
export function validateRepositoryPrefix(base: string): string | undefined {
  if (base === '') return 'empty repository prefix';
  const scheme = URL_SCHEME.exec(base);
  if (scheme) {
    const use = correctedRepositoryPrefix(base);
    return `repository prefix ${q(base)} starts with the scheme "${scheme[0]}": a repository is a registry host and path `
      + `without a scheme${use === undefined ? '' : `; use ${q(use)}`}`;
  }
  if (base.endsWith('/')) {
    const use = correctedRepositoryPrefix(base);
    return `repository prefix ${q(base)} must not end with "/"${use === undefined ? '' : `; use ${q(use)}`}`;
  }
  if (base.includes('@')) return `repository prefix ${q(base)} must not contain a digest ("@")`;
  const slash = base.lastIndexOf('/');
  if (slash >= 0 && base.indexOf(':', slash) >= 0) {
    return `repository prefix ${q(base)} must not contain a tag (":" after the last "/")`;
  }
  const r = parseNormalizedOrProblem(`${base}/x`);
  return r instanceof ReferenceProblem ? r.reason : undefined;
}

/** Formats a reference: `[domain/]path[:tag][@digest]`. */
export function formatReference(r: ImageReference): string {
  let out = r.domain === '' ? r.path : `${r.domain}/${r.path}`;
  if (r.tag !== '') out += `:${r.tag}`;
  if (r.digest !== '') out += `@${r.digest}`;
  return out;
}
