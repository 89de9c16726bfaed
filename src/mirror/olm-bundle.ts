/**
 * An OLM bundle (registry+v1) from the objects of an install: `manifests/` with the
 * ClusterServiceVersion, the CRDs and the image ConfigMap, `metadata/annotations.yaml`, and
 * `bundle.Dockerfile`, as a map from path to file content. The CSV's install strategy holds the
 * install's Deployments; its permissions are exactly the rules bound to each ServiceAccount; its
 * webhook definitions are the install's ValidatingWebhookConfiguration. Objects OLM creates itself
 * (the Namespace, ServiceAccounts, RBAC, the webhook Service and configuration) are not files.
 *
 * Pure: no cdk8s, no I/O.
 */
import { ErrorCodes, PiraeusError } from '../errors';
import { compareCodeUnits } from '../resolver/util';
import { isJsonObject, JsonObject, JsonValue } from '../workloads/json';
import { RelatedImage, toYaml } from './formats';
import { checkDisconnected, DisconnectedCheck, featureAnnotations, isDigestPinned } from './olm';

/** The bundle format. */
export const BUNDLE_MEDIA_TYPE = 'registry+v1';
/** The keys of `metadata/annotations.yaml` (and the labels of `bundle.Dockerfile`). */
export const BUNDLE_ANNOTATIONS = {
  mediaType: 'operators.operatorframework.io.bundle.mediatype.v1',
  manifests: 'operators.operatorframework.io.bundle.manifests.v1',
  metadata: 'operators.operatorframework.io.bundle.metadata.v1',
  package: 'operators.operatorframework.io.bundle.package.v1',
  channels: 'operators.operatorframework.io.bundle.channels.v1',
  defaultChannel: 'operators.operatorframework.io.bundle.channel.default.v1',
} as const;

/** One install mode of the CSV. */
export interface InstallMode {
  readonly type: 'OwnNamespace' | 'SingleNamespace' | 'MultiNamespace' | 'AllNamespaces';
  readonly supported: boolean;
}

/**
 * The operator runs in its own namespace and watches it (`--namespace=$(NAMESPACE)`), as upstream's
 * CSV base declares (piraeusdatastore/piraeus-operator,
 * config/manifests/bases/piraeus-operator.clusterserviceversion.yaml at 2dcea476a079).
 */
export const DEFAULT_INSTALL_MODES: readonly InstallMode[] = [
  { type: 'OwnNamespace', supported: true },
  { type: 'SingleNamespace', supported: false },
  { type: 'MultiNamespace', supported: false },
  { type: 'AllNamespaces', supported: false },
];

/**
 * The release data carries no minimum Kubernetes version, so the bundle uses the one upstream's CSV
 * base states (same file as `DEFAULT_INSTALL_MODES`).
 */
export const DEFAULT_MIN_KUBE_VERSION = '1.22.0';

/** Inputs of `olmBundle`. */
export interface OlmBundleInput {
  /** Every object of the install as JSON (what the operator construct emits), in install order. */
  readonly objects: readonly object[];
  /** Name of the manager Deployment (its image is the CSV's `containerImage`). */
  readonly managerDeployment: string;
  /** `spec.relatedImages`. */
  readonly relatedImages: readonly RelatedImage[];
  /** The release version (`v2.10.4`); the CSV's `spec.version` is it without the `v`. */
  readonly version: string;
  /** Package name. Default `piraeus-operator`. */
  readonly packageName?: string;
  /** Channels. Default `['stable']`. */
  readonly channels?: readonly string[];
  /** Default channel. Default: the first channel. */
  readonly defaultChannel?: string;
  /** Name of the CSV. Default `<package>.v<version>`. */
  readonly csvName?: string;
  /** The CSV this one replaces (`spec.replaces`). Default: none. */
  readonly replaces?: string;
  /** Default `DEFAULT_MIN_KUBE_VERSION`. */
  readonly minKubeVersion?: string;
  /** Default `DEFAULT_INSTALL_MODES`. */
  readonly installModes?: readonly InstallMode[];
  /** Further CSV annotations; `features.operators.openshift.io/disconnected` is always computed. */
  readonly annotations?: Readonly<Record<string, string>>;
  /** Further `spec` fields (icon, maintainers, ...); they replace the defaults of the same name. */
  readonly spec?: Readonly<Record<string, unknown>>;
}

