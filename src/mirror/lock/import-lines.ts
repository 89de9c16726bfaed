/**
 * Building or updating a digest lock from the `reference@sha256:...` lines that skopeo, crane or
 * a shell loop print. Pure: no cdk8s, no I/O.
 */
import { ErrorCode, ErrorCodes } from '../../errors';
import { ImageReference, parseNormalizedReference } from '../../resolver/reference';
import { compareCodeUnits } from '../../resolver/util';
import {
  DigestLock, errorDetail, lockDigestProblem, LockProblem, referenceKey, repositoryName, repositoryTags, sortedImages,
  throwLockProblems,
} from './format';

/** Options of `importLockLines`. */
export interface ImportLockOptions {
  /**
   * The references the deployment uses (e.g. `collectImages(...).map((i) => i.reference)`). A
   * line without a tag (what `skopeo inspect --format '{{.Name}}@{{.Digest}}'` and
   * `crane digest --full-ref` print) is then keyed by the one tag the deployment uses for that
   * repository, so a later tag change cannot silently reuse the old digest; several tags are an
   * error. Without it, such lines are keyed by the repository alone.
   * @default - tagless lines keyed by repository
   */
  readonly references?: readonly string[];
  /**
   * The repository (`LinstorCluster.spec.repository`) the digests were looked up for, recorded
   * in the lock.
   * @default - the existing lock's, if any
   */
  readonly repository?: string;
}

/** What an import changed. */
export interface LockImportResult {
  /** The updated lock. */
  readonly lock: DigestLock;
  /** Keys added. */
  readonly added: readonly string[];
  /** Keys whose digest changed. */
  readonly changed: ReadonlyArray<{ readonly key: string; readonly from: string; readonly to: string }>;
  /** Keys imported again with the same digest. */
  readonly unchanged: readonly string[];
}

/** One line read: the image it names (normalized, without digest) and the digest. */
export interface LockLine {
  readonly reference: ImageReference;
  readonly digest: string;
}

/** A line that could not be read, and why. */
export interface LockLineProblem {
  readonly code: ErrorCode;
  readonly detail: string;
}

/**
 * Reads one line: `reference@sha256:<64 hex>` (tag optional, a leading `docker://` dropped) or
 * `sha256:<64 hex> <reference>` (what `skopeo sync --digestfile` writes). Undefined for a blank
 * line or a `#` comment.
 */
export function parseLockLine(raw: string): LockLine | LockLineProblem | undefined {
  const text = raw.replace(/\r$/, '').replace(/(^|\s)#.*$/, '').trim();
  if (text === '') return undefined;
  const problem = (code: ErrorCode, detail: string): LockLineProblem => ({ code, detail });
  let refPart: string;
  let digest: string;
  const [first = '', second, ...more] = text.split(/\s+/);
  if (second !== undefined && more.length === 0 && /^[A-Za-z0-9+._-]+:/.test(first) && !first.includes('/') && !first.includes('@')) {
    [digest, refPart] = [first, second];
  } else if (second !== undefined) {
    return problem(ErrorCodes.INVALID_LOCK, `expected one "reference@sha256:<64 hex>" per line, got ${JSON.stringify(shorten(text))}`);
  } else {
    const at = text.lastIndexOf('@');
    if (at < 0) return problem(ErrorCodes.INVALID_LOCK, `${JSON.stringify(shorten(text))} has no digest; expected "reference@sha256:<64 hex>"`);
    refPart = text.slice(0, at);
    digest = text.slice(at + 1);
  }
  refPart = refPart.replace(/^docker:\/\//, '');
  const bad = lockDigestProblem(digest);
  if (bad !== undefined) return problem(ErrorCodes.INVALID_DIGEST, `${bad} (in ${JSON.stringify(shorten(text))})`);
  let reference: ImageReference;
  try {
    reference = parseNormalizedReference(refPart);
  } catch (e) {
    return problem(ErrorCodes.INVALID_LOCK, `${JSON.stringify(shorten(refPart))} is not a valid image reference: ${errorDetail(e)}`);
  }
  if (reference.digest !== '') return problem(ErrorCodes.INVALID_LOCK, `${JSON.stringify(shorten(text))} has two digests`);
  return { reference, digest };
}

/**
 * The lock key of a line: its own tag, or for a tagless line the one tag the deployment uses
 * (`tags`, undefined when the deployment is unknown).
 */
export function lineKey(reference: ImageReference, tags: ReadonlyMap<string, ReadonlySet<string>> | undefined): string | LockLineProblem {
  if (reference.tag !== '' || tags === undefined) return referenceKey(reference);
  const name = repositoryName(reference);
  const used = [...(tags.get(name) ?? [])].sort(compareCodeUnits);
  if (used.length === 1) return `${name}:${used[0]}`;
  if (used.length === 0) return name;
  return {
    code: ErrorCodes.INVALID_LOCK,
    detail: `${name} is used with tags ${used.join(', ')}, so a digest without a tag cannot say which it belongs to; `
      + 'import "name:tag@sha256:..." lines instead',
  };
}

/**
 * Builds or updates a lock from lines (see `parseLockLine`); blank lines and `#` comments are
 * ignored.
 *
 * @param existing the lock to update (undefined: a new lock)
 * @param source file name or "standard input", for messages
 * @throws PiraeusError INVALID_LOCK / INVALID_DIGEST naming the source and the line of every
 *   malformed line, and of two lines giving one image different digests
 */
export function importLockLines(
  existing: DigestLock | undefined, text: string, source: string, options: ImportLockOptions = {},
): LockImportResult {
  const tags = options.references !== undefined ? repositoryTags(options.references, (r) => r.tag !== '') : undefined;
  const problems: LockProblem[] = [];
  const imported = new Map<string, { digest: string; line: number }>();
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    const read = parseLockLine(raw);
    if (read === undefined) return;
    if ('code' in read) return void problems.push({ ...read, line });
    const key = lineKey(read.reference, tags);
    if (typeof key !== 'string') return void problems.push({ ...key, line });
    const previous = imported.get(key);
    if (previous && previous.digest !== read.digest) {
      problems.push({ code: ErrorCodes.INVALID_LOCK, line, detail: `${key} gets digest ${read.digest}, but line ${previous.line} gave it ${previous.digest}` });
    } else if (!previous) imported.set(key, { digest: read.digest, line });
  });
  if (problems.length) throwLockProblems(problems, source, source);
  return mergeImported(existing, new Map([...imported].map(([k, v]) => [k, v.digest])), options.repository ?? existing?.repository);
}

/** The lock with the imported entries set, and what that changed. */
function mergeImported(existing: DigestLock | undefined, imported: ReadonlyMap<string, string>, repository: string | undefined): LockImportResult {
  const images: Record<string, string> = { ...(existing?.images ?? {}) };
  const added: string[] = [];
  const changed: Array<{ key: string; from: string; to: string }> = [];
  const unchanged: string[] = [];
  for (const key of [...imported.keys()].sort(compareCodeUnits)) {
    const digest = imported.get(key)!;
    const before = Object.prototype.hasOwnProperty.call(images, key) ? images[key] : undefined;
    if (before === undefined) added.push(key);
    else if (before !== digest) changed.push({ key, from: before, to: digest });
    else unchanged.push(key);
    images[key] = digest;
  }
  return {
    lock: { version: 1, ...(repository !== undefined && repository !== '' ? { repository } : {}), images: sortedImages(images) },
    added, changed, unchanged,
  };
}

function shorten(s: string): string {
  return s.length > 200 ? `${s.slice(0, 200)}…` : s;
}
