/**
 * Renders the storage workloads the operator creates at run time (cluster-level Deployments and
 * DaemonSets, and one satellite DaemonSet per node), with images resolved, as plain JSON objects.
 *
 * The steps follow the operator's kustomizations (piraeus-operator
 * `internal/controller/linstorcluster_controller.go` @ 005014c732625d343833b2da3ca926e5577816fb and
 * `internal/controller/linstorsatellite_controller.go` @ 53f14cbb650110412d2d456717e05c8352d73d53):
 * template → operator patches (in the controller's order) → `podTemplate` → `replicas` →
 * namespace → labels → name suffix (satellites) → image substitution (kustomize's ImageTag
 * transformer, one entry after another, through `applyEntries`).
 *
 * Rendered: node selector and node affinity of the cluster, merged tolerations, the LINSTOR API
 * endpoint (`LS_CONTROLLERS`), RWX and volume-group-snapshot switches of the CSI controller,
 * `podTemplate` (strategic merge, see `./merge`), `replicas`; for satellites: node pinning, the name
 * suffix, internal TLS (approximate), the `ktls-utils` sidecar, the precompiled-module patch, the
 * satellite tolerations and every matching configuration's `podTemplate`.
 *
 * Not rendered (they do not change images): API TLS and internal TLS of the cluster-level
 * workloads, the LINSTOR passphrase, pull secrets, user `spec.patches` of any resource, file-pool
 * and lvmlockd volumes of satellites, the per-satellite `piraeus.io/linstor-satellite: <uid>`
 * label, and every non-workload resource (Services, ConfigMaps, RBAC, certificates).
 *
 * Every function is deterministic: no clock, no randomness, outputs sorted.
 */
import { ErrorCodes, PiraeusError } from '../errors';
import { applyEntries } from '../resolver/kustomize';
import { ImageEntry } from '../resolver/types';
import { compareCodeUnits } from '../resolver/util';
import { partitionSatelliteNodes } from './exclusion';
import {
  cloneJson, ensurePath, findNonJson, getOwn, getPath, isJsonObject, JsonObject, JsonValue, setOwn,
} from './json';
import { strategicMerge } from './merge';
import { labelsMatch, matchNodeSelectorTerms, NodeInfo, NodeSelector } from './nodes';
import { WorkloadTemplateName, WorkloadTemplates } from './templates';
import {
  HA_CONTROLLER_TOLERATIONS,
  LINSTOR_CONTROLLER_TOLERATIONS,
  mergeTolerations,
  NO_SCHEDULE_TOLERATION,
  Toleration,
} from './tolerations';

// ---------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------

/** `ComponentSpec`: `enabled` (absent = enabled, the CRD default) and `podTemplate`. */
export interface ComponentSpecInput {
  readonly enabled?: boolean;
  /** A (sparse) pod template, strategically merged into `spec.template`. */
  readonly podTemplate?: Readonly<JsonObject>;
}

/** `DeploymentComponentSpec`: `ComponentSpec` plus `replicas` (int32, minimum 0). */
export interface DeploymentComponentSpecInput extends ComponentSpecInput {
  readonly replicas?: number;
}

/** The part of `LinstorCluster.spec` (plain JSON) that shapes the cluster-level workloads. */
export interface ClusterSpecInput {
  /** Not used here: images arrive resolved. Accepted so a whole spec can be passed. */
  readonly repository?: string;
  /** No `linstor-controller` Deployment; CSI, affinity controller and NFS server use this URL. */
  readonly externalController?: { readonly url: string } | null;
  /** Nodes that run satellites and the cluster's workloads. */
  readonly nodeSelector?: Readonly<Record<string, string>> | null;
  /** core/v1 NodeSelector; both it and `nodeSelector` must match. */
  readonly nodeAffinity?: NodeSelector | null;
  /** Extra tolerations, merged over the operator's defaults ("later wins"). */
  readonly tolerations?: readonly Toleration[] | null;
  /**
   * Accepted so a whole spec can be passed; the controller's internal-TLS patches (secret volumes,
   * `linstor-controller` config) are not rendered here, and they do not change any image.
   */
  readonly internalTLS?: Readonly<JsonObject> | null;
  /** Only its presence is used: the in-cluster API URL becomes `https://linstor-controller:3371`. */
  readonly apiTLS?: Readonly<JsonObject> | null;
  /** The LINSTOR controller (`ComponentSpec`: it has no `replicas`). */
  readonly controller?: ComponentSpecInput | null;
  readonly csiController?: DeploymentComponentSpecInput | null;
  readonly csiNode?: ComponentSpecInput | null;
  readonly highAvailabilityController?: ComponentSpecInput | null;
  readonly affinityController?: DeploymentComponentSpecInput | null;
  readonly nfsServer?: ComponentSpecInput | null;
}

