/**
 * The digest-lock file: its type, reading and writing it, and how image references become its
 * keys.
 *
 * JSON (canonical, written by `serializeLock`) or YAML (read the same way; written when the file
 * name ends in `.yaml`/`.yml`):
 *
 * ```json
 * {
 *   "version": 1,
 *   "repository": "mirror.example.com/piraeus",
 *   "images": {
 *     "quay.io/piraeusdatastore/drbd9-jammy:v9.2.16": "sha256:<64 lower-case hex>",
 *     "registry.k8s.io/sig-storage/csi-attacher:v4.10.0": "sha256:<64 lower-case hex>"
 *   }
 * }
 * ```
 *
 * - keys are image references **without** digest, normalized (`nginx:1` is stored as
 *   `docker.io/library/nginx:1`), normally with the tag the deployment uses; a key without a tag
 *   stands for "this repository, whatever tag" and applies only while the deployment uses exactly
 *   one tag of that repository;
 * - values are `sha256:` + 64 lower-case hex (the manifest-list digest, so all architectures
 *   are covered);
 * - keys are sorted (code-unit order), so the file diffs cleanly;
 * - `repository` (optional) is the `LinstorCluster.spec.repository` the digests were looked up
 *   for (`lock import --repository`); commands that read the lock use it as their default.
 *
 * Pure: no cdk8s, no I/O.
 */
import type { Node, Pair } from 'yaml';
import { ErrorCode, ErrorCodes, firstLine, PiraeusError } from '../../errors';
import { yamlPackage } from '../../resolver/on-demand';
import { ImageReference, parseNormalizedReference, validateDigest, validateRepositoryPrefix } from '../../resolver/reference';
import { compareCodeUnits } from '../../resolver/util';

/** The only lock file version. */
export const LOCK_VERSION = 1;

/** A digest lock, as in the file. */
export interface DigestLock {
  /** Always 1. */
  readonly version: 1;
  /**
   * The repository (`LinstorCluster.spec.repository`) the digests were looked up for, as
   * `lock import --repository` records it; the default repository of `lock show` and
   * `images --lock`.
   * @default - not recorded
   */
  readonly repository?: string;
  /** Reference without digest (normalized) -> `sha256:<64 hex>`. */
  readonly images: Readonly<Record<string, string>>;
}

/** A lock without entries. */
export function emptyLock(): DigestLock {
  return { version: 1, images: {} };
}

/** `yaml` for `.yaml` / `.yml` files, else `json`. */
export function lockFormatFor(file: string): 'json' | 'yaml' {
  return /\.ya?ml$/i.test(file) ? 'yaml' : 'json';
}

// ---------------------------------------------------------------------------------------------
// Keys and digests
// ---------------------------------------------------------------------------------------------

/** Checks a lock digest: exactly `sha256:` + 64 lower-case hex. Undefined when valid. */
export function lockDigestProblem(digest: string): string | undefined {
  const reason = validateDigest(digest);
  if (reason !== undefined) return reason;
  if (!digest.startsWith('sha256:')) {
    return `only sha256 digests can be locked (kustomize matches "@sha256:" only), got ${JSON.stringify(digest.slice(0, digest.indexOf(':')))}`;
  }
  return undefined;
}

/** The repository of a parsed reference as lock keys spell it: `domain/path`. */
export function repositoryName(r: Pick<ImageReference, 'domain' | 'path'>): string {
  return `${r.domain}/${r.path}`;
}

/** The lock key of a parsed reference: `domain/path:tag`, or `domain/path` without a tag. */
export function referenceKey(r: Pick<ImageReference, 'domain' | 'path' | 'tag'>): string {
  return r.tag !== '' ? `${repositoryName(r)}:${r.tag}` : repositoryName(r);
}

/**
 * The lock key of a reference without digest: normalized `domain/path[:tag]`.
 * @throws PiraeusError INVALID_REFERENCE (or INVALID_DIGEST) when it does not parse,
 *   INVALID_LOCK when it carries a digest
 */
export function lockKey(reference: string): string {
  const r = parseNormalizedReference(reference);
  if (r.digest !== '') {
    throw new PiraeusError(ErrorCodes.INVALID_LOCK, `lock key ${JSON.stringify(reference)} must not contain a digest`);
  }
  return referenceKey(r);
}

/**
 * The tags each repository is used with, over the references that parse and that `counts`
 * accepts. What a tagless lock entry or line could mean.
 */
export function repositoryTags(
  references: Iterable<string>, counts: (r: ImageReference) => boolean,
): Map<string, Set<string>> {
  const tags = new Map<string, Set<string>>();
  for (const ref of references) {
    let r: ImageReference;
    try {
      r = parseNormalizedReference(ref);
    } catch {
      continue; // An image that does not parse cannot be locked anyway.
    }
    if (!counts(r)) continue;
    const name = repositoryName(r);
    const set = tags.get(name) ?? new Set<string>();
    set.add(r.tag);
    tags.set(name, set);
  }
  return tags;
}

