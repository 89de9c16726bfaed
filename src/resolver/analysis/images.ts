/** UNTAGGED_IMAGE and REFERENCE_INVALID: what a reachable variant resolves to. */
import { renderEntry } from '../kustomize';
import { validateReference } from '../reference';
import { Diagnostic, DiagnosticCodes } from '../types';
import { ImageVariant } from '../variants';
import { warning } from './site';

function variantLabel(v: ImageVariant): string {
  return v.kind === 'rule' ? `match rule ${v.ruleIndex} (image ${JSON.stringify(v.image)})` : 'the fallback image';
}

function variantLocation(v: ImageVariant): Diagnostic['location'] {
  return { key: v.document, component: v.component, line: v.line };
}

/** UNTAGGED_IMAGE: the variant resolves to an image with neither tag nor digest ("latest"). */
export function untaggedImage(v: ImageVariant): Diagnostic | undefined {
  const e = v.effective;
  if (!v.reachable || e.newTag !== '' || e.digest !== '') return undefined;
  return warning(DiagnosticCodes.UNTAGGED_IMAGE,
    `${variantLabel(v)} resolves to "${renderEntry(e)}" with neither tag nor digest: the runtime pulls "latest". `
    + (v.provenance.envVar ? `Add a tag to ${v.provenance.envVar}.` : 'Set `tag` or `digest`.'),
    variantLocation(v));
}

/**
 * REFERENCE_INVALID: the variant resolves to a string that is not an image reference. Names
 * starting with "/" are left to EMPTY_BASE; the caller reports each image once.
 */
export function invalidReference(v: ImageVariant): Diagnostic | undefined {
  if (!v.reachable || v.effective.newName.startsWith('/')) return undefined;
  const image = renderEntry(v.effective);
  const reason = validateReference(image);
  if (reason === undefined) return undefined;
  return warning(DiagnosticCodes.REFERENCE_INVALID,
    `${variantLabel(v)} resolves to "${image}", which is not a valid image reference: ${reason}.`, variantLocation(v));
}