/** `TLSConfigWithHandshakeDaemon`. */
export interface SatelliteInternalTLSInput {
  /** Default `<node name>-tls`. */
  readonly secretName?: string;
  readonly tlsHandshakeDaemon?: boolean;
  readonly certManager?: Readonly<JsonObject> | null;
  readonly caReference?: Readonly<JsonObject> | null;
}

/** The part of `LinstorSatelliteConfiguration` (name and spec, plain JSON) that shapes satellites. */
export interface SatelliteConfigInput {
  /** `metadata.name`: configurations apply in name order. */
  readonly name?: string;
  readonly nodeSelector?: Readonly<Record<string, string>> | null;
  readonly nodeAffinity?: NodeSelector | null;
  readonly internalTLS?: SatelliteInternalTLSInput | null;
  readonly podTemplate?: Readonly<JsonObject> | null;
  /** Default `.`: `linstor-satellite.<node>`. */
  readonly resourceNameSuffixSeparator?: string;
  /** `Evacuate`, `Retain` or `Delete`; does not change the workload. */
  readonly deletionPolicy?: string;
}

/** Input of `renderClusterWorkloads`. */
export interface RenderClusterInput {
  /** The operator's namespace. */
  readonly namespace: string;
  readonly cluster: ClusterSpecInput;
  /** The merged image entries, in the order the operator passes them to kustomize. */
  readonly images: readonly ImageEntry[];
  /** The release's workload templates (`OperatorRelease.workloadTemplates()`). */
  readonly templates: WorkloadTemplates;
  /** `LinstorCluster` name: adds `app.kubernetes.io/name` and `app.kubernetes.io/instance` labels. */
  readonly clusterName?: string;
  /**
   * Whether the API server serves `groupsnapshot.storage.k8s.io/v1beta2`. The operator disables
   * the CSI snapshotter's group-snapshot feature unless it is sure; default false (disabled).
   */
  readonly supportsVolumeGroupSnapshots?: boolean;
}

/** Input of `renderSatellite`. */
export interface RenderSatelliteInput {
  readonly namespace: string;
  readonly node: NodeInfo;
  /**
   * LinstorSatelliteConfigurations. Those whose selectors do not match the node are skipped; when
   * all have names they are applied in name order, otherwise in the given order.
   */
  readonly configs: readonly SatelliteConfigInput[];
  /** The image entries resolved for this node's OS string. */
  readonly images: readonly ImageEntry[];
  /** The release's workload templates (`OperatorRelease.workloadTemplates()`). */
  readonly templates: WorkloadTemplates;
  /** The resolver's precompiled flag: applies the precompiled-module patch. */
  readonly precompiled: boolean;
  /** `LinstorCluster` name: adds `app.kubernetes.io/name` and `app.kubernetes.io/instance` labels. */
  readonly clusterName?: string;
  /** `LinstorCluster.spec.tolerations`, merged into the satellite's tolerations. */
  readonly clusterTolerations?: readonly Toleration[] | null;
}

// ---------------------------------------------------------------------------------------------
// Validation helpers
// ---------------------------------------------------------------------------------------------

