/**
 * Digest locks: a file the user commits that maps image references to the digests they were
 * mirrored with, and the way a lock is applied to the operator's image ConfigMap.
 *
 * ## The lock file
 *
 * JSON (canonical, written by `serializeLock`) or YAML (read the same way; written when the file
 * name ends in `.yaml`/`.yml`):
 *
 * ```json
 * {
 *   "version": 1,
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
 * - keys are sorted (code-unit order), so the file diffs cleanly.
 *
 * ## Applying a lock to the image ConfigMap (`lockDocuments`)
 *
 * The default documents stay verbatim. For the original documents, in order, copies are appended
 * under keys that sort after every other key (`zz-digest-lock-00-<original key>`, ...). A copy
 * holds, for every component the lock pins anywhere, the component exactly as the original has it
 * plus the digests the lock knows. Because the operator merges documents "last wins" in key order,
 * replaying the copies in the same order after the originals reproduces the original merge
 * for every OS string, now with digests; `precompiled` (an OR over every document) is unchanged.
 *
 * Pure: no cdk8s, no I/O.
 */
import { LineCounter, Node, parseDocument, isMap, isScalar, Pair, stringify } from 'yaml';
import { ErrorCode, ErrorCodes, PiraeusError } from '../errors';
import { encodeDocument } from '../resolver/encode';
import { applyExternalVersion, SATELLITE_COMPONENT } from '../resolver/external';
import { ImageResolver } from '../resolver/image-resolver';
import { compareBytewise } from '../resolver/order';
import { parseNormalizedReference, validateDigest } from '../resolver/reference';
import { ComponentConfig, Diagnostic, ImageConfigDocument, OsMatch } from '../resolver/types';
import { compareCodeUnits } from '../resolver/util';
import { collectImages, MirrorImage } from './images';

/** The only lock file version. */
export const LOCK_VERSION = 1;

/** A digest lock, as in the file. */
export interface DigestLock {
  /** Always 1. */
  readonly version: 1;
  /** Reference without digest (normalized) -> `sha256:<64 hex>`. */
  readonly images: Readonly<Record<string, string>>;
}

/** Stable codes of the lock's warnings. */
export const LockDiagnosticCodes = {
  /** A lock entry no image of the deployment uses. */
  LOCK_UNUSED: 'LOCK_UNUSED',
  /** A tagless lock entry for a repository the deployment uses with several tags. */
  LOCK_AMBIGUOUS: 'LOCK_AMBIGUOUS',
  /** The configuration already pins a digest that differs from the lock's. */
  LOCK_CONFLICT: 'LOCK_CONFLICT',
  /** An image the lock has no digest for. */
  DIGEST_MISSING: 'DIGEST_MISSING',
} as const;

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

interface Problem {
  readonly code: ErrorCode;
  readonly line?: number;
  readonly detail: string;
}

function errorMessage(e: unknown): string {
  if (e instanceof PiraeusError) return e.detail;
  return e instanceof Error ? e.message : String(e);
}

