/**
 * Applying a digest lock to the operator's image ConfigMap (`lockDocuments`).
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
import { ErrorCodes, PiraeusError } from '../../errors';
import { encodeDocument } from '../../resolver/encode';
import { applyExternalVersion, SATELLITE_COMPONENT } from '../../resolver/external';
import { ImageResolver } from '../../resolver/image-resolver';
import { decodeImageDocument } from '../../resolver/on-demand';
import { compareBytewise } from '../../resolver/order';
import { ComponentConfig, Diagnostic, ImageConfigDocument, OsMatch } from '../../resolver/types';
import { compareCodeUnits } from '../../resolver/util';
import { DigestLock, lookupDigest, repositoryTags } from './format';

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

/** Prefix of the copies' keys unless `LockDocumentsOptions.keyPrefix` says otherwise. */
export const DEFAULT_LOCK_KEY_PREFIX = 'zz-digest-lock';

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
   * @default DEFAULT_LOCK_KEY_PREFIX
   */
  readonly keyPrefix?: string;
  /**
   * Whether `diagnostics` names every reachable variant without digest (DIGEST_MISSING). A caller
   * that checks the final images (environment and operator image included) says false.
   * @default true
   */
  readonly reportMissingDigests?: boolean;
  /**
   * Where the lock came from: the place of the warnings that have none of their own.
   * @default - such warnings name no place
   */
  readonly source?: string;
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
  /** The same copies as the operator decodes them from `data`, in order. */
  readonly documents: readonly ImageConfigDocument[];
  /** Lock keys some image uses, sorted. */
  readonly used: readonly string[];
  /** Lock keys no image uses, sorted (a warning each in `diagnostics`). */
  readonly unused: readonly string[];
  /** Reachable variants that still have no digest. */
  readonly withoutDigest: readonly UnlockedImage[];
  /** `extraReferences`, each mapped to its locked form (unchanged when the lock does not know it). */
  readonly references: Readonly<Record<string, string>>;
  /** LOCK_UNUSED, LOCK_AMBIGUOUS, LOCK_CONFLICT and (unless turned off) DIGEST_MISSING warnings. */
  readonly diagnostics: readonly Diagnostic[];
}

/** The documents as the satellite controller sees them, and what the lock applies to. */
interface LockScope {
  readonly repository: string;
  readonly version?: string;
  /** An external controller without known version: the satellite cannot be locked. */
  readonly skipSatellite: boolean;
  /** The documents with the external version applied. */
  readonly documents: readonly ImageConfigDocument[];
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
  const scope = lockScope(documents, options);
  const extra = options.extraReferences ?? [];
  const matcher = new LockMatcher(lock, repositoryTags([...renderedImages(scope), ...extra], (r) => r.digest === ''));
  const locked = scope.documents.map((doc) => lockComponents(doc, scope, matcher));
  const copies = keyCopies(documents, copyDocuments(locked), options.keyPrefix ?? DEFAULT_LOCK_KEY_PREFIX);
  const references: Record<string, string> = {};
  for (const ref of extra) {
    const digest = matcher.digestFor(ref, { path: ref });
    references[ref] = digest !== undefined ? `${ref}@${digest}` : ref;
  }
  const withoutDigest = unlockedImages(new ImageResolver([...documents, ...copies.documents], {
    repository: scope.repository, externalVersion: scope.version,
  }), scope, matcher);
  const unused = Object.keys(lock.images).filter((k) => !matcher.used.has(k)).sort(compareCodeUnits);
  const diagnostics = [
    ...matcher.diagnostics,
    ...(options.reportMissingDigests === false ? [] : withoutDigest.map(missingDigestWarning)),
    ...unused.map(unusedEntryWarning),
  ];
  return {
    data: copies.data, documents: copies.documents, used: [...matcher.used].sort(compareCodeUnits), unused, withoutDigest,
    references, diagnostics: options.source === undefined ? diagnostics : diagnostics.map((d) => placedAt(d, options.source!)),
  };
}

function lockScope(documents: readonly ImageConfigDocument[], options: LockDocumentsOptions): LockScope {
  const version = options.externalControllerVersion;
  return {
    repository: options.repository ?? '',
    version,
    skipSatellite: (options.externalController ?? false) && version === undefined,
    documents: version !== undefined ? applyExternalVersion(documents, version).documents : [...documents],
  };
}

function locks(scope: LockScope, component: string): boolean {
  return !(scope.skipSatellite && component === SATELLITE_COMPONENT);
}

function rendered(base: string, image: string, tag: string): string {
  return `${base}/${image}${tag !== '' ? `:${tag}` : ''}`;
}