function invalid(path: string, detail: string): never {
  throw new PiraeusError(ErrorCodes.INVALID_PROPS, detail, { path });
}

function checkNamespace(namespace: unknown): string {
  if (typeof namespace !== 'string' || namespace === '') invalid('namespace', 'namespace must be a non-empty string');
  return namespace;
}

function checkEntries(images: unknown): readonly ImageEntry[] {
  if (!Array.isArray(images)) invalid('images', 'images must be a list of image entries');
  images.forEach((e, i) => {
    if (!isJsonObject(e) || typeof e.name !== 'string' || typeof e.newName !== 'string' ||
        typeof e.newTag !== 'string' || typeof e.digest !== 'string') {
      invalid(`images[${i}]`, 'an image entry needs string fields name, newName, newTag and digest');
    }
  });
  return images as readonly ImageEntry[];
}

function checkTemplate(template: unknown, path: string): JsonObject | undefined {
  if (template === undefined || template === null) return undefined;
  if (!isJsonObject(template)) invalid(path, 'podTemplate must be an object (a sparse pod template)');
  const problem = findNonJson(template);
  if (problem) invalid(path, `podTemplate must be plain JSON: ${problem}`);
  return cloneJson(template);
}

function checkReplicas(replicas: unknown, path: string): number | undefined {
  if (replicas === undefined || replicas === null) return undefined;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0 || replicas > 2147483647) {
    invalid(path, `replicas must be an integer between 0 and 2147483647, got ${JSON.stringify(replicas)}`);
  }
  return replicas;
}

function checkTemplates(templates: unknown): WorkloadTemplates {
  if (!(templates instanceof WorkloadTemplates)) invalid('templates', 'templates must be a release\'s WorkloadTemplates (OperatorRelease.workloadTemplates())');
  return templates;
}

function isEnabled(spec: ComponentSpecInput | null | undefined, path: string): boolean {
  if (spec === undefined || spec === null) return true;
  if (spec.enabled === undefined || spec.enabled === null) return true;
  if (typeof spec.enabled !== 'boolean') invalid(`${path}.enabled`, 'enabled must be true or false');
  return spec.enabled;
}

// ---------------------------------------------------------------------------------------------
// Shared steps
// ---------------------------------------------------------------------------------------------

function podSpecPatch(kind: string, name: string, spec: JsonObject): JsonObject {
  return { apiVersion: 'apps/v1', kind, metadata: { name }, spec: { template: { spec } } };
}

/** `ComponentPodTemplate` / `ConvertTemplateToPatch`: `spec.template = podTemplate`, merged. */
function podTemplatePatch(kind: string, name: string, template: JsonObject): JsonObject {
  return { apiVersion: 'apps/v1', kind, metadata: { name }, spec: { template } };
}

function podSpecOf(workload: JsonObject): JsonObject {
  return ensurePath(workload, ['spec', 'template', 'spec']);
}

function containerLists(podSpec: JsonObject): JsonObject[][] {
  const lists: JsonObject[][] = [];
  for (const field of ['initContainers', 'containers']) {
    const list = getOwn(podSpec, field);
    if (Array.isArray(list)) lists.push(list.filter(isJsonObject));
  }
  return lists;
}

/** Sets `LS_CONTROLLERS` wherever the workload's containers define it (`api-endpoint.yaml`). */
function setControllerEndpoint(workload: JsonObject, url: string): void {
  for (const list of containerLists(podSpecOf(workload))) {
    for (const container of list) {
      const env = getOwn(container, 'env');
      if (!Array.isArray(env)) continue;
      for (const e of env) {
        if (isJsonObject(e) && getOwn(e, 'name') === 'LS_CONTROLLERS') {
          setOwn(e, 'value', url);
        }
      }
    }
  }
}

function setNamespace(workload: JsonObject, namespace: string): void {
  setOwn(ensurePath(workload, ['metadata']), 'namespace', namespace);
}