/** Checks a lock digest: exactly `sha256:` + 64 lower-case hex. Undefined when valid. */
export function lockDigestProblem(digest: string): string | undefined {
  const reason = validateDigest(digest);
  if (reason !== undefined) return reason;
  if (!digest.startsWith('sha256:')) {
    return `only sha256 digests can be locked (kustomize matches "@sha256:" only), got ${JSON.stringify(digest.slice(0, digest.indexOf(':')))}`;
  }
  return undefined;
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
  return r.tag !== '' ? `${r.domain}/${r.path}:${r.tag}` : `${r.domain}/${r.path}`;
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
  const name = `${r.domain}/${r.path}`;
  const images = lock.images;
  if (r.tag !== '') {
    const key = `${name}:${r.tag}`;
    if (Object.prototype.hasOwnProperty.call(images, key)) return { key, digest: images[key], repositoryOnly: false };
  }
  if (Object.prototype.hasOwnProperty.call(images, name)) return { key: name, digest: images[name], repositoryOnly: true };
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
// Parsing and writing the file
// ---------------------------------------------------------------------------------------------

function fail(problems: readonly Problem[], source: string, what: string): never {
  const first = problems[0];
  const where = (p: Problem) => (p.line !== undefined ? `line ${p.line}: ` : '');
  const detail = problems.length === 1
    ? first.detail
    : `${problems.length} problems in ${what}: ${problems.map((p) => `${where(p)}${p.detail}`).join('; ')}`;
  throw new PiraeusError(first.code, detail, {
    path: first.line !== undefined ? `${source} line ${first.line}` : source,
    line: first.line,
  });
}

/**
 * Reads a lock file (JSON or YAML).
 * @param source file name, for messages
 * @throws PiraeusError INVALID_LOCK (structure, keys, duplicates) or INVALID_DIGEST (values),
 *   naming the file and line; every problem of the file is listed
 */
export function parseLock(text: string, source: string): DigestLock {
  const counter = new LineCounter();
  const lineOf = (node: Node | null | undefined): number | undefined =>
    node?.range ? counter.linePos(node.range[0]).line : undefined;
  if (text.includes('\u0000')) fail([{ code: ErrorCodes.INVALID_LOCK, detail: 'the lock file is binary, expected JSON or YAML' }], source, 'the lock file');
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    fail(doc.errors.map((e) => ({
      code: ErrorCodes.INVALID_LOCK,
      line: counter.linePos(e.pos[0]).line,
      detail: `not valid JSON or YAML: ${e.message.split('\n')[0]}`,
    })), source, 'the lock file');
  }
  const problems: Problem[] = [];
  const add = (code: ErrorCode, node: Node | null | undefined, detail: string) => problems.push({ code, line: lineOf(node), detail });
  const root = doc.contents;
  if (!isMap(root)) {
    fail([{ code: ErrorCodes.INVALID_LOCK, line: lineOf(root as Node) ?? 1,
      detail: 'expected a mapping with "version: 1" and "images" (see `cdk8s-piraeus lock import --help`)' }], source, 'the lock file');
  }
  let version: number | undefined;
  const images: Record<string, string> = {};
  const keyLine = new Map<string, number | undefined>();
  let sawImages = false;
  for (const pair of root.items as Pair[]) {
    const keyNode = pair.key as Node;
    const key = isScalar(keyNode) ? keyNode.value : undefined;
    if (key === 'version') {
      const v = isScalar(pair.value) ? pair.value.value : undefined;
      if (v !== LOCK_VERSION) {
        add(ErrorCodes.INVALID_LOCK, (pair.value as Node) ?? keyNode, `unsupported lock version ${JSON.stringify(v ?? null)}; expected 1`);
      } else version = v;
    } else if (key === 'images') {
      sawImages = true;
      const value = pair.value as Node | null;
      if (value === null || (isScalar(value) && value.value === null)) continue;
      if (!isMap(value)) {
        add(ErrorCodes.INVALID_LOCK, value, '"images" must be a mapping of image reference to digest');
        continue;
      }
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
          add(ErrorCodes.INVALID_LOCK, k, `key ${JSON.stringify(k.value)} is not an image reference without digest: ${errorMessage(e)}`);
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
    } else {
      add(ErrorCodes.INVALID_LOCK, keyNode, `unknown key ${JSON.stringify(key ?? null)}; a lock has only "version" and "images"`);
    }
  }
  if (version === undefined && !problems.some((p) => p.detail.includes('lock version'))) {
    problems.push({ code: ErrorCodes.INVALID_LOCK, line: 1, detail: 'missing "version: 1"' });
  }
  if (!sawImages) problems.push({ code: ErrorCodes.INVALID_LOCK, line: 1, detail: 'missing "images"' });
  if (problems.length) fail(problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)), source, 'the lock file');
  return { version: 1, images: sortRecord(images) };
}

function sortRecord(images: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(images).sort(compareCodeUnits)) out[k] = images[k];
  return out;
}

/** The lock as file text: JSON (default) or YAML, keys sorted, trailing newline. */
export function serializeLock(lock: DigestLock, format: 'json' | 'yaml' = 'json'): string {
  const data = { version: LOCK_VERSION, images: sortRecord(lock.images) };
  if (format === 'yaml') return stringify(data, { lineWidth: 0 });
  return JSON.stringify(data, null, 2) + '\n';
}

// ---------------------------------------------------------------------------------------------
// Importing `reference@sha256:...` lines
// ---------------------------------------------------------------------------------------------

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

/**
 * Builds or updates a lock from lines such as
 * `quay.io/piraeusdatastore/piraeus-server:v1.32.3@sha256:<64 hex>` (tag optional; a leading
 * `docker://` is dropped). Also accepted: `sha256:<64 hex> <reference>` (what
 * `skopeo sync --digestfile` writes). Blank lines and `#` comments are ignored.
 *
 * @param existing the lock to update (undefined: a new lock)
 * @param source file name or "standard input", for messages
 * @throws PiraeusError INVALID_LOCK / INVALID_DIGEST naming the source and the line of every
 *   malformed line, and of two lines giving one image different digests
 */