/** Every image without digest the documents name, as rendered: the uses of a tagless entry. */
function renderedImages(scope: LockScope): string[] {
  const out: string[] = [];
  for (const doc of scope.documents) {
    const base = scope.repository !== '' ? scope.repository : doc.base;
    for (const [name, c] of doc.components) {
      if (!locks(scope, name)) continue;
      if (c.image !== '' && c.digest === '') out.push(rendered(base, c.image, c.tag));
      for (const m of c.match) if (m.digest === '') out.push(rendered(base, m.image, c.tag));
    }
  }
  return out;
}

/**
 * Looks references up in the lock, remembering which entries are used and warning once per
 * tagless entry that could mean several images (refused) and per configured digest that differs.
 */
class LockMatcher {
  public readonly used = new Set<string>();
  public readonly ambiguous = new Set<string>();
  public readonly diagnostics: Diagnostic[] = [];

  public constructor(private readonly lock: DigestLock, private readonly tagsByRepository: ReadonlyMap<string, ReadonlySet<string>>) {}

  /** The lock's digest for a reference without digest, or undefined. */
  public digestFor(ref: string, where: Diagnostic['location']): string | undefined {
    const hit = lookupDigest(this.lock, ref);
    if (!hit) return undefined;
    const tags = hit.repositoryOnly ? [...(this.tagsByRepository.get(hit.key) ?? [])].sort(compareCodeUnits) : [];
    if (tags.length > 1) {
      if (!this.ambiguous.has(hit.key)) {
        this.ambiguous.add(hit.key);
        this.diagnostics.push({
          code: LockDiagnosticCodes.LOCK_AMBIGUOUS, severity: 'warning', location: where,
          message: `lock entry ${hit.key} has no tag, but the deployment uses ${hit.key} with tags `
            + `${tags.map((t) => t || '(none)').join(', ')}; it is not applied. Lock "name:tag" references instead.`,
        });
      }
      return undefined;
    }
    this.used.add(hit.key);
    return hit.digest;
  }

  /** A reference the configuration already pins: the entry counts as used; a different digest is a conflict. */
  public checkConfigured(ref: string, configured: string, where: Diagnostic['location']): void {
    const hit = lookupDigest(this.lock, ref);
    if (!hit) return;
    this.used.add(hit.key);
    if (hit.digest === configured) return;
    this.diagnostics.push({
      code: LockDiagnosticCodes.LOCK_CONFLICT, severity: 'warning', location: where,
      message: `the configuration pins ${ref} to ${configured}, the lock (${hit.key}) to ${hit.digest}; `
        + 'the configured digest is kept. Update the configuration or the lock.',
    });
  }

  /** Whether the reference's entry was refused as ambiguous. */
  public refused(ref: string): boolean {
    const hit = lookupDigest(this.lock, ref);
    return hit !== undefined && this.ambiguous.has(hit.key);
  }
}

/** One document's lockable components with the lock's digests filled in, and which changed. */
interface LockedComponents {
  readonly source: ImageConfigDocument;
  readonly components: ReadonlyMap<string, ComponentConfig>;
  readonly changed: ReadonlySet<string>;
}

function lockComponents(doc: ImageConfigDocument, scope: LockScope, matcher: LockMatcher): LockedComponents {
  const base = scope.repository !== '' ? scope.repository : doc.base;
  const components = new Map<string, ComponentConfig>();
  const changed = new Set<string>();
  for (const [name, c] of doc.components) {
    if (!locks(scope, name)) continue;
    const where = { key: doc.key, component: name };
    const fallback = c.image !== '' ? lockDigest(rendered(base, c.image, c.tag), c.digest, { ...where, line: c.line }, matcher) : c.digest;
    let rulesChanged = false;
    const match: OsMatch[] = c.match.map((m) => {
      const digest = lockDigest(rendered(base, m.image, c.tag), m.digest, { ...where, line: m.line }, matcher);
      if (digest === m.digest) return m;
      rulesChanged = true;
      return { ...m, digest };
    });
    components.set(name, { ...c, digest: fallback, match });
    if (fallback !== c.digest || rulesChanged) changed.add(name);
  }
  return { source: doc, components, changed };
}

/** The digest an image gets: the configured one if any (checked against the lock), else the lock's, else none. */
function lockDigest(ref: string, configured: string, where: Diagnostic['location'], matcher: LockMatcher): string {
  if (configured !== '') {
    matcher.checkConfigured(ref, configured, where);
    return configured;
  }
  return matcher.digestFor(ref, where) ?? '';
}