/**
 * The controllers' `labels` kustomization: `app.kubernetes.io/name` and `.../instance` on metadata,
 * selector and template (includeSelectors), `app.kubernetes.io/managed-by` on metadata only.
 */
function addLabels(workload: JsonObject, clusterName: string | undefined): void {
  const meta = ensurePath(workload, ['metadata', 'labels']);
  if (clusterName !== undefined) {
    const pairs: [string, string][] = [
      ['app.kubernetes.io/instance', clusterName],
      ['app.kubernetes.io/name', 'piraeus-datastore'],
    ];
    for (const target of [
      meta,
      ensurePath(workload, ['spec', 'selector', 'matchLabels']),
      ensurePath(workload, ['spec', 'template', 'metadata', 'labels']),
    ]) {
      for (const [k, v] of pairs) setOwn(target, k, v);
    }
  }
  setOwn(meta, 'app.kubernetes.io/managed-by', 'piraeus-operator');
}

/**
 * kustomize's ImageTag transformer over one workload: every `initContainers`/`containers` image
 * (two passes per entry, as kustomize offers standard locations twice) and every image volume
 * reference (one pass), entries applied in the given order. Returns a new object.
 */
export function substituteImages(workload: JsonObject, entries: readonly ImageEntry[]): JsonObject {
  const out = cloneJson(workload);
  const podSpec = getPath(out, ['spec', 'template', 'spec']);
  if (!isJsonObject(podSpec)) return out;
  for (const list of containerLists(podSpec)) {
    for (const container of list) {
      const image = getOwn(container, 'image');
      if (typeof image === 'string') setOwn(container, 'image', applyEntries(image, entries).image);
    }
  }
  const volumes = getOwn(podSpec, 'volumes');
  if (Array.isArray(volumes)) {
    for (const v of volumes) {
      const ref = getPath(v, ['image', 'reference']);
      if (typeof ref === 'string' && isJsonObject(v)) {
        setOwn(ensurePath(v, ['image']), 'reference', applyEntries(ref, entries, { passes: 1 }).image);
      }
    }
  }
  return out;
}

/** One container image of a workload, for listings and tests. */
export interface ContainerImage {
  readonly init: boolean;
  readonly name: string;
  readonly image: string;
}

/** Init containers, then containers, in template order. */
export function containerImages(workload: JsonObject): ContainerImage[] {
  const podSpec = getPath(workload, ['spec', 'template', 'spec']);
  const out: ContainerImage[] = [];
  if (!isJsonObject(podSpec)) return out;
  for (const [field, init] of [['initContainers', true], ['containers', false]] as const) {
    const list = getOwn(podSpec, field);
    if (!Array.isArray(list)) continue;
    for (const c of list) {
      if (!isJsonObject(c)) continue;
      const name = getOwn(c, 'name');
      const image = getOwn(c, 'image');
      out.push({ init, name: typeof name === 'string' ? name : '', image: typeof image === 'string' ? image : '' });
    }
  }
  return out;
}

function compareWorkloads(a: JsonObject, b: JsonObject): number {
  const ka = String(getOwn(a, 'kind') ?? '');
  const kb = String(getOwn(b, 'kind') ?? '');
  if (ka !== kb) return compareCodeUnits(ka, kb);
  return compareCodeUnits(String(getPath(a, ['metadata', 'name']) ?? ''), String(getPath(b, ['metadata', 'name']) ?? ''));
}

// ---------------------------------------------------------------------------------------------
// Cluster level
// ---------------------------------------------------------------------------------------------

/** `LinstorControllerUrl`: the external URL, else the in-cluster Service (HTTPS with API TLS). */
export function linstorControllerUrl(cluster: ClusterSpecInput): string {
  if (cluster.externalController) {
    const url = cluster.externalController.url;
    if (typeof url !== 'string' || url.length < 3) {
      invalid('cluster.externalController.url', 'externalController.url must be a string of at least 3 characters');
    }
    return url;
  }
  return cluster.apiTLS ? 'https://linstor-controller:3371' : 'http://linstor-controller:3370';
}

