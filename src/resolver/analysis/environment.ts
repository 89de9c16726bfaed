/** ENV_UNUSED: operator environment variables that change no image. */
import { Environment, RELATED_IMAGE_PREFIX, relatedImageNames } from '../resolve';
import { Diagnostic, DiagnosticCodes } from '../types';
import { compareCodeUnits } from '../util';
import { ImageVariant } from '../variants';
import { warning } from './site';

/**
 * Each variable, in name order, that is not RELATED_IMAGE_*, is empty (the operator treats that as
 * unset), or names no (component, image) any variant consults.
 */
export function unusedEnvironment(variants: readonly ImageVariant[], env: Environment): Diagnostic[] {
  const consulted = new Set<string>();
  for (const v of variants) for (const n of relatedImageNames(v.component, v.image)) consulted.add(n);
  const out: Diagnostic[] = [];
  for (const name of [...env.keys()].sort(compareCodeUnits)) {
    if (!name.startsWith(RELATED_IMAGE_PREFIX)) {
      out.push(warning(DiagnosticCodes.ENV_UNUSED, `environment variable ${name} has no effect on images: only RELATED_IMAGE_* variables do.`, { path: name }));
    } else if (env.get(name) === '') {
      out.push(warning(DiagnosticCodes.ENV_UNUSED, `${name} is empty, and the operator treats an empty value as unset.`, { path: name }));
    } else if (!consulted.has(name)) {
      out.push(warning(DiagnosticCodes.ENV_UNUSED,
        `${name} is never consulted: no document defines a component and image it names `
        + '(the operator looks up RELATED_IMAGE_<component>_<image>, then RELATED_IMAGE_<component>; names are case-sensitive).',
        { path: name }));
    }
  }
  return out;
}
