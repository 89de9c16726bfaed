/**
 * The operator's embedded workload templates and satellite patches, as release data: a typed,
 * checked view of one release's `workloads.yaml` (see that file for the format and the parameter
 * markers). Every accessor returns a fresh deep copy; callers may modify it. Pure; no I/O.
 */
import { ErrorCodes, PiraeusError } from '../errors';
import { cloneJson, getPath, isJsonObject, JsonObject, JsonValue, setOwn } from './json';

/** The workload templates a release's data holds, in the cluster controller's rendering order. */
export const WORKLOAD_TEMPLATE_NAMES = [
  'linstorController', 'linstorCsiController', 'linstorCsiNode', 'haController', 'linstorAffinityController',
  'linstorCsiNfsServer', 'linstorSatellite',
] as const;
export type WorkloadTemplateName = typeof WORKLOAD_TEMPLATE_NAMES[number];

/** The satellite patches a release's data holds. */
export const SATELLITE_PATCH_NAMES = [
  'satelliteCommonNode', 'satellitePrecompiledModule', 'satelliteTlshd', 'satelliteInternalTls',
] as const;
export type SatellitePatchName = typeof SATELLITE_PATCH_NAMES[number];

/**
 * The parameter markers of the data: a string value equal to a marker is replaced by the
 * parameter. Braces cannot occur in Kubernetes names, so no real value collides with a marker.
 */
export const TEMPLATE_MARKERS = {
  /** The node a satellite DaemonSet is pinned to (`satelliteCommonNode`). */
  nodeName: '{{nodeName}}',
  /** The satellite's TLS secret (`satelliteInternalTls`). */
  secretName: '{{secretName}}',
} as const;
export type TemplateMarker = keyof typeof TEMPLATE_MARKERS;

/** Which marker each patch takes (exactly once); the other patches and the templates take none. */
const PATCH_MARKERS: Readonly<Partial<Record<SatellitePatchName, TemplateMarker>>> = {
  satelliteCommonNode: 'nodeName',
  satelliteInternalTls: 'secretName',
};

/** `kind` and `apiVersion` of the data document. */
export const WORKLOAD_TEMPLATES_KIND = 'WorkloadTemplates';
export const WORKLOAD_TEMPLATES_API_VERSION = 'cdk8s-piraeus/v1';

const SETUP_LVM_CONTAINER = 'setup-lvm-configuration';

/**
 * A copy of `value` where every string equal to a marker's text becomes that parameter's value.
 * Whole strings only: a marker inside a longer string is left alone (the data check forbids it).
 */
export function substituteMarkers(value: JsonValue, params: Readonly<Partial<Record<TemplateMarker, string>>>): JsonValue {
  if (typeof value === 'string') {
    for (const [marker, text] of Object.entries(TEMPLATE_MARKERS) as [TemplateMarker, string][]) {
      const param = params[marker];
      if (value === text && param !== undefined) return param;
    }
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => substituteMarkers(v, params));
  if (isJsonObject(value)) {
    const out: JsonObject = {};
    for (const [key, v] of Object.entries(value)) setOwn(out, key, substituteMarkers(v, params));
    return out;
  }
  return value;
}

/** Every string of `value` containing `{{`, with its path (`a.b[2]`). */
function markerLikeStrings(value: JsonValue, path: string): Array<{ path: string; text: string }> {
  if (typeof value === 'string') return value.includes('{{') ? [{ path, text: value }] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => markerLikeStrings(v, `${path}[${i}]`));
  if (isJsonObject(value)) return Object.entries(value).flatMap(([k, v]) => markerLikeStrings(v, `${path}.${k}`));
  return [];
}

/** The images of every container list of a workload or patch. */
function containerImageValues(o: JsonObject): JsonValue[] {
  const spec = getPath(o, ['spec', 'template', 'spec']);
  if (!isJsonObject(spec)) return [];
  return ['initContainers', 'containers'].flatMap((field) => {
    const list = spec[field];
    return Array.isArray(list) ? list.filter(isJsonObject).flatMap((c) => (c.image !== undefined ? [c.image] : [])) : [];
  });
}

function stringList(value: JsonValue | undefined): string[] | undefined {
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : undefined;
}

/** The `setup-lvm-configuration` script of a satellite template (its `sh -exc` argument), if any. */
function setupLvmScript(satellite: JsonObject): string | undefined {
  const init = getPath(satellite, ['spec', 'template', 'spec', 'initContainers']);
  const c = Array.isArray(init) ? init.filter(isJsonObject).find((x) => x.name === SETUP_LVM_CONTAINER) : undefined;
  const command = c ? stringList(c.command) : undefined;
  return command?.length === 3 ? command[2] : undefined;
}