interface ClusterComponent {
  readonly specKey: keyof ClusterSpecInput;
  readonly kind: 'Deployment' | 'DaemonSet';
  readonly name: string;
  readonly template: WorkloadTemplateName;
  readonly endpoint: boolean;
  readonly baseTolerations: readonly (readonly Toleration[])[];
  readonly replicas: boolean;
}

/** The cluster controller's components, in its rendering order. */
const CLUSTER_COMPONENTS: readonly ClusterComponent[] = [
  {
    specKey: 'controller', kind: 'Deployment', name: 'linstor-controller', template: 'linstorController',
    endpoint: false, baseTolerations: [LINSTOR_CONTROLLER_TOLERATIONS, HA_CONTROLLER_TOLERATIONS], replicas: false,
  },
  {
    specKey: 'csiController', kind: 'Deployment', name: 'linstor-csi-controller', template: 'linstorCsiController',
    endpoint: true, baseTolerations: [HA_CONTROLLER_TOLERATIONS], replicas: true,
  },
  {
    specKey: 'csiNode', kind: 'DaemonSet', name: 'linstor-csi-node', template: 'linstorCsiNode',
    endpoint: true, baseTolerations: [HA_CONTROLLER_TOLERATIONS], replicas: false,
  },
  {
    specKey: 'highAvailabilityController', kind: 'DaemonSet', name: 'ha-controller', template: 'haController',
    endpoint: false, baseTolerations: [HA_CONTROLLER_TOLERATIONS], replicas: false,
  },
  {
    specKey: 'affinityController', kind: 'Deployment', name: 'linstor-affinity-controller',
    template: 'linstorAffinityController', endpoint: true, baseTolerations: [HA_CONTROLLER_TOLERATIONS], replicas: true,
  },
  {
    specKey: 'nfsServer', kind: 'DaemonSet', name: 'linstor-csi-nfs-server', template: 'linstorCsiNfsServer',
    endpoint: true, baseTolerations: [HA_CONTROLLER_TOLERATIONS], replicas: false,
  },
];

/** Component spec keys of `ClusterSpecInput` that `renderClusterWorkloads` knows. */
export type ClusterComponentKey =
  'controller' | 'csiController' | 'csiNode' | 'highAvailabilityController' | 'affinityController' | 'nfsServer';

/**
 * The names of the cluster-level workloads the operator creates for `cluster` (enable flags,
 * external controller), as `Kind/name`, in the operator's order.
 */
export function enabledClusterWorkloads(cluster: ClusterSpecInput): string[] {
  return CLUSTER_COMPONENTS
    .filter((c) => componentEnabled(cluster, c))
    .map((c) => `${c.kind}/${c.name}`);
}

function componentEnabled(cluster: ClusterSpecInput, c: ClusterComponent): boolean {
  const spec = cluster[c.specKey] as ComponentSpecInput | null | undefined;
  if (c.specKey === 'controller' && cluster.externalController) return false;
  return isEnabled(spec, `cluster.${c.specKey}`);
}

