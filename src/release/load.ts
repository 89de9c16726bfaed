/**
 * The one loader of release data: built-in releases (pre-parsed data files) and imported upstream
 * manifests both become a `ReleaseData` here, so both take the same path. Pure; no I/O.
 */
import { ErrorCodes, PiraeusError } from '../errors';
import { compareBytewise } from '../resolver/order';
import { parseReference } from '../resolver/reference';
import { isJsonObject, JsonObject } from '../workloads/json';
import { capabilitiesOf, ReleaseCapabilities } from './capabilities';
import { ManifestObject, metadataOf, objectId, objectKey, podContainers } from './manifest';
import { parseReleaseVersion, ReleaseVersion } from './version';

/** Where one fact of a built-in release came from. */
export interface ReleaseSource {
  /** What was taken (an object id such as `ClusterRole piraeus-operator-controller-manager`, or a topic). */
  readonly what: string;
  /** Upstream repository, `owner/name`. */
  readonly repository: string;
  /** Path in that repository. */
  readonly path: string;
  /** Commit the file was read at. */
  readonly commit: string;
  /** How the fact relates to the release, when not read at the release tag itself. */
  readonly note?: string;
}

/** Facts about a release that are not in its manifest. */
export interface ReleaseMetadata {
  /** Release date (`YYYY-MM-DD`), when known. */
  readonly date?: string;
  /** `exact`: every object read at the release tag; `reconstructed`: assembled from several commits. */
  readonly exactness: 'exact' | 'reconstructed' | 'imported';
  /** Where each fact came from. */
  readonly sources: readonly ReleaseSource[];
  /** What a reader should know about how exact the data is. */
  readonly notes: readonly string[];
}

/** A release's install, with its parts located. */
export interface ReleaseData {
  readonly version: ReleaseVersion;
  /** `built-in` or the file the manifest came from. */
  readonly source: string;
  readonly metadata: ReleaseMetadata;
  readonly capabilities: ReleaseCapabilities;
  /** Every object of the install, in manifest order. */
  readonly objects: readonly JsonObject[];
  /** Namespace of the operator. */
  readonly namespace: string;
  /** Index in `objects` of the manager Deployment. */
  readonly manager: number;
  /** Index of the gencert Deployment, or -1. */
  readonly gencert: number;
  /** Index of the image ConfigMap. */
  readonly imageConfigMap: number;
  /** Index of the Namespace object, or -1. */
  readonly namespaceObject: number;
  /** Indices of the piraeus.io CRDs. */
  readonly crds: readonly number[];
  /** The operator image of the manager container. */
  readonly operatorImage: string;
  /** The default image-config documents (the image ConfigMap's `.data`). */
  readonly imageConfigData: Readonly<Record<string, string>>;
}

/** Name of the manager container in upstream's Deployment. */
export const MANAGER_CONTAINER = 'manager';
/** Name of the gencert container. */
export const GENCERT_CONTAINER = 'gencert';
/** The env variable (and flag) naming the image ConfigMap. */
const IMAGE_CONFIG_ENV = 'IMAGE_CONFIG_MAP_NAME';
const IMAGE_CONFIG_FLAG = '--image-config-map-name=';


/** The Deployments with a container of that name, with their index in the manifest. */
function deploymentsWith(entries: readonly ManifestObject[], container: string): { index: number; entry: ManifestObject }[] {
  const out: { index: number; entry: ManifestObject }[] = [];
  entries.forEach((entry, index) => {
    const o = entry.object;
    if (o.kind === 'Deployment' && podContainers(o).some((c) => c.name === container)) out.push({ index, entry });
  });
  return out;
}

/**
 * The object at one of a release's located indices (`manager`, `imageConfigMap`, ...):
 * `loadRelease` found each of them in `objects`, so a miss is a bug, not a user's mistake.
 */
export function layoutObject(objects: readonly JsonObject[], index: number, what: string): JsonObject {
  const object = objects[index];
  if (object === undefined) throw new Error(`internal error: the release has no ${what} at index ${index}`);
  return object;
}

/** The image ConfigMap name the manager reads: its env value, else its flag (the manager container must exist). */
export function imageConfigMapName(manager: JsonObject): string | undefined {
  const c = podContainers(manager).find((x) => x.name === MANAGER_CONTAINER)!;
  const env = Array.isArray(c.env) ? c.env.filter(isJsonObject) : [];
  const byEnv = env.find((e) => e.name === IMAGE_CONFIG_ENV && typeof e.value === 'string');
  if (byEnv) return byEnv.value as string;
  const args = Array.isArray(c.args) ? c.args : [];
  const flag = args.find((a): a is string => typeof a === 'string' && a.startsWith(IMAGE_CONFIG_FLAG) && !a.includes('$('));
  return flag?.slice(IMAGE_CONFIG_FLAG.length);
}

