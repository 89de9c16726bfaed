/** EXTERNAL_VERSION_SHADOWED: a later document takes the satellite away from the external version. */
import { SATELLITE_COMPONENT } from '../external';
import { CompiledDocument, ResolveContext } from '../resolve';
import { Diagnostic, DiagnosticCodes } from '../types';
import { warning } from './site';

/**
 * Every document after the one the external controller's version went to that defines the
 * satellite with an image: the last such document wins, so the satellite keeps its own tag.
 */
export function externalVersionShadowed(docs: readonly CompiledDocument[], ctx: ResolveContext): Diagnostic[] {
  if (ctx.externalDocument === undefined) return [];
  const changed = docs.findIndex((d) => d.document.key === ctx.externalDocument);
  const out: Diagnostic[] = [];
  for (const d of docs.slice(changed + 1)) {
    const satellite = d.document.components.get(SATELLITE_COMPONENT);
    if (!satellite?.image) continue;
    out.push(warning(DiagnosticCodes.EXTERNAL_VERSION_SHADOWED,
      `defines ${SATELLITE_COMPONENT} after "${ctx.externalDocument}", which got the external controller's `
      + 'version; this later document wins, so the satellite does not follow the external version.',
      { key: d.document.key, component: SATELLITE_COMPONENT, line: satellite.line }));
  }
  return out;
}