/** Where a reference's digest comes from in a lock. */
export interface LockHit {
  /** The lock key that matched (`name:tag`, or the tagless `name`). */
  readonly key: string;
  readonly digest: string;
  /** True when the tagless key matched. */
  readonly repositoryOnly: boolean;
}

/**
 * The lock entry for a reference: exact `name:tag` first, then the tagless `name`. Undefined for
 * references that already carry a digest, that do not parse, or that the lock does not know.
 */
export function lookupDigest(lock: DigestLock, reference: string): LockHit | undefined {
  let r;
  try {
    r = parseNormalizedReference(reference);
  } catch {
    return undefined;
  }
  if (r.digest !== '') return undefined;
  const entry = (key: string) => (Object.prototype.hasOwnProperty.call(lock.images, key) ? lock.images[key] : undefined);
  const tagged = referenceKey(r);
  const taggedDigest = r.tag !== '' ? entry(tagged) : undefined;
  if (taggedDigest !== undefined) return { key: tagged, digest: taggedDigest, repositoryOnly: false };
  const name = repositoryName(r);
  const nameDigest = entry(name);
  if (nameDigest !== undefined) return { key: name, digest: nameDigest, repositoryOnly: true };
  return undefined;
}

/**
 * The reference with the lock's digest appended (`name:tag@sha256:...`, the form kustomize
 * renders), or undefined when the lock does not know it (or it already has a digest).
 */
export function lockReference(lock: DigestLock, reference: string): string | undefined {
  const hit = lookupDigest(lock, reference);
  return hit ? `${reference}@${hit.digest}` : undefined;
}

// ---------------------------------------------------------------------------------------------
// Problems: every one of a file is listed in one error
// ---------------------------------------------------------------------------------------------

/** One thing wrong with a lock file or with imported lines. */
export interface LockProblem {
  readonly code: ErrorCode;
  readonly line?: number;
  readonly detail: string;
}

/** The detail of an error, without its code and place. */
export function errorDetail(e: unknown): string {
  if (e instanceof PiraeusError) return e.detail;
  return e instanceof Error ? e.message : String(e);
}

/**
 * Throws one error for the problems: the first one's code and line, every detail.
 * @param what what holds the problems ("the lock file", a file name), for the message
 */
export function throwLockProblems(problems: readonly LockProblem[], source: string, what: string): never {
  const [first] = problems;
  if (first === undefined) throw new Error('internal error: throwLockProblems called without a problem');
  const where = (p: LockProblem) => (p.line !== undefined ? `line ${p.line}: ` : '');
  const detail = problems.length === 1
    ? first.detail
    : `${problems.length} problems in ${what}: ${problems.map((p) => `${where(p)}${p.detail}`).join('; ')}`;
  throw new PiraeusError(first.code, detail, {
    path: first.line !== undefined ? `${source} line ${first.line}` : source,
    line: first.line,
  });
}

// ---------------------------------------------------------------------------------------------
// Reading and writing the file
// ---------------------------------------------------------------------------------------------

type LineOf = (node: Node | null | undefined) => number | undefined;
type AddProblem = (code: ErrorCode, node: Node | null | undefined, detail: string) => void;

/**
 * Reads a lock file (JSON or YAML).
 * @param source file name, for messages
 * @throws PiraeusError INVALID_LOCK (structure, keys, duplicates) or INVALID_DIGEST (values),
 *   naming the file and line; every problem of the file is listed
 */
export function parseLock(text: string, source: string): DigestLock {
  const { isMap, isScalar, LineCounter, parseDocument } = yamlPackage();
  const counter = new LineCounter();
  const lineOf: LineOf = (node) => (node?.range ? counter.linePos(node.range[0]).line : undefined);
  const fail = (problems: readonly LockProblem[]): never => throwLockProblems(problems, source, 'the lock file');
  if (text.includes('\u0000')) fail([{ code: ErrorCodes.INVALID_LOCK, detail: 'the lock file is binary, expected JSON or YAML' }]);
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    fail(doc.errors.map((e) => ({
      code: ErrorCodes.INVALID_LOCK,
      line: counter.linePos(e.pos[0]).line,
      detail: `not valid JSON or YAML: ${firstLine(e.message)}`,
    })));
  }
  const root = doc.contents;
  if (!isMap(root)) {
    return fail([{ code: ErrorCodes.INVALID_LOCK, line: lineOf(root as Node) ?? 1,
      detail: 'expected a mapping with "version: 1" and "images" (see `cdk8s-piraeus lock import --help`)' }]);
  }
  const problems: LockProblem[] = [];
  const add: AddProblem = (code, node, detail) => problems.push({ code, line: lineOf(node), detail });
  let version: number | undefined;
  let images: Record<string, string> | undefined;
  let repository: string | undefined;
  for (const pair of root.items as Pair[]) {
    const keyNode = pair.key as Node;
    const key = isScalar(keyNode) ? keyNode.value : undefined;
    if (key === 'version') version = readVersion(pair, add);
    else if (key === 'images') images = readImages(pair.value as Node | null, add, lineOf);
    else if (key === 'repository') repository = readRepository(pair, add);
    else add(ErrorCodes.INVALID_LOCK, keyNode, `unknown key ${JSON.stringify(key ?? null)}; a lock has only "version", "repository" and "images"`);
  }
  if (version === undefined && !problems.some((p) => p.detail.includes('lock version'))) {
    problems.push({ code: ErrorCodes.INVALID_LOCK, line: 1, detail: 'missing "version: 1"' });
  }
  if (images === undefined) problems.push({ code: ErrorCodes.INVALID_LOCK, line: 1, detail: 'missing "images"' });
  if (problems.length) fail(problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)));
  return { version: 1, ...(repository !== undefined ? { repository } : {}), images: sortedImages(images!) };
}