/** The bundle. */
export interface OlmBundleResult {
  /** Path (relative, `/`-separated) -> content, sorted by path. */
  readonly files: Readonly<Record<string, string>>;
  /** The ClusterServiceVersion as written. */
  readonly clusterServiceVersion: JsonObject;
  /** Why the CSV is or is not marked disconnected. */
  readonly disconnected: DisconnectedCheck;
  /** Path of the CSV file. */
  readonly csvPath: string;
}

/** What the CSV says about a CRD, in this library's words. */
interface CrdFacts {
  readonly displayName: string;
  readonly description: string;
  readonly spec: ReadonlyArray<readonly [path: string, displayName: string, description: string, xDescriptors?: readonly string[]]>;
  readonly status: ReadonlyArray<readonly [path: string, displayName: string, description: string, xDescriptors?: readonly string[]]>;
  /** Created by the operator, not by users. */
  readonly internal?: boolean;
}

function crdFacts(kind: string): CrdFacts | undefined {
  return Object.prototype.hasOwnProperty.call(CRD_FACTS, kind) ? CRD_FACTS[kind] : undefined;
}

const CONDITIONS = ['conditions', 'Conditions', 'What the operator last observed about this resource.', ['urn:alm:descriptor:io.kubernetes.conditions']] as const;
const SECRET = 'urn:alm:descriptor:io.kubernetes:Secret';
const TEXT = 'urn:alm:descriptor:com.tectonic.ui:text';

const CRD_FACTS: Readonly<Record<string, CrdFacts>> = {
  LinstorCluster: {
    displayName: 'LINSTOR Cluster',
    description: 'A LINSTOR storage cluster: its controller, a satellite on every selected node, the CSI driver and the HA controller, with the settings they share.',
    spec: [
      ['repository', 'Image repository', 'Registry and path all component images are pulled from instead of the defaults.', [TEXT]],
      ['nodeSelector', 'Node selector', 'Labels a node must have to run a satellite.'],
      ['externalController', 'External controller', 'A LINSTOR controller outside the cluster; satellites join it and no controller runs in the cluster.'],
      ['linstorPassphraseSecret', 'Passphrase secret', 'Secret with the passphrase LINSTOR uses to encrypt its stored secrets.', [SECRET]],
      ['apiTLS', 'API TLS', 'TLS for clients of the LINSTOR API.'],
      ['internalTLS', 'Internal TLS', 'TLS between the controller and the satellites.'],
    ],
    status: [CONDITIONS, ['version', 'Version', 'The LINSTOR version the controller runs.', [TEXT]]],
  },
  LinstorSatelliteConfiguration: {
    displayName: 'LINSTOR Satellite Configuration',
    description: 'Settings for the satellites on the nodes it selects: storage pools, LINSTOR properties, TLS and changes to the satellite pods.',
    spec: [
      ['nodeSelector', 'Node selector', 'Labels a node must have for these settings to apply.'],
      ['storagePools', 'Storage pools', 'Storage pools to create on the selected nodes.'],
      ['properties', 'Properties', 'LINSTOR properties set on the selected nodes.'],
      ['podTemplate', 'Pod template', 'Changes merged into the satellite pods.'],
    ],
    status: [CONDITIONS],
  },
  LinstorSatellite: {
    displayName: 'LINSTOR Satellite',
    description: 'The satellite of one node, as the operator derives it from the cluster and the matching satellite configurations; managed by the operator, not edited by users.',
    spec: [],
    status: [CONDITIONS],
    internal: true,
  },
  LinstorNodeConnection: {
    displayName: 'LINSTOR Node Connection',
    description: 'Connection settings between the pairs of nodes it selects: network paths and DRBD properties.',
    spec: [
      ['selector', 'Selector', 'Which pairs of nodes the settings apply to.'],
      ['paths', 'Paths', 'Network interfaces DRBD uses between the two nodes.'],
      ['properties', 'Properties', 'LINSTOR properties of the connection.'],
    ],
    status: [CONDITIONS],
  },
};

function meta(o: JsonObject): JsonObject {
  return isJsonObject(o.metadata) ? o.metadata : {};
}

function nameOf(o: JsonObject): string {
  return String(meta(o).name ?? '');
}