function renderComponent(
  c: ClusterComponent,
  cluster: ClusterSpecInput,
  input: RenderClusterInput,
  namespace: string,
): JsonObject {
  const spec = (cluster[c.specKey] ?? undefined) as DeploymentComponentSpecInput | undefined;
  let workload = input.templates.template(c.template);
  const patch = (p: JsonObject, path: string): void => { workload = strategicMerge(workload, p, path); };

  // ClusterXxxNodeSelector / NodeSelectorPatch
  const selector = cluster.nodeSelector ?? undefined;
  if (selector && Object.keys(selector).length > 0) {
    patch(podSpecPatch(c.kind, c.name, { nodeSelector: cloneJson({ ...selector } as JsonObject) }), 'nodeSelector');
  }
  // ClusterApiEndpointPatch (applied before the affinity patch, as the controller does)
  if (c.endpoint) setControllerEndpoint(workload, linstorControllerUrl(cluster));
  // ClusterXxxNodeAffinityPatch
  if (cluster.nodeAffinity) {
    const affinity = cloneJson(cluster.nodeAffinity as unknown as JsonObject);
    patch(
      podSpecPatch(c.kind, c.name, { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: affinity } } }),
      'nodeAffinity',
    );
  }
  // TolerationsPatch (the list has no merge key: the patch replaces it)
  const tolerations = mergeTolerations(...c.baseTolerations, cluster.tolerations ?? undefined);
  patch(podSpecPatch(c.kind, c.name, { tolerations: tolerations as unknown as JsonValue[] }), 'tolerations');

  if (c.specKey === 'csiController') {
    if (!isEnabled(cluster.nfsServer, 'cluster.nfsServer')) {
      // csi-controller-disable-rwx.yaml
      patch(podSpecPatch(c.kind, c.name, { containers: [{ name: 'linstor-csi', env: [{ name: 'ENABLE_RWX', value: 'false' }] }] }), 'disable-rwx');
    }
    if (!input.supportsVolumeGroupSnapshots) {
      // csi-controller-disable-volume-group-snapshots.yaml
      patch(
        podSpecPatch(c.kind, c.name, {
          containers: [{ name: 'csi-snapshotter', env: [{ name: 'FEATURE_GATE_CSI_VOLUME_GROUP_SNAPSHOT', value: 'false' }] }],
        }),
        'disable-volume-group-snapshots',
      );
    }
  }

  const template = checkTemplate(spec?.podTemplate, `cluster.${c.specKey}.podTemplate`);
  if (template) patch(podTemplatePatch(c.kind, c.name, template), `cluster.${c.specKey}.podTemplate`);

  if (c.replicas) {
    const replicas = checkReplicas(spec?.replicas, `cluster.${c.specKey}.replicas`);
    if (replicas !== undefined) patch({ apiVersion: 'apps/v1', kind: c.kind, metadata: { name: c.name }, spec: { replicas } }, 'replicas');
  }

  setNamespace(workload, namespace);
  addLabels(workload, input.clusterName);
  return workload;
}

/**
 * The cluster-level workloads (`linstor-controller`, `linstor-csi-controller`, `linstor-csi-node`,
 * `ha-controller`, `linstor-affinity-controller`, `linstor-csi-nfs-server`) the cluster controller
 * applies for `cluster`, with images substituted from `images` in the given order.
 *
 * A component is rendered unless its spec says `enabled: false` (absent = enabled); the LINSTOR
 * controller is also skipped with `externalController`. `replicas` applies to the CSI controller
 * and the affinity controller (the only `DeploymentComponentSpec`s). Output sorted by kind, then
 * name. Throws `PiraeusError` `INVALID_PROPS` for malformed input.
 */
export function renderClusterWorkloads(input: RenderClusterInput): JsonObject[] {
  const namespace = checkNamespace(input.namespace);
  const entries = checkEntries(input.images);
  const cluster = input.cluster ?? {};
  if (typeof cluster !== 'object' || Array.isArray(cluster)) invalid('cluster', 'cluster must be a LinstorCluster spec object');
  checkTemplates(input.templates);
  const out: JsonObject[] = [];
  for (const c of CLUSTER_COMPONENTS) {
    if (!componentEnabled(cluster, c)) continue;
    out.push(substituteImages(renderComponent(c, cluster, input, namespace), entries));
  }
  return out.sort(compareWorkloads);
}

/**
 * The nodes the cluster controller creates satellites for: `nodeSelector` and `nodeAffinity` of
 * the cluster must match, and the node must have no `NoSchedule`/`NoExecute` taint that the
 * satellite tolerations (DaemonSet defaults + HA controller taints + `cluster.tolerations`) do not
 * tolerate. The operator relaxes the `NoSchedule` rule for nodes that already have a satellite;
 * a synthesized deployment has none, so the strict rule applies. Sorted by name. The reasons for
 * the other nodes: `partitionSatelliteNodes`.
 */
