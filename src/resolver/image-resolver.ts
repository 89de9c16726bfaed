/**
 * The resolver as callers use it: documents and options in, resolutions per OS string out, with
 * every pattern compiled once, every distinct OS string resolved once, and the configuration's
 * silent pitfalls reported as diagnostics.
 */
import { applyExternalVersion, SATELLITE_COMPONENT } from './external';
import { matchesPlaceholder, renderEntry } from './kustomize';
import { validateDigest, validateReference } from './reference';
import {
  compileDocument, CompiledDocument, Environment, RELATED_IMAGE_PREFIX, relatedImageNames,
  ResolveContext, resolveCompiled, toEnvironment,
} from './resolve';
import { Diagnostic, DiagnosticCodes, ImageConfigDocument, Resolution } from './types';
import { compareCodeUnits } from './util';
import { ImageVariant, listVariants } from './variants';

/** Options that apply to every resolution. */
export interface ImageResolverOptions {
  /**
   * `LinstorCluster.spec.repository`: replaces the base of every document.
   * @default - each document keeps its own base
   */
  readonly repository?: string;
  /**
   * The operator container's environment; only `RELATED_IMAGE_*` names matter.
   * @default - no variables
   */
  readonly env?: Readonly<Record<string, string>> | ReadonlyMap<string, string>;
  /**
   * Version reported by an external LINSTOR controller (e.g. `1.31.2`); applies the satellite
   * controller's adjustment. Cluster-level resolution (`resolveCluster`) ignores it, as the
   * cluster controller does.
   * @default - no external controller
   */
  readonly externalVersion?: string;
}

/** Resolves images exactly as the Piraeus Operator would. */
export class ImageResolver {
  /** The documents in the order the operator reads them (byte-wise key order, as given). */
  public readonly documents: readonly ImageConfigDocument[];
  /** Key of the document the external version was applied to, if any. */
  public readonly externalDocument?: string;
  private readonly compiled: readonly CompiledDocument[];
  private readonly clusterCompiled: readonly CompiledDocument[];
  private readonly ctx: ResolveContext;
  private readonly clusterCtx: ResolveContext;
  private readonly memo = new Map<string, Resolution>();
  private clusterMemo?: Resolution;
  private variantCache?: readonly ImageVariant[];
  private diagnosticCache?: readonly Diagnostic[];

  /**
   * @param documents decoded documents, already in the operator's order
   * @throws PiraeusError NO_SATELLITE_COMPONENT when `externalVersion` is set and no document
   *   defines `linstor-satellite`
   */
  public constructor(documents: readonly ImageConfigDocument[], options: ImageResolverOptions = {}) {
    const env: Environment = toEnvironment(options.env);
    const repository = options.repository ?? '';
    this.clusterCompiled = documents.map((document) => ({ document, components: compileDocument(document) }));
    this.clusterCtx = { repository, env };
    if (options.externalVersion !== undefined) {
      const adjusted = applyExternalVersion(documents, options.externalVersion);
      this.documents = adjusted.documents;
      this.externalDocument = adjusted.changedKey;
      this.compiled = adjusted.documents.map((document) => ({ document, components: compileDocument(document) }));
    } else {
      this.documents = documents;
      this.compiled = this.clusterCompiled;
    }
    this.ctx = { repository, env, externalDocument: this.externalDocument };
  }

  /** What the satellite controller resolves for a node with this `status.nodeInfo.osImage`. */
  public resolve(osImage: string): Resolution {
    let hit = this.memo.get(osImage);
    if (!hit) {
      hit = resolveCompiled(this.compiled, osImage, this.ctx);
      this.memo.set(osImage, hit);
    }
    return hit;
  }

  /** What the cluster controller resolves: the empty OS string, no external version. */
  public resolveCluster(): Resolution {
    if (!this.clusterMemo) this.clusterMemo = resolveCompiled(this.clusterCompiled, '', this.clusterCtx);
    return this.clusterMemo;
  }

