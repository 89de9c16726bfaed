/**
 * What the checks of the configuration look at: a component of one document, or the whole
 * configuration with its variants and context. Pure data.
 */
import { CompiledComponent, CompiledDocument, ResolveContext } from '../resolve';
import { Diagnostic, ImageConfigDocument } from '../types';
import { ImageVariant } from '../variants';

/** One component as one document defines it, with its patterns compiled. */
export interface ComponentSite {
  readonly document: ImageConfigDocument;
  readonly component: CompiledComponent;
}

/** Everything the analysis reads. */
export interface AnalysisInput {
  /** The documents in the operator's order (after the external-version adjustment, if any). */
  readonly docs: readonly CompiledDocument[];
  /** Every variant of `docs`, in `listVariants` order. */
  readonly variants: readonly ImageVariant[];
  readonly ctx: ResolveContext;
  /**
   * The image placeholders the release's workloads use; components outside it are reported.
   * @default - component names are not checked
   */
  readonly placeholders?: readonly string[];
  /**
   * OS strings whose resolution a replaced rule set is reported for, besides the well-known ones
   * (a node inventory, the OS images asked about).
   * @default - the well-known OS images only
   */
  readonly osImages?: readonly string[];
}

/** A warning: the severity every check of the configuration reports. */
export function warning(code: string, message: string, location: Diagnostic['location']): Diagnostic {
  return { code, severity: 'warning', message, location };
}

/** Location of a component site: its document key, component and line. */
export function siteLocation(site: ComponentSite, line: number | undefined): Diagnostic['location'] {
  return { key: site.document.key, component: site.component.name, line };
}
