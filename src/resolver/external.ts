/**
 * The satellite controller's external-controller adjustment (`SetFromExternalCluster`):
 * tag `v<version>` on `linstor-satellite` of the first document, in key order, that holds it.
 */
import { ErrorCodes, PiraeusError } from '../errors';
import { ImageConfigDocument } from './types';

/** Component whose tag follows an external LINSTOR controller. */
export const SATELLITE_COMPONENT = 'linstor-satellite';

/** The documents after the adjustment, and which document was changed. */
export interface ExternalVersionResult {
  readonly documents: ImageConfigDocument[];
  readonly changedKey: string;
}

/**
 * Applies an external controller version. Only the tag of the first document's
 * `linstor-satellite` changes (even when that component is otherwise empty).
 * @throws PiraeusError NO_SATELLITE_COMPONENT when no document defines the component.
 */
export function applyExternalVersion(
  documents: readonly ImageConfigDocument[], version: string,
): ExternalVersionResult {
  const index = documents.findIndex((d) => d.components.has(SATELLITE_COMPONENT));
  const doc = documents[index];
  if (doc === undefined) {
    const keys = documents.map((d) => `"${d.key}"`).join(', ') || 'none';
    throw new PiraeusError(ErrorCodes.NO_SATELLITE_COMPONENT,
      `no ${SATELLITE_COMPONENT} component found in configs (ConfigMap keys: ${keys}): with an external `
      + `LINSTOR controller the operator needs a document that defines "${SATELLITE_COMPONENT}"; `
      + 'keep the default document or add the component');
  }
  const components = new Map(doc.components);
  const satellite = components.get(SATELLITE_COMPONENT)!;
  components.set(SATELLITE_COMPONENT, { ...satellite, tag: `v${version}` });
  const out = [...documents];
  out[index] = { ...doc, components };
  return { documents: out, changedKey: doc.key };
}