export function selectSatelliteNodes(nodes: readonly NodeInfo[], cluster: ClusterSpecInput): NodeInfo[] {
  return partitionSatelliteNodes(nodes, cluster ?? {}).selected;
}

// ---------------------------------------------------------------------------------------------
// Satellites
// ---------------------------------------------------------------------------------------------

/** What the operator merges out of the matching LinstorSatelliteConfigurations. */
export interface MergedSatelliteConfig {
  /** Names of the applied configurations (`#<index>` for unnamed ones), in application order. */
  readonly matched: readonly string[];
  /** The last matching configuration's `internalTLS` (the whole object; fields are not merged). */
  readonly internalTLS?: SatelliteInternalTLSInput;
  /** Every matching configuration's `podTemplate`, in application order. */
  readonly podTemplates: readonly JsonObject[];
  /** The last non-empty `resourceNameSuffixSeparator`, else `.`. */
  readonly resourceNameSuffixSeparator: string;
  /** The last non-empty `deletionPolicy`, else `''` (the satellite then defaults to `Retain`). */
  readonly deletionPolicy: string;
}

/**
 * `merge.SatelliteConfigurations`: keeps the configurations whose `nodeSelector` (subset of the
 * node's labels) and `nodeAffinity` (if set) match `node`, in name order (given order when some
 * are unnamed), and merges them: a later configuration's `internalTLS` replaces an earlier one as
 * a whole (so `tlsHandshakeDaemon` comes from the last configuration that sets `internalTLS` at
 * all), every `podTemplate` becomes a patch applied in order, and the last non-empty
 * `deletionPolicy` / `resourceNameSuffixSeparator` wins. (The separator's merge code was not
 * available upstream; it is assumed to follow the `deletionPolicy` rule.)
 */
export function mergeSatelliteConfigs(node: NodeInfo, configs: readonly SatelliteConfigInput[]): MergedSatelliteConfig {
  if (!Array.isArray(configs)) invalid('configs', 'configs must be a list of LinstorSatelliteConfiguration specs');
  const indexed = configs.map((config, index) => ({ config, index }));
  if (indexed.every(({ config }) => typeof config.name === 'string')) {
    indexed.sort((a, b) => compareCodeUnits(a.config.name as string, b.config.name as string) || a.index - b.index);
  }
  const matched: string[] = [];
  const podTemplates: JsonObject[] = [];
  let internalTLS: SatelliteInternalTLSInput | undefined;
  let separator = '';
  let deletionPolicy = '';
  for (const { config, index } of indexed) {
    if (typeof config !== 'object' || config === null || Array.isArray(config)) {
      invalid(`configs[${index}]`, 'a satellite configuration must be an object');
    }
    if (!labelsMatch(node, config.nodeSelector ?? undefined)) continue;
    if (config.nodeAffinity && !matchNodeSelectorTerms(node, config.nodeAffinity)) continue;
    const label = typeof config.name === 'string' ? config.name : `#${index}`;
    matched.push(label);
    const template = checkTemplate(config.podTemplate, `configs[${label}].podTemplate`);
    if (template) podTemplates.push(template);
    if (config.internalTLS) internalTLS = config.internalTLS;
    if (typeof config.resourceNameSuffixSeparator === 'string' && config.resourceNameSuffixSeparator !== '') {
      separator = config.resourceNameSuffixSeparator;
    }
    if (typeof config.deletionPolicy === 'string' && config.deletionPolicy !== '') deletionPolicy = config.deletionPolicy;
  }
  return {
    matched,
    ...(internalTLS ? { internalTLS } : {}),
    podTemplates,
    resourceNameSuffixSeparator: separator === '' ? '.' : separator,
    deletionPolicy,
  };
}

/** `linstor-satellite` + separator (default `.`) + node name. */
export function satelliteDaemonSetName(nodeName: string, separator = '.'): string {
  return `linstor-satellite${separator === '' ? '.' : separator}${nodeName}`;
}