export function importLockLines(
  existing: DigestLock | undefined, text: string, source: string, options: ImportLockOptions = {},
): LockImportResult {
  const tagsByRepo = new Map<string, Set<string>>();
  for (const ref of options.references ?? []) {
    try {
      const r = parseNormalizedReference(ref);
      if (r.tag === '') continue;
      const name = `${r.domain}/${r.path}`;
      const set = tagsByRepo.get(name) ?? new Set<string>();
      set.add(r.tag);
      tagsByRepo.set(name, set);
    } catch {
      // An image that does not parse cannot be locked anyway.
    }
  }

  const problems: Problem[] = [];
  const imported = new Map<string, { digest: string; line: number }>();
  const lines = text.split('\n');
  lines.forEach((raw, index) => {
    const line = index + 1;
    const text1 = raw.replace(/\r$/, '').replace(/(^|\s)#.*$/, '').trim();
    if (text1 === '') return;
    const problem = (code: ErrorCode, detail: string) => problems.push({ code, line, detail });

    let refPart: string;
    let digest: string;
    const fields = text1.split(/\s+/);
    if (fields.length === 2 && /^[A-Za-z0-9+._-]+:/.test(fields[0]) && !fields[0].includes('/') && !fields[0].includes('@')) {
      // `sha256:<hex> <reference>` (skopeo sync --digestfile)
      digest = fields[0];
      refPart = fields[1];
    } else if (fields.length !== 1) {
      problem(ErrorCodes.INVALID_LOCK, `expected one "reference@sha256:<64 hex>" per line, got ${JSON.stringify(shorten(text1))}`);
      return;
    } else {
      const at = text1.lastIndexOf('@');
      if (at < 0) {
        problem(ErrorCodes.INVALID_LOCK, `${JSON.stringify(shorten(text1))} has no digest; expected "reference@sha256:<64 hex>"`);
        return;
      }
      refPart = text1.slice(0, at);
      digest = text1.slice(at + 1);
    }
    refPart = refPart.replace(/^docker:\/\//, '');
    const bad = lockDigestProblem(digest);
    if (bad !== undefined) {
      problem(ErrorCodes.INVALID_DIGEST, `${bad} (in ${JSON.stringify(shorten(text1))})`);
      return;
    }
    let r;
    try {
      r = parseNormalizedReference(refPart);
    } catch (e) {
      problem(ErrorCodes.INVALID_LOCK, `${JSON.stringify(shorten(refPart))} is not a valid image reference: ${errorMessage(e)}`);
      return;
    }
    if (r.digest !== '') {
      problem(ErrorCodes.INVALID_LOCK, `${JSON.stringify(shorten(text1))} has two digests`);
      return;
    }
    const name = `${r.domain}/${r.path}`;
    let key = r.tag !== '' ? `${name}:${r.tag}` : name;
    if (r.tag === '' && options.references !== undefined) {
      const tags = [...(tagsByRepo.get(name) ?? [])].sort(compareCodeUnits);
      if (tags.length === 1) {
        key = `${name}:${tags[0]}`;
      } else if (tags.length > 1) {
        problem(ErrorCodes.INVALID_LOCK,
          `${name} is used with tags ${tags.join(', ')}, so a digest without a tag cannot say which it belongs to; `
          + 'import "name:tag@sha256:..." lines instead');
        return;
      }
    }
    const previous = imported.get(key);
    if (previous && previous.digest !== digest) {
      problem(ErrorCodes.INVALID_LOCK, `${key} gets digest ${digest}, but line ${previous.line} gave it ${previous.digest}`);
      return;
    }
    if (!previous) imported.set(key, { digest, line });
  });
  if (problems.length) fail(problems, source, source);

  const images: Record<string, string> = { ...(existing?.images ?? {}) };
  const added: string[] = [];
  const changed: Array<{ key: string; from: string; to: string }> = [];
  const unchanged: string[] = [];
  for (const key of [...imported.keys()].sort(compareCodeUnits)) {
    const digest = imported.get(key)!.digest;
    const before = Object.prototype.hasOwnProperty.call(images, key) ? images[key] : undefined;
    if (before === undefined) added.push(key);
    else if (before !== digest) changed.push({ key, from: before, to: digest });
    else unchanged.push(key);
    images[key] = digest;
  }
  return { lock: { version: 1, images: sortRecord(images) }, added, changed, unchanged };
}

function shorten(s: string): string {
  return s.length > 200 ? `${s.slice(0, 200)}…` : s;
}

// ---------------------------------------------------------------------------------------------
// Applying a lock to the image ConfigMap
// ---------------------------------------------------------------------------------------------

/** Inputs of `lockDocuments` besides the documents and the lock: what the operator resolves with. */
export interface LockDocumentsOptions {
  /** `LinstorCluster.spec.repository` ('' or undefined for none). */
  readonly repository?: string;
  /**
   * Whether the satellites follow an external LINSTOR controller. Without
   * `externalControllerVersion`, `linstor-satellite` is kept out of the copies (a copy would
   * shadow the version the operator applies at run time) and reported as without digest.
   * @default false
   */
  readonly externalController?: boolean;
  /** The external controller's version (e.g. `1.31.2`); the copies then carry tag `v<version>`. */
  readonly externalControllerVersion?: string;
  /**
   * Other references the deployment uses (the operator image, explicit override images): they
   * count as uses of lock entries and are returned, locked, in `references`.
   * @default - none
   */
  readonly extraReferences?: readonly string[];
  /**
   * Prefix of the copies' keys; made longer with `z`s when an existing key would sort after it.
   * @default 'zz-digest-lock'
   */
  readonly keyPrefix?: string;
}

/** A variant the lock gave no digest. */
export interface UnlockedImage {
  readonly document: string;
  readonly component: string;
  /** The variant's image name. */
  readonly variant: string;
  /** `rule` or `fallback`. */
  readonly kind: 'rule' | 'fallback';
  /** The image as rendered (no digest). */
  readonly reference: string;
  /** Why: not in the lock, follows an external controller, or ambiguous tagless entry. */
  readonly reason: 'not-in-lock' | 'external-controller' | 'ambiguous';
}

/** What `lockDocuments` produces. */
export interface LockDocumentsResult {
  /** ConfigMap entries to add (key -> document text); empty when the lock pins nothing. */
  readonly data: Record<string, string>;
  /** The same copies, decoded, in order. */
  readonly documents: readonly ImageConfigDocument[];
  /** Lock keys some image uses, sorted. */
  readonly used: readonly string[];
  /** Lock keys no image uses, sorted (a warning each in `diagnostics`). */
  readonly unused: readonly string[];
  /** Reachable variants that still have no digest. */
  readonly withoutDigest: readonly UnlockedImage[];
  /** `extraReferences`, each mapped to its locked form (unchanged when the lock does not know it). */
  readonly references: Readonly<Record<string, string>>;
  /** LOCK_UNUSED, LOCK_AMBIGUOUS, LOCK_CONFLICT and DIGEST_MISSING warnings. */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Applies a lock to the image documents by appending digest-carrying copies (see the module
 * comment). The documents must be in the operator's order (as `loadImageConfig` returns them).
 *
 * @throws PiraeusError NO_SATELLITE_COMPONENT when `externalControllerVersion` is set and no
 *   document defines `linstor-satellite`
 */
export function lockDocuments(
  documents: readonly ImageConfigDocument[], options: LockDocumentsOptions, lock: DigestLock,
): LockDocumentsResult {
  const repository = options.repository ?? '';
  const version = options.externalControllerVersion;
  const skipSatellite = (options.externalController ?? false) && version === undefined;
  const docs = version !== undefined ? applyExternalVersion(documents, version).documents : [...documents];
  const diagnostics: Diagnostic[] = [];
  const used = new Set<string>();

  // Tags in use per repository, to refuse a tagless entry that could mean several images.
  const tagsByRepo = new Map<string, Set<string>>();
  const noteTag = (ref: string) => {
    try {
      const r = parseNormalizedReference(ref);
      if (r.digest !== '') return;
      const name = `${r.domain}/${r.path}`;
      const set = tagsByRepo.get(name) ?? new Set<string>();
      set.add(r.tag);
      tagsByRepo.set(name, set);
    } catch {
      // Not lockable.
    }
  };
  const rendered = (base: string, image: string, tag: string) => `${base}/${image}${tag !== '' ? `:${tag}` : ''}`;
  for (const doc of docs) {
    const base = repository !== '' ? repository : doc.base;
    for (const [name, c] of doc.components) {
      if (skipSatellite && name === SATELLITE_COMPONENT) continue;
      if (c.image !== '' && c.digest === '') noteTag(rendered(base, c.image, c.tag));
      for (const m of c.match) if (m.digest === '') noteTag(rendered(base, m.image, c.tag));
    }
  }
  for (const ref of options.extraReferences ?? []) noteTag(ref);

  const ambiguous = new Set<string>();
  const lookup = (ref: string, where: Diagnostic['location']): string | undefined => {
    const hit = lookupDigest(lock, ref);
    if (!hit) return undefined;
    if (hit.repositoryOnly) {
      const tags = [...(tagsByRepo.get(hit.key) ?? [])].sort(compareCodeUnits);
      if (tags.length > 1) {
        if (!ambiguous.has(hit.key)) {
          ambiguous.add(hit.key);
          diagnostics.push({
            code: LockDiagnosticCodes.LOCK_AMBIGUOUS, severity: 'warning', location: where,
            message: `lock entry ${hit.key} has no tag, but the deployment uses ${hit.key} with tags `
              + `${tags.map((t) => t || '(none)').join(', ')}; it is not applied. Lock "name:tag" references instead.`,
          });
        }
        return undefined;
      }
    }
    used.add(hit.key);
    return hit.digest;
  };
  const conflict = (ref: string, configured: string, where: Diagnostic['location']) => {
    const hit = lookupDigest(lock, ref);
    if (!hit) return;
    used.add(hit.key);
    if (hit.digest !== configured) {
      diagnostics.push({
        code: LockDiagnosticCodes.LOCK_CONFLICT, severity: 'warning', location: where,
        message: `the configuration pins ${ref} to ${configured}, the lock (${hit.key}) to ${hit.digest}; `
          + 'the configured digest is kept. Update the configuration or the lock.',
      });
    }
  };

  // Per document, the components with digests filled in; per component, the first document
  // whose copy differs from the original.
  const locked: Array<Map<string, ComponentConfig>> = [];
  const firstChanged = new Map<string, number>();
  docs.forEach((doc, index) => {
    const base = repository !== '' ? repository : doc.base;
    const out = new Map<string, ComponentConfig>();
    for (const [name, c] of doc.components) {
      if (skipSatellite && name === SATELLITE_COMPONENT) continue;
      const where = { key: doc.key, component: name };
      let changed = false;
      let digest = c.digest;
      if (c.image !== '') {
        const ref = rendered(base, c.image, c.tag);
        if (c.digest === '') {
          const d = lookup(ref, { ...where, line: c.line });
          if (d !== undefined) { digest = d; changed = true; }
        } else conflict(ref, c.digest, { ...where, line: c.line });
      }
      const match: OsMatch[] = c.match.map((m) => {
        const ref = rendered(base, m.image, c.tag);
        if (m.digest !== '') {
          conflict(ref, m.digest, { ...where, line: m.line });
          return m;
        }
        const d = lookup(ref, { ...where, line: m.line });
        if (d === undefined) return m;
        changed = true;
        return { ...m, digest: d };
      });
      out.set(name, { ...c, digest, match });
      if (changed && !firstChanged.has(name)) firstChanged.set(name, index);
    }
    locked.push(out);
  });

  // The copies: every component from the first document that changes it onwards.
  const copies: ImageConfigDocument[] = [];
  const sources: ImageConfigDocument[] = [];
  docs.forEach((doc, index) => {
    const components = new Map<string, ComponentConfig>();
    for (const [name, c] of locked[index]) {
      const first = firstChanged.get(name);
      if (first !== undefined && index >= first) components.set(name, stripLines(c));
    }
    if (components.size) {
      copies.push({ key: '', base: doc.base, components });
      sources.push(doc);
    }
  });
  const prefix = keyPrefix(documents.map((d) => d.key), options.keyPrefix ?? 'zz-digest-lock');
  const width = Math.max(2, String(copies.length - 1).length);
  const data: Record<string, string> = {};
  const keyed: ImageConfigDocument[] = copies.map((copy, i) => {
    const key = `${prefix}-${String(i).padStart(width, '0')}-${sources[i].key}`.slice(0, 253);
    data[key] = encodeDocument(copy);
    return { ...copy, key };
  });
  const lastOriginal = documents.map((d) => d.key).sort(compareBytewise).pop();
  if (keyed.length && lastOriginal !== undefined && compareBytewise(lastOriginal, keyed[0].key) >= 0) {
    throw new PiraeusError(ErrorCodes.INVALID_INPUT,
      `image config key "${lastOriginal}" sorts after the digest-lock keys ("${keyed[0].key}"), so the lock cannot be applied; rename it`);
  }

  // Extra references.
  const references: Record<string, string> = {};
  for (const ref of options.extraReferences ?? []) {
    const d = lookup(ref, { path: ref });
    references[ref] = d !== undefined ? `${ref}@${d}` : ref;
  }

  // What still has no digest: resolve over originals + copies as the operator will.
  const resolver = new ImageResolver([...documents, ...keyed], { repository, externalVersion: version });
  const withoutDigest: UnlockedImage[] = [];
  for (const v of resolver.variants()) {
    if (!v.reachable || v.effective.digest !== '') continue;
    const ref = v.effective.newName + (v.effective.newTag !== '' ? `:${v.effective.newTag}` : '');
    const reason: UnlockedImage['reason'] = skipSatellite && v.component === SATELLITE_COMPONENT ? 'external-controller'
      : (() => { const hit = lookupDigest(lock, ref); return hit && ambiguous.has(hit.key) ? 'ambiguous' : 'not-in-lock'; })();
    withoutDigest.push({ document: v.document, component: v.component, variant: v.image, kind: v.kind, reference: ref, reason });
  }
  for (const u of withoutDigest) {
    diagnostics.push({
      code: LockDiagnosticCodes.DIGEST_MISSING, severity: 'warning',
      location: { key: u.document, component: u.component },
      message: u.reason === 'external-controller'
        ? `${u.reference} follows the external LINSTOR controller's version, unknown at synth time, so it cannot be locked; set externalControllerVersion to lock it.`
        : `the lock has no digest for ${u.reference} (variant "${u.variant}"); add it with \`cdk8s-piraeus lock import\`.`,
    });
  }

  const unused = Object.keys(lock.images).filter((k) => !used.has(k)).sort(compareCodeUnits);
  for (const k of unused) {
    diagnostics.push({
      code: LockDiagnosticCodes.LOCK_UNUSED, severity: 'warning', location: { path: k },
      message: `lock entry ${k} is used by no image of the deployment; remove it or check the tag.`,
    });
  }
  return {
    data, documents: keyed, used: [...used].sort(compareCodeUnits), unused, withoutDigest, references, diagnostics,
  };
}

function stripLines(c: ComponentConfig): ComponentConfig {
  return {
    tag: c.tag, image: c.image, digest: c.digest,
    match: c.match.map((m) => ({ osImage: m.osImage, image: m.image, precompiled: m.precompiled, digest: m.digest })),
  };
}

/**
 * Whether a ConfigMap key is one `lockDocuments` writes (with the default prefix). With an
 * external controller version, the resolver reports EXTERNAL_VERSION_SHADOWED for such a copy:
 * the copy carries the same `v<version>` tag, so the warning only restates that the version is
 * pinned at synth time, and callers may drop it.
 */
export function isDigestLockKey(key: string): boolean {
  return /^z*zz-digest-lock-\d+-/.test(key);
}

/** `prefix`, with extra leading `z`s until every existing key sorts before `<prefix>-`. */
function keyPrefix(keys: readonly string[], prefix: string): string {
  let p = prefix;
  while (keys.some((k) => compareBytewise(k, `${p}-`) >= 0)) p = `z${p}`;
  return p;
}

// ---------------------------------------------------------------------------------------------
// requireDigests
// ---------------------------------------------------------------------------------------------

/**
 * Every image the deployment can pull that has no digest (for `requireDigests`): reachable
 * variants as the resolver resolves them (environment included) and the operator image.
 */
export function checkDigests(
  resolver: ImageResolver, operatorImage: string, options: { readonly skipComponents?: readonly string[] } = {},
): MirrorImage[] {
  return collectImages(resolver, { operatorImage, skipComponents: options.skipComponents }).filter((i) => i.digest === '');
}

/** One line naming every image without digest and where it comes from. */
export function describeMissingDigests(missing: readonly MirrorImage[]): string {
  return `${missing.length} image(s) have no digest: `
    + missing.map((m) => `${m.reference} (${[...new Set(m.sources.map((s) => s.kind === 'operator' ? s.component : `${s.component}/${s.variant}`))].join(', ')})`).join('; ')
    + '. Add them to the digest lock (`cdk8s-piraeus images --format list`, resolve the digests, `cdk8s-piraeus lock import`).';
}

/** The error `requireDigests` raises, or undefined when every image has a digest. */
export function digestRequiredError(missing: readonly MirrorImage[], path?: string): PiraeusError | undefined {
  if (!missing.length) return undefined;
  return new PiraeusError(ErrorCodes.DIGEST_REQUIRED, describeMissingDigests(missing), path !== undefined ? { path } : undefined);
}