/** One release's workload templates and satellite patches. */
export class WorkloadTemplates {
  /**
   * Checks and wraps the parsed data document (`workloads.yaml`).
   * @param source names the data in messages
   * @throws PiraeusError INVALID_RELEASE naming the source and the part
   */
  public static fromData(data: unknown, source: string): WorkloadTemplates {
    const fail = (detail: string): never => {
      throw new PiraeusError(ErrorCodes.INVALID_RELEASE, `workload templates: ${detail}`, { path: source });
    };
    if (!isJsonObject(data)) return fail('the data is not an object');
    if (data.kind !== WORKLOAD_TEMPLATES_KIND || data.apiVersion !== WORKLOAD_TEMPLATES_API_VERSION) {
      fail(`expected kind ${WORKLOAD_TEMPLATES_KIND}, apiVersion ${WORKLOAD_TEMPLATES_API_VERSION}`);
    }
    const placeholders = stringList(data.placeholders);
    if (!placeholders || placeholders.length === 0) fail('placeholders must be a non-empty list of strings');
    if (typeof data.defaultControllerUrl !== 'string' || data.defaultControllerUrl === '') fail('defaultControllerUrl must be a string');
    const configMaps = stringList(data.satelliteConfigMaps);
    if (!configMaps) fail('satelliteConfigMaps must be a list of strings');
    const section = <N extends string>(key: 'templates' | 'patches', names: readonly N[]): Record<N, JsonObject> => {
      const value = data[key];
      if (!isJsonObject(value)) return fail(`${key} must be an object`);
      const known: readonly string[] = names;
      const unknown = Object.keys(value).filter((k) => !known.includes(k));
      if (unknown.length) fail(`${key} holds unknown entries ${unknown.join(', ')} (known: ${names.join(', ')})`);
      for (const name of names) {
        const o = value[name];
        if (!isJsonObject(o) || typeof o.kind !== 'string' || typeof o.apiVersion !== 'string') fail(`${key}.${name} must be a Kubernetes object`);
      }
      return value as Record<N, JsonObject>; // every name checked just above
    };
    const templates = section('templates', WORKLOAD_TEMPLATE_NAMES);
    const patches = section('patches', SATELLITE_PATCH_NAMES);

    const parts: Array<[string, JsonObject]> = [
      ...WORKLOAD_TEMPLATE_NAMES.map((n): [string, JsonObject] => [`templates.${n}`, templates[n]]),
      ...SATELLITE_PATCH_NAMES.map((n): [string, JsonObject] => [`patches.${n}`, patches[n]]),
    ];
    for (const [where, o] of parts) {
      const stray = containerImageValues(o).find((image) => typeof image !== 'string' || !placeholders!.includes(image));
      if (stray !== undefined) fail(`${where}: image ${JSON.stringify(stray)} is not one of the placeholders`);
    }
    for (const [where, o] of parts) {
      const name = where.startsWith('patches.') ? where.slice('patches.'.length) as SatellitePatchName : undefined;
      const marker = name ? PATCH_MARKERS[name] : undefined;
      const found = markerLikeStrings(o, where);
      const expected = marker === undefined ? [] : found.filter((f) => f.text === TEMPLATE_MARKERS[marker]);
      const stray = found.filter((f) => !expected.includes(f));
      const [firstStray] = stray;
      if (firstStray) fail(`${firstStray.path}: ${JSON.stringify(firstStray.text)} is not a marker this part takes`);
      if (marker !== undefined && expected.length !== 1) {
        fail(`${where} must hold the marker ${TEMPLATE_MARKERS[marker]} exactly once, as a whole value (found ${expected.length})`);
      }
    }
    if (setupLvmScript(templates.linstorSatellite) === undefined) {
      fail(`templates.linstorSatellite has no init container ${SETUP_LVM_CONTAINER} with a command [sh, -exc, SCRIPT]`);
    }
    return new WorkloadTemplates(cloneJson(data));
  }

  private constructor(private readonly data: JsonObject) {}

  /** The image placeholders the templates use (component keys of the image configuration). */
  public get placeholders(): string[] {
    return [...(this.data.placeholders as string[])];
  }

  /** The default in-cluster URL of the LINSTOR API the templates point to. */
  public get defaultControllerUrl(): string {
    return this.data.defaultControllerUrl as string;
  }

  /** The ConfigMaps of the satellite kustomization, whose names receive the satellite's suffix. */
  public get satelliteConfigMaps(): string[] {
    return [...(this.data.satelliteConfigMaps as string[])];
  }

  /** The `setup-lvm-configuration` script of the satellite template. */
  public get setupLvmConfigurationScript(): string {
    return setupLvmScript(this.template('linstorSatellite'))!;
  }

  /** A workload template, before patches (the satellite also before its name suffix and node pinning). */
  public template(name: WorkloadTemplateName): JsonObject {
    return cloneJson((this.data.templates as JsonObject)[name] as JsonObject);
  }

  /** `common-node.yaml`: pins the satellite DaemonSet to its node by `metadata.name`. */
  public satelliteCommonNodePatch(nodeName: string): JsonObject {
    return this.patch('satelliteCommonNode', { nodeName });
  }

  /** `precompiled-module.yaml`: no kernel sources; the loader uses shipped modules. */
  public satellitePrecompiledModulePatch(): JsonObject {
    return this.patch('satellitePrecompiledModule', {});
  }

  /** `tlshd.yaml`: the `ktls-utils` sidecar (TLS handshake daemon). */
  public satelliteTlshdPatch(): JsonObject {
    return this.patch('satelliteTlshd', {});
  }

  /**
   * `internal-tls.yaml` (satellite), DaemonSet part: the TLS secret, the Java keystore directory,
   * and the SSL port 3367 instead of 3366. The CA projection of `caReference` is not rendered.
   */
  public satelliteInternalTlsPatch(secretName: string): JsonObject {
    return this.patch('satelliteInternalTls', { secretName });
  }

  private patch(name: SatellitePatchName, params: Partial<Record<TemplateMarker, string>>): JsonObject {
    return substituteMarkers((this.data.patches as JsonObject)[name] as JsonObject, params) as JsonObject;
  }
}