/** kustomize's name-reference update for the ConfigMaps of the satellite kustomization. */
function suffixConfigMapReferences(workload: JsonObject, suffix: string, configMaps: readonly string[]): void {
  const rename = (obj: JsonValue | undefined): void => {
    if (!isJsonObject(obj)) return;
    const name = getOwn(obj, 'name');
    if (typeof name === 'string' && configMaps.includes(name)) setOwn(obj, 'name', name + suffix);
  };
  const podSpec = podSpecOf(workload);
  const volumes = getOwn(podSpec, 'volumes');
  if (Array.isArray(volumes)) {
    for (const v of volumes) {
      rename(getPath(v, ['configMap']));
      const sources = getPath(v, ['projected', 'sources']);
      if (Array.isArray(sources)) for (const s of sources) rename(getPath(s, ['configMap']));
    }
  }
  for (const list of containerLists(podSpec)) {
    for (const c of list) {
      const env = getOwn(c, 'env');
      if (Array.isArray(env)) for (const e of env) rename(getPath(e, ['valueFrom', 'configMapKeyRef']));
      const envFrom = getOwn(c, 'envFrom');
      if (Array.isArray(envFrom)) for (const e of envFrom) rename(getPath(e, ['configMapRef']));
    }
  }
}

/**
 * The satellite DaemonSet for `node`: named `linstor-satellite` + separator + node name, pinned to
 * the node by node affinity on `metadata.name`, with the operator's patches in its order (node
 * pinning, internal TLS and `ktls-utils` when the merged `internalTLS` asks for them, the
 * precompiled-module patch when `precompiled`), then the LinstorSatellite's patches (tolerations,
 * then each matching configuration's `podTemplate`), the namespace, labels, the name suffix and
 * finally the images. Throws `PiraeusError` `INVALID_PROPS` for malformed input.
 */
export function renderSatellite(input: RenderSatelliteInput): JsonObject {
  const namespace = checkNamespace(input.namespace);
  const entries = checkEntries(input.images);
  const node = input.node;
  if (typeof node !== 'object' || node === null || typeof node.name !== 'string' || node.name === '') {
    invalid('node', 'node must be a NodeInfo with a name');
  }
  const templates = checkTemplates(input.templates);
  const merged = mergeSatelliteConfigs(node, input.configs ?? []);

  let workload = templates.template('linstorSatellite');
  const patch = (p: JsonObject, path: string): void => { workload = strategicMerge(workload, p, path); };

  patch(templates.satelliteCommonNodePatch(node.name), 'common-node');
  if (merged.internalTLS) {
    const secretName = merged.internalTLS.secretName || `${node.name}-tls`;
    patch(templates.satelliteInternalTlsPatch(secretName), 'internal-tls');
    if (merged.internalTLS.tlsHandshakeDaemon === true) patch(templates.satelliteTlshdPatch(), 'tlshd');
  }
  if (input.precompiled === true) patch(templates.satellitePrecompiledModulePatch(), 'precompiled-module');

  // LinstorSatellite.spec.patches: the cluster's tolerations patch first, then the configurations.
  const tolerations = mergeTolerations(HA_CONTROLLER_TOLERATIONS, NO_SCHEDULE_TOLERATION, input.clusterTolerations ?? undefined);
  patch(podSpecPatch('DaemonSet', 'linstor-satellite', { tolerations: tolerations as unknown as JsonValue[] }), 'tolerations');
  merged.podTemplates.forEach((t, i) => patch(podTemplatePatch('DaemonSet', 'linstor-satellite', t), `podTemplate[${i}]`));

  setNamespace(workload, namespace);
  addLabels(workload, input.clusterName);
  const suffix = `${merged.resourceNameSuffixSeparator}${node.name}`;
  setOwn(ensurePath(workload, ['metadata']), 'name', satelliteDaemonSetName(node.name, merged.resourceNameSuffixSeparator));
  suffixConfigMapReferences(workload, suffix, templates.satelliteConfigMaps);

  return substituteImages(workload, entries);
}