/**
 * Locates the parts of a Piraeus install and checks that it is one.
 * @param version the release version when known (built-in data); otherwise read from the
 *   operator image tag
 * @throws PiraeusError INVALID_RELEASE naming the file and line
 */
export function loadRelease(
  entries: readonly ManifestObject[], source: string, metadata: ReleaseMetadata, version?: string,
): ReleaseData {
  const at = (line?: number) => ({ path: line === undefined ? source : `${source}:${line}` });
  // Annotated, so that a call ends the flow for the compiler too.
  const fail: (detail: string, line?: number) => never = (detail, line) => {
    throw new PiraeusError(ErrorCodes.INVALID_RELEASE, detail, at(line));
  };
  const objects = entries.map((e) => e.object);

  const seen = new Map<string, ManifestObject>();
  for (const e of entries) {
    const key = objectKey(e.object);
    const first = seen.get(key);
    if (first !== undefined) {
      fail(`${objectId(e.object)} is defined twice (first at line ${first.line}); keep one`, e.line);
    }
    seen.set(key, e);
  }

  const managers = deploymentsWith(entries, MANAGER_CONTAINER);
  const [found, another] = managers;
  if (found === undefined) {
    fail('is not a Piraeus Operator install: no Deployment with a container "manager" '
      + '(expected the manifest.yaml of an upstream release, or `kubectl kustomize config/default` at a tag)');
  }
  if (another !== undefined) fail(`holds ${managers.length} Deployments with a container "manager"; expected one`, another.entry.line);
  const { index: manager, entry: { object: managerObject, line: managerLine } } = found;
  const namespace = metadataOf(managerObject).namespace;
  if (typeof namespace !== 'string' || namespace === '') fail('the manager Deployment has no metadata.namespace', managerLine);
  const container = podContainers(managerObject).find((c) => c.name === MANAGER_CONTAINER)!;
  const operatorImage = container.image;
  if (typeof operatorImage !== 'string' || operatorImage === '') fail('the manager container has no image', managerLine);

  const tag = version ?? versionTag(operatorImage as string);
  const parsed = tag === undefined ? undefined : parseReleaseVersion(tag);
  if (!parsed) {
    fail(`cannot read the release version from the operator image "${String(operatorImage)}": expected a tag such as v2.12.1 `
      + '(a manifest whose image was retagged or pinned by digest alone needs its version given explicitly)', managerLine);
  }

  const cmName = imageConfigMapName(managerObject);
  if (cmName === undefined) fail(`the manager container sets no ${IMAGE_CONFIG_ENV}, so the image ConfigMap is unknown`, managerLine);
  const imageConfigMap = objects.findIndex((o) => o.kind === 'ConfigMap' && metadataOf(o).name === cmName
    && (metadataOf(o).namespace ?? namespace) === namespace);
  const imageConfigEntry = entries[imageConfigMap];
  if (imageConfigEntry === undefined) fail(`is not a complete install: no image ConfigMap "${cmName}" in namespace "${namespace}"`);
  const data = imageConfigEntry.object.data;
  if (!isJsonObject(data) || Object.keys(data).length === 0) {
    fail(`the image ConfigMap "${cmName}" has no data: a release needs its default image documents`, imageConfigEntry.line);
  }
  const imageConfigData: Record<string, string> = Object.create(null);
  for (const key of Object.keys(data as JsonObject).sort(compareBytewise)) {
    const value = (data as JsonObject)[key];
    if (typeof value !== 'string') fail(`the image ConfigMap's data["${key}"] is not a string`, imageConfigEntry.line);
    imageConfigData[key] = value as string;
  }

  const crds: number[] = [];
  objects.forEach((o, i) => {
    if (o.kind === 'CustomResourceDefinition' && isJsonObject(o.spec) && o.spec.group === 'piraeus.io') crds.push(i);
  });
  if (crds.length === 0) fail('is not a complete install: no piraeus.io CustomResourceDefinitions');

  const [gencert, ...otherGencerts] = deploymentsWith(entries, GENCERT_CONTAINER);
  return {
    version: parsed!,
    source,
    metadata,
    capabilities: capabilitiesOf(parsed!),
    objects,
    namespace: namespace as string,
    manager,
    gencert: gencert !== undefined && otherGencerts.length === 0 ? gencert.index : -1,
    imageConfigMap,
    namespaceObject: objects.findIndex((o) => o.kind === 'Namespace' && metadataOf(o).name === namespace),
    crds,
    operatorImage: operatorImage as string,
    imageConfigData,
  };
}

/** The tag of an image reference, or undefined. */
function versionTag(image: string): string | undefined {
  try {
    return parseReference(image).tag || undefined;
  } catch {
    return undefined;
  }
}
