/**
 * Faithful re-implementation of the parts of kustomize the operator relies on to put images into
 * its workloads:
 *
 * - `Split` (`kubernetes-sigs/kustomize:api/internal/image/image.go`), used for
 *   `RELATED_IMAGE_*` values and for every image value the image-tag transformer rewrites;
 * - `IsImageMatched` (same file), the placeholder pattern `^<name>(:tag)?(@sha256:digest)?$`
 *   built from the **unescaped** entry name;
 * - the image-tag updater (`api/filters/imagetag/updater.go`) that renders the new value.
 *
 * Every function here takes an entry as the operator builds it and looks at it as kustomize
 * receives it: through the operator's sigs.k8s.io/yaml round trip (`kustomizedEntry`), which
 * turns a U+0085 into a space. Nothing here validates anything: the point is to predict, byte for
 * byte, what kustomize writes, including the strange results (`a.io/img:v1:v2`). Use
 * `./reference` for strict validation.
 */
import type { RE2JS } from 're2js';
import { compileGoRegexp } from './go-regexp';
import { ImageEntry } from './types';
import { throughKustomization } from './yaml/quoted';

/** An image value split the way kustomize splits it. Absent parts are `""`. */
export interface SplitImage {
  /** Everything before the tag/digest separator (may be empty, e.g. for `:v1`). */
  readonly name: string;
  /** Text between the first `:` and the first `@` (or the end); never validated. */
  readonly tag: string;
  /** Text after the first `@`; never validated (may contain `:` and `@`). */
  readonly digest: string;
}

/**
 * kustomize `Split`: splits an image value into name, tag and digest.
 *
 * 1. If the value contains a `/` at a position > 0, only the part from the first `/` onwards is
 *    searched for separators (a registry `host:port` keeps its colon); otherwise the whole value.
 * 2. The first `@` and the first `:` of the searched part decide:
 *    neither → name only; `@` first (or no `:`) → name + digest; `:` first and an `@` → name +
 *    tag + digest; only `:` → name + tag.
 * 3. Nothing is validated.
 */
export function kustomizeSplit(value: string): SplitImage {
  let offset = value.indexOf('/');
  if (offset <= 0) offset = 0;
  const searched = value.slice(offset);
  const at = searched.indexOf('@');
  const colon = searched.indexOf(':');

  if (colon < 0 && at < 0) {
    return { name: value, tag: '', digest: '' };
  }
  if (at >= 0 && (at < colon || colon < 0)) {
    const id = at + offset;
    return { name: value.slice(0, id), tag: '', digest: value.slice(id + 1) };
  }
  if (at >= 0 && colon >= 0) {
    const id = at + offset;
    const ic = colon + offset;
    return { name: value.slice(0, ic), tag: value.slice(ic + 1, id), digest: value.slice(id + 1) };
  }
  const ic = colon + offset;
  return { name: value.slice(0, ic), tag: value.slice(ic + 1), digest: '' };
}

/**
 * The entry as kustomize's image transformer receives it: the operator writes its kustomization
 * with sigs.k8s.io/yaml.Marshal and kustomize reads it back, which changes a value holding U+0085
 * (see `throughKustomization`); every other value arrives as it is.
 */
export function kustomizedEntry(entry: ImageEntry): ImageEntry {
  const name = throughKustomization(entry.name);
  const newName = throughKustomization(entry.newName);
  const newTag = throughKustomization(entry.newTag);
  const digest = throughKustomization(entry.digest);
  if (name === entry.name && newName === entry.newName && newTag === entry.newTag && digest === entry.digest) return entry;
  return { name, newName, newTag, digest };
}

/**
 * What kustomize's image-tag updater writes for a container image `original` that the entry
 * matched (the match itself is not checked here; see `matchesPlaceholder`), with the entry's
 * values as kustomize receives them (`kustomizedEntry`).
 *
 * - name := `newName` if non-empty, else the original name;
 * - `newTag` and `digest` → `name:newTag@digest`;
 * - only `newTag` → `name:newTag` (an old digest is dropped);
 * - only `digest` → `name@digest` (an old tag is dropped);
 * - neither → the original tag and digest are kept.
 *
 * @param entry the kustomize `images:` entry
 * @param original the image value found in the template; defaults to the bare placeholder
 *   `entry.name`
 */
export function renderEntry(operatorEntry: ImageEntry, original?: string): string {
  const split = kustomizeSplit(original ?? operatorEntry.name);
  const entry = kustomizedEntry(operatorEntry);
  let name = split.name;
  let tag = split.tag;
  let digest = split.digest;

  if (entry.newName !== '') name = entry.newName;

  if (entry.newTag !== '' && entry.digest !== '') {
    tag = entry.newTag;
    digest = entry.digest;
  } else if (entry.newTag !== '') {
    tag = entry.newTag;
    digest = '';
  } else if (entry.digest !== '') {
    tag = '';
    digest = entry.digest;
  }

  let out = name;
  if (tag !== '') out += ':' + tag;
  if (digest !== '') out += '@' + digest;
  return out;
}

/** Suffix kustomize appends to the (unescaped) entry name. */
const PATTERN_SUFFIX = '(:[a-zA-Z0-9_.{}-]*)?(@sha256:[a-zA-Z0-9_.{}-]*)?$';