  /** Every image each component can resolve to, per document and OS variant (see `listVariants`). */
  public variants(): readonly ImageVariant[] {
    if (!this.variantCache) this.variantCache = listVariants(this.compiled, this.ctx);
    return this.variantCache;
  }

  /** Names of every component some document defines, sorted. */
  public components(): string[] {
    const names = new Set<string>();
    for (const d of this.documents) for (const name of d.components.keys()) names.add(name);
    return [...names].sort(compareCodeUnits);
  }

  /** The configuration's pitfalls that do not depend on a node (see `DiagnosticCodes`). */
  public diagnostics(): readonly Diagnostic[] {
    if (!this.diagnosticCache) this.diagnosticCache = analyse(this.compiled, this.variants(), this.ctx);
    return this.diagnosticCache;
  }
}

function analyse(
  docs: readonly CompiledDocument[], variants: readonly ImageVariant[], ctx: ResolveContext,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const warn = (code: string, message: string, location: Diagnostic['location']) =>
    out.push({ code, severity: 'warning', message, location });

  for (const { document, components } of docs) {
    let emptyBaseReported = false;
    for (const { name, config, patterns } of components) {
      const where = { key: document.key, component: name };
      config.match.forEach((rule, i) => {
        const error = patterns[i].error;
        if (error !== undefined) {
          warn(DiagnosticCodes.PATTERN_INVALID,
            `match rule ${i} osImage pattern ${JSON.stringify(rule.osImage)} does not compile as a Go regular `
            + `expression (${error}); the operator silently treats it as "no match", so image `
            + `${JSON.stringify(rule.image)} is never used. Fix the pattern.`,
            { ...where, line: rule.line });
        }
        if (rule.digest !== '') checkDigest(rule.digest, `match rule ${i}`, { ...where, line: rule.line });
      });
      if (config.digest !== '') checkDigest(config.digest, 'the component', { ...where, line: config.line });
      if (config.image === '' && config.match.length === 0) {
        warn(DiagnosticCodes.NO_IMAGE,
          'sets no image and no match rules, so the operator ignores it: it neither overrides an earlier '
          + 'document nor changes the tag. To override only the tag, repeat `image` in this document.',
          { ...where, line: config.line });
      }
      const base = ctx.repository !== '' ? ctx.repository : document.base;
      if (base === '' && !emptyBaseReported && (config.image !== '' || config.match.length > 0)) {
        emptyBaseReported = true;
        warn(DiagnosticCodes.EMPTY_BASE,
          'the document has no base (and no repository is set), so image names start with "/" '
          + '(e.g. "/' + (config.image || config.match[0].image) + '"), which no runtime can pull. Set `base`.',
          { key: document.key, line: document.baseLine });
      }
    }
  }

  const seenImages = new Set<string>();
  for (const v of variants) {
    if (!v.reachable) continue;
    const where = { key: v.document, component: v.component, line: v.line };
    const label = v.kind === 'rule' ? `match rule ${v.ruleIndex} (image ${JSON.stringify(v.image)})` : 'the fallback image';
    const e = v.effective;
    if (e.newTag === '' && e.digest === '') {
      warn(DiagnosticCodes.UNTAGGED_IMAGE,
        `${label} resolves to "${renderEntry(e)}" with neither tag nor digest: the runtime pulls "latest". `
        + (v.provenance.envVar ? `Add a tag to ${v.provenance.envVar}.` : 'Set `tag` or `digest`.'),
        where);
    }
    const image = renderEntry(e);
    const startsWithSlash = e.newName.startsWith('/');
    if (!startsWithSlash && !seenImages.has(image)) {
      seenImages.add(image);
      const reason = validateReference(image);
      if (reason !== undefined) {
        warn(DiagnosticCodes.REFERENCE_INVALID,
          `${label} resolves to "${image}", which is not a valid image reference: ${reason}.`, where);
      }
    }
  }

  // §6.4: an image that is itself a placeholder of another component is rewritten again, in an
  // order the operator does not define.
  // Only a name with regex metacharacters can match a string other than itself (plus tag and
  // digest); exact names are looked up, so this stays linear for thousands of components.
  const exact = new Set<string>();
  const patterned: string[] = [];
  for (const c of new Set(variants.map((v) => v.component))) {
    if (/^[-a-zA-Z0-9_]+$/.test(c)) exact.add(c);
    else patterned.push(c);
  }
  const collided = new Set<string>();
  // Patterned names are tried one by one against every image; past a few dozen (never seen
  // outside hostile input) only exact names are checked, which keeps the analysis linear.
  const tried = patterned.length <= 64 ? patterned : [];
  if (tried.length < patterned.length) {
    warn(DiagnosticCodes.PLACEHOLDER_COLLISION, `${patterned.length} component names contain regular-expression `
      + 'characters (such as "."); images were checked against them only where a name matches exactly.', {});
  }
  for (const v of variants) {
    if (!v.reachable) continue;
    const image = renderEntry(v.effective);
    const head = /^[^:@]*/.exec(image)![0];
    for (const other of [...(exact.has(head) ? [head] : []), ...tried]) {
      if (other === v.component || !matchesPlaceholder(other, image)) continue;
      const key = `${v.component}\u0000${other}\u0000${image}`;
      if (collided.has(key)) continue;
      collided.add(key);
      warn(DiagnosticCodes.PLACEHOLDER_COLLISION,
        `resolves to "${image}", which is also the placeholder of component "${other}": kustomize may replace it again, `
        + 'in an order the operator leaves undefined. Use a full image reference.',
        { key: v.document, component: v.component, line: v.line, ...(v.provenance.envVar ? { path: v.provenance.envVar } : {}) });
    }
  }

  if (ctx.externalDocument !== undefined) {
    const changed = docs.findIndex((d) => d.document.key === ctx.externalDocument);
    for (const d of docs.slice(changed + 1)) {
      const satellite = d.document.components.get(SATELLITE_COMPONENT);
      if (!satellite?.image) continue;
      warn(DiagnosticCodes.EXTERNAL_VERSION_SHADOWED,
        `defines linstor-satellite after "${ctx.externalDocument}", which got the external controller's `
        + 'version; this later document wins, so the satellite does not follow the external version.',
        { key: d.document.key, component: SATELLITE_COMPONENT, line: satellite.line });
    }
  }

  // Variables nothing consults.
  const consulted = new Set<string>();
  for (const v of variants) for (const n of relatedImageNames(v.component, v.image)) consulted.add(n);
  for (const name of [...ctx.env.keys()].sort(compareCodeUnits)) {
    if (!name.startsWith(RELATED_IMAGE_PREFIX)) {
      warn(DiagnosticCodes.ENV_UNUSED, `environment variable ${name} has no effect on images: only RELATED_IMAGE_* variables do.`, { path: name });
    } else if (ctx.env.get(name) === '') {
      warn(DiagnosticCodes.ENV_UNUSED, `${name} is empty, and the operator treats an empty value as unset.`, { path: name });
    } else if (!consulted.has(name)) {
      warn(DiagnosticCodes.ENV_UNUSED,
        `${name} is never consulted: no document defines a component and image it names `
        + '(the operator looks up RELATED_IMAGE_<component>_<image>, then RELATED_IMAGE_<component>; names are case-sensitive).',
        { path: name });
    }
  }
  return out;

  function checkDigest(digest: string, what: string, location: Diagnostic['location']): void {
    const reason = validateDigest(digest);
    if (reason !== undefined) {
      warn(DiagnosticCodes.DIGEST_MALFORMED,
        `${what} has digest ${JSON.stringify(digest)}, which is malformed (${reason}); the operator `
        + 'passes it through and the pull fails. Use "sha256:" followed by 64 lower-case hex characters.',
        location);
    }
  }
}