/** The value of `repository`: a registry/path prefix as `LinstorCluster.spec.repository` takes it. */
function readRepository(pair: Pair, add: AddProblem): string | undefined {
  const { isScalar } = yamlPackage();
  const node = (pair.value as Node | null) ?? (pair.key as Node);
  const v = isScalar(pair.value) ? pair.value.value : undefined;
  if (typeof v !== 'string') {
    add(ErrorCodes.INVALID_LOCK, node, '"repository" must be a string (the LinstorCluster repository the digests were looked up for)');
    return undefined;
  }
  const reason = validateRepositoryPrefix(v);
  if (reason !== undefined) {
    add(ErrorCodes.INVALID_LOCK, node, `"repository": ${reason}`);
    return undefined;
  }
  return v;
}

/** The value of `version`, or undefined (with a problem) unless it is 1. */
function readVersion(pair: Pair, add: AddProblem): number | undefined {
  const { isScalar } = yamlPackage();
  const v = isScalar(pair.value) ? pair.value.value : undefined;
  if (v === LOCK_VERSION) return v;
  add(ErrorCodes.INVALID_LOCK, (pair.value as Node) ?? (pair.key as Node), `unsupported lock version ${JSON.stringify(v ?? null)}; expected 1`);
  return undefined;
}

/** The valid entries of `images` (an empty value is no entries); a problem for each bad one. */
function readImages(value: Node | null, add: AddProblem, lineOf: LineOf): Record<string, string> {
  const { isMap, isScalar } = yamlPackage();
  const images: Record<string, string> = {};
  if (value === null || (isScalar(value) && value.value === null)) return images;
  if (!isMap(value)) {
    add(ErrorCodes.INVALID_LOCK, value, '"images" must be a mapping of image reference to digest');
    return images;
  }
  const keyLine = new Map<string, number | undefined>();
  for (const entry of value.items as Pair[]) {
    const k = entry.key as Node;
    const v = entry.value as Node | null;
    if (!isScalar(k) || typeof k.value !== 'string') {
      add(ErrorCodes.INVALID_LOCK, k, 'an image key must be a string (an image reference without digest)');
      continue;
    }
    if (!isScalar(v) || typeof v.value !== 'string') {
      add(ErrorCodes.INVALID_DIGEST, v ?? k, `the digest of ${JSON.stringify(k.value)} must be a string "sha256:<64 hex>"`);
      continue;
    }
    let normalized: string;
    try {
      normalized = lockKey(k.value);
    } catch (e) {
      add(ErrorCodes.INVALID_LOCK, k, `key ${JSON.stringify(k.value)} is not an image reference without digest: ${errorDetail(e)}`);
      continue;
    }
    const bad = lockDigestProblem(v.value);
    if (bad !== undefined) {
      add(ErrorCodes.INVALID_DIGEST, v, `digest of ${JSON.stringify(k.value)}: ${bad}`);
      continue;
    }
    if (keyLine.has(normalized)) {
      const earlier = keyLine.get(normalized);
      add(ErrorCodes.INVALID_LOCK, k, `${JSON.stringify(k.value)} names the same image as the entry on line ${earlier ?? '?'} (${normalized}); keep one`);
      continue;
    }
    keyLine.set(normalized, lineOf(k));
    images[normalized] = v.value;
  }
  return images;
}

/** The entries with keys in code-unit order. */
export function sortedImages(images: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(images).sort(([a], [b]) => compareCodeUnits(a, b))) out[k] = v;
  return out;
}

/** The lock as file text: JSON (default) or YAML, keys sorted, trailing newline. */
export function serializeLock(lock: DigestLock, format: 'json' | 'yaml' = 'json'): string {
  const data = { version: LOCK_VERSION, ...(lock.repository ? { repository: lock.repository } : {}), images: sortedImages(lock.images) };
  if (format === 'yaml') return yamlPackage().stringify(data, { lineWidth: 0 });
  return JSON.stringify(data, null, 2) + '\n';
}
