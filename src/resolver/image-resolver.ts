/**
 * The resolver as callers use it: documents and options in, resolutions per OS string out, with
 * every pattern compiled once, every distinct OS string resolved once, and the configuration's
 * silent pitfalls reported as diagnostics.
 */
import { analyse } from './analysis';
import { applyExternalVersion } from './external';
import {
  compileDocument, CompiledDocument, Environment, ResolveContext, resolveCompiled, toEnvironment,
} from './resolve';
import { Diagnostic, ImageConfigDocument, Resolution } from './types';
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
  /**
   * The image placeholders the release's workloads use (`WorkloadTemplates.placeholders`):
   * `diagnostics()` reports every component outside them (UNKNOWN_COMPONENT_NAME).
   * @default - component names are not checked
   */
  readonly placeholders?: readonly string[];
  /**
   * Nodes' OS strings (an inventory, or those asked about) for which `diagnostics()` reports a
   * changed resolution when a later document replaces a component's rules (RULES_REPLACED),
   * besides the well-known OS images of the default rules.
   * @default - the well-known OS images only
   */
  readonly osImages?: readonly string[];
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
  private readonly placeholders?: readonly string[];
  private readonly osImages?: readonly string[];
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
    this.placeholders = options.placeholders ? [...options.placeholders] : undefined;
    this.osImages = options.osImages ? [...options.osImages] : undefined;
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
    if (!this.diagnosticCache) this.diagnosticCache = analyse({
      docs: this.compiled, variants: this.variants(), ctx: this.ctx, placeholders: this.placeholders, osImages: this.osImages,
    });
    return this.diagnosticCache;
  }
}