function clone<T extends JsonValue>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

function without(o: JsonObject, ...keys: string[]): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(o)) if (!keys.includes(k)) out[k] = v;
  return out;
}

/** An object for `manifests/`: without namespace (OLM installs into the operator group's) and status. */
function manifestObject(o: JsonObject): JsonObject {
  const copy = clone(o);
  const m = meta(copy);
  delete m.namespace;
  return without(copy, 'status');
}

function fail(detail: string, object?: JsonObject): never {
  throw new PiraeusError(ErrorCodes.INVALID_INPUT, detail, object ? { path: `${String(object.kind)} ${nameOf(object)}` } : undefined);
}

function list(v: JsonValue | undefined): JsonObject[] {
  return Array.isArray(v) ? v.filter(isJsonObject) : [];
}

/** `permissions` and `clusterPermissions`: the rules each ServiceAccount of the install is bound to. */
function permissionsOf(objects: readonly JsonObject[]): { permissions: JsonObject[]; clusterPermissions: JsonObject[] } {
  const roles = new Map(objects.filter((o) => o.kind === 'Role' || o.kind === 'ClusterRole').map((o) => [`${String(o.kind)}|${nameOf(o)}`, o]));
  const accounts = new Set(objects.filter((o) => o.kind === 'ServiceAccount').map(nameOf));
  const namespaced = new Map<string, JsonObject[]>();
  const cluster = new Map<string, JsonObject[]>();
  const bindings = objects.filter((o) => o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding')
    .sort((a, b) => compareCodeUnits(String(a.kind), String(b.kind)) || compareCodeUnits(nameOf(a), nameOf(b)));
  for (const b of bindings) {
    const ref = isJsonObject(b.roleRef) ? b.roleRef : {};
    const role = roles.get(`${String(ref.kind)}|${String(ref.name)}`);
    if (!role) fail(`binds ${String(ref.kind)} ${String(ref.name)}, which the install does not define, so its rules cannot be stated in the CSV`, b);
    for (const s of list(b.subjects)) {
      if (s.kind !== 'ServiceAccount' || !accounts.has(String(s.name))) {
        fail(`binds ${String(s.kind)} ${String(s.name)}, which is not a ServiceAccount of the install; a CSV grants permissions only to its own ServiceAccounts`, b);
      }
      const into = b.kind === 'ClusterRoleBinding' ? cluster : namespaced;
      const rules = into.get(String(s.name)) ?? [];
      for (const r of list(role.rules)) if (!rules.some((x) => JSON.stringify(x) === JSON.stringify(r))) rules.push(clone(r));
      into.set(String(s.name), rules);
    }
  }
  const entries = (m: Map<string, JsonObject[]>) => [...m.keys()].sort(compareCodeUnits).map((sa) => ({ serviceAccountName: sa, rules: m.get(sa)! }));
  return { permissions: entries(namespaced), clusterPermissions: entries(cluster) };
}

function labelsMatch(selector: JsonObject, labels: JsonObject): boolean {
  const keys = Object.keys(selector);
  return keys.length > 0 && keys.every((k) => labels[k] === selector[k]);
}

/** `webhookdefinitions` from the install's ValidatingWebhookConfigurations. */
function webhookDefinitions(objects: readonly JsonObject[], deployments: readonly JsonObject[]): JsonObject[] {
  const out: JsonObject[] = [];
  for (const config of objects.filter((o) => o.kind === 'ValidatingWebhookConfiguration' || o.kind === 'MutatingWebhookConfiguration')) {
    const type = config.kind === 'ValidatingWebhookConfiguration' ? 'ValidatingAdmissionWebhook' : 'MutatingAdmissionWebhook';
    for (const w of list(config.webhooks)) {
      const service = isJsonObject(w.clientConfig) && isJsonObject(w.clientConfig.service) ? w.clientConfig.service : undefined;
      if (!service) fail(`webhook ${String(w.name)} is not served by a Service of the install; OLM can only route to the operator's own Deployment`, config);
      const svc = objects.find((o) => o.kind === 'Service' && nameOf(o) === String(service.name));
      if (!svc) fail(`webhook ${String(w.name)} uses Service ${String(service.name)}, which the install does not define`, config);
      const spec = isJsonObject(svc.spec) ? svc.spec : {};
      const selector = isJsonObject(spec.selector) ? spec.selector : {};
      const target = deployments.find((d) => {
        const template = isJsonObject(d.spec) && isJsonObject(d.spec.template) ? d.spec.template : {};
        const labels = isJsonObject(meta(template).labels) ? meta(template).labels as JsonObject : {};
        return labelsMatch(selector, labels);
      });
      if (!target) fail(`Service ${String(service.name)} selects no Deployment of the install, so webhook ${String(w.name)} has no deployment`, svc);
      const port = list(spec.ports)[0] ?? {};
      const def: JsonObject = {
        type,
        generateName: String(w.name),
        deploymentName: nameOf(target),
        containerPort: typeof port.port === 'number' ? port.port : 443,
        ...(port.targetPort !== undefined ? { targetPort: port.targetPort } : {}),
        admissionReviewVersions: Array.isArray(w.admissionReviewVersions) ? clone(w.admissionReviewVersions) : ['v1'],
        sideEffects: String(w.sideEffects ?? 'None'),
        ...(w.failurePolicy !== undefined ? { failurePolicy: w.failurePolicy } : {}),
        ...(w.matchPolicy !== undefined ? { matchPolicy: w.matchPolicy } : {}),
        ...(w.objectSelector !== undefined ? { objectSelector: clone(w.objectSelector) } : {}),
        ...(w.timeoutSeconds !== undefined ? { timeoutSeconds: w.timeoutSeconds } : {}),
        ...(w.reinvocationPolicy !== undefined ? { reinvocationPolicy: w.reinvocationPolicy } : {}),
        ...(Array.isArray(w.rules) ? { rules: clone(w.rules) } : {}),
        ...(typeof service.path === 'string' ? { webhookPath: service.path } : {}),
      };
      out.push(def);
    }
  }
  return out.sort((a, b) => compareCodeUnits(String(a.generateName), String(b.generateName)));
}

function schemaFields(crd: JsonObject, version: string, part: 'spec' | 'status'): Set<string> {
  const v = list(isJsonObject(crd.spec) ? crd.spec.versions : undefined).find((x) => x.name === version);
  const schema = v && isJsonObject(v.schema) && isJsonObject(v.schema.openAPIV3Schema) ? v.schema.openAPIV3Schema : {};
  const props = isJsonObject(schema.properties) && isJsonObject(schema.properties[part]) ? schema.properties[part] as JsonObject : {};
  return new Set(isJsonObject(props.properties) ? Object.keys(props.properties) : []);
}

/** `LinstorNodeConnection` -> `Linstor Node Connection`. */
function words(kind: string): string {
  return kind.replace(/([a-z0-9])([A-Z])/g, '$1 $2');
}

/** `customresourcedefinitions.owned`: one entry per CRD, at its storage version. */
function ownedCrds(crds: readonly JsonObject[]): JsonObject[] {
  return crds.map((crd) => {
    const spec = isJsonObject(crd.spec) ? crd.spec : {};
    const names = isJsonObject(spec.names) ? spec.names : {};
    const kind = String(names.kind ?? '');
    const versions = list(spec.versions);
    const version = String((versions.find((v) => v.storage === true) ?? versions[0] ?? {}).name ?? '');
    const facts = crdFacts(kind);
    const descriptors = (part: 'spec' | 'status', rows: CrdFacts['spec']) => {
      const present = schemaFields(crd, version, part);
      return rows.filter(([path]) => present.has(path)).map(([path, displayName, description, x]) => ({
        path, displayName, description, ...(x ? { 'x-descriptors': [...x] } : {}),
      }));
    };
    const spec0 = descriptors('spec', facts?.spec ?? []);
    const status0 = descriptors('status', facts?.status ?? []);
    return {
      name: nameOf(crd),
      version,
      kind,
      displayName: facts?.displayName ?? words(kind),
      description: facts?.description ?? `${words(kind)} resource of the Piraeus Operator.`,
      ...(spec0.length ? { specDescriptors: spec0 } : {}),
      ...(status0.length ? { statusDescriptors: status0 } : {}),
    };
  }).sort((a, b) => compareCodeUnits(a.name, b.name));
}

function semver(version: string): string {
  return version.startsWith('v') ? version.slice(1) : version;
}

function crdFileName(crd: JsonObject): string {
  const spec = isJsonObject(crd.spec) ? crd.spec : {};
  const names = isJsonObject(spec.names) ? spec.names : {};
  return `manifests/${String(spec.group)}_${String(names.plural)}.yaml`;
}

/** `metadata/annotations.yaml`'s annotations. */
export function bundleAnnotations(packageName: string, channels: readonly string[], defaultChannel: string): Record<string, string> {
  return {
    [BUNDLE_ANNOTATIONS.mediaType]: BUNDLE_MEDIA_TYPE,
    [BUNDLE_ANNOTATIONS.manifests]: 'manifests/',
    [BUNDLE_ANNOTATIONS.metadata]: 'metadata/',
    [BUNDLE_ANNOTATIONS.package]: packageName,
    [BUNDLE_ANNOTATIONS.channels]: channels.join(','),
    [BUNDLE_ANNOTATIONS.defaultChannel]: defaultChannel,
  };
}

/** `bundle.Dockerfile`: an image of the two directories, labelled as annotations.yaml says. */
export function bundleDockerfile(annotations: Readonly<Record<string, string>>): string {
  const labels = Object.keys(annotations).map((k) => `LABEL ${k}=${annotations[k]}`);
  return ['FROM scratch', '', ...labels, '', 'COPY manifests /manifests/', 'COPY metadata /metadata/', ''].join('\n');
}

const HANDLED = new Set([
  'Namespace', 'CustomResourceDefinition', 'ServiceAccount', 'Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding', 'ConfigMap',
  'Service', 'Deployment', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration',
]);

/**
 * Builds the bundle.
 * @throws PiraeusError INVALID_INPUT, naming the object, for what a CSV cannot express: a kind
 *   OLM does not install from a bundle (cert-manager objects: OLM issues the webhook certificate),
 *   a binding of a role the install does not define or of a subject that is not its ServiceAccount,
 *   a webhook without a Service selecting one of its Deployments, or no manager Deployment
 */
export function olmBundle(input: OlmBundleInput): OlmBundleResult {
  const objects = input.objects.map((o) => clone(o as JsonObject));
  for (const o of objects) {
    if (!HANDLED.has(String(o.kind))) {
      fail(`an OLM bundle cannot carry ${String(o.kind)} (${String(o.apiVersion)}); build the operator without it (OLM provides the webhook certificate itself)`, o);
    }
  }
  const deployments = objects.filter((o) => o.kind === 'Deployment');
  const manager = deployments.find((d) => nameOf(d) === input.managerDeployment);
  if (!manager) fail(`the install has no Deployment ${input.managerDeployment}`);
  const crds = objects.filter((o) => o.kind === 'CustomResourceDefinition');
  const packageName = input.packageName ?? 'piraeus-operator';
  // No channels: "stable".
  const [firstChannel = 'stable', ...laterChannels] = input.channels ?? [];
  const channels = [firstChannel, ...laterChannels];
  const defaultChannel = input.defaultChannel ?? firstChannel;
  const version = semver(input.version);
  const { permissions, clusterPermissions } = permissionsOf(objects);

  const related = input.relatedImages.map((r) => ({ ...r }));
  const checked = checkDisconnected(manager, related);
  const unpinned = unpinnedDeploymentImages(deployments);
  const disconnected: DisconnectedCheck = unpinned.length
    ? { ready: false, reasons: [...checked.reasons, `container images not pinned by digest: ${[...new Set(unpinned)].join(', ')}`] }
    : checked;
  const containerImage = firstImage(manager);
  const internal = crds.filter((c) => {
    const kind = String((isJsonObject(c.spec) && isJsonObject(c.spec.names) ? c.spec.names.kind : '') ?? '');
    return crdFacts(kind)?.internal === true;
  }).map(nameOf).sort(compareCodeUnits);
  const annotations = featureAnnotations(disconnected, containerImage, {
    'alm-examples': JSON.stringify(crds.some((c) => nameOf(c) === 'linstorclusters.piraeus.io')
      ? [{ apiVersion: 'piraeus.io/v1', kind: 'LinstorCluster', metadata: { name: 'linstorcluster' }, spec: {} }] : []),
    'capabilities': 'Full Lifecycle',
    ...(internal.length ? { 'operators.operatorframework.io/internal-objects': JSON.stringify(internal) } : {}),
    ...(input.annotations ?? {}),
  });
  const webhooks = webhookDefinitions(objects, deployments);
  const spec: JsonObject = {
    displayName: 'Piraeus Operator',
    description: 'Runs LINSTOR software-defined storage on Kubernetes: DRBD replication, the LINSTOR controller and satellites, and the LINSTOR CSI driver, configured through LinstorCluster and related resources.',
    version,
    ...(input.replaces ? { replaces: input.replaces } : {}),
    maturity: defaultChannel,
    minKubeVersion: input.minKubeVersion ?? DEFAULT_MIN_KUBE_VERSION,
    keywords: ['storage', 'linstor', 'drbd', 'csi'],
    provider: { name: 'Piraeus Datastore', url: 'https://piraeus.io' },
    links: [
      { name: 'Piraeus Datastore', url: 'https://piraeus.io' },
      { name: 'Source Code', url: 'https://github.com/piraeusdatastore/piraeus-operator' },
    ],
    installModes: (input.installModes ?? DEFAULT_INSTALL_MODES).map((m) => ({ type: m.type, supported: m.supported })),
    install: {
      strategy: 'deployment',
      spec: {
        deployments: deployments.map((d) => ({
          name: nameOf(d),
          ...(isJsonObject(meta(d).labels) ? { label: clone(meta(d).labels as JsonObject) } : {}),
          spec: clone(d.spec as JsonObject),
        })),
        ...(permissions.length ? { permissions } : {}),
        ...(clusterPermissions.length ? { clusterPermissions } : {}),
      },
    },
    customresourcedefinitions: { owned: ownedCrds(crds) },
    ...(webhooks.length ? { webhookdefinitions: webhooks } : {}),
    relatedImages: related as unknown as JsonValue,
    ...(input.spec as JsonObject | undefined ?? {}),
  };
  const csvName = input.csvName ?? `${packageName}.v${version}`;
  const csv: JsonObject = {
    apiVersion: 'operators.coreos.com/v1alpha1',
    kind: 'ClusterServiceVersion',
    metadata: {
      name: csvName,
      annotations,
      labels: {
        'operatorframework.io/arch.amd64': 'supported',
        'operatorframework.io/arch.arm64': 'supported',
        'operatorframework.io/os.linux': 'supported',
      },
    },
    spec,
  };
  const files: Record<string, string> = {};
  const csvPath = `manifests/${packageName}.clusterserviceversion.yaml`;
  files[csvPath] = toYaml(csv);
  for (const crd of crds) files[crdFileName(crd)] = toYaml(manifestObject(crd));
  for (const cm of objects.filter((o) => o.kind === 'ConfigMap')) files[`manifests/${nameOf(cm)}_v1_configmap.yaml`] = toYaml(manifestObject(cm));
  const meta0 = bundleAnnotations(packageName, channels, defaultChannel);
  files['metadata/annotations.yaml'] = toYaml({ annotations: meta0 });
  files['bundle.Dockerfile'] = bundleDockerfile(meta0);
  const sorted: Record<string, string> = {};
  for (const [p, text] of Object.entries(files).sort(([a], [b]) => compareCodeUnits(a, b))) sorted[p] = text;
  return { files: sorted, clusterServiceVersion: csv, disconnected, csvPath };
}

function firstImage(deployment: JsonObject): string | undefined {
  const template = isJsonObject(deployment.spec) && isJsonObject(deployment.spec.template) ? deployment.spec.template : {};
  const pod = isJsonObject(template.spec) ? template.spec : {};
  const image = list(pod.containers).find((c) => typeof c.image === 'string')?.image;
  return typeof image === 'string' ? image : undefined;
}

/** The container images of the Deployments that are not pinned by digest. */
export function unpinnedDeploymentImages(deployments: readonly object[]): string[] {
  const unpinned: string[] = [];
  for (const d of deployments as JsonObject[]) {
    const template = isJsonObject(d.spec) && isJsonObject(d.spec.template) ? d.spec.template : {};
    const pod = isJsonObject(template.spec) ? template.spec : {};
    for (const c of [...list(pod.initContainers), ...list(pod.containers)]) {
      if (typeof c.image === 'string' && !isDigestPinned(c.image)) unpinned.push(c.image);
    }
  }
  return unpinned;
}