/** A copy without key, and the document it copies. */
interface Copy {
  readonly source: ImageConfigDocument;
  readonly components: ReadonlyMap<string, ComponentConfig>;
}

/**
 * The copies: per document, every component from the first document whose copy changes it
 * onwards, so that replaying them repeats the original merge.
 */
function copyDocuments(locked: readonly LockedComponents[]): Copy[] {
  const firstChanged = new Map<string, number>();
  locked.forEach((l, index) => {
    for (const name of l.changed) if (!firstChanged.has(name)) firstChanged.set(name, index);
  });
  const copies: Copy[] = [];
  locked.forEach(({ source, components: lockedComponents }, index) => {
    const components = new Map<string, ComponentConfig>();
    for (const [name, c] of lockedComponents) {
      const first = firstChanged.get(name);
      if (first !== undefined && index >= first) components.set(name, c);
    }
    if (components.size) copies.push({ source, components });
  });
  return copies;
}

/**
 * The copies under keys after every original key, as ConfigMap entries and as the operator
 * decodes them.
 * @throws PiraeusError INVALID_INPUT when an original key would still sort after them
 */
function keyCopies(
  originals: readonly ImageConfigDocument[], copies: readonly Copy[], requestedPrefix: string,
): { data: Record<string, string>; documents: ImageConfigDocument[] } {
  const prefix = keyPrefix(originals.map((d) => d.key), requestedPrefix);
  const width = Math.max(2, String(copies.length - 1).length);
  const data: Record<string, string> = {};
  const documents = copies.map((copy, i) => {
    const key = `${prefix}-${String(i).padStart(width, '0')}-${copy.source.key}`.slice(0, 253);
    data[key] = encodeDocument({ base: copy.source.base, components: copy.components });
    return decodeImageDocument(key, data[key]).document;
  });
  const lastOriginal = originals.map((d) => d.key).sort(compareBytewise).pop();
  const [firstCopy] = documents;
  if (firstCopy !== undefined && lastOriginal !== undefined && compareBytewise(lastOriginal, firstCopy.key) >= 0) {
    throw new PiraeusError(ErrorCodes.INVALID_INPUT,
      `image config key "${lastOriginal}" sorts after the digest-lock keys ("${firstCopy.key}"), so the lock cannot be applied; rename it`);
  }
  return { data, documents };
}

/** `prefix`, with extra leading `z`s until every existing key sorts before `<prefix>-`. */
function keyPrefix(keys: readonly string[], prefix: string): string {
  let p = prefix;
  while (keys.some((k) => compareBytewise(k, `${p}-`) >= 0)) p = `z${p}`;
  return p;
}

/**
 * Whether a ConfigMap key is one `lockDocuments` writes with this key prefix (the default
 * unless given), including the `z`s added to sort after existing keys.
 */
export function isDigestLockKey(key: string, prefix: string = DEFAULT_LOCK_KEY_PREFIX): boolean {
  const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^z*${escaped}-\\d+-`).test(key);
}

/** What still has no digest, resolved over originals and copies as the operator will. */
function unlockedImages(resolver: ImageResolver, scope: LockScope, matcher: LockMatcher): UnlockedImage[] {
  const out: UnlockedImage[] = [];
  for (const v of resolver.variants()) {
    if (!v.reachable || v.effective.digest !== '') continue;
    const reference = v.effective.newName + (v.effective.newTag !== '' ? `:${v.effective.newTag}` : '');
    const reason: UnlockedImage['reason'] = !locks(scope, v.component) ? 'external-controller'
      : matcher.refused(reference) ? 'ambiguous' : 'not-in-lock';
    out.push({ document: v.document, component: v.component, variant: v.image, kind: v.kind, reference, reason });
  }
  return out;
}

function missingDigestWarning(u: UnlockedImage): Diagnostic {
  return {
    code: LockDiagnosticCodes.DIGEST_MISSING, severity: 'warning',
    location: { key: u.document, component: u.component },
    message: u.reason === 'external-controller'
      ? `${u.reference} follows the external LINSTOR controller's version, unknown at synth time, so it cannot be locked; set externalControllerVersion to lock it.`
      : `the lock has no digest for ${u.reference} (variant "${u.variant}"); add it with \`cdk8s-piraeus lock import\`.`,
  };
}

function unusedEntryWarning(key: string): Diagnostic {
  return {
    code: LockDiagnosticCodes.LOCK_UNUSED, severity: 'warning', location: { path: key },
    message: `lock entry ${key} is used by no image of the deployment; remove it or check the tag.`,
  };
}

function placedAt(d: Diagnostic, source: string): Diagnostic {
  return { ...d, location: { ...d.location, path: d.location.path ?? source } };
}