/**
 * The regular expression kustomize builds for an entry name: `^` + name (not escaped, so `.` is a
 * wildcard and `|` splits the pattern) + `(:[a-zA-Z0-9_.{}-]*)?(@sha256:[a-zA-Z0-9_.{}-]*)?$`,
 * with the name as kustomize receives it (`throughKustomization`).
 */
export function placeholderPattern(name: string): string {
  return '^' + throughKustomization(name) + PATTERN_SUFFIX;
}

/**
 * Names of only these characters are literal patterns (`.` matches itself as well), so they
 * compile and match their own text: known without compiling, which is most of a cold start's
 * pattern work (every component of every document asks).
 */
const LITERAL_NAME = /^[A-Za-z0-9_./:@-]*$/;

/** A compiled placeholder pattern, or why Go RE2 rejects it. */
type CompiledPlaceholder = { readonly re: RE2JS } | { readonly error: string };

/** Compiled patterns by entry name. */
const patternCache = new Map<string, CompiledPlaceholder>();
/** Upper bound on cached names, so a stream of hostile names cannot grow memory without limit. */
const PATTERN_CACHE_MAX = 4096;

function compiledPattern(name: string): CompiledPlaceholder {
  const cached = patternCache.get(name);
  if (cached !== undefined) return cached;
  let compiled: CompiledPlaceholder;
  try {
    compiled = { re: compileGoRegexp(placeholderPattern(name)) };
  } catch (e) {
    compiled = { error: (e instanceof Error ? e.message : String(e)).replace(/^error parsing regexp: /, '') };
  }
  if (patternCache.size >= PATTERN_CACHE_MAX) patternCache.clear();
  patternCache.set(name, compiled);
  return compiled;
}

/**
 * Whether the pattern built from `name` compiles with Go RE2 semantics. kustomize fails the whole
 * build on an invalid pattern (older versions panic), so the operator renders nothing;
 * `matchesPlaceholder` calls it "no match". The analysis reports `false` as
 * PLACEHOLDER_PATTERN_INVALID.
 */
export function placeholderPatternValid(name: string): boolean {
  return LITERAL_NAME.test(name) || 're' in compiledPattern(name);
}

/** Why the pattern built from `name` does not compile, or undefined when it does. */
export function placeholderPatternError(name: string): string | undefined {
  if (LITERAL_NAME.test(name)) return undefined;
  const compiled = compiledPattern(name);
  return 'error' in compiled ? compiled.error : undefined;
}

/**
 * kustomize `IsImageMatched`: whether the image-tag transformer for entry `name` rewrites the image
 * value `imageValue`. Like Go's `regexp.MatchString`, the pattern (which carries its own `^` and
 * `$`) is searched in the value; for names without regex metacharacters that is a whole-string
 * match. An invalid pattern is "no match".
 */
export function matchesPlaceholder(name: string, imageValue: string): boolean {
  if (imageValue === name && LITERAL_NAME.test(name)) return true;
  const compiled = compiledPattern(name);
  return 're' in compiled && compiled.re.test(imageValue);
}

/**
 * What kustomize writes into a container whose image is the bare placeholder `entry.name`: the
 * rendered entry when the name's pattern matches its own text, else the placeholder unchanged.
 * A name with regexp metacharacters (`a+b`, `x\d`, `6.777217e+06`) or one whose pattern does
 * not compile never replaces its own placeholder.
 */
export function placeholderImage(entry: ImageEntry): string {
  return matchesPlaceholder(entry.name, entry.name) ? renderEntry(entry) : entry.name;
}

/** Whether the pattern built from `name` compiles but does not match the text `name` itself. */
export function placeholderSelfUnmatched(name: string): boolean {
  return placeholderPatternValid(name) && !matchesPlaceholder(name, name);
}

/** Options for `applyEntries`. */
export interface ApplyEntriesOptions {
  /**
   * How many times each entry is applied to the value. kustomize's ImageTag transformer runs a
   * legacy pass (every `containers`/`initContainers` element anywhere) and then a field-spec pass
   * (`spec/containers[]/image`, `spec/template/spec/containers[]/image`, ...), so an image at a
   * standard location is offered to each entry twice; an image found by only one of the passes
   * (e.g. a CronJob's containers, or `spec/volumes[]/image/reference`) once. Default 2. The
   * second pass only matters for contrived names whose output matches their own pattern again.
   */
  readonly passes?: 1 | 2;
}

/**
 * Applies entries to one image value in the given order, the way kustomize's ImageTag
 * transformers do: every entry whose pattern matches the current value rewrites it (so a later
 * entry may rewrite an earlier entry's output). Returns the final value and the last entry that
 * changed it (undefined when none did).
 */
export function applyEntries(
  imageValue: string,
  entries: readonly ImageEntry[],
  options: ApplyEntriesOptions = {},
): { image: string; entry?: ImageEntry } {
  const passes = options.passes ?? 2;
  let image = imageValue;
  let changedBy: ImageEntry | undefined;
  for (const entry of entries) {
    for (let pass = 0; pass < passes; pass++) {
      if (!matchesPlaceholder(entry.name, image)) continue;
      const next = renderEntry(entry, image);
      if (next !== image) {
        image = next;
        changedBy = entry;
      }
    }
  }
  return changedBy === undefined ? { image } : { image, entry: changedBy };
}
