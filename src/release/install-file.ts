/**
 * The image inputs of an install file: the image ConfigMap (and the operator's RELATED_IMAGE_*
 * variables) out of a manifest that holds more than that, such as a synthesized
 * `dist/<app>/0001-piraeus-operator.k8s.yaml`. One reader for every command that takes one. Pure.
 */
import { ErrorCodes, PiraeusError } from '../errors';
import { parseConfigMapManifest } from '../resolver/configmap';
import { yamlPackage } from '../resolver/on-demand';
import { RELATED_IMAGE_PREFIX } from '../resolver/resolve';
import { isJsonObject, JsonObject } from '../workloads/json';
import { imageConfigMapName, MANAGER_CONTAINER } from './load';
import { ManifestObject, metadataOf, objectId, parseManifestText, podContainers } from './manifest';

/** What an install file says about the operator's images. */
export interface InstallImageInputs {
  /** The image ConfigMap's `.data` (string entries), when the file holds it. */
  readonly imageConfigData?: Record<string, string>;
  /** Where the image ConfigMap is: `file:line (ConfigMap ns/name)`. */
  readonly imageConfigSource?: string;
  /** The manager container's literal `RELATED_IMAGE_*` variables, when the file holds the operator Deployment. */
  readonly env?: Record<string, string>;
}

/** Whether a data entry reads like an image-config document: a top-level `base` or `components` key. */
function looksLikeImageDocument(text: unknown): boolean {
  return typeof text === 'string' && /^["']?(base|components)["']?[ \t]*:/m.test(text);
}

function stringData(o: JsonObject): Record<string, string> {
  const data: Record<string, string> = Object.create(null);
  if (!isJsonObject(o.data)) return data;
  for (const [k, v] of Object.entries(o.data)) if (typeof v === 'string') data[k] = v;
  return data;
}

/**
 * The image ConfigMap and the operator's variables among `objects`: the ConfigMap the operator
 * Deployment names (IMAGE_CONFIG_MAP_NAME) when the file holds that Deployment, else the only
 * ConfigMap whose data entries read like image-config documents.
 * @param source file name, for messages
 * @throws PiraeusError INVALID_INPUT, located, when the Deployment names a ConfigMap the file does
 *   not hold, or when several ConfigMaps could be the image ConfigMap
 */
export function installImageInputs(objects: readonly ManifestObject[], source: string): InstallImageInputs {
  const at = (line: number) => `${source}:${line}`;
  const configMaps = objects.filter((o) => o.object.kind === 'ConfigMap');
  const managers = objects.filter((o) => o.object.kind === 'Deployment' && podContainers(o.object).some((c) => c.name === MANAGER_CONTAINER));
  // The one that names its ConfigMap, else any: a hand-written file may leave the variable out.
  const manager = managers.find((o) => imageConfigMapName(o.object) !== undefined) ?? managers[0];
  let env: Record<string, string> | undefined;
  let chosen: ManifestObject | undefined;
  if (manager) {
    const container = podContainers(manager.object).find((c) => c.name === MANAGER_CONTAINER)!;
    env = Object.create(null) as Record<string, string>;
    for (const e of Array.isArray(container.env) ? container.env.filter(isJsonObject) : []) {
      if (typeof e.name === 'string' && e.name.startsWith(RELATED_IMAGE_PREFIX) && typeof e.value === 'string') env[e.name] = e.value;
    }
  }
  const name = manager ? imageConfigMapName(manager.object) : undefined;
  if (manager && name !== undefined) {
    const namespace = metadataOf(manager.object).namespace;
    chosen = configMaps.find((c) => metadataOf(c.object).name === name && (namespace === undefined || metadataOf(c.object).namespace === undefined || metadataOf(c.object).namespace === namespace));
    if (!chosen) {
      throw new PiraeusError(ErrorCodes.INVALID_INPUT,
        `the operator Deployment (${objectId(manager.object)}) reads image ConfigMap "${name}", which the file does not hold`, { path: at(manager.line) });
    }
  } else {
    const candidates = configMaps.filter((c) => {
      const values = isJsonObject(c.object.data) ? Object.values(c.object.data) : [];
      return values.length > 0 && values.some(looksLikeImageDocument);
    });
    if (candidates.length > 1) {
      throw new PiraeusError(ErrorCodes.INVALID_INPUT,
        `holds ${candidates.length} ConfigMaps with image-config documents (${candidates.map((c) => `${objectId(c.object)} on line ${c.line}`).join(', ')}) `
        + 'and no operator Deployment that names one; give a file with only the image ConfigMap', { path: source });
    }
    chosen = candidates[0];
  }
  return {
    env,
    ...(chosen ? { imageConfigData: stringData(chosen.object), imageConfigSource: `${at(chosen.line)} (${objectId(chosen.object)})` } : {}),
  };
}

/**
 * The image ConfigMap's `.data` from a file: one ConfigMap as `kubectl get configmap -o yaml`
 * prints it, or a manifest holding it among other objects (see `installImageInputs`).
 * @param source file name or `standard input`, for messages
 * @throws PiraeusError INVALID_INPUT naming the file (and line) when neither
 */
export function readImageConfigFile(text: string, source: string): Record<string, string> {
  if (documentCount(text) <= 1) return parseConfigMapManifest(text, source);
  let objects: ManifestObject[];
  try {
    objects = parseManifestText(text, source);
  } catch (e) {
    if (e instanceof PiraeusError) throw new PiraeusError(ErrorCodes.INVALID_INPUT, e.detail, e.location);
    throw e;
  }
  const found = installImageInputs(objects, source);
  if (!found.imageConfigData) {
    throw new PiraeusError(ErrorCodes.INVALID_INPUT,
      `holds ${objects.length} objects but no image ConfigMap (no operator Deployment naming one, and no ConfigMap whose data `
      + 'entries are image-config documents)', { path: source });
  }
  return found.imageConfigData;
}

/** How many non-empty YAML documents the text holds (0 when it does not parse: the single-file reader says why). */
function documentCount(text: string): number {
  if (text.includes('\u0000')) return 0;
  try {
    const docs = yamlPackage().parseAllDocuments(text);
    return (Array.isArray(docs) ? docs : [docs]).filter((d) => d.contents !== null).length;
  } catch {
    return 0;
  }
}
